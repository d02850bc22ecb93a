/**
 * The best available escape rate at any temperature, the escape temperature (physics.md §5) and a
 * summary of every theory number at one operating point. Dimensionless throughout (Γ/ω_p0,
 * θ = k_BT/E_J, ħ̃ = ħω_p0/E_J); junction.ts converts to SI.
 *
 * Escape-temperature convention (physics.md §5): T_esc is defined by
 *   Γ ≡ (ω_p/2π)·exp(−ΔU/k_BT_esc),
 * with the exact ΔU and ω_p at the bias. In the thermal regime T_esc ≈ T; in the quantum regime it
 * levels off at a plateau ≈ ħω_p/[7.2k_B(1 + 0.87/Q)].
 */
import { caldeiraLeggettDamping } from './constants.js';
import { ParameterError, requireInRange } from './parameters.js';
import { action, barrierHeight, plasmaFrequency, qualityFactor, requireGamma, requirePositive } from './potential.js';
import {
  crossoverTheta,
  mqtLogThermalEnhancement,
  mqtRate,
  quantumCorrection,
  requireHbar,
  type DampingParameters,
  type QuantumParameters,
} from './quantum.js';
import {
  bhlRate,
  energyDiffusionRate,
  kramersRate,
  melnikovMeshkovRate,
  requireRateParameters,
  tstRate,
} from './rates.js';

export type EscapeRegime = 'thermal' | 'crossover' | 'quantum';

export interface EscapeRateResult {
  /** Γ/ω_p0. */
  rate: number;
  regime: EscapeRegime;
  /** One sentence: which formula was used and why. */
  reason: string;
  /** Conditions under which the formulas used are outside their validity. */
  warnings: string[];
}

/** Below this ΔU/k_BT every Kramers-type formula is outside its asymptotic validity. */
const MIN_BARRIER_OVER_KT = 3;

/** Thermal side: Mel'nikov–Meshkov (valid at every damping) times the quantum factor f_q. */
function thermalRate(p: QuantumParameters): number {
  return melnikovMeshkovRate(p) * quantumCorrection(p);
}

/** Quantum side: Caldeira–Leggett MQT times its leading thermal enhancement. */
function quantumRate(p: QuantumParameters): number {
  return mqtRate(p) * Math.exp(mqtLogThermalEnhancement(p));
}

/**
 * Γ/ω_p0 from the regime the temperature puts the junction in:
 * - thermal, T ≥ 2T₀: Mel'nikov–Meshkov × f_q (f_q is the exact harmonic Matsubara factor there,
 *   at most sinh(π/2) ≈ 2.3 at weak damping);
 * - quantum, T ≤ T₀: Caldeira–Leggett MQT × exp[(36π/Q)(ΔU/ħω_p)(k_BT/ħω_p)²];
 * - crossover, T₀ < T < 2T₀: no formula in physics.md holds there (f_q diverges at T₀, the T²
 *   enhancement is only leading order), so ln Γ is interpolated linearly in 1/T between the two
 *   formulas' values at T₀ and 2T₀. Thermal ln Γ is itself nearly linear in 1/T, so the bridge is
 *   smooth and monotone, and T_esc is continuous through it.
 * With hbar = 0 (classical) the thermal branch is used at every T, with f_q = 1.
 */
