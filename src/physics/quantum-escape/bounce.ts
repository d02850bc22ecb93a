/**
 * The dissipative bounce (physics.md §10): the periodic saddle point of the Euclidean action with
 * the Ohmic Caldeira–Leggett kernel, on the exact potential of a MetastableWell, and the rate
 * prefactor from its fluctuation determinant.
 *
 * Normalisation (exactly physics.md §10): imaginary time τ in units of 1/ω_p0, period Θ = ħ̃/θ,
 * q(τ) = φ(τ) − φ_min = Σ_n q_n e^{iν_nτ}, ν_n = 2πn/Θ, and
 *   S_E/ħ = (1/ħ̃){ (Θ/2) Σ_n (ν_n² + |ν_n|/Q₀)|q_n|² + ∫₀^Θ V(q(τ)) dτ },
 * with V(q) = u(φ_min + q) − u(φ_min). Q₀ = ∞ is the undamped problem.
 *
 * Method: the bounce is even about its centre, q(τ) = a₀ + 2Σ_{n=1}^{N} a_n cos ν_nτ, so the
 * time-translation zero mode is absent from the unknowns. The stationarity equations
 *   ⟨V′(q)⟩ = 0,  (ν_n² + ν_n/Q₀)a_n + ⟨V′(q) cos ν_nτ⟩ = 0
 * are solved by Newton's method on (a₀…a_N); the averages are taken on M = 4N equally spaced
 * τ-points, where the periodic trapezoid rule is spectrally accurate. Newton converges to the
 * saddle (one negative mode) from a good start, which is supplied by continuation: in damping from
 * the undamped sech²-like bounce, and in period from a neighbouring solution.
 */
import { ParameterError, requireInRange } from '../parameters.js';
import { requirePositive } from '../potential.js';
import { luFactor, luSolve } from '../linear-algebra.js';
import type { MetastableWell } from './well.js';

export interface BounceParameters {
  /** Q₀ (Infinity for no damping). */
  Q0: number;
  /** ħ̃ = ħω_p0/E_J. */
  hbar: number;
  /** Imaginary-time period Θ = ħ̃/θ (units of 1/ω_p0). */
  period: number;
}

export interface BounceOptions {
  /** Number N of cosine modes; default from `modeCutoff`. */
  modes?: number;
  /** ν_N = modeCutoff·ω when `modes` is not given (default 12; the bounce spectrum falls as e^{−πν/ω}). */
  modeCutoff?: number;
  /** Starting coefficients a₀…a_K (K may differ from N; zero-padded or truncated). */
  initial?: Float64Array;
  /** Newton tolerance on the largest equation residual (default 1e-12). */
  tolerance?: number;
}

export interface Bounce {
  parameters: BounceParameters;
  /** Cosine coefficients a₀…a_N. */
  coefficients: Float64Array;
  /** Exponent B = S_E[bounce]/ħ − S_E[well bottom]/ħ (the latter is 0). */
  exponent: number;
  /** ∫₀^Θ q̇² dτ: the norm² of the zero mode q̇ (Coleman's collective-coordinate factor). */
  zeroModeNorm: number;
  /** Largest and smallest q on the bounce. */
  maxDisplacement: number;
  minDisplacement: number;
  newtonIterations: number;
  /** Largest |equation| at the end. */
  residual: number;
}

function dampingRate(Q0: number): number {
  return Number.isFinite(Q0) ? 1 / Q0 : 0;
}

function kernel(n: number, period: number, Q0: number): number {
  const nu = (2 * Math.PI * n) / period;
  return nu * nu + nu * dampingRate(Q0);
}

/** Values q(τ_j), τ_j = jΘ/M, of the cosine series (direct sum: N·M work, fine for N ≲ 2000). */
function synthesize(a: Float64Array, M: number, cosTable: Float64Array): Float64Array {
  const q = new Float64Array(M);
  const N = a.length - 1;
  for (let j = 0; j < M; j++) {
    let s = a[0]!;
    for (let n = 1; n <= N; n++) s += 2 * a[n]! * cosTable[(n * j) % M]!;
    q[j] = s;
  }
  return q;
}

/** (1/M)Σ_j f_j cos(2πkj/M), k = 0…K. */
function cosineAverages(f: Float64Array, K: number, cosTable: Float64Array): Float64Array {
  const M = f.length;
  const out = new Float64Array(K + 1);
  for (let k = 0; k <= K; k++) {
    let s = 0;
    for (let j = 0; j < M; j++) s += f[j]! * cosTable[(k * j) % M]!;
    out[k] = s / M;
  }
  return out;
}

