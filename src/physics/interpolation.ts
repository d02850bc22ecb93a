/**
 * Interpolation of smooth tabulated functions. The quantum rate below T₀ costs a bounce per point,
 * so a switching histogram (thousands of rate evaluations) samples ln Γ(γ) at a few nodes and
 * interpolates; ln Γ is smooth in the bias, and the interpolation error is reported by the callers
 * from a node-halving.
 */
import { luFactor, luSolve } from './linear-algebra.js';
import { ParameterError } from './parameters.js';

/**
 * The cubic spline through (x_i, y_i), x strictly increasing, with not-a-knot end conditions
 * (the third derivative continuous at the second and second-to-last nodes), so that a cubic is
 * reproduced exactly and the error is O(h⁴) up to the ends. Outside [x₀, x_n] the end cubics are
 * continued.
 */
export function cubicSpline(x: readonly number[], y: readonly number[]): (t: number) => number {
  const n = x.length;
  if (n !== y.length || n < 4) throw new ParameterError('nodes', n, 'at least 4, as many x as y', 'a not-a-knot spline needs four nodes');
  for (let i = 1; i < n; i++) {
    if (!(x[i]! > x[i - 1]!)) throw new ParameterError('x', x[i]!, `> ${x[i - 1]}`, 'spline nodes must increase');
  }
  for (const v of y) if (!Number.isFinite(v)) throw new ParameterError('y', v, 'finite', 'spline values must be finite');
  const h = Array.from({ length: n - 1 }, (_, i) => x[i + 1]! - x[i]!);
  const slope = h.map((hi, i) => (y[i + 1]! - y[i]!) / hi);
  // Unknowns: second derivatives M_0…M_{n−1}. Interior rows: h_{i−1}M_{i−1} + 2(h_{i−1}+h_i)M_i +
  // h_iM_{i+1} = 6(slope_i − slope_{i−1}). End rows (not-a-knot): h_1M_0 − (h_0+h_1)M_1 + h_0M_2 = 0,
  // and the mirror at the right end. Dense elimination: n is a few dozen at most.
  const A = new Float64Array(n * n);
  const b = new Float64Array(n);
  const set = (i: number, j: number, v: number) => (A[i * n + j] = v);
  set(0, 0, h[1]!);
  set(0, 1, -(h[0]! + h[1]!));
  set(0, 2, h[0]!);
  for (let i = 1; i < n - 1; i++) {
    set(i, i - 1, h[i - 1]!);
    set(i, i, 2 * (h[i - 1]! + h[i]!));
    set(i, i + 1, h[i]!);
    b[i] = 6 * (slope[i]! - slope[i - 1]!);
  }
  set(n - 1, n - 3, h[n - 2]!);
  set(n - 1, n - 2, -(h[n - 3]! + h[n - 2]!));
  set(n - 1, n - 1, h[n - 3]!);
  const M = luSolve(luFactor(A, n), b);
  return (t: number) => {
    let i = 0;
    let hiIdx = n - 2;
    if (t <= x[0]!) i = 0;
    else if (t >= x[n - 1]!) i = n - 2;
    else {
      while (hiIdx - i > 0) {
        const mid = (i + hiIdx + 1) >> 1;
        if (x[mid]! <= t) i = mid;
        else hiIdx = mid - 1;
      }
    }
    const hi = h[i]!;
    const a = (x[i + 1]! - t) / hi;
    const c = (t - x[i]!) / hi;
    return a * y[i]! + c * y[i + 1]! + (((a * a * a - a) * M[i]! + (c * c * c - c) * M[i + 1]!) * hi * hi) / 6;
  };
}
