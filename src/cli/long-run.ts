/**
 * The Node host of long runs: run files on disk (atomic writes), periodic checkpoints, SIGINT and
 * SIGTERM, and replacement devices after a device loss. Used by `rate --checkpoint/--shard/--out`,
 * `resume` and `merge`.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import {
  configFromRunState, countInRanges, formatRange, isComplete, parseRunState, recordPage, remainingRanges, RunStateError,
  serializeRunState, type RunState,
} from '../engine/checkpoint.js';
import { DeviceLostError, runEscapeEnsemble } from '../engine/ensemble.js';
import { requestNodeDevice, type NodeGpu } from '../engine/node-device.js';
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

export function readRunFile(path: string): RunState {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new RunStateError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read it (${(err as Error).message})`);
  }
  return parseRunState(text, path);
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
  checkpointSeconds: number;
  /** Where the finished run file goes (as well as the checkpoint). */
  out?: string;
  /** Also collect every trajectory's escape step (a run without checkpoint only: they are not saved). */
  keepEscapeSteps?: boolean;
}

export interface LongRunResult {
  code: number;
  state: RunState;
  device: string;
  /** In trajectory order, when keepEscapeSteps was set. */
  escapeSteps?: Uint32Array;
}

class Interrupted extends Error {
  constructor(readonly signal: 'SIGINT' | 'SIGTERM') {
    super(`interrupted by ${signal}`);
    this.name = 'Interrupted';
  }
}

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

function deviceName(gpu: NodeGpu): string {
  const info = gpu.adapterInfo;
  return [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'WebGPU adapter';
}

/**
 * Runs what `state` has left to do on the GPU, saving it to `options.checkpoint` every
 * `checkpointSeconds` (at chunk boundaries, a page in progress included) and on SIGINT/SIGTERM or
 * a fatal device loss. The state is updated in place.
 */
export async function runLongEscape(state: RunState, options: LongRunOptions): Promise<LongRunResult> {
  const { io } = options;
  const devices = state.history.devices;
  if (isComplete(state)) {
    if (options.out) writeRunFile(options.out, state);
    return { code: 0, state, device: devices.join(', ') || 'WebGPU' };
  }
  const config = configFromRunState(state);
  config.keepEscapeSteps = options.keepEscapeSteps ?? false;
  const escapeSteps: { first: number; steps: Uint32Array }[] = [];
  const gpus: NodeGpu[] = [await requestNodeDevice()];
  const injection = deviceLossInjection(process.env.WASHBOARD_INJECT_DEVICE_LOSS);
  let current = gpus[0]!.device;
  let destroyed: GPUDevice | undefined;
  const name = deviceName(gpus[0]!);
  const progress = progressReporter(io.stderrStream, options.quiet);
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
      writeRunFile(options.checkpoint, state);
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
    const result = await runEscapeEnsemble(gpus[0]!.device, config, {
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
        if (r.statistics.escapeSteps) escapeSteps.push({ first: r.firstTrajectory, steps: r.statistics.escapeSteps });
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
    void result;
    state.page = null;
    save();
    if (options.out) writeRunFile(options.out, state);
    const done: LongRunResult = { code: 0, state, device: devices.join(', ') };
    if (config.keepEscapeSteps) {
      const all = new Uint32Array(countInRanges(state.done));
      let at = 0;
      for (const piece of escapeSteps.sort((a, b) => a.first - b.first)) {
        all.set(piece.steps, at);
        at += piece.steps.length;
      }
      done.escapeSteps = all;
    }
    return done;
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
