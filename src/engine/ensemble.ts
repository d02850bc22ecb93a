/**
 * The escape ensemble on a GPUDevice: pages of trajectories, each integrated in bounded chunks of
 * steps and then reduced on the device to sufficient statistics. The device may come from Dawn in
 * Node or from navigator.gpu in a browser; nothing here depends on which.
 *
 * A run covers any set of ranges of the global trajectory index space (a shard, or what a
 * checkpoint has left to do). Philox is keyed by the global index, so the statistics of disjoint
 * ranges add up exactly to those of the whole ensemble. A page in progress can be saved as raw
 * trajectory states at a chunk boundary and continued from there, bit for bit; a lost device is
 * replaced (through the host's requestDevice) and only the unfinished page is redone.
 */
import { escapePoint, gjfCoefficients, initialDistribution, MAX_SURVIVAL_BINS, type EscapeConfig } from './config.js';
import { encodeDispatch, escapeStatisticsProgram, getPipeline, langevinEscapeProgram, workgroupGrid } from './programs.js';
import { seedWords } from './philox.js';
import { emptyStatistics, accumulateStatistics, NOT_ESCAPED, type EscapeStatistics } from './statistics.js';

/** Bytes of one TrajectoryState in the shader (five 32-bit words). */
export const STATE_BYTES = 20;
/** Words of one TrajectoryState: phase, velocity, force (f32), winding (i32), escape_step (u32). */
export const STATE_WORDS = 5;
export const PARAMS_BYTES = 80;
export const DEFAULT_MAX_DEVICE_RETRIES = 3;

export interface EscapeProgress {
  page: number;
  pages: number;
  /** Trajectories in finished pages plus those escaped in the current one. */
  trajectoriesDone: number;
  trajectories: number;
  escaped: number;
  /** Steps integrated so far in the current page: its surviving trajectories have reached τ = pageSteps·Δτ. */
  pageSteps: number;
  /** Trajectory-steps integrated so far (escaped trajectories stop counting). */
  trajectorySteps: number;
  stepsPerSecond: number;
  elapsedSeconds: number;
  /** An upper bound: it assumes no further trajectory escapes early. */
  etaSeconds: number;
}

/** A contiguous slice [first, first + count) of the global trajectory index space. */
export interface TrajectoryRange {
  first: number;
  count: number;
}

export interface PageResult {
  /** 1-based ordinal of the page in this run. */
  page: number;
  firstTrajectory: number;
  count: number;
  statistics: EscapeStatistics;
}

/**
 * A page in progress at a chunk boundary: the raw words of its trajectory states (STATE_WORDS per
 * trajectory, bit-exact) after `stepReached` steps (a multiple of 4, below maxSteps).
 */
