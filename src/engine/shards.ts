/**
 * Shards: disjoint contiguous slices of the global trajectory index space, run anywhere (one GPU
 * each, e.g. a SLURM array task), and merged by adding their sufficient statistics (of a rate or a
 * switching run: both are integers that add exactly). Philox is
 * keyed by the global index, so the merged statistics are bit-identical to one unsharded run.
 *
 * A run file may also name a sweep grid point (`point`): merge then combines files point by
 * point, so a sweep can be sharded by grid point and by trajectories at once.
 */
import type { TrajectoryRange } from './ensemble.js';
import {
  addRunStatistics, clearRunStatistics, countInRanges, formatRange, isComplete, parameterDifference, pointDifference, RunStateError, type GridPoint, type ShardLabel,
} from './checkpoint.js';
import { type RunState } from '../models/registry.js';
import { ParameterError } from '../physics/parameters.js';

/** Parses `i/N` (1 ≤ i ≤ N) as given to --shard. */
export function parseShardSpec(text: string, trajectories?: number): ShardLabel {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const allowed = 'i/N with integers 1 ≤ i ≤ N, e.g. 2/8';
  if (!m) throw new ParameterError('shard', text, allowed, 'not of the form i/N');
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new ParameterError('shard', text, allowed);
  }
  if (trajectories !== undefined && count > trajectories) {
    throw new ParameterError('shard', text, `N ≤ trajectories (${trajectories})`, 'more shards than trajectories');
  }
  return { index, count };
}

/**
 * Shard i of N: trajectories [⌊(i−1)T/N⌋, ⌊iT/N⌋). Slices differ in size by at most one, and the
 * N of them tile [0, T) exactly.
 */
export function shardSlice(trajectories: number, shard: ShardLabel): TrajectoryRange {
  const T = BigInt(trajectories);
  const N = BigInt(shard.count);
  const first = Number((BigInt(shard.index - 1) * T) / N);
  const end = Number((BigInt(shard.index) * T) / N);
  return { first, count: end - first };
}

export interface RunFile {
  name: string;
  state: RunState;
}

export interface MergedRun {
  point: GridPoint | null;
  files: string[];
  state: RunState;
}

const describeShard = (f: RunFile) => (f.state.shard ? `shard ${f.state.shard.index}/${f.state.shard.count}, ` : '');

/**
 * Combines finished run files: per grid point, their parameters must be identical and their
 * slices must tile the whole ensemble with neither overlap nor gap. Every refusal names the files
 * concerned; all problems are reported at once.
 */
export function mergeRunFiles(files: readonly RunFile[]): MergedRun[] {
  if (files.length === 0) throw new RunStateError('merge needs at least one run file');
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.name)) problems.push(`${f.name} is given more than once`);
    seen.add(f.name);
  }
  for (const f of files) {
    if (!isComplete(f.state)) {
      const done = countInRanges(f.state.done);
      problems.push(
        `${f.name} is unfinished (${describeShard(f)}${done} of the ${f.state.slice.count} trajectories of its slice are done): ` +
          `finish it first with: washboard resume ${f.name}`,
      );
    }
  }

  const groups = new Map<string, RunFile[]>();
  for (const f of files) {
    const key = f.state.point ? `${f.state.point.index}/${f.state.point.count}` : '-';
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const pointKinds = new Set([...groups.keys()].map((k) => (k === '-' ? 'none' : 'point')));
  if (pointKinds.size > 1) {
    const withPoint = files.find((f) => f.state.point)!;
    const without = files.find((f) => !f.state.point)!;
    const d = pointDifference(withPoint.state.point, without.state.point)!;
    problems.push(`${withPoint.name} belongs to a sweep (grid point ${String(d.a)}) but ${without.name} does not: they cannot be merged together`);
  }

  const merged: MergedRun[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    for (const f of group.slice(1)) {
      const d = parameterDifference(first.state.parameters, f.state.parameters) ?? pointDifference(first.state.point, f.state.point);
      if (d) {
        problems.push(
          `${first.name} and ${f.name} are from different runs: ${d.field} is ${show(d.a)} in ${first.name} but ${show(d.b)} in ${f.name}; ` +
            'only shards of one run (same parameters and seed) can be merged',
        );
      }
    }
    const trajectories = first.state.parameters.trajectories;
    const sorted = [...group].sort((a, b) => a.state.slice.first - b.state.slice.first || a.state.slice.count - b.state.slice.count);
    let cursor = 0;
    let previous: RunFile | undefined;
    for (const f of sorted) {
      const s = f.state.slice;
      if (s.first > cursor) problems.push(missing({ first: cursor, count: s.first - cursor }, trajectories, group));
      if (previous && s.first < cursor && previous.name !== f.name) {
        const overlap = { first: s.first, count: Math.min(cursor, s.first + s.count) - s.first };
        problems.push(
          `${previous.name} and ${f.name} overlap: both hold trajectories ${formatRange(overlap)} ` +
            `(${describeShard(previous)}slice ${formatRange(previous.state.slice)}; ${describeShard(f)}slice ${formatRange(s)}); ` +
            'merging them would count those trajectories twice',
        );
      }
      if (s.first + s.count > cursor) {
        cursor = s.first + s.count;
        previous = f;
      }
    }
    if (cursor < trajectories) problems.push(missing({ first: cursor, count: trajectories - cursor }, trajectories, group));
    if (problems.length > 0) continue;

    const state: RunState = structuredClone(first.state);
    state.slice = { first: 0, count: trajectories };
    state.shard = null;
    state.page = null;
    state.done = [{ first: 0, count: trajectories }];
    state.history = { wallSeconds: 0, sessions: 0, deviceLosses: 0, devices: [] };
    clearRunStatistics(state);
    for (const f of sorted) {
      addRunStatistics(state, f.state.statistics);
      state.history.wallSeconds += f.state.history.wallSeconds;
      state.history.sessions += f.state.history.sessions;
      state.history.deviceLosses += f.state.history.deviceLosses;
      for (const d of f.state.history.devices) if (!state.history.devices.includes(d)) state.history.devices.push(d);
    }
    merged.push({ point: first.state.point, files: sorted.map((f) => f.name), state });
  }
  if (problems.length > 0) throw new RunStateError(`cannot merge: ${problems.join('\n  ')}`);
  return merged.sort((a, b) => (a.point?.index ?? 0) - (b.point?.index ?? 0));
}

function show(x: unknown): string {
  return typeof x === 'string' ? JSON.stringify(x) : String(x);
}

function missing(gap: TrajectoryRange, trajectories: number, group: RunFile[]): string {
  // When every file is a shard of the same N, name the shards that would fill the gap.
  const counts = new Set(group.map((f) => f.state.shard?.count ?? 0));
  let which = '';
  if (counts.size === 1 && !counts.has(0)) {
    const n = [...counts][0]!;
    const present = new Set(group.map((f) => f.state.shard!.index));
    const absent: number[] = [];
    for (let i = 1; i <= n; i++) {
      const first = Number((BigInt(i - 1) * BigInt(trajectories)) / BigInt(n));
      if (!present.has(i) && first >= gap.first && first < gap.first + gap.count) absent.push(i);
    }
    if (absent.length > 0) which = ` (shard${absent.length > 1 ? 's' : ''} ${absent.map((i) => `${i}/${n}`).join(', ')} missing?)`;
  }
  return `trajectories ${formatRange(gap)} of ${trajectories} are missing: no file given covers them${which}; files given: ${group.map((f) => f.name).join(', ')}`;
}
