/**
 * The switching ensemble on a GPUDevice (physics.md §7): pages of trajectories integrated under the
 * bias ramp in bounded chunks of steps, each page reduced on the device to counts, exact power sums
 * and the histogram of switching steps. Like the fixed-bias engine (ensemble.ts), and with its
 * helpers, the result depends only on the configuration, seed and trajectory ranges run, never on
 * the page size, the dispatch sizes, where a page was snapshotted and continued, or whether a device
 * was lost on the way (a lost device is replaced through the host's requestDevice and only the
 * unfinished page is redone, from its last snapshot when there is one).
 */
import { escapePoint, gjfCoefficients } from './config.js';
import {
  abortIfAsked, devicePageSize, guarded, orderedWork, readBuffer, runPagesWithRecovery,
  roundDownToBlock, STATE_WORDS, stillRunning, type EscapeRunOptions, type PageSnapshot, type TrajectoryRange,
} from './ensemble.js';
import { encodeDispatch, getPipeline, langevinSwitchingProgram, switchingStatisticsProgram, workgroupGrid } from './programs.js';
import { seedWords } from './philox.js';
import { switchingInitialDistribution, type SwitchingConfig } from './switching-config.js';
import { accumulateSwitchingStatistics, emptySwitchingStatistics, type SwitchingStatistics } from './switching-statistics.js';

const PARAMS_BYTES = 80;
/** Words before the histogram in the statistics buffer (shaders/switching_statistics.wgsl). */
export const SUM_WORDS = 11;

export interface SwitchingPageResult {
  /** 1-based ordinal of the page in this run. */
  page: number;
  firstTrajectory: number;
  count: number;
  statistics: SwitchingStatistics;
}

/** The fixed-bias engine's options (ranges, snapshots, device replacement), with switching pages; progress counts switches as `escaped`. */
export type SwitchingRunOptions = Omit<EscapeRunOptions, 'onPage'> & { onPage?: (r: SwitchingPageResult) => void };

export interface SwitchingRunResult {
  statistics: SwitchingStatistics;
  /** Trajectory-steps integrated (an upper bound within each chunk). */
  trajectorySteps: number;
  wallSeconds: number;
  /** The device the run finished on: a replacement if the first one was lost. */
  device: GPUDevice;
  deviceLosses: number;
}

function writeParams(view: DataView, config: SwitchingConfig, first: number, count: number, stepStart: number, stepEnd: number) {
  const c = gjfCoefficients(config);
  const s = escapePoint(config.switchAt);
  const init = switchingInitialDistribution(config);
  const seed = seedWords(config.seed);
  [config.gammaStart, config.rampPerStep, c.velocityDamping, c.velocityToPhase, c.forceToPhase, c.halfStep, c.noiseToPhase, c.noiseToVelocity, s.phase]
    .forEach((x, i) => view.setFloat32(4 * i, x, true));
  view.setInt32(36, s.winding, true);
  [first >>> 0, count, stepStart, stepEnd, seed.lo, seed.hi, config.holdSteps].forEach((x, i) => view.setUint32(40 + 4 * i, x, true));
  [init.phase, init.phaseSd, init.velocitySd].forEach((x, i) => view.setFloat32(68 + 4 * i, x, true));
}

/** Pipelines, buffers and bind groups on one device, with a watch on its loss. */
async function createSwitchingContext(device: GPUDevice, config: SwitchingConfig) {
  let lost: string | null = null;
  let active = true;
  void device.lost.then((info) => {
    if (active) lost = `device lost (reason: ${info.reason}${info.message ? `; ${info.message}` : ''})`;
  });
  const pageSize = devicePageSize(device, config);
  const wg = config.workgroupSize;
  const [initPipeline, advancePipeline, reducePipeline] = await Promise.all([
    getPipeline(device, langevinSwitchingProgram('initialize', wg)),
    getPipeline(device, langevinSwitchingProgram('advance', wg)),
    getPipeline(device, switchingStatisticsProgram(wg)),
  ]);
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const buffers = {
    states: device.createBuffer({ label: 'switching states', size: 4 * STATE_WORDS * pageSize, usage }),
    params: device.createBuffer({ label: 'switching params', size: PARAMS_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }),
    running: device.createBuffer({ label: 'running count', size: 4, usage }),
    statistics: device.createBuffer({ label: 'switching statistics', size: 4 * (SUM_WORDS + config.binCount), usage }),
    reduceParams: device.createBuffer({ label: 'switching statistics params', size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }),
  };
  const bindGroup = (pipeline: GPUComputePipeline, entries: GPUBuffer[]) =>
    device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: entries.map((buffer, binding) => ({ binding, resource: { buffer } })) });
  const groups = {
    init: bindGroup(initPipeline, [buffers.params, buffers.states]),
    advance: bindGroup(advancePipeline, [buffers.params, buffers.states, buffers.running]),
    reduce: bindGroup(reducePipeline, [buffers.reduceParams, buffers.states, buffers.statistics]),
  };
  return {
    device, pageSize, buffers,
    init: (e: GPUCommandEncoder, grid: [number, number]) => encodeDispatch(e, initPipeline, groups.init, grid),
    advance: (e: GPUCommandEncoder, grid: [number, number]) => encodeDispatch(e, advancePipeline, groups.advance, grid),
    reduce: (e: GPUCommandEncoder, grid: [number, number]) => encodeDispatch(e, reducePipeline, groups.reduce, grid),
    get lost() {
      return lost;
    },
    dispose() {
      active = false;
      for (const b of Object.values(buffers)) b.destroy();
    },
  };
}

