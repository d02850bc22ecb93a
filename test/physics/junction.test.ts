import { describe, expect, it } from 'vitest';
import { boltzmannConstant, elementaryCharge, fluxQuantum, planckConstant, reducedPlanckConstant } from '../../src/physics/constants.js';
import {
  biasJunction,
  currentFromGamma,
  escapeRate,
  escapeTemperatureCurve,
  escapeTemperatureFromRate,
  escapeTemperaturePlateau,
  gammaFromCurrent,
  junctionSummary,
  makeJunction,
  rateFromEscapeTemperature,
  rateFromHertz,
  rateToHertz,
  temperatureFromTheta,
  thetaFromTemperature,
} from '../../src/physics/junction.js';
import { ParameterError } from '../../src/physics/parameters.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);
const j = makeJunction({ criticalCurrent: 10e-6, capacitance: 5e-12, resistance: 100 });

describe('SI junction', () => {
  it('uses the exact 2019-SI constants (CODATA 2018): Φ₀ = 2.067833848…e-15 Wb', () => {
    expect(elementaryCharge).toBe(1.602176634e-19);
    expect(planckConstant).toBe(6.62607015e-34);
    expect(boltzmannConstant).toBe(1.380649e-23);
    expect(rel(fluxQuantum, 2.067833848e-15)).toBeLessThan(1e-9);
    expect(rel(reducedPlanckConstant, 1.054571817e-34)).toBeLessThan(1e-9);
  });

  it('E_J = I_cΦ₀/2π, E_C = e²/2C, ω_p0 = √(2eI_c/ħC), Q₀ = ω_p0RC and ħω_p0/E_J = √(8E_C/E_J)', () => {
    expect(rel(j.josephsonEnergy, (10e-6 * fluxQuantum) / (2 * Math.PI))).toBeLessThan(1e-14);
    // E_J/k_B ≈ 23.8 K per µA of critical current, a standard rule of thumb.
    expect(j.josephsonEnergy / boltzmannConstant / 10).toBeCloseTo(23.8, 1);
    expect(rel(j.chargingEnergy, elementaryCharge ** 2 / 10e-12)).toBeLessThan(1e-14);
    // ω_p0/2π for 10 µA and 5 pF is 12.4 GHz.
    expect(j.plasmaFrequency0 / (2 * Math.PI) / 1e9).toBeCloseTo(12.4, 1);
    expect(rel(j.Q0, j.plasmaFrequency0 * 100 * 5e-12)).toBeLessThan(1e-14);
    expect(rel(j.hbarOmegaOverEJ, Math.sqrt((8 * j.chargingEnergy) / j.josephsonEnergy))).toBeLessThan(1e-14);
  });

  it('conversions round-trip: T ↔ θ, I ↔ γ, s⁻¹ ↔ Γ/ω_p0, T_esc ↔ rate', () => {
    expect(rel(temperatureFromTheta(j, thetaFromTemperature(j, 0.05)), 0.05)).toBeLessThan(1e-15);
    expect(rel(currentFromGamma(j, gammaFromCurrent(j, 9.5e-6)), 9.5e-6)).toBeLessThan(1e-15);
    expect(rel(rateFromHertz(j, rateToHertz(j, 3e-7)), 3e-7)).toBeLessThan(1e-15);
    const b = biasJunction(j, { current: 9.5e-6 });
    expect(b.gamma).toBeCloseTo(0.95, 15);
    expect(rel(escapeTemperatureFromRate(b, rateFromEscapeTemperature(b, 0.042)), 0.042)).toBeLessThan(1e-12);
  });

  it('escapeRate in s⁻¹ is ω_p0 times the dimensionless rate, and the summary is SI-consistent', () => {
    const b = biasJunction(j, { gamma: 0.97 });
    const s = junctionSummary(b, 0.2);
    const r = escapeRate(b, 0.2);
    expect(rel(r.rate, s.ratesHz.escape!)).toBeLessThan(1e-14);
    expect(r.regime).toBe(s.dimensionless.regime);
    expect(rel(s.plasmaFrequency, j.plasmaFrequency0 * Math.pow(1 - 0.97 ** 2, 0.25))).toBeLessThan(1e-14);
    // T₀ ≈ ħω_p/2πk_B at this weak damping (Q ≈ 15).
    expect(rel(s.crossoverTemperature, (reducedPlanckConstant * s.plasmaFrequency) / (2 * Math.PI * boltzmannConstant))).toBeLessThan(0.05);
  });

  it('T_esc(T) in kelvin: plateau below T₀, then T_esc → T (within 5%) once thermal', () => {
    const b = biasJunction(j, { current: 9.5e-6 });
    const T0 = junctionSummary(b, 0.05).crossoverTemperature;
    const plateau = escapeTemperaturePlateau(b);
    const curve = escapeTemperatureCurve(b, [0.1 * T0, 0.3 * T0, 3 * T0, 5 * T0]);
    expect(rel(curve[0]!.escapeTemperature, plateau)).toBeLessThan(0.01);
    expect(rel(curve[1]!.escapeTemperature, plateau)).toBeLessThan(0.01);
    expect(curve[0]!.regime).toBe('quantum');
    expect(curve[3]!.regime).toBe('thermal');
    expect(rel(curve[3]!.escapeTemperature, 5 * T0)).toBeLessThan(0.05);
    // The plateau sits just below T₀ for this weakly damped junction (ħω_p/7.2k_B vs ħω_p/2πk_B).
    expect(plateau / T0).toBeGreaterThan(0.75);
    expect(plateau / T0).toBeLessThan(1);
  });

  it('rejects negative capacitance, bias ≥ I_c and negative temperature', () => {
    expect(() => makeJunction({ criticalCurrent: 1e-6, capacitance: -1e-12, resistance: 10 })).toThrow(ParameterError);
    expect(() => biasJunction(j, { current: 10e-6 })).toThrow(/current/);
    expect(() => thetaFromTemperature(j, -1)).toThrow(/temperature/);
  });
});
