/**
 * The spin-boson model: the double well's ground doublet as a two-level system coupled to an
 * oscillator bath (Leggett et al., Rev. Mod. Phys. 59, 1 (1987); U. Weiss, Quantum Dissipative
 * Systems, 4th ed. (2012), ch. 18–22). ħ = k_B = 1; frequencies in any unit, typically Δ₀.
 *
 *   H = −(Δ₀/2)σ_x − (ε/2)σ_z − (σ_z/2)ξ + H_bath,
 *
 * so ε > 0 favours σ_z = +1 (the left well), and P(t) = ⟨σ_z⟩(t) = P_L − P_R with P(0) = 1. The
 * bath enters only through Q(t) = Q′ + iQ″ = (1/π)∫₀^∞ dω J(ω)/ω² [coth(ω/2T)(1 − cos ωt) + i sin ωt],
 * with J(ω) = 2παω e^{−ω/ω_c} (Ohmic, exponential cutoff; the physics.md §12 convention, where
 * α = ½ is the Toulouse point) or J(ω) = 2λγω/(ω² + γ²) (Drude–Lorentz, as in the hierarchy).
 */
import { ParameterError, requireInRange } from '../parameters.js';
import { logAbsGamma, logGamma } from '../special.js';

export interface OhmicBath {
  readonly kind: 'ohmic';
  /** Dimensionless Kondo coupling α. */
  readonly alpha: number;
  /** Cutoff ω_c. */
  readonly omegaC: number;
  /** k_BT (0 allowed). */
  readonly temperature: number;
}

export interface DrudeBath {
  readonly kind: 'drude';
  /** Reorganisation energy λ = (1/π)∫J/ω dω. Low-frequency Ohmic α = λ/πγ. */
  readonly lambda: number;
  /** Drude cutoff γ. */
  readonly gamma: number;
  /** k_BT (> 0). */
  readonly temperature: number;
}

export type Bath = OhmicBath | DrudeBath;

export interface SpinBoson {
  /** Bare tunnelling splitting Δ₀. */
  readonly delta: number;
  /** Bias ε (ε > 0 favours P = +1). */
  readonly bias: number;
  readonly bath: Bath;
}

/** Γ(x) for real x that is not a non-positive integer (reflection below ½). */
export function gammaFunction(x: number): number {
  if (x >= 0.5) return Math.exp(logGamma(x));
  return Math.PI / (Math.sin(Math.PI * x) * gammaFunction(1 - x));
}

/** Low-frequency Ohmic strength of a bath: α itself, or λ/πγ for Drude–Lorentz. */
export function ohmicAlpha(bath: Bath): number {
  return bath.kind === 'ohmic' ? bath.alpha : bath.lambda / (Math.PI * bath.gamma);
}

/** Spectral density J(ω) in the convention of this module. */
export function spectralDensity(bath: Bath, w: number): number {
  if (bath.kind === 'ohmic') return 2 * Math.PI * bath.alpha * w * Math.exp(-w / bath.omegaC);
  return (2 * bath.lambda * bath.gamma * w) / (w * w + bath.gamma * bath.gamma);
}

/**
 * Renormalised splitting Δ_eff = Δ₀[Γ(1−2α)cos πα]^{1/(2(1−α))}(Δ₀/ω_c)^{α/(1−α)} (Leggett et al.
 * 1987), 0 for α ≥ 1 (localisation). At α = ½ the bracket is its limit π/2, so Δ_eff = πΔ₀²/2ω_c.
 */
export function effectiveSplitting(delta: number, alpha: number, omegaC: number): number {
  requireInRange('alpha', alpha, { min: 0, minInclusive: true });
  if (alpha >= 1) return 0;
  if (alpha === 0) return delta;
  const e = 1 - 2 * alpha;
  const bracket = Math.abs(e) < 1e-9 ? Math.PI / 2 : gammaFunction(e) * Math.cos(Math.PI * alpha);
  // In logarithms: near α = 1 the bracket's power overflows while (Δ₀/ω_c)^{α/(1−α)} underflows.
  const ratio = Math.log(bracket) / (2 * (1 - alpha)) + (alpha / (1 - alpha)) * Math.log(delta / omegaC);
  // The closed form assumes Δ_eff ≪ ω_c (scaling limit); for 1 − α ≲ Δ₀²/2ω_c² the bracket
  // (≈ 1/2(1 − α)) wins and the formula would return Δ_eff > Δ₀, which is meaningless.
  if (ratio > 0) {
    throw new ParameterError('alpha', alpha, `[0, 1) with 1 − α ≫ Δ₀²/2ω_c² = ${(delta * delta) / (2 * omegaC * omegaC)}`, 'outside the scaling regime of the Δ_eff formula');
  }
  return delta * Math.exp(ratio);
}