/**
 * Runs the switching ensemble described by `config` on `device` (the ranges in `options`, default
 * all of it). Finished pages are handed to `onPage` as they complete; a page in progress can be
 * snapshotted at a chunk boundary and continued later (`resumePage`) bit for bit.
 */
export async function runSwitchingEnsemble(device: GPUDevice, config: SwitchingConfig, options: SwitchingRunOptions = {}): Promise<SwitchingRunResult> {
  const work = orderedWork(config.trajectories, options);
  let ctx = await createSwitchingContext(device, config);
  const params = new DataView(new ArrayBuffer(PARAMS_BYTES));
  const total = emptySwitchingStatistics(config);
  const started = performance.now();
  const totalTrajectories = work.reduce((n, r) => n + r.count, 0);
  const pagesEstimate = () => work.reduce((n, r) => n + Math.ceil(r.count / ctx.pageSize), 0);
  let doneBefore = 0;
  let stepsBefore = 0;
  let pagesFinished = 0;
  let deviceLosses = 0;
  let rate = 0;
  let saved: PageSnapshot | undefined = options.resumePage;

  try {
    deviceLosses = await runPagesWithRecovery(work, options, {
      context: () => ctx,
      replaceContext: async (replacement) => (ctx = await createSwitchingContext(replacement, config)),
      saved: () => saved,
      setSaved: (s) => (saved = s),
      runPage,
      finishPage: (page, result: { statistics: SwitchingStatistics; steps: number }) => {
        accumulateSwitchingStatistics(total, result.statistics);
        doneBefore += page.count;
        stepsBefore += result.steps;
        pagesFinished++;
        options.onPage?.({ page: pagesFinished, firstTrajectory: page.first, count: page.count, statistics: result.statistics });
      },
    });
  } finally {
    ctx.dispose();
  }
  return { statistics: total, trajectorySteps: stepsBefore, wallSeconds: (performance.now() - started) / 1000, device: ctx.device, deviceLosses };

  async function runPage(page: TrajectoryRange, from: PageSnapshot | undefined) {
    abortIfAsked(options.signal);
    const { device } = ctx;
    const { first, count } = page;
    const grid = workgroupGrid(device, Math.ceil(count / config.workgroupSize));
    let step = 0;
    let running = count;
    if (from) {
      if (from.states.length !== STATE_WORDS * count) throw new Error(`the saved page holds ${from.states.length / STATE_WORDS} trajectory states, not ${count}`);
      await guarded(ctx, async () => device.queue.writeBuffer(ctx.buffers.states, 0, from.states));
      step = from.stepReached;
      running = stillRunning(from.states);
    } else {
      writeParams(params, config, first, count, 0, 0);
      await guarded(ctx, async () => {
        device.queue.writeBuffer(ctx.buffers.params, 0, params.buffer);
        const encoder = device.createCommandEncoder();
        ctx.init(encoder, grid);
        device.queue.submit([encoder.finish()]);
      });
    }

    const maxChunk = roundDownToBlock(config.dispatchStepBudget / count);
    let chunk = config.stepsPerDispatch ?? Math.min(maxChunk, roundDownToBlock((1 << 22) / count));
    let pageSteps = 0;
    while (step < config.maxSteps && running > 0) {
      if (options.signal?.aborted) {
        // A last snapshot, so that an interrupted page is not lost.
        if (options.snapshot && step > 0) await takeSnapshot(page, step);
        abortIfAsked(options.signal);
      }
      const stepEnd = Math.min(config.maxSteps, step + chunk);
      writeParams(params, config, first, count, step, stepEnd);
      const t0 = performance.now();
      const runningAfter = await guarded(ctx, async () => {
        device.queue.writeBuffer(ctx.buffers.params, 0, params.buffer);
        const encoder = device.createCommandEncoder();
        encoder.clearBuffer(ctx.buffers.running);
        ctx.advance(encoder, grid);
        return new Uint32Array(await readBuffer(device, ctx.buffers.running, 4, encoder))[0]!;
      });
      const seconds = (performance.now() - t0) / 1000;
      pageSteps += running * (stepEnd - step);
      rate = (count * (stepEnd - step)) / Math.max(seconds, 1e-6);
      running = runningAfter;
      step = stepEnd;
      if (config.stepsPerDispatch === null) chunk = Math.min(maxChunk, roundDownToBlock(Math.min((config.targetDispatchSeconds * rate) / count, 4 * chunk)));
      if (options.onProgress) {
        const elapsed = (performance.now() - started) / 1000;
        const stepsSoFar = stepsBefore + pageSteps;
        const remaining = (config.maxSteps - step) * running + (totalTrajectories - doneBefore - count) * config.maxSteps;
        options.onProgress({
          page: pagesFinished + 1, pages: pagesFinished + pagesEstimate(), trajectoriesDone: doneBefore + count - running, trajectories: totalTrajectories,
          escaped: total.switched + count - running, trajectorySteps: stepsSoFar, stepsPerSecond: stepsSoFar / Math.max(elapsed, 1e-9),
          elapsedSeconds: elapsed, etaSeconds: remaining / Math.max(rate, 1), pageSteps: step,
        });
      }
      if (options.snapshot && running > 0 && step < config.maxSteps && options.snapshot.due()) await takeSnapshot(page, step);
    }

    const statisticsBytes = 4 * (SUM_WORDS + config.binCount);
    const words = await guarded(ctx, async () => {
      device.queue.writeBuffer(ctx.buffers.reduceParams, 0, new Uint32Array([count, config.holdSteps, config.stepsPerBin, config.binCount]));
      const encoder = device.createCommandEncoder();
      encoder.clearBuffer(ctx.buffers.statistics);
      ctx.reduce(encoder, grid);
      return new Uint32Array(await readBuffer(device, ctx.buffers.statistics, statisticsBytes, encoder));
    });
    const keepStates = config.keepSwitchSteps || config.keepFinalStates;
    const states = keepStates ? await guarded(ctx, () => readBuffer(device, ctx.buffers.states, 4 * STATE_WORDS * count)) : undefined;
    return { statistics: pageStatistics(config, count, words, states), steps: pageSteps };
  }

  async function takeSnapshot(page: TrajectoryRange, stepReached: number) {
    const raw = await guarded(ctx, () => readBuffer(ctx.device, ctx.buffers.states, 4 * STATE_WORDS * page.count));
    saved = { first: page.first, count: page.count, stepReached, states: new Uint32Array(raw) };
    await options.snapshot!.take(saved);
  }
}

