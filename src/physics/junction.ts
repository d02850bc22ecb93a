/**
 * A junction in SI units (I_c, C, R) and the conversions between SI and the dimensionless units
 * of the rest of the library (physics.md §1): energies in E_J = ħI_c/2e, time in 1/ω_p0,
 * θ = k_BT/E_J, γ = I/I_c, and ħ̃ = ħω_p0/E_J = (8E_C/E_J)^{1/2}.
 */
import { boltzmannConstant, elementaryCharge, reducedPlanckConstant } from './constants.js';
import {
  escapeRateDimensionless,
  escapeThetaCurve,
  escapeThetaFromRate,
  escapeThetaPlateau,
  rateFromEscapeTheta,
  theorySummary,
  type EscapeRegime,
  type TheorySummary,
} from './escape.js';
import { ParameterError, requireInRange } from './parameters.js';
import { requireGamma, requirePositive } from './potential.js';
import type { QuantumParameters } from './quantum.js';

export interface JunctionSpec {
  /** I_c in A. */
  criticalCurrent: number;
  /** C in F. */
  capacitance: number;
  /** R in Ω. */
  resistance: number;
}

export interface Junction extends JunctionSpec {
  /** E_J = ħI_c/2e, J. */
  josephsonEnergy: number;
  /** E_C = e²/2C, J. */
  chargingEnergy: number;
  /** ω_p0 = (2eI_c/ħC)^{1/2}, rad/s. */
  plasmaFrequency0: number;
  /** Q₀ = ω_p0RC. */
  Q0: number;
  /** ħω_p0/E_J (the dimensionless ħ). */
  hbarOmegaOverEJ: number;
}

export function makeJunction(spec: JunctionSpec): Junction {
  const criticalCurrent = requirePositive('criticalCurrent', spec.criticalCurrent);
  const capacitance = requirePositive('capacitance', spec.capacitance);
  const resistance = requirePositive('resistance', spec.resistance);
  const josephsonEnergy = (reducedPlanckConstant * criticalCurrent) / (2 * elementaryCharge);
  const chargingEnergy = (elementaryCharge * elementaryCharge) / (2 * capacitance);
  const plasmaFrequency0 = Math.sqrt((2 * elementaryCharge * criticalCurrent) / (reducedPlanckConstant * capacitance));
  return {
    criticalCurrent,
    capacitance,
    resistance,
    josephsonEnergy,
    chargingEnergy,
    plasmaFrequency0,
    Q0: plasmaFrequency0 * resistance * capacitance,
    hbarOmegaOverEJ: (reducedPlanckConstant * plasmaFrequency0) / josephsonEnergy,
  };
}

/** θ = k_BT/E_J for T in kelvin (T = 0 allowed: the quantum formulas accept it). */
export function thetaFromTemperature(j: Junction, temperature: number): number {
  requireInRange('temperature', temperature, { min: 0, minInclusive: true });
  return (boltzmannConstant * temperature) / j.josephsonEnergy;
}

/** T in kelvin from θ. */
export function temperatureFromTheta(j: Junction, theta: number): number {
  requireInRange('theta', theta, { min: 0, minInclusive: true });
  return (theta * j.josephsonEnergy) / boltzmannConstant;
}

/** γ = I/I_c, required to lie in [0, 1) where a well exists. */
export function gammaFromCurrent(j: Junction, current: number): number {
  requireInRange('current', current, { min: 0, max: j.criticalCurrent, minInclusive: true, maxInclusive: false });
  return current / j.criticalCurrent;
}

export function currentFromGamma(j: Junction, gamma: number): number {
  requireGamma(gamma);
  return gamma * j.criticalCurrent;
}

/** Γ in s⁻¹ from Γ/ω_p0. */
export function rateToHertz(j: Junction, rate: number): number {
  return rate * j.plasmaFrequency0;
}

/** Γ/ω_p0 from Γ in s⁻¹. */
export function rateFromHertz(j: Junction, rateHz: number): number {
  return rateHz / j.plasmaFrequency0;
}

/** Time in units of 1/ω_p0 from seconds, and back. */
export function timeToDimensionless(j: Junction, seconds: number): number {
  return seconds * j.plasmaFrequency0;
}

export function timeToSeconds(j: Junction, tau: number): number {
  return tau / j.plasmaFrequency0;
}

/** Ramp rate dγ/dτ from dI/dt in A/s. */
export function rampRateToDimensionless(j: Junction, ampsPerSecond: number): number {
  return ampsPerSecond / (j.criticalCurrent * j.plasmaFrequency0);
}

export interface BiasedJunction extends Junction {
  gamma: number;
  /** I in A. */
  current: number;
}

/** The junction at a bias given either as a current I (A) or as γ = I/I_c. */
export function biasJunction(j: Junction, bias: { current: number } | { gamma: number }): BiasedJunction {
  if ('current' in bias) return { ...j, current: bias.current, gamma: gammaFromCurrent(j, bias.current) };
  return { ...j, gamma: bias.gamma, current: currentFromGamma(j, bias.gamma) };
}

