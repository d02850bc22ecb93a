/**
 * Exact mean first-passage time of the overdamped (Smoluchowski) phase, physics.md §6:
 *
 *   φ′ = Q₀f(φ) + noise, diffusion constant D = Q₀θ,
 *   T = (Q₀θ)⁻¹ ∫_{start}^{absorbing} dx e^{u(x)/θ} ∫_{−∞}^{x} dy e^{−u(y)/θ}   (units of 1/ω_p0),
 *
 * with a reflecting boundary at −∞ (which the tilt makes harmless: e^{−u/θ} → 0 there).
 *
 * Both exponentials overflow f64 once ΔU/θ passes ~700, long before the answer does, so the
 * integrand is handled as exp(E(x) − M) with E = u/θ + ln I and M a running maximum, and the
 * inner integral ln I(x) is itself formed from a shifted integrand. The inner integral over
 * (−∞, x] is summed exactly: u(y − 2π) = u(y) + 2πγ, so each earlier period contributes
 * e^{−2πγ/θ} times the one after it, and
 *   I(x) = ∫_{x−2π}^{x} e^{−u(y)/θ} dy / (1 − e^{−2πγ/θ}).
 */
import { ParameterError, requireInRange } from './parameters.js';
import { requireGamma, requirePositive, washboardPotential } from './potential.js';
import { gradedBreakpoints, integrate } from './quadrature.js';

export interface MfptParameters {
  gamma: number;
  Q0: number;
  theta: number;
  /** Starting phase; default the well minimum arcsin γ. */
  start?: number;
  /** Absorbing phase; default arcsin γ + 2π, the next well's minimum (physics.md §6). */
  absorbing?: number;
}

/** Points a + 2πk (k integer) that lie strictly inside (lo, hi). */
function periodicPointsInside(a: number, lo: number, hi: number): number[] {
  const out: number[] = [];
  const twoPi = 2 * Math.PI;
  for (let k = Math.ceil((lo - a) / twoPi); ; k++) {
    const x = a + twoPi * k;
    if (x >= hi) break;
    if (x > lo) out.push(x);
  }
  return out;
}

/**
 * Breakpoints for an integrand exp(±u/θ) on (lo, hi): graded around each interior peak (Gaussian
 * width √θ/ω_p) and towards each end, where the integrand may be largest and fall off over the
 * shorter of √θ/ω_p and θ/|u′|.
 */
function boltzmannBreakpoints(gamma: number, theta: number, peaks: number[], lo: number, hi: number): number[] {
  const omega2 = Math.sqrt((1 - gamma) * (1 + gamma));
  const sigma = Math.sqrt(theta / omega2);
  const endWidth = (x: number) => Math.min(sigma, theta / Math.max(Math.abs(gamma - Math.sin(x)), 1e-300));
  const out = [
    ...peaks.flatMap((x) => gradedBreakpoints(x, sigma, lo, hi)),
    ...gradedBreakpoints(lo, endWidth(lo), lo, hi),
    ...gradedBreakpoints(hi, endWidth(hi), lo, hi),
  ];
  return out.sort((a, b) => a - b);
}

/** ln ∫_{−∞}^{x} e^{−u(y)/θ} dy. */
function logInnerIntegral(gamma: number, theta: number, x: number): number {
  const twoPi = 2 * Math.PI;
  const wellPhase = Math.asin(gamma);
  const topPhase = Math.PI - wellPhase;
  const lo = x - twoPi;
  // The window [x − 2π, x] holds exactly one well minimum (maybe at its left end); −u is largest
  // there or at x (−u(x) exceeds −u(x − 2π) by 2πγ), so this is the integrand's maximum.
  const well = wellPhase + twoPi * Math.ceil((lo - wellPhase) / twoPi);
  const shift = Math.max(-washboardPotential(gamma, x), -washboardPotential(gamma, well)) / theta;
  const integrand = (y: number) => Math.exp(-washboardPotential(gamma, y) / theta - shift);
  const breakpoints = [
    ...boltzmannBreakpoints(gamma, theta, periodicPointsInside(wellPhase, lo, x), lo, x),
    ...periodicPointsInside(topPhase, lo, x),
  ];
  const window = integrate(integrand, lo, x, { breakpoints, relTol: 1e-12, negligibleEndValue: 1e-20 });
  return shift + Math.log(window) - Math.log(-Math.expm1((-twoPi * gamma) / theta));
}

function validate(p: MfptParameters): { start: number; absorbing: number } {
  requireGamma(p.gamma);
  if (p.gamma === 0) {
    throw new ParameterError('gamma', 0, '(0, 1)', 'with no tilt the phase diffuses to −∞ as often as forward, and the mean first-passage time is infinite');
  }
  requirePositive('Q0', p.Q0);
  requirePositive('theta', p.theta);
  const wellPhase = Math.asin(p.gamma);
  const start = requireInRange('start', p.start ?? wellPhase, {});
  const absorbing = requireInRange('absorbing', p.absorbing ?? wellPhase + 2 * Math.PI, {
    min: start,
    minInclusive: false,
  });
  return { start, absorbing };
}

/**
 * ln T_MFPT (T in units of 1/ω_p0). Finite for any barrier, where T itself may exceed f64.
 */
export function logOverdampedMeanFirstPassageTime(p: MfptParameters): number {
  const { start, absorbing } = validate(p);
  const { gamma, theta, Q0 } = p;
  const exponent = (x: number) => washboardPotential(gamma, x) / theta + logInnerIntegral(gamma, theta, x);
  const wellPhase = Math.asin(gamma);
  const tops = periodicPointsInside(Math.PI - wellPhase, start, absorbing);
  const breakpoints = [
    ...periodicPointsInside(wellPhase, start, absorbing),
    ...boltzmannBreakpoints(gamma, theta, tops, start, absorbing),
  ];
  // The integrand peaks just past each barrier top; its largest value at the breakpoints is
  // within O(1) of the true maximum in the exponent, which is all the shift needs.
  let shift = Math.max(exponent(start), exponent(absorbing));
  for (const x of breakpoints) shift = Math.max(shift, exponent(x));
  const outer = integrate((x) => Math.exp(exponent(x) - shift), start, absorbing, {
    breakpoints,
    relTol: 1e-11,
    negligibleEndValue: 1e-20,
  });
  return shift + Math.log(outer) - Math.log(Q0 * theta);
}

/**
 * Exact overdamped mean first-passage time from `start` to `absorbing`, in units of 1/ω_p0.
 * Returns +Infinity only where the true value exceeds the f64 range (use the log form there).
 */
export function overdampedMeanFirstPassageTime(p: MfptParameters): number {
  return Math.exp(logOverdampedMeanFirstPassageTime(p));
}
