/**
 * The ensemble engine, the same for every model (src/engine/model.ts): pages of trajectories on a
 * GPUDevice, each integrated in bounded chunks of steps with the finished ones compacted out of the
 * live list, then reduced on the device to the model's statistics. The device may come from Dawn in
 * Node or from navigator.gpu in a browser; nothing here depends on which.
 *
 * A run covers any set of ranges of the global trajectory index space (a shard, or what a
 * checkpoint has left to do). Philox is keyed by the global index, so the statistics of disjoint
 * ranges add up exactly to those of the whole ensemble. A page in progress can be saved as raw
 * trajectory states at a chunk boundary and continued from there, bit for bit; a lost device is
 * replaced (through the host's requestDevice) and only the unfinished page is redone.
 */
import type { EngineConfig, EnsembleModel } from './model.js';
import { encodeDispatch, getPipeline, modelUniforms, NOT_FINISHED, reduceProgram, RUN_PARAMS, trajectoryProgram, workgroupGrid } from './programs.js';
import { seedWords } from './philox.js';
import { requireInRange } from '../physics/parameters.js';

export const DEFAULT_MAX_DEVICE_RETRIES = 3;

export interface RunProgress {
  page: number;
  pages: number;
  /** Trajectories in finished pages plus those finished in the current one. */
  trajectoriesDone: number;
  trajectories: number;
  /** Trajectories that finished (escaped, switched) so far. */
  escaped: number;
  /** Steps integrated so far in the current page: its running trajectories have reached τ = pageSteps·Δτ. */
  pageSteps: number;
  /** Trajectory-steps integrated so far (an upper bound within the current page). */
  trajectorySteps: number;
  stepsPerSecond: number;
  elapsedSeconds: number;
  /** An upper bound: it assumes no further trajectory finishes early. */
  etaSeconds: number;
}

/** A contiguous slice [first, first + count) of the global trajectory index space. */
export interface TrajectoryRange {
  first: number;
  count: number;
}

export interface PageResult<S> {
  /** 1-based ordinal of the page in this run. */
  page: number;
  firstTrajectory: number;
  count: number;
  statistics: S;
}

/**
 * A page in progress at a chunk boundary: the raw words of its trajectory states (the model's
 * stateWords per trajectory, bit-exact) after `stepReached` steps (a multiple of 4, below maxSteps).
 */
export interface PageSnapshot {
  first: number;
  count: number;
  stepReached: number;
  states: Uint32Array<ArrayBuffer>;
}

export interface RunOptions<S> {
  onProgress?: (p: RunProgress) => void;
  /** Called as each page finishes, so a host can save finished work before the run ends. */
  onPage?: (r: PageResult<S>) => void;
  signal?: AbortSignal;
  /** Global trajectory ranges to run (default the whole ensemble), each split into pages. */
  ranges?: TrajectoryRange[];
  /** A page saved part-way (from `snapshot.take`): it is continued first, from its saved step. */
  resumePage?: PageSnapshot;
  /**
   * Mid-page snapshots: after each chunk the engine asks `due()`; when true it copies the page's
   * states back and hands them to `take`. On abort it takes one more before throwing.
   */
  snapshot?: { due: () => boolean; take: (s: PageSnapshot) => void | Promise<void> };
  /** Supplies a replacement device after a loss; without it a loss ends the run. */
  requestDevice?: () => Promise<GPUDevice>;
  onDeviceLost?: (r: DeviceLossReport) => void;
  /** Losses in a row on one page before giving up (default 3). */
  maxDeviceRetries?: number;
  /**
   * Fraction of a chunk's predicted GPU time the host sleeps on a timer before it asks to map the
   * running count (default WAIT_BEFORE_MAP; 0 maps at once). Dawn in Node polls its event queue
   * in a busy loop while a map is pending, which takes a whole CPU core from lavapipe's threads (or
   * from a laptop's battery); the timer does not. Results do not depend on it.
   */
  waitBeforeMap?: number;
}

/** See RunOptions.waitBeforeMap: sleep through most of the predicted chunk, spin only for the rest. */
export const WAIT_BEFORE_MAP = 0.85;

