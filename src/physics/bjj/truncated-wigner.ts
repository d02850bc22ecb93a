/**
 * Truncated Wigner (TW) reference in f64: the CPU twin of a future GPU ensemble, checkable per
 * trajectory (same Philox counters, same sampling, same RK4 steps).
 *
 * Equations. The Weyl symbol of H is
 *   H_W = −J(α*β + β*α) + (U/2)(|α|⁴ − 2|α|² + |β|⁴ − 2|β|²) + U/2,
 * since n(n − 1) = a†²a² has the Weyl symbol |α|⁴ − 2|α|² + ½. Dropping the third-order terms of
 * the Moyal bracket leaves, with ħ = 1,
 *   i α̇ = −Jβ + U(|α|² − 1)α,   i β̇ = −Jα + U(|β|² − 1)β.
 * The −U terms are the Weyl-ordering corrections; here they rotate both modes by the same phase,
 * so z and φ obey the mean-field equations with the trajectory's own Λ = U(|α|² + |β|²)/2J.
 * Observables: the Weyl symbol of n_a − n_b is |α|² − |β|², so ⟨z⟩ = ⟨|α|² − |β|²⟩_W / N, and
 * ⟨(n_a − n_b)²⟩ = ⟨(|α|² − |β|²)²⟩_W − ½.
 *
 * Initial states (which one is said, since only one of them is exact):
 *  - 'coherent': the two-mode coherent state |α₀⟩|β₀⟩ with α₀ = √(N(1 + z₀)/2),
 *    β₀ = √(N(1 − z₀)/2)e^{iφ₀}. Its Wigner function is exactly Gaussian: α = α₀ + (ξ₁ + iξ₂)/2,
 *    β = β₀ + (ξ₃ + iξ₄)/2 with ξ standard normal. It has Poissonian N (mean N).
 *  - 'spin-coherent': the fixed-N state (u a† + v b†)^N|0⟩/√N!, approximated by the coherent
 *    sample above rescaled to |α|² + |β|² = N + 1 (the Weyl symbol of the conserved n_a + n_b at
 *    fixed N). This removes the Poissonian spread of Λ, which otherwise dephases the ensemble
 *    faster than the fixed-N state does; it is an approximation, not the exact SU(2) Wigner function.
 *  - 'fock': |n_a, n_b⟩ in the usual Gaussian approximation: a mode with n ≥ 1 gets
 *    |α|² = n + ½ + ξ/2 and a uniform phase, which reproduces ⟨n⟩ and ⟨n²⟩ exactly
 *    (⟨|α|²⟩_W = n + ½, ⟨|α|⁴⟩_W − ⟨|α|²⟩_W = n²); |α|² is clamped at 0 in the rare draws
 *    (ξ < −(2n + 1)) that would make it negative. An empty mode is the exact vacuum Gaussian.
 *
 * Randomness: Philox4x32-10 keyed by (trajectory index, seed) on its own stream, block 0 for the
 * four normals and block 1 for the two uniform phases, so any trajectory can be regenerated alone.
 */
import { openUnitInterval, philox4x32_10, seedWords, stepNormals, trajectoryKey } from '../../engine/philox.js';
import type { JunctionParameters } from './model.js';

/** Philox counter word 1 for the junction's initial states (the escape engine uses 0–3). */
export const STREAM_BJJ_INITIAL_STATE = 4;

export type WignerInitialState =
  | { readonly kind: 'coherent' | 'spin-coherent'; readonly z0: number; readonly phi0: number }
  | { readonly kind: 'fock'; readonly na: number };

/** Mode amplitudes (α, β) as four reals. */
export interface TwoModeField {
  aRe: number;
  aIm: number;
  bRe: number;
  bIm: number;
}

function fockMode(n: number, xi1: number, xi2: number, uniform: number): [number, number] {
  if (n === 0) return [xi1 / 2, xi2 / 2];
  const modulus = Math.sqrt(Math.max(0, n + 0.5 + xi1 / 2));
  const theta = 2 * Math.PI * uniform;
  return [modulus * Math.cos(theta), modulus * Math.sin(theta)];
}

/** The Wigner sample of trajectory `index` under `seed`. */
export function wignerSample(N: number, state: WignerInitialState, index: number, seed: number): TwoModeField {
  const xi = stepNormals(index, seed, 0, STREAM_BJJ_INITIAL_STATE);
  if (state.kind !== 'fock') {
    const a0 = Math.sqrt((N * (1 + state.z0)) / 2);
    const b0 = Math.sqrt((N * (1 - state.z0)) / 2);
    const f = {
      aRe: a0 + xi[0] / 2,
      aIm: xi[1] / 2,
      bRe: b0 * Math.cos(state.phi0) + xi[2] / 2,
      bIm: b0 * Math.sin(state.phi0) + xi[3] / 2,
    };
    if (state.kind === 'coherent') return f;
    const scale = Math.sqrt((N + 1) / (f.aRe * f.aRe + f.aIm * f.aIm + f.bRe * f.bRe + f.bIm * f.bIm));
    return { aRe: f.aRe * scale, aIm: f.aIm * scale, bRe: f.bRe * scale, bIm: f.bIm * scale };
  }
  const bits = philox4x32_10([1, STREAM_BJJ_INITIAL_STATE, seedWords(seed).hi, 0], trajectoryKey(index, seed));
  const [aRe, aIm] = fockMode(state.na, xi[0], xi[1], openUnitInterval(bits[0]));
  const [bRe, bIm] = fockMode(N - state.na, xi[2], xi[3], openUnitInterval(bits[1]));
  return { aRe, aIm, bRe, bIm };
}