/** Dimensionless parameters of a biased junction at temperature T (K). */
export function dimensionlessParameters(j: BiasedJunction, temperature: number): QuantumParameters {
  return { gamma: j.gamma, Q0: j.Q0, theta: thetaFromTemperature(j, temperature), hbar: j.hbarOmegaOverEJ };
}

export interface EscapeRateSI {
  /** Γ in s⁻¹. */
  rate: number;
  regime: EscapeRegime;
  reason: string;
  warnings: string[];
}

/** The escape rate Γ (s⁻¹) of a biased junction at T (K); see escapeRateDimensionless for regimes. */
export function escapeRate(j: BiasedJunction, temperature: number): EscapeRateSI {
  const p = dimensionlessParameters(j, temperature);
  if (p.theta === 0) throw new ParameterError('temperature', temperature, '(0, ∞) K', 'use T > 0 (the T → 0 limit is mqtRate)');
  const r = escapeRateDimensionless(p);
  return { ...r, rate: rateToHertz(j, r.rate) };
}

/** T_esc (K) from a rate in s⁻¹, under Γ ≡ (ω_p/2π)exp(−ΔU/k_BT_esc) (physics.md §5). */
export function escapeTemperatureFromRate(j: BiasedJunction, rateHz: number): number {
  return temperatureFromTheta(j, escapeThetaFromRate(j.gamma, rateFromHertz(j, rateHz)));
}

/** Rate in s⁻¹ from T_esc (K), under the same convention. */
export function rateFromEscapeTemperature(j: BiasedJunction, escapeTemperature: number): number {
  requirePositive('escapeTemperature', escapeTemperature);
  return rateToHertz(j, rateFromEscapeTheta(j.gamma, thetaFromTemperature(j, escapeTemperature)));
}

/**
 * Predicted T_esc(T) in kelvin over the given temperatures, with the regime at each; below T₀ it
 * levels off at escapeTemperaturePlateau. Convention: Γ ≡ (ω_p/2π)exp(−ΔU/k_BT_esc).
 */
export function escapeTemperatureCurve(
  j: BiasedJunction,
  temperatures: readonly number[],
): { temperature: number; escapeTemperature: number; regime: EscapeRegime }[] {
  const thetas = temperatures.map((T) => requirePositive('temperature', thetaFromTemperature(j, T)));
  const p = { gamma: j.gamma, Q0: j.Q0, hbar: j.hbarOmegaOverEJ };
  return escapeThetaCurve(p, thetas).map((pt, i) => ({
    temperature: temperatures[i]!,
    escapeTemperature: temperatureFromTheta(j, pt.thetaEsc),
    regime: pt.regime,
  }));
}

/** The T → 0 plateau of T_esc (K): T_esc of the zero-temperature Caldeira–Leggett rate. */
export function escapeTemperaturePlateau(j: BiasedJunction): number {
  return temperatureFromTheta(j, escapeThetaPlateau({ gamma: j.gamma, Q0: j.Q0, hbar: j.hbarOmegaOverEJ }));
}

/** Everything at one SI operating point: the dimensionless summary plus its SI conversions. */
export interface JunctionSummary {
  junction: Junction;
  current: number;
  temperature: number;
  /** ΔU in J. */
  barrierHeight: number;
  /** ω_p in rad/s. */
  plasmaFrequency: number;
  /** T₀ in K. */
  crossoverTemperature: number;
  /** T_esc in K (null where undefined). */
  escapeTemperature: number | null;
  escapeTemperaturePlateau: number | null;
  /** Rates in s⁻¹, same keys as the dimensionless summary. */
  ratesHz: { [K in keyof TheorySummary['rates']]: number | null };
  dimensionless: TheorySummary;
}

export function junctionSummary(j: BiasedJunction, temperature: number): JunctionSummary {
  const p = dimensionlessParameters(j, temperature);
  const s = theorySummary(p);
  const toHz = (r: number | null) => (r === null ? null : rateToHertz(j, r));
  const toK = (t: number | null) => (t === null ? null : temperatureFromTheta(j, t));
  const ratesHz = Object.fromEntries(Object.entries(s.rates).map(([k, v]) => [k, toHz(v)])) as JunctionSummary['ratesHz'];
  return {
    junction: j,
    current: j.current,
    temperature,
    barrierHeight: s.barrierHeight * j.josephsonEnergy,
    plasmaFrequency: s.plasmaFrequency * j.plasmaFrequency0,
    crossoverTemperature: temperatureFromTheta(j, s.crossoverTheta),
    escapeTemperature: toK(s.escapeTheta),
    escapeTemperaturePlateau: toK(s.escapeThetaPlateau),
    ratesHz,
    dimensionless: s,
  };
}