export interface RunResult<S> {
  statistics: S;
  /** Trajectory-steps integrated: exact when the model's statistics know it, else an upper bound within each chunk. */
  trajectorySteps: number;
  wallSeconds: number;
  /** The device the run finished on: a replacement if the first one was lost. */
  device: GPUDevice;
  deviceLosses: number;
}

/** What the engine tells its host when a device is lost or an error scope fires. */
export interface DeviceLossReport {
  /** Losses in a row on this page (1 for the first). */
  attempt: number;
  maxRetries: number;
  page: TrajectoryRange;
  /** Step the redo starts from: 0, or that of the last snapshot of this page. */
  resumeStep: number;
  cause: string;
  /** False when no further device will be requested: the run then throws DeviceLostError. */
  retrying: boolean;
}

/** The device failed (lost, or an error scope fired) too often, or no replacement was offered. */
export class DeviceLostError extends Error {
  constructor(
    message: string,
    readonly page: TrajectoryRange,
    readonly attempts: number,
  ) {
    super(message);
    this.name = 'DeviceLostError';
  }
}

/** A failure of the device itself, as opposed to a bug or an abort. */
export class DeviceFailure extends Error {
  override name = 'DeviceFailure';
}

/** What `guarded` needs of a device context. */
export interface DeviceWatch {
  readonly device: GPUDevice;
  readonly lost: string | null;
}

/**
 * Runs GPU work under validation and out-of-memory error scopes, and turns a fired scope or a lost
 * device into a DeviceFailure.
 */
export async function guarded<T>(ctx: DeviceWatch, work: () => Promise<T>): Promise<T> {
  const { device } = ctx;
  if (ctx.lost) throw new DeviceFailure(ctx.lost);
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let result: T;
  try {
    result = await work();
  } catch (err) {
    // A failed readback usually means the device is gone: name the loss, once Dawn has reported it.
    if (err instanceof DeviceFailure && !ctx.lost) await Promise.race([device.lost, new Promise((r) => setTimeout(r, 100))]);
    if (ctx.lost) throw new DeviceFailure(ctx.lost);
    throw err;
  } finally {
    const validation = device.popErrorScope();
    const memory = device.popErrorScope();
    const [v, m] = await Promise.all([validation.catch(() => null), memory.catch(() => null)]);
    if (v) throw new DeviceFailure(`validation error: ${v.message}`);
    if (m) throw new DeviceFailure(`out of memory: ${m.message}`);
  }
  if (ctx.lost) throw new DeviceFailure(ctx.lost);
  return result;
}

/** Splits ranges so that `snapshot`'s range comes first (it is continued before anything else). */
export function orderWork(ranges: TrajectoryRange[], snapshot: PageSnapshot | undefined): TrajectoryRange[] {
  const work = ranges.filter((r) => r.count > 0).map((r) => ({ ...r }));
  if (!snapshot) return work;
  const end = snapshot.first + snapshot.count;
  const i = work.findIndex((r) => r.first <= snapshot.first && end <= r.first + r.count);
  if (i < 0) throw new Error(`the saved page [${snapshot.first}, ${end}) is not part of the work to do`);
  const r = work[i]!;
  const pieces = [
    { first: r.first, count: snapshot.first - r.first },
    { first: end, count: r.first + r.count - end },
  ].filter((p) => p.count > 0);
  work.splice(i, 1, ...pieces);
  return [{ first: snapshot.first, count: snapshot.count }, ...work];
}

/** The work of a run: its trajectory ranges, checked against the ensemble, the saved page first. */
export function orderedWork(trajectories: number, options: Pick<RunOptions<unknown>, 'ranges' | 'resumePage'>): TrajectoryRange[] {
  const ranges = options.ranges ?? [{ first: 0, count: trajectories }];
  for (const r of ranges) {
    if (!Number.isInteger(r.first) || !Number.isInteger(r.count) || r.first < 0 || r.count < 0 || r.first + r.count > trajectories) {
      throw new Error(`trajectory range [${r.first}, ${r.first + r.count}) is outside the ensemble [0, ${trajectories})`);
    }
  }
  return orderWork(ranges, options.resumePage);
}

/** What the page loop needs of an engine's per-device state. */
export interface PagedDeviceContext {
  device: GPUDevice;
  pageSize: number;
  dispose(): void;
}