function rate(p: JunctionParameters, f: TwoModeField): TwoModeField {
  const ga = p.U * (f.aRe * f.aRe + f.aIm * f.aIm - 1);
  const gb = p.U * (f.bRe * f.bRe + f.bIm * f.bIm - 1);
  // α̇ = −i(−Jβ + g_a α), β̇ = −i(−Jα + g_b β)
  return {
    aRe: -p.J * f.bIm + ga * f.aIm,
    aIm: p.J * f.bRe - ga * f.aRe,
    bRe: -p.J * f.aIm + gb * f.bIm,
    bIm: p.J * f.aRe - gb * f.bRe,
  };
}

function axpy(f: TwoModeField, h: number, k: TwoModeField): TwoModeField {
  return { aRe: f.aRe + h * k.aRe, aIm: f.aIm + h * k.aIm, bRe: f.bRe + h * k.bRe, bIm: f.bIm + h * k.bIm };
}

/** One classical RK4 step of the Weyl-ordered equations. */
export function weylStep(p: JunctionParameters, f: TwoModeField, h: number): TwoModeField {
  const k1 = rate(p, f);
  const k2 = rate(p, axpy(f, h / 2, k1));
  const k3 = rate(p, axpy(f, h / 2, k2));
  const k4 = rate(p, axpy(f, h, k3));
  return {
    aRe: f.aRe + (h / 6) * (k1.aRe + 2 * k2.aRe + 2 * k3.aRe + k4.aRe),
    aIm: f.aIm + (h / 6) * (k1.aIm + 2 * k2.aIm + 2 * k3.aIm + k4.aIm),
    bRe: f.bRe + (h / 6) * (k1.bRe + 2 * k2.bRe + 2 * k3.bRe + k4.bRe),
    bIm: f.bIm + (h / 6) * (k1.bIm + 2 * k2.bIm + 2 * k3.bIm + k4.bIm),
  };
}

/** Default step: 0.02 of the fastest rate J + U(N + 1) (RK4 order 4 tested). */
export function defaultWeylStep(p: JunctionParameters): number {
  return 0.02 / (p.J + p.U * (p.N + 1));
}

/** Weyl symbol of n_a − n_b along one trajectory at the ascending sample times. */
export function weylTrajectory(p: JunctionParameters, initial: TwoModeField, times: ArrayLike<number>, step = defaultWeylStep(p)): { difference: Float64Array; final: TwoModeField } {
  const out = new Float64Array(times.length);
  let f = { ...initial };
  let now = 0;
  for (let i = 0; i < times.length; i++) {
    const target = times[i]!;
    const steps = Math.ceil((target - now) / step);
    if (steps > 0) {
      const h = (target - now) / steps;
      for (let s = 0; s < steps; s++) f = weylStep(p, f, h);
      now = target;
    }
    out[i] = f.aRe * f.aRe + f.aIm * f.aIm - (f.bRe * f.bRe + f.bIm * f.bIm);
  }
  return { difference: out, final: f };
}

export interface WignerEnsembleResult {
  readonly times: Float64Array;
  /** ⟨z⟩ = ⟨|α|² − |β|²⟩_W / N. */
  readonly mean: Float64Array;
  /** Standard error of that mean over trajectories. */
  readonly standardError: Float64Array;
  /** Quantum variance of z: ⟨(|α|² − |β|²)²⟩_W/N² − ½N⁻² − ⟨z⟩². */
  readonly variance: Float64Array;
  /** Fraction of trajectories whose own mean-field energy lies above the separatrix: these can never cross z = 0. */
  readonly trappedFraction: number;
  readonly trajectories: number;
}

/** The trajectory's own mean-field energy H = Λz²/2 − √(1 − z²)cos φ with Λ = U(|α|² + |β|²)/2J. */
export function trajectoryEnergy(p: JunctionParameters, f: TwoModeField): number {
  const na = f.aRe * f.aRe + f.aIm * f.aIm;
  const nb = f.bRe * f.bRe + f.bIm * f.bIm;
  const total = na + nb;
  if (total === 0) return 0;
  const z = (na - nb) / total;
  const lambda = (p.U * total) / (2 * p.J);
  // √(1 − z²)cos φ = 2Re(α*β)/(|α|² + |β|²)
  const xcos = (2 * (f.aRe * f.bRe + f.aIm * f.bIm)) / total;
  return 0.5 * lambda * z * z - xcos;
}

export function wignerEnsemble(
  p: JunctionParameters,
  state: WignerInitialState,
  times: ArrayLike<number>,
  trajectories: number,
  seed: number,
  step = defaultWeylStep(p),
  onProgress?: (done: number) => void,
): WignerEnsembleResult {
  const n = times.length;
  const sum = new Float64Array(n);
  const sumSq = new Float64Array(n);
  let trapped = 0;
  for (let i = 0; i < trajectories; i++) {
    const f0 = wignerSample(p.N, state, i, seed);
    if (trajectoryEnergy(p, f0) > 1) trapped++;
    const { difference } = weylTrajectory(p, f0, times, step);
    for (let k = 0; k < n; k++) {
      const z = difference[k]! / p.N;
      sum[k] = sum[k]! + z;
      sumSq[k] = sumSq[k]! + z * z;
    }
    if (onProgress && (i + 1) % 256 === 0) onProgress(i + 1);
  }
  const mean = new Float64Array(n);
  const standardError = new Float64Array(n);
  const variance = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const m = sum[k]! / trajectories;
    const second = sumSq[k]! / trajectories;
    mean[k] = m;
    standardError[k] = Math.sqrt(Math.max(0, second - m * m) / Math.max(1, trajectories - 1));
    variance[k] = second - 0.5 / (p.N * p.N) - m * m;
  }
  return { times: Float64Array.from(times), mean, standardError, variance, trappedFraction: trapped / trajectories, trajectories };
}
