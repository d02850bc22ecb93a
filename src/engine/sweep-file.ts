/**
 * The run file of a sweep (format `washboard-sweep-run`): the sweep's own options (so `resume` and
 * `merge` can rebuild its grid and rows), the grid points this file is responsible for (all, or a
 * shard's), and the run state of every point started so far, each a complete run-file object with
 * its `point`. A checkpoint of a sweep keeps finished points and the point in progress (mid-page
 * snapshot included); a sweep shard file carries its points, which `merge` combines point by point.
 *
 * Pure TypeScript with no Node imports, like checkpoint.ts.
 */
import {
  checkedBody, hash64, isComplete, keyPerLine, parseJsonFile, RUN_FORMAT_VERSION, runStateFromJson, runStateJson, RunStateError, type ShardLabel,
} from './checkpoint.js';
import { type RunState } from '../models/registry.js';

export const SWEEP_FORMAT = 'washboard-sweep-run';

export interface SweepRunState {
  command: 'rate' | 'switching';
  /** The sweep's options after `sweep rate|switching`, without --checkpoint, --checkpoint-every, --shard, --out, --json, --quiet. */
  argv: string[];
  /** Grid points of the whole sweep. */
  points: number;
  shard: ShardLabel | null;
  /** The 0-based grid points this file holds or is to hold, ascending. */
  assigned: number[];
  /** Run states of the points started so far, in the order they were started. */
  runs: RunState[];
}

/** Options that never change a result: two sweeps that differ only in these are the same sweep. */
export const SWEEP_TUNING_OPTIONS = ['--page-size', '--steps-per-dispatch', '--dispatch-step-budget', '--workgroup-size'];

/** `argv` without the tuning options: what must agree between a sweep's checkpoint, shards and command line. */
export function sweepIdentity(argv: readonly string[]): string[] {
  return withoutOptions(argv, SWEEP_TUNING_OPTIONS, []);
}

/** `argv` without the given options (`--name value` or `--name=value`) and flags (`--name`). */
export function withoutOptions(argv: readonly string[], options: readonly string[], flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const name = a.split('=')[0]!;
    if (flags.includes(a)) continue;
    if (options.includes(name)) {
      if (!a.includes('=')) i++;
      continue;
    }
    out.push(a);
  }
  return out;
}

/**
 * Shard i of N of a sweep of K points: the points k with k mod N = i − 1 (round robin, so that a
 * grid whose cost grows along an axis spreads evenly). 1 ≤ N ≤ K; with N = K, one point a shard.
 */
export function sweepShardPoints(points: number, shard: ShardLabel | null): number[] {
  const all = Array.from({ length: points }, (_, k) => k);
  return shard ? all.filter((k) => k % shard.count === shard.index - 1) : all;
}

export function sweepRunFor(state: SweepRunState, point: number): RunState | undefined {
  return state.runs.find((r) => r.point?.index === point);
}

export function isSweepComplete(state: SweepRunState): boolean {
  return state.assigned.every((k) => {
    const run = sweepRunFor(state, k);
    return run !== undefined && isComplete(run);
  });
}

export function serializeSweepState(state: SweepRunState, meta: { washboard?: string; written?: Date } = {}): string {
  const body: Record<string, unknown> = {
    format: SWEEP_FORMAT,
    version: RUN_FORMAT_VERSION,
    status: isSweepComplete(state) ? 'complete' : 'partial',
    washboard: meta.washboard ?? null,
    written: (meta.written ?? new Date()).toISOString(),
    command: state.command,
    argv: state.argv,
    points: state.points,
    shard: state.shard,
    assigned: state.assigned,
    runs: state.runs.map((r) => runStateJson(r)),
  };
  body.checksum = hash64(JSON.stringify(body));
  return keyPerLine(body);
}

/** Whether a parsed file object is a sweep file (rather than a single run's). */
export function isSweepJson(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { format?: unknown }).format === SWEEP_FORMAT;
}

export function parseSweepState(text: string, name: string): SweepRunState {
  return sweepStateFromJson(parseJsonFile(text, name), name);
}

export function sweepStateFromJson(raw: unknown, name: string): SweepRunState {
  const body = checkedBody(raw, name, [SWEEP_FORMAT]);
  const fail = (what: string): never => {
    throw new RunStateError(`${name}: inconsistent content: ${what}. It was not used, and it has not been changed.`);
  };
  const int = (x: unknown, min = 0): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= min;
  if (body.command !== 'rate' && body.command !== 'switching') fail('command');
  if (!Array.isArray(body.argv) || !body.argv.every((a) => typeof a === 'string')) fail('argv');
  if (!int(body.points, 1)) fail('points');
  const points = body.points as number;
  let shard: ShardLabel | null = null;
  if (body.shard !== null) {
    const s = body.shard as Record<string, unknown>;
    if (typeof s !== 'object' || !int(s.index, 1) || !int(s.count, 1) || s.index > s.count || s.count > points) fail('shard');
    shard = { index: s.index as number, count: s.count as number };
  }
  const assigned = body.assigned;
  if (!Array.isArray(assigned) || JSON.stringify(assigned) !== JSON.stringify(sweepShardPoints(points, shard))) fail('assigned points differ from the shard');
  if (!Array.isArray(body.runs)) fail('runs');
  const runs = (body.runs as unknown[]).map((r, i) => runStateFromJson(r, `${name} (run ${i + 1})`));
  const seen = new Set<number>();
  for (const r of runs) {
    const k = r.point?.index;
    if (k === undefined || r.point!.count !== points || !(assigned as number[]).includes(k) || seen.has(k)) fail('a run of a grid point this file does not hold');
    seen.add(k!);
  }
  return { command: body.command as SweepRunState['command'], argv: body.argv as string[], points, shard, assigned: assigned as number[], runs };
}
