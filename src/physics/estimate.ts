/**
 * Rate estimation from censored escape times (physics.md §6).
 *
 * For a memoryless escape with rate Γ, the likelihood of N_esc escapes in total exposure Σtᵢ
 * (escape times of the escaped, the full run length of the survivors) is Γ^{N_esc}e^{−ΓΣtᵢ}: the
 * estimate is N_esc/Σtᵢ and the count is Poisson with mean ΓΣtᵢ, so the exact (Garwood) χ²
 * interval for a Poisson mean, divided by the exposure, is the confidence interval for Γ.
 */
import chisquareQuantile from '@stdlib/stats-base-dists-chisquare-quantile';
import { requireInRange, requireInteger } from './parameters.js';

export interface CensoredRateInput {
  /** Number of trajectories that escaped before the end of the run. */
  escaped: number;
  /** Σtᵢ: total time at risk (escape time if escaped, run length if not), in any time unit. */
  exposure: number;
  /** Two-sided confidence level of the interval; default 0.95. */
  confidence?: number;
}

export interface RateEstimate {
  /** Maximum-likelihood rate N_esc/Σtᵢ, in the inverse of the exposure's unit. */
  rate: number;
  lower: number;
  upper: number;
  /** √N_esc/Σtᵢ (the large-N standard error; 0 when nothing escaped). */
  standardError: number;
  /** 1/√N_esc; +Infinity when nothing escaped, since the rate is then only bounded above. */
  relativeError: number;
}

export function censoredRateEstimate(input: CensoredRateInput): RateEstimate {
  const { escaped, exposure } = input;
  const confidence = input.confidence ?? 0.95;
  requireInteger('escaped', escaped, { min: 0, minInclusive: true });
  requireInRange('exposure', exposure, { min: 0, minInclusive: false });
  requireInRange('confidence', confidence, { min: 0, max: 1, minInclusive: false, maxInclusive: false });
  const alpha = 1 - confidence;
  // χ²(0) is a point mass at 0, so the lower limit for N = 0 is 0 by continuity.
  const lowerCount = escaped === 0 ? 0 : 0.5 * chisquareQuantile(alpha / 2, 2 * escaped);
  const upperCount = 0.5 * chisquareQuantile(1 - alpha / 2, 2 * escaped + 2);
  return {
    rate: escaped / exposure,
    lower: lowerCount / exposure,
    upper: upperCount / exposure,
    standardError: Math.sqrt(escaped) / exposure,
    relativeError: escaped === 0 ? Number.POSITIVE_INFINITY : 1 / Math.sqrt(escaped),
  };
}

/**
 * One-sided upper confidence limit on Γ when no trajectory escaped in exposure Σtᵢ: the Poisson
 * probability of zero counts, e^{−ΓΣtᵢ}, falls to 1 − confidence at Γ = −ln(1 − confidence)/Σtᵢ
 * (≈ 2.996/Σtᵢ at 95%). One-sided because zero escapes can only bound the rate from above; it is
 * the χ²₂ quantile form 0.5·χ²(confidence; 2)/Σtᵢ of the Garwood limit with N = 0.
 */
export function poissonRateUpperBound(input: { exposure: number; confidence?: number }): number {
  const confidence = input.confidence ?? 0.95;
  requireInRange('exposure', input.exposure, { min: 0, minInclusive: false });
  requireInRange('confidence', confidence, { min: 0, max: 1, minInclusive: false, maxInclusive: false });
  return -Math.log1p(-confidence) / input.exposure;
}

export interface StepExtrapolation {
  /** The order p assumed in Γ(Δτ) = Γ₀ + cΔτ^p. */
  order: number;
  /** The Δτ → 0 value Γ₀ and its standard error. */
  limit: number;
  limitError: number;
  c: number;
  cError: number;
  /** Σ((Γᵢ − Γ₀ − cΔτᵢ^p)/σᵢ)², with points − 2 degrees of freedom. */
  chi2: number;
  dof: number;
}

/**
 * Weighted least-squares fit of a time-step study, Γ(Δτ) = Γ₀ + cΔτ^p with p fixed: linear in
 * (Γ₀, c), weights 1/σᵢ². The points must come from independent runs (their own seeds) for the
 * errors and χ² to mean anything. Used by the Δτ-convergence test and bench/dt-convergence.mjs.
 */
export function extrapolateToZeroStep(points: readonly { dt: number; value: number; error: number }[], order: number): StepExtrapolation {
  if (points.length < 2) throw new Error('extrapolateToZeroStep needs at least two step sizes');
  let S = 0, Sx = 0, Sxx = 0, Sy = 0, Sxy = 0;
  for (const p of points) {
    const w = 1 / p.error ** 2, x = p.dt ** order;
    S += w; Sx += w * x; Sxx += w * x * x; Sy += w * p.value; Sxy += w * x * p.value;
  }
  const det = S * Sxx - Sx * Sx;
  const limit = (Sxx * Sy - Sx * Sxy) / det, c = (S * Sxy - Sx * Sy) / det;
  const chi2 = points.reduce((s, p) => s + ((p.value - limit - c * p.dt ** order) / p.error) ** 2, 0);
  return { order, limit, limitError: Math.sqrt(Sxx / det), c, cError: Math.sqrt(S / det), chi2, dof: points.length - 2 };
}
