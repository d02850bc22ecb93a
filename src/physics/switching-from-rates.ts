/**
 * The Fulton–Dunkleberger switching distribution (physics.md §7) from a rate known only at a few
 * biases, with statistical errors: a simulated Γ(γ) (ring polymers, forward-flux sampling) or a
 * computed one that is too slow to evaluate thousands of times (the bounce). Shared by
 * src/physics/quantum-escape/switching.ts, src/models/ring-polymer/switching.ts and
 * src/models/ffs/switching.ts.
 */
import { ParameterError } from './parameters.js';
import { cubicSpline } from './interpolation.js';
import { switchingDistribution, type SwitchingDistribution } from './switching.js';

/**
 * The window over which simulated rate nodes are placed: the biases where a first-guess distribution's
 * cumulative exponent H = −ln S runs from WINDOW_H[0] to WINDOW_H[1]. A first guess off by a factor
 * 0.8–5 in rate moves H by as much, well inside it: the ramp starts at the low end (the switching
 * before it, H ≲ 10⁻⁴, is neglected) and ends at the high end (survival ≤ e^{−5}; the escaped fraction
 * is reported). The low end matters: the distribution's long tail toward low bias carries its width,
 * and starting at H = 10⁻³ instead narrows σ by 1.4% (docs/ring-polymer.md §10).
 */
export const WINDOW_H: readonly [number, number] = [1e-5, 10];

/**
 * Γ(γ) through rate nodes: a not-a-knot cubic spline of ln Γ in ln(1 − γ), in which ln Γ is smooth
 * (ΔU ∝ (1 − γ)^{3/2}, ω_p ∝ (1 − γ)^{1/4}); outside the nodes the end value is held, not the end
 * cubic extrapolated. At least four nodes, distinct biases in (0, 1), positive finite rates.
 */
export function interpolatedRate(nodes: ReadonlyArray<{ gamma: number; rate: number }>): (gamma: number) => number {
  const v = (gamma: number) => Math.log1p(-gamma);
  const sorted = [...nodes].sort((a, b) => b.gamma - a.gamma); // ln(1 − γ) increases as γ falls
  for (const n of sorted) {
    if (!(n.rate > 0) || !Number.isFinite(n.rate)) throw new ParameterError('rate', n.rate, '(0, ∞)', `the rate at γ = ${n.gamma} is not a positive number`);
  }
  const xs = sorted.map((n) => v(n.gamma));
  const lnRate = cubicSpline(xs, sorted.map((n) => Math.log(n.rate)));
  const [vMin, vMax] = [xs[0]!, xs[xs.length - 1]!];
  return (g) => Math.exp(lnRate(Math.min(vMax, Math.max(vMin, v(g)))));
}

/** The biases where a switching distribution's cumulative exponent H = −ln S first exceeds each of `levels` (the last bias if never). */
export function switchingQuantiles(d: Pick<SwitchingDistribution, 'x' | 'survival'>, levels: readonly number[]): number[] {
  return levels.map((h) => {
    const i = d.survival.findIndex((s) => -Math.log(s) > h);
    return d.x[i < 0 ? d.x.length - 1 : i]!;
  });
}

/** `count` biases from `from` to `to`, equally spaced in ln(1 − γ) (where ln Γ is smooth). */
export function nodeBiases(from: number, to: number, count: number): number[] {
  const v = (g: number) => Math.log1p(-g);
  return Array.from({ length: count }, (_, i) => -Math.expm1(v(from) + ((v(to) - v(from)) * i) / (count - 1)));
}

export interface RateNode {
  gamma: number;
  /** Γ/ω_p0 at γ. */
  rate: number;
  /** Standard error of ln Γ (independent between nodes). */
  lnRateError: number;
}

export interface NodeSwitching {
  distribution: SwitchingDistribution;
  /** Standard errors of the mean, width and skewness, propagated linearly from the nodes' ln Γ errors. */
  meanError: number;
  widthError: number;
  skewnessError: number;
  /** Standard error of the density at each of distribution.x (the error band), propagated the same way. */
  densityError: number[];
}

/** f at x by linear interpolation on an increasing grid xs (0 outside it: the density vanishes there). */
function linearAt(xs: readonly number[], f: readonly number[], x: number): number {
  if (x < xs[0]! || x > xs[xs.length - 1]!) return 0;
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid;
  }
  const t = xs[hi] === xs[lo] ? 0 : (x - xs[lo]!) / (xs[hi]! - xs[lo]!);
  return f[lo]! + t * (f[hi]! - f[lo]!);
}

/**
 * The Fulton–Dunkleberger distribution from a rate known at a few biases with statistical errors
 * (a simulated Γ(γ)): the ramp runs over [from, to] (no switching before `from`), Γ interpolated by
 * interpolatedRate. The errors of the moments and of the density are propagated linearly, ∂/∂ln Γ_i
 * by central differences, the nodes independent (each node is its own simulation). The shifted
 * distributions are resolved on their own grids, so their densities are compared on the central one.
 */
export function switchingFromRateNodes(nodes: readonly RateNode[], rampRate: number, from: number, to: number): NodeSwitching {
  const over = (lnShift: (i: number) => number) =>
    switchingDistribution({ rate: interpolatedRate(nodes.map((n, i) => ({ gamma: n.gamma, rate: n.rate * Math.exp(lnShift(i)) }))), rampRate, from, to });
  const distribution = over(() => 0);
  const xs = distribution.x;
  let meanVariance = 0;
  let widthVariance = 0;
  let skewnessVariance = 0;
  const densityVariance = new Array<number>(xs.length).fill(0);
  const h = 1e-3;
  nodes.forEach((n, i) => {
    if (n.lnRateError === 0) return;
    const up = over((j) => (j === i ? h : 0));
    const down = over((j) => (j === i ? -h : 0));
    const e = n.lnRateError / (2 * h);
    meanVariance += ((up.mean - down.mean) * e) ** 2;
    widthVariance += ((up.width - down.width) * e) ** 2;
    skewnessVariance += ((up.skewness - down.skewness) * e) ** 2;
    xs.forEach((x, k) => {
      densityVariance[k] = densityVariance[k]! + ((linearAt(up.x, up.density, x) - linearAt(down.x, down.density, x)) * e) ** 2;
    });
  });
  return {
    distribution,
    meanError: Math.sqrt(meanVariance),
    widthError: Math.sqrt(widthVariance),
    skewnessError: Math.sqrt(skewnessVariance),
    densityError: densityVariance.map(Math.sqrt),
  };
}
