import { describe, expect, it } from 'vitest';
import { validateHarmonicParameters, type HarmonicParameters } from '../../src/models/harmonic/config.js';
import { harmonicTrajectoryCpu } from '../../src/models/harmonic/cpu-reference.js';
import { runHarmonicEnsemble, sampleMoments } from '../../src/models/harmonic/model.js';
import { continuumMoments, gjfMoments, type OscillatorMoments } from '../../src/models/harmonic/moments.js';
import { useGpu } from '../support/gpu.js';

/**
 * The third model, a damped harmonic oscillator under GJF, checks the generic engine against exact
 * answers that owe nothing to the washboard: the continuous process's mean and variances at time t
 * (Chandrasekhar 1943), the GJF chain's exact moment recursion at finite Δt, and GJF's stationary
 * variances ⟨x²⟩ = θ/κ at any Δt and ⟨v²⟩ = θ(1 − κΔt²/4) for its on-site velocity (Grønbech-Jensen &
 * Farago, Mol. Phys. 111, 983 (2013); Jensen & Grønbech-Jensen, Mol. Phys. 117, 2511 (2019)).
 *
 * Statistical checks: N = 16384 trajectories with fixed seeds; each sample moment is compared with
 * its exact value in units of its standard error (mean: √(σ²/N); Gaussian variance: σ²√(2/(N−1)),
 * the ensemble being exactly Gaussian for a linear map with Gaussian noise), |z| < 4: a false alarm
 * has probability 6.3e-5 per check, ≤ 4e-4 for the six checks together. Power: a bias of 6 standard
 * errors (0.03 in ⟨x⟩ here) fails a check with probability Φ(2) ≈ 0.98.
 */
const Z = 4;
const N = 16384;
const zScores = (sample: ReturnType<typeof sampleMoments>, exact: OscillatorMoments, n: number) => ({
  meanPosition: (sample.meanPosition - exact.meanPosition) / Math.sqrt(exact.varPosition / n),
  meanVelocity: (sample.meanVelocity - exact.meanVelocity) / Math.sqrt(exact.varVelocity / n),
  varPosition: (sample.varPosition - exact.varPosition) / (exact.varPosition * Math.sqrt(2 / (n - 1))),
  varVelocity: (sample.varVelocity - exact.varVelocity) / (exact.varVelocity * Math.sqrt(2 / (n - 1))),
});

describe('harmonic model: exact moments (host, no sampling)', () => {
  const p = { kappa: 1, Q0: 2, theta: 0.5, initialPosition: 2 };

  it('the GJF moment recursion converges to the continuous process at second order in Δt (all five moments)', () => {
    // An independent pair: the closed forms (Chandrasekhar) against the exact propagation of the
    // discrete chain's mean and covariance. Fitted order of |error| over Δt = 0.2 … 0.0125 (halvings).
    const t = 3;
    const exact = continuumMoments(p, t);
    const dts = [0.2, 0.1, 0.05, 0.025, 0.0125];
    const keys = ['meanPosition', 'meanVelocity', 'varPosition', 'varVelocity', 'covariance'] as const;
    for (const key of keys) {
      const xs = dts.map(Math.log);
      const ys = dts.map((dt) => Math.log(Math.abs(gjfMoments({ ...p, dt }, Math.round(t / dt))[key] - exact[key])));
      const mx = xs.reduce((a, b) => a + b) / xs.length;
      const my = ys.reduce((a, b) => a + b) / ys.length;
      const order = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
      // Measured orders are 2.00 for all five (errors fall 4× a halving); 0.05 allows the pre-asymptotic first point.
      expect(Math.abs(order - 2), key).toBeLessThan(0.05);
    }
  });

  it('GJF at finite Δt: ⟨x²⟩ = θ/κ exactly and ⟨v²⟩ = θ(1 − κΔt²/4), up to ω₀Δt = 1.5', () => {
    for (const dt of [0.5, 1, 1.5]) {
      const m = gjfMoments({ ...p, dt }, Math.round(400 / dt));
      // 1e-12: f64 rounding of a converged recursion (the transient e^{−t/Q₀} is e^{−200}).
      expect(Math.abs(m.varPosition / (p.theta / p.kappa) - 1)).toBeLessThan(1e-12);
      expect(Math.abs(m.varVelocity / (p.theta * (1 - (p.kappa * dt * dt) / 4)) - 1)).toBeLessThan(1e-12);
    }
  });
});

