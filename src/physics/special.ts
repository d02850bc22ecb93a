/**
 * Special functions not covered by a library: ln|Γ(z)| for complex z with Re z > 0.
 *
 * The Matsubara closed form of f_q needs Γ(1 + a±/ν) with a± = 1/(2RC) ± (1/(4R²C²) − ω_p²)^{1/2},
 * which is complex for every underdamped junction (Q(γ) > ½); only the modulus enters, since a₊
 * and a₋ are conjugate. Real arguments go to @stdlib's gammaln.
 */
import gammaln from '@stdlib/math-base-special-gammaln';

// Stirling-series coefficients B_{2k}/(2k(2k−1)), k = 1…8.
const STIRLING = [
  1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400,
] as const;

/** ln Γ(x) for real x > 0 (from @stdlib). */
export function logGamma(x: number): number {
  return gammaln(x);
}

/**
 * ln|Γ(x + iy)| for x > 0. The recurrence Γ(z) = Γ(z + n)/∏(z + k) moves the argument to
 * |z| ≥ 20, where eight Stirling terms leave a relative error below 1e-16.
 */
export function logAbsGamma(x: number, y: number): number {
  if (!(x > 0) || !Number.isFinite(y)) throw new RangeError(`logAbsGamma: need Re z > 0, got ${x} + ${y}i`);
  if (y === 0) return gammaln(x);
  let shift = 0;
  let re = x;
  while (re * re + y * y < 400) {
    shift += 0.5 * Math.log(re * re + y * y);
    re += 1;
  }
  // Re[(z − ½)ln z − z + ½ln 2π + Σ c_k z^{1−2k}]
  const r = Math.hypot(re, y);
  const arg = Math.atan2(y, re);
  let value = (re - 0.5) * Math.log(r) - y * arg - re + 0.5 * Math.log(2 * Math.PI);
  // z^{−(2k−1)} = r^{−(2k−1)} e^{−i(2k−1)arg}
  for (let k = 0; k < STIRLING.length; k++) {
    const n = 2 * k + 1;
    value += (STIRLING[k]! * Math.cos(n * arg)) / Math.pow(r, n);
  }
  return value - shift;
}
