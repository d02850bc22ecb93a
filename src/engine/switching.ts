/**
 * The switching ensemble on a GPUDevice (physics.md §7): pages of trajectories integrated under the
 * bias ramp in bounded chunks of steps, each page reduced on the device to counts, exact power sums
 * and the histogram of switching steps. Like the fixed-bias engine (ensemble.ts), the result depends
 * only on the configuration and seed, never on the page size or the dispatch sizes.
 */
import { escapePoint, gjfCoefficients } from './config.js';
import { devicePageSize, type EscapeProgress } from './ensemble.js';
import { getPipeline, langevinSwitchingProgram, switchingStatisticsProgram, workgroupGrid } from './programs.js';
import { seedWords } from './philox.js';
import { switchingInitialDistribution, type SwitchingConfig } from './switching-config.js';
import { accumulateSwitchingStatistics, emptySwitchingStatistics, type SwitchingStatistics } from './switching-statistics.js';

const STATE_WORDS = 5;
const PARAMS_BYTES = 80;
/** Words before the histogram in the statistics buffer (shaders/switching_statistics.wgsl). */
export const SUM_WORDS = 11;

export interface SwitchingRunOptions {
  /** Progress in the fixed-bias engine's shape, with `escaped` counting switches. */
  onProgress?: (p: EscapeProgress) => void;
  signal?: AbortSignal;
  /** Pages to run (default all), so a host can run a subset. */
  pages?: number[];
}

