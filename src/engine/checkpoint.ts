/**
 * The run-state file: one JSON format for checkpoints (a run part-way) and shards (a finished
 * slice of the trajectory index space). It holds everything that determines the statistics (the
 * validated parameters, the seed and a digest of the kernels), the slice, the finished trajectory
 * ranges, their sufficient statistics (the exposure as a decimal string: it is a 64-bit integer),
 * and optionally one page in progress as raw trajectory-state words, so a resumed run continues
 * mid-page bit for bit. Tuning (page size, steps per dispatch, workgroup size) is recorded but is
 * not part of the identity: it never changes a result.
 *
 * Two kinds of run share the format: fixed-bias escape (`rate`, format `washboard-escape-run`) and
 * switching under a ramp (`switching`, format `washboard-switching-run`). They differ only in their
 * parameters, kernels and sufficient statistics; slices, finished ranges, page snapshots, tuning,
 * history and the checksum are the same.
 *
 * Pure TypeScript with no Node imports: a browser host can read and write the same files.
 */
import { validateEscapeParameters, MAX_STEPS, type EscapeConfig } from './config.js';
import type { PageSnapshot, TrajectoryRange } from './ensemble.js';
import { STATE_WORDS } from '../models/washboard/kernel.js';
import { escapeStatisticsProgram, langevinEscapeProgram } from '../models/rate/model.js';
import { langevinSwitchingProgram, switchingStatisticsProgram } from '../models/switching/model.js';
import { emptyStatistics, stepsPerSurvivalBin, type EscapeStatistics } from './statistics.js';
import { validateSwitchingParameters, type SwitchingConfig } from './switching-config.js';
import { accumulateSwitchingStatistics, emptySwitchingStatistics, type SwitchingStatistics } from './switching-statistics.js';
import { ParameterError } from '../physics/parameters.js';

export type RunKind = 'rate' | 'switching';
export const RUN_FORMATS: Record<RunKind, string> = { rate: 'washboard-escape-run', switching: 'washboard-switching-run' };
export const RUN_FORMAT = RUN_FORMATS.rate;
export const RUN_FORMAT_VERSION = 1;

/** Every field that affects the statistics. Two files may be combined only if all are equal. */
export type RunParameters = Pick<
  EscapeConfig,
  'gamma' | 'Q0' | 'theta' | 'dt' | 'trajectories' | 'maxSteps' | 'seed' | 'escapeAt' | 'init' | 'survivalBins'
> & {
  /** Only the GPU engine writes run files: the f64 CPU reference gives different bits. */
  backend: 'gpu';
  /** Digest of the WGSL the statistics came from: a changed kernel may change every bit. */
  kernels: string;
};

export const PARAMETER_FIELDS: readonly (keyof RunParameters)[] = [
  'gamma', 'Q0', 'theta', 'dt', 'trajectories', 'maxSteps', 'seed', 'escapeAt', 'init', 'survivalBins', 'backend', 'kernels',
];

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
  'Q0', 'theta', 'rampRate', 'gammaStart', 'gammaEnd', 'holdSteps', 'maxSteps', 'wells', 'dt', 'trajectories', 'seed', 'init',
  'stepsPerBin', 'binCount', 'hbar', 'Ic', 'C', 'R', 'T', 'backend', 'kernels',
];

/** What a switching report shows beside the statistics: part of a switching run's identity. */
export interface SwitchingReportExtras {
  hbar: number;
  junction: { criticalCurrent: number; capacitance: number; resistance: number } | null;
  temperature: number | null;
}

/**
 * A grid point of a sweep: part of a file's identity, so that `merge` combines shards point by
 * point. Reserved for `washboard sweep`; `rate` writes null.
 */
export interface GridPoint {
  index: number;
  count: number;
}

/** i of N (1-based), when the slice is a shard made by --shard i/N. */
export interface ShardLabel {
  index: number;
  count: number;
}

/** How the run was executed: recorded for resume, never compared. */
export interface RunTuning {
  pageSize: number;
  stepsPerDispatch: number | null;
  dispatchStepBudget: number;
  targetDispatchSeconds: number;
  workgroupSize: number;
}

export interface RunHistory {
  /** Wall time summed over every session that worked on this file. */
  wallSeconds: number;
  sessions: number;
  deviceLosses: number;
  devices: string[];
  /** Of wallSeconds, the time spent taking and writing checkpoints (readback included). */
  checkpointSeconds?: number;
  checkpoints?: number;
}

