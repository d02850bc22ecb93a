import { describe, expect, it } from 'vitest';
import { defaultInterfaces, phaseAtEnergy, validateFfsParameters } from '../../src/models/ffs/config.js';
import { batchSeed, runForwardFlux } from '../../src/models/ffs/driver.js';
import { validateEscapeParameters } from '../../src/models/rate/config.js';
import { runEscapeEnsemble } from '../../src/models/rate/model.js';
import { rateReport } from '../../src/models/rate/report.js';
import { overdampedMeanFirstPassageTime } from '../../src/physics/mfpt.js';
import { barrierHeight, barrierTop, washboardPotential, wellMinimum } from '../../src/physics/potential.js';
import { ParameterError } from '../../src/physics/parameters.js';
import { useGpu } from '../support/gpu.js';

/**
 * Forward-flux sampling (docs/rare-events.md) against answers it did not produce: brute force (the
 * rate model, a different estimator on the same dynamics), the exact overdamped mean first-passage
 * time (physics.md §6), and the scatter of independent repetitions for its error bar. Statistical
 * checks use |z| < 3.29 (two-sided 99.9%) with fixed seeds. All cases are at ΔU/k_BT = 6 to stay fast
 * on lavapipe (≈ 15 s together); the high barriers are in bench/rare-events.mjs.
 */
const Z = 3.29;

describe('ffs interfaces (host)', () => {
  it('phaseAtEnergy inverts the washboard potential on the rising side of the well', () => {
    const gamma = 0.9;
    const u0 = washboardPotential(gamma, wellMinimum(gamma));
    for (const e of [0.001, 0.01, 0.05, 0.9 * barrierHeight(gamma)]) {
      const x = phaseAtEnergy(gamma, e);
      expect(x).toBeGreaterThan(wellMinimum(gamma));
      expect(x).toBeLessThan(barrierTop(gamma));
      expect(Math.abs(washboardPotential(gamma, x) - u0 - e)).toBeLessThan(1e-12);
    }
  });

  it('default interfaces: equal steps of k_BT in U, then the top, then the escape point', () => {
    const gamma = 0.9;
    const theta = barrierHeight(gamma) / 6;
    const escapeAt = wellMinimum(gamma) + 2 * Math.PI;
    const xs = defaultInterfaces(gamma, theta, escapeAt, 1);
    const u0 = washboardPotential(gamma, wellMinimum(gamma));
    expect(xs.map((x) => (washboardPotential(gamma, x) - u0) / theta).slice(0, 5).map((u) => Math.round(u * 1e9) / 1e9)).toEqual([1, 2, 3, 4, 5]);
    expect(xs.slice(5)).toEqual([barrierTop(gamma), escapeAt]);
  });

  it('bad input is a ParameterError naming the parameter', () => {
    expect(() => validateFfsParameters({ gamma: 0.9, Q0: 1, barrierOverKT: 6, trials: 8 })).toThrow(/trials = 8/);
    expect(() => validateFfsParameters({ gamma: 0.9, Q0: 1, barrierOverKT: 6, interfaces: [1, 0.5] })).toThrow(ParameterError);
    expect(() => validateFfsParameters({ gamma: 0.9, Q0: 1, barrierOverKT: 6, replicas: 1 })).toThrow(/replicas = 1/);
  });

  it('every batch has its own seed', () => {
    const seeds = new Set<number>();
    for (let stage = 0; stage < 30; stage++) for (let segment = 0; segment < 30; segment++) seeds.add(batchSeed(7, stage, segment));
    expect(seeds.size).toBe(900);
    for (const s of seeds) expect(Number.isSafeInteger(s) && s >= 0).toBe(true);
  });
});

