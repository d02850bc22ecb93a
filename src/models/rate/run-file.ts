/**
 * The rate model's run-file payload (format `washboard-escape-run`): its identity, its configuration
 * read back, and its sufficient statistics as JSON (the exposure as a decimal string: it is a 64-bit
 * integer). The envelope (src/engine/checkpoint.ts) does the rest.
 */
import { kernelDigest, newRunStateOf, type RunFileKind, type RunPlacement, type RunStateOf, type RunTuning } from '../../engine/checkpoint.js';
import { validateEscapeParameters, type EscapeConfig } from './config.js';
import { accumulateStatistics, emptyStatistics, stepsPerSurvivalBin, type EscapeStatistics } from './statistics.js';
import { escapeStatisticsProgram, langevinEscapeProgram, rateModel } from './model.js';

/** Every field that affects the statistics. Two files may be combined only if all are equal. */
export type RunParameters = Pick<
  EscapeConfig,
  'gamma' | 'Q0' | 'theta' | 'dt' | 'trajectories' | 'maxSteps' | 'seed' | 'escapeAt' | 'init' | 'rng' | 'survivalBins'
> & {
  /** Only the GPU engine writes run files: the f64 CPU reference gives different bits. */
  backend: 'gpu';
  /** Digest of the WGSL the statistics came from: a changed kernel may change every bit. */
  kernels: string;
};

export const PARAMETER_FIELDS: readonly (keyof RunParameters)[] = [
  'gamma', 'Q0', 'theta', 'dt', 'trajectories', 'maxSteps', 'seed', 'escapeAt', 'init', 'rng', 'survivalBins', 'backend', 'kernels',
];

/** `statistics` holds exactly the trajectories in `done` (no per-trajectory arrays). */
export type EscapeRunState = RunStateOf<'rate', RunParameters, EscapeStatistics>;

export const rateRunFile: RunFileKind<'rate', RunParameters, EscapeStatistics, EscapeConfig> = {
  kind: 'rate',
  format: 'washboard-escape-run',
  parameterFields: PARAMETER_FIELDS,
  stringFields: ['init', 'rng', 'backend', 'kernels'],
  nullableFields: [],
  stateWords: rateModel.stateWords,
  kernelSources: () => [
    langevinEscapeProgram('initialize', 64), langevinEscapeProgram('advance', 64), langevinEscapeProgram('compact', 64), escapeStatisticsProgram(64),
  ].map((p) => p.source),
  configFromParameters: (parameters, tuning) => configFromRunState({ parameters, tuning }),
  emptyStatistics,
  statisticsToJson: (s) => ({ trajectories: s.trajectories, escaped: s.escaped, exposureSteps: s.exposureSteps.toString(), stepsPerBin: s.stepsPerBin, survivalCounts: s.survivalCounts }),
  statisticsFromJson(s, { config, parameters, trajectories, check }) {
    const int = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
    check(typeof s.exposureSteps === 'string' && /^\d+$/.test(s.exposureSteps), 'exposureSteps is not a decimal integer');
    const statistics: EscapeStatistics = {
      trajectories: s.trajectories as number,
      escaped: s.escaped as number,
      exposureSteps: BigInt(s.exposureSteps as string),
      stepsPerBin: s.stepsPerBin as number,
      survivalCounts: s.survivalCounts as number[],
    };
    check(int(statistics.trajectories) && statistics.trajectories === trajectories, 'statistics.trajectories differs from the finished ranges');
    check(int(statistics.escaped) && statistics.escaped <= statistics.trajectories, 'statistics.escaped');
    check(statistics.stepsPerBin === stepsPerSurvivalBin(config), 'statistics.stepsPerBin');
    check(
      Array.isArray(statistics.survivalCounts) && statistics.survivalCounts.length === config.survivalBins && statistics.survivalCounts.every((c) => int(c)),
      'statistics.survivalCounts',
    );
    check(statistics.survivalCounts.reduce((a, b) => a + b, 0) === statistics.escaped, 'survival counts do not add up to escaped');
    // Survivors ran every step; an escaped trajectory counts its escape step.
    const survivors = BigInt(statistics.trajectories - statistics.escaped) * BigInt(parameters.maxSteps);
    check(statistics.exposureSteps >= survivors && statistics.exposureSteps <= BigInt(statistics.trajectories) * BigInt(parameters.maxSteps), 'exposureSteps out of range');
    return statistics;
  },
  addStatistics(into, part) {
    const { escapeSteps: _e, finalStates: _f, ...counts } = part;
    accumulateStatistics(into, counts);
  },
};

export function runParameters(config: EscapeConfig): RunParameters {
  return {
    gamma: config.gamma, Q0: config.Q0, theta: config.theta, dt: config.dt, trajectories: config.trajectories,
    maxSteps: config.maxSteps, seed: config.seed, escapeAt: config.escapeAt, init: config.init, rng: config.rng, survivalBins: config.survivalBins,
    backend: 'gpu', kernels: kernelDigest(rateRunFile),
  };
}

export function newRunState(config: EscapeConfig, where: RunPlacement = {}): EscapeRunState {
  return newRunStateOf(rateRunFile, runParameters(config), emptyStatistics(config), config, where);
}

/** The configuration a rate run file describes, with its recorded tuning unless overridden. */
export function configFromRunState(state: Pick<EscapeRunState, 'parameters' | 'tuning'>, tuning: Partial<RunTuning> = {}): EscapeConfig {
  const p = state.parameters;
  const t = { ...state.tuning, ...tuning };
  const config = validateEscapeParameters({
    gamma: p.gamma, Q0: p.Q0, theta: p.theta, dt: p.dt, trajectories: p.trajectories, maxTime: p.maxSteps * p.dt,
    seed: p.seed, escapeAt: p.escapeAt, init: p.init, rng: p.rng, survivalBins: p.survivalBins,
    pageSize: t.pageSize, stepsPerDispatch: t.stepsPerDispatch ?? undefined, dispatchStepBudget: t.dispatchStepBudget,
    targetDispatchSeconds: t.targetDispatchSeconds, workgroupSize: t.workgroupSize,
  });
  // maxTime/dt may round to a neighbouring step count: the recorded one is what ran.
  config.maxSteps = p.maxSteps;
  return config;
}
