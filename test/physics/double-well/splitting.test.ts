/**
 * The isolated double well (physics.md §12): levels, the tunnel splitting from the parity-sector
 * flux identity, and the instanton asymptotics. Units ħ = m = ω = 1; g ≡ ħ/6S₀.
 */
import { Decimal } from 'decimal.js';
import { describe, expect, test } from 'vitest';
import {
  actionOfQuartic,
  instantonSplitting,
  quarticWell,
  quarticWellOfAction,
  type SymmetricWell,
} from '../../../src/physics/double-well/potential.js';
import { groundDoublet, sectorState, type Parity } from '../../../src/physics/double-well/splitting.js';
import { ParameterError } from '../../../src/physics/parameters.js';

/** Least-squares slope of y against x. */
function slope(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  return sxy / sxx;
}

describe('tunnel splitting of the quartic double well', () => {
  test('flux identity equals the direct E₋ − E₊ wherever the direct difference is resolvable', () => {
    // Both are the same grid's answer to the same continuum quantity, so they differ by the O(h⁴)
    // Numerov error (~1e-8 at h = 0.02ℓ) plus round-off in E₋ − E₊ (1e-16·E/Δ₀ ≤ 1e-10 here).
    for (const s0 of [3, 4, 6, 8, 12, 16]) {
      const d = groundDoublet(quarticWellOfAction(s0));
      expect(Math.abs(d.splitting / d.directSplitting - 1)).toBeLessThan(1e-7);
    }
  });

  test('grid convergence of Δ₀: fitted order 4 (Numerov)', () => {
    const well = quarticWellOfAction(12);
    const ns = [250, 500, 1000, 2000];
    const d = ns.map((n) => groundDoublet(well, n).splitting);
    // Successive differences shrink by 2^p.
    const p1 = Math.log2((d[0]! - d[1]!) / (d[1]! - d[2]!));
    const p2 = Math.log2((d[1]! - d[2]!) / (d[2]! - d[3]!));
    expect(p1).toBeGreaterThan(3.7);
    expect(p1).toBeLessThan(4.3);
    expect(p2).toBeGreaterThan(3.7);
    expect(p2).toBeLessThan(4.3);
    // The default grid (h = 0.02ℓ) is then within 1e-8 of the extrapolated limit.
    const limit = d[3]! + (d[3]! - d[2]!) / 15;
    expect(Math.abs(groundDoublet(well).splitting / limit - 1)).toBeLessThan(1e-8);
  });

  test('deep well (S₀/ħ = 40, Δ₀/E ~ 1e-17): flux identity against a 40-digit direct E₋ − E₊', () => {
    // In f64 E₋ − E₊ is pure round-off here; decimal.js carries 40 digits through the same Numerov
    // recursion (an independent implementation, secant on u(x_max)), so its difference resolves
    // Δ₀. The two agree up to the O(h⁴) discretisation difference of identity vs eigenvalues.
    const well = quarticWellOfAction(40);
    const n = 600;
    const d = groundDoublet(well, n);
    expect(Math.abs(d.directSplitting / d.splitting - 1)).toBeGreaterThan(0.1);
    const eEven = decimalLevel(well, 'even', d.even.energy, n);
    const eOdd = decimalLevel(well, 'odd', d.odd.energy, n);
    const direct = eOdd.minus(eEven).toNumber();
    expect(direct).toBeGreaterThan(0);
    expect(Math.abs(direct / d.splitting - 1)).toBeLessThan(1e-5);
  });
});

describe('harmonic limit of each well', () => {
  test('mean doublet level = ħω[½ − g − (9/2)g²+…] (Rayleigh–Schrödinger in the cubic + quartic anharmonicity)', () => {
    // Expanding V about x = a gives ½y² + y³/2a + y⁴/8a²; second-order cubic (−11/8·(1/2a)²) plus
    // first-order quartic (3/4·1/8a²) is −1/4a² = −g. The g² coefficient −9/2 is the double well's
    // standard perturbative series (Zinn-Justin & Jentschura, Ann. Phys. 313, 197 (2004)), here only
    // a check that the remainder after −g is O(g²) with a coefficient near −9/2 (O(g) drift at
    // finite S₀: −4.62 at S₀/ħ = 64 on this grid).
    const coef: number[] = [];
    for (const s0 of [16, 32, 64]) {
      const d = groundDoublet(quarticWellOfAction(s0));
      const g = 1 / (6 * s0);
      const mean = 0.5 * (d.even.energy + d.odd.energy);
      expect(Math.abs(mean - 0.5)).toBeLessThan(1.2 * g);
      coef.push((mean - 0.5 + g) / (g * g));
    }
    expect(Math.abs(coef[2]! + 4.5)).toBeLessThan(0.2);
    expect(Math.abs(coef[2]! + 4.5)).toBeLessThan(Math.abs(coef[0]! + 4.5));
  });

  test('higher levels of one sector approach the oscillator ladder ħω(n + ½)', () => {
    // Deep well: level spacing within a sector → ħω (anharmonic shift O(ħ/S₀) per level).
    const well = quarticWellOfAction(60);
    const e0 = sectorState(well, 'even', 0, 1500).energy;
    const e1 = sectorState(well, 'even', 1, 1500).energy;
    expect(Math.abs(e1 - e0 - 1)).toBeLessThan(0.05);
  });
});

