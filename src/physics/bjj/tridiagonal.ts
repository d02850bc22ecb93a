/**
 * Symmetric tridiagonal eigenproblems in f64: all eigenvalues by implicit QL with Wilkinson-type
 * shifts, Sturm counts and bisection as an independent check, and eigenvectors by a twisted
 * factorisation, whose components are each a product of stable ratios, so that exponentially
 * small tails keep their relative accuracy (and are also returned as logarithms, which never
 * underflow).
 *
 * A matrix is given by its diagonal `diagonal[0..n-1]` and its off-diagonal `offDiagonal[0..n-2]`
 * (offDiagonal[k] couples k and k + 1).
 */

export interface SymmetricTridiagonal {
  readonly diagonal: ArrayLike<number>;
  readonly offDiagonal: ArrayLike<number>;
}

/** All eigenvalues, ascending, by implicit QL (O(n²) work, O(n) memory). */
export function tridiagonalEigenvalues(t: SymmetricTridiagonal): Float64Array {
  const n = t.diagonal.length;
  const d = Float64Array.from(t.diagonal);
  const e = new Float64Array(n); // e[n-1] stays 0: a sentinel that ends every search for a split
  for (let i = 0; i < n - 1; i++) e[i] = t.offDiagonal[i]!;
  for (let l = 0; l < n; l++) {
    for (let iteration = 0; ; iteration++) {
      let m = l;
      // A negligible coupling splits the matrix: the block l..m is then treated on its own.
      while (m < n - 1 && Math.abs(e[m]!) > Number.EPSILON * (Math.abs(d[m]!) + Math.abs(d[m + 1]!))) m++;
      if (m === l) break;
      if (iteration > 60) throw new Error(`tridiagonalEigenvalues: no convergence at row ${l}`);
      // Shift from the leading 2×2 block, taken on the side that avoids cancellation.
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let deflated = false;
      for (; i >= l; i--) {
        const f = s * e[i]!;
        const b = c * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] = d[i + 1]! - p;
          e[m] = 0;
          deflated = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
      }
      if (deflated) continue;
      d[l] = d[l]! - p;
      e[l] = g;
      e[m] = 0;
    }
  }
  return d.sort();
}

/** How many eigenvalues are strictly below x (Sylvester's law of inertia on the LDLᵀ pivots). */
export function sturmCount(t: SymmetricTridiagonal, x: number): number {
  const n = t.diagonal.length;
  let count = 0;
  let q = 1;
  for (let k = 0; k < n; k++) {
    const b = k > 0 ? t.offDiagonal[k - 1]! : 0;
    q = t.diagonal[k]! - x - (k > 0 ? (b * b) / q : 0);
    if (q === 0) q = -Number.MIN_VALUE; // a pivot exactly at zero counts as just below
    if (q < 0) count++;
  }
  return count;
}

/** Gershgorin bounds on the spectrum. */
export function spectralBounds(t: SymmetricTridiagonal): [number, number] {
  const n = t.diagonal.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < n; k++) {
    const r = (k > 0 ? Math.abs(t.offDiagonal[k - 1]!) : 0) + (k < n - 1 ? Math.abs(t.offDiagonal[k]!) : 0);
    lo = Math.min(lo, t.diagonal[k]! - r);
    hi = Math.max(hi, t.diagonal[k]! + r);
  }
  return [lo, hi];
}

/** The k-th eigenvalue (ascending, from 0) by bisection on Sturm counts, to the last bit. */
export function eigenvalueByBisection(t: SymmetricTridiagonal, k: number): number {
  let [lo, hi] = spectralBounds(t);
  const pad = 1e-12 * Math.max(Math.abs(lo), Math.abs(hi), 1);
  lo -= pad;
  hi += pad;
  for (let i = 0; i < 2100; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (sturmCount(t, mid) > k) hi = mid;
    else lo = mid;
  }
  return 0.5 * (lo + hi);
}

