/**
 * The breakdown of self-trapping: when the exact ⟨z⟩(t) of a self-trapped initial state first
 * gives up its imbalance, measured two ways, against a semiclassical (WKB) tunnelling estimate.
 *
 * Definitions (times in ħ/J-units of the input, ħ = 1):
 *  - t_Δ = πħ/|Δ| of the dominant doublet (the one contributing most to the plateau of ⟨z⟩):
 *    the time for that doublet to carry its imbalance over to the other torus (z → −z).
 *  - t_½: the first time the smoothed ⟨z⟩ (Gaussian window σ = κt) falls to half its plateau.
 *  - t₀: the first zero of the smoothed ⟨z⟩. For one doublet ⟨z⟩ ∝ cos(Δt), so t₀ = t_Δ/2.
 *  - t̄_Δ: 10 to the plateau-weighted mean of log10(πħ/|Δ_j|) over the populated doublets. A
 *    spin-coherent state spreads over ~√N doublets whose splittings differ by decades, and the
 *    dominant one changes rank every few N, so t_Δ has a sawtooth in N; t̄_Δ does not.
 *  The scan for t_½ and t₀ starts once every non-doublet frequency is damped by e⁻⁸, so the
 *  fast Josephson-like oscillation of any untrapped part of the state is not mistaken for it.
 *
 * Semiclassics. With H(n, p) = d(n) − 2T(n)cos p, d(n) = (U/2)[n(n − 1) + (N − n)(N − n − 1)] and
 * T(n) = J√((n + ½)(N − n + ½)) (the bond hopping centred on n), a level at energy E above the
 * separatrix sees a classically forbidden middle where E > d + 2T; there p = π + iκ with
 * cosh κ = (E − d)/2T. The two-well (Landau–Lifshitz) formula Δ = (ħω/π)e^{−θ}, θ = ∫κ dn across
 * the middle and ω = 2π/period of the orbit at E, gives the splitting of that doublet. At fixed Λ
 * and (z₀, φ₀) it makes ln t_Δ grow as N·s with
 *   s = ∫₀^{z₁} arccosh[(ε₀ − Λz²/2)/√(1 − z²)] dz,  ε₀ = H(z₀, φ₀),  H(z₁, π) = ε₀,
 * the action per particle of the imaginary-phase path between the two tori.
 */
import { fockDiagonal, fockHopping, interactionForLambda, type JunctionParameters } from './model.js';
import { exactEvolution, initialAmplitudes, type ComplexVector, type ExactEvolution, type InitialState } from './dynamics.js';
import { exactEigenvectors, exactSpectrum, type ExactSpectrum } from './spectrum.js';
import { meanFieldEnergy } from './mean-field.js';

export interface SemiclassicalDoublet {
  /** θ = ∫κ dn across the forbidden middle. */
  readonly action: number;
  /** Classical angular frequency of the orbit at E. */
  readonly omega: number;
  /** log10 of Δ_WKB = (ω/π)e^{−θ}. */
  readonly log10Splitting: number;
}

function energyProfile(p: JunctionParameters) {
  const { N, U, J } = p;
  const d = (x: number) => 0.5 * U * (x * (x - 1) + (N - x) * (N - x - 1));
  const T = (x: number) => J * Math.sqrt(Math.max(0, (x + 0.5) * (N - x + 0.5)));
  return { d, T };
}