interface RunStateCommon {
  point: GridPoint | null;
  slice: TrajectoryRange;
  shard: ShardLabel | null;
  /** Finished trajectory ranges: sorted, disjoint, adjacent ones joined, all inside `slice`. */
  done: TrajectoryRange[];
  /** A page in progress, saved at a chunk boundary, or null. */
  page: PageSnapshot | null;
  tuning: RunTuning;
  history: RunHistory;
}

/** `statistics` holds exactly the trajectories in `done` (no per-trajectory arrays). */
export interface EscapeRunState extends RunStateCommon {
  kind: 'rate';
  parameters: RunParameters;
  statistics: EscapeStatistics;
}

export interface SwitchingRunState extends RunStateCommon {
  kind: 'switching';
  parameters: SwitchingRunParameters;
  statistics: SwitchingStatistics;
}

export type RunState = EscapeRunState | SwitchingRunState;

/** A run file that cannot be used: unreadable, modified, of another format, or of other parameters. Exit code 2. */
export class RunStateError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'RunStateError';
  }
}

// ---------------------------------------------------------------------------------------------
// Identity

const digests: Partial<Record<RunKind, string>> = {};

/** A digest of the kernels' WGSL, so statistics from a different kernel are never mixed in. */
export function kernelDigest(kind: RunKind = 'rate'): string {
  const programs = kind === 'rate'
    ? () => [langevinEscapeProgram('initialize', 64), langevinEscapeProgram('advance', 64), escapeStatisticsProgram(64)]
    : () => [langevinSwitchingProgram('initialize', 64), langevinSwitchingProgram('advance', 64), switchingStatisticsProgram(64)];
  digests[kind] ??= hash64(programs().map((p) => p.source).join('\0'));
  return digests[kind];
}

export function runParameters(config: EscapeConfig): RunParameters {
  return {
    gamma: config.gamma, Q0: config.Q0, theta: config.theta, dt: config.dt, trajectories: config.trajectories,
    maxSteps: config.maxSteps, seed: config.seed, escapeAt: config.escapeAt, init: config.init, survivalBins: config.survivalBins,
    backend: 'gpu', kernels: kernelDigest(),
  };
}

export function switchingRunParameters(config: SwitchingConfig, extras: SwitchingReportExtras): SwitchingRunParameters {
  const j = extras.junction;
  return {
    Q0: config.Q0, theta: config.theta, rampRate: config.rampRate, gammaStart: config.gammaStart, gammaEnd: config.gammaEnd,
    holdSteps: config.holdSteps, maxSteps: config.maxSteps, wells: config.wells, dt: config.dt, trajectories: config.trajectories,
    seed: config.seed, init: config.init, stepsPerBin: config.stepsPerBin, binCount: config.binCount, hbar: extras.hbar,
    Ic: j?.criticalCurrent ?? null, C: j?.capacitance ?? null, R: j?.resistance ?? null, T: j ? extras.temperature : null,
    backend: 'gpu', kernels: kernelDigest('switching'),
  };
}

export function runTuning(config: Pick<EscapeConfig, keyof RunTuning>): RunTuning {
  return {
    pageSize: config.pageSize, stepsPerDispatch: config.stepsPerDispatch, dispatchStepBudget: config.dispatchStepBudget,
    targetDispatchSeconds: config.targetDispatchSeconds, workgroupSize: config.workgroupSize,
  };
}

export interface ParameterDifference {
  field: string;
  a: unknown;
  b: unknown;
}

const kindOfParameters = (p: RunState['parameters']): RunKind => ('rampRate' in p ? 'switching' : 'rate');

/** The first field (in PARAMETER_FIELDS order) whose values differ, or null. A rate and a switching run differ in `run`. */
export function parameterDifference(a: RunState['parameters'], b: RunState['parameters']): ParameterDifference | null {
  const [ka, kb] = [kindOfParameters(a), kindOfParameters(b)];
  if (ka !== kb) return { field: 'run', a: ka, b: kb };
  const fields = (ka === 'rate' ? PARAMETER_FIELDS : SWITCHING_PARAMETER_FIELDS) as readonly string[];
  const [ra, rb] = [a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>];
  for (const field of fields) {
    if (!Object.is(ra[field], rb[field])) return { field, a: ra[field], b: rb[field] };
  }
  return null;
}

