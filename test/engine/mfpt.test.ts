import { describe, expect, it } from 'vitest';
import { validateEscapeParameters } from '../../src/models/rate/config.js';
import { runEscapeEnsemble } from '../../src/models/rate/model.js';
import { overdampedMeanFirstPassageTime } from '../../src/physics/mfpt.js';
import { barrierHeight, wellMinimum } from '../../src/physics/potential.js';
import { useGpu } from '../support/gpu.js';

/**
 * The strictest check of the engine (physics.md §6): in the overdamped limit the mean first-passage
 * time from φ_min to φ_min + 2π is known exactly, with no asymptotic error. At Q₀ = 0.05 the
 * inertial correction is O(Q(γ)²) ≈ 0.2%, five times below the statistical error of this run
 * (at Q₀ = 0.1 it was measurable: +2.8%, so Q₀ is kept small).
 */
describe('overdamped mean first-passage time', () => {
  const gpu = useGpu();

  it('matches the exact double integral (γ = 0.5, Q₀ = 0.05, ΔU/k_BT = 2, start at rest at φ_min)', async () => {
    const gamma = 0.5, Q0 = 0.05, trajectories = 8192;
    const theta = barrierHeight(gamma) / 2;
    const exact = overdampedMeanFirstPassageTime({ gamma, Q0, theta, start: wellMinimum(gamma), absorbing: wellMinimum(gamma) + 2 * Math.PI });
    // The escape-time tail is exponential with mean ≈ exact; at 25 means nothing is left running.
    const config = validateEscapeParameters({ gamma, Q0, theta, dt: 0.01, trajectories, maxTime: 25 * exact, init: 'rest', seed: 31337, keepEscapeSteps: true });
    const { statistics } = await runEscapeEnsemble(gpu.device, config);
    expect(statistics.escaped).toBe(trajectories);

    const times = Array.from(statistics.escapeSteps!, (step) => step * config.dt);
    const mean = times.reduce((a, b) => a + b, 0) / trajectories;
    const variance = times.reduce((a, t) => a + (t - mean) ** 2, 0) / (trajectories - 1);
    const standardError = Math.sqrt(variance / trajectories);
    // The GPU reduction's exposure is the same sum of times, computed independently.
    expect(Number(statistics.exposureSteps) * config.dt).toBeCloseTo(mean * trajectories, 6);
    // 3.29 standard errors: two-sided confidence 99.9%.
    expect(Math.abs(mean - exact)).toBeLessThan(3.29 * standardError);
  });
});
