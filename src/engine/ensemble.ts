/**
 * The escape ensemble on a GPUDevice: pages of trajectories, each integrated in bounded chunks of
 * steps and then reduced on the device to sufficient statistics. The device may come from Dawn in
 * Node or from navigator.gpu in a browser; nothing here depends on which.
 */
import { escapePoint, gjfCoefficients, initialDistribution, MAX_SURVIVAL_BINS, type EscapeConfig } from './config.js';
import { escapeStatisticsProgram, getPipeline, langevinEscapeProgram, workgroupGrid } from './programs.js';
import { seedWords } from './philox.js';
import { emptyStatistics, accumulateStatistics, type EscapeStatistics } from './statistics.js';

/** Bytes of one TrajectoryState in the shader (five 32-bit words). */
export const STATE_BYTES = 20;
export const PARAMS_BYTES = 80;

export interface EscapeProgress {
  page: number;
  pages: number;
  /** Trajectories in finished pages plus those escaped in the current one. */
  trajectoriesDone: number;
  trajectories: number;
  escaped: number;
  /** Trajectory-steps integrated so far (escaped trajectories stop counting). */
  trajectorySteps: number;
  stepsPerSecond: number;
  elapsedSeconds: number;
  /** An upper bound: it assumes no further trajectory escapes early. */
  etaSeconds: number;
}

export interface PageResult {
  page: number;
  firstTrajectory: number;
  statistics: EscapeStatistics;
}

export interface EscapeRunOptions {
  onProgress?: (p: EscapeProgress) => void;
  /** Called as each page finishes, so a host can save finished work before the run ends. */
  onPage?: (r: PageResult) => void;
  signal?: AbortSignal;
  /** Pages to run (default all); lets checkpoints and shards run a subset. */
  pages?: number[];
}

