/**
 * The Node host of long runs: run files on disk (atomic writes), periodic checkpoints, SIGINT and
 * SIGTERM, and replacement devices after a device loss. Used by `rate` and `switching` (with or
 * without --checkpoint/--shard/--out), `sweep`, `resume` and `merge`.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import {
  countInRanges, formatRange, isComplete, parameterDifference, parseJsonFile, recordPage, remainingRanges, RunStateError, runStateFromJson, serializeRunState,
} from '../engine/checkpoint.js';
import { configFromRunState } from '../models/rate/run-file.js';
import { switchingConfigFromRunState } from '../models/switching/run-file.js';
import { type RunState } from '../models/registry.js';
import { DeviceLostError, type RunOptions } from '../engine/ensemble.js';
import { runEscapeEnsemble } from '../models/rate/model.js';
import type { EscapeStatistics } from '../models/rate/statistics.js';
import { runSwitchingEnsemble } from '../models/switching/model.js';
import type { SwitchingStatistics } from '../models/switching/statistics.js';
import { requestNodeDevice, type NodeGpu } from '../engine/node-device.js';
import { parseShardSpec, shardSlice } from '../engine/shards.js';
import { isSweepJson, sweepStateFromJson, type SweepRunState } from '../engine/sweep-file.js';
import { ParameterError, requireInRange } from '../physics/parameters.js';
import { parseNumber } from './args.js';
import { progressReporter } from './progress.js';
import type { CommandIo } from './io.js';

export const DEFAULT_CHECKPOINT_SECONDS = 60;

function packageVersion(): string {
  try {
    return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
export const WASHBOARD_VERSION = packageVersion();

/**
 * Writes `text` to `path` so that a crash at any moment leaves either the old file or the new
 * one: a temporary file in the same directory, fsync, rename over the target, fsync the directory.
 */