function cosTableFor(M: number): Float64Array {
  const t = new Float64Array(M);
  for (let j = 0; j < M; j++) t[j] = Math.cos((2 * Math.PI * j) / M);
  return t;
}

function Q0Of(options: BounceOptions & { damping?: number }): number {
  return options.damping ?? Infinity;
}

export function modeCount(well: MetastableWell, period: number, options: BounceOptions & { damping?: number } = {}): number {
  if (options.modes !== undefined) return options.modes;
  // Undamped the spectrum falls as e^{−πν/ω}; overdamped the bounce is a Lorentzian of width
  // 1/(Q₀ω²) whose spectrum falls as e^{−ν/(Q₀ω²)}: the cutoff follows the narrower of the two.
  const cutoff = (options.modeCutoff ?? 12) * well.omega * Math.min(1, 3 * Q0Of(options) * well.omega);
  return Math.max(8, Math.ceil((cutoff * period) / (2 * Math.PI)));
}

/**
 * A starting path: the undamped cubic bounce q_e sech²(ωτ/2) blended into the overdamped cubic
 * Lorentzian (4q_e/3)/(1 + (τω²Q₀)²)... whichever is wider, centred at τ = 0 and made periodic by
 * taking the nearest image.
 */
export function initialGuess(well: MetastableWell, p: BounceParameters, N: number): Float64Array {
  const M = 4 * N;
  const eta = dampingRate(p.Q0);
  const w = well.omega;
  const qe = well.exitPoint;
  const overdamped = eta > w;
  const f = new Float64Array(M);
  for (let j = 0; j < M; j++) {
    let tau = (j * p.period) / M;
    if (tau > p.period / 2) tau -= p.period;
    if (overdamped) {
      const t0 = eta / (w * w);
      f[j] = ((4 * qe) / 3) / (1 + (tau / t0) ** 2);
    } else {
      const s = 1 / Math.cosh(0.5 * w * tau);
      f[j] = qe * s * s;
    }
  }
  const c = cosineAverages(f, N, cosTableFor(M));
  return c;
}

/**
 * Newton's method for the periodic bounce at one (Q₀, ħ̃, Θ). Throws ParameterError if it does
 * not converge, or if it lands on the trivial saddle (the barrier top, for Θ ≤ Θ₀).
 */
export function periodicBounce(well: MetastableWell, p: BounceParameters, options: BounceOptions = {}): Bounce {
  requirePositive('hbar', p.hbar);
  requirePositive('period', p.period);
  if (!(p.Q0 > 0)) throw new ParameterError('Q0', p.Q0, '(0, ∞]');
  const N = modeCount(well, p.period, { ...options, damping: p.Q0 });
  const tol = options.tolerance ?? 1e-12;
  const M = 4 * N;
  const cosTable = cosTableFor(M);
  const a = new Float64Array(N + 1);
  const init = options.initial ?? initialGuess(well, p, N);
  for (let n = 0; n <= N && n < init.length; n++) a[n] = init[n]!;
  const K = new Float64Array(N + 1);
  for (let n = 1; n <= N; n++) K[n] = kernel(n, p.period, p.Q0);
  const qe = well.exitPoint;
  let residual = Infinity;
  let it = 0;
  for (; it < 60; it++) {
    const q = synthesize(a, M, cosTable);
    const dV = new Float64Array(M);
    const d2V = new Float64Array(M);
    for (let j = 0; j < M; j++) {
      dV[j] = well.dV(q[j]!);
      d2V[j] = well.d2V(q[j]!);
    }
    const c = cosineAverages(dV, N, cosTable);
    const d = cosineAverages(d2V, 2 * N, cosTable);
    const G = new Float64Array(N + 1);
    G[0] = c[0]!;
    for (let n = 1; n <= N; n++) G[n] = 2 * K[n]! * a[n]! + 2 * c[n]!;
    residual = 0;
    for (let n = 0; n <= N; n++) residual = Math.max(residual, Math.abs(G[n]!));
    if (residual < tol * Math.max(1, well.omega * well.omega * qe)) break;
    const H = evenHessian(K, d, N);
    const lu = luFactor(H, N + 1);
    if (lu.sign === 0) break;
    const step = luSolve(lu, G);
    // Limit the step to a fraction of the exit distance: far from the saddle a full Newton step
    // can jump to the other stationary paths (the well bottom, the barrier top).
    let size = Math.abs(step[0]!);
    for (let n = 1; n <= N; n++) size += 2 * Math.abs(step[n]!);
    const scale = Math.min(1, (0.3 * qe) / size);
    for (let n = 0; n <= N; n++) a[n] = a[n]! - scale * step[n]!;
  }
  if (!(residual < 1e-8 * Math.max(1, well.omega * well.omega * qe))) {
    throw new ParameterError('period', p.period, 'a period at which the bounce exists (Θ > Θ₀)', `the bounce Newton iteration did not converge (residual ${residual.toExponential(2)})`);
  }
  return finishBounce(well, p, a, it, residual);
}