/** An eigenvector with its components also as log|·| and sign, normalised to unit length. */
export interface TwistedEigenvector {
  /** Components (tails below ~1e-308 underflow to 0 here, but not in logAbs). */
  readonly values: Float64Array;
  /** ln|component|, −Infinity only for an exact zero. */
  readonly logAbs: Float64Array;
  /** Sign of each component: +1, −1 or 0. */
  readonly sign: Int8Array;
  /** The twist index (where the two factorisations meet). */
  readonly twist: number;
}

/**
 * The eigenvector for an (approximate) eigenvalue λ from the twisted factorisation of T − λ:
 * pivots from the top (D⁺) and from the bottom (D⁻) meet at the index r where
 * γ_r = D⁺_r + D⁻_r − (a_r − λ) is smallest; away from r every ratio z_k/z_{k±1} is a pivot
 * quotient taken in the direction in which the solution decays, so an error δ in λ only leaves
 * a residual δ at the twist index and each tail component keeps relative accuracy (Dhillon &
 * Parlett, Linear Algebra Appl. 387, 1 (2004)).
 */
export function twistedEigenvector(t: SymmetricTridiagonal, lambda: number): TwistedEigenvector {
  const n = t.diagonal.length;
  const a = t.diagonal;
  const b = t.offDiagonal;
  // A pivot that is exactly zero (λ hits an eigenvalue of a leading or trailing block, as at
  // U = 0 where the diagonal vanishes) is moved by one ulp of the matrix scale, as LAPACK does.
  let scale = 0;
  for (let k = 0; k < n; k++) scale = Math.max(scale, Math.abs(a[k]!) + (k > 0 ? Math.abs(b[k - 1]!) : 0) + (k < n - 1 ? Math.abs(b[k]!) : 0));
  const tiny = Number.EPSILON * Math.max(scale, Number.MIN_VALUE * 2 ** 60);
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let q = a[k]! - lambda - (k > 0 ? (b[k - 1]! * b[k - 1]!) / up[k - 1]! : 0);
    if (q === 0) q = tiny;
    up[k] = q;
  }
  for (let k = n - 1; k >= 0; k--) {
    let q = a[k]! - lambda - (k < n - 1 ? (b[k]! * b[k]!) / down[k + 1]! : 0);
    if (q === 0) q = tiny;
    down[k] = q;
  }
  let twist = 0;
  let best = Infinity;
  for (let k = 0; k < n; k++) {
    const gamma = Math.abs(up[k]! + down[k]! - (a[k]! - lambda));
    if (gamma < best) {
      best = gamma;
      twist = k;
    }
  }
  const logAbs = new Float64Array(n);
  const sign = new Int8Array(n);
  sign[twist] = 1;
  for (let k = twist - 1; k >= 0; k--) {
    const ratio = -b[k]! / up[k]!;
    logAbs[k] = logAbs[k + 1]! + Math.log(Math.abs(ratio));
    sign[k] = (sign[k + 1]! * Math.sign(ratio)) as -1 | 0 | 1;
  }
  for (let k = twist + 1; k < n; k++) {
    const ratio = -b[k - 1]! / down[k]!;
    logAbs[k] = logAbs[k - 1]! + Math.log(Math.abs(ratio));
    sign[k] = (sign[k - 1]! * Math.sign(ratio)) as -1 | 0 | 1;
  }
  let peak = -Infinity;
  for (let k = 0; k < n; k++) peak = Math.max(peak, logAbs[k]!);
  let sum = 0;
  for (let k = 0; k < n; k++) sum += Math.exp(2 * (logAbs[k]! - peak));
  const logNorm = peak + 0.5 * Math.log(sum);
  const values = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    logAbs[k] = logAbs[k]! - logNorm;
    values[k] = sign[k]! * Math.exp(logAbs[k]!);
  }
  // A global sign convention: the largest component is positive.
  let kMax = 0;
  for (let k = 1; k < n; k++) if (logAbs[k]! > logAbs[kMax]!) kMax = k;
  if (sign[kMax]! < 0) {
    for (let k = 0; k < n; k++) {
      values[k] = -values[k]!;
      sign[k] = -sign[k]! as -1 | 0 | 1;
    }
  }
  return { values, logAbs, sign, twist };
}