export function pointDifference(a: GridPoint | null, b: GridPoint | null): ParameterDifference | null {
  const show = (p: GridPoint | null) => (p ? `${p.index + 1} of ${p.count}` : 'none');
  if (show(a) !== show(b)) return { field: 'point', a: show(a), b: show(b) };
  return null;
}

/** The configuration a rate run file describes, with its recorded tuning unless overridden. */
export function configFromRunState(state: Pick<EscapeRunState, 'parameters' | 'tuning'>, tuning: Partial<RunTuning> = {}): EscapeConfig {
  const p = state.parameters;
  const t = { ...state.tuning, ...tuning };
  const config = validateEscapeParameters({
    gamma: p.gamma, Q0: p.Q0, theta: p.theta, dt: p.dt, trajectories: p.trajectories, maxTime: p.maxSteps * p.dt,
    seed: p.seed, escapeAt: p.escapeAt, init: p.init, survivalBins: p.survivalBins,
    pageSize: t.pageSize, stepsPerDispatch: t.stepsPerDispatch ?? undefined, dispatchStepBudget: t.dispatchStepBudget,
    targetDispatchSeconds: t.targetDispatchSeconds, workgroupSize: t.workgroupSize,
  });
  // maxTime/dt may round to a neighbouring step count: the recorded one is what ran.
  config.maxSteps = p.maxSteps;
  return config;
}

/** The configuration a switching run file describes; the recorded step counts and bins are what ran. */
export function switchingConfigFromRunState(state: Pick<SwitchingRunState, 'parameters' | 'tuning'>, tuning: Partial<RunTuning> = {}): SwitchingConfig {
  const p = state.parameters;
  const t = { ...state.tuning, ...tuning };
  const config = validateSwitchingParameters({
    Q0: p.Q0, theta: p.theta, rampRate: p.rampRate, gammaStart: p.gammaStart, gammaEnd: p.gammaEnd, holdTime: p.holdSteps * p.dt,
    wells: p.wells, dt: p.dt, trajectories: p.trajectories, seed: p.seed, init: p.init, binWidth: p.stepsPerBin * p.rampRate * p.dt,
    pageSize: t.pageSize, stepsPerDispatch: t.stepsPerDispatch ?? undefined, dispatchStepBudget: t.dispatchStepBudget,
    targetDispatchSeconds: t.targetDispatchSeconds, workgroupSize: t.workgroupSize,
  });
  Object.assign(config, { holdSteps: p.holdSteps, rampSteps: p.maxSteps - p.holdSteps, maxSteps: p.maxSteps, stepsPerBin: p.stepsPerBin, binCount: p.binCount });
  return config;
}

/** The report extras a switching run file records. */
export function switchingReportExtras(p: SwitchingRunParameters): SwitchingReportExtras {
  const junction = p.Ic === null || p.C === null || p.R === null ? null : { criticalCurrent: p.Ic, capacitance: p.C, resistance: p.R };
  return { hbar: p.hbar, junction, temperature: junction ? p.T : null };
}

// ---------------------------------------------------------------------------------------------
// Ranges

const rangeEnd = (r: TrajectoryRange) => r.first + r.count;
export const formatRange = (r: TrajectoryRange) => `[${r.first}, ${rangeEnd(r)})`;

/** Sorted, with adjacent ranges joined; throws if two overlap. */
export function normalizeRanges(ranges: readonly TrajectoryRange[]): TrajectoryRange[] {
  const sorted = ranges.filter((r) => r.count > 0).map((r) => ({ ...r })).sort((x, y) => x.first - y.first);
  const out: TrajectoryRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.first < rangeEnd(last)) throw new Error(`trajectory ranges ${formatRange(last)} and ${formatRange(r)} overlap`);
    if (last && r.first === rangeEnd(last)) last.count += r.count;
    else out.push(r);
  }
  return out;
}

/** The parts of `from` not covered by `minus` (which must be normalized). */
export function subtractRanges(from: TrajectoryRange, minus: readonly TrajectoryRange[]): TrajectoryRange[] {
  const out: TrajectoryRange[] = [];
  let cursor = from.first;
  for (const r of minus) {
    if (rangeEnd(r) <= cursor || r.first >= rangeEnd(from)) continue;
    if (r.first > cursor) out.push({ first: cursor, count: r.first - cursor });
    cursor = Math.max(cursor, rangeEnd(r));
  }
  if (cursor < rangeEnd(from)) out.push({ first: cursor, count: rangeEnd(from) - cursor });
  return out;
}

