import { describe, expect, it } from 'vitest';
import { deepWellEquilibrium } from '../../src/models/selftest.js';
import { useGpu } from '../support/gpu.js';

/**
 * Equilibrium in a deep well (γ = 0.1, θ = 0.01: ΔU/θ ≈ 170, nothing escapes), Q₀ = 1 (velocity
 * relaxes on 2Q₀ = 2: the horizon of 100 is 50 relaxation times). Trajectories start at rest at
 * φ_min, so the spread must come from the integrator, not the initial sample.
 *
 * - Position: GJF samples the configurational Boltzmann density exactly for a harmonic well at any
 *   stable Δτ, so ⟨(φ−φ_min)²⟩ must equal the Boltzmann average over the true (anharmonic) well,
 *   computed by quadrature, even at Δτ = 0.5. Euler–Maruyama would be off by O(Δτ).
 * - Velocity: the engine uses GJF's on-site velocity v_n, whose variance for a harmonic well is
 *   θ(1 − ω²Δτ²/4), ω = ω_p(γ)/ω_p0. At Δτ = 0.5 that is 6% below θ, so the test tells the two apart.
 * The measurement (src/models/selftest.ts) is the one `washboard selftest` runs.
 */
describe('equilibrium in a deep well', () => {
  const gpu = useGpu();
  const trajectories = 1 << 16;

  for (const dt of [0.5, 0.1]) {
    it(`gives Boltzmann ⟨δφ²⟩ and on-site ⟨v²⟩ = θ(1 − ω²Δτ²/4) at Δτ = ${dt}`, async () => {
      const m = await deepWellEquilibrium(gpu.device, { dt, trajectories });
      expect(m.escaped).toBe(0);
      // Independent samples: the relative standard error of a variance is √(2/N) = 0.55%; the bound
      // is 4 standard errors (two-sided confidence 99.994%).
      const bound = 4 * m.relativeStandardError;
      expect(Math.abs(m.phaseRatio - 1)).toBeLessThan(bound);
      expect(Math.abs(m.velocityRatio - 1)).toBeLessThan(bound);
      if (dt === 0.5) {
        // The on-site correction is resolved: ⟨v²⟩ = θ is excluded.
        expect(Math.abs(m.velocityOverTheta - 1)).toBeGreaterThan(bound);
      }
    });
  }
});
