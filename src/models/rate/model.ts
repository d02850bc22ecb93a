/**
 * The rate model (physics.md §6): the washboard at a fixed bias, each trajectory run until it first
 * reaches the absorbing point φ_e or is censored at maxSteps, reduced to the number escaped, the
 * censored exposure Σ min(escape step, steps run) and the survival histogram.
 */
import type { EnsembleModel } from '../../engine/model.js';
import { runEnsemble, type PageResult, type RunOptions, type RunProgress, type RunResult } from '../../engine/ensemble.js';
import { reduceProgram, trajectoryProgram, type KernelProgram } from '../../engine/programs.js';
import { DEFAULT_RNG, type RngName } from '../../engine/philox.js';
import { escapeStatistics, wideSum } from '../../engine/wgsl.generated.js';
import { initialDistribution, type EscapeConfig } from './config.js';
import { accumulateStatistics, emptyStatistics, type EscapeStatistics } from './statistics.js';
import { finalStates, STATE_WORDS, stopSteps, washboardKernel, washboardParameters } from '../washboard/kernel.js';

export const rateModel: EnsembleModel<EscapeConfig, EscapeStatistics> = {
  id: 'rate',
  kernel: washboardKernel({ steps: 0, initialState: 1 }, {
    parameters: [
      { name: 'trajectory_count', type: 'u32' },
      { name: 'steps_run', type: 'u32', doc: 'steps every survivor has run: its censoring time' },
      { name: 'steps_per_bin', type: 'u32' },
      { name: 'bin_count', type: 'u32' },
    ],
    libraries: [wideSum],
    source: escapeStatistics,
  }),
  stateWords: STATE_WORDS,
  modelParameters: (config) => washboardParameters({
    ...config, gammaStart: config.gamma, rampPerStep: 0, holdSteps: 0, target: config.escapeAt, initial: initialDistribution(config),
  }),
  reduceParameters: (config, count, stepsRun) => ({
    trajectory_count: count, steps_run: stepsRun, steps_per_bin: emptyStatistics(config).stepsPerBin, bin_count: config.survivalBins,
  }),
  statisticsWords: (config) => 3 + config.survivalBins,
  decode(config, count, words) {
    const s = emptyStatistics(config);
    s.trajectories = count;
    s.escaped = words[0]!;
    s.exposureSteps = (BigInt(words[2]!) << 32n) | BigInt(words[1]!);
    s.survivalCounts = Array.from(words.subarray(3, 3 + config.survivalBins));
    return s;
  },
  keepsStates: (config) => config.keepEscapeSteps || config.keepFinalStates,
  decodeStates(config, count, states, statistics) {
    if (config.keepEscapeSteps) statistics.escapeSteps = stopSteps(states, count);
    if (config.keepFinalStates) statistics.finalStates = finalStates(states, count);
  },
  empty: emptyStatistics,
  accumulate: accumulateStatistics,
  finishedCount: (s) => s.escaped,
  // Exact: the exposure is Σ min(escape step, steps run), the steps each trajectory was integrated.
  trajectorySteps: (s) => Number(s.exposureSteps),
};

export type EscapeProgress = RunProgress;
export type EscapeRunOptions = RunOptions<EscapeStatistics>;
export type EscapeRunResult = RunResult<EscapeStatistics>;
export type EscapePageResult = PageResult<EscapeStatistics>;

/**
 * Runs the escape ensemble described by `config` on `device` and returns its sufficient statistics
 * (the engine's guarantees: see runEnsemble).
 */
export function runEscapeEnsemble(device: GPUDevice, config: EscapeConfig, options: EscapeRunOptions = {}): Promise<EscapeRunResult> {
  return runEnsemble(device, rateModel, config, options);
}

/** The rate model's trajectory kernel (entry `initialize`, `advance` or `compact`). */
export function langevinEscapeProgram(entryPoint: 'initialize' | 'advance' | 'compact', workgroupSize: number, rng: RngName = DEFAULT_RNG): KernelProgram {
  return trajectoryProgram(rateModel, entryPoint, workgroupSize, rng);
}

/** Reduces a page of escape states to sufficient statistics. */
export function escapeStatisticsProgram(workgroupSize: number): KernelProgram {
  return reduceProgram(rateModel, workgroupSize);
}