/**
 * The page loop of every model's runs. It takes pages of the current device's
 * size off the front of `work`; a page whose device fails (a DeviceFailure) is redone on a
 * replacement device from its last snapshot, at most maxDeviceRetries times in a row, after which
 * the run ends with a DeviceLostError. The engine keeps its device context and snapshot and lends
 * them through `engine`. Returns the number of device losses.
 */
export async function runPagesWithRecovery<R>(
  work: TrajectoryRange[],
  options: Pick<RunOptions<unknown>, 'requestDevice' | 'onDeviceLost' | 'maxDeviceRetries' | 'signal'>,
  engine: {
    context: () => PagedDeviceContext;
    replaceContext: (device: GPUDevice) => Promise<PagedDeviceContext>;
    saved: () => PageSnapshot | undefined;
    setSaved: (s: PageSnapshot | undefined) => void;
    runPage: (page: TrajectoryRange, from: PageSnapshot | undefined) => Promise<R>;
    finishPage: (page: TrajectoryRange, result: R) => void;
  },
): Promise<number> {
  const maxRetries = options.maxDeviceRetries ?? DEFAULT_MAX_DEVICE_RETRIES;
  let deviceLosses = 0;
  while (work.length > 0) {
    const head = work[0]!;
    const page = { first: head.first, count: Math.min(head.count, engine.context().pageSize) };
    const saved = engine.saved();
    if (saved && (saved.first !== page.first || saved.count !== page.count)) engine.setSaved(undefined);
    let failures = 0;
    let result: R;
    for (;;) {
      try {
        result = await engine.runPage(page, engine.saved());
        break;
      } catch (err) {
        if (!(err instanceof DeviceFailure)) throw err;
        failures++;
        deviceLosses++;
        const retrying = failures <= maxRetries && options.requestDevice !== undefined;
        options.onDeviceLost?.({ attempt: failures, maxRetries, page, resumeStep: engine.saved()?.stepReached ?? 0, cause: err.message, retrying });
        engine.context().dispose();
        if (!retrying) {
          const why = options.requestDevice ? `after ${failures} losses in a row` : 'and no replacement device was offered';
          throw new DeviceLostError(`GPU device failed on trajectories [${page.first}, ${page.first + page.count}) ${why}: ${err.message}`, page, failures);
        }
        abortIfAsked(options.signal);
        const replacement = await engine.replaceContext(await options.requestDevice!());
        if (page.count > replacement.pageSize) {
          // The replacement holds fewer trajectories: split the rest of the work afresh.
          page.count = replacement.pageSize;
          engine.setSaved(undefined);
        }
      }
    }
    engine.setSaved(undefined);
    head.first += page.count;
    head.count -= page.count;
    if (head.count === 0) work.shift();
    engine.finishPage(page, result);
  }
  return deviceLosses;
}


/**
 * Compact the live list once no more than this fraction of it is still running: a dispatch then
 * costs what its running trajectories cost, not what the page's first dispatch cost.
 */
export const COMPACT_BELOW_FRACTION = 0.5;

export function roundDownToBlock(steps: number): number {
  return Math.max(4, Math.floor(steps / 4) * 4);
}

export function abortIfAsked(signal?: AbortSignal) {
  if (signal?.aborted) throw signal.reason ?? new Error('run aborted');
}

/** The page size this device can hold: bounded by the storage-binding and buffer limits. */
export function devicePageSize(device: GPUDevice, config: Pick<EngineConfig, 'pageSize'>, model: { stateWords: number }): number {
  const stateBytes = 4 * model.stateWords;
  const byBinding = Math.floor(device.limits.maxStorageBufferBindingSize / stateBytes);
  const byBuffer = Math.floor(device.limits.maxBufferSize / stateBytes);
  return Math.min(config.pageSize, byBinding, byBuffer);
}

/** Trajectories of a saved page that have not finished: the last word of each state is its stop step. */
export function stillRunning(states: Uint32Array, stateWords: number): number {
  let running = 0;
  for (let i = stateWords - 1; i < states.length; i += stateWords) if (states[i] === NOT_FINISHED) running++;
  return running;
}

