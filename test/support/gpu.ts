import { afterAll, beforeAll } from 'vitest';
import { requestNodeDevice, type NodeGpu } from '../../src/engine/node-device.js';

/**
 * One real WebGPU device (Dawn on lavapipe here, or a GPU) per test file. Tests run the real WGSL:
 * there is no mock device.
 */
export function useGpu(): { readonly device: GPUDevice; readonly gpu: NodeGpu } {
  let gpu: NodeGpu | undefined;
  beforeAll(async () => {
    gpu = await requestNodeDevice();
  });
  afterAll(() => gpu?.release());
  return {
    get device() {
      if (!gpu) throw new Error('GPU device not ready');
      return gpu.device;
    },
    get gpu() {
      if (!gpu) throw new Error('GPU device not ready');
      return gpu;
    },
  };
}

/** Runs a one-binding compute kernel over `count` invocations and returns its u32 output words. */
export async function runHarnessKernel(device: GPUDevice, code: string, outputWords: number, workgroups: number): Promise<Uint32Array> {
  const module = device.createShaderModule({ code });
  const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const output = device.createBuffer({ size: 4 * outputWords, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const staging = device.createBuffer({ size: 4 * outputWords, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: output } }] }));
  pass.dispatchWorkgroups(workgroups);
  pass.end();
  encoder.copyBufferToBuffer(output, 0, staging, 0, 4 * outputWords);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const words = new Uint32Array(staging.getMappedRange().slice(0));
  staging.destroy();
  output.destroy();
  return words;
}
