/**
 * The Ohmic spin-boson model (physics.md §12; Leggett et al., Rev. Mod. Phys. 59, 1 (1987); Weiss,
 * Quantum Dissipative Systems (2012)): Δ_eff, NIBA dynamics and their exact limits. ħ = k_B = 1,
 * frequencies in units of Δ₀.
 */
import { describe, expect, test } from 'vitest';
import {
  blochRedfield,
  coherenceTemperature,
  effectiveSplitting,
  mittagLefflerNegative,
  nibaDynamics,
  nibaLocalisedP,
  oscillates,
  scalingNibaP,
  toulouseP,
  type SpinBoson,
} from '../../../src/physics/double-well/spin-boson.js';
import { ParameterError } from '../../../src/physics/parameters.js';

const ohmic = (alpha: number, omegaC: number, temperature: number, bias = 0): SpinBoson => ({
  delta: 1,
  bias,
  bath: { kind: 'ohmic', alpha, omegaC, temperature },
});

function maxDeviation(t: Float64Array, P: Float64Array, f: (t: number) => number, tUpTo = Infinity): number {
  let m = 0;
  for (let i = 0; i < t.length; i++) if (t[i]! <= tUpTo) m = Math.max(m, Math.abs(P[i]! - f(t[i]!)));
  return m;
}

/** Decay rate of the envelope of an oscillating P(t), from its first and last extrema of |P|. */
function envelopeRate(t: Float64Array, P: Float64Array): number {
  const peaks: [number, number][] = [];
  for (let i = 1; i < P.length - 1; i++) {
    const a = Math.abs(P[i]!);
    if (a > Math.abs(P[i - 1]!) && a >= Math.abs(P[i + 1]!)) peaks.push([t[i]!, Math.log(a)]);
  }
  const [t0, l0] = peaks[0]!;
  const [t1, l1] = peaks[peaks.length - 1]!;
  return -(l1 - l0) / (t1 - t0);
}

describe('renormalised splitting Δ_eff', () => {
  test('limits: Δ₀ at α = 0, the Toulouse rate πΔ₀²/2ω_c at α = ½, zero for α ≥ 1', () => {
    expect(effectiveSplitting(1, 0, 10)).toBe(1);
    // Γ(1−2α)cos πα → π/2 as α → ½: the closed form is continuous there (checked from both sides).
    expect(effectiveSplitting(1, 0.5, 10)).toBeCloseTo(Math.PI / 20, 12);
    expect(effectiveSplitting(1, 0.5 - 1e-6, 10) / (Math.PI / 20)).toBeCloseTo(1, 4);
    expect(effectiveSplitting(1, 0.5 + 1e-6, 10) / (Math.PI / 20)).toBeCloseTo(1, 4);
    expect(effectiveSplitting(1, 0.99, 10)).toBeLessThan(1e-13);
    // Monotone fall towards α = 1.
    const values = [0.1, 0.3, 0.5, 0.7, 0.9].map((a) => effectiveSplitting(1, a, 10));
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeLessThan(values[i - 1]!);
    // Outside the scaling regime (1 − α < Δ₀²/2ω_c²) the closed form is refused, not extrapolated.
    expect(() => effectiveSplitting(1, 0.9999, 10)).toThrow(ParameterError);
    expect(effectiveSplitting(1, 1, 10)).toBe(0);
    expect(effectiveSplitting(1, 1.5, 10)).toBe(0);
  });
});

