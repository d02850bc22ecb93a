/**
 * Throughput of the production escape kernel, in trajectory-steps per second: the same program
 * objects and parameter layout as runEscapeEnsemble, timed with GPU timestamps where the adapter
 * has `timestamp-query`, otherwise by wall time around the queue's completion. An advisory
 * measurement: correctness of the kernel is the test suite's job.
 */
import { validateEscapeParameters, type EscapeParameters } from '../models/rate/config.js';
import { encodeDispatch, getPipeline, modelUniforms, RUN_PARAMS, workgroupGrid } from './programs.js';
import type { RngName } from './philox.js';
import { seedWords } from './philox.js';
import { escapeStatisticsProgram, langevinEscapeProgram, rateModel } from '../models/rate/model.js';

export interface KernelTiming {
  trajectories: number;
  workgroupSize: number;
  stepsPerDispatch: number;
  steps: number;
  /** Trajectory-steps actually integrated per repeat: Σ min(escape step, steps). */
  trajectorySteps: number;
  /** N × steps, counting escaped trajectories as if they had run on. */
  nominalTrajectorySteps: number;
  /** Seconds of each timed repeat. */
  seconds: number[];
  medianSeconds: number;
  stepsPerSecond: number;
  /** (max − min)/median of the repeat times. */
  spread: number;
  timer: 'timestamp-query' | 'wall-clock';
}

