/**
 * One program object per kernel, each with an explicit pipeline-cache key (the pattern of
 * TensorFlow.js's WebGPU backend): the key names everything that changes the compiled pipeline,
 * so a pipeline is built once per device and reused by every page and dispatch.
 */
import { escapeStatistics, gjf, langevinEscape, langevinSwitching, philox, switchingStatistics } from './wgsl.generated.js';

export interface KernelProgram {
  /** Everything that distinguishes the compiled pipeline. */
  readonly cacheKey: string;
  readonly label: string;
  readonly source: string;
  readonly entryPoint: string;
}

/** Constants the host prepends to a shader, since WGSL has no include or define. */
function withWorkgroupSize(workgroupSize: number, ...sources: string[]): string {
  return [`const WORKGROUP_SIZE: u32 = ${workgroupSize}u;`, ...sources].join('\n');
}

/** Integrates trajectories (entry `advance`) or draws their initial states (entry `initialize`). */
export function langevinEscapeProgram(entryPoint: 'initialize' | 'advance' | 'compact', workgroupSize: number): KernelProgram {
  return {
    cacheKey: `langevin_escape:${entryPoint}:wg${workgroupSize}`,
    label: `langevin_escape.${entryPoint}`,
    source: withWorkgroupSize(workgroupSize, philox, gjf, langevinEscape),
    entryPoint,
  };
}

/** Reduces a page of trajectory states to sufficient statistics. */
export function escapeStatisticsProgram(workgroupSize: number): KernelProgram {
  return {
    cacheKey: `escape_statistics:reduce:wg${workgroupSize}`,
    label: 'escape_statistics.reduce',
    source: withWorkgroupSize(workgroupSize, philox, gjf, escapeStatistics),
    entryPoint: 'reduce',
  };
}

/** Integrates trajectories under the bias ramp (entry `advance`) or draws their initial states (`initialize`). */
export function langevinSwitchingProgram(entryPoint: 'initialize' | 'advance', workgroupSize: number): KernelProgram {
  return {
    cacheKey: `langevin_switching:${entryPoint}:wg${workgroupSize}`,
    label: `langevin_switching.${entryPoint}`,
    source: withWorkgroupSize(workgroupSize, philox, gjf, langevinSwitching),
    entryPoint,
  };
}

/** Reduces a page of switching states to counts, exact power sums and the histogram. */
export function switchingStatisticsProgram(workgroupSize: number): KernelProgram {
  return {
    cacheKey: `switching_statistics:reduce:wg${workgroupSize}`,
    label: 'switching_statistics.reduce',
    source: withWorkgroupSize(workgroupSize, philox, gjf, switchingStatistics),
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