export function escapeRateDimensionless(p: QuantumParameters): EscapeRateResult {
  requireRateParameters(p);
  requireHbar(p.hbar);
  const warnings: string[] = [];
  const barrierOverKT = barrierHeight(p.gamma) / p.theta;
  if (barrierOverKT < MIN_BARRIER_OVER_KT) {
    warnings.push(`ΔU/k_BT = ${fmt(barrierOverKT)} < ${MIN_BARRIER_OVER_KT}: the barrier is too low for any Kramers-type formula`);
  }
  if (p.hbar === 0) {
    return {
      rate: melnikovMeshkovRate(p),
      regime: 'thermal',
      reason: 'ħ = 0 (classical parameters): Mel\'nikov–Meshkov rate, no quantum correction',
      warnings,
    };
  }
  const x = barrierHeight(p.gamma) / (p.hbar * plasmaFrequency(p.gamma));
  if (x < 1) warnings.push(`ΔU/ħω_p = ${fmt(x)} < 1: less than one level in the well, semiclassical MQT formulas fail`);
  const theta0 = crossoverTheta(p);
  const ratio = p.theta / theta0;
  if (ratio >= 2) {
    const fq = quantumCorrection(p);
    return {
      rate: melnikovMeshkovRate(p) * fq,
      regime: 'thermal',
      reason: `T = ${fmt(ratio)}·T₀ ≥ 2T₀: Mel'nikov–Meshkov rate × quantum correction f_q = ${fmt(fq)}`,
      warnings,
    };
  }
  if (ratio <= 1) {
    return {
      rate: quantumRate(p),
      regime: 'quantum',
      reason: `T = ${fmt(ratio)}·T₀ ≤ T₀: Caldeira–Leggett MQT rate with its T² thermal enhancement`,
      warnings,
    };
  }
  const lnQuantum = Math.log(quantumRate({ ...p, theta: theta0 }));
  const lnThermal = Math.log(thermalRate({ ...p, theta: 2 * theta0 }));
  // w = 1 at T₀, 0 at 2T₀, linear in 1/T.
  const w = (1 / p.theta - 1 / (2 * theta0)) / (1 / theta0 - 1 / (2 * theta0));
  return {
    rate: Math.exp(w * lnQuantum + (1 - w) * lnThermal),
    regime: 'crossover',
    reason: `T₀ < T = ${fmt(ratio)}·T₀ < 2T₀: ln Γ interpolated linearly in 1/T between MQT at T₀ and thermal × f_q at 2T₀`,
    warnings,
  };
}

function fmt(x: number): string {
  return Number(x.toPrecision(4)).toString();
}

/** θ_esc = k_BT_esc/E_J from Γ/ω_p0, by the convention Γ = (ω_p/2π)exp(−ΔU/k_BT_esc). */
export function escapeThetaFromRate(gamma: number, rate: number): number {
  requireGamma(gamma);
  const attempt = plasmaFrequency(gamma) / (2 * Math.PI);
  requireInRange('rate', rate, { min: 0, max: attempt, minInclusive: false, maxInclusive: false });
  return barrierHeight(gamma) / Math.log(attempt / rate);
}

/** Γ/ω_p0 = (ω_p/2π)exp(−ΔU/k_BT_esc) from θ_esc (the inverse of escapeThetaFromRate). */
export function rateFromEscapeTheta(gamma: number, thetaEsc: number): number {
  requireGamma(gamma);
  requirePositive('thetaEsc', thetaEsc);
  return (plasmaFrequency(gamma) / (2 * Math.PI)) * Math.exp(-barrierHeight(gamma) / thetaEsc);
}

/** Predicted θ_esc at temperature θ, from escapeRateDimensionless. */
export function escapeTheta(p: QuantumParameters): number {
  return escapeThetaFromRate(p.gamma, escapeRateDimensionless(p).rate);
}

/**
 * Plateau of θ_esc as T → 0: the T_esc of the zero-temperature MQT rate, prefactor included,
 * i.e. ΔU/[(36/5)(ΔU/ħω_p)(1 + 0.87/Q) − ln a_q].
 */
export function escapeThetaPlateau(p: DampingParameters): number {
  return escapeThetaFromRate(p.gamma, mqtRate(p));
}

/**
 * The textbook plateau ħω_p/[7.2(1 + 0.87/Q)] (in units of E_J), which drops the ln a_q of the
 * prefactor; it approaches escapeThetaPlateau as ΔU/ħω_p grows.
 */
export function escapeThetaPlateauApprox(p: DampingParameters): number {
  requireGamma(p.gamma);
  requirePositive('hbar', p.hbar);
  const Q = qualityFactor(p.Q0, p.gamma);
  return (p.hbar * plasmaFrequency(p.gamma)) / (7.2 * (1 + caldeiraLeggettDamping / Q));
}

