/**
 * The switching model (physics.md §7): the washboard under a bias held at γ_start and then ramped,
 * each trajectory run until it reaches the switching point, reduced to counts, the exact power sums
 * of the ramp step of each switch and its histogram.
 */
import type { EnsembleModel } from '../../engine/model.js';
import { runEnsemble, type PageResult, type RunOptions, type RunResult } from '../../engine/ensemble.js';
import { reduceProgram, trajectoryProgram, type KernelProgram } from '../../engine/programs.js';
import { switchingStatistics, wideSum } from '../../engine/wgsl.generated.js';
import { switchingInitialDistribution, type SwitchingConfig } from './config.js';
import { accumulateSwitchingStatistics, emptySwitchingStatistics, type SwitchingStatistics } from './statistics.js';
import { finalStates, STATE_WORDS, stopSteps, washboardKernel, washboardParameters } from '../washboard/kernel.js';

/** Words before the histogram in the statistics buffer (shaders/models/switching/switching_statistics.wgsl). */
export const SUM_WORDS = 11;

export const switchingModel: EnsembleModel<SwitchingConfig, SwitchingStatistics> = {
  id: 'switching',
  // Streams of their own, so that a switching run and a fixed-bias run with the same seed draw independent noise.
  kernel: washboardKernel({ steps: 2, initialState: 3 }, {
    parameters: [
      { name: 'trajectory_count', type: 'u32' },
      { name: 'hold_steps', type: 'u32' },
      { name: 'steps_per_bin', type: 'u32' },
      { name: 'bin_count', type: 'u32' },
    ],
    libraries: [wideSum],
    source: switchingStatistics,
  }),
  stateWords: STATE_WORDS,
  modelParameters: (config) => washboardParameters({
    ...config, target: config.switchAt, initial: switchingInitialDistribution(config),
  }),
  reduceParameters: (config, count) => ({ trajectory_count: count, hold_steps: config.holdSteps, steps_per_bin: config.stepsPerBin, bin_count: config.binCount }),
  statisticsWords: (config) => SUM_WORDS + config.binCount,
  decode: (config, count, words) => pageStatistics(config, count, words),
  keepsStates: (config) => config.keepSwitchSteps || config.keepFinalStates,
  decodeStates(config, count, states, statistics) {
    if (config.keepSwitchSteps) statistics.switchSteps = stopSteps(states, count);
    if (config.keepFinalStates) statistics.finalStates = finalStates(states, count);
  },
  empty: emptySwitchingStatistics,
  accumulate: accumulateSwitchingStatistics,
  finishedCount: (s) => s.switched,
};

export type SwitchingPageResult = PageResult<SwitchingStatistics>;
/** The engine's options (ranges, snapshots, device replacement); progress counts switches as `escaped`. */
export type SwitchingRunOptions = RunOptions<SwitchingStatistics>;
export type SwitchingRunResult = RunResult<SwitchingStatistics>;

/**
 * Runs the switching ensemble described by `config` on `device` (the ranges in `options`, default
 * all of it), with the engine's guarantees (see runEnsemble).
 */
export function runSwitchingEnsemble(device: GPUDevice, config: SwitchingConfig, options: SwitchingRunOptions = {}): Promise<SwitchingRunResult> {
  return runEnsemble(device, switchingModel, config, options);
}

/** Reduces a page of switching states to counts, exact power sums and the histogram. */
export function switchingStatisticsProgram(workgroupSize: number): KernelProgram {
  return reduceProgram(switchingModel, workgroupSize);
}

/** The switching model's trajectory kernel (entry `initialize`, `advance` or `compact`). */
export function langevinSwitchingProgram(entryPoint: 'initialize' | 'advance' | 'compact', workgroupSize: number): KernelProgram {
  return trajectoryProgram(switchingModel, entryPoint, workgroupSize);
}

/** Little-endian multi-word unsigned integer from u32 words. */
function wideInteger(words: Uint32Array, first: number, count: number): bigint {
  let v = 0n;
  for (let j = count - 1; j >= 0; j--) v = (v << 32n) | BigInt(words[first + j]!);
  return v;
}

/**
 * Decodes the statistics words of one page (layout in shaders/models/switching/switching_statistics.wgsl)
 * and, when kept, its raw trajectory states.
 */
export function pageStatistics(config: Pick<SwitchingConfig, 'stepsPerBin' | 'binCount' | 'keepSwitchSteps' | 'keepFinalStates'>, count: number, words: Uint32Array, states?: ArrayBuffer): SwitchingStatistics {
  const s = emptySwitchingStatistics(config);
  s.trajectories = count;
  s.switched = words[0]!;
  s.switchedWhileHeld = words[1]!;
  s.powerSums = [wideInteger(words, 2, 2), wideInteger(words, 4, 3), wideInteger(words, 7, 4)];
  s.counts = Array.from(words.subarray(SUM_WORDS, SUM_WORDS + config.binCount));
  if (states) {
    if (config.keepSwitchSteps) s.switchSteps = stopSteps(states, count);
    if (config.keepFinalStates) s.finalStates = finalStates(states, count);
  }
  return s;
}