describe('ffs on the GPU', () => {
  const gpu = useGpu();
  const base = { gamma: 0.9, barrierOverKT: 6 };

  it('is reproducible from its seed and independent of the page size (bit for bit)', async () => {
    const config = validateFfsParameters({ ...base, Q0: 1, trials: 512, seed: 9 });
    const a = await runForwardFlux(gpu.device, config);
    const b = await runForwardFlux(gpu.device, { ...config, pageSize: 100 });
    expect(b.rate).toBe(a.rate);
    expect(b.stages).toEqual(a.stages);
    expect(b.flux).toEqual(a.flux);
    const c = await runForwardFlux(gpu.device, { ...config, seed: 10 });
    expect(c.rate).not.toBe(a.rate);
  });

  it('agrees with brute force (the rate model) at ΔU/k_BT = 6, Q₀ = 1', async () => {
    const ffs = await runForwardFlux(gpu.device, validateFfsParameters({ ...base, Q0: 1, trials: 8192, seed: 21 }));
    const e = validateEscapeParameters({ ...base, Q0: 1, trajectories: 2048, seed: 22 });
    const direct = rateReport(e, (await runEscapeEnsemble(gpu.device, e)).statistics, { backend: 'gpu', device: '', wallSeconds: 1 }).measured;
    const sigma = Math.hypot(ffs.rate * ffs.relativeError, direct.rate * direct.relativeError!);
    // Measured (seeds 21, 22): FFS 1.176e-4 ± 3.6%, direct 1.219e-4 ± 2.3% (docs/rare-events.md).
    expect(Math.abs(ffs.rate - direct.rate)).toBeLessThan(Z * sigma);
    expect(ffs.stages.every((s) => s.censored === 0)).toBe(true);
  });

  it('with the energy as order parameter, agrees with brute force at ΔU/k_BT = 6, Q₀ = 10', async () => {
    const config = validateFfsParameters({ ...base, Q0: 10, trials: 8192, seed: 41 });
    expect(config.orderParameter).toBe('energy');
    const ffs = await runForwardFlux(gpu.device, config);
    const e = validateEscapeParameters({ ...base, Q0: 10, trajectories: 2048, seed: 42 });
    const direct = rateReport(e, (await runEscapeEnsemble(gpu.device, e)).statistics, { backend: 'gpu', device: '', wallSeconds: 1 }).measured;
    const sigma = Math.hypot(ffs.rate * ffs.relativeError, direct.rate * direct.relativeError!);
    // Measured (seeds 41, 42): FFS 2.111e-4 ± 4.7%, direct 2.131e-4 ± 2.3%. With the phase instead,
    // the bench gives 1.92e-4 ± 11.5% here and fails outright at higher barriers (docs/rare-events.md).
    expect(Math.abs(ffs.rate - direct.rate)).toBeLessThan(Z * sigma);
  });

  it('rate × exact overdamped MFPT = 1 at ΔU/k_BT = 6, Q₀ = 0.05', async () => {
    const config = validateFfsParameters({ ...base, Q0: 0.05, trials: 2048, seed: 31 });
    const r = await runForwardFlux(gpu.device, config);
    const T = overdampedMeanFirstPassageTime({ gamma: config.gamma, Q0: config.Q0, theta: config.theta });
    // The inertial correction at Q₀ = 0.05 is ≈ 0.2% (test/engine/mfpt.test.ts), far below this run's
    // error. Measured: 1.070 ± 7.5%.
    expect(Math.abs(r.rate * T - 1)).toBeLessThan(Z * r.relativeError);
  });

  it('its error bar matches the scatter of independent repetitions (ΔU/k_BT = 6, Q₀ = 1)', async () => {
    const n = 12;
    const runs = [];
    for (let k = 0; k < n; k++) runs.push(await runForwardFlux(gpu.device, validateFfsParameters({ ...base, Q0: 1, trials: 1024, seed: 1000 + k })));
    const rates = runs.map((r) => r.rate);
    const mean = rates.reduce((a, b) => a + b) / n;
    const scatter = Math.sqrt(rates.reduce((a, k) => a + (k - mean) ** 2, 0) / (n - 1)) / mean;
    const reported = Math.sqrt(runs.reduce((a, r) => a + r.relativeError ** 2, 0) / n);
    const binomial = Math.sqrt(runs.reduce((a, r) => a + r.binomialRelativeError ** 2, 0) / n);
    // The sample s.d. of 12 runs is within a factor [0.54, 1.46] of the true one at 99.9% (χ²₁₁);
    // with the spread of the error bars themselves the allowed ratio is [0.5, 2]. Measured: scatter
    // 14.5%, reported (replicas) 12.1%, binomial 10.0%.
    for (const estimate of [reported, binomial]) {
      expect(estimate / scatter).toBeGreaterThan(0.5);
      expect(estimate / scatter).toBeLessThan(2);
    }
  });
});
