/**
 * Switching-current distributions under a linear bias ramp (physics.md §7).
 *
 * The bias variable x may be a current (A, ramp in A/s, rate in s⁻¹) or γ (ramp dγ/dτ, rate in
 * ω_p0): only consistency matters. Fulton & Dunkleberger (PRB 9, 4760 (1974)):
 *   P(x) = (Γ(x)/ẋ)·exp[−∫^x Γ(x′)dx′/ẋ].
 */
import { eulerGamma, zeta3 } from './constants.js';
import { ParameterError, requireInRange, requireInteger } from './parameters.js';
import { bisect } from './quadrature.js';

export interface SwitchingInput {
  /** Escape rate as a function of the bias variable; must be ≥ 0 and finite. */
  rate: (x: number) => number;
  /** Ramp rate ẋ > 0. */
  rampRate: number;
  /** Bias at which the ramp starts (no switching before it). */
  from: number;
  /** Last bias considered (e.g. just below the critical bias). */
  to: number;
  /** Points of the refined grid (odd, for Simpson's rule); default 4001. */
  points?: number;
}

export interface SwitchingDistribution {
  x: number[];
  /** P(x), normalized over the whole ramp (integrates to escapedFraction). */
  density: number[];
  /** Probability of not having switched by x. */
  survival: number[];
  /** Fraction that switched before `to`. */
  escapedFraction: number;
  /** Moments of the switched population. */
  mean: number;
  width: number;
  skewness: number;
}

/** Cumulative ∫Γ on a grid, exact for a rate that is exponential on each cell (the usual case). */
function cumulativeIntegral(x: readonly number[], g: readonly number[]): number[] {
  const out = [0];
  for (let i = 1; i < x.length; i++) {
    const h = x[i]! - x[i - 1]!;
    const a = g[i - 1]!;
    const b = g[i]!;
    let cell: number;
    if (a > 0 && b > 0 && Math.abs(b / a - 1) > 1e-6) cell = (h * (b - a)) / Math.log(b / a);
    else cell = 0.5 * h * (a + b);
    out.push(out[i - 1]! + cell);
  }
  return out;
}

function grid(from: number, to: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => from + ((to - from) * i) / (n - 1));
}

function sampleRate(rate: (x: number) => number, xs: readonly number[]): number[] {
  return xs.map((x) => {
    const g = rate(x);
    if (!(g >= 0) || !Number.isFinite(g)) throw new ParameterError('rate', g, '[0, ∞)', `rate function at ${x} is not a finite non-negative number`);
    return g;
  });
}

/** Simpson's rule on an odd-length uniform grid. */
function simpson(h: number, f: readonly number[]): number {
  const n = f.length - 1;
  let s = f[0]! + f[n]!;
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f[i]!;
  return (s * h) / 3;
}

/**
 * Forward Fulton–Dunkleberger distribution with its mean, width σ and skewness. A coarse pass
 * finds where the switching happens (cumulative exponent between 1e-13 and 60), and the density
 * is then resolved on a fine grid over just that window.
 */
export function switchingDistribution(input: SwitchingInput): SwitchingDistribution {
  const { rate, rampRate, from, to } = input;
  const points = input.points ?? 4001;
  requireInRange('rampRate', rampRate, { min: 0, minInclusive: false });
  requireInRange('from', from, {});
  requireInRange('to', to, { min: from, minInclusive: false });
  requireInteger('points', points, { min: 101, minInclusive: true });
  if (points % 2 === 0) throw new ParameterError('points', points, 'an odd integer ≥ 101', 'Simpson needs an even number of cells');

  const coarse = grid(from, to, 4001);
  const coarseH = cumulativeIntegral(coarse, sampleRate(rate, coarse)).map((v) => v / rampRate);
  const total = coarseH[coarseH.length - 1]!;
  if (!(total > 1e-13)) {
    throw new ParameterError('rate', total, 'switching probability > 1e-13 within [from, to]', 'no switching happens on this ramp');
  }
  let lo = 0;
  while (lo + 1 < coarse.length && coarseH[lo + 1]! < 1e-13) lo++;
  let hi = coarse.length - 1;
  while (hi - 1 > lo && coarseH[hi - 1]! > 60) hi--;
  const offset = coarseH[lo]!;
  const x = grid(coarse[lo]!, coarse[hi]!, points);
  const g = sampleRate(rate, x);
  const H = cumulativeIntegral(x, g).map((v) => offset + v / rampRate);
  const survival = H.map((v) => Math.exp(-v));
  const density = g.map((v, i) => (v / rampRate) * survival[i]!);
  const h = x[1]! - x[0]!;
  const escapedFraction = 1 - survival[survival.length - 1]!;
  const mass = simpson(h, density);
  const rough = simpson(h, density.map((p, i) => p * x[i]!)) / mass;
  const central = (k: number) => simpson(h, density.map((p, i) => p * (x[i]! - rough) ** k)) / mass;
  const m1 = central(1);
  const m2 = central(2);
  const m3 = central(3);
  const variance = m2 - m1 * m1;
  const third = m3 - 3 * m1 * m2 + 2 * m1 ** 3;
  return {
    x,
    density,
    survival,
    escapedFraction,
    mean: rough + m1,
    width: Math.sqrt(variance),
    skewness: third / variance ** 1.5,
  };
}