export const countInRanges = (ranges: readonly TrajectoryRange[]) => ranges.reduce((n, r) => n + r.count, 0);

// ---------------------------------------------------------------------------------------------
// State

export interface RunPlacement {
  slice?: TrajectoryRange;
  shard?: ShardLabel | null;
  point?: GridPoint | null;
}

function newCommon(config: Pick<EscapeConfig, 'trajectories' | keyof RunTuning>, where: RunPlacement): RunStateCommon {
  return {
    point: where.point ?? null,
    slice: where.slice ?? { first: 0, count: config.trajectories },
    shard: where.shard ?? null,
    done: [],
    page: null,
    tuning: runTuning(config),
    history: { wallSeconds: 0, sessions: 0, deviceLosses: 0, devices: [] },
  };
}

export function newRunState(config: EscapeConfig, where: RunPlacement = {}): EscapeRunState {
  return { kind: 'rate', parameters: runParameters(config), statistics: emptyStatistics(config), ...newCommon(config, where) };
}

export function newSwitchingRunState(config: SwitchingConfig, extras: SwitchingReportExtras, where: RunPlacement = {}): SwitchingRunState {
  const statistics = emptySwitchingStatistics(config);
  return { kind: 'switching', parameters: switchingRunParameters(config, extras), statistics, ...newCommon(config, where) };
}

export function isComplete(state: RunState): boolean {
  return countInRanges(state.done) === state.slice.count;
}

/** What is left to run, in index order. */
export function remainingRanges(state: RunState): TrajectoryRange[] {
  return subtractRanges(state.slice, state.done);
}

/** Adds the counts of `part` (a page, a shard) into `state`'s statistics; per-trajectory arrays are not kept. */
export function addRunStatistics(state: RunState, part: EscapeStatistics | SwitchingStatistics): void {
  if (state.kind === 'switching') {
    const { switchSteps: _w, finalStates: _f, ...counts } = part as SwitchingStatistics;
    accumulateSwitchingStatistics(state.statistics, counts);
    return;
  }
  const { escapeSteps: _e, finalStates: _f, ...counts } = part as EscapeStatistics;
  const s = state.statistics;
  if (s.stepsPerBin !== counts.stepsPerBin || s.survivalCounts.length !== counts.survivalCounts.length) {
    throw new Error('cannot combine statistics with different survival bins');
  }
  s.trajectories += counts.trajectories;
  s.escaped += counts.escaped;
  s.exposureSteps += counts.exposureSteps;
  counts.survivalCounts.forEach((c, i) => (s.survivalCounts[i]! += c));
}

/** Zero statistics of `state`'s kind and bins. */
export function clearRunStatistics(state: RunState): void {
  if (state.kind === 'switching') state.statistics = emptySwitchingStatistics({ stepsPerBin: state.statistics.stepsPerBin, binCount: state.statistics.counts.length });
  else state.statistics = { ...state.statistics, trajectories: 0, escaped: 0, exposureSteps: 0n, survivalCounts: state.statistics.survivalCounts.map(() => 0) };
}

/** Adds a finished page: its range joins `done`, its statistics are summed in. */
export function recordPage(state: RunState, range: TrajectoryRange, statistics: EscapeStatistics | SwitchingStatistics): void {
  state.done = normalizeRanges([...state.done, range]);
  addRunStatistics(state, statistics);
  if (state.page && state.page.first === range.first) state.page = null;
}

// ---------------------------------------------------------------------------------------------
// Serialization

function statisticsJson(state: RunState): Record<string, unknown> {
  if (state.kind === 'switching') {
    const s = state.statistics;
    return {
      trajectories: s.trajectories, switched: s.switched, switchedWhileHeld: s.switchedWhileHeld,
      powerSums: s.powerSums.map((x) => x.toString()), stepsPerBin: s.stepsPerBin, counts: s.counts,
    };
  }
  const s = state.statistics;
  return { trajectories: s.trajectories, escaped: s.escaped, exposureSteps: s.exposureSteps.toString(), stepsPerBin: s.stepsPerBin, survivalCounts: s.survivalCounts };
}