describe('instanton asymptotics (physics.md §12)', () => {
  const actions = [16, 24, 32, 48];
  const exact = actions.map((s0) => groundDoublet(quarticWellOfAction(s0), 2 * Math.ceil(40 * (Math.sqrt(1.5 * s0) + 10))).splitting);

  test('leading formula: exact/instanton − 1 ≈ −71ħ/72S₀ (error O(ħ/S₀))', () => {
    const err = actions.map((s0, i) => exact[i]! / instantonSplitting(s0, false) - 1);
    const p = slope(actions.map(Math.log), err.map((e) => Math.log(Math.abs(e))));
    expect(p).toBeGreaterThan(-1.15);
    expect(p).toBeLessThan(-0.85);
    // (ratio − 1)·S₀ → −71/72 up to the O(ħ/S₀) next term (−0.61/S₀ relative).
    expect(Math.abs((err[3]! * 48) / (-71 / 72) - 1)).toBeLessThan(0.03);
  });

  test('with the 1 − 71ħ/72S₀ correction the ratio → 1 with an error O((ħ/S₀)²)', () => {
    const err = actions.map((s0, i) => exact[i]! / instantonSplitting(s0, true) - 1);
    const p = slope(actions.map(Math.log), err.map((e) => Math.log(Math.abs(e))));
    expect(p).toBeGreaterThan(-2.2);
    expect(p).toBeLessThan(-1.8);
    expect(Math.abs(err[3]!)).toBeLessThan(4e-4);
  });
});

describe('bad input', () => {
  test('a barrier too low to hold a doublet is refused', () => {
    expect(() => quarticWellOfAction(1)).toThrow(ParameterError);
    expect(() => quarticWell(1)).toThrow(ParameterError);
    expect(actionOfQuartic(3)).toBeCloseTo(6, 14);
  });
});

// ---- 40-digit Numerov, written independently of the f64 code (secant on u(x_max) = 0) ----
function decimalLevel(well: SymmetricWell, parity: Parity, guess: number, n: number): Decimal {
  const D = Decimal.clone({ precision: 40 });
  const h = new D(well.xMax).div(n);
  const h2 = h.mul(h).div(12);
  const V = Array.from({ length: n + 1 }, (_, i) => {
    // V(x) = (x² − a²)²/8a² evaluated in 40 digits.
    const x = h.mul(i);
    const a2 = new D(well.xWell).pow(2);
    return x.mul(x).minus(a2).pow(2).div(a2.mul(8));
  });
  const end = (E: Decimal): Decimal => {
    const f = V.map((v) => v.minus(E).mul(2));
    let u0 = new D(parity === 'even' ? 1 : 0);
    let u1: Decimal;
    if (parity === 'even') u1 = f[0]!.mul(h2).mul(5).plus(1).div(new D(1).minus(f[1]!.mul(h2)));
    else {
      const f2 = f[1]!.minus(f[0]!).mul(2).div(h.mul(h));
      u1 = h.plus(f[0]!.mul(h.pow(3)).div(6)).plus(f2.mul(3).plus(f[0]!.pow(2)).mul(h.pow(5)).div(120));
    }
    for (let i = 1; i < n; i++) {
      const u2 = new D(1).plus(f[i]!.mul(h2).mul(5)).mul(u1).mul(2).minus(new D(1).minus(f[i - 1]!.mul(h2)).mul(u0)).div(new D(1).minus(f[i + 1]!.mul(h2)));
      u0 = u1;
      u1 = u2;
    }
    return u1;
  };
  let e0 = new D(guess).mul(new D(1).minus(1e-12));
  let e1 = new D(guess).mul(new D(1).plus(1e-12));
  let g0 = end(e0);
  let g1 = end(e1);
  for (let it = 0; it < 30; it++) {
    const e2 = e1.minus(g1.mul(e1.minus(e0)).div(g1.minus(g0)));
    if (e2.minus(e1).abs().lt(new D(10).pow(-36))) return e2;
    e0 = e1;
    g0 = g1;
    e1 = e2;
    g1 = end(e2);
  }
  return e1;
}
