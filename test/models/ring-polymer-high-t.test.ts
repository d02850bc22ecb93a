import { describe, expect, it } from 'vitest';
import { runCentroidBarrier } from '../../src/models/ring-polymer/centroid-barrier.js';
import { validateEscapeParameters } from '../../src/models/rate/config.js';
import { runEscapeEnsemble } from '../../src/models/rate/model.js';
import { censoredRateEstimate } from '../../src/physics/estimate.js';
import { barrierHeight, kramersFactor, qualityFactor } from '../../src/physics/potential.js';
import { crossoverTheta } from '../../src/physics/quantum.js';
import { useGpu } from '../support/gpu.js';

/**
 * High-T validation of the ring-polymer quantum rate (docs/ring-polymer.md §9, issue 15 §3): at
 * T ≫ T₀ the simulated Γ_q = Γ_PI-QTST·κ must be the classical engine's brute-force rate, an answer the
 * ring-polymer code did not produce (a different kernel: GJF Langevin trajectories that really escape).
 *
 * Operating point: γ = 0.9, ΔU/θ = 6, Q₀ = 1 (Q(γ) = 0.66, spatial diffusion: there TST × Kramers' κ is
 * the classical rate; `bench/ring-polymer-high-t.mjs` measured TST·κ/Γ_engine = 1.0017 ± 0.0057. At
 * Q₀ = 10 the same ratio is 1.09, the energy-diffusion depletion that neither κ nor Wolynes' formula
 * holds, so Q₀ = 10 would test Kramers, not the polymers). ħ̃ = 0.005: T = 38T₀, where the quantum
 * correction f_q − 1 = 0.9% lies below the engine's 1.1% standard error. P = 4 (f_{q,4} = 1.0078 against
 * f_q = 1.0086: converged to 0.1%).
 *
 * Statistics: the engine's rate from 8192 trajectories (≈ 7900 escapes, 1.1% standard error); the
 * PI-QTST error is 0.01% here (the centroid force is nearly classical), so the combined σ is the
 * engine's. |ln(Γ_q/Γ_engine)| < 4σ: false alarm 6·10⁻⁵. Power: without κ (0.497 here) the ratio would be
 * 2.0, i.e. > 60σ away; classical TST's harmonic form without the well's anharmonicity would be 3% (3σ)
 * off, which this test cannot resolve (the bench, with 32768 trajectories, does).
 */
describe('ring polymer at high T: PI-QTST × κ is the classical engine rate', () => {
  const gpu = useGpu();

  it('γ = 0.9, Q₀ = 1, ΔU/θ = 6, ħ̃ = 0.005 (T = 38T₀), P = 4: Γ_PI-QTST·κ = Γ_engine within 4σ', async () => {
    const gamma = 0.9, Q0 = 1, hbar = 0.005;
    const theta = barrierHeight(gamma) / 6;
    expect(theta / crossoverTheta({ gamma, Q0, hbar })).toBeGreaterThan(30);
    const r = await runCentroidBarrier(gpu.device, {
      beads: 4, hbar, theta, Q0, gamma, dt: 0.05, time: 4, trajectories: 256, seed: 3, below: 0.6, above: 0.15, points: 40,
    });
    const kappa = kramersFactor(qualityFactor(Q0, gamma));
    const quantum = r.rateCorrected * kappa;
    const quantumRelativeError = r.ratioError / r.ratio;

    const config = validateEscapeParameters({ gamma, Q0, barrierOverKT: 6, dt: 0.05, trajectories: 8192, seed: 20261207 });
    const { statistics } = await runEscapeEnsemble(gpu.device, config);
    const engine = censoredRateEstimate({ escaped: statistics.escaped, exposure: Number(statistics.exposureSteps) * config.dt, confidence: 0.95 });
    const sigma = Math.hypot(engine.relativeError, quantumRelativeError);
    expect(statistics.escaped).toBeGreaterThan(7000);
    expect(sigma).toBeLessThan(0.015);
    expect(Math.abs(Math.log(quantum / engine.rate))).toBeLessThan(4 * sigma);
    // Power: the same comparison without κ fails by far.
    expect(Math.abs(Math.log(r.rateCorrected / engine.rate))).toBeGreaterThan(20 * sigma);
  }, 120_000);
});
