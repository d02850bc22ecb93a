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

/** The one-binding kernel harness lives in src (washboard selftest runs it too). */
export { runHarnessKernel } from '../../src/engine/rng-checks.js';
