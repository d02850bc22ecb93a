/**
 * The three descriptions side by side on one time grid (t in ħ/J-units, ħ = 1): exact, mean field
 * and truncated Wigner, each raw and window-averaged (Gaussian window of width κt), so that a
 * log-time axis from 1e-2 to 1e30 shows each as what it is.
 *
 * Truncated Wigner at any time: each Weyl trajectory is a mean-field orbit with its own
 * Λ = U(|α|² + |β|²)/2J (truncated-wigner.ts), hence periodic, and is evaluated through its
 * Fourier series (orbit.ts); its contribution to ⟨z⟩ is z_orbit·(|α|² + |β|²)/N. This is the same
 * ensemble as `wignerEnsemble`, checked against it at short times.
 */
import { ParameterError, requireInRange, requireInteger } from '../parameters.js';
import { exactEvolution, twoModeCoherentEvolution, type InitialState } from './dynamics.js';
import { lambdaOf, type JunctionParameters } from './model.js';
import { fourierOrbit, orbitImbalance, type FourierOrbit } from './orbit.js';
import { exactEigenvectors, exactSpectrum, type ExactSpectrum } from './spectrum.js';
import { wignerSample, type WignerInitialState } from './truncated-wigner.js';
import type { ExactEvolution } from './dynamics.js';

export interface WignerOrbit {
  readonly orbit: FourierOrbit;
  /** (|α|² + |β|²)/N. */
  readonly weight: number;
}

export function wignerOrbits(p: JunctionParameters, state: WignerInitialState, trajectories: number, seed: number, harmonics = 64): WignerOrbit[] {
  const out: WignerOrbit[] = [];
  for (let i = 0; i < trajectories; i++) {
    const f = wignerSample(p.N, state, i, seed);
    const na = f.aRe * f.aRe + f.aIm * f.aIm;
    const nb = f.bRe * f.bRe + f.bIm * f.bIm;
    const total = na + nb;
    const z = (na - nb) / total;
    // φ = θ_b − θ_a
    const phi = Math.atan2(f.bIm, f.bRe) - Math.atan2(f.aIm, f.aRe);
    const lambda = (p.U * total) / (2 * p.J);
    out.push({ orbit: fourierOrbit(lambda, { z, phi }, harmonics), weight: total / p.N });
  }
  return out;
}

/** TW ⟨z⟩ at time t (ħ/J) with window κ; also the standard error over trajectories. */
export function wignerImbalance(orbits: readonly WignerOrbit[], J: number, t: number, smoothing = 0): { mean: number; standardError: number } {
  let s = 0;
  let s2 = 0;
  for (const o of orbits) {
    const z = o.weight * orbitImbalance(o.orbit, 2 * J * t, smoothing);
    s += z;
    s2 += z * z;
  }
  const M = orbits.length;
  const mean = s / M;
  return { mean, standardError: Math.sqrt(Math.max(0, s2 / M - mean * mean) / Math.max(1, M - 1)) };
}

/** 'coherent' is the two-mode coherent state with mean N (a Poisson mixture of N-sectors). */
export type StateKind = 'spin-coherent' | 'fock' | 'coherent';

export interface ComparisonSetup {
  readonly params: JunctionParameters;
  readonly kind: StateKind;
  readonly z0: number;
  readonly phi0: number;
  /** Window width relative to t for the smoothed curves (default 0.25). */
  readonly smoothing?: number;
  /** TW trajectories (default 400) and seed (default 1). */
  readonly trajectories?: number;
  readonly seed?: number;
  /** False: skip the CPU TW orbits (a host computing TW elsewhere, e.g. on the GPU); its columns are null. */
  readonly wigner?: boolean;
}

export interface ImbalanceCurves {
  readonly times: number[];
  readonly lambda: number;
  /** The imbalance actually prepared (for a Fock state the nearest n_a). */
  readonly z0: number;
  readonly exact: (number | null)[];
  readonly exactSmoothed: number[];
  readonly meanField: (number | null)[];
  readonly meanFieldSmoothed: number[];
  readonly wigner: (number | null)[];
  /** NaN where the CPU TW was skipped (`wigner: false`). */
  readonly wignerSmoothed: number[];
  readonly wignerStandardError: number[];
  /** Beyond these times the raw signals' phases are not trusted (null in the raw columns). */
  readonly exactRawUntil: number;
  readonly meanFieldRawUntil: number;
  readonly spectrum: ExactSpectrum;
  readonly evolution: ExactEvolution;
  readonly meanFieldOrbit: FourierOrbit;
}

export function initialStates(N: number, kind: StateKind, z0: number, phi0: number): { exact: InitialState; wigner: WignerInitialState; z0: number } {
  if (kind === 'coherent') return { exact: { kind: 'spin-coherent', z0, phi0 }, wigner: { kind: 'coherent', z0, phi0 }, z0 };
  if (kind === 'fock') {
    const na = Math.round((N * (1 + z0)) / 2);
    return { exact: { kind: 'fock', na }, wigner: { kind: 'fock', na }, z0: (2 * na - N) / N };
  }
  return { exact: { kind: 'spin-coherent', z0, phi0 }, wigner: { kind: 'spin-coherent', z0, phi0 }, z0 };
}

