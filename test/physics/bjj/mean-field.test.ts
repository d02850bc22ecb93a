import { describe, expect, it } from 'vitest';
import {
  criticalLambda,
  meanFieldEnergy,
  meanFieldRegime,
  meanFieldTrajectory,
  separatrix,
} from '../../../src/physics/bjj/mean-field.js';

const taus = (end: number, n: number) => Float64Array.from({ length: n }, (_, i) => ((i + 1) * end) / n);

describe('mean field (Smerzi et al., PRL 79, 4950 (1997))', () => {
  it('Λ_c = 10 for z₀ = 0.6, φ₀ = 0 (the paper’s example), and the dynamics agrees on both sides', () => {
    expect(criticalLambda(0.6, 0)).toBeCloseTo(10, 12);
    const grid = taus(60, 6000);
    const below = meanFieldTrajectory(9.9, { z: 0.6, phi: 0 }, grid);
    const above = meanFieldTrajectory(10.1, { z: 0.6, phi: 0 }, grid);
    expect(Math.min(...below.z)).toBeLessThan(0);
    expect(Math.min(...above.z)).toBeGreaterThan(0);
    expect(meanFieldRegime(9.9, { z: 0.6, phi: 0 })).toBe('josephson-oscillation');
    expect(meanFieldRegime(10.1, { z: 0.6, phi: 0 })).toBe('self-trapped');
  });

  it('Λ_c for φ₀ = π is 2(1 − √(1 − z₀²))/z₀² and the π-mode traps above it', () => {
    const z0 = 0.5;
    const lc = criticalLambda(z0, Math.PI);
    expect(lc).toBeCloseTo((2 * (1 - Math.sqrt(0.75))) / 0.25, 12);
    const grid = taus(80, 8000);
    expect(Math.min(...meanFieldTrajectory(lc * 1.05, { z: z0, phi: Math.PI }, grid).z)).toBeGreaterThan(0);
    expect(Math.min(...meanFieldTrajectory(lc * 0.95, { z: z0, phi: Math.PI }, grid).z)).toBeLessThan(0);
  });

  it('small Josephson oscillations have angular frequency √(1 + Λ) in τ = 2Jt/ħ (linearised equations)', () => {
    const lambda = 3;
    const grid = taus(40, 40000);
    const { z } = meanFieldTrajectory(lambda, { z: 1e-4, phi: 0 }, grid);
    const crossings: number[] = [];
    for (let i = 1; i < z.length; i++) {
      if (z[i - 1]! > 0 !== z[i]! > 0) crossings.push(grid[i - 1]! - (z[i - 1]! * (grid[i]! - grid[i - 1]!)) / (z[i]! - z[i - 1]!));
    }
    const halfPeriod = (crossings.at(-1)! - crossings[0]!) / (crossings.length - 1);
    expect(Math.PI / halfPeriod).toBeCloseTo(Math.sqrt(1 + lambda), 5);
  });

  it('conserves H and |S| = 1; RK4 error converges at fitted order 4', () => {
    const lambda = 15;
    const s0 = { z: 0.6, phi: 0.3 };
    const reference = meanFieldTrajectory(lambda, s0, [20], 1e-4).z[0]!;
    // (h ≥ 0.01 is pre-asymptotic at Λ = 15: the error changes sign between 0.04 and 0.02.)
    const steps = [0.005, 0.0025, 0.00125];
    const errors = steps.map((h) => Math.abs(meanFieldTrajectory(lambda, s0, [20], h).z[0]! - reference));
    const order = Math.log(errors[0]! / errors[2]!) / Math.log(steps[0]! / steps[2]!);
    expect(order).toBeGreaterThan(3.7);
    expect(order).toBeLessThan(4.3);
    const tr = meanFieldTrajectory(lambda, s0, taus(100, 100));
    const e0 = meanFieldEnergy(lambda, s0);
    for (let i = 0; i < 100; i++) expect(Math.abs(meanFieldEnergy(lambda, { z: tr.z[i]!, phi: tr.phi[i]! }) - e0)).toBeLessThan(1e-8);
  });

  it('the separatrix curve lies on H = 1 and reaches z = 0 at φ = π', () => {
    const lambda = 15;
    const phis = Float64Array.from({ length: 41 }, (_, i) => -Math.PI + (2 * Math.PI * i) / 40);
    const z = separatrix(lambda, phis);
    for (let i = 0; i < phis.length; i++) expect(meanFieldEnergy(lambda, { z: z[i]!, phi: phis[i]! })).toBeCloseTo(1, 12);
    expect(z[0]).toBeCloseTo(0, 12);
  });

  it('self-trapping never breaks down in mean field: z stays positive to τ = 2·10⁴ at Λ = 15, z₀ = 0.6', () => {
    const { z } = meanFieldTrajectory(15, { z: 0.6, phi: 0 }, taus(2e4, 2000), 0.005);
    expect(Math.min(...z)).toBeGreaterThan(0.3);
  });
});
