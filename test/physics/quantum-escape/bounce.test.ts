/**
 * The dissipative bounce (src/physics/quantum-escape/bounce.ts) against closed forms it does not
 * use: the undamped action by quadrature, Caldeira–Leggett's weak-damping slope 45ζ(3)/2π³, the
 * overdamped cubic bounce, the T² law, the action ΔU/θ at the crossover, and the undamped
 * prefactor against the instanton formula and the complex-scaled width.
 */
import { describe, expect, it } from 'vitest';
import { caldeiraLeggettDamping } from '../../../src/physics/constants.js';
import {
  bounceByContinuation,
  crossoverPeriod,
  fluctuationPrefactor,
  periodicBounce,
  zeroTemperatureBounce,
} from '../../../src/physics/quantum-escape/bounce.js';
import { quasiBoundLevels } from '../../../src/physics/quantum-escape/levels.js';
import { cubicWell, instantonGroundWidth, undampedBounce, washboardWell } from '../../../src/physics/quantum-escape/well.js';

// The bounce path does not depend on ħ̃ (only B = W/ħ̃ does); ħ̃ = 1 reads B as W.
const cubic = cubicWell(1, 1); // ΔU = ω = 1, so x = ΔU/ħ̃ω = 1/ħ̃

describe('bounce exponent', () => {
  it('undamped, long period: B = S_B/ħ̃ from quadrature, for the cubic and the washboard (1e-9)', () => {
    for (const w of [cubic, washboardWell(0.8)]) {
      const b = periodicBounce(w, { Q0: Infinity, hbar: 1, period: 60 / w.omega });
      // e^{−ωΘ/2} tails: at ωΘ = 60 the periodic bounce equals the T = 0 one to ~1e-12
      expect(b.exponent / undampedBounce(w).action - 1).toBeLessThan(1e-9);
      expect(b.exponent / undampedBounce(w).action - 1).toBeGreaterThan(-1e-9);
    }
  });

  it('convergence in the number of modes is spectral (error falls faster than any power)', () => {
    const ref = periodicBounce(cubic, { Q0: 10, hbar: 1, period: 60 }, { modes: 150 }).exponent;
    const err = [30, 45, 60].map((m) => Math.abs(periodicBounce(cubic, { Q0: 10, hbar: 1, period: 60 }, { modes: m }).exponent - ref));
    // geometric decay: each +15 modes gains at least a factor 10
    expect(err[1]! * 10).toBeLessThan(err[0]!);
    expect(err[2]! * 10).toBeLessThan(err[1]! + 1e-13);
  });

  it('T = 0 limit in the period: B(Θ) = B∞ − C/Θ² (fitted order 2) with C the T² law of physics.md §5', () => {
    // GOW 1987 / physics.md §5: ln Γ(T)/Γ(0) = (36π/Q)(ΔU/ħω_p)(k_BT/ħω_p)², i.e. with Θ = ħ̃/θ,
    // C = 36πΔU/(Q₀ω⁴ħ̃) at leading order in 1/Q. At Q₀ = 100 the O(1/Q) shape change is ~1%.
    const z = zeroTemperatureBounce(cubic, 100, 1, { period: 70 });
    expect(z.order).toBeGreaterThan(1.9);
    expect(z.order).toBeLessThan(2.1);
    const c = (36 * Math.PI) / 100;
    // measured 1.032: the O(1/Q) change of ∫q dτ with damping (4% bound)
    expect(z.tailCoefficient / c).toBeGreaterThan(0.96);
    expect(z.tailCoefficient / c).toBeLessThan(1.04);
  });

  it('weak damping: dB/d(1/Q) → (36/5)x·45ζ(3)/2π³ = 0.8723 (Caldeira & Leggett 1983), to 0.5%', () => {
    // B(Q)/B(∞) − 1 = s/Q + c/Q²; two Q's eliminate c.
    const B0 = 7.2;
    const r = [50, 100].map((Q) => zeroTemperatureBounce(cubic, Q, 1, { period: 70 }).exponent / B0 - 1);
    const slope = 2 * (100 * r[1]!) - 50 * r[0]!; // s = 2·(100 r₁₀₀) − 50 r₅₀ cancels c
    expect(Math.abs(slope / caldeiraLeggettDamping - 1)).toBeLessThan(5e-3);
  });

  it('strong damping: B → 3πΔU/(Q₀ω²ħ̃) = (2π/9)ηq_e²/ħ̃, the overdamped cubic bounce, with an O(Q²) correction', () => {
    // Overdamped (kinetic term dropped) the Lorentzian q = (4q_e/3)/(1 + (ω²τ/η)²) solves the
    // bounce equation exactly and gives W = (2π/9)ηq_e² (Larkin & Ovchinnikov, JETP Lett. 37, 382
    // (1983); derived in docs/quantum.md). The kinetic term adds O(Q₀²ω²) relatively.
    const ratio = [0.1, 0.05].map((Q) => zeroTemperatureBounce(cubic, Q, 1, { period: 10 / Q }).exponent / ((3 * Math.PI) / Q) - 1);
    expect(Math.abs(ratio[0]!)).toBeLessThan(0.03);
    expect(Math.abs(ratio[1]!)).toBeLessThan(0.01);
    expect(Math.abs(ratio[1]!)).toBeLessThan(Math.abs(ratio[0]!) / 2.5); // ∝ Q²
  });

  it('as T → T₀⁻ the bounce shrinks onto the barrier top and B·θ/ΔU → 1 (washboard, Q₀ = 2)', () => {
    const w = washboardWell(0.9);
    const Q0 = 2;
    const p0 = crossoverPeriod(w, Q0);
    const gap = [1.1, 1.03].map((f) => {
      const b = bounceByContinuation(w, { Q0, hbar: 1, period: f * p0 });
      // B·θ/ΔU = W/(Θ·ΔU) with ħ̃ = 1
      return 1 - b.exponent / (f * p0 * w.barrierHeight);
    });
    expect(gap[0]!).toBeGreaterThan(0);
    expect(gap[1]!).toBeLessThan(gap[0]! / 3);
    expect(gap[1]!).toBeLessThan(2e-3);
  });
});

describe('prefactor from the fluctuation determinant', () => {
  it('undamped: equals the instanton ω𝒬√(ω/πħ̃) to 1e-3 and has exactly one negative mode', () => {
    for (const w of [cubic, washboardWell(0.9)]) {
      const hbar = w.barrierHeight / w.omega / 4;
      const b = periodicBounce(w, { Q0: Infinity, hbar, period: 60 / w.omega });
      const f = fluctuationPrefactor(w, b);
      expect(f.negativeModes).toBe(1);
      expect(Math.abs(f.rate / instantonGroundWidth(w, hbar) - 1)).toBeLessThan(1e-3);
    }
  });

  it('undamped: agrees with the exact complex-scaled Γ₀ to the known 1 − 0.196/x (x = 8, washboard γ = 0.9)', () => {
    const w = washboardWell(0.9);
    const hbar = w.barrierHeight / w.omega / 8;
    const f = fluctuationPrefactor(w, periodicBounce(w, { Q0: Infinity, hbar, period: 60 / w.omega }));
    const exact = quasiBoundLevels(w, hbar, { maxLevels: 1 }).levels[0]!.width;
    // 169/864 = 0.196 is the cubic's first correction (levels.test.ts); allow 1% for γ = 0.9.
    expect(Math.abs(exact / f.rate - (1 - 169 / 864 / 8))).toBeLessThan(0.01);
  });
});