export interface KernelBenchmarkOptions {
  parameters: EscapeParameters;
  trajectories: number;
  steps: number;
  stepsPerDispatch: number;
  workgroupSize: number;
  repeats: number;
  /** Use GPU timestamps when available (default true). */
  timestamps?: boolean;
  /** The generator compiled into the kernel (default Philox). */
  rng?: RngName;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Times `repeats` integrations of the same ensemble over `steps` steps (each repeat starts from
 * the same initial states, so each does identical work), after one untimed warm-up.
 */
export async function benchmarkEscapeKernel(device: GPUDevice, o: KernelBenchmarkOptions): Promise<KernelTiming> {
  const config = validateEscapeParameters({
    ...o.parameters, trajectories: o.trajectories, maxTime: o.steps * (o.parameters.dt ?? 0.05), dt: o.parameters.dt ?? 0.05,
    workgroupSize: o.workgroupSize, pageSize: o.trajectories,
  });
  if (o.stepsPerDispatch % 4 !== 0) throw new Error('stepsPerDispatch must be a multiple of 4');
  const steps = config.maxSteps;
  const n = o.trajectories;
  const wg = o.workgroupSize;
  const [initPipeline, advancePipeline, reducePipeline] = await Promise.all([
    getPipeline(device, langevinEscapeProgram('initialize', wg, o.rng)),
    getPipeline(device, langevinEscapeProgram('advance', wg, o.rng)),
    getPipeline(device, escapeStatisticsProgram(wg)),
  ]);
  const useTimestamps = (o.timestamps ?? true) && device.features.has('timestamp-query');
  const dispatches = Math.ceil(steps / o.stepsPerDispatch);

  const states = device.createBuffer({ size: n * 4 * rateModel.stateWords, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  // The raw kernel: every trajectory stays in the live list (no compaction between repeats).
  const live = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(live, 0, Uint32Array.from({ length: n }, (_, i) => i));
  // One parameter block per dispatch, at 256-byte offsets, so a whole repeat is one submission.
  const stride = 256;
  const paramsBuffer = device.createBuffer({ size: stride * (dispatches + 1), usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const running = device.createBuffer({ size: 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  const statistics = device.createBuffer({ size: 4 * 259, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  const layouts = modelUniforms(rateModel.kernel);
  const modelParams = device.createBuffer({ size: layouts.parameters.bufferSize, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(modelParams, 0, layouts.parameters.pack(rateModel.modelParameters(config)));
  const reduceParams = device.createBuffer({ size: layouts.reduce.bufferSize, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const staging = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
  const querySet = useTimestamps ? device.createQuerySet({ type: 'timestamp', count: 2 }) : undefined;
  const resolve = useTimestamps ? device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC }) : undefined;

  const view = new DataView(new ArrayBuffer(stride * (dispatches + 1)));
  const seed = seedWords(config.seed);
  const writeRun = (block: number, stepStart: number, stepEnd: number) => RUN_PARAMS.pack(
    { trajectory_offset: 0, trajectory_count: n, step_start: stepStart, step_end: stepEnd, seed_lo: seed.lo, seed_hi: seed.hi, live_count: n, compact_from_count: 0 },
    new DataView(view.buffer, stride * block, RUN_PARAMS.bufferSize),
  );
  writeRun(0, 0, 0);
  for (let d = 0; d < dispatches; d++) {
    const start = d * o.stepsPerDispatch;
    writeRun(d + 1, start, Math.min(steps, start + o.stepsPerDispatch));
  }
  device.queue.writeBuffer(paramsBuffer, 0, view.buffer);
  const bindGroup = (pipeline: GPUComputePipeline, params: number, extra: GPUBuffer[]) =>
    device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: paramsBuffer, offset: params * stride, size: RUN_PARAMS.bufferSize } },
        ...extra.map((buffer, i) => ({ binding: i + 1, resource: { buffer } })),
        { binding: 6, resource: { buffer: modelParams } },
      ],
    });
  const initGroup = bindGroup(initPipeline, 0, [states]);
  const advanceGroups = Array.from({ length: dispatches }, (_, d) => bindGroup(advancePipeline, d + 1, [states, running, live]));
  const grid = workgroupGrid(device, Math.ceil(n / wg));

  const runOnce = async (timed: boolean): Promise<number> => {
    const initEncoder = device.createCommandEncoder();
    encodeDispatch(initEncoder, initPipeline, initGroup, grid);
    device.queue.submit([initEncoder.finish()]);
    await device.queue.onSubmittedWorkDone();

    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass(
      timed && querySet ? { timestampWrites: { querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } } : {},
    );
    pass.setPipeline(advancePipeline);
    for (const group of advanceGroups) {
      pass.setBindGroup(0, group);
      pass.dispatchWorkgroups(grid[0], grid[1]);
    }
    pass.end();
    if (timed && querySet && resolve) {
      encoder.resolveQuerySet(querySet, 0, 2, resolve, 0);
      encoder.copyBufferToBuffer(resolve, 0, staging, 0, 16);
    }
    const t0 = performance.now();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    const wall = (performance.now() - t0) / 1000;
    if (!(timed && querySet)) return wall;
    await staging.mapAsync(GPUMapMode.READ);
    const [begin, end] = new BigUint64Array(staging.getMappedRange().slice(0));
    staging.unmap();
    return Number(end! - begin!) / 1e9;
  };

  try {
    await runOnce(false);
    const seconds: number[] = [];
    for (let r = 0; r < o.repeats; r++) seconds.push(await runOnce(true));

    // Steps actually integrated (escaped trajectories stop): the exposure of the final states.
    device.queue.writeBuffer(reduceParams, 0, layouts.reduce.pack({ trajectory_count: n, steps_run: steps, steps_per_bin: Math.max(1, Math.ceil(steps / 256)), bin_count: 256 }));
    const encoder = device.createCommandEncoder();
    encoder.clearBuffer(statistics);
    const reduceGroup = device.createBindGroup({
      layout: reducePipeline.getBindGroupLayout(0),
      entries: [reduceParams, states, statistics].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    encodeDispatch(encoder, reducePipeline, reduceGroup, grid);
    encoder.copyBufferToBuffer(statistics, 0, staging, 0, 12);
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const words = new Uint32Array(staging.getMappedRange().slice(0, 12));
    staging.unmap();
    const trajectorySteps = words[2]! * 2 ** 32 + words[1]!;

    const med = median(seconds);
    return {
      trajectories: n, workgroupSize: wg, stepsPerDispatch: o.stepsPerDispatch, steps,
      trajectorySteps, nominalTrajectorySteps: n * steps, seconds, medianSeconds: med,
      stepsPerSecond: trajectorySteps / med, spread: (Math.max(...seconds) - Math.min(...seconds)) / med,
      timer: querySet ? 'timestamp-query' : 'wall-clock',
    };
  } finally {
    for (const b of [states, live, paramsBuffer, modelParams, running, statistics, reduceParams, staging, resolve]) b?.destroy();
    querySet?.destroy();
  }
}

/**
 * Work counted in one trajectory-step of the production kernel: one sin for the force, half a
 * Box–Muller pair (½ log, ½ sqrt, ½ sin, ½ cos), a quarter of a Philox4x32-10 call (10 rounds of
 * two 32×32→64 multiplies, each emulated in WGSL with four 16×16 multiplies), and the GJF update.
 */
export const OPERATIONS_PER_STEP = {
  sin: 1,
  boxMullerPairs: 0.5,
  transcendentalsIncludingBoxMuller: 1 + 0.5 * 4,
  philoxCalls: 0.25,
  integerMultipliesInPhilox: 0.25 * 10 * (2 * 4 + 2),
  fusedMultiplyAdds: 15,
};

/** Stated throughput limits for known adapters, with where the number comes from. */
export const KNOWN_LIMITS: { match: RegExp; stepsPerSecond: number; basis: string }[] = [
  {
    match: /H100/i,
    stepsPerSecond: 1e12,
    basis: 'special-function-unit bound of the H100 for ~3 transcendentals per step (issue 6 statement: near 10¹² steps/s)',
  },
];

export function statedLimit(adapterDescription: string) {
  return KNOWN_LIMITS.find((k) => k.match.test(adapterDescription));
}