/** Q′(t) and Q″(t) of the bath on t_j = j·dt, j = 0…n. */
export function bathPhase(bath: Bath, dt: number, n: number): { re: Float64Array; im: Float64Array } {
  const re = new Float64Array(n + 1);
  const im = new Float64Array(n + 1);
  if (bath.kind === 'ohmic') {
    const { alpha, omegaC: wc, temperature: T } = bath;
    // Exact for the exponential cutoff: coth = 1 + 2Σe^{−nω/T} turns each term into a logarithm and
    // the product over n into Γ functions, Π_{m≥0}[1 + y²/(x+m)²] = |Γ(x)|²/|Γ(x+iy)|².
    const kappa = T > 0 ? T / wc : 0;
    const lg0 = T > 0 ? logGamma(1 + kappa) : 0;
    for (let j = 0; j <= n; j++) {
      const t = j * dt;
      let q = alpha * Math.log1p(wc * wc * t * t);
      if (T > 0) q += 4 * alpha * (lg0 - logAbsGamma(1 + kappa, t * T));
      re[j] = q;
      im[j] = 2 * alpha * Math.atan(wc * t);
    }
    return { re, im };
  }
  const { lambda, gamma: g, temperature: T } = bath;
  if (!(T > 0)) throw new ParameterError('T', T, '(0, ∞)', 'the Drude–Lorentz phase is built from Matsubara terms and needs T > 0');
  // C(t) = Σ c_k e^{−ν_k t}: ν₀ = γ, Re c₀ = λγ cot(γ/2T); ν_k = 2πkT, c_k = 4λγT ν_k/(ν_k² − γ²).
  // Q′ = Σ Re c_k φ(ν_k, t) with φ = t/ν − (1 − e^{−νt})/ν²; the tail k > K is summed in closed form
  // to leading order (c_k φ_k → 4λγT(t/ν_k² − 1/ν_k³)).
  const K = 4000;
  const phi = (nu: number, t: number) => t / nu - -Math.expm1(-nu * t) / (nu * nu);
  const c0 = (lambda * g) / Math.tan(g / (2 * T));
  const nu1 = 2 * Math.PI * T;
  let tail2 = 0; // Σ_{k>K} 1/k²
  let tail3 = 0;
  for (let k = K + 1; k < 40 * K; k++) {
    tail2 += 1 / (k * k);
    tail3 += 1 / (k * k * k);
  }
  tail2 += 1 / (40 * K);
  tail3 += 1 / (2 * 1600 * K * K);
  const ck = new Float64Array(K + 1);
  for (let k = 1; k <= K; k++) {
    const nu = k * nu1;
    ck[k] = (4 * lambda * g * T * nu) / (nu * nu - g * g);
  }
  for (let j = 0; j <= n; j++) {
    const t = j * dt;
    let q = c0 * phi(g, t);
    for (let k = 1; k <= K; k++) q += ck[k]! * phi(k * nu1, t);
    q += 4 * lambda * g * T * ((t * tail2) / (nu1 * nu1) - (tail3 * (j > 0 ? 1 : 0)) / nu1 ** 3);
    re[j] = j === 0 ? 0 : q;
    im[j] = (lambda / g) * -Math.expm1(-g * t);
  }
  return { re, im };
}

export interface TimeGrid {
  readonly tMax: number;
  readonly dt: number;
}

/** Fastest scale the time step must resolve: the cutoff, Δ₀ and ε. */
function fastestRate(sb: SpinBoson): number {
  const cutoff = sb.bath.kind === 'ohmic' ? sb.bath.omegaC : sb.bath.gamma;
  return Math.max(cutoff, Math.abs(sb.delta), Math.abs(sb.bias), sb.bath.temperature);
}

/** Largest dt·(fastest rate) accepted: trapezoid memory error ~ (dt·ω)²/12 ≲ 1e-3. */
export const MAX_STEP_PHASE = 0.2;

export function requireSpinBoson(sb: SpinBoson): void {
  requireInRange('delta', sb.delta, { min: 0, minInclusive: false });
  requireInRange('bias', sb.bias, {});
  requireInRange('T', sb.bath.temperature, { min: 0, minInclusive: true });
  if (sb.bath.kind === 'ohmic') {
    requireInRange('alpha', sb.bath.alpha, { min: 0, minInclusive: true, max: 2, maxInclusive: true });
    requireInRange('omega_c', sb.bath.omegaC, { min: sb.delta, minInclusive: false });
  } else {
    requireInRange('lambda', sb.bath.lambda, { min: 0, minInclusive: true });
    requireInRange('gamma', sb.bath.gamma, { min: 0, minInclusive: false });
  }
}