export interface SwitchingRunResult {
  statistics: SwitchingStatistics;
  /** Trajectory-steps integrated (an upper bound within each chunk). */
  trajectorySteps: number;
  wallSeconds: number;
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

/** Copies `bytes` of each source back to the host after the commands already in `encoder`. */
async function readBack(device: GPUDevice, encoder: GPUCommandEncoder, sources: [GPUBuffer, number][]): Promise<ArrayBuffer[]> {
  const staging = sources.map(([source, bytes]) => {
    const buffer = device.createBuffer({ size: bytes, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
    encoder.copyBufferToBuffer(source, 0, buffer, 0, bytes);
    return buffer;
  });
  device.queue.submit([encoder.finish()]);
  return Promise.all(staging.map(async (buffer) => {
    await buffer.mapAsync(GPUMapMode.READ);
    const copy = buffer.getMappedRange().slice(0);
    buffer.destroy();
    return copy;
  }));
}

const wholeBlocks = (steps: number) => Math.max(4, Math.floor(steps / 4) * 4);

/** Runs the switching ensemble described by `config` on `device`. */
export async function runSwitchingEnsemble(device: GPUDevice, config: SwitchingConfig, options: SwitchingRunOptions = {}): Promise<SwitchingRunResult> {
  const pageSize = devicePageSize(device, config);
  const pages = options.pages ?? Array.from({ length: Math.ceil(config.trajectories / pageSize) }, (_, i) => i);
  const wg = config.workgroupSize;
  const [initPipeline, advancePipeline, reducePipeline] = await Promise.all([
    getPipeline(device, langevinSwitchingProgram('initialize', wg)),
    getPipeline(device, langevinSwitchingProgram('advance', wg)),
    getPipeline(device, switchingStatisticsProgram(wg)),
  ]);
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const statisticsBytes = 4 * (SUM_WORDS + config.binCount);
  const buffers = {
    states: device.createBuffer({ label: 'switching states', size: 4 * STATE_WORDS * pageSize, usage }),
    params: device.createBuffer({ label: 'switching params', size: PARAMS_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }),
    running: device.createBuffer({ label: 'running count', size: 4, usage }),
    statistics: device.createBuffer({ label: 'switching statistics', size: statisticsBytes, usage }),
    reduceParams: device.createBuffer({ label: 'switching statistics params', size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST }),
  };
  const bindGroup = (pipeline: GPUComputePipeline, entries: GPUBuffer[]) =>
    device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: entries.map((buffer, binding) => ({ binding, resource: { buffer } })) });
  const initGroup = bindGroup(initPipeline, [buffers.params, buffers.states]);
  const advanceGroup = bindGroup(advancePipeline, [buffers.params, buffers.states, buffers.running]);
  const reduceGroup = bindGroup(reducePipeline, [buffers.reduceParams, buffers.states, buffers.statistics]);
  const dispatch = (encoder: GPUCommandEncoder, pipeline: GPUComputePipeline, group: GPUBindGroup, grid: [number, number]) => {
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(grid[0], grid[1]);
    pass.end();
  };

  const params = new DataView(new ArrayBuffer(PARAMS_BYTES));
  const total = emptySwitchingStatistics(config);
  const started = performance.now();
  const totalTrajectories = pages.reduce((n, p) => n + Math.min(pageSize, config.trajectories - p * pageSize), 0);
  let doneBefore = 0;
  let stepsBefore = 0;
  let rate = 0;

  try {
    for (const [ordinal, page] of pages.entries()) {
      const first = page * pageSize;
      const count = Math.min(pageSize, config.trajectories - first);
      if (count <= 0) throw new Error(`page ${page} is outside the ensemble`);
      const grid = workgroupGrid(device, Math.ceil(count / wg));
      writeParams(params, config, first, count, 0, 0);
      device.queue.writeBuffer(buffers.params, 0, params.buffer);
      const initEncoder = device.createCommandEncoder();
      dispatch(initEncoder, initPipeline, initGroup, grid);
      device.queue.submit([initEncoder.finish()]);

      const maxChunk = wholeBlocks(config.dispatchStepBudget / count);
      let chunk = config.stepsPerDispatch ?? Math.min(maxChunk, wholeBlocks((1 << 22) / count));
      let step = 0;
      let running = count;
      let pageSteps = 0;
      while (step < config.maxSteps && running > 0) {
        if (options.signal?.aborted) throw options.signal.reason ?? new Error('run aborted');
        const stepEnd = Math.min(config.maxSteps, step + chunk);
        writeParams(params, config, first, count, step, stepEnd);
        device.queue.writeBuffer(buffers.params, 0, params.buffer);
        const t0 = performance.now();
        const encoder = device.createCommandEncoder();
        encoder.clearBuffer(buffers.running);
        dispatch(encoder, advancePipeline, advanceGroup, grid);
        const [runningWords] = await readBack(device, encoder, [[buffers.running, 4]]);
        const seconds = (performance.now() - t0) / 1000;
        pageSteps += running * (stepEnd - step);
        rate = (count * (stepEnd - step)) / Math.max(seconds, 1e-6);
        running = new Uint32Array(runningWords!)[0]!;
        step = stepEnd;
        if (config.stepsPerDispatch === null) chunk = Math.min(maxChunk, wholeBlocks(Math.min((config.targetDispatchSeconds * rate) / count, 4 * chunk)));
        if (options.onProgress) {
          const elapsed = (performance.now() - started) / 1000;
          const stepsSoFar = stepsBefore + pageSteps;
          const remaining = (config.maxSteps - step) * running + (totalTrajectories - doneBefore - count) * config.maxSteps;
          options.onProgress({
            page: ordinal + 1, pages: pages.length, trajectoriesDone: doneBefore + count - running, trajectories: totalTrajectories,
            escaped: total.switched + count - running, trajectorySteps: stepsSoFar, stepsPerSecond: stepsSoFar / Math.max(elapsed, 1e-9),
            elapsedSeconds: elapsed, etaSeconds: remaining / Math.max(rate, 1), pageSteps: step,
          });
        }
      }

      device.queue.writeBuffer(buffers.reduceParams, 0, new Uint32Array([count, config.holdSteps, config.stepsPerBin, config.binCount]));
      const encoder = device.createCommandEncoder();
      encoder.clearBuffer(buffers.statistics);
      dispatch(encoder, reducePipeline, reduceGroup, grid);
      const keepStates = config.keepSwitchSteps || config.keepFinalStates;
      const [words, states] = await readBack(device, encoder, [[buffers.statistics, statisticsBytes], ...(keepStates ? [[buffers.states, 4 * STATE_WORDS * count] as [GPUBuffer, number]] : [])]);
      const part = pageStatistics(config, count, new Uint32Array(words!), states);
      accumulateSwitchingStatistics(total, part);
      doneBefore += count;
      stepsBefore += pageSteps;
    }
  } finally {
    for (const b of Object.values(buffers)) b.destroy();
  }
  return { statistics: total, trajectorySteps: stepsBefore, wallSeconds: (performance.now() - started) / 1000 };
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
