/**
 * The analytic curves the page draws, sampled from the theory library. Everything here is
 * dimensionless (Γ/ω_p0, θ = k_BT/E_J, bias γ); plots.ts converts to SI for display. Nothing here
 * evaluates a formula of its own: each number is a call into src/physics.
 */
import { escapeThetaCurve, escapeThetaPlateau } from '../physics/escape.js';
import { ParameterError } from '../physics/parameters.js';
import { action, barrierHeight } from '../physics/potential.js';
import { crossoverTheta, mqtRate, mqtRateAtTemperature, quantumCorrection, type QuantumParameters } from '../physics/quantum.js';
import { bhlRate, energyDiffusionRate, kramersRate, melnikovMeshkovRate, tstRate } from '../physics/rates.js';
import { escapeRateDimensionless } from '../physics/escape.js';
import { switchingDistribution } from '../physics/switching.js';

/** n points from a to b, evenly spaced, or evenly spaced in log when `log`. */
export function spaced(a: number, b: number, n: number, log = false): number[] {
  return Array.from({ length: n }, (_, i) => {
    const f = n === 1 ? 0 : i / (n - 1);
    return log ? a * Math.pow(b / a, f) : a + (b - a) * f;
  });
}

/** A formula evaluated where it applies; null where the library says it does not. */
function where<T>(f: () => T): T | null {
  try {
    return f();
  } catch (err) {
    if (err instanceof ParameterError) return null;
    throw err;
  }
}

export interface ArrheniusTheory {
  /** 1/θ = E_J/k_BT, increasing. */
  inverseTheta: number[];
  tst: number[];
  kramers: number[];
  melnikovMeshkov: number[];
  /** Mel'nikov–Meshkov × f_q, above T₀ only (null below, and everywhere when ħ = 0). */
  quantumCorrected: (number | null)[];
  /** Caldeira–Leggett MQT with its thermal enhancement, at and below T₀ only. */
  mqt: (number | null)[];
  /** Γ_q at T = 0 (null when ħ = 0). */
  mqtZeroTemperature: number | null;
  /** θ₀ = k_BT₀/E_J (null when ħ = 0). */
  crossoverTheta: number | null;
}

/**
 * Γ against 1/T at the operating point's bias and damping. The range runs from ΔU/k_BT = 1 to
 * 30, extended to show T₀ and the operating point itself with some margin.
 */
export function arrheniusTheory(p: QuantumParameters, points = 160): ArrheniusTheory {
  const dU = barrierHeight(p.gamma);
  const quantum = p.hbar > 0;
  const theta0 = quantum ? crossoverTheta(p) : null;
  let maxBarrier = Math.max(30, 1.2 * (dU / p.theta));
  if (theta0 !== null) maxBarrier = Math.max(maxBarrier, Math.min(1.6 * (dU / theta0), 400));
  const inverseTheta = spaced(1 / dU, maxBarrier / dU, points);
  const at = (x: number) => ({ ...p, theta: 1 / x });
  return {
    inverseTheta,
    tst: inverseTheta.map((x) => tstRate(at(x))),
    kramers: inverseTheta.map((x) => kramersRate(at(x))),
    melnikovMeshkov: inverseTheta.map((x) => melnikovMeshkovRate(at(x))),
    quantumCorrected: inverseTheta.map((x) => (quantum ? where(() => melnikovMeshkovRate(at(x)) * quantumCorrection(at(x))) : null)),
    mqt: inverseTheta.map((x) => (theta0 !== null && 1 / x <= theta0 ? mqtRateAtTemperature(at(x)) : null)),
    mqtZeroTemperature: quantum ? mqtRate(p) : null,
    crossoverTheta: theta0,
  };
}

export interface TurnoverTheory {
  Q0: number[];
  tst: number[];
  kramers: number[];
  /** Energy diffusion Δ·Γ_TST, drawn only where Δ ≤ 1 (it is the Δ ≪ 1 limit). */
  energyDiffusion: (number | null)[];
  bhl: number[];
  melnikovMeshkov: number[];
}

/** Kramers turnover: Γ against Q₀ at the operating point's bias and temperature. */
export function turnoverTheory(p: QuantumParameters, points = 121): TurnoverTheory {
  const Q0 = spaced(1e-2, 1e4, points, true);
  const at = (q: number) => ({ ...p, Q0: q });
  return {
    Q0,
    tst: Q0.map((q) => tstRate(at(q))),
    kramers: Q0.map((q) => kramersRate(at(q))),
    energyDiffusion: Q0.map((q) => (action(p.gamma) / (q * p.theta) <= 1 ? energyDiffusionRate(at(q)) : null)),
    bhl: Q0.map((q) => bhlRate(at(q))),
    melnikovMeshkov: Q0.map((q) => melnikovMeshkovRate(at(q))),
  };
}

