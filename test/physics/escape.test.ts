import { describe, expect, it } from 'vitest';
import {
  escapeRateDimensionless,
  escapeTheta,
  escapeThetaCurve,
  escapeThetaFromRate,
  escapeThetaPlateau,
  escapeThetaPlateauApprox,
  rateFromEscapeTheta,
  theorySummary,
} from '../../src/physics/escape.js';
import { ParameterError } from '../../src/physics/parameters.js';
import { barrierHeight, plasmaFrequency } from '../../src/physics/potential.js';
import { crossoverTheta, mqtPrefactor, quantumCorrection } from '../../src/physics/quantum.js';
import { melnikovMeshkovRate } from '../../src/physics/rates.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);
// A typical MQT-experiment operating point: γ = 0.95, Q₀ = 30, ħ̃ = 0.005 (10 µA and a few pF
// give ħ̃ ≈ 0.0025), so ΔU/ħω_p ≈ 7.5 and ΔU/k_BT₀ ≈ 47.
const base = { gamma: 0.95, Q0: 30, hbar: 0.005 };
const theta0 = crossoverTheta(base);

describe('escape temperature convention Γ = (ω_p/2π)exp(−ΔU/k_BT_esc)', () => {
  it('rate → T_esc → rate is a round trip (to 1e-13)', () => {
    for (const thetaEsc of [1e-4, 3e-3, 0.05]) {
      const r = rateFromEscapeTheta(0.9, thetaEsc);
      expect(rel(escapeThetaFromRate(0.9, r), thetaEsc)).toBeLessThan(1e-13);
    }
  });

  it('the TST rate has T_esc = T exactly, by construction of the convention', () => {
    const theta = 0.004;
    const tst = (plasmaFrequency(0.9) / (2 * Math.PI)) * Math.exp(-barrierHeight(0.9) / theta);
    expect(rel(escapeThetaFromRate(0.9, tst), theta)).toBeLessThan(1e-13);
  });

  it('refuses a rate at or above the attempt frequency ω_p/2π (T_esc would be infinite)', () => {
    expect(() => escapeThetaFromRate(0.9, plasmaFrequency(0.9) / (2 * Math.PI))).toThrow(ParameterError);
    expect(() => escapeThetaFromRate(0.9, 0)).toThrow(/rate/);
  });
});

describe('escapeRate regimes', () => {
  // Wiring, not physics: the thermal rate is compared with MM × f_q computed the same way the
  // dispatcher computes it. The formulas themselves are tested against independent values in
  // test/physics/rates.test.ts and quantum.test.ts; this checks which one each regime calls.
  it('wiring: picks thermal (calls MM × f_q) at ≥ 2T₀, quantum at ≤ T₀, and a bridge between, with reasons', () => {
    const hot = escapeRateDimensionless({ ...base, theta: 3 * theta0 });
    expect(hot.regime).toBe('thermal');
    const p = { ...base, theta: 3 * theta0 };
    expect(rel(hot.rate, melnikovMeshkovRate(p) * quantumCorrection(p))).toBeLessThan(1e-14);
    expect(hot.reason).toMatch(/Mel'nikov–Meshkov/);
    expect(escapeRateDimensionless({ ...base, theta: 0.5 * theta0 }).regime).toBe('quantum');
    const mid = escapeRateDimensionless({ ...base, theta: 1.5 * theta0 });
    expect(mid.regime).toBe('crossover');
    expect(mid.reason).toMatch(/interpolated/);
  });

  it('is continuous at T₀ and 2T₀ (relative jump < 1e-6 across each boundary)', () => {
    for (const edge of [theta0, 2 * theta0]) {
      const below = escapeRateDimensionless({ ...base, theta: edge * (1 - 1e-9) }).rate;
      const above = escapeRateDimensionless({ ...base, theta: edge * (1 + 1e-9) }).rate;
      expect(rel(below, above)).toBeLessThan(1e-6);
    }
  });

  it('increases monotonically with temperature through all three regimes', () => {
    let previous = 0;
    for (let r = 0.05; r < 6; r += 0.05) {
      const rate = escapeRateDimensionless({ ...base, theta: r * theta0 }).rate;
      expect(rate).toBeGreaterThan(previous);
      previous = rate;
    }
  });

  it('warns when ΔU/k_BT < 3 or ΔU/ħω_p < 1', () => {
    expect(escapeRateDimensionless({ ...base, theta: barrierHeight(0.95) / 2 }).warnings.join()).toMatch(/too low/);
    expect(escapeRateDimensionless({ gamma: 0.999, Q0: 30, hbar: 0.05, theta: 1e-4 }).warnings.join()).toMatch(/one level/);
  });

  // Wiring: ħ = 0 must route to the classical formula (f_q = 1 exactly), not restate it.
  it('wiring: with ħ = 0 it returns the classical Mel\'nikov–Meshkov rate unchanged', () => {
    const p = { gamma: 0.9, Q0: 10, hbar: 0, theta: 0.006 };
    expect(escapeRateDimensionless(p).rate).toBe(melnikovMeshkovRate(p));
  });
});

describe('predicted T_esc(T) curve', () => {
  it('T_esc ≈ T well above T₀: 1 − T/T_esc = ln(κ·A_MM·f_q)·k_BT/ΔU, a few % at ΔU/k_BT ≈ 12', () => {
    const theta = 4 * theta0;
    const tEsc = escapeTheta({ ...base, theta });
    expect(rel(tEsc, theta)).toBeLessThan(0.05);
  });

  it('has a plateau below T₀: flat to 1% from 0.05T₀ to 0.3T₀, at the T = 0 MQT value', () => {
    const curve = escapeThetaCurve(base, [0.05, 0.1, 0.2, 0.3].map((r) => r * theta0));
    const plateau = escapeThetaPlateau(base);
    for (const pt of curve) {
      expect(pt.regime).toBe('quantum');
      expect(rel(pt.thetaEsc, plateau)).toBeLessThan(0.01);
    }
  });

  it('plateau ≈ ħω_p/[7.2k_B(1 + 0.87/Q)]; the gap is the prefactor: 1/plateau − 1/approx = −ln a_q/ΔU', () => {
    const exact = escapeThetaPlateau(base);
    const approx = escapeThetaPlateauApprox(base);
    const expectedGap = -Math.log(mqtPrefactor(base.gamma, base.hbar)) / barrierHeight(base.gamma);
    expect(Math.abs(1 / exact - 1 / approx - expectedGap)).toBeLessThan(1e-9 / approx);
    expect(rel(exact, approx)).toBeLessThan(0.2);
  });

  it('summary carries every rate, with null where a formula does not apply (never NaN)', () => {
    const cold = theorySummary({ ...base, theta: 0.5 * theta0 });
    expect(cold.rates.quantumCorrection).toBeNull();
    expect(cold.rates.mqtThermal).not.toBeNull();
    const hot = theorySummary({ ...base, theta: 4 * theta0 });
    expect(hot.rates.mqtThermal).toBeNull();
    expect(hot.rates.quantumCorrection).toBeGreaterThan(1);
    for (const s of [cold, hot]) for (const v of Object.values(s.rates)) expect(Number.isNaN(v)).toBe(false);
  });
});
