/**
 * The switching model's run-file payload (format `washboard-switching-run`): its identity (what the
 * kernels see and what its report shows beside the statistics), its configuration read back, and its
 * counts, exact power sums (decimal strings) and histogram. The envelope (src/engine/checkpoint.ts)
 * does the rest.
 */
import { kernelDigest, newRunStateOf, type RunFileKind, type RunPlacement, type RunStateOf, type RunTuning } from '../../engine/checkpoint.js';
import { validateSwitchingParameters, type SwitchingConfig } from './config.js';
import { accumulateSwitchingStatistics, emptySwitchingStatistics, type SwitchingStatistics } from './statistics.js';
import { langevinSwitchingProgram, switchingModel, switchingStatisticsProgram } from './model.js';

/**
 * A switching run's identity: what the kernels see (the ramp in whole steps, the histogram bins),
 * and what its report shows beside the statistics (ħ for the quantum prediction, the SI junction
 * when there is one), so that a merge reports exactly what the unsharded run reports.
 */
export interface SwitchingRunParameters {
  Q0: number;
  theta: number;
  rampRate: number;
  gammaStart: number;
  gammaEnd: number;
  holdSteps: number;
  /** holdSteps + ramp steps. */
  maxSteps: number;
  wells: number;
  dt: number;
  trajectories: number;
  seed: number;
  init: SwitchingConfig['init'];
  rng: SwitchingConfig['rng'];
  stepsPerBin: number;
  binCount: number;
  hbar: number;
  /** The SI junction (A, F, Ω, K), or null in dimensionless mode. */
  Ic: number | null;
  C: number | null;
  R: number | null;
  T: number | null;
  backend: 'gpu';
  kernels: string;
}

export const SWITCHING_PARAMETER_FIELDS: readonly (keyof SwitchingRunParameters)[] = [
  'Q0', 'theta', 'rampRate', 'gammaStart', 'gammaEnd', 'holdSteps', 'maxSteps', 'wells', 'dt', 'trajectories', 'seed', 'init', 'rng',
  'stepsPerBin', 'binCount', 'hbar', 'Ic', 'C', 'R', 'T', 'backend', 'kernels',
];
export interface SwitchingReportExtras {
  hbar: number;
  junction: { criticalCurrent: number; capacitance: number; resistance: number } | null;
  temperature: number | null;
}

export type SwitchingRunState = RunStateOf<'switching', SwitchingRunParameters, SwitchingStatistics>;

export const switchingRunFile: RunFileKind<'switching', SwitchingRunParameters, SwitchingStatistics, SwitchingConfig> = {
  kind: 'switching',
  format: 'washboard-switching-run',
  parameterFields: SWITCHING_PARAMETER_FIELDS,
  stringFields: ['init', 'rng', 'backend', 'kernels'],
  nullableFields: ['Ic', 'C', 'R', 'T'],
  stateWords: switchingModel.stateWords,
  kernelSources: () => [
    langevinSwitchingProgram('initialize', 64), langevinSwitchingProgram('advance', 64), langevinSwitchingProgram('compact', 64), switchingStatisticsProgram(64),
  ].map((p) => p.source),
  configFromParameters: (parameters, tuning) => switchingConfigFromRunState({ parameters, tuning }),
  emptyStatistics: emptySwitchingStatistics,
  statisticsToJson: (s) => ({
    trajectories: s.trajectories, switched: s.switched, switchedWhileHeld: s.switchedWhileHeld,
    powerSums: s.powerSums.map((x) => x.toString()), stepsPerBin: s.stepsPerBin, counts: s.counts,
  }),
  statisticsFromJson(s, { config: c, trajectories, check }) {
    const int = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
    const decimal = (x: unknown) => typeof x === 'string' && /^\d+$/.test(x);
    check(Array.isArray(s.powerSums) && s.powerSums.length === 3 && s.powerSums.every(decimal), 'powerSums are not three decimal integers');
    const statistics: SwitchingStatistics = {
      trajectories: s.trajectories as number,
      switched: s.switched as number,
      switchedWhileHeld: s.switchedWhileHeld as number,
      powerSums: (s.powerSums as string[]).map((x) => BigInt(x)) as [bigint, bigint, bigint],
      stepsPerBin: s.stepsPerBin as number,
      counts: s.counts as number[],
    };
    check(int(statistics.trajectories) && statistics.trajectories === trajectories, 'statistics.trajectories differs from the finished ranges');
    check(int(statistics.switched) && statistics.switched <= statistics.trajectories, 'statistics.switched');
    check(int(statistics.switchedWhileHeld) && statistics.switchedWhileHeld <= statistics.switched, 'statistics.switchedWhileHeld');
    check(statistics.stepsPerBin === c.stepsPerBin, 'statistics.stepsPerBin');
    check(Array.isArray(statistics.counts) && statistics.counts.length === c.binCount && statistics.counts.every((x) => int(x)), 'statistics.counts');
    check(statistics.counts.reduce((a, b) => a + b, 0) === statistics.switched, 'histogram counts do not add up to switched');
    // k ≤ ramp steps for every switch: Σk ≤ n·K, Σk² ≤ K·Σk, Σk³ ≤ K·Σk².
    const K = BigInt(c.rampSteps);
    const [s1, s2, s3] = statistics.powerSums;
    check(s1 <= BigInt(statistics.switched) * K && s2 <= K * s1 && s3 <= K * s2, 'powerSums out of range');
    return statistics;
  },
  addStatistics(into, part) {
    const { switchSteps: _w, finalStates: _f, ...counts } = part;
    accumulateSwitchingStatistics(into, counts);
  },
};

