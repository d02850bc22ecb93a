/**
 * One program object per kernel, each with an explicit pipeline-cache key (the pattern of
 * TensorFlow.js's WebGPU backend): the key names everything that changes the compiled pipeline,
 * so a pipeline is built once per device and reused by every page and dispatch.
 */
import type { EnsembleModel, ModelKernel } from './model.js';
import { defineUniforms, type UniformLayout } from './uniforms.js';
import { DEFAULT_RNG, type RngName } from './philox.js';
import { philox, streamPhilox, streamThreefry, threefry, trajectories } from './wgsl.generated.js';

export interface KernelProgram {
  /** Everything that distinguishes the compiled pipeline. */
  readonly cacheKey: string;
  readonly label: string;
  readonly source: string;
  readonly entryPoint: string;
}

/** Marks a trajectory that has not finished in its State's last word (stop_step). */
export const NOT_FINISHED = 0xffffffff;

/** The engine's per-dispatch uniforms (`run` in shaders/engine/trajectories.wgsl). */
export const RUN_PARAMS: UniformLayout = defineUniforms('RunParams', [
  { name: 'trajectory_offset', type: 'u32', doc: "global index of this page's first trajectory (the Philox key)" },
  { name: 'trajectory_count', type: 'u32', doc: 'trajectories in this page' },
  { name: 'step_start', type: 'u32', doc: 'a multiple of 4: one Philox block feeds four steps' },
  { name: 'step_end', type: 'u32' },
  { name: 'seed_lo', type: 'u32' },
  { name: 'seed_hi', type: 'u32' },
  { name: 'live_count', type: 'u32', doc: '`advance` integrates live[0 .. live_count)' },
  { name: 'compact_from_count', type: 'u32', doc: '`compact` gathers the running entries of live[0 .. compact_from_count) into next_live' },
]);

const modelLayouts = new WeakMap<ModelKernel, { parameters: UniformLayout; reduce: UniformLayout }>();

/** The uniform layouts of a model: `model` (ModelParams) and the reduction's `params` (ReduceParams). */
export function modelUniforms(kernel: ModelKernel): { parameters: UniformLayout; reduce: UniformLayout } {
  let layouts = modelLayouts.get(kernel);
  if (!layouts) {
    layouts = { parameters: defineUniforms('ModelParams', kernel.parameters), reduce: defineUniforms('ReduceParams', kernel.reduce.parameters) };
    modelLayouts.set(kernel, layouts);
  }
  return layouts;
}

/** Constants the host prepends to a shader, since WGSL has no include, define or (usable) override. */
function preamble(workgroupSize: number): string {
  return `const WORKGROUP_SIZE: u32 = ${workgroupSize}u;\nconst NOT_FINISHED: u32 = 0xFFFFFFFFu;`;
}

type Model = Pick<EnsembleModel<never, unknown>, 'id' | 'kernel'>;

/** The WGSL of a generator: Philox is always present (its mulhi32 and Box–Muller are shared). */
function rngSource(rng: RngName): string[] {
  if (rng === 'philox') return [philox, streamPhilox];
  const rounds = rng === 'threefry20' ? 20 : 13;
  return [philox, `const THREEFRY_ROUNDS: u32 = ${rounds}u;`, threefry, streamThreefry];
}

/**
 * A model's trajectory kernel: entry `initialize` (initial states), `advance` (a chunk of steps of
 * the live trajectories) or `compact` (gathers the running ones). The source is the engine's
 * kernel composed with the model's WGSL; the cache key names the model and the constants.
 */
export function trajectoryProgram(model: Model, entryPoint: 'initialize' | 'advance' | 'compact', workgroupSize: number, rng: RngName = DEFAULT_RNG): KernelProgram {
  const k = model.kernel;
  const streams = `const STREAM_STEPS: u32 = ${k.streams.steps}u;\nconst STREAM_INITIAL_STATE: u32 = ${k.streams.initialState}u;`;
  return {
    cacheKey: `${model.id}.trajectories:${entryPoint}:wg${workgroupSize}:${rng}`,
    label: `${model.id}.${entryPoint}`,
    source: [preamble(workgroupSize), streams, ...rngSource(rng), RUN_PARAMS.wgsl, modelUniforms(k).parameters.wgsl, ...k.libraries, k.state, k.dynamics, trajectories].join('\n'),
    entryPoint,
  };
}

/** A model's reduction of a page of states to its statistics words (entry `reduce`). */
export function reduceProgram(model: Model, workgroupSize: number): KernelProgram {
  const k = model.kernel;
  return {
    cacheKey: `${model.id}.reduce:reduce:wg${workgroupSize}`,
    label: `${model.id}.reduce`,
    source: [preamble(workgroupSize), philox, modelUniforms(k).reduce.wgsl, k.state, ...k.reduce.libraries, k.reduce.source].join('\n'),
    entryPoint: 'reduce',
  };
}

const pipelineCache = new WeakMap<GPUDevice, Map<string, Promise<GPUComputePipeline>>>();
const moduleCache = new WeakMap<GPUDevice, Map<string, GPUShaderModule>>();

export function getPipeline(device: GPUDevice, program: KernelProgram): Promise<GPUComputePipeline> {
  let pipelines = pipelineCache.get(device);
  if (!pipelines) pipelineCache.set(device, (pipelines = new Map()));
  let pipeline = pipelines.get(program.cacheKey);
  if (!pipeline) {
    let modules = moduleCache.get(device);
    if (!modules) moduleCache.set(device, (modules = new Map()));
    let module = modules.get(program.source);
    if (!module) modules.set(program.source, (module = device.createShaderModule({ label: program.label, code: program.source })));
    pipeline = device.createComputePipelineAsync({
      label: program.label,
      layout: 'auto',
      compute: { module, entryPoint: program.entryPoint },
    });
    pipelines.set(program.cacheKey, pipeline);
  }
  return pipeline;
}

/** Encodes one compute pass that dispatches `pipeline` with `bindGroup` over a `grid` of workgroups. */
export function encodeDispatch(encoder: GPUCommandEncoder, pipeline: GPUComputePipeline, bindGroup: GPUBindGroup, grid: [number, number]): void {
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(grid[0], grid[1]);
  pass.end();
}

/** Splits a workgroup count over x and y so that neither exceeds the device's per-dimension limit. */
export function workgroupGrid(device: GPUDevice, workgroups: number): [number, number] {
  const limit = device.limits.maxComputeWorkgroupsPerDimension;
  if (workgroups <= limit) return [Math.max(1, workgroups), 1];
  const y = Math.ceil(workgroups / limit);
  return [Math.ceil(workgroups / y), y];
}
