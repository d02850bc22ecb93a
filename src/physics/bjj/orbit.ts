/**
 * A mean-field orbit as a Fourier series, so that z(τ) and its window average can be evaluated at
 * any time, 1e25 ħ/J included, on the same footing as the exact signal.
 *
 * Every mean-field orbit (off the separatrix) is periodic: along H = ε each z between the turning
 * points is visited twice per period, with ż = ±√((1 − z²) − (Λz²/2 − ε)²), so
 *   T = 2∫_{z₋}^{z₊} dz / √f(z),  f(z) = (1 − z²) − (Λz²/2 − ε)²,
 * with z₊ the simple roots of f around the start. The Gauss–Chebyshev rule integrates the two
 * inverse-square-root endpoints exactly in weight, so T comes out to ~1e-14. One period is then
 * sampled by RK4 and transformed: z(τ) = Σ_k Z_k e^{ikωτ}, ω = 2π/T. A Gaussian window of width κτ
 * multiplies harmonic k by exp(−(kωκτ)²/2); for τ ≫ T only Z₀, the orbit average, survives.
 */
import { meanFieldEnergy, meanFieldTrajectory, type MeanFieldState } from './mean-field.js';
import { reducedPhase } from './phase.js';

export interface FourierOrbit {
  readonly lambda: number;
  /** Period in τ = 2Jt/ħ. */
  readonly period: number;
  /** Re and Im of Z_k, k = 0 … K − 1. */
  readonly re: Float64Array;
  readonly im: Float64Array;
  /** The orbit average Z₀ (the long-time mean-field value of z). */
  readonly average: number;
}

/** A root of f between a and b (in either order) where f changes sign. */
function bisect(f: (z: number) => number, a0: number, b0: number): number {
  let a = Math.min(a0, b0);
  let b = Math.max(a0, b0);
  let fa = f(a);
  for (let i = 0; i < 200; i++) {
    const m = 0.5 * (a + b);
    if (m <= a || m >= b) break;
    const fm = f(m);
    if (fm > 0 === fa > 0) {
      a = m;
      fa = fm;
    } else b = m;
  }
  return 0.5 * (a + b);
}

/** Period (in τ) of the orbit through `start`, or Infinity on the separatrix. */
export function orbitPeriod(lambda: number, start: MeanFieldState, nodes = 2000): number {
  const eps = meanFieldEnergy(lambda, start);
  const f = (z: number) => 1 - z * z - (0.5 * lambda * z * z - eps) ** 2;
  // The start satisfies f ≥ 0 (f = (1 − z²)sin²φ); walk out to the sign changes on each side.
  const z0 = Math.max(-1, Math.min(1, start.z));
  const dz = 1e-4;
  const edge = (dir: 1 | -1) => {
    let z = z0;
    while (Math.abs(z + dir * dz) <= 1 && f(z + dir * dz) > 0) z += dir * dz;
    if (Math.abs(z + dir * dz) > 1) return dir;
    return bisect(f, z + dir * dz, z);
  };
  const lo = f(z0) > 0 || f(z0 - dz) > 0 ? edge(-1) : z0;
  const hi = f(z0) > 0 || f(z0 + dz) > 0 ? edge(1) : z0;
  if (!(hi > lo)) return NaN;
  const c = 0.5 * (hi + lo);
  const h = 0.5 * (hi - lo);
  let sum = 0;
  for (let i = 0; i < nodes; i++) {
    const v = (Math.PI * (i + 0.5)) / nodes;
    const z = c - h * Math.cos(v);
    const q = f(z);
    if (q > 0) sum += (h * Math.sin(v)) / Math.sqrt(q);
  }
  return (2 * Math.PI * sum) / nodes;
}

export function fourierOrbit(lambda: number, start: MeanFieldState, harmonics = 128): FourierOrbit {
  const period = orbitPeriod(lambda, start);
  const K = 2 * harmonics;
  const taus = Float64Array.from({ length: K }, (_, i) => (i * period) / K);
  const step = Math.min(period / K / 4, 0.01 / Math.max(1, lambda));
  const { z } = meanFieldTrajectory(lambda, start, taus, step);
  const re = new Float64Array(harmonics);
  const im = new Float64Array(harmonics);
  for (let k = 0; k < harmonics; k++) {
    let a = 0;
    let b = 0;
    for (let i = 0; i < K; i++) {
      const angle = (2 * Math.PI * k * i) / K;
      a += z[i]! * Math.cos(angle);
      b -= z[i]! * Math.sin(angle);
    }
    re[k] = a / K;
    im[k] = b / K;
  }
  return { lambda, period, re, im, average: re[0]! };
}

/** z at time τ, window-averaged with relative width κ (0: the orbit itself). */
export function orbitImbalance(orbit: FourierOrbit, tau: number, smoothing = 0): number {
  const omega = (2 * Math.PI) / orbit.period;
  let sum = orbit.re[0]!;
  for (let k = 1; k < orbit.re.length; k++) {
    const x = k * omega * smoothing * tau;
    const g = smoothing === 0 ? 1 : Math.exp(-0.5 * x * x);
    if (g < 1e-17) break;
    const phase = reducedPhase(k * omega, tau);
    sum += 2 * g * (orbit.re[k]! * Math.cos(phase) - orbit.im[k]! * Math.sin(phase));
  }
  return sum;
}