function evenHessian(K: Float64Array, d: Float64Array, N: number): Float64Array {
  const n1 = N + 1;
  const H = new Float64Array(n1 * n1);
  H[0] = d[0]!;
  for (let n = 1; n <= N; n++) {
    H[n] = 2 * d[n]!;
    H[n * n1] = 2 * d[n]!;
  }
  for (let n = 1; n <= N; n++) {
    for (let m = 1; m <= N; m++) H[n * n1 + m] = 2 * (d[Math.abs(n - m)]! + d[n + m]!);
    H[n * n1 + n] = H[n * n1 + n]! + 2 * K[n]!;
  }
  return H;
}

function oddHessian(K: Float64Array, d: Float64Array, N: number): Float64Array {
  const H = new Float64Array(N * N);
  for (let n = 1; n <= N; n++) {
    for (let m = 1; m <= N; m++) H[(n - 1) * N + (m - 1)] = 2 * (d[Math.abs(n - m)]! - d[n + m]!);
    H[(n - 1) * N + (n - 1)] = H[(n - 1) * N + (n - 1)]! + 2 * K[n]!;
  }
  return H;
}

function finishBounce(well: MetastableWell, p: BounceParameters, a: Float64Array, iterations: number, residual: number): Bounce {
  const N = a.length - 1;
  const M = 4 * N;
  const q = synthesize(a, M, cosTableFor(M));
  let potential = 0;
  let qmax = -Infinity;
  let qmin = Infinity;
  for (let j = 0; j < M; j++) {
    potential += well.V(q[j]!);
    qmax = Math.max(qmax, q[j]!);
    qmin = Math.min(qmin, q[j]!);
  }
  potential *= p.period / M;
  let quadratic = 0;
  let zeroMode = 0;
  for (let n = 1; n <= N; n++) {
    const nu = (2 * Math.PI * n) / p.period;
    quadratic += kernel(n, p.period, p.Q0) * a[n]! * a[n]!;
    zeroMode += nu * nu * a[n]! * a[n]!;
  }
  quadratic *= p.period;
  return {
    parameters: { ...p },
    coefficients: Float64Array.from(a),
    exponent: (quadratic + potential) / p.hbar,
    zeroModeNorm: 2 * p.period * zeroMode,
    maxDisplacement: qmax,
    minDisplacement: qmin,
    newtonIterations: iterations,
    residual,
  };
}

export interface ZeroTemperatureBounce {
  /** B extrapolated to Θ → ∞ from Θ₁, 2Θ₁, 4Θ₁ assuming B(Θ) = B∞ − CΘ^{−p}. */
  exponent: number;
  /** Fitted p (2 with damping: the T² law; large when undamped, where the approach is exponential). */
  order: number;
  /** C of the fitted tail: B∞ − B(Θ) = C/Θ^p. */
  tailCoefficient: number;
  /** The bounces at the three periods (the last is the longest). */
  bounces: Bounce[];
  /** Rate with prefactor at the longest period. */
  rate: number;
  prefactor: number;
}

/**
 * The T = 0 bounce as the limit of periodic bounces, Θ₁ = `period` (default 40/ω), 2Θ₁, 4Θ₁.
 * With Ohmic damping the bounce has 1/τ² tails and B(Θ) = B∞ − C/Θ² + …, which is the T² law of
 * physics.md §5 read backwards; the fitted order is reported, and Richardson uses it.
 */
