import { describe, expect, it } from 'vitest';
import { validateEscapeParameters } from '../../src/models/rate/config.js';
import { runEscapeEnsemble } from '../../src/models/rate/model.js';
import { censoredRateEstimate } from '../../src/physics/estimate.js';
import { melnikovMeshkovRate } from '../../src/physics/rates.js';
import { useGpu } from '../support/gpu.js';

/**
 * Escape rates against Mel'nikov–Meshkov (physics.md §4, §8). The formula is asymptotic in ΔU/k_BT:
 * at ΔU/k_BT ≈ 5–10 a correct simulation differs from it by a few percent up to about 15%, so that is
 * the tolerance on the point estimate; the statistical error of these runs (≈ 1.6%) is well inside it.
 */
describe("escape rate against Mel'nikov–Meshkov at ΔU/k_BT = 6 (γ = 0.9)", () => {
  const gpu = useGpu();

  const measure = async (Q0: number, dt: number) => {
    const config = validateEscapeParameters({ gamma: 0.9, Q0, barrierOverKT: 6, dt, trajectories: 4096, seed: 2718 });
    const { statistics } = await runEscapeEnsemble(gpu.device, config);
    const estimate = censoredRateEstimate({ escaped: statistics.escaped, exposure: Number(statistics.exposureSteps) * dt });
    return { ...estimate, escaped: statistics.escaped, formula: melnikovMeshkovRate(config) };
  };

  for (const Q0 of [1, 10]) {
    it(`agrees within the asymptotic tolerance at Q₀ = ${Q0}, and does not move when Δτ is halved`, async () => {
      const coarse = await measure(Q0, 0.05);
      const fine = await measure(Q0, 0.025);
      expect(coarse.escaped).toBeGreaterThan(3000);
      expect(Math.abs(coarse.rate / coarse.formula - 1)).toBeLessThan(0.15);
      expect(Math.abs(fine.rate / fine.formula - 1)).toBeLessThan(0.15);
      // Independent runs: ln Γ̂ has standard error 1/√N_esc each; 3.29σ is two-sided 99.9%.
      const sigma = Math.sqrt(1 / coarse.escaped + 1 / fine.escaped);
      expect(Math.abs(Math.log(coarse.rate / fine.rate))).toBeLessThan(3.29 * sigma);
    });
  }
});