/** Q₀ values of the simulated turnover: across the Kramers maximum, both sides of it. */
export const TURNOVER_Q0 = [0.5, 2, 10, 50, 250];

export interface EscapeTemperatureTheory {
  theta: number[];
  /** θ_esc, null where the rate leaves (0, ω_p/2π) and T_esc is undefined. */
  thetaEsc: (number | null)[];
  plateau: number | null;
  crossoverTheta: number | null;
}

/**
 * T_esc against T, under the convention Γ ≡ (ω_p/2π)exp(−ΔU/k_BT_esc) (physics.md §5). With ħ > 0
 * the range spans the crossover, so the plateau shows; classically it brackets the operating point.
 */
export function escapeTemperatureTheory(p: QuantumParameters, points = 90): EscapeTemperatureTheory {
  const quantum = p.hbar > 0;
  const theta0 = quantum ? crossoverTheta(p) : null;
  const top = theta0 !== null ? Math.max(3 * theta0, 1.5 * p.theta) : 2 * p.theta;
  const theta = spaced(top / points, top, points);
  const curve = { gamma: p.gamma, Q0: p.Q0, hbar: p.hbar };
  return {
    theta,
    thetaEsc: theta.map((t) => where(() => escapeThetaCurve(curve, [t])[0]!.thetaEsc)),
    plateau: quantum ? where(() => escapeThetaPlateau(curve)) : null,
    crossoverTheta: theta0,
  };
}

/** The regime-aware escape rate Γ(γ)/ω_p0 at fixed temperature, as a function of the bias. */
export function rateOfBias(p: QuantumParameters): (gamma: number) => number {
  return (gamma) => escapeRateDimensionless({ ...p, gamma }).rate;
}

export interface SwitchingTheory {
  /** γ on the refined grid where switching happens, and the Fulton–Dunkleberger density P(γ). */
  gamma: number[];
  density: number[];
  mean: number;
  width: number;
  /** Γ(γ)/ω_p0 over the same window, thinned for plotting. */
  rateGamma: number[];
  rate: number[];
}

/** The Fulton–Dunkleberger switching distribution for the ramp dγ/dτ = rampRate. */
export function switchingTheory(p: QuantumParameters, rampRate: number): SwitchingTheory {
  const rate = rateOfBias(p);
  const d = switchingDistribution({ rate, rampRate, from: 0, to: 1 - 1e-9, points: 801 });
  const step = 4;
  const rateGamma = d.x.filter((_, i) => i % step === 0);
  return { gamma: d.x, density: d.density, mean: d.mean, width: d.width, rateGamma, rate: rateGamma.map(rate) };
}

export interface WidthTheory {
  theta: number[];
  /** σ of the Fulton–Dunkleberger distribution (in γ) at each temperature. */
  width: number[];
  /** σ ∝ T^{2/3}, anchored at the highest temperature. */
  powerLaw: number[];
  /** σ from the zero-temperature MQT rate (null when ħ = 0). */
  plateau: number | null;
  crossoverTheta: number | null;
}

/** σ(T) of the switching distribution at the operating point's damping and ramp. */
export function widthTheory(p: QuantumParameters, rampRate: number, points = 14): WidthTheory {
  const quantum = p.hbar > 0;
  const theta0 = quantum ? crossoverTheta(p) : null;
  const theta = theta0 !== null ? spaced(0.1 * theta0, Math.max(10 * theta0, 2 * p.theta), points, true) : spaced(p.theta / 10, 3 * p.theta, points, true);
  const widthAt = (rate: (gamma: number) => number) => switchingDistribution({ rate, rampRate, from: 0, to: 1 - 1e-9, points: 401 }).width;
  const width = theta.map((t) => widthAt(rateOfBias({ ...p, theta: t })));
  const hot = theta.length - 1;
  const powerLaw = theta.map((t) => width[hot]! * Math.pow(t / theta[hot]!, 2 / 3));
  const plateau = quantum ? widthAt((gamma) => mqtRate({ gamma, Q0: p.Q0, hbar: p.hbar })) : null;
  return { theta, width, powerLaw, plateau, crossoverTheta: theta0 };
}