export function newSwitchingRunState(config: SwitchingConfig, extras: SwitchingReportExtras, where: RunPlacement = {}): SwitchingRunState {
  return newRunStateOf(switchingRunFile, switchingRunParameters(config, extras), emptySwitchingStatistics(config), config, where);
}

export function switchingRunParameters(config: SwitchingConfig, extras: SwitchingReportExtras): SwitchingRunParameters {
  const j = extras.junction;
  return {
    Q0: config.Q0, theta: config.theta, rampRate: config.rampRate, gammaStart: config.gammaStart, gammaEnd: config.gammaEnd,
    holdSteps: config.holdSteps, maxSteps: config.maxSteps, wells: config.wells, dt: config.dt, trajectories: config.trajectories,
    seed: config.seed, init: config.init, rng: config.rng, stepsPerBin: config.stepsPerBin, binCount: config.binCount, hbar: extras.hbar,
    Ic: j?.criticalCurrent ?? null, C: j?.capacitance ?? null, R: j?.resistance ?? null, T: j ? extras.temperature : null,
    backend: 'gpu', kernels: kernelDigest(switchingRunFile),
  };
}
export function switchingConfigFromRunState(state: Pick<SwitchingRunState, 'parameters' | 'tuning'>, tuning: Partial<RunTuning> = {}): SwitchingConfig {
  const p = state.parameters;
  const t = { ...state.tuning, ...tuning };
  const config = validateSwitchingParameters({
    Q0: p.Q0, theta: p.theta, rampRate: p.rampRate, gammaStart: p.gammaStart, gammaEnd: p.gammaEnd, holdTime: p.holdSteps * p.dt,
    wells: p.wells, dt: p.dt, trajectories: p.trajectories, seed: p.seed, init: p.init, rng: p.rng, binWidth: p.stepsPerBin * p.rampRate * p.dt,
    pageSize: t.pageSize, stepsPerDispatch: t.stepsPerDispatch ?? undefined, dispatchStepBudget: t.dispatchStepBudget,
    targetDispatchSeconds: t.targetDispatchSeconds, workgroupSize: t.workgroupSize,
  });
  Object.assign(config, { holdSteps: p.holdSteps, rampSteps: p.maxSteps - p.holdSteps, maxSteps: p.maxSteps, stepsPerBin: p.stepsPerBin, binCount: p.binCount });
  return config;
}
export function switchingReportExtras(p: SwitchingRunParameters): SwitchingReportExtras {
  const junction = p.Ic === null || p.C === null || p.R === null ? null : { criticalCurrent: p.Ic, capacitance: p.C, resistance: p.R };
  return { hbar: p.hbar, junction, temperature: junction ? p.T : null };
}