export function zeroTemperatureBounce(well: MetastableWell, Q0: number, hbar: number, options: BounceOptions & { period?: number } = {}): ZeroTemperatureBounce {
  const base = Math.max(options.period ?? 40 / well.omega, 2 * crossoverPeriod(well, Q0));
  const first = bounceByContinuation(well, { Q0, hbar, period: base }, options);
  const second = bounceByContinuation(well, { Q0, hbar, period: 2 * base }, { ...options, initial: undefined });
  const third = bounceByContinuation(well, { Q0, hbar, period: 4 * base }, options);
  const [b1, b2, b3] = [first.exponent, second.exponent, third.exponent];
  const d1 = b2 - b1;
  const d2 = b3 - b2;
  let order = Number.isFinite(Q0) ? 2 : Infinity;
  let exponent = b3;
  let tailCoefficient = 0;
  if (Math.abs(d2) > 1e-13 * Math.abs(b3) && Math.abs(d1) > Math.abs(d2)) {
    order = Math.log2(d1 / d2);
    const r = Math.pow(2, order);
    exponent = b3 + d2 / (r - 1);
    tailCoefficient = (exponent - b3) * Math.pow(4 * base, order);
  }
  const f = fluctuationPrefactor(well, third);
  return { exponent, order, tailCoefficient, bounces: [first, second, third], rate: f.prefactor * Math.exp(-exponent), prefactor: f.prefactor };
}

/** The crossover period Θ₀ = 2π/λ, λ = √(ω_b² + 1/4Q₀²) − 1/2Q₀ (physics.md §10). */
export function crossoverPeriod(well: MetastableWell, Q0: number): number {
  const eta = dampingRate(Q0);
  const lambda = Math.sqrt(well.omegaBarrier ** 2 + 0.25 * eta * eta) - 0.5 * eta;
  return (2 * Math.PI) / lambda;
}

/**
 * The bounce at period Θ reached by continuation: first in damping at a long period (from the
 * undamped start towards Q₀), then in period from there to Θ. Robust from Θ ≫ 1/ω down to
 * just above Θ₀.
 */
export function bounceByContinuation(well: MetastableWell, p: BounceParameters, options: BounceOptions = {}): Bounce {
  const theta0Period = crossoverPeriod(well, p.Q0);
  requireInRange('period', p.period, { min: theta0Period, minInclusive: false });
  const eta = dampingRate(p.Q0);
  // Long-period start where the sech²/Lorentzian guesses are good.
  const startPeriod = Math.max(p.period, 4 * theta0Period);
  let b: Bounce;
  const overdamped = eta > well.omega;
  if (overdamped || eta === 0) {
    b = periodicBounce(well, { ...p, period: startPeriod }, options);
  } else {
    // continuation in η from 0
    b = periodicBounce(well, { ...p, Q0: Infinity, period: startPeriod }, options);
    const steps = 4;
    for (let k = 1; k <= steps; k++) {
      const e = (eta * k) / steps;
      b = periodicBounce(well, { ...p, Q0: 1 / e, period: startPeriod }, { ...options, initial: b.coefficients });
    }
  }
  // continuation in period: coefficients a_n at fixed n describe the same shape stretched.
  let period = startPeriod;
  while (period > p.period * (1 + 1e-12)) {
    const next = Math.max(p.period, period * (period > 2 * theta0Period ? 0.7 : 0.9));
    const guess = rescaleCoefficients(b.coefficients, period, next, well, options, p.Q0);
    b = periodicBounce(well, { ...p, period: next }, { ...options, initial: guess });
    period = next;
  }
  return b;
}

/** Coefficients of the same path τ ↦ q(τ) on a new period: keeps the shape, re-samples its modes. */
function rescaleCoefficients(a: Float64Array, from: number, to: number, well: MetastableWell, options: BounceOptions, Q0: number): Float64Array {
  const N = modeCount(well, to, { ...options, damping: Q0 });
  const M = 4 * N;
  const f = new Float64Array(M);
  const Nold = a.length - 1;
  for (let j = 0; j < M; j++) {
    let tau = (j * to) / M;
    if (tau > to / 2) tau -= to;
    // the old path, evaluated at the same τ (mod its period)
    let s = a[0]!;
    for (let n = 1; n <= Nold; n++) s += 2 * a[n]! * Math.cos((2 * Math.PI * n * tau) / from);
    f[j] = s;
  }
  return cosineAverages(f, N, cosTableFor(M));
}

export interface FluctuationPrefactor {
  /** Γ/ω_p0 = √(‖q̇‖²/2πħ̃)·|det′H_B/det H_W|^{−1/2}·e^{−B}. */
  rate: number;
  /** The prefactor Γ·e^{B} (units of ω_p0). */
  prefactor: number;
  /** ln|det′H_B/det H_W| (even and odd sectors together, zero mode removed in the L² metric). */
  logDeterminantRatio: number;
  /** Number of negative eigenvalues of the even-sector Hessian (must be 1). */
  negativeModes: number;
}