/**
 * Mappable staging buffers for reading results back, kept and reused by size: a chunk's running
 * count, a page's statistics and snapshots would otherwise create and destroy one buffer each time.
 */
export class StagingPool {
  private readonly free = new Map<number, GPUBuffer[]>();
  private readonly all: GPUBuffer[] = [];
  constructor(private readonly device: GPUDevice) {}

  /**
   * Copies `bytes` of `source` (after the work in `encoder`, if given) and returns them. With
   * `idleSeconds`, the host sleeps that long after submitting and before mapping, so that it does not
   * poll for work it knows is not done yet (see RunOptions.waitBeforeMap).
   */
  async read(source: GPUBuffer, bytes: number, encoder?: GPUCommandEncoder, idleSeconds = 0): Promise<ArrayBuffer> {
    const size = Math.ceil(bytes / 4) * 4;
    const staging = this.free.get(size)?.pop() ?? this.create(size);
    const enc = encoder ?? this.device.createCommandEncoder();
    enc.copyBufferToBuffer(source, 0, staging, 0, size);
    this.device.queue.submit([enc.finish()]);
    // Below a couple of milliseconds a timer costs more than the polling it saves.
    if (idleSeconds > 0.002) await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    try {
      await staging.mapAsync(GPUMapMode.READ);
    } catch (err) {
      // Dawn rejects a pending map with an AbortError once the device is lost.
      throw new DeviceFailure(`reading results back failed (${err instanceof Error ? `${err.name}: ${err.message}` : String(err)})`);
    }
    const copy = staging.getMappedRange(0, size).slice(0, bytes);
    staging.unmap();
    this.free.get(size)!.push(staging);
    return copy;
  }