export interface EscapeRunResult {
  statistics: EscapeStatistics;
  /** Trajectory-steps actually integrated: Σ min(escape step, steps run). */
  trajectorySteps: number;
  wallSeconds: number;
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

export function writeParams(view: DataView, config: EscapeConfig, firstTrajectory: number, count: number, stepStart: number, stepEnd: number) {
  const c = gjfCoefficients(config);
  const e = escapePoint(config.escapeAt);
  const init = initialDistribution(config);
  const seed = seedWords(config.seed);
  const f32 = [config.gamma, c.velocityDamping, c.velocityToPhase, c.forceToPhase, c.halfStep, c.noiseToPhase, c.noiseToVelocity, e.phase];
  f32.forEach((x, i) => view.setFloat32(4 * i, x, true));
  view.setInt32(32, e.winding, true);
  [firstTrajectory >>> 0, count, stepStart, stepEnd, seed.lo, seed.hi].forEach((x, i) => view.setUint32(36 + 4 * i, x, true));
  [init.phase, init.phaseSd, init.velocitySd].forEach((x, i) => view.setFloat32(60 + 4 * i, x, true));
}

async function readBuffer(device: GPUDevice, source: GPUBuffer, bytes: number, encoder?: GPUCommandEncoder): Promise<ArrayBuffer> {
  const staging = device.createBuffer({ size: bytes, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
  const enc = encoder ?? device.createCommandEncoder();
  enc.copyBufferToBuffer(source, 0, staging, 0, bytes);
  device.queue.submit([enc.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const copy = staging.getMappedRange().slice(0);
  staging.destroy();
  return copy;
}

function roundDownToBlock(steps: number): number {
  return Math.max(4, Math.floor(steps / 4) * 4);
}

function abortIfAsked(signal?: AbortSignal) {
  if (signal?.aborted) throw signal.reason ?? new Error('run aborted');
}

/**
 * Runs the ensemble described by `config` on `device` and returns its sufficient statistics.
 * The result depends only on the configuration (seed included), never on the page size or how
 * the steps were split into dispatches.
 */
export async function runEscapeEnsemble(device: GPUDevice, config: EscapeConfig, options: EscapeRunOptions = {}): Promise<EscapeRunResult> {
  const pageSize = devicePageSize(device, config);
  const pages = options.pages ?? Array.from({ length: Math.ceil(config.trajectories / pageSize) }, (_, i) => i);
  const wg = config.workgroupSize;
  const [initPipeline, advancePipeline, reducePipeline] = await Promise.all([
    getPipeline(device, langevinEscapeProgram('initialize', wg)),
    getPipeline(device, langevinEscapeProgram('advance', wg)),
    getPipeline(device, escapeStatisticsProgram(wg)),
  ]);

  const statesBuffer = device.createBuffer({ label: 'trajectory states', size: pageSize * STATE_BYTES, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const paramsBuffer = device.createBuffer({ label: 'escape params', size: PARAMS_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const runningBuffer = device.createBuffer({ label: 'running count', size: 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  const statisticsWords = 3 + MAX_SURVIVAL_BINS;
  const statisticsBuffer = device.createBuffer({ label: 'escape statistics', size: 4 * statisticsWords, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  const reduceParamsBuffer = device.createBuffer({ label: 'statistics params', size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });

  const bindGroup = (pipeline: GPUComputePipeline, entries: GPUBuffer[]) =>
    device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: entries.map((buffer, binding) => ({ binding, resource: { buffer } })) });
  const initBindGroup = bindGroup(initPipeline, [paramsBuffer, statesBuffer]);
  const advanceBindGroup = bindGroup(advancePipeline, [paramsBuffer, statesBuffer, runningBuffer]);
  const reduceBindGroup = bindGroup(reducePipeline, [reduceParamsBuffer, statesBuffer, statisticsBuffer]);

  const params = new DataView(new ArrayBuffer(PARAMS_BYTES));
  const total = emptyStatistics(config);
  const started = performance.now();
  const totalTrajectories = pages.reduce((n, p) => n + Math.min(pageSize, config.trajectories - p * pageSize), 0);
  let trajectoriesInFinishedPages = 0;
  let stepsInFinishedPages = 0;
  // Measured trajectory-steps per second of dispatch time (for adaptive chunking and the ETA).
  let dispatchRate = 0;

  try {
    for (const [pageOrdinal, page] of pages.entries()) {
      const first = page * pageSize;
      const count = Math.min(pageSize, config.trajectories - first);
      if (count <= 0) throw new Error(`page ${page} is outside the ensemble`);
      const grid = workgroupGrid(device, Math.ceil(count / wg));

      writeParams(params, config, first, count, 0, 0);
      device.queue.writeBuffer(paramsBuffer, 0, params.buffer);
      {
        const enc = device.createCommandEncoder();
        const pass = enc.beginComputePass();
        pass.setPipeline(initPipeline);
        pass.setBindGroup(0, initBindGroup);
        pass.dispatchWorkgroups(grid[0], grid[1]);
        pass.end();
        device.queue.submit([enc.finish()]);
      }

      const maxChunk = roundDownToBlock(config.dispatchStepBudget / count);
      let chunk = config.stepsPerDispatch ?? Math.min(maxChunk, roundDownToBlock((1 << 22) / count));
      let stepStart = 0;
      let running = count;
      let pageSteps = 0;
      while (stepStart < config.maxSteps && running > 0) {
        abortIfAsked(options.signal);
        const stepEnd = Math.min(config.maxSteps, stepStart + chunk);
        writeParams(params, config, first, count, stepStart, stepEnd);
        device.queue.writeBuffer(paramsBuffer, 0, params.buffer);
        const t0 = performance.now();
        const enc = device.createCommandEncoder();
        enc.clearBuffer(runningBuffer);
        const pass = enc.beginComputePass();
        pass.setPipeline(advancePipeline);
        pass.setBindGroup(0, advanceBindGroup);
        pass.dispatchWorkgroups(grid[0], grid[1]);
        pass.end();
        const runningAfter = new Uint32Array(await readBuffer(device, runningBuffer, 4, enc))[0]!;
        const seconds = (performance.now() - t0) / 1000;
        // Upper bound on steps integrated this chunk: those still running at its start ran it all.
        pageSteps += running * (stepEnd - stepStart);
        dispatchRate = (count * (stepEnd - stepStart)) / Math.max(seconds, 1e-6);
        running = runningAfter;
        stepStart = stepEnd;
        if (config.stepsPerDispatch === null) {
          // Aim for dispatches of targetDispatchSeconds, growing at most 4x at a time.
          const wanted = (config.targetDispatchSeconds * dispatchRate) / count;
          chunk = Math.min(maxChunk, roundDownToBlock(Math.min(wanted, 4 * chunk)));
        }
        if (options.onProgress) {
          const elapsed = (performance.now() - started) / 1000;
          const remainingSteps = (config.maxSteps - stepStart) * running + (totalTrajectories - trajectoriesInFinishedPages - count) * config.maxSteps;
          const stepsSoFar = stepsInFinishedPages + pageSteps;
          options.onProgress({
            page: pageOrdinal + 1,
            pages: pages.length,
            trajectoriesDone: trajectoriesInFinishedPages + (count - running),
            trajectories: totalTrajectories,
            escaped: total.escaped + (count - running),
            trajectorySteps: stepsSoFar,
            stepsPerSecond: stepsSoFar / Math.max(elapsed, 1e-9),
            elapsedSeconds: elapsed,
            etaSeconds: remainingSteps / Math.max(dispatchRate, 1),
          });
        }
      }

      const pageStatistics = await reducePage(stepStart, count, grid);
      if (config.keepEscapeSteps || config.keepFinalStates) {
        const raw = await readBuffer(device, statesBuffer, count * STATE_BYTES);
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
      accumulateStatistics(total, pageStatistics);
      trajectoriesInFinishedPages += count;
      stepsInFinishedPages += Number(pageStatistics.exposureSteps);
      options.onPage?.({ page, firstTrajectory: first, statistics: pageStatistics });
    }
  } finally {
    for (const b of [statesBuffer, paramsBuffer, runningBuffer, statisticsBuffer, reduceParamsBuffer]) b.destroy();
  }

  return { statistics: total, trajectorySteps: Number(total.exposureSteps), wallSeconds: (performance.now() - started) / 1000 };

  async function reducePage(stepsRun: number, count: number, grid: [number, number]): Promise<EscapeStatistics> {
    const s = emptyStatistics(config);
    device.queue.writeBuffer(reduceParamsBuffer, 0, new Uint32Array([count, stepsRun, s.stepsPerBin, config.survivalBins]));
    const enc = device.createCommandEncoder();
    enc.clearBuffer(statisticsBuffer);
    const pass = enc.beginComputePass();
    pass.setPipeline(reducePipeline);
    pass.setBindGroup(0, reduceBindGroup);
    pass.dispatchWorkgroups(grid[0], grid[1]);
    pass.end();
    const words = new Uint32Array(await readBuffer(device, statisticsBuffer, 4 * (3 + config.survivalBins), enc));
    s.trajectories = count;
    s.escaped = words[0]!;
    s.exposureSteps = (BigInt(words[2]!) << 32n) | BigInt(words[1]!);
    s.survivalCounts = Array.from(words.subarray(3, 3 + config.survivalBins));
    return s;
  }
}