/** The file's content as an object, checksum included (a sweep file nests these). */
export function runStateJson(state: RunState, meta: { washboard?: string; written?: Date } = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {
    format: RUN_FORMATS[state.kind],
    version: RUN_FORMAT_VERSION,
    status: isComplete(state) ? 'complete' : 'partial',
    washboard: meta.washboard ?? null,
    written: (meta.written ?? new Date()).toISOString(),
    parameters: state.parameters,
    point: state.point,
    slice: state.slice,
    shard: state.shard,
    done: state.done.map((r) => [r.first, r.count]),
    statistics: statisticsJson(state),
    page: state.page && {
      first: state.page.first,
      count: state.page.count,
      stepReached: state.page.stepReached,
      states: encodeBase64(new Uint8Array(state.page.states.buffer, state.page.states.byteOffset, state.page.states.byteLength)),
    },
    tuning: state.tuning,
    history: state.history,
  };
  body.checksum = hash64(JSON.stringify(body));
  return body;
}

/** The text of a JSON object with one top-level key a line, each value as compact JSON. */
export function keyPerLine(body: Record<string, unknown>): string {
  return `{\n${Object.entries(body).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n}\n`;
}

/** The file's text: one top-level key a line, each value as compact JSON, and a checksum last. */
export function serializeRunState(state: RunState, meta: { washboard?: string; written?: Date } = {}): string {
  return keyPerLine(runStateJson(state, meta));
}

const UNCHANGED = 'It was not used, and it has not been changed.';

/** JSON.parse, as a RunStateError naming `name` when the text is not JSON. */
export function parseJsonFile(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new RunStateError(`${name} is not valid JSON (${(err as Error).message}): the file is truncated or corrupted. ${UNCHANGED}`);
  }
}

/**
 * Checks a file object's format (one of `formats`), version and checksum, and returns its body
 * (the object without the checksum).
 */
export function checkedBody(raw: unknown, name: string, formats: readonly string[]): Record<string, unknown> {
  const fail = (what: string): never => {
    throw new RunStateError(`${name}: ${what}. ${UNCHANGED}`);
  };
  if (!isObject(raw)) return fail('not a washboard run file (not a JSON object)');
  if (typeof raw.format !== 'string' || !formats.includes(raw.format)) {
    return fail(`not a washboard run file (format ${JSON.stringify(raw.format ?? null)}, expected ${formats.map((f) => `"${f}"`).join(' or ')})`);
  }
  if (raw.version !== RUN_FORMAT_VERSION) {
    return fail(
      `file format version ${JSON.stringify(raw.version ?? null)}; this washboard reads version ${RUN_FORMAT_VERSION} only ` +
        `(it was written by washboard ${String(raw.washboard ?? '?')}: finish or merge it with that version)`,
    );
  }
  const { checksum, ...body } = raw;
  if (typeof checksum !== 'string' || checksum !== hash64(JSON.stringify(body))) {
    return fail('checksum mismatch: the file was edited or damaged after washboard wrote it');
  }
  return body;
}

/** Reads and checks a run file's text; every problem is a RunStateError naming `name`. */
export function parseRunState(text: string, name: string): RunState {
  return runStateFromJson(parseJsonFile(text, name), name);
}

