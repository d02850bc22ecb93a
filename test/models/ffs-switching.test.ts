import { describe, expect, it } from 'vitest';
import { ffsSwitchingPlan, runFfsSwitching } from '../../src/models/ffs/switching.js';
import { validateSwitchingParameters } from '../../src/models/switching/config.js';
import { runSwitchingEnsemble } from '../../src/models/switching/model.js';
import { analyzeSimulation } from '../../src/models/switching/report.js';
import { barrierHeight } from '../../src/physics/potential.js';
import { WINDOW_H } from '../../src/physics/switching-from-rates.js';
import { useGpu } from '../support/gpu.js';

/**
 * Switching at a ramp from forward-flux rates (src/models/ffs/switching.ts, issue 13 §4) against
 * direct simulation of the ramp (the switching model: trajectories under the ramp itself, which no
 * rate, interpolation or Fulton–Dunkleberger enters), at a ramp where both are feasible:
 * dγ/dτ = 10⁻⁵, θ = 0.05, where ΔU/k_BT at the mean switching bias is ≈ 5.5. Direct switching counts
 * a switch on reaching φ_min(γ_start) + 2π (--wells 1), FFS an escape on reaching φ_min(γ) + 2π: the
 * same event to within the short run from one to the other. Mean, σ and skewness must agree within
 * |z| < 3.29 (two-sided 99.9%), z from the FFS errors propagated from the node rates and the direct
 * sample's standard errors. Q₀ = 10 uses the energy as FFS order parameter, Q₀ = 1 the phase.
 * Fixed seeds; ≈ 28 s on lavapipe, most of it the direct runs.
 */
const Z = 3.29;

describe('ffs switching plan (host)', () => {
  it('places the nodes over the Mel\'nikov–Meshkov window, equally spaced in ln(1 − γ)', () => {
    const plan = ffsSwitchingPlan({ Q0: 10, theta: 0.05, rampRate: 1e-5, nodes: 6 });
    const H = (g: number) => {
      const i = plan.formula.x.findIndex((x) => x >= g);
      return -Math.log(plan.formula.survival[i]!);
    };
    // The window's ends are where the formula's H crosses WINDOW_H (to its grid's resolution).
    expect(H(plan.window[0])).toBeGreaterThan(WINDOW_H[0]);
    expect(H(plan.window[0])).toBeLessThan(WINDOW_H[0] * 1.1);
    expect(H(plan.window[1])).toBeGreaterThan(WINDOW_H[1]);
    expect(H(plan.window[1])).toBeLessThan(WINDOW_H[1] * 1.1);
    const v = plan.gammas.map((g) => Math.log1p(-g));
    for (let i = 2; i < v.length; i++) expect(v[i]! - v[i - 1]!).toBeCloseTo(v[1]! - v[0]!, 12);
  });

  it('bad input names the parameter', () => {
    expect(() => ffsSwitchingPlan({ Q0: 10, theta: 0.05, rampRate: 1e-5, nodes: 3 })).toThrow(/nodes = 3/);
    expect(() => ffsSwitchingPlan({ Q0: 10, theta: 0.05, rampRate: -1 })).toThrow(/ramp-rate = -1/);
  });
});

describe('ffs switching against direct switching on the GPU', () => {
  const gpu = useGpu();
  const theta = 0.05;
  const rampRate = 1e-5;

  const compare = async (Q0: number, seed: number, trajectories: number) => {
    const ffs = await runFfsSwitching(gpu.device, { Q0, theta, rampRate, nodes: 6, trials: 2048, replicas: 16, walkers: 512, seed });
    const config = validateSwitchingParameters({ Q0, theta, rampRate, trajectories, seed: seed + 100, wells: 1 });
    const direct = analyzeSimulation(config, (await runSwitchingEnsemble(gpu.device, config)).statistics, 0)!.moments;
    const s = ffs.simulated;
    const z = {
      mean: (s.distribution.mean - direct.mean) / Math.hypot(s.meanError, direct.meanError),
      width: (s.distribution.width - direct.sd) / Math.hypot(s.widthError, direct.sdError),
      skewness: (s.distribution.skewness - direct.skewness) / Math.hypot(s.skewnessError, direct.skewnessError),
    };
    return { ffs, direct, z };
  };

  // Q₀ = 1's FFS errors are the larger (the phase coordinate at low barriers), so fewer direct trajectories match them.
  for (const [Q0, seed, trajectories] of [[10, 3, 4096], [1, 4, 2048]] as const) {
    it(`Q₀ = ${Q0}: mean, σ and skewness agree within errors`, async () => {
      const { ffs, direct, z } = await compare(Q0, seed, trajectories);
      expect(barrierHeight(direct.mean) / theta).toBeGreaterThan(4.5);
      expect(barrierHeight(direct.mean) / theta).toBeLessThan(6.5);
      // The propagated errors are not vacuous: under a tenth of the width for the mean, a twentieth of it for σ.
      expect(ffs.simulated.meanError).toBeLessThan(0.1 * direct.sd);
      expect(ffs.simulated.widthError).toBeLessThan(0.05 * direct.sd);
      expect(Math.abs(z.mean)).toBeLessThan(Z);
      expect(Math.abs(z.width)).toBeLessThan(Z);
      expect(Math.abs(z.skewness)).toBeLessThan(Z);
      // The error band is positive inside the window and the density integrates to the escaped fraction.
      expect(ffs.simulated.densityError.every((e) => e >= 0 && Number.isFinite(e))).toBe(true);
      expect(ffs.simulated.distribution.escapedFraction).toBeGreaterThan(0.999);
      console.log(`Q0 = ${Q0}: ffs ${s(ffs.simulated.distribution.mean)} ± ${s(ffs.simulated.meanError)}, σ ${s(ffs.simulated.distribution.width)} ± ${s(ffs.simulated.widthError)}, skew ${s(ffs.simulated.distribution.skewness)} ± ${s(ffs.simulated.skewnessError)}; direct ${s(direct.mean)} ± ${s(direct.meanError)}, σ ${s(direct.sd)} ± ${s(direct.sdError)}, skew ${s(direct.skewness)} ± ${s(direct.skewnessError)}; z ${JSON.stringify(z)}; ${ffs.wallSeconds.toFixed(1)} s`);
    }, 120_000);
  }
});

function s(x: number) {
  return x.toPrecision(4);
}
