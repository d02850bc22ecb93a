/**
 * When a bias ramp is slow enough for quasi-stationary escape (physics.md §6–7).
 *
 * Fulton–Dunkleberger (§7) treats the escape under a ramp as escape at a fixed bias with the rate
 * Γ(γ(τ)) of that instant. That holds only while the state in the well keeps up with the bias: the
 * rate must change little within the time the well's population takes to relax. The dimensionless
 * measure used here is the relative change of the rate within one relaxation time,
 *
 *   ε = |d ln Γ/dγ| · γ̇ · t_relax      (γ̇ = dγ/dτ, t_relax in units of 1/ω_p0),
 *
 * and a ramp with ε ≥ 0.1 (the rate moves by ≳ 10% before the well has relaxed) is called too fast.
 * Since d ln Γ/dγ ≈ |∂ΔU/∂γ|/k_BT = 1/β_γ (the Gumbel scale of §7, in γ), ε is also the fraction of
 * the distribution's intrinsic width that the bias sweeps within one relaxation time.
 */
import { requireInRange } from './parameters.js';

/** ε above which a ramp is reported as too fast for quasi-stationary escape. */
export const QUASI_STATIONARY_THRESHOLD = 0.1;

/**
 * Time for the state in the well to relax, in units of 1/ω_p0: at weak damping the oscillation
 * amplitude decays as e^{−τ/2Q₀} (physics.md §6: "about 2Q", in units of 1/ω_p, is 2Q₀ here); at
 * strong damping the phase creeps back at the rate Q₀ω_p² of φ′ = Q₀f(φ), with ω_p² = √(1−γ²).
 * The larger of the two bounds the slowest linear relaxation time of the well from above.
 */
export function wellRelaxationTime(Q0: number, gamma: number): number {
  return Math.max(2 * Q0, 1 / (Q0 * Math.sqrt((1 - gamma) * (1 + gamma))));
}

export interface RampAdiabaticityInput {
  /** The fixed-bias escape rate Γ(γ) that the ramp's distribution is compared with (units of ω_p0). */
  rate: (gamma: number) => number;
  /** Bias at which to judge the ramp: where switching happens (the predicted mean switching bias). */
  gamma: number;
  /** γ̇ = dγ/dτ > 0. */
  rampRate: number;
  Q0: number;
}

export interface RampAdiabaticity {
  gamma: number;
  /** d ln Γ/dγ at `gamma`. */
  logRateSlope: number;
  /** t_relax (units of 1/ω_p0). */
  relaxationTime: number;
  /** ε = |d ln Γ/dγ|·γ̇·t_relax: the relative change of Γ within one relaxation time. */
  rateChangePerRelaxation: number;
  threshold: number;
  /** ε ≥ threshold: the escape does not follow the instantaneous rate. */
  tooFast: boolean;
  /** The criterion in words, for reports. */
  criterion: string;
}

/** ε of a ramp at one bias; d ln Γ/dγ by a central difference of the given rate. */
export function rampAdiabaticity(input: RampAdiabaticityInput): RampAdiabaticity {
  const gamma = requireInRange('gamma', input.gamma, { min: 0, max: 1 });
  const rampRate = requireInRange('ramp-rate', input.rampRate, { min: 0 });
  // A step small against the rate's scale β_γ ~ θ/(2 arccos γ) but far above rounding of ln Γ.
  const h = 1e-5 * Math.min(gamma, 1 - gamma);
  const logRateSlope = (Math.log(input.rate(gamma + h)) - Math.log(input.rate(gamma - h))) / (2 * h);
  const relaxationTime = wellRelaxationTime(input.Q0, gamma);
  const rateChangePerRelaxation = Math.abs(logRateSlope) * rampRate * relaxationTime;
  return {
    gamma, logRateSlope, relaxationTime, rateChangePerRelaxation,
    threshold: QUASI_STATIONARY_THRESHOLD,
    tooFast: rateChangePerRelaxation >= QUASI_STATIONARY_THRESHOLD,
    criterion: `quasi-stationary escape needs |d ln Γ/dγ|·γ̇·t_relax < ${QUASI_STATIONARY_THRESHOLD}, t_relax = max(2Q₀, 1/(Q₀√(1−γ²))), at the predicted mean switching bias`,
  };
}

/** The one line a report prints beside the χ² when the ramp is too fast; null when it is not. */
export function rampTooFastNote(q: RampAdiabaticity | null): string | null {
  if (!q?.tooFast) return null;
  return `ramp too fast for quasi-stationary escape: the rate changes by a fraction |d ln Γ/dγ|·γ̇·t_relax = ${q.rateChangePerRelaxation.toPrecision(2)} ` +
    `within a relaxation time t_relax = ${q.relaxationTime.toPrecision(3)}/ω_p0 at γ = ${q.gamma.toPrecision(4)} (≥ ${q.threshold}), ` +
    'so the histogram need not follow the fixed-bias rate and a large χ² against theory is expected';
}