export interface PageSnapshot {
  first: number;
  count: number;
  stepReached: number;
  states: Uint32Array<ArrayBuffer>;
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

export interface EscapeRunOptions {
  onProgress?: (p: EscapeProgress) => void;
  /** Called as each page finishes, so a host can save finished work before the run ends. */
  onPage?: (r: PageResult) => void;
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
}

export interface EscapeRunResult {
  statistics: EscapeStatistics;
  /** Trajectory-steps actually integrated: Σ min(escape step, steps run). */
  trajectorySteps: number;
  wallSeconds: number;
  /** The device the run finished on: a replacement if the first one was lost. */
  device: GPUDevice;
  deviceLosses: number;
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

export function pageCount(config: Pick<EscapeConfig, 'trajectories' | 'pageSize'>): number {
  return Math.ceil(config.trajectories / config.pageSize);
}

/** The page size this device can hold: bounded by the storage-binding and buffer limits. */
export function devicePageSize(device: GPUDevice, config: Pick<EscapeConfig, 'pageSize'>): number {
  const byBinding = Math.floor(device.limits.maxStorageBufferBindingSize / STATE_BYTES);
  const byBuffer = Math.floor(device.limits.maxBufferSize / STATE_BYTES);
  return Math.min(config.pageSize, byBinding, byBuffer);
}

/**
 * Fills the kernel's EscapeParams. `liveCount` entries of the live list are integrated (all `count`
 * unless the page has been compacted); `compactFromCount` is the length of the list a `compact`
 * dispatch gathers from.
 */
export function writeParams(
  view: DataView, config: EscapeConfig, firstTrajectory: number, count: number, stepStart: number, stepEnd: number,
  liveCount = count, compactFromCount = 0,
) {
  const c = gjfCoefficients(config);
  const e = escapePoint(config.escapeAt);
  const init = initialDistribution(config);
  const seed = seedWords(config.seed);
  const f32 = [config.gamma, c.velocityDamping, c.velocityToPhase, c.forceToPhase, c.halfStep, c.noiseToPhase, c.noiseToVelocity, e.phase];
  f32.forEach((x, i) => view.setFloat32(4 * i, x, true));
  view.setInt32(32, e.winding, true);
  [firstTrajectory >>> 0, count, stepStart, stepEnd, seed.lo, seed.hi].forEach((x, i) => view.setUint32(36 + 4 * i, x, true));
  [init.phase, init.phaseSd, init.velocitySd].forEach((x, i) => view.setFloat32(60 + 4 * i, x, true));
  view.setUint32(72, liveCount, true);
  view.setUint32(76, compactFromCount, true);
}

/**
 * Compact the live list once no more than this fraction of it is still running: a dispatch then
 * costs what its running trajectories cost, not what the page's first dispatch cost.
 */
export const COMPACT_BELOW_FRACTION = 0.5;

export async function readBuffer(device: GPUDevice, source: GPUBuffer, bytes: number, encoder?: GPUCommandEncoder): Promise<ArrayBuffer> {
  const staging = device.createBuffer({ size: bytes, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
  const enc = encoder ?? device.createCommandEncoder();
  enc.copyBufferToBuffer(source, 0, staging, 0, bytes);
  device.queue.submit([enc.finish()]);
  try {
    await staging.mapAsync(GPUMapMode.READ);
  } catch (err) {
    // Dawn rejects a pending map with an AbortError once the device is lost.
    throw new DeviceFailure(`reading results back failed (${err instanceof Error ? `${err.name}: ${err.message}` : String(err)})`);
  }
  const copy = staging.getMappedRange().slice(0);
  staging.destroy();
  return copy;
}

export function roundDownToBlock(steps: number): number {
  return Math.max(4, Math.floor(steps / 4) * 4);
}

export function abortIfAsked(signal?: AbortSignal) {
  if (signal?.aborted) throw signal.reason ?? new Error('run aborted');
}

/** Everything that lives on one device: pipelines, buffers, bind groups and a watch on loss. */
interface DeviceContext {
  device: GPUDevice;
  pageSize: number;
  lost: string | null;
  initPipeline: GPUComputePipeline;
  advancePipeline: GPUComputePipeline;
  compactPipeline: GPUComputePipeline;
  reducePipeline: GPUComputePipeline;
  statesBuffer: GPUBuffer;
  paramsBuffer: GPUBuffer;
  runningBuffer: GPUBuffer;
  statisticsBuffer: GPUBuffer;
  reduceParamsBuffer: GPUBuffer;
  /** Two live-index lists: `advance` reads one, `compact` writes the running entries into the other. */
  liveBuffers: [GPUBuffer, GPUBuffer];
  nextLiveCountBuffer: GPUBuffer;
  initBindGroup: GPUBindGroup;
  /** advanceBindGroups[k] integrates the trajectories listed in liveBuffers[k]. */
  advanceBindGroups: [GPUBindGroup, GPUBindGroup];
  /** compactBindGroups[k] gathers from liveBuffers[k] into liveBuffers[1 − k]. */
  compactBindGroups: [GPUBindGroup, GPUBindGroup];
  reduceBindGroup: GPUBindGroup;
  dispose(): void;
}

async function createDeviceContext(device: GPUDevice, config: EscapeConfig): Promise<DeviceContext> {
  let lost: string | null = null;
  let active = true;
  void device.lost.then((info) => {
    if (active) lost = `device lost (reason: ${info.reason}${info.message ? `; ${info.message}` : ''})`;
  });
  const pageSize = devicePageSize(device, config);
  const wg = config.workgroupSize;
  // The pipeline cache is per device (a WeakMap), so a replacement device compiles afresh.
  const [initPipeline, advancePipeline, compactPipeline, reducePipeline] = await Promise.all([
    getPipeline(device, langevinEscapeProgram('initialize', wg)),
    getPipeline(device, langevinEscapeProgram('advance', wg)),
    getPipeline(device, langevinEscapeProgram('compact', wg)),
    getPipeline(device, escapeStatisticsProgram(wg)),
  ]);
  const liveBuffers: [GPUBuffer, GPUBuffer] = [0, 1].map((k) =>
    device.createBuffer({ label: `live trajectories ${k}`, size: pageSize * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST }),
  ) as [GPUBuffer, GPUBuffer];
  const nextLiveCountBuffer = device.createBuffer({ label: 'compacted count', size: 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  const statesBuffer = device.createBuffer({ label: 'trajectory states', size: pageSize * STATE_BYTES, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  const paramsBuffer = device.createBuffer({ label: 'escape params', size: PARAMS_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const runningBuffer = device.createBuffer({ label: 'running count', size: 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  const statisticsWords = 3 + MAX_SURVIVAL_BINS;
  const statisticsBuffer = device.createBuffer({ label: 'escape statistics', size: 4 * statisticsWords, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  const reduceParamsBuffer = device.createBuffer({ label: 'statistics params', size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });

  // Entries by binding number: layout 'auto' holds only the bindings an entry point uses.
  const bindGroup = (pipeline: GPUComputePipeline, entries: Record<number, GPUBuffer>) =>
    device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: Object.entries(entries).map(([binding, buffer]) => ({ binding: Number(binding), resource: { buffer } })),
    });
  const ctx: DeviceContext = {
    device,
    pageSize,
    get lost() {
      return lost;
    },
    initPipeline,
    advancePipeline,
    compactPipeline,
    reducePipeline,
    statesBuffer,
    paramsBuffer,
    runningBuffer,
    statisticsBuffer,
    reduceParamsBuffer,
    liveBuffers,
    nextLiveCountBuffer,
    initBindGroup: bindGroup(initPipeline, { 0: paramsBuffer, 1: statesBuffer }),
    advanceBindGroups: [0, 1].map((k) => bindGroup(advancePipeline, { 0: paramsBuffer, 1: statesBuffer, 2: runningBuffer, 3: liveBuffers[k]! })) as [GPUBindGroup, GPUBindGroup],
    compactBindGroups: [0, 1].map((k) =>
      bindGroup(compactPipeline, { 0: paramsBuffer, 1: statesBuffer, 3: liveBuffers[k]!, 4: liveBuffers[1 - k]!, 5: nextLiveCountBuffer }),
    ) as [GPUBindGroup, GPUBindGroup],
    reduceBindGroup: bindGroup(reducePipeline, { 0: reduceParamsBuffer, 1: statesBuffer, 2: statisticsBuffer }),
    dispose() {
      // Once disposed, a later loss (e.g. the host releasing the device) is not this run's business.
      active = false;
      for (const b of [statesBuffer, paramsBuffer, runningBuffer, statisticsBuffer, reduceParamsBuffer, nextLiveCountBuffer, ...liveBuffers]) b.destroy();
    },
  };
  return ctx;
}

/** What `guarded` needs of a device context (the switching engine has its own). */
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

/** Trajectories of a saved page that have not escaped yet. */
export function stillRunning(states: Uint32Array): number {
  let running = 0;
  for (let i = STATE_WORDS - 1; i < states.length; i += STATE_WORDS) if (states[i] === NOT_ESCAPED) running++;
  return running;
}

/** The work of a run: its trajectory ranges, checked against the ensemble, the saved page first. */
export function orderedWork(trajectories: number, options: Pick<EscapeRunOptions, 'ranges' | 'resumePage'>): TrajectoryRange[] {
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
 * The page loop shared by the escape and switching engines. It takes pages of the current device's
 * size off the front of `work`; a page whose device fails (a DeviceFailure) is redone on a
 * replacement device from its last snapshot, at most maxDeviceRetries times in a row, after which
 * the run ends with a DeviceLostError. The engine keeps its device context and snapshot and lends
 * them through `engine`. Returns the number of device losses.
 */
export async function runPagesWithRecovery<R>(
  work: TrajectoryRange[],
  options: Pick<EscapeRunOptions, 'requestDevice' | 'onDeviceLost' | 'maxDeviceRetries' | 'signal'>,
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
 * Runs the ensemble described by `config` on `device` and returns its sufficient statistics.
 * The result depends only on the configuration (seed included) and the ranges run, never on the
 * page size, how the steps were split into dispatches, where a run was snapshotted and resumed, or
 * whether a device was lost on the way.
 */
export async function runEscapeEnsemble(device: GPUDevice, config: EscapeConfig, options: EscapeRunOptions = {}): Promise<EscapeRunResult> {
  const work = orderedWork(config.trajectories, options);
  let ctx = await createDeviceContext(device, config);

  const params = new DataView(new ArrayBuffer(PARAMS_BYTES));
  const total = emptyStatistics(config);
  const started = performance.now();
  const totalTrajectories = work.reduce((n, r) => n + r.count, 0);
  const pagesEstimate = () => work.reduce((n, r) => n + Math.ceil(r.count / ctx.pageSize), 0);
  let trajectoriesInFinishedPages = 0;
  let stepsInFinishedPages = 0;
  let pagesFinished = 0;
  let deviceLosses = 0;
  // Measured trajectory-steps per second of dispatch time (for adaptive chunking and the ETA).
  let dispatchRate = 0;
  // The latest snapshot of the page in progress: where a redo after a device loss starts.
  let saved: PageSnapshot | undefined = options.resumePage;

  try {
    deviceLosses = await runPagesWithRecovery(work, options, {
      context: () => ctx,
      replaceContext: async (replacement) => (ctx = await createDeviceContext(replacement, config)),
      saved: () => saved,
      setSaved: (s) => (saved = s),
      runPage,
      finishPage: (page, pageStatistics) => {
        accumulateStatistics(total, pageStatistics);
        trajectoriesInFinishedPages += page.count;
        stepsInFinishedPages += Number(pageStatistics.exposureSteps);
        pagesFinished++;
        options.onPage?.({ page: pagesFinished, firstTrajectory: page.first, count: page.count, statistics: pageStatistics });
      },
    });
  } finally {
    ctx.dispose();
  }

  return {
    statistics: total,
    trajectorySteps: Number(total.exposureSteps),
    wallSeconds: (performance.now() - started) / 1000,
    device: ctx.device,
    deviceLosses,
  };

  async function runPage(page: TrajectoryRange, from: PageSnapshot | undefined): Promise<EscapeStatistics> {
    abortIfAsked(options.signal);
    const { device } = ctx;
    const { first, count } = page;
    const wg = config.workgroupSize;
    const grid = workgroupGrid(device, Math.ceil(count / wg));
    let stepStart = 0;
    let running = count;
    // Every trajectory of the page starts in the live list (escaped ones of a resumed page are
    // skipped by the kernel and dropped at the first compaction).
    let live: 0 | 1 = 0;
    let liveCount = count;
    await guarded(ctx, async () => device.queue.writeBuffer(ctx.liveBuffers[0], 0, Uint32Array.from({ length: count }, (_, i) => i)));

    if (from) {
      if (from.states.length !== STATE_WORDS * count) throw new Error(`the saved page holds ${from.states.length / STATE_WORDS} trajectory states, not ${count}`);
      // Continue a saved page: its raw states go back exactly as they were read.
      await guarded(ctx, async () => device.queue.writeBuffer(ctx.statesBuffer, 0, from.states));
      stepStart = from.stepReached;
      running = stillRunning(from.states);
    } else {
      writeParams(params, config, first, count, 0, 0);
      await guarded(ctx, async () => {
        device.queue.writeBuffer(ctx.paramsBuffer, 0, params.buffer);
        const enc = device.createCommandEncoder();
        encodeDispatch(enc, ctx.initPipeline, ctx.initBindGroup, grid);
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
      writeParams(params, config, first, count, stepStart, stepEnd, liveCount, compactFrom);
      const t0 = performance.now();
      const runningAfter = await guarded(ctx, async () => {
        device.queue.writeBuffer(ctx.paramsBuffer, 0, params.buffer);
        const enc = device.createCommandEncoder();
        if (compactFrom) {
          enc.clearBuffer(ctx.nextLiveCountBuffer);
          encodeDispatch(enc, ctx.compactPipeline, ctx.compactBindGroups[live], workgroupGrid(device, Math.ceil(compactFrom / wg)));
          live = live === 0 ? 1 : 0;
        }
        enc.clearBuffer(ctx.runningBuffer);
        encodeDispatch(enc, ctx.advancePipeline, ctx.advanceBindGroups[live], workgroupGrid(device, Math.ceil(liveCount / wg)));
        return new Uint32Array(await readBuffer(device, ctx.runningBuffer, 4, enc))[0]!;
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
          escaped: total.escaped + (count - running),
          pageSteps: stepStart,
          trajectorySteps: stepsSoFar,
          stepsPerSecond: stepsSoFar / Math.max(elapsed, 1e-9),
          elapsedSeconds: elapsed,
          etaSeconds: remainingSteps / Math.max(dispatchRate, 1),
        });
      }
      if (options.snapshot && running > 0 && stepStart < config.maxSteps && options.snapshot.due()) await takeSnapshot(page, stepStart);
    }

    const pageStatistics = await guarded(ctx, () => reducePage(stepStart, count, grid));
    if (config.keepEscapeSteps || config.keepFinalStates) {
      const raw = await guarded(ctx, () => readBuffer(device, ctx.statesBuffer, count * STATE_BYTES));
      const words = new Uint32Array(raw);
      const floats = new Float32Array(raw);
      const ints = new Int32Array(raw);
      if (config.keepEscapeSteps) pageStatistics.escapeSteps = Uint32Array.from({ length: count }, (_, i) => words[5 * i + 4]!);
      if (config.keepFinalStates) {
        pageStatistics.finalStates = {
          phase: Float64Array.from({ length: count }, (_, i) => floats[5 * i]!),
          velocity: Float64Array.from({ length: count }, (_, i) => floats[5 * i + 1]!),
          winding: Int32Array.from({ length: count }, (_, i) => ints[5 * i + 3]!),
        };
      }
    }
    return pageStatistics;
  }

  async function takeSnapshot(page: TrajectoryRange, stepReached: number) {
    const raw = await guarded(ctx, () => readBuffer(ctx.device, ctx.statesBuffer, page.count * STATE_BYTES));
    saved = { first: page.first, count: page.count, stepReached, states: new Uint32Array(raw) };
    await options.snapshot!.take(saved);
  }

  async function reducePage(stepsRun: number, count: number, grid: [number, number]): Promise<EscapeStatistics> {
    const { device } = ctx;
    const s = emptyStatistics(config);
    device.queue.writeBuffer(ctx.reduceParamsBuffer, 0, new Uint32Array([count, stepsRun, s.stepsPerBin, config.survivalBins]));
    const enc = device.createCommandEncoder();
    enc.clearBuffer(ctx.statisticsBuffer);
    encodeDispatch(enc, ctx.reducePipeline, ctx.reduceBindGroup, grid);
    const words = new Uint32Array(await readBuffer(device, ctx.statisticsBuffer, 4 * (3 + config.survivalBins), enc));
    s.trajectories = count;
    s.escaped = words[0]!;
    s.exposureSteps = (BigInt(words[2]!) << 32n) | BigInt(words[1]!);
    s.survivalCounts = Array.from(words.subarray(3, 3 + config.survivalBins));
    return s;
  }
}