function bisectRoot(f: (x: number) => number, lo: number, hi: number): number {
  let flo = f(lo);
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    const fm = f(mid);
    if (fm === 0) return mid;
    if (fm > 0 === flo > 0) {
      lo = mid;
      flo = fm;
    } else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** WKB splitting of the doublet at energy E, or null when E is not above the separatrix. */
export function semiclassicalDoublet(p: JunctionParameters, E: number, nodes = 4000): SemiclassicalDoublet | null {
  const { d, T } = energyProfile(p);
  const mid = p.N / 2;
  const forbidden = (x: number) => E - d(x) - 2 * T(x); // > 0 in the forbidden middle
  if (!(forbidden(mid) > 0)) return null;
  // Inner turning point x₁: walk out from the middle until the motion is allowed again.
  const lowest = -0.5;
  const stepX = Math.max(1e-3, mid / 2000);
  let x = mid;
  while (x - stepX > lowest && forbidden(x - stepX) > 0) x -= stepX;
  if (x - stepX <= lowest) return null;
  const x1 = bisectRoot(forbidden, x - stepX, x);
  // Outer turning point: where |E − d| = 2T again (or the edge of the chain).
  const allowed = (y: number) => 2 * T(y) - Math.abs(E - d(y)); // ≥ 0 where allowed
  let y = x1 - stepX;
  while (y - stepX > lowest && allowed(y - stepX) > 0) y -= stepX;
  // The last step may overshoot the edge of the chain; the root can still lie inside it.
  const yLow = Math.max(lowest, y - stepX);
  const xOuter = allowed(yLow) <= 0 ? bisectRoot(allowed, yLow, y) : lowest;
  // θ = 2∫_{x₁}^{N/2} κ dx with x = x₁ + (N/2 − x₁)u², smooth in u (κ ~ √(x − x₁)).
  let theta = 0;
  const L = mid - x1;
  for (let i = 0; i < nodes; i++) {
    const u = (i + 0.5) / nodes;
    const xx = x1 + L * u * u;
    const ratio = (E - d(xx)) / (2 * T(xx));
    theta += Math.acosh(Math.max(1, ratio)) * 2 * L * u;
  }
  theta = (2 * theta) / nodes;
  // Period = ∫ dx / √(T² − (d − E)²/4) over [xOuter, x₁], with x = centre − half·cos ϑ.
  const centre = 0.5 * (xOuter + x1);
  const half = 0.5 * (x1 - xOuter);
  let period = 0;
  for (let i = 0; i < nodes; i++) {
    const v = (Math.PI * (i + 0.5)) / nodes;
    const xx = centre - half * Math.cos(v);
    const tt = T(xx);
    const q = tt * tt - ((d(xx) - E) * (d(xx) - E)) / 4;
    if (q > 0) period += (half * Math.sin(v)) / Math.sqrt(q);
  }
  period *= Math.PI / nodes;
  const omega = (2 * Math.PI) / period;
  return { action: theta, omega, log10Splitting: (Math.log(omega / Math.PI) - theta) / Math.LN10 };
}

/** s = ∫₀^{z₁} arccosh[(ε₀ − Λz²/2)/√(1 − z²)] dz: the N → ∞ growth rate of ln t_Δ. */
export function semiclassicalGrowthRate(lambda: number, z0: number, phi0: number, nodes = 4000): number {
  return semiclassicalGrowthRateAtEnergy(lambda, meanFieldEnergy(lambda, { z: z0, phi: phi0 }), nodes);
}

/** The same action per particle at the mean-field energy ε (units of NJ). */
export function semiclassicalGrowthRateAtEnergy(lambda: number, eps: number, nodes = 4000): number {
  if (!(eps > 1)) return 0;
  const g = (z: number) => eps - 0.5 * lambda * z * z - Math.sqrt(1 - z * z); // > 0 in the forbidden band
  let z = 0;
  const dz = 1e-4;
  while (z + dz < 1 && g(z + dz) > 0) z += dz;
  const z1 = z + dz >= 1 ? 1 : bisectRoot(g, z, z + dz);
  let s = 0;
  for (let i = 0; i < nodes; i++) {
    const u = (i + 0.5) / nodes;
    // z = z₁(1 − (1 − u)²) clusters nodes at the √-endpoint z₁.
    const zz = z1 * (1 - (1 - u) * (1 - u));
    const ratio = (eps - 0.5 * lambda * zz * zz) / Math.sqrt(1 - zz * zz);
    s += Math.acosh(Math.max(1, ratio)) * 2 * z1 * (1 - u);
  }
  return s / nodes;
}

export interface BreakdownPoint {
  readonly N: number;
  readonly U: number;
  /** Plateau of ⟨z⟩ after the fast dephasing (sum of doublet contributions). */
  readonly plateau: number;
  /** Weight of the state on doublets. */
  readonly trappedWeight: number;
  readonly dominantRank: number;
  readonly dominantWeight: number;
  readonly log10Splitting: number;
  /** log10 t_Δ = log10(π/|Δ|). */
  readonly log10TunnellingTime: number;
  /** log10 t_½ (null if not reached in the scan). */
  readonly log10HalfTime: number | null;
  /** log10 t₀ (null if no zero in the scan). */
  readonly log10FirstZero: number | null;
  /** log10 of π/Δ_WKB at the dominant doublet's energy (null above no separatrix). */
  readonly log10WkbTunnellingTime: number | null;
  /** log10 t̄_Δ: plateau-weighted mean of log10(π/|Δ_j|). */
  readonly log10MeanTunnellingTime: number;
  /** log10 of π/Δ_WKB at the initial state's mean energy ⟨ψ₀|H|ψ₀⟩ (null if that lies below the separatrix). */
  readonly log10WkbAtInitialEnergy: number | null;
}

/** log10 t̄_Δ: the plateau-weighted mean of log10(πħ/|Δ_j|) over the doublets the state populates. */
export function log10MeanTunnellingTime(evolution: ExactEvolution): number {
  let sw = 0;
  let swt = 0;
  for (const d of evolution.doublets) {
    const w = Math.abs(d.plateau);
    sw += w;
    swt += w * (Math.log10(Math.PI) - d.log10Splitting);
  }
  return swt / sw;
}

/** The earliest time at which the fast (non-doublet) terms are damped by e⁻⁸. */
function scanStart(spectrum: ExactSpectrum, smoothing: number): number {
  const levels = spectrum.levels;
  let fastest = Infinity;
  for (let i = 1; i < levels.length; i++) {
    const gap = levels[i]!.center - levels[i - 1]!.center;
    if (gap > 0) fastest = Math.min(fastest, gap);
  }
  return 4 / (smoothing * fastest);
}

export interface BreakdownOptions {
  readonly smoothing?: number;
  /** ⟨ψ₀|H|ψ₀⟩, for the WKB time at that energy. */
  readonly initialEnergy?: number;
}

export function breakdownOf(spectrum: ExactSpectrum, evolution: ExactEvolution, options: BreakdownOptions = {}): BreakdownPoint {
  const kappa = options.smoothing ?? 0.25;
  const p = spectrum.params;
  const dominant = evolution.doublets[0];
  if (!dominant) {
    return {
      N: p.N, U: p.U, plateau: 0, trappedWeight: 0, dominantRank: -1, dominantWeight: 0,
      log10Splitting: NaN, log10TunnellingTime: NaN, log10HalfTime: null, log10FirstZero: null, log10WkbTunnellingTime: null,
      log10MeanTunnellingTime: NaN, log10WkbAtInitialEnergy: null,
    };
  }
  const log10TunnellingTime = Math.log10(Math.PI) - dominant.log10Splitting;
  let slowest = Infinity;
  for (const d of evolution.doublets) if (d.weight > 1e-6) slowest = Math.min(slowest, d.log10Splitting);
  const tStart = scanStart(spectrum, kappa);
  const log10End = Math.log10(Math.PI) - slowest + 2;
  const f = (t: number) => evolution.imbalance(t, kappa);
  const sign0 = Math.sign(evolution.plateau);
  const ratio = 1 + kappa / 8;
  let half: number | null = null;
  let zero: number | null = null;
  let tPrev = tStart;
  let fPrev = f(tStart);
  for (let t = tStart * ratio; Math.log10(t) < log10End && zero === null; t *= ratio) {
    const ft = f(t);
    if (half === null && sign0 * ft < 0.5 * Math.abs(evolution.plateau)) {
      half = refine((x) => sign0 * f(x) - 0.5 * Math.abs(evolution.plateau), tPrev, t);
    }
    if (sign0 * ft <= 0 && sign0 * fPrev > 0) zero = refine((x) => sign0 * f(x), tPrev, t);
    tPrev = t;
    fPrev = ft;
  }
  const center = spectrum.doublets[dominant.rank]!.center;
  const wkb = semiclassicalDoublet(p, center);
  const wkbInitial = options.initialEnergy !== undefined ? semiclassicalDoublet(p, options.initialEnergy) : null;
  return {
    N: p.N,
    U: p.U,
    plateau: evolution.plateau,
    trappedWeight: evolution.trappedWeight,
    dominantRank: dominant.rank,
    dominantWeight: dominant.weight,
    log10Splitting: dominant.log10Splitting,
    log10TunnellingTime,
    log10HalfTime: half === null ? null : Math.log10(half),
    log10FirstZero: zero === null ? null : Math.log10(zero),
    log10WkbTunnellingTime: wkb ? Math.log10(Math.PI) - wkb.log10Splitting : null,
    log10MeanTunnellingTime: log10MeanTunnellingTime(evolution),
    log10WkbAtInitialEnergy: wkbInitial ? Math.log10(Math.PI) - wkbInitial.log10Splitting : null,
  };
}

/** Geometric bisection of a sign change of g between a (g > 0) and b (g ≤ 0). */
function refine(g: (t: number) => number, a: number, b: number): number {
  for (let i = 0; i < 60; i++) {
    const m = Math.sqrt(a * b);
    if (g(m) > 0) a = m;
    else b = m;
  }
  return Math.sqrt(a * b);
}

/** ⟨ψ|H|ψ⟩ on the Fock basis. */
export function energyExpectation(p: JunctionParameters, psi: ComplexVector): number {
  let e = 0;
  for (let n = 0; n <= p.N; n++) {
    e += fockDiagonal(p, n) * (psi.re[n]! ** 2 + psi.im[n]! ** 2);
    if (n < p.N) e += 2 * fockHopping(p, n) * (psi.re[n]! * psi.re[n + 1]! + psi.im[n]! * psi.im[n + 1]!);
  }
  return e;
}

export interface BreakdownScanOptions extends BreakdownOptions {
  readonly J?: number;
  readonly initial?: 'spin-coherent' | 'fock';
  readonly onProgress?: (N: number) => void;
}

/** The breakdown at fixed Λ and (z₀, φ₀) for each N (U = 2JΛ/N). Fock states use n_a = round(N(1 + z₀)/2). */
export function breakdownScan(Ns: readonly number[], lambda: number, z0: number, phi0: number, options: BreakdownScanOptions = {}): BreakdownPoint[] {
  const J = options.J ?? 1;
  return Ns.map((N) => {
    const p = { N, J, U: interactionForLambda(lambda, N, J) };
    const spectrum = exactSpectrum(p);
    const vectors = exactEigenvectors(spectrum);
    const initial: InitialState =
      options.initial === 'fock' ? { kind: 'fock', na: Math.round((N * (1 + z0)) / 2) } : { kind: 'spin-coherent', z0, phi0 };
    const point = breakdownOf(spectrum, exactEvolution(spectrum, vectors, initial), { ...options, initialEnergy: energyExpectation(p, initialAmplitudes(N, initial)) });
    options.onProgress?.(N);
    return point;
  });
}

export interface ExponentialFit {
  /** d ln t / dN. */
  readonly rate: number;
  /** ln t at N = 0 of the fitted line. */
  readonly intercept: number;
  /** Standard error of the rate from the residuals. */
  readonly rateError: number;
  readonly points: number;
}

/** Least-squares line ln t = intercept + rate·N through the finite log10 values. */
export function fitExponentialGrowth(Ns: readonly number[], log10Times: readonly (number | null)[]): ExponentialFit {
  const xs: number[] = [];
  const ys: number[] = [];
  Ns.forEach((N, i) => {
    const v = log10Times[i];
    if (v !== null && v !== undefined && Number.isFinite(v)) {
      xs.push(N);
      ys.push(v * Math.LN10);
    }
  });
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
  }
  const rate = sxy / sxx;
  const intercept = my - rate * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (ys[i]! - intercept - rate * xs[i]!) ** 2;
  const rateError = n > 2 ? Math.sqrt(rss / (n - 2) / sxx) : NaN;
  return { rate, intercept, rateError, points: n };
}
