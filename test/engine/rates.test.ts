import chisquareQuantile from '@stdlib/stats-base-dists-chisquare-quantile';
import { describe, expect, it } from 'vitest';
import { escapeRateAt } from '../../src/models/selftest.js';
import { extrapolateToZeroStep } from '../../src/physics/estimate.js';
import { useGpu } from '../support/gpu.js';

/**
 * Escape rates against Mel'nikov–Meshkov (physics.md §4, §8). The formula is asymptotic in ΔU/k_BT:
 * at ΔU/k_BT ≈ 5–10 a correct simulation differs from it by a few percent up to about 15%, so that is
 * the tolerance on the point estimate; the statistical error of these runs (≈ 1.6%) is well inside it.
 */
describe("escape rate against Mel'nikov–Meshkov at ΔU/k_BT = 6 (γ = 0.9)", () => {
  const gpu = useGpu();

  for (const Q0 of [1, 10]) {
    it(`agrees within the asymptotic tolerance at Q₀ = ${Q0}`, async () => {
      const m = await escapeRateAt(gpu.device, { Q0, dt: 0.05, trajectories: 4096 });
      expect(m.escaped).toBeGreaterThan(3000);
      expect(Math.abs(m.rate / m.melnikovMeshkov - 1)).toBeLessThan(0.15);
    });
  }
});

/**
 * Convergence in Δτ (issue 11 §4), in the style of DiffEqGPU.jl's SDE convergence tests, replacing a
 * single Δτ halving that shared one seed between its two runs. The rate at Δτ = 0.2, 0.1 and 0.05,
 * each run with its own seed (independent: ln Γ̂ has standard error 1/√N_esc), is fitted as
 * Γ₀ + cΔτ² (the order bench/dt-convergence.mjs resolved at Q₀ = 10 with 2²⁰ trajectories per step:
 * p = 2.16, 1σ 1.85–2.51, Γ(Δτ)/Γ₀ = 1 − 0.097Δτ²; docs/selftest.md, "Convergence in Δτ"; at this size
 * the order itself is not resolvable), and the test asserts at 99.9% (two-sided) that
 *  - the quadratic form describes the three rates (χ², 1 degree of freedom, below its 0.999 quantile);
 *  - the extrapolated Γ₀ agrees with the finest step: |Γ̂(0.05) − Γ₀| < 3.29·√(σ₀² + σ²_0.05). Γ₀ is
 *    partly made of Γ̂(0.05), so their difference has less variance than the sum: the test is
 *    conservative (a real Δτ error must be larger to fail it).
 * ΔU/k_BT = 4 keeps the runs short (the bench's configuration). Q₀ = 10 (moderate) and Q₀ = 100 (weak
 * damping, where the energy relaxes slowly and an f32 or Δτ error in the friction would show first).
 * 8192 trajectories per step: each Γ̂ to ±1.1%, Γ₀ to about ±1% (measured 0.97%).
 */
describe('escape rate converges in Δτ (γ = 0.9, ΔU/k_BT = 4, independent seeds)', () => {
  const gpu = useGpu();
  const steps = [0.2, 0.1, 0.05];

  for (const [Q0, seed] of [[10, 4100], [100, 4200]] as const) {
    it(`Q₀ = ${Q0}: Γ(Δτ) = Γ₀ + cΔτ² fits, and Γ₀ agrees with Δτ = 0.05 at 99.9%`, async () => {
      const points = [];
      for (const [i, dt] of steps.entries()) {
        const m = await escapeRateAt(gpu.device, { Q0, dt, trajectories: 8192, barrierOverKT: 4, seed: seed + i });
        expect(m.escaped).toBeGreaterThan(6000);
        points.push({ dt, value: m.rate, error: m.rate * m.relativeError });
      }
      const fit = extrapolateToZeroStep(points, 2);
      const finest = points[points.length - 1]!;
      const z = (finest.value - fit.limit) / Math.hypot(fit.limitError, finest.error);
      console.log(`Q0 = ${Q0}: Γ = ${points.map((p) => `${p.value.toExponential(4)} (Δτ ${p.dt})`).join(', ')}; ` +
        `Γ₀ = ${fit.limit.toExponential(4)} ± ${(100 * fit.limitError / fit.limit).toFixed(2)}%, χ² = ${fit.chi2.toFixed(2)}, z = ${z.toFixed(2)}`);
      expect(fit.chi2).toBeLessThan(chisquareQuantile(0.999, fit.dof));
      expect(Math.abs(z)).toBeLessThan(3.29);
    });
  }
});
