/**
 * The sufficient statistics of an escape ensemble (physics.md §6): everything a rate, its interval
 * and the survival curve need, and nothing per trajectory unless asked for. Counts are integers;
 * the exposure is kept in steps as a bigint so that no sum of times is ever rounded.
 */
import type { EscapeConfig } from './config.js';

export interface EscapeStatistics {
  trajectories: number;
  escaped: number;
  /** Σᵢ min(escape step, steps run): the censored exposure, in steps. */
  exposureSteps: bigint;
  /** Escapes per bin of `stepsPerBin` steps; the last bin also holds any later escape. */
  survivalCounts: number[];
  stepsPerBin: number;
  /** Escape step of each trajectory (0xFFFFFFFF = survived), only when keepEscapeSteps was set. */
  escapeSteps?: Uint32Array;
  /** Final state of each trajectory, only when keepFinalStates was set. */
  finalStates?: FinalStates;
}

/** Phase wrapped into [−π, π), winding number and velocity, one entry per trajectory. */
export interface FinalStates {
  phase: Float64Array;
  velocity: Float64Array;
  winding: Int32Array;
}

/** Joins per-page arrays in page order. */
export function concatenate<T extends Float64Array | Int32Array | Uint32Array>(a: T | undefined, b: T): T {
  if (!a) return b;
  const out = new (b.constructor as new (n: number) => T)(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export const NOT_ESCAPED = 0xffffffff;

export function emptyStatistics(config: Pick<EscapeConfig, 'maxSteps' | 'survivalBins'>): EscapeStatistics {
  return {
    trajectories: 0,
    escaped: 0,
    exposureSteps: 0n,
    survivalCounts: new Array<number>(config.survivalBins).fill(0),
    stepsPerBin: stepsPerSurvivalBin(config),
  };
}

export function stepsPerSurvivalBin(config: Pick<EscapeConfig, 'maxSteps' | 'survivalBins'>): number {
  return Math.max(1, Math.ceil(config.maxSteps / config.survivalBins));
}

/** Adds the statistics of a disjoint set of trajectories (a page, a shard) into `into`. */
export function accumulateStatistics(into: EscapeStatistics, part: EscapeStatistics): void {
  if (into.stepsPerBin !== part.stepsPerBin || into.survivalCounts.length !== part.survivalCounts.length) {
    throw new Error('cannot combine statistics with different survival bins');
  }
  into.trajectories += part.trajectories;
  into.escaped += part.escaped;
  into.exposureSteps += part.exposureSteps;
  part.survivalCounts.forEach((c, i) => (into.survivalCounts[i] = (into.survivalCounts[i] ?? 0) + c));
  if (part.escapeSteps) into.escapeSteps = concatenate(into.escapeSteps, part.escapeSteps);
  if (part.finalStates) into.finalStates = joinFinalStates(into.finalStates, part.finalStates);
}

/** Final states of two disjoint pages, in page order. */
export function joinFinalStates(a: FinalStates | undefined, b: FinalStates): FinalStates {
  return { phase: concatenate(a?.phase, b.phase), velocity: concatenate(a?.velocity, b.velocity), winding: concatenate(a?.winding, b.winding) };
}

/** Statistics of explicit escape steps; the CPU backend and the tests use it. */
export function statisticsFromEscapeSteps(
  config: Pick<EscapeConfig, 'maxSteps' | 'survivalBins'>,
  escapeSteps: ArrayLike<number>,
  keep = false,
): EscapeStatistics {
  const s = emptyStatistics(config);
  s.trajectories = escapeSteps.length;
  let exposure = 0n;
  for (let i = 0; i < escapeSteps.length; i++) {
    const step = escapeSteps[i]!;
    if (step === NOT_ESCAPED) {
      exposure += BigInt(config.maxSteps);
    } else {
      s.escaped++;
      exposure += BigInt(step);
      const bin = Math.min(Math.floor(step / s.stepsPerBin), config.survivalBins - 1);
      s.survivalCounts[bin]!++;
    }
  }
  s.exposureSteps = exposure;
  if (keep) s.escapeSteps = Uint32Array.from(escapeSteps);
  return s;
}