export interface HistogramInput {
  /** Left edge of the first bin. */
  start: number;
  /** Bin width ΔI > 0. */
  binWidth: number;
  /** Switching counts per bin (non-negative integers). */
  counts: readonly number[];
  rampRate: number;
  /** Bins are used only if they hold at least this many switches and leave this many survivors; default 10. */
  minCount?: number;
}

export interface RatePoint {
  /** Bin centre. */
  x: number;
  /** Γ averaged over the bin: (ẋ/ΔI)·ln(N_k/N_{k+1}). */
  rate: number;
  /** One standard error from binomial counting: (ẋ/ΔI)·√(n_k/(N_k N_{k+1})). */
  error: number;
  /** Switches in the bin, n_k. */
  count: number;
  /** N_k, switches in this bin and all later ones. */
  remaining: number;
}

/**
 * Inversion of a switching histogram: Γ(I_k) = (İ/ΔI)·ln(N_k/N_{k+1}), N_k the counts in bins
 * j ≥ k. Given N_k, the count n_k is binomial with p = 1 − N_{k+1}/N_k, so the delta method
 * gives var ln(N_k/N_{k+1}) = n_k/(N_k N_{k+1}). Bins with few counts or few survivors are dropped.
 */
export function ratesFromHistogram(input: HistogramInput): RatePoint[] {
  const { start, binWidth, counts, rampRate } = input;
  const minCount = input.minCount ?? 10;
  requireInRange('start', start, {});
  requireInRange('binWidth', binWidth, { min: 0, minInclusive: false });
  requireInRange('rampRate', rampRate, { min: 0, minInclusive: false });
  requireInRange('minCount', minCount, { min: 1, minInclusive: true });
  counts.forEach((c, i) => requireInteger(`counts[${i}]`, c, { min: 0, minInclusive: true }));
  const remaining: number[] = new Array<number>(counts.length + 1).fill(0);
  for (let k = counts.length - 1; k >= 0; k--) remaining[k] = remaining[k + 1]! + counts[k]!;
  const out: RatePoint[] = [];
  const scale = rampRate / binWidth;
  for (let k = 0; k < counts.length; k++) {
    const n = counts[k]!;
    const Nk = remaining[k]!;
    const Nnext = remaining[k + 1]!;
    if (n < minCount || Nnext < minCount) continue;
    out.push({
      x: start + (k + 0.5) * binWidth,
      rate: scale * Math.log(Nk / Nnext),
      error: scale * Math.sqrt(n / (Nk * Nnext)),
      count: n,
      remaining: Nk,
    });
  }
  return out;
}

/** Skewness of the Gumbel (minimum) law, −12√6ζ(3)/π³ = −1.1395: switching is skewed to low bias. */
export const gumbelSkewness = (-12 * Math.sqrt(6) * zeta3) / Math.PI ** 3;

export interface GumbelInput {
  rate: (x: number) => number;
  rampRate: number;
  /**
   * β(x) = k_BT/|∂ΔU/∂x|, the bias scale over which Γ grows by e. Defaults to 1/(d ln Γ/dx) by
   * central difference, which also counts the prefactor's slope.
   */
  beta?: (x: number) => number;
  /** Bracket [lo, hi] containing the peak. */
  bracket: [number, number];
}

export interface GumbelEstimate {
  /** Most probable switching bias x_p, where Γ(x_p)·β = ẋ. */
  peak: number;
  beta: number;
  /** ⟨x⟩ = x_p − 0.5772·β. */
  mean: number;
  /** σ = πβ/√6. */
  width: number;
  skewness: number;
}

/**
 * Gumbel asymptotics of the switching distribution (physics.md §7): linearizing ln Γ about the
 * peak makes P(x) an extreme-value (Gumbel) law with scale β.
 */
export function gumbelSwitching(input: GumbelInput): GumbelEstimate {
  const { rate, rampRate } = input;
  const [lo, hi] = input.bracket;
  requireInRange('rampRate', rampRate, { min: 0, minInclusive: false });
  requireInRange('bracket[1]', hi, { min: lo, minInclusive: false });
  const beta =
    input.beta ??
    ((x: number) => {
      const d = 1e-6 * Math.max(Math.abs(x), hi - lo);
      return (2 * d) / (Math.log(rate(x + d)) - Math.log(rate(x - d)));
    });
  // Where Γ underflows to 0 the peak condition is simply "not yet": −∞ keeps bisection's signs right.
  const condition = (x: number) => {
    const g = rate(x);
    return g > 0 ? Math.log(g) + Math.log(beta(x)) - Math.log(rampRate) : Number.NEGATIVE_INFINITY;
  };
  const peak = bisect(condition, lo, hi);
  const b = beta(peak);
  return {
    peak,
    beta: b,
    mean: peak - eulerGamma * b,
    width: (Math.PI * b) / Math.sqrt(6),
    skewness: gumbelSkewness,
  };
}
