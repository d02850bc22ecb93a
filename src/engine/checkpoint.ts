/**
 * The run file's envelope: one JSON format for checkpoints (a run part-way) and shards (a finished
 * slice of the trajectory index space), the same for every model. It holds the run's identity (the
 * model's validated parameters, the seed and a digest of the kernels), the slice, the finished
 * trajectory ranges, their statistics, and optionally one page in progress as raw trajectory-state
 * words, so a resumed run continues mid-page bit for bit; tuning (page size, steps per dispatch,
 * workgroup size) is recorded but is not part of the identity: it never changes a result; and a
 * history and a checksum.
 *
 * The envelope never branches on the kind of run: a model describes its payload in a RunFileKind
 * (its format name, identity fields, kernels, configuration and the JSON of its statistics), and
 * src/models/registry.ts lists the kinds a file may have.
 *
 * Pure TypeScript with no Node imports: a browser host can read and write the same files.
 */
import { MAX_STEPS } from './model.js';
import type { PageSnapshot, TrajectoryRange } from './ensemble.js';
import { ParameterError } from '../physics/parameters.js';
import { runFileKinds, type RunState } from '../models/registry.js';

export const RUN_FORMAT_VERSION = 1;

/** What every run's identity has, beside the model's own fields. */
export interface RunIdentity {
  trajectories: number;
  maxSteps: number;
  /** Only the GPU engine writes run files: the f64 CPU reference gives different bits. */
  backend: 'gpu';
  /** Digest of the WGSL the statistics came from: a changed kernel may change every bit. */
  kernels: string;
}