/** Little-endian multi-word unsigned integer from u32 words. */
function wideInteger(words: Uint32Array, first: number, count: number): bigint {
  let v = 0n;
  for (let j = count - 1; j >= 0; j--) v = (v << 32n) | BigInt(words[first + j]!);
  return v;
}

/**
 * Decodes the statistics words of one page (layout in shaders/switching_statistics.wgsl) and, when
 * kept, its raw trajectory states.
 */
export function pageStatistics(config: Pick<SwitchingConfig, 'stepsPerBin' | 'binCount' | 'keepSwitchSteps' | 'keepFinalStates'>, count: number, words: Uint32Array, states?: ArrayBuffer): SwitchingStatistics {
  const s = emptySwitchingStatistics(config);
  s.trajectories = count;
  s.switched = words[0]!;
  s.switchedWhileHeld = words[1]!;
  s.powerSums = [wideInteger(words, 2, 2), wideInteger(words, 4, 3), wideInteger(words, 7, 4)];
  s.counts = Array.from(words.subarray(SUM_WORDS, SUM_WORDS + config.binCount));
  if (states) {
    const u = new Uint32Array(states);
    const f = new Float32Array(states);
    const i = new Int32Array(states);
    if (config.keepSwitchSteps) s.switchSteps = Uint32Array.from({ length: count }, (_, n) => u[STATE_WORDS * n + 4]!);
    if (config.keepFinalStates) {
      s.finalStates = {
        phase: Float64Array.from({ length: count }, (_, n) => f[STATE_WORDS * n]!),
        velocity: Float64Array.from({ length: count }, (_, n) => f[STATE_WORDS * n + 1]!),
        winding: Int32Array.from({ length: count }, (_, n) => i[STATE_WORDS * n + 3]!),
      };
    }
  }
  return s;
}