/** Checks a run file's object (as runStateJson makes it); every problem is a RunStateError naming `name`. */
export function runStateFromJson(raw: unknown, name: string): RunState {
  const body = checkedBody(raw, name, Object.values(RUN_FORMATS));
  const kind: RunKind = body.format === RUN_FORMATS.switching ? 'switching' : 'rate';
  const fail = (what: string): never => {
    throw new RunStateError(`${name}: ${what}. ${UNCHANGED}`);
  };

  // The checksum matched, so these checks guard against files written by another program.
  const check = (ok: boolean, what: string) => {
    if (!ok) fail(`inconsistent content: ${what}`);
  };
  const int = (x: unknown, min = 0): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= min;
  const p = body.parameters;
  check(isObject(p), 'no parameters');
  const params = p as unknown as RunState['parameters'];
  const fields = (kind === 'rate' ? PARAMETER_FIELDS : SWITCHING_PARAMETER_FIELDS) as readonly string[];
  for (const f of fields) {
    const want = f === 'init' || f === 'backend' || f === 'kernels' ? 'string' : 'number';
    const v = (params as unknown as Record<string, unknown>)[f];
    const nullable = kind === 'switching' && ['Ic', 'C', 'R', 'T'].includes(f);
    check(typeof v === want || (nullable && v === null), `parameter ${f} is missing or not a ${want}`);
  }
  if (params.backend !== 'gpu') fail(`backend ${JSON.stringify(params.backend)}: only GPU runs are written to run files`);
  if (params.kernels !== kernelDigest(kind)) {
    fail(
      `written by a washboard whose kernels differ from this one's (kernel digest ${params.kernels}, here ${kernelDigest(kind)}), ` +
        `so its statistics cannot be combined with this version's. Finish or merge it with the washboard version that wrote it (${String(body.washboard ?? '?')})`,
    );
  }
  check(int(params.maxSteps, 1) && params.maxSteps <= MAX_STEPS, `maxSteps ${params.maxSteps}`);

  const tuning = body.tuning as RunTuning;
  check(isObject(tuning), 'no tuning');
  const common: RunStateCommon = {
    point: null,
    slice: { first: 0, count: 0 },
    shard: null,
    done: [],
    page: null,
    tuning,
    history: isObject(body.history) ? (body.history as unknown as RunHistory) : { wallSeconds: 0, sessions: 0, deviceLosses: 0, devices: [] },
  };
  let config: EscapeConfig | SwitchingConfig;
  try {
    config = kind === 'rate'
      ? configFromRunState({ parameters: params as RunParameters, tuning })
      : switchingConfigFromRunState({ parameters: params as SwitchingRunParameters, tuning });
  } catch (err) {
    if (err instanceof ParameterError) return fail(`its parameters are not valid here (${err.message})`);
    throw err;
  }
  const state = (kind === 'rate'
    ? { kind, parameters: params, statistics: emptyStatistics({ maxSteps: params.maxSteps, survivalBins: 1 }), ...common }
    : { kind, parameters: params, statistics: emptySwitchingStatistics({ stepsPerBin: 1, binCount: 1 }), ...common }) as RunState;

  const slice = body.slice;
  check(isObject(slice) && int(slice.first) && int(slice.count, 1) && slice.first + slice.count <= params.trajectories, 'slice');
  state.slice = { first: (slice as { first: number }).first, count: (slice as { count: number }).count };
  const label = (x: unknown, what: 'shard' | 'point'): { index: number; count: number } | null => {
    if (x === null || x === undefined) return null;
    const ok = isObject(x) && int(x.count, 1) && (what === 'shard' ? int(x.index, 1) && x.index <= x.count : int(x.index) && x.index < x.count);
    check(ok, what);
    return { index: (x as { index: number }).index, count: (x as { count: number }).count };
  };
  state.shard = label(body.shard, 'shard');
  state.point = label(body.point, 'point');

  check(Array.isArray(body.done), 'done');
  const done = (body.done as unknown[]).map((r) => {
    check(Array.isArray(r) && r.length === 2 && int(r[0]) && int(r[1], 1), `done range ${JSON.stringify(r)}`);
    return { first: (r as number[])[0]!, count: (r as number[])[1]! };
  });
  try {
    state.done = normalizeRanges(done);
  } catch (err) {
    fail(`inconsistent content: ${(err as Error).message}`);
  }
  check(state.done.length === done.length, 'done ranges are not sorted and joined');
  check(state.done.every((r) => r.first >= state.slice.first && rangeEnd(r) <= rangeEnd(state.slice)), 'done ranges outside the slice');

  const st = body.statistics;
  check(isObject(st), 'no statistics');
  const s = st as Record<string, unknown>;
  if (state.kind === 'switching') {
    const c = config as SwitchingConfig;
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
    check(int(statistics.trajectories) && statistics.trajectories === countInRanges(state.done), 'statistics.trajectories differs from the finished ranges');
    check(int(statistics.switched) && statistics.switched <= statistics.trajectories, 'statistics.switched');
    check(int(statistics.switchedWhileHeld) && statistics.switchedWhileHeld <= statistics.switched, 'statistics.switchedWhileHeld');
    check(statistics.stepsPerBin === c.stepsPerBin, 'statistics.stepsPerBin');
    check(Array.isArray(statistics.counts) && statistics.counts.length === c.binCount && statistics.counts.every((x) => int(x)), 'statistics.counts');
    check(statistics.counts.reduce((a, b) => a + b, 0) === statistics.switched, 'histogram counts do not add up to switched');
    // k ≤ ramp steps for every switch: Σk ≤ n·K, Σk² ≤ K·Σk, Σk³ ≤ K·Σk².
    const K = BigInt(c.rampSteps);
    const [s1, s2, s3] = statistics.powerSums;
    check(s1 <= BigInt(statistics.switched) * K && s2 <= K * s1 && s3 <= K * s2, 'powerSums out of range');
    state.statistics = statistics;
  } else {
  check(typeof s.exposureSteps === 'string' && /^\d+$/.test(s.exposureSteps), 'exposureSteps is not a decimal integer');
  const statistics: EscapeStatistics = {
    trajectories: s.trajectories as number,
    escaped: s.escaped as number,
    exposureSteps: BigInt(s.exposureSteps as string),
    stepsPerBin: s.stepsPerBin as number,
    survivalCounts: s.survivalCounts as number[],
  };
  check(int(statistics.trajectories) && statistics.trajectories === countInRanges(state.done), 'statistics.trajectories differs from the finished ranges');
  check(int(statistics.escaped) && statistics.escaped <= statistics.trajectories, 'statistics.escaped');
  const rateConfig = config as EscapeConfig;
  check(statistics.stepsPerBin === stepsPerSurvivalBin(rateConfig), 'statistics.stepsPerBin');
  check(
    Array.isArray(statistics.survivalCounts) && statistics.survivalCounts.length === rateConfig.survivalBins && statistics.survivalCounts.every((c) => int(c)),
    'statistics.survivalCounts',
  );
  check(statistics.survivalCounts.reduce((a, b) => a + b, 0) === statistics.escaped, 'survival counts do not add up to escaped');
  // Survivors ran every step; an escaped trajectory counts its escape step.
  const survivors = BigInt(statistics.trajectories - statistics.escaped) * BigInt(params.maxSteps);
  check(statistics.exposureSteps >= survivors && statistics.exposureSteps <= BigInt(statistics.trajectories) * BigInt(params.maxSteps), 'exposureSteps out of range');
  state.statistics = statistics;
  }

  if (body.page !== null && body.page !== undefined) {
    const pg = body.page as Record<string, unknown>;
    check(isObject(pg) && int(pg.first) && int(pg.count, 1) && int(pg.stepReached, 4) && typeof pg.states === 'string', 'page');
    const range = { first: pg.first as number, count: pg.count as number };
    check(subtractRanges(range, [state.slice]).length === 0, 'page outside the slice');
    check(countInRanges(subtractRanges(range, state.done)) === range.count, 'page overlaps finished ranges');
    check((pg.stepReached as number) % 4 === 0 && (pg.stepReached as number) < params.maxSteps, 'page.stepReached');
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = decodeBase64(pg.states as string);
    } catch {
      return fail('inconsistent content: page.states is not base64');
    }
    check(bytes.length === 4 * STATE_WORDS * range.count, 'page.states has the wrong length');
    state.page = { ...range, stepReached: pg.stepReached as number, states: new Uint32Array(bytes.buffer, 0, bytes.length / 4) };
  }
  return state;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

