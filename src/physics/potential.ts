/**
 * The tilted-washboard potential u(φ) = −cos φ − γφ (units of E_J) and the exact quantities
 * derived from it (physics.md §3). Everything is dimensionless: energies in E_J, frequencies in
 * ω_p0, temperature as θ = k_BT/E_J.
 *
 * Near γ → 1 the well and the barrier merge and the naive forms (differences of O(1) numbers
 * that agree to many digits) lose all precision; the forms used here stay accurate to a few ulp
 * of the answer right up to γ = 1 − 1e-15.
 */
import { requireInRange } from './parameters.js';
import { bisect, integrate } from './quadrature.js';

/** Validates a normalized bias γ = I/I_c: the washboard has a well only for 0 ≤ γ < 1. */
export function requireGamma(gamma: number, name = 'gamma'): number {
  return requireInRange(name, gamma, { min: 0, max: 1, minInclusive: true, maxInclusive: false });
}

export function requirePositive(name: string, value: number): number {
  return requireInRange(name, value, { min: 0, minInclusive: false });
}

/** arccos γ, computed from 1 − γ (exact in f64 for γ ≥ ½) so it keeps full relative precision as γ → 1. */
function arccosAccurate(gamma: number): number {
  return 2 * Math.asin(Math.sqrt(0.5 * (1 - gamma)));
}

/** √(1 − γ²) without the cancellation of 1 − γ·γ near γ = 1. */
function cosAtMinimum(gamma: number): number {
  return Math.sqrt((1 - gamma) * (1 + gamma));
}

/** Well minimum φ_min = arcsin γ. */
export function wellMinimum(gamma: number): number {
  requireGamma(gamma);
  return Math.asin(gamma);
}

/** Barrier top φ_max = π − arcsin γ. */
export function barrierTop(gamma: number): number {
  requireGamma(gamma);
  return Math.PI - Math.asin(gamma);
}

/** u(φ) = −cos φ − γφ. */
export function washboardPotential(gamma: number, phi: number): number {
  return -Math.cos(phi) - gamma * phi;
}

