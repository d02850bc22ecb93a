/**
 * Quasi-bound levels by exterior complex scaling (src/physics/quantum-escape/levels.ts), checked
 * against things the solver does not produce: Rayleigh–Schrödinger perturbation theory, the
 * published ħ-expansion of the cubic oscillator's resonance width, and the instanton formula
 * evaluated by quadrature on the same potential. Convergence in the grid is shown with a fitted
 * order, and the path (the contour) is varied to show the levels are resonances, not artefacts.
 */
import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../../src/physics/parameters.js';
import { instantonGroundWidth, cubicWell, washboardWell, undampedBounce } from '../../../src/physics/quantum-escape/well.js';
import { perturbativeLevel, quasiBoundLevels, thermalAverageWidth } from '../../../src/physics/quantum-escape/levels.js';
import { actionCubic } from '../../../src/physics/potential.js';

const fittedOrder = (a: number, b: number, c: number) => Math.log2(Math.abs(a - b) / Math.abs(b - c));

describe('undamped bounce by quadrature (well.ts)', () => {
  it('cubic well: S_B = (36/5)ΔU/ω and tail amplitude 𝒬 = 4q_e (closed forms of the sech² bounce)', () => {
    const w = cubicWell(0.7, 1.3);
    const b = undampedBounce(w);
    expect(b.action / ((36 / 5) * 0.7 / 1.3)).toBeCloseTo(1, 10);
    expect(b.tailAmplitude / (4 * w.exitPoint)).toBeCloseTo(1, 9);
  });
  it('washboard action tends to the cubic (36/5)ΔU/ω_p as γ → 1 (relative gap shrinking ∝ 1−γ)', () => {
    // The bounce action at energy 0 differs from S̃ (barrier energy) but both share the cubic limit.
    const gap = (g: number) => undampedBounce(washboardWell(g)).action / actionCubic(g) - 1;
    const g1 = gap(0.99);
    const g2 = gap(0.999);
    expect(Math.abs(g1)).toBeLessThan(0.01);
    expect(Math.abs(g2 / g1 - 0.1)).toBeLessThan(0.02); // linear in 1−γ
  });
});