export interface EscapeCurvePoint {
  theta: number;
  thetaEsc: number;
  regime: EscapeRegime;
}

/** The predicted θ_esc(θ) curve over the given temperatures (with its plateau below θ₀). */
export function escapeThetaCurve(p: DampingParameters, thetas: readonly number[]): EscapeCurvePoint[] {
  return thetas.map((theta) => {
    const r = escapeRateDimensionless({ ...p, theta });
    return { theta, thetaEsc: escapeThetaFromRate(p.gamma, r.rate), regime: r.regime };
  });
}

/** Every theory number at one dimensionless operating point; null where a formula does not apply. */
export interface TheorySummary {
  gamma: number;
  Q0: number;
  theta: number;
  hbar: number;
  barrierHeight: number;
  barrierOverKT: number;
  plasmaFrequency: number;
  qualityFactor: number;
  action: number;
  energyLoss: number;
  crossoverTheta: number;
  rates: {
    tst: number;
    kramers: number;
    energyDiffusion: number;
    bhl: number;
    melnikovMeshkov: number;
    /** f_q; null at or below T₀ or when ħ = 0. */
    quantumCorrection: number | null;
    /** Mel'nikov–Meshkov × f_q; null where f_q is. */
    thermalQuantumCorrected: number | null;
    /** Caldeira–Leggett at T = 0; null when ħ = 0. */
    mqtZeroTemperature: number | null;
    /** MQT with thermal enhancement; null above T₀ or when ħ = 0. */
    mqtThermal: number | null;
    escape: number;
  };
  escapeTheta: number | null;
  escapeThetaPlateau: number | null;
  regime: EscapeRegime;
  reason: string;
  warnings: string[];
}

export function theorySummary(p: QuantumParameters): TheorySummary {
  requireRateParameters(p);
  requireHbar(p.hbar);
  const quantum = p.hbar > 0;
  const theta0 = crossoverTheta(p);
  const aboveCrossover = quantum && p.theta > theta0;
  const fq = aboveCrossover ? quantumCorrection(p) : null;
  const mm = melnikovMeshkovRate(p);
  const escape = escapeRateDimensionless(p);
  const attempt = plasmaFrequency(p.gamma) / (2 * Math.PI);
  return {
    gamma: p.gamma,
    Q0: p.Q0,
    theta: p.theta,
    hbar: p.hbar,
    barrierHeight: barrierHeight(p.gamma),
    barrierOverKT: barrierHeight(p.gamma) / p.theta,
    plasmaFrequency: plasmaFrequency(p.gamma),
    qualityFactor: qualityFactor(p.Q0, p.gamma),
    action: action(p.gamma),
    energyLoss: action(p.gamma) / (p.Q0 * p.theta),
    crossoverTheta: theta0,
    rates: {
      tst: tstRate(p),
      kramers: kramersRate(p),
      energyDiffusion: energyDiffusionRate(p),
      bhl: bhlRate(p),
      melnikovMeshkov: mm,
      quantumCorrection: fq,
      thermalQuantumCorrected: fq === null ? null : mm * fq,
      mqtZeroTemperature: quantum ? mqtRate(p) : null,
      mqtThermal: quantum && !aboveCrossover ? mqtRate(p) * Math.exp(mqtLogThermalEnhancement(p)) : null,
      escape: escape.rate,
    },
    // T_esc needs 0 < Γ < ω_p/2π; a rate that reaches the attempt frequency has no T_esc.
    escapeTheta: escape.rate > 0 && escape.rate < attempt ? escapeThetaFromRate(p.gamma, escape.rate) : null,
    escapeThetaPlateau: quantum ? safePlateau(p) : null,
    regime: escape.regime,
    reason: escape.reason,
    warnings: escape.warnings,
  };
}

function safePlateau(p: DampingParameters): number | null {
  try {
    return escapeThetaPlateau(p);
  } catch (err) {
    if (err instanceof ParameterError) return null;
    throw err;
  }
}