/** s − sin s, by its Taylor series where the direct difference would cancel. */
function sMinusSin(s: number): number {
  if (Math.abs(s) > 0.5) return s - Math.sin(s);
  const s2 = s * s;
  let term = (s * s2) / 6;
  let sum = 0;
  for (let k = 4; k < 40; k += 2) {
    sum += term;
    term *= -s2 / (k * (k + 1));
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return sum;
}

/**
 * Exact barrier height ΔU/E_J = 2[√(1−γ²) − γ arccos γ]. Written with α = arccos γ as
 * 2(sin α − α cos α), which is summed as a series for small α (γ near 1) to avoid cancellation.
 */
export function barrierHeight(gamma: number): number {
  requireGamma(gamma);
  const alpha = arccosAccurate(gamma);
  if (alpha > 0.5) return 2 * (Math.sin(alpha) - alpha * Math.cos(alpha));
  // sin α − α cos α = Σ_{k≥1} (−1)^{k+1} 2k α^{2k+1}/(2k+1)!
  const a2 = alpha * alpha;
  let power = alpha * a2; // α^{2k+1}
  let factorial = 6; // (2k+1)!
  let sum = 0;
  for (let k = 1; k < 30; k++) {
    const term = ((k % 2 === 1 ? 1 : -1) * 2 * k * power) / factorial;
    sum += term;
    if (Math.abs(term) < 1e-18 * Math.abs(sum)) break;
    power *= a2;
    factorial *= (2 * k + 2) * (2 * k + 3);
  }
  return 2 * sum;
}

/** Cubic approximation ΔU/E_J ≈ (4√2/3)(1−γ)^{3/2}; kept for comparison with the literature. */
export function barrierHeightCubic(gamma: number): number {
  requireGamma(gamma);
  return ((4 * Math.SQRT2) / 3) * Math.pow(1 - gamma, 1.5);
}

/** d(ΔU/E_J)/dγ = −2 arccos γ (the γ-derivative of the exact barrier height). */
export function barrierHeightSlope(gamma: number): number {
  requireGamma(gamma);
  return -2 * arccosAccurate(gamma);
}

/** ω_p/ω_p0 = (1−γ²)^{1/4}; the barrier-top frequency ω_b equals it at every γ. */
export function plasmaFrequency(gamma: number): number {
  requireGamma(gamma);
  return Math.sqrt(cosAtMinimum(gamma));
}

/** Q(γ) = Q₀(1−γ²)^{1/4}: the quality factor of small oscillations at the bias. */
export function qualityFactor(Q0: number, gamma: number): number {
  requirePositive('Q0', Q0);
  return Q0 * plasmaFrequency(gamma);
}

/**
 * u(φ_max) − u(φ_max − s) = 2c sin²(s/2) − γ(s − sin s), c = √(1−γ²). Both terms are computed
 * without cancellation, so the difference keeps its precision even when ΔU ≪ 1.
 */
function depthBelowBarrier(gamma: number, c: number, s: number): number {
  const h = Math.sin(0.5 * s);
  return 2 * c * h * h - gamma * sMinusSin(s);
}

/**
 * Distance s_t = φ_max − φ_t from the barrier top back to the turning point φ_t < φ_min where
 * u(φ_t) = u(φ_max). It is 2π at γ = 0 and ≈ 3√(1−γ²) near γ = 1.
 */
export function turningPointDistance(gamma: number): number {
  requireGamma(gamma);
  if (gamma === 0) return 2 * Math.PI;
  const c = cosAtMinimum(gamma);
  // depth(c) > 0 for every 0 < γ < 1 and depth(2π) = −2πγ < 0, so [c, 2π] brackets the root.
  return bisect((s) => depthBelowBarrier(gamma, c, s), c, 2 * Math.PI);
}

/**
 * S̃(γ) = ∮ φ′ dφ at the barrier energy = 2∫_{φ_t}^{φ_max} √(2[u(φ_max) − u(φ)]) dφ (units of
 * E_J/ω_p0). The integrand vanishes linearly at φ_max and as a square root at φ_t; adaptive
 * Gauss–Kronrod converges on both. S̃(0) = 16 and S̃ → (36/5)ΔU/(1−γ²)^{1/4} as γ → 1.
 */
export function action(gamma: number): number {
  requireGamma(gamma);
  const c = cosAtMinimum(gamma);
  const sT = turningPointDistance(gamma);
  const integrand = (s: number) => Math.sqrt(2 * Math.max(0, depthBelowBarrier(gamma, c, s)));
  // The well bottom sits at s = π − 2 arcsin γ; splitting there keeps both halves monotone.
  const sMin = Math.PI - 2 * Math.asin(gamma);
  return 2 * integrate(integrand, 0, sT, { breakpoints: [sMin], relTol: 1e-14 });
}

/** Cubic-potential action (36/5)ΔU_cubic/(1−γ²)^{1/4}, the γ → 1 limit of S̃. */
export function actionCubic(gamma: number): number {
  return ((36 / 5) * barrierHeightCubic(gamma)) / plasmaFrequency(gamma);
}

/** Energy lost per oscillation at the barrier energy, in units of k_BT: Δ = S̃/(Q₀θ). */
export function energyLossPerOscillation(Q0: number, gamma: number, theta: number): number {
  requirePositive('Q0', Q0);
  requirePositive('theta', theta);
  return action(gamma) / (Q0 * theta);
}

/** θ = k_BT/E_J at which the barrier is `barrierOverKT` times k_BT: θ = (ΔU/E_J)/value. */
export function thetaFromBarrier(gamma: number, barrierOverKT: number): number {
  requirePositive('barrierOverKT', barrierOverKT);
  return barrierHeight(gamma) / barrierOverKT;
}

/**
 * Kramers' transmission factor κ = √(1 + 1/(4Q²)) − 1/(2Q), written as 1/(√(1+x²) + x) with
 * x = 1/(2Q) so it stays accurate in the overdamped limit where κ → Q.
 */
export function kramersFactor(Q: number): number {
  requirePositive('Q', Q);
  const x = 0.5 / Q;
  return 1 / (Math.hypot(1, x) + x);
}