// ---------------------------------------------------------------------------------------------
// Checksum and base64 (no Node Buffer, no crypto: this module also runs in browsers)

/** A 64-bit non-cryptographic hash (two 32-bit multiply–xorshift lanes) as 16 hex digits. */
export function hash64(text: string): string {
  let h1 = 0xdeadbeef ^ text.length;
  let h2 = 0x41c6ce57 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

// Node's Buffer when there is one (fast); otherwise the browser's btoa/atob on chunks.
const NodeBuffer = (globalThis as { Buffer?: { from(data: unknown, a?: unknown, b?: unknown): Uint8Array & { toString(enc: string): string } } }).Buffer;

/** Canonical base64: length a multiple of 4, the alphabet only, at most two '=' at the end. */
function isBase64(text: string): boolean {
  if (text.length % 4 !== 0) return false;
  const end = text.length - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (!ok) return false;
  }
  return true;
}

export function encodeBase64(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  const parts: string[] = [];
  const CHUNK = 3 * 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) parts.push(btoa(String.fromCharCode(...bytes.subarray(i, i + CHUNK))));
  return parts.join('');
}

export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  if (!isBase64(text)) throw new Error('not base64');
  if (NodeBuffer) {
    const b = NodeBuffer.from(text, 'base64');
    const out = new Uint8Array(b.length);
    out.set(b);
    return out;
  }
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