export function imbalanceCurves(setup: ComparisonSetup, times: readonly number[], onProgress?: (stage: string) => void): ImbalanceCurves {
  const p = setup.params;
  const kappa = setup.smoothing ?? 0.25;
  const states = initialStates(p.N, setup.kind, setup.z0, setup.phi0);
  onProgress?.('exact spectrum');
  const spectrum = exactSpectrum(p);
  const evolution =
    setup.kind === 'coherent'
      ? twoModeCoherentEvolution(p.N, p.J, p.U, setup.z0, setup.phi0, (q) => {
          const s = exactSpectrum(q);
          return { spectrum: s, vectors: exactEigenvectors(s) };
        })
      : exactEvolution(spectrum, exactEigenvectors(spectrum), states.exact);
  const lambda = lambdaOf(p);
  onProgress?.('mean field');
  const meanFieldOrbit = fourierOrbit(lambda, { z: states.z0, phi: setup.phi0 });
  // The period is good to ~1e-13 relative: harmonic phases stay within 0.1 rad while τ < 1e11·T.
  const meanFieldRawUntil = (1e11 * meanFieldOrbit.period) / (2 * p.J);
  const withWigner = setup.wigner ?? true;
  if (withWigner) onProgress?.('truncated Wigner');
  const orbits = withWigner ? wignerOrbits(p, states.wigner, setup.trajectories ?? 400, setup.seed ?? 1) : [];
  const wignerRawUntil = orbits.reduce((m, o) => Math.min(m, (1e11 * o.orbit.period) / (2 * p.J)), Infinity);
  const exact: (number | null)[] = [];
  const exactSmoothed: number[] = [];
  const meanField: (number | null)[] = [];
  const meanFieldSmoothed: number[] = [];
  const wigner: (number | null)[] = [];
  const wignerSmoothed: number[] = [];
  const wignerStandardError: number[] = [];
  for (const t of times) {
    exact.push(t <= evolution.rawReliableUntil ? evolution.imbalance(t) : null);
    exactSmoothed.push(evolution.imbalance(t, kappa));
    meanField.push(t <= meanFieldRawUntil ? orbitImbalance(meanFieldOrbit, 2 * p.J * t) : null);
    meanFieldSmoothed.push(orbitImbalance(meanFieldOrbit, 2 * p.J * t, kappa));
    if (!withWigner) {
      wigner.push(null);
      wignerSmoothed.push(NaN);
      wignerStandardError.push(NaN);
      continue;
    }
    wigner.push(t <= wignerRawUntil ? wignerImbalance(orbits, p.J, t).mean : null);
    const ws = wignerImbalance(orbits, p.J, t, kappa);
    wignerSmoothed.push(ws.mean);
    wignerStandardError.push(ws.standardError);
  }
  return {
    times: [...times],
    lambda,
    z0: states.z0,
    exact,
    exactSmoothed,
    meanField,
    meanFieldSmoothed,
    wigner,
    wignerSmoothed,
    wignerStandardError,
    exactRawUntil: evolution.rawReliableUntil,
    meanFieldRawUntil,
    spectrum,
    evolution,
    meanFieldOrbit,
  };
}

/**
 * The checks a log-time grid must pass to resolve the dynamics (shared by the CLI and the page):
 * t_min > 0 and before the first oscillation (fastest rate J + UN), t_max > t_min, and a relative
 * spacing below the window κ, since the window-averaged signal at t holds frequencies up to
 * ~3/(κt). Throws ParameterError naming the flag.
 */
export function checkTimeGrid(p: JunctionParameters, tMin: number, tMax: number, points: number, smoothing: number): void {
  requireInRange('--smoothing', smoothing, { min: 0, max: 1, minInclusive: false, maxInclusive: true });
  if (!(tMin > 0)) throw new ParameterError('--t-min', tMin, 't-min > 0', 'the grid is logarithmic');
  if (!(tMax > tMin)) throw new ParameterError('--t-max', tMax, `t-max > t-min = ${tMin}`);
  requireInteger('--points', points, { min: 2, max: 100000, minInclusive: true, maxInclusive: true });
  const spacing = Math.pow(tMax / tMin, 1 / (points - 1)) - 1;
  if (spacing > smoothing) {
    const needed = Math.ceil(Math.log(tMax / tMin) / Math.log(1 + smoothing)) + 1;
    throw new ParameterError('--points', points, `≥ ${needed} for t = ${tMin}…${tMax} at κ = ${smoothing}`, `relative spacing ${spacing.toPrecision(3)} exceeds the window κ, so the grid cannot resolve the averaged dynamics`);
  }
  const fastest = p.J + p.U * p.N;
  if (tMin > 1 / fastest) throw new ParameterError('--t-min', tMin, `t-min ≤ 1/(J + UN) = ${Number((1 / fastest).toPrecision(4))}`, 'the grid would start after the first Josephson/plasma oscillation');
}

/** A log-spaced grid of `count` times from tMin to tMax. */
export function logTimes(tMin: number, tMax: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => tMin * Math.pow(tMax / tMin, count === 1 ? 0 : i / (count - 1)));
}
