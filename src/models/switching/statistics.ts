/**
 * Sufficient statistics of a switching run: counts, the exact power sums Σk, Σk², Σk³ of the ramp
 * step k at which each trajectory switched, and the histogram of k. Moments of the switching bias
 * follow from them without rounding any sum (src/physics/switching-analysis.ts). Integers only.
 */
import { concatenate, joinFinalStates, NOT_ESCAPED, type FinalStates } from '../rate/statistics.js';
import { rampStepOf, type SwitchingConfig } from './config.js';

export interface SwitchingStatistics {
  trajectories: number;
  /** Trajectories that reached the switching point before the end of the ramp. */
  switched: number;
  /** Of those, the ones that switched while still held at γ_start (counted at k = 0). */
  switchedWhileHeld: number;
  /** [Σk, Σk², Σk³] over switched trajectories, k the ramp step of the switch. */
  powerSums: [bigint, bigint, bigint];
  /** Switches per bin of `stepsPerBin` ramp steps, from γ_start; the last bin also holds later ones. */
  counts: number[];
  stepsPerBin: number;
  /** Step (from the start, hold included) at which each trajectory switched, or NOT_ESCAPED; only with keepSwitchSteps. */
  switchSteps?: Uint32Array;
  finalStates?: FinalStates;
}

export { NOT_ESCAPED as NOT_SWITCHED };

export function emptySwitchingStatistics(config: Pick<SwitchingConfig, 'stepsPerBin' | 'binCount'>): SwitchingStatistics {
  return {
    trajectories: 0,
    switched: 0,
    switchedWhileHeld: 0,
    powerSums: [0n, 0n, 0n],
    counts: new Array<number>(config.binCount).fill(0),
    stepsPerBin: config.stepsPerBin,
  };
}

/** Adds the statistics of a disjoint, later set of trajectories (a page, a shard) into `into`. */
export function accumulateSwitchingStatistics(into: SwitchingStatistics, part: SwitchingStatistics): void {
  if (into.stepsPerBin !== part.stepsPerBin || into.counts.length !== part.counts.length) {
    throw new Error('cannot combine switching statistics with different bins');
  }
  into.trajectories += part.trajectories;
  into.switched += part.switched;
  into.switchedWhileHeld += part.switchedWhileHeld;
  into.powerSums = [0, 1, 2].map((j) => into.powerSums[j]! + part.powerSums[j]!) as [bigint, bigint, bigint];
  part.counts.forEach((c, i) => (into.counts[i] = (into.counts[i] ?? 0) + c));
  if (part.switchSteps) into.switchSteps = concatenate(into.switchSteps, part.switchSteps);
  if (part.finalStates) into.finalStates = joinFinalStates(into.finalStates, part.finalStates);
}

/** The same statistics from explicit switching steps, on the host: the CPU backend and the tests use it. */
export function switchingStatisticsFromSteps(
  config: Pick<SwitchingConfig, 'stepsPerBin' | 'binCount' | 'holdSteps'>,
  switchSteps: ArrayLike<number>,
  keep = false,
): SwitchingStatistics {
  const s = emptySwitchingStatistics(config);
  s.trajectories = switchSteps.length;
  for (let i = 0; i < switchSteps.length; i++) {
    const step = switchSteps[i]!;
    if (step === NOT_ESCAPED) continue;
    s.switched++;
    if (step <= config.holdSteps) s.switchedWhileHeld++;
    const k = BigInt(rampStepOf(config, step));
    s.powerSums[0] += k;
    s.powerSums[1] += k * k;
    s.powerSums[2] += k * k * k;
    s.counts[Math.min(Math.floor(Number(k) / config.stepsPerBin), config.binCount - 1)]!++;
  }
  if (keep) s.switchSteps = Uint32Array.from(switchSteps);
  return s;
}