describe('NIBA against exact results', () => {
  test('Toulouse point α = ½, T = 0: P(t) → exp(−πΔ₀²t/2ω_c) as ω_c/Δ₀ → ∞', () => {
    // NIBA is exact at α = ½ in the scaling limit; at finite ω_c the kernel 1/(1 + ω_c²τ²) is not
    // a δ-function, which costs O(Δ₀/ω_c) (measured: 0.0092 at ω_c = 20, 0.0030 at 40).
    const errors = [10, 20].map((wc) => {
      const r = nibaDynamics(ohmic(0.5, wc, 0), { tMax: 3 * wc, dt: 0.1 / wc });
      return maxDeviation(r.t, r.P, (t) => toulouseP(1, wc, t));
    });
    expect(errors[1]!).toBeLessThan(0.012);
    expect(errors[1]!).toBeLessThan(0.6 * errors[0]!);
  });

  test('Mittag-Leffler closed forms: E₂(−x²) = cos x, E₁(−x) = e^{−x}', () => {
    for (const x of [0.3, 1, 2.5, 4]) {
      expect(mittagLefflerNegative(2, x * x)).toBeCloseTo(Math.cos(x), 12);
      expect(mittagLefflerNegative(1, x)).toBeCloseTo(Math.exp(-x), 12);
    }
  });

  test('T = 0, α < ½: NIBA → E_{2−2α}[−(Δ_eff t)^{2−2α}] (scaling limit, Leggett et al. §V)', () => {
    // Finite ω_c corrections are O((Δ₀/ω_c)^{1−2α}·…); measured 0.012 → 0.004 from ω_c = 20 to 50.
    for (const alpha of [0.1, 0.3]) {
      const errs = [20, 50].map((wc) => {
        const r = nibaDynamics(ohmic(alpha, wc, 0), { tMax: 12, dt: 0.1 / wc });
        const de = effectiveSplitting(1, alpha, wc);
        return maxDeviation(r.t, r.P, (t) => scalingNibaP(1, alpha, wc, t), 8 / de);
      });
      expect(errs[1]!).toBeLessThan(0.007);
      expect(errs[1]!).toBeLessThan(0.6 * errs[0]!);
    }
  });

  test('localisation for α > 1 at T = 0: P(∞) = 1/(1 + Δ₀²/[ω_c²(2α−1)(2α−2)]) → 1', () => {
    // Long-time tail approaches P(∞) as t^{2−2α}; at α = 1.5 by t = 200/Δ₀ it is within 1e-4.
    const wc = 3;
    const r = nibaDynamics(ohmic(1.5, wc, 0), { tMax: 200, dt: 0.05 / wc });
    expect(Math.abs(r.P[r.P.length - 1]! - nibaLocalisedP(1, 1.5, wc))).toBeLessThan(5e-4);
    expect(nibaLocalisedP(1, 1.5, 1000)).toBeGreaterThan(0.999999);
  });

  test('coherent–incoherent boundary at T = 0 is α = ½ (E_ν has a zero for ν > 1 only)', () => {
    expect(oscillates(nibaDynamics(ohmic(0.3, 20, 0), { tMax: 30, dt: 0.005 }))).toBe(true);
    expect(oscillates(nibaDynamics(ohmic(0.6, 20, 0), { tMax: 30, dt: 0.005 }))).toBe(false);
  });

  test('high-T boundary: T* solves 2παT* = 2Δ₀(2πT*/ω_c)^α (cos πα)^{1/2} (Markov limit of the kernel)', () => {
    // At T ≫ Δ₀ the kernel is Δ_T²e^{−2παTτ} with Δ_T² = Δ₀²cos πα (2πT/ω_c)^{2α}; P̈ + γṖ + Δ_T²P = 0
    // stops crossing zero at γ = 2Δ_T. Neglected short-memory corrections are O(α): 10 %.
    const alpha = 0.05;
    const wc = 50;
    let predicted = 1 / (Math.PI * alpha);
    for (let i = 0; i < 50; i++) predicted = (Math.pow((2 * Math.PI * predicted) / wc, alpha) * Math.sqrt(Math.cos(Math.PI * alpha))) / (Math.PI * alpha);
    const found = coherenceTemperature(1, alpha, wc, 20, 20, 0.2 / 50);
    expect(Math.abs(found / predicted - 1)).toBeLessThan(0.1);
  });
});

describe('weak coupling: NIBA against Bloch–Redfield', () => {
  test('unbiased: P(t) envelope decays at γ₁/2 = (π/2)αΔ₀ coth(Δ₀/2T)', () => {
    // NIBA is exact to first order in α at ε = 0; at α = 0.01 the O(α²) and O(Δ₀/ω_c) residue is < 1 %.
    for (const T of [1, 3]) {
      const sb = ohmic(0.01, 20, T);
      const r = nibaDynamics(sb, { tMax: 60, dt: 0.005 });
      const br = blochRedfield(sb);
      expect(Math.abs(envelopeRate(r.t, r.P) / br.coherenceDecay - 1)).toBeLessThan(0.01);
    }
  });

  test('biased: NIBA relaxes to tanh(ε/2T), not to the true (ε/Ω)tanh(Ω/2T) — its known failure', () => {
    const sb = ohmic(0.05, 10, 0.5, 1);
    const r = nibaDynamics(sb, { tMax: 150, dt: 0.01 });
    const pInf = r.P[r.P.length - 1]!;
    expect(Math.abs(pInf - Math.tanh(1 / (2 * 0.5)))).toBeLessThan(2e-3);
    expect(pInf - blochRedfield(sb).equilibrium).toBeGreaterThan(0.1);
  });

  test('time-step convergence of the NIBA integrator: fitted order 2 (trapezoid)', () => {
    const sb = ohmic(0.2, 10, 0.5);
    const p = [0.02, 0.01, 0.005].map((dt) => {
      const r = nibaDynamics(sb, { tMax: 5, dt });
      return r.P[r.P.length - 1]!;
    });
    const order = Math.log2((p[0]! - p[1]!) / (p[1]! - p[2]!));
    expect(order).toBeGreaterThan(1.7);
    expect(order).toBeLessThan(2.3);
  });
});

describe('bad input', () => {
  test('α outside the model, a step that cannot resolve the cutoff or Δ₀', () => {
    expect(() => nibaDynamics(ohmic(-0.1, 10, 0), { tMax: 10, dt: 0.01 })).toThrow(ParameterError);
    expect(() => nibaDynamics(ohmic(3, 10, 0), { tMax: 10, dt: 0.01 })).toThrow(ParameterError);
    expect(() => nibaDynamics(ohmic(0.2, 10, 0), { tMax: 10, dt: 0.5 })).toThrow(ParameterError);
    expect(() => nibaDynamics(ohmic(0.2, 10, 0), { tMax: 0.01, dt: 0.01 })).toThrow(ParameterError);
  });
});