export function requireTimeGrid(sb: SpinBoson, grid: TimeGrid): number {
  requireInRange('t_max', grid.tMax, { min: 0, minInclusive: false });
  const rate = fastestRate(sb);
  requireInRange('dt', grid.dt, { min: 0, minInclusive: false, max: MAX_STEP_PHASE / rate, maxInclusive: true });
  const n = Math.round(grid.tMax / grid.dt);
  if (n < 10) throw new ParameterError('t_max', grid.tMax, `[${10 * grid.dt}, ∞)`, 'fewer than 10 steps cannot resolve the dynamics');
  if (n > 200_000) throw new ParameterError('t_max', grid.tMax, `(0, ${200_000 * grid.dt}]`, 'more than 2e5 steps (the memory integral is O(n²))');
  return n;
}

export interface Trajectory {
  readonly t: Float64Array;
  readonly P: Float64Array;
}

/**
 * NIBA (Leggett et al. 1987; Weiss ch. 21): Ṗ(t) = ∫₀^t ds [K^a(t−s) − K^s(t−s)P(s)] with
 *   K^s(τ) = Δ₀² e^{−Q′(τ)} cos Q″(τ) cos ετ,   K^a(τ) = Δ₀² e^{−Q′(τ)} sin Q″(τ) sin ετ.
 * Trapezoid in the memory and in time (second order), the new point solved implicitly.
 */
export function nibaDynamics(sb: SpinBoson, grid: TimeGrid): Trajectory {
  requireSpinBoson(sb);
  const n = requireTimeGrid(sb, grid);
  const dt = grid.dt;
  const { re, im } = bathPhase(sb.bath, dt, n);
  const d2 = sb.delta * sb.delta;
  const ks = new Float64Array(n + 1);
  const ka = new Float64Array(n + 1);
  for (let j = 0; j <= n; j++) {
    const damp = d2 * Math.exp(-re[j]!);
    ks[j] = damp * Math.cos(im[j]!) * Math.cos(sb.bias * j * dt);
    ka[j] = damp * Math.sin(im[j]!) * Math.sin(sb.bias * j * dt);
  }
  // ∫₀^{t_m} K^a(t_m − s) ds by the trapezoid, cumulatively.
  const kaInt = new Float64Array(n + 1);
  for (let m = 1; m <= n; m++) kaInt[m] = kaInt[m - 1]! + 0.5 * dt * (ka[m - 1]! + ka[m]!);
  const t = new Float64Array(n + 1);
  const P = new Float64Array(n + 1);
  P[0] = 1;
  let fPrev = 0;
  for (let m = 1; m <= n; m++) {
    t[m] = m * dt;
    // F_m = kaInt_m − dt[½K^s(t_m)P_0 + Σ_{j=1}^{m−1} K^s(t_m − t_j)P_j + ½K^s(0)P_m]
    let s = 0.5 * ks[m]! * P[0]!;
    for (let j = 1; j < m; j++) s += ks[m - j]! * P[j]!;
    const a = kaInt[m]! - dt * s;
    const c = 0.5 * dt * ks[0]!;
    const p = (P[m - 1]! + 0.5 * dt * (fPrev + a)) / (1 + 0.5 * dt * c);
    P[m] = p;
    fPrev = a - c * p;
  }
  return { t, P };
}

/** Toulouse point (α = ½, T = 0, ε = 0, scaling limit ω_c ≫ Δ₀): P(t) = exp(−πΔ₀²t/2ω_c). */
export function toulouseP(delta: number, omegaC: number, t: number): number {
  return Math.exp((-Math.PI * delta * delta * t) / (2 * omegaC));
}

/** Mittag-Leffler E_ν(−x) = Σ (−x)^k/Γ(νk + 1) for x ≥ 0 (series; accurate while x^{1/ν} ≲ 20). */
export function mittagLefflerNegative(nu: number, x: number): number {
  if (x === 0) return 1;
  let sum = 0;
  const lx = Math.log(x);
  for (let k = 0; k < 400; k++) {
    const term = Math.exp(k * lx - logGamma(nu * k + 1));
    sum += k % 2 === 0 ? term : -term;
    if (k > 5 && term < 1e-17 * Math.max(1, Math.abs(sum))) break;
  }
  return sum;
}