/** The model's part of a run file: its payload and how to read it back. */
export interface RunFileKind<K extends string, P extends RunIdentity, S, C> {
  /** The state's `kind`. */
  readonly kind: K;
  /** The file's `format`. */
  readonly format: string;
  /** Every field that affects the statistics, in the order differences are reported. */
  readonly parameterFields: readonly (keyof P & string)[];
  /** Identity fields held as strings (the others are numbers). */
  readonly stringFields: readonly string[];
  /** Identity fields that may be null. */
  readonly nullableFields: readonly string[];
  /** Words of one trajectory state in a saved page. */
  readonly stateWords: number;
  /** The WGSL sources the statistics depend on (their digest is the identity's `kernels`). */
  kernelSources(): string[];
  /** The configuration the identity describes, run with `tuning` (throws ParameterError). */
  configFromParameters(parameters: P, tuning: RunTuning): C;
  /** Zero statistics of the configuration's shape (bins). */
  emptyStatistics(config: C): S;
  /** The statistics as JSON (integers beyond 2^53 as decimal strings); no per-trajectory arrays. */
  statisticsToJson(statistics: S): Record<string, unknown>;
  /**
   * Statistics read back from JSON, checked against the configuration and the number of finished
   * trajectories; `check(ok, what)` rejects the file as inconsistent.
   */
  statisticsFromJson(json: Record<string, unknown>, context: { config: C; parameters: P; trajectories: number; check: (ok: boolean, what: string) => void }): S;
  /** Adds the counts of `part` into `into` (per-trajectory arrays are not kept). */
  addStatistics(into: S, part: S): void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyRunFileKind = RunFileKind<string, any, any, any>;

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

export interface RunStateCommon {
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

/** A run of one kind: its identity and statistics, which hold exactly the trajectories in `done`. */
export interface RunStateOf<K extends string, P extends RunIdentity, S> extends RunStateCommon {
  kind: K;
  parameters: P;
  statistics: S;
}

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

const kindByName = (kind: string): AnyRunFileKind => {
  const k = (runFileKinds() as readonly AnyRunFileKind[]).find((x) => x.kind === kind);
  if (!k) throw new Error(`no run-file kind ${kind}`);
  return k;
};
const digests = new Map<string, string>();

/** A digest of a kind's kernels' WGSL, so statistics from a different kernel are never mixed in. */
export function kernelDigest(kind: Pick<AnyRunFileKind, 'kind' | 'kernelSources'>): string {
  let d = digests.get(kind.kind);
  if (d === undefined) digests.set(kind.kind, (d = hash64(kind.kernelSources().join('\0'))));
  return d;
}

export function runTuning(config: RunTuning): RunTuning {
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

/** The kind whose identity fields are exactly the keys of `p`. */
function kindOfParameters(p: object): string {
  const keys = Object.keys(p);
  const k = (runFileKinds() as readonly AnyRunFileKind[]).find((x) => x.parameterFields.length === keys.length && x.parameterFields.every((f: string) => f in p));
  return k?.kind ?? 'unknown';
}

/** The first identity field (in the kind's order) whose values differ, or null. Runs of two kinds differ in `run`. */
export function parameterDifference(a: RunState['parameters'], b: RunState['parameters']): ParameterDifference | null {
  const [ka, kb] = [kindOfParameters(a), kindOfParameters(b)];
  if (ka !== kb) return { field: 'run', a: ka, b: kb };
  const [ra, rb] = [a as unknown as Record<string, unknown>, b as unknown as Record<string, unknown>];
  for (const field of kindByName(ka).parameterFields as readonly string[]) {
    if (!Object.is(ra[field], rb[field])) return { field, a: ra[field], b: rb[field] };
  }
  return null;
}

export function pointDifference(a: GridPoint | null, b: GridPoint | null): ParameterDifference | null {
  const show = (p: GridPoint | null) => (p ? `${p.index + 1} of ${p.count}` : 'none');
  if (show(a) !== show(b)) return { field: 'point', a: show(a), b: show(b) };
  return null;
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

/** A new run of `kind` with nothing done yet. */
export function newRunStateOf<K extends string, P extends RunIdentity, S>(
  kind: RunFileKind<K, P, S, unknown>, parameters: P, statistics: S, tuning: RunTuning, where: RunPlacement = {},
): RunStateOf<K, P, S> {
  return {
    kind: kind.kind,
    parameters,
    statistics,
    point: where.point ?? null,
    slice: where.slice ?? { first: 0, count: parameters.trajectories },
    shard: where.shard ?? null,
    done: [],
    page: null,
    tuning: runTuning(tuning),
    history: { wallSeconds: 0, sessions: 0, deviceLosses: 0, devices: [] },
  };
}

export function isComplete(state: RunState): boolean {
  return countInRanges(state.done) === state.slice.count;
}

/** What is left to run, in index order. */
export function remainingRanges(state: RunState): TrajectoryRange[] {
  return subtractRanges(state.slice, state.done);
}

/** Adds the counts of `part` (a page, a shard) into `state`'s statistics; per-trajectory arrays are not kept. */
export function addRunStatistics(state: RunState, part: RunState['statistics']): void {
  kindByName(state.kind).addStatistics(state.statistics, part);
}

/** Zero statistics of `state`'s kind and bins. */
export function clearRunStatistics(state: RunState): void {
  const kind = kindByName(state.kind);
  state.statistics = kind.emptyStatistics(kind.configFromParameters(state.parameters, state.tuning));
}

/** Adds a finished page: its range joins `done`, its statistics are summed in. */
export function recordPage(state: RunState, range: TrajectoryRange, statistics: RunState['statistics']): void {
  state.done = normalizeRanges([...state.done, range]);
  addRunStatistics(state, statistics);
  if (state.page && state.page.first === range.first) state.page = null;
}

// ---------------------------------------------------------------------------------------------
// Serialization

/** The file's content as an object, checksum included (a sweep file nests these). */
export function runStateJson(state: RunState, meta: { washboard?: string; written?: Date } = {}): Record<string, unknown> {
  const kind = kindByName(state.kind);
  const body: Record<string, unknown> = {
    format: kind.format,
    version: RUN_FORMAT_VERSION,
    status: isComplete(state) ? 'complete' : 'partial',
    washboard: meta.washboard ?? null,
    written: (meta.written ?? new Date()).toISOString(),
    parameters: state.parameters,
    point: state.point,
    slice: state.slice,
    shard: state.shard,
    done: state.done.map((r) => [r.first, r.count]),
    statistics: kind.statisticsToJson(state.statistics),
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
  const kinds = runFileKinds() as readonly AnyRunFileKind[];
  const body = checkedBody(raw, name, kinds.map((k) => k.format));
  const kind = kinds.find((k) => k.format === body.format)!;
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
  const params = p as Record<string, unknown> & RunIdentity;
  for (const f of kind.parameterFields as readonly string[]) {
    const want = kind.stringFields.includes(f) ? 'string' : 'number';
    const v = params[f];
    check(typeof v === want || (kind.nullableFields.includes(f) && v === null), `parameter ${f} is missing or not a ${want}`);
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
  let config: unknown;
  try {
    config = kind.configFromParameters(params, tuning);
  } catch (err) {
    if (err instanceof ParameterError) return fail(`its parameters are not valid here (${err.message})`);
    throw err;
  }
  const state = {
    kind: kind.kind,
    parameters: params,
    statistics: undefined,
    point: null,
    slice: { first: 0, count: 0 },
    shard: null,
    done: [],
    page: null,
    tuning,
    history: isObject(body.history) ? (body.history as unknown as RunHistory) : { wallSeconds: 0, sessions: 0, deviceLosses: 0, devices: [] },
  } as unknown as RunState;

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
  state.statistics = kind.statisticsFromJson(st as Record<string, unknown>, { config, parameters: params, trajectories: countInRanges(state.done), check });

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
    check(bytes.length === 4 * kind.stateWords * range.count, 'page.states has the wrong length');
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