describe('harmonic model on the GPU (the generic engine with a third model)', () => {
  const gpu = useGpu();
  const transient: HarmonicParameters = { kappa: 1, Q0: 2, theta: 0.5, dt: 0.1, time: 3, trajectories: N, seed: 31337, initialPosition: 2 };

  it('mean and variance of x(t) and v(t) from a sharp start agree with the exact GJF moments (|z| < 4)', async () => {
    const config = validateHarmonicParameters(transient);
    const { statistics } = await runHarmonicEnsemble(gpu.device, config);
    expect(statistics.trajectories).toBe(N);
    expect(statistics.clamped).toBe(0);
    const exact = gjfMoments(config, config.maxSteps);
    const z = zScores(sampleMoments(statistics), exact, N);
    for (const [k, v] of Object.entries(z)) expect(Math.abs(v), k).toBeLessThan(Z);
    // At Δt = 0.1 the chain's moments lie within 0.2 standard errors of the continuous process's, so
    // this is also a check of the closed forms at t = 3.
    const continuum = continuumMoments(config, 3);
    expect(Math.abs(exact.meanPosition - continuum.meanPosition)).toBeLessThan(0.2 * Math.sqrt(exact.varPosition / N));
  });

  it('stationary at coarse Δt = 1: ⟨x²⟩ = θ/κ and ⟨v²⟩ = 3θ/4 (|z| < 4), and the test sees the 25% kinetic depression', async () => {
    const dt = 1;
    const config = validateHarmonicParameters({
      kappa: 1, Q0: 2, theta: 0.5, dt, time: 200, trajectories: N, seed: 4, initialPositionSd: Math.sqrt(0.5), initialVelocitySd: Math.sqrt(0.5),
    });
    const { statistics } = await runHarmonicEnsemble(gpu.device, config);
    const exact: OscillatorMoments = { meanPosition: 0, meanVelocity: 0, varPosition: 0.5, varVelocity: 0.5 * (1 - dt * dt / 4), covariance: 0 };
    const sample = sampleMoments(statistics);
    const z = zScores(sample, exact, N);
    for (const [k, v] of Object.entries(z)) expect(Math.abs(v), k).toBeLessThan(Z);
    // Power: against the continuous ⟨v²⟩ = θ the same sample is many standard errors away.
    expect((0.5 - sample.varVelocity) / (0.5 * Math.sqrt(2 / (N - 1)))).toBeGreaterThan(10);
  });

  it('is bit-identical however the run is paged and split into dispatches (a consistency test of the engine)', async () => {
    const base = { ...transient, trajectories: 3000, time: 10 };
    const a = (await runHarmonicEnsemble(gpu.device, validateHarmonicParameters({ ...base, pageSize: 3000, stepsPerDispatch: 100 }))).statistics;
    const b = (await runHarmonicEnsemble(gpu.device, validateHarmonicParameters({ ...base, pageSize: 700, stepsPerDispatch: 8, workgroupSize: 32 }))).statistics;
    expect(b.sums).toEqual(a.sums);
    expect(b.trajectories).toBe(3000);
  });

  it('follows its f64 CPU reference trajectory by trajectory (same Philox streams), to f32 rounding', async () => {
    const config = validateHarmonicParameters({ ...transient, trajectories: 256, keepFinalStates: true, initialPositionSd: 0.3, initialVelocitySd: 0.2 });
    const { statistics } = await runHarmonicEnsemble(gpu.device, config);
    let worst = 0;
    for (let i = 0; i < 256; i++) {
      const cpu = harmonicTrajectoryCpu(config, i);
      worst = Math.max(worst, Math.abs(statistics.finalStates!.position[i]! - cpu.position), Math.abs(statistics.finalStates!.velocity[i]! - cpu.velocity));
    }
    // 30 steps of a contracting linear map with O(1) values: f32 rounding (6e-8 relative) per
    // operation accumulates to ~1e-6; 1e-5 leaves a margin and would still catch a wrong coefficient.
    expect(worst).toBeLessThan(1e-5);
  });
});