/**
 * NIBA in the scaling limit at T = 0, ε = 0, 0 ≤ α < 1: the kernel's Laplace transform is
 * Δ_eff^{2−2α}λ^{2α−1}, so P(t) = E_{2−2α}[−(Δ_eff t)^{2−2α}] (Leggett et al. 1987; Weiss ch. 21).
 */
export function scalingNibaP(delta: number, alpha: number, omegaC: number, t: number): number {
  const nu = 2 - 2 * alpha;
  const de = effectiveSplitting(delta, alpha, omegaC);
  return mittagLefflerNegative(nu, Math.pow(de * t, nu));
}

/**
 * NIBA localisation for α > 1 at T = 0, ε = 0: K^s(λ) = k₁λ + … with
 * k₁ = −∫₀^∞τK^s dτ = Δ₀²/[ω_c²(2α−1)(2α−2)] (from ∫₀^∞u(1+iu)^{−2α}du = −1/[(2α−1)(2α−2)]), so
 * P(∞) = 1/(1 + k₁) > 0, → 1 in the scaling limit.
 */
export function nibaLocalisedP(delta: number, alpha: number, omegaC: number): number {
  requireInRange('alpha', alpha, { min: 1, minInclusive: false });
  const k1 = (delta * delta) / (omegaC * omegaC * (2 * alpha - 1) * (2 * alpha - 2));
  return 1 / (1 + k1);
}

/**
 * Weak-coupling (Bloch–Redfield, secular) rates of the biased two-level system, Ω = (Δ₀² + ε²)^{1/2}:
 *   relaxation γ₁ = (Δ₀²/2Ω²) J(Ω) coth(Ω/2T),  pure dephasing γ_φ = (ε/Ω)² S(0)/2 with the noise S(0) = 2T·J′(0),
 *   equilibrium P_eq = (ε/Ω) tanh(Ω/2T).
 * At ε = 0, P(t) = cos(Ωt)e^{−γ₁t/2}.
 */
export function blochRedfield(sb: SpinBoson): { omega: number; relaxation: number; dephasing: number; coherenceDecay: number; equilibrium: number } {
  const omega = Math.hypot(sb.delta, sb.bias);
  const T = sb.bath.temperature;
  const coth = (x: number) => (x === Infinity ? 1 : 1 / Math.tanh(x));
  const relaxation = ((sb.delta * sb.delta) / (2 * omega * omega)) * spectralDensity(sb.bath, omega) * coth(omega / (2 * T));
  // Zero-frequency noise S(0) = lim 2J(ω)(n(ω)+1) = 2T·J′(0): energy fluctuation (ε/Ω)ξ.
  const slope = sb.bath.kind === 'ohmic' ? 2 * Math.PI * sb.bath.alpha : (2 * sb.bath.lambda) / sb.bath.gamma;
  const s0 = 2 * T * slope;
  const dephasing = ((sb.bias / omega) ** 2 * s0) / 2;
  const equilibrium = T > 0 ? (sb.bias / omega) * Math.tanh(omega / (2 * T)) : sb.bias / omega;
  return { omega, relaxation, dephasing, coherenceDecay: relaxation / 2 + dephasing, equilibrium };
}

/**
 * Whether P(t) at ε = 0 oscillates: it crosses zero before t_max. For a Markovian kernel
 * Δ²/(λ + γ) this is exactly the complex-pole criterion γ < 2Δ; at T = 0 the scaling-limit NIBA
 * oscillates for α < ½ (E_{2−2α} has a zero) and not for α ≥ ½.
 */
export function oscillates(traj: Trajectory): boolean {
  for (let i = 1; i < traj.P.length; i++) if (traj.P[i]! < 0) return true;
  return false;
}

/**
 * Coherent–incoherent boundary T*(α) of the unbiased NIBA (Ohmic bath): the temperature above which
 * P(t) no longer crosses zero, by bisection in T on [0, tHigh]. Returns 0 where even T = 0 is
 * incoherent (α ≥ ½ up to the finite window).
 */
export function coherenceTemperature(delta: number, alpha: number, omegaC: number, tHigh: number, window: number, dt: number): number {
  const coherent = (T: number) =>
    oscillates(nibaDynamics({ delta, bias: 0, bath: { kind: 'ohmic', alpha, omegaC, temperature: T } }, { tMax: window, dt }));
  if (!coherent(0)) return 0;
  if (coherent(tHigh)) return tHigh;
  let lo = 0;
  let hi = tHigh;
  for (let it = 0; it < 12; it++) {
    const mid = 0.5 * (lo + hi);
    if (coherent(mid)) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