  private create(size: number): GPUBuffer {
    const b = this.device.createBuffer({ label: `readback ${size} B`, size, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
    if (!this.free.has(size)) this.free.set(size, []);
    this.all.push(b);
    return b;
  }

  destroy(): void {
    for (const b of this.all) b.destroy();
    this.all.length = 0;
    this.free.clear();
  }
}

/** Everything that lives on one device: pipelines, buffers, bind groups and a watch on loss. */
interface DeviceContext extends PagedDeviceContext {
  readonly lost: string | null;
  readonly buffers: {
    states: GPUBuffer; run: GPUBuffer; model: GPUBuffer; running: GPUBuffer; statistics: GPUBuffer; reduceParams: GPUBuffer;
    /** Two live-index lists: `advance` reads one, `compact` writes the running entries into the other. */
    live: [GPUBuffer, GPUBuffer];
    nextLiveCount: GPUBuffer;
  };
  readonly staging: StagingPool;
  initialize(e: GPUCommandEncoder, grid: [number, number]): void;
  /** Integrates the trajectories listed in live[k]. */
  advance(e: GPUCommandEncoder, k: 0 | 1, grid: [number, number]): void;
  /** Gathers the running entries of live[k] into live[1 − k]. */
  compact(e: GPUCommandEncoder, k: 0 | 1, grid: [number, number]): void;
  reduce(e: GPUCommandEncoder, grid: [number, number]): void;
}

async function createDeviceContext<C extends EngineConfig, S>(device: GPUDevice, model: EnsembleModel<C, S>, config: C): Promise<DeviceContext> {
  let lost: string | null = null;
  let active = true;
  void device.lost.then((info) => {
    if (active) lost = `device lost (reason: ${info.reason}${info.message ? `; ${info.message}` : ''})`;
  });
  const pageSize = devicePageSize(device, config, model);
  const wg = config.workgroupSize;
  const layouts = modelUniforms(model.kernel);
  // The pipeline cache is per device (a WeakMap), so a replacement device compiles afresh.
  const [initPipeline, advancePipeline, compactPipeline, reducePipeline] = await Promise.all([
    getPipeline(device, trajectoryProgram(model, 'initialize', wg, config.rng)),
    getPipeline(device, trajectoryProgram(model, 'advance', wg, config.rng)),
    getPipeline(device, trajectoryProgram(model, 'compact', wg, config.rng)),
    getPipeline(device, reduceProgram(model, wg)),
  ]);
  const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const uniform = GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST;
  const buffers: DeviceContext['buffers'] = {
    states: device.createBuffer({ label: `${model.id} states`, size: pageSize * 4 * model.stateWords, usage: storage }),
    run: device.createBuffer({ label: 'run params', size: RUN_PARAMS.bufferSize, usage: uniform }),
    model: device.createBuffer({ label: `${model.id} params`, size: layouts.parameters.bufferSize, usage: uniform }),
    running: device.createBuffer({ label: 'running count', size: 4, usage: storage }),
    statistics: device.createBuffer({ label: `${model.id} statistics`, size: 4 * model.statisticsWords(config), usage: storage }),
    reduceParams: device.createBuffer({ label: `${model.id} reduce params`, size: layouts.reduce.bufferSize, usage: uniform }),
    live: [0, 1].map((k) => device.createBuffer({ label: `live trajectories ${k}`, size: pageSize * 4, usage: storage })) as [GPUBuffer, GPUBuffer],
    nextLiveCount: device.createBuffer({ label: 'compacted count', size: 4, usage: storage }),
  };
  // The model's uniforms are the same for every page and chunk.
  device.queue.writeBuffer(buffers.model, 0, layouts.parameters.pack(model.modelParameters(config)));

  // Entries by binding number: layout 'auto' holds only the bindings an entry point uses.
  const bindGroup = (pipeline: GPUComputePipeline, entries: Record<number, GPUBuffer>) =>
    device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: Object.entries(entries).map(([binding, buffer]) => ({ binding: Number(binding), resource: { buffer } })),
    });
  const b = buffers;
  const initGroup = bindGroup(initPipeline, { 0: b.run, 1: b.states, 6: b.model });
  const advanceGroups = [0, 1].map((k) => bindGroup(advancePipeline, { 0: b.run, 1: b.states, 2: b.running, 3: b.live[k]!, 6: b.model }));
  const compactGroups = [0, 1].map((k) => bindGroup(compactPipeline, { 0: b.run, 1: b.states, 3: b.live[k]!, 4: b.live[1 - k]!, 5: b.nextLiveCount }));
  const reduceGroup = bindGroup(reducePipeline, { 0: b.reduceParams, 1: b.states, 2: b.statistics });
  const staging = new StagingPool(device);
  return {
    device,
    pageSize,
    buffers,
    staging,
    get lost() {
      return lost;
    },
    initialize: (e, grid) => encodeDispatch(e, initPipeline, initGroup, grid),
    advance: (e, k, grid) => encodeDispatch(e, advancePipeline, advanceGroups[k]!, grid),
    compact: (e, k, grid) => encodeDispatch(e, compactPipeline, compactGroups[k]!, grid),
    reduce: (e, grid) => encodeDispatch(e, reducePipeline, reduceGroup, grid),
    dispose() {
      // Once disposed, a later loss (e.g. the host releasing the device) is not this run's business.
      active = false;
      for (const x of [b.states, b.run, b.model, b.running, b.statistics, b.reduceParams, b.nextLiveCount, ...b.live]) x.destroy();
      staging.destroy();
    },
  };
}

/**
 * Runs `model`'s ensemble described by `config` on `device` and returns its statistics. The result
 * depends only on the configuration (seed included) and the ranges run, never on the page size, how
 * the steps were split into dispatches, where a run was snapshotted and resumed, or whether a device
 * was lost on the way.
 */