describe('complex-scaled levels', () => {
  const w = washboardWell(0.9);
  const x0 = w.barrierHeight / w.omega; // ΔU/ħ̃ω_p = x0/ħ̃

  it('real parts match Rayleigh–Schrödinger to O(ħ̃²); the residual falls as ħ̃³ (fitted order)', () => {
    // LL §38 perturbation theory is independent of the solver; its next term is O(ħ̃³).
    const hs = [x0 / 10, x0 / 20, x0 / 40];
    const residual = hs.map((h) => {
      const e = quasiBoundLevels(w, h, { maxLevels: 1 }).levels[0]!.energy;
      return e - perturbativeLevel(w, h, 0);
    });
    const order = Math.log2(residual[1]! / residual[2]!);
    expect(order).toBeGreaterThan(2.7);
    expect(order).toBeLessThan(3.3);
    // at ΔU/ħω_p = 40 the residual is below 1e-4 of ħω_p
    expect(Math.abs(residual[2]!) / (hs[2]! * w.omega)).toBeLessThan(1e-4);
  });

  it('grid convergence of E₀ and Γ₀ without extrapolation has fitted order 2 (three-point FD)', () => {
    const hbar = x0 / 3;
    const run = (ppw: number) => quasiBoundLevels(w, hbar, { maxLevels: 1, extrapolate: false, pointsPerWavelength: ppw }).levels[0]!;
    const [a, b, c] = [run(15), run(30), run(60)];
    const pe = fittedOrder(a.energy, b.energy, c.energy);
    expect(pe).toBeGreaterThan(1.8);
    expect(pe).toBeLessThan(2.2);
    const pw = fittedOrder(a.width, b.width, c.width);
    expect(pw).toBeGreaterThan(1.8);
    expect(pw).toBeLessThan(2.2);
  });

  it('levels do not depend on the contour (height b, ramp start, ramp length): relative spread < 1e-6 in Γ₀', () => {
    // For an entire potential the resonance is path-independent; the spread is discretisation only.
    const hbar = x0 / 4;
    const widths = [
      {},
      { offset: 2.5, rampDistance: 1.5 },
      { offset: 1, rampWidth: 3 },
    ].map((o) => quasiBoundLevels(w, hbar, { maxLevels: 2, pointsPerWavelength: 60, ...o }).levels.map((l) => l.width));
    for (const ws of widths.slice(1)) {
      expect(Math.abs(ws[0]! / widths[0]![0]! - 1)).toBeLessThan(1e-6);
      expect(Math.abs(ws[1]! / widths[0]![1]! - 1)).toBeLessThan(1e-6);
    }
  });

  it('flux width and Im of the Rayleigh quotient agree where Γ is large (consistency test)', () => {
    const l = quasiBoundLevels(w, x0 / 2, { maxLevels: 2 }).levels;
    for (const level of l) expect(Math.abs(level.rayleighWidth / level.width - 1)).toBeLessThan(1e-6);
  });

  it('cubic well: Γ₀/Γ_instanton = 1 − (169/16)g² + O(g⁴), g² = ħ̃ω/54ΔU (Jentschura, Surzhykov & Zinn-Justin, Ann. Phys. 325, 1135 (2010))', () => {
    // V = q²/2 + g q³ in oscillator units; the instanton part 12ω(3x/2π)^{1/2}e^{−36x/5} is
    // physics.md §5's undamped Caldeira–Leggett rate. Fit 1 − ratio = c₁g² + c₂g⁴ over x = 3…8.
    const cw = cubicWell(1, 1);
    const xs = [3, 4, 6, 8];
    const pts = xs.map((x) => {
      const hbar = 1 / x;
      const gam = quasiBoundLevels(cw, hbar, { maxLevels: 1 }).levels[0]!.width;
      const cl = 12 * Math.sqrt((3 * x) / (2 * Math.PI)) * Math.exp(-7.2 * x);
      expect(Math.abs(instantonGroundWidth(cw, hbar) / cl - 1)).toBeLessThan(1e-9);
      return { g2: 1 / (54 * x), y: 1 - gam / cl };
    });
    // least squares for y = c1 g² + c2 g⁴
    let s11 = 0, s12 = 0, s22 = 0, t1 = 0, t2 = 0;
    for (const p of pts) {
      const a = p.g2, b = p.g2 * p.g2;
      s11 += a * a; s12 += a * b; s22 += b * b; t1 += a * p.y; t2 += b * p.y;
    }
    const c1 = (t1 * s22 - t2 * s12) / (s11 * s22 - s12 * s12);
    // 2%: the fit absorbs the g⁴ term; higher orders move c₁ by O(g²) ≈ 0.5%.
    expect(c1 / (169 / 16)).toBeGreaterThan(0.98);
    expect(c1 / (169 / 16)).toBeLessThan(1.02);
  });

  it('washboard γ = 0.9: Γ₀/Γ_instanton → 1 with a 1/x leading correction (x = ΔU/ħω_p)', () => {
    const xs = [4, 8, 16];
    const dev = xs.map((x) => 1 - quasiBoundLevels(w, x0 / x, { maxLevels: 1 }).levels[0]!.width / instantonGroundWidth(w, x0 / x));
    // fitted exponent of the correction ≈ 1 (it is 169/864 ≈ 0.196/x for the cubic)
    const p = Math.log2(dev[1]! / dev[2]!);
    expect(p).toBeGreaterThan(0.9);
    expect(p).toBeLessThan(1.1);
    expect(dev[2]! * 16).toBeGreaterThan(0.15);
    expect(dev[2]! * 16).toBeLessThan(0.25);
  });

  it('thermal average: tends to Γ₀ as θ → 0 and is a Boltzmann-weighted mean of the widths', () => {
    const levels = quasiBoundLevels(w, x0 / 3, {}).levels;
    expect(levels.length).toBeGreaterThanOrEqual(3);
    expect(thermalAverageWidth(levels, 1e-6) / levels[0]!.width).toBeCloseTo(1, 12);
    const t = thermalAverageWidth(levels, 0.01);
    expect(t).toBeGreaterThan(levels[0]!.width);
    expect(t).toBeLessThan(levels[levels.length - 1]!.width);
  });

  it('rejects ħ̃ so large that the barrier holds no level', () => {
    expect(() => quasiBoundLevels(w, x0 * 5)).toThrow(ParameterError);
  });
});