export function writeFileAtomic(path: string, text: string): void {
  const dir = dirname(resolve(path));
  const tmp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  const bytes = Buffer.from(text, 'utf8');
  try {
    const fd = openSync(tmp, 'w', 0o644);
    try {
      for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    throw err;
  }
  try {
    const d = openSync(dir, 'r');
    try {
      fsyncSync(d);
    } finally {
      closeSync(d);
    }
  } catch {
    // Some file systems cannot fsync a directory; the rename is still atomic.
  }
}


/** A run file of either shape: one run's state, or a sweep's (`assigned` tells them apart). */
export function readAnyRunFile(path: string): RunState | SweepRunState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new RunStateError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read it (${(err as Error).message})`);
  }
  const raw = parseJsonFile(text, path);
  return isSweepJson(raw) ? sweepStateFromJson(raw, path) : runStateFromJson(raw, path);
}

export function readRunFile(path: string): RunState {
  const state = readAnyRunFile(path);
  if ('assigned' in state) throw new RunStateError(`${path} holds a sweep (${state.assigned.length} grid points), not a single run: use washboard resume or merge on it`);
  return state;
}

export function writeRunFile(path: string, state: RunState): void {
  writeFileAtomic(path, serializeRunState(state, { washboard: WASHBOARD_VERSION }));
}

export function describeProgress(state: RunState): string {
  const done = countInRanges(state.done);
  const page = state.page ? `, and trajectories ${formatRange(state.page)} saved part-way at step ${state.page.stepReached} of ${state.parameters.maxSteps}` : '';
  return `${done} of ${state.slice.count} trajectories finished${page}`;
}

/** Runs a command body, turning an unusable run file into one line on stderr and exit code 2. */
export async function withRunFileErrors(io: CommandIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof RunStateError) {
      io.stderr(`washboard: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

export interface LongRunOptions {
  io: CommandIo;
  quiet: boolean;
  /** Where periodic and final checkpoints go (none: nothing is saved before the end). */
  checkpoint?: string;
  /** Writes the checkpoint instead of writing `state` to `checkpoint` (a sweep file holds every point's state). */
  persist?: (state: RunState) => void;
  checkpointSeconds: number;
  /** Where the finished run file goes (as well as the checkpoint). */
  out?: string;
  /** Also collect every trajectory's escape (switching) step (a fresh run without checkpoint only: they are not saved). */
  keepPerTrajectory?: boolean;
  /** Leads every progress line (a sweep's grid position). */
  progressPrefix?: () => string;
}

export interface LongRunResult {
  code: number;
  state: RunState;
  device: string;
  /** The engine's statistics of this session, with the per-trajectory arrays when keepPerTrajectory was set. */
  sessionStatistics?: EscapeStatistics | SwitchingStatistics;
}

class Interrupted extends Error {
  constructor(readonly signal: 'SIGINT' | 'SIGTERM') {
    super(`interrupted by ${signal}`);
    this.name = 'Interrupted';
  }
}

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

export function deviceName(gpu: NodeGpu): string {
  const info = gpu.adapterInfo;
  return [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'WebGPU adapter';
}

/**
 * Runs what `state` has left to do on the GPU, saving it to `options.checkpoint` every
 * `checkpointSeconds` (at chunk boundaries, a page in progress included) and on SIGINT/SIGTERM or
 * a fatal device loss. The state is updated in place.
 */
export async function runLongRun(state: RunState, options: LongRunOptions): Promise<LongRunResult> {
  const { io } = options;
  const devices = state.history.devices;
  if (isComplete(state)) {
    if (options.out) writeRunFile(options.out, state);
    return { code: 0, state, device: devices.join(', ') || 'WebGPU' };
  }
  const keep = options.keepPerTrajectory ?? false;
  const run = (device: GPUDevice, engineOptions: RunOptions<EscapeStatistics | SwitchingStatistics>) => {
    if (state.kind === 'rate') return runEscapeEnsemble(device, { ...configFromRunState(state), keepEscapeSteps: keep }, engineOptions);
    return runSwitchingEnsemble(device, { ...switchingConfigFromRunState(state), keepSwitchSteps: keep }, engineOptions);
  };
  const gpus: NodeGpu[] = [await requestNodeDevice()];
  const injection = deviceLossInjection(process.env.WASHBOARD_INJECT_DEVICE_LOSS);
  let current = gpus[0]!.device;
  let destroyed: GPUDevice | undefined;
  const name = deviceName(gpus[0]!);
  const progress = progressReporter(io.stderrStream, options.quiet, options.progressPrefix);
  const controller = new AbortController();
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const handler = () => {
      // A second signal while the first is being handled: the last checkpoint on disk stands.
      if (controller.signal.aborted) process.exit(SIGNAL_EXIT[signal]);
      controller.abort(new Interrupted(signal));
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });

  const priorWall = state.history.wallSeconds;
  const started = performance.now();
  state.history.sessions += 1;
  if (!devices.includes(name)) devices.push(name);
  let lastSave = performance.now();
  let snapshotAsked = 0;
  const period = options.checkpointSeconds * 1000;
  const save = () => {
    const t0 = snapshotAsked || performance.now();
    snapshotAsked = 0;
    state.history.wallSeconds = priorWall + (performance.now() - started) / 1000;
    if (options.checkpoint) {
      if (options.persist) options.persist(state);
      else writeRunFile(options.checkpoint, state);
      state.history.checkpoints = (state.history.checkpoints ?? 0) + 1;
      state.history.checkpointSeconds = (state.history.checkpointSeconds ?? 0) + (performance.now() - t0) / 1000;
    }
    lastSave = performance.now();
  };
  const due = () => options.checkpoint !== undefined && performance.now() - lastSave >= period;
  // A mid-page snapshot costs a readback too: time it from the moment the engine is told to take it.
  const snapshotDue = () => {
    const d = due();
    if (d) snapshotAsked = performance.now();
    return d;
  };
  const resumeHint = options.checkpoint ? `resume with: washboard resume ${options.checkpoint}` : '';

  try {
    const result = await run(gpus[0]!.device, {
      ranges: remainingRanges(state),
      resumePage: state.page ?? undefined,
      signal: controller.signal,
      onProgress: (p) => {
        progress.update(p);
        if (injection && destroyed !== current && (p.page === injection.page || (injection.andLater && p.page > injection.page))) {
          destroyed = current;
          if (!injection.andLater) injection.page = -1;
          current.destroy();
        }
      },
      onPage: (r) => {
        recordPage(state, { first: r.firstTrajectory, count: r.count }, r.statistics);
        if (due()) save();
      },
      snapshot: options.checkpoint
        ? {
            due: snapshotDue,
            take: (s) => {
              state.page = s;
              save();
            },
          }
        : undefined,
      requestDevice: async () => {
        const gpu = await requestNodeDevice();
        gpus.push(gpu);
        current = gpu.device;
        const n = deviceName(gpu);
        if (!devices.includes(n)) devices.push(n);
        return gpu.device;
      },
      onDeviceLost: (r) => {
        state.history.deviceLosses += 1;
        progress.done();
        io.stderr(
          `washboard: GPU device failure on trajectories ${formatRange(r.page)} (${r.cause}). ` +
            (r.retrying
              ? `Requesting a new device (attempt ${r.attempt} of ${r.maxRetries}); finished pages are kept and this page is redone from step ${r.resumeStep}.\n`
              : 'Giving up.\n'),
        );
      },
    });
    state.page = null;
    save();
    if (options.out) writeRunFile(options.out, state);
    return { code: 0, state, device: devices.join(', '), sessionStatistics: result.statistics };
  } catch (err) {
    progress.done();
    if (err instanceof Interrupted) {
      save();
      const what = describeProgress(state);
      io.stderr(
        options.checkpoint
          ? `washboard: interrupted by ${err.signal}; checkpoint ${options.checkpoint} saved: ${what}.\n${resumeHint}\n`
          : `washboard: interrupted by ${err.signal}; no checkpoint was requested (--checkpoint FILE), so nothing was saved ` +
              `(${what} when it stopped).\n`,
      );
      return { code: SIGNAL_EXIT[err.signal], state, device: devices.join(', ') };
    }
    if (err instanceof DeviceLostError) {
      save();
      io.stderr(
        `washboard: ${err.message}\n` +
          (options.checkpoint
            ? `The finished work is saved in ${options.checkpoint} (${describeProgress(state)}).\n${resumeHint}\n`
            : `No checkpoint was requested (--checkpoint FILE): ${describeProgress(state)} and it is lost.\n`),
      );
      return { code: 1, state, device: devices.join(', ') };
    }
    // Anything else: still save what finished (it is valid), then fail.
    if (options.checkpoint) {
      try {
        save();
        io.stderr(`washboard: the run failed; finished work is saved in ${options.checkpoint} (${describeProgress(state)}). ${resumeHint}\n`);
      } catch {
        // the original error matters more
      }
    }
    throw err;
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
    progress.done();
    for (const gpu of gpus) gpu.release();
  }
}

/**
 * A test hook: WASHBOARD_INJECT_DEVICE_LOSS=P destroys the GPU device during page P (1-based, of
 * this session) once; P+ destroys every device from page P on, so the retries run out. It lets
 * the tests exercise device loss end to end through the real CLI.
 */
function deviceLossInjection(spec: string | undefined): { page: number; andLater: boolean } | null {
  const m = spec ? /^(\d+)(\+?)$/.exec(spec.trim()) : null;
  return m ? { page: Number(m[1]), andLater: m[2] === '+' } : null;
}

/** Whether a checkpoint file exists (rate --checkpoint continues it then). */
export const runFileExists = (path: string) => existsSync(path);

export function checkpointSeconds(values: { 'checkpoint-every'?: string | boolean }): number {
  const every = parseNumber('checkpoint-every', values['checkpoint-every'] as string | undefined);
  return every === undefined ? DEFAULT_CHECKPOINT_SECONDS : requireInRange('checkpoint-every', every, { min: 0 });
}

/**
 * The long-run flags of a command (--checkpoint, --checkpoint-every, --shard, --out), checked: run
 * files need the GPU engine, and `perTrajectory` (an output of per-trajectory values, which run
 * files do not hold) cannot go with them.
 */
export function longRunFlags(
  values: { checkpoint?: string; shard?: string; out?: string; 'checkpoint-every'?: string } & Record<string, unknown>,
  backend: string,
  trajectories: number,
  perTrajectory: { flag: string; what: string },
) {
  const used = (['checkpoint', 'shard', 'out'] as const).filter((k) => values[k] !== undefined).map((k) => `--${k}`).join(', ');
  if (backend !== 'gpu') throw new ParameterError('backend', backend, 'gpu', `${used} need the GPU engine`);
  const given = values[perTrajectory.flag];
  if (given !== undefined) throw new ParameterError(perTrajectory.flag, String(given), `no --${perTrajectory.flag} together with ${used}`, `${perTrajectory.what} are not saved in run files`);
  const shard = values.shard === undefined ? null : parseShardSpec(values.shard, trajectories);
  const checkpoint = values.checkpoint;
  if (checkpoint !== undefined && checkpoint === values.out) throw new ParameterError('out', values.out, 'a file other than --checkpoint', 'the checkpoint already ends as the finished run file');
  return { every: checkpointSeconds(values), shard, slice: shard ? shardSlice(trajectories, shard) : undefined, checkpoint, out: values.out };
}

/**
 * The run to do: `fresh`, or the run saved in `checkpoint` when that file exists and holds exactly
 * this run (same parameters and slice); any other file is refused by name and left untouched.
 */
export function continuedRunState<S extends RunState>(fresh: S, checkpoint: string | undefined, io: CommandIo): S {
  if (checkpoint === undefined || !runFileExists(checkpoint)) return fresh;
  const saved = readRunFile(checkpoint);
  const d = parameterDifference(fresh.parameters, saved.parameters);
  if (d) {
    throw new RunStateError(
      `${checkpoint} holds a run with different parameters: ${d.field} is ${show(d.b)} there but ${show(d.a)} here. ` +
        'It was not used and has not been changed: give another --checkpoint file, or continue it with washboard resume ' + checkpoint,
    );
  }
  const where = (s: RunState) => `${formatRange(s.slice)}${s.shard ? ` (shard ${s.shard.index}/${s.shard.count})` : ''}`;
  if (saved.slice.first !== fresh.slice.first || saved.slice.count !== fresh.slice.count) {
    throw new RunStateError(`${checkpoint} holds trajectories ${where(saved)} but this run is ${where(fresh)}. It was not used and has not been changed.`);
  }
  io.stderr(`washboard: continuing ${checkpoint}: ${describeProgress(saved)}.\n`);
  return saved as S;
}


function show(x: unknown): string {
  return typeof x === 'string' ? JSON.stringify(x) : String(x);
}