/**
 * Rate prefactor from the Gaussian fluctuations about the bounce (Callan–Coleman; Grabert,
 * Olschowski & Weiss 1987 below T₀), Γ = (2/ħ)Im F:
 *   Γ = √(‖q̇‖²/2πħ̃) · |det′Ĥ_B / det Ĥ_W|^{−1/2} · e^{−B},
 * Ĥ = −∂²_τ + (Ohmic kernel) + V″(q(τ)) on periodic paths; the time-translation zero mode q̇ is
 * traded for the collective coordinate (hence ‖q̇‖ and the removed eigenvalue), the one negative
 * mode supplies the imaginary part (its factor ½ cancels against the 2 in 2 Im F).
 *
 * Even (cosine) and odd (sine) fluctuations decouple about an even bounce. In the coefficient
 * coordinates used for Newton the determinants are those of the Hessians H (the metric factors
 * cancel in the ratio); the odd sector carries the zero mode, whose removal uses the bordered
 * determinant det[[S, u],[uᵀ, 0]] = −det′S·uᵀu with u the sine coefficients of q̇, and the
 * metric factor 2Θ of the sine modes; the Θ's cancel, leaving
 *   det′Ĥ_B/det Ĥ_W = 2·det H_even·det′S / (det H_W,even·det H_W,odd).
 */
export function fluctuationPrefactor(well: MetastableWell, b: Bounce): FluctuationPrefactor {
  const p = b.parameters;
  const a = b.coefficients;
  const N = a.length - 1;
  const M = 4 * N;
  const cosTable = cosTableFor(M);
  const q = synthesize(a, M, cosTable);
  const d2V = new Float64Array(M);
  for (let j = 0; j < M; j++) d2V[j] = well.d2V(q[j]!);
  const d = cosineAverages(d2V, 2 * N, cosTable);
  const K = new Float64Array(N + 1);
  for (let n = 1; n <= N; n++) K[n] = kernel(n, p.period, p.Q0);
  const even = luFactor(evenHessian(K, d, N), N + 1);
  // bordered odd Hessian
  const S = oddHessian(K, d, N);
  const nb = N + 1;
  const bordered = new Float64Array(nb * nb);
  let uu = 0;
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < N; j++) bordered[i * nb + j] = S[i * N + j]!;
    const u = -((2 * Math.PI * (i + 1)) / p.period) * a[i + 1]!;
    bordered[i * nb + N] = u;
    bordered[N * nb + i] = u;
    uu += u * u;
  }
  const odd = luFactor(bordered, nb);
  // det′S = −det(bordered)/uᵀu
  const logDetPrimeS = odd.logAbsDet - Math.log(uu);
  const w2 = well.omega * well.omega;
  let logWell = Math.log(w2);
  for (let n = 1; n <= N; n++) logWell += 2 * Math.log(2 * (K[n]! + w2));
  // Modes above N are diagonal to first order: each sector adds ln(1 + (d₀ − ω²)/(K_n + ω²)) per
  // mode. Without this tail the log-ratio is off by O(∫(V″−ω²)dτ/ν_N), ≈ 0.3 at ν_N = 12ω.
  const mean = d[0]! - w2;
  let tail = 0;
  const last = 200 * N;
  for (let n = N + 1; n <= last; n++) tail += Math.log1p(mean / (kernel(n, p.period, p.Q0) + w2));
  // beyond `last` the terms are mean/ν_n²: Σ_{n>L} 1/n² ≈ 1/(L + ½)
  tail += (mean * (p.period / (2 * Math.PI)) ** 2) / (last + 0.5);
  const logRatio = Math.log(2) + even.logAbsDet + logDetPrimeS - logWell + 2 * tail;
  const prefactor = Math.sqrt(b.zeroModeNorm / (2 * Math.PI * p.hbar)) * Math.exp(-0.5 * logRatio);
  // Negative modes of the even sector: count negative pivots of an LDLᵀ would be exact; the sign of
  // the determinant gives the parity, which is what the imaginary part needs.
  const negativeModes = even.sign < 0 ? 1 : 0;
  return { rate: prefactor * Math.exp(-b.exponent), prefactor, logDeterminantRatio: logRatio, negativeModes };
}
