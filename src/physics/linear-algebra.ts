/**
 * Dense real linear algebra (the bounce's Newton steps and fluctuation determinants, spline systems): LU with
 * partial pivoting (the Hessian at a bounce is indefinite: one negative mode), and ln|det|.
 */

export interface LU {
  n: number;
  a: Float64Array;
  perm: Int32Array;
  /** Sign of det (from pivots and row swaps); 0 if singular. */
  sign: number;
  /** ln|det|. */
  logAbsDet: number;
}

/** LU factorisation of the row-major n×n matrix `m` (not modified). */
export function luFactor(m: Float64Array, n: number): LU {
  const a = Float64Array.from(m);
  const perm = new Int32Array(n);
  let sign = 1;
  let logAbsDet = 0;
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = Math.abs(a[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]!);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (best === 0) return { n, a, perm, sign: 0, logAbsDet: -Infinity };
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j]!;
        a[k * n + j] = a[p * n + j]!;
        a[p * n + j] = t;
      }
      const t = perm[k]!;
      perm[k] = perm[p]!;
      perm[p] = t;
      sign = -sign;
    }
    const pivot = a[k * n + k]!;
    if (pivot < 0) sign = -sign;
    logAbsDet += Math.log(Math.abs(pivot));
    for (let i = k + 1; i < n; i++) {
      const f = a[i * n + k]! / pivot;
      if (f === 0) continue;
      a[i * n + k] = f;
      const ri = i * n;
      const rk = k * n;
      for (let j = k + 1; j < n; j++) a[ri + j] = a[ri + j]! - f * a[rk + j]!;
    }
  }
  return { n, a, perm, sign, logAbsDet };
}

/** Solves A x = b with a factorisation from luFactor. */
export function luSolve(lu: LU, b: Float64Array): Float64Array {
  const { n, a, perm } = lu;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = b[perm[i]!]!;
  for (let i = 0; i < n; i++) {
    let s = x[i]!;
    for (let j = 0; j < i; j++) s -= a[i * n + j]! * x[j]!;
    x[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let j = i + 1; j < n; j++) s -= a[i * n + j]! * x[j]!;
    x[i] = s / a[i * n + i]!;
  }
  return x;
}
