import { describe, expect, it } from 'vitest';
import { validateEscapeParameters } from '../../src/models/rate/config.js';
import { runEscapeEnsemble } from '../../src/models/rate/model.js';
import { integrate } from '../../src/physics/quadrature.js';
import { plasmaFrequency, wellMinimum } from '../../src/physics/potential.js';
import { useGpu } from '../support/gpu.js';

/**
 * Equilibrium in a deep well, where nothing escapes during the run. Trajectories start at rest at
 * φ_min, so the spread must come from the integrator, not the initial sample.
 *
 * - Position: GJF samples the configurational Boltzmann density exactly for a harmonic well at any
 *   stable Δτ, so ⟨(φ−φ_min)²⟩ must equal the Boltzmann average over the true (anharmonic) well,
 *   computed here by quadrature, even at Δτ = 0.5. Euler–Maruyama would be off by O(Δτ).
 * - Velocity: the engine uses GJF's on-site velocity v_n, whose variance for a harmonic well is
 *   θ(1 − ω²Δτ²/4), ω = ω_p(γ)/ω_p0. At Δτ = 0.5 that is 6% below θ, so the test tells the two apart.
 */
describe('equilibrium in a deep well', () => {
  const gpu = useGpu();
  const gamma = 0.1;
  const theta = 0.01; // ΔU/θ ≈ 170: no escape
  const trajectories = 1 << 16;

  const boltzmannPhaseVariance = () => {
    const phiMin = wellMinimum(gamma);
    const u = (x: number) => -Math.cos(x) - gamma * x;
    // Weights relative to the minimum; the well is sampled far into its tails (±1.5 rad ≈ 12σ).
    const w = (x: number) => Math.exp(-(u(x) - u(phiMin)) / theta);
    const z = integrate(w, phiMin - 1.5, phiMin + 1.5);
    return integrate((x) => (x - phiMin) ** 2 * w(x), phiMin - 1.5, phiMin + 1.5) / z;
  };

  for (const dt of [0.5, 0.1]) {
    it(`gives Boltzmann ⟨δφ²⟩ and on-site ⟨v²⟩ = θ(1 − ω²Δτ²/4) at Δτ = ${dt}`, async () => {
      const Q0 = 1; // velocity relaxes on 2Q₀ = 2: the horizon of 100 is 50 relaxation times
      const config = validateEscapeParameters({
        gamma, Q0, theta, dt, trajectories, maxTime: 100, seed: 7, init: 'rest', keepFinalStates: true,
      });
      const { statistics } = await runEscapeEnsemble(gpu.device, config);
      expect(statistics.escaped).toBe(0);
      const { phase, velocity, winding } = statistics.finalStates!;
      const phiMin = wellMinimum(gamma);
      let phase2 = 0, velocity2 = 0;
      for (let i = 0; i < trajectories; i++) {
        phase2 += (phase[i]! + 2 * Math.PI * winding[i]! - phiMin) ** 2;
        velocity2 += velocity[i]! ** 2;
      }
      phase2 /= trajectories;
      velocity2 /= trajectories;
      const omega2 = plasmaFrequency(gamma) ** 2;
      const expectedVelocity2 = theta * (1 - (omega2 * dt * dt) / 4);
      // Independent samples: the relative standard error of a variance is √(2/N) = 0.55%; the bound
      // is 4 standard errors (two-sided confidence 99.994%).
      const bound = 4 * Math.sqrt(2 / trajectories);
      expect(Math.abs(phase2 / boltzmannPhaseVariance() - 1)).toBeLessThan(bound);
      expect(Math.abs(velocity2 / expectedVelocity2 - 1)).toBeLessThan(bound);
      if (dt === 0.5) {
        // The on-site correction is resolved: ⟨v²⟩ = θ is excluded.
        expect(Math.abs(velocity2 / theta - 1)).toBeGreaterThan(bound);
      }
    });
  }
});