export async function runEnsemble<C extends EngineConfig, S>(device: GPUDevice, model: EnsembleModel<C, S>, config: C, options: RunOptions<S> = {}): Promise<RunResult<S>> {
  const work = orderedWork(config.trajectories, options);
  let ctx = await createDeviceContext(device, model, config);

  const runParams = new DataView(new ArrayBuffer(RUN_PARAMS.bufferSize));
  const reduceLayout = modelUniforms(model.kernel).reduce;
  const seed = seedWords(config.seed);
  const stateWords = model.stateWords;
  const total = model.empty(config);
  const started = performance.now();
  const totalTrajectories = work.reduce((n, r) => n + r.count, 0);
  const pagesEstimate = () => work.reduce((n, r) => n + Math.ceil(r.count / ctx.pageSize), 0);
  let trajectoriesInFinishedPages = 0;
  let stepsInFinishedPages = 0;
  let pagesFinished = 0;
  let deviceLosses = 0;
  // Measured trajectory-steps per second of dispatch time (for adaptive chunking and the ETA).
  let dispatchRate = 0;
  const waitBeforeMap = requireInRange('waitBeforeMap', options.waitBeforeMap ?? WAIT_BEFORE_MAP, { min: 0, minInclusive: true, max: 1, maxInclusive: true });
  // The latest snapshot of the page in progress: where a redo after a device loss starts.
  let saved: PageSnapshot | undefined = options.resumePage;

  const writeRun = (page: TrajectoryRange, stepStart: number, stepEnd: number, liveCount: number, compactFromCount: number) =>
    ctx.device.queue.writeBuffer(ctx.buffers.run, 0, RUN_PARAMS.pack({
      trajectory_offset: page.first, trajectory_count: page.count, step_start: stepStart, step_end: stepEnd,
      seed_lo: seed.lo, seed_hi: seed.hi, live_count: liveCount, compact_from_count: compactFromCount,
    }, runParams));

  try {
    deviceLosses = await runPagesWithRecovery(work, options, {
      context: () => ctx,
      replaceContext: async (replacement) => (ctx = await createDeviceContext(replacement, model, config)),
      saved: () => saved,
      setSaved: (s) => (saved = s),
      runPage,
      finishPage: (page, result) => {
        model.accumulate(total, result.statistics);
        trajectoriesInFinishedPages += page.count;
        stepsInFinishedPages += model.trajectorySteps?.(result.statistics) ?? result.steps;
        pagesFinished++;
        options.onPage?.({ page: pagesFinished, firstTrajectory: page.first, count: page.count, statistics: result.statistics });
      },
    });
  } finally {
    ctx.dispose();
  }

  return {
    statistics: total,
    trajectorySteps: model.trajectorySteps?.(total) ?? stepsInFinishedPages,
    wallSeconds: (performance.now() - started) / 1000,
    device: ctx.device,
    deviceLosses,
  };

  async function runPage(page: TrajectoryRange, from: PageSnapshot | undefined): Promise<{ statistics: S; steps: number }> {
    abortIfAsked(options.signal);
    const { device } = ctx;
    const { count } = page;
    const wg = config.workgroupSize;
    const grid = workgroupGrid(device, Math.ceil(count / wg));
    let stepStart = 0;
    let running = count;
    // Every trajectory of the page starts in the live list (finished ones of a resumed page are
    // skipped by the kernel and dropped at the first compaction).
    let live: 0 | 1 = 0;
    let liveCount = count;
    await guarded(ctx, async () => device.queue.writeBuffer(ctx.buffers.live[0], 0, Uint32Array.from({ length: count }, (_, i) => i)));

    if (from) {
      if (from.states.length !== stateWords * count) throw new Error(`the saved page holds ${from.states.length / stateWords} trajectory states, not ${count}`);
      // Continue a saved page: its raw states go back exactly as they were read.
      await guarded(ctx, async () => device.queue.writeBuffer(ctx.buffers.states, 0, from.states));
      stepStart = from.stepReached;
      running = stillRunning(from.states, stateWords);
    } else {
      await guarded(ctx, async () => {
        writeRun(page, 0, 0, count, 0);
        const enc = device.createCommandEncoder();
        ctx.initialize(enc, grid);
        device.queue.submit([enc.finish()]);
      });
    }

    let chunk = config.stepsPerDispatch ?? Math.min(roundDownToBlock(config.dispatchStepBudget / count), roundDownToBlock((1 << 22) / count));
    let pageSteps = 0;
    while (stepStart < config.maxSteps && running > 0) {
      if (options.signal?.aborted) {
        // A last snapshot, so that an interrupted page is not lost (chunk boundaries are consistent).
        if (options.snapshot && stepStart > 0) await takeSnapshot(page, stepStart);
        abortIfAsked(options.signal);
      }
      const stepEnd = Math.min(config.maxSteps, stepStart + chunk);
      // Running trajectories are exactly those the compaction gathers, so the new list's length is
      // known without reading it back.
      const compactFrom = running <= COMPACT_BELOW_FRACTION * liveCount ? liveCount : 0;
      if (compactFrom) liveCount = running;
      const t0 = performance.now();
      const runningAfter = await guarded(ctx, async () => {
        writeRun(page, stepStart, stepEnd, liveCount, compactFrom);
        const enc = device.createCommandEncoder();
        if (compactFrom) {
          enc.clearBuffer(ctx.buffers.nextLiveCount);
          ctx.compact(enc, live, workgroupGrid(device, Math.ceil(compactFrom / wg)));
          live = live === 0 ? 1 : 0;
        }
        enc.clearBuffer(ctx.buffers.running);
        ctx.advance(enc, live, workgroupGrid(device, Math.ceil(liveCount / wg)));
        // dispatchRate includes any earlier sleep, so a prediction that was too long shortens the
        // next one: the wait can overshoot the GPU by at most one chunk's (1 − waitBeforeMap) share.
        const predictedSeconds = dispatchRate > 0 ? (liveCount * (stepEnd - stepStart)) / dispatchRate : 0;
        return new Uint32Array(await ctx.staging.read(ctx.buffers.running, 4, enc, waitBeforeMap * predictedSeconds))[0]!;
      });
      const seconds = (performance.now() - t0) / 1000;
      // Upper bound on steps integrated this chunk: those still running at its start ran it all.
      pageSteps += running * (stepEnd - stepStart);
      // Lanes dispatched per second of chunk: the cost of the next chunk scales with the live list.
      dispatchRate = (liveCount * (stepEnd - stepStart)) / Math.max(seconds, 1e-6);
      running = runningAfter;
      stepStart = stepEnd;
      if (config.stepsPerDispatch === null) {
        // Aim for dispatches of targetDispatchSeconds, growing at most 4x at a time.
        const wanted = (config.targetDispatchSeconds * dispatchRate) / liveCount;
        chunk = Math.min(roundDownToBlock(config.dispatchStepBudget / liveCount), roundDownToBlock(Math.min(wanted, 4 * chunk)));
      }
      if (options.onProgress) {
        const elapsed = (performance.now() - started) / 1000;
        const remainingSteps = (config.maxSteps - stepStart) * running + (totalTrajectories - trajectoriesInFinishedPages - count) * config.maxSteps;
        const stepsSoFar = stepsInFinishedPages + pageSteps;
        options.onProgress({
          page: pagesFinished + 1,
          pages: pagesFinished + pagesEstimate(),
          trajectoriesDone: trajectoriesInFinishedPages + (count - running),
          trajectories: totalTrajectories,
          escaped: model.finishedCount(total) + (count - running),
          pageSteps: stepStart,
          trajectorySteps: stepsSoFar,
          stepsPerSecond: stepsSoFar / Math.max(elapsed, 1e-9),
          elapsedSeconds: elapsed,
          etaSeconds: remainingSteps / Math.max(dispatchRate, 1),
        });
      }
      if (options.snapshot && running > 0 && stepStart < config.maxSteps && options.snapshot.due()) await takeSnapshot(page, stepStart);
    }

    const stepsRun = stepStart;
    const words = await guarded(ctx, async () => {
      device.queue.writeBuffer(ctx.buffers.reduceParams, 0, reduceLayout.pack(model.reduceParameters(config, count, stepsRun)));
      const enc = device.createCommandEncoder();
      enc.clearBuffer(ctx.buffers.statistics);
      ctx.reduce(enc, grid);
      return new Uint32Array(await ctx.staging.read(ctx.buffers.statistics, 4 * model.statisticsWords(config), enc));
    });
    const statistics = model.decode(config, count, words);
    if (model.keepsStates(config)) {
      const raw = await guarded(ctx, () => ctx.staging.read(ctx.buffers.states, 4 * stateWords * count));
      model.decodeStates(config, count, raw, statistics);
    }
    return { statistics, steps: pageSteps };
  }

  async function takeSnapshot(page: TrajectoryRange, stepReached: number) {
    const raw = await guarded(ctx, () => ctx.staging.read(ctx.buffers.states, 4 * stateWords * page.count));
    saved = { first: page.first, count: page.count, stepReached, states: new Uint32Array(raw) };
    await options.snapshot!.take(saved);
  }
}
