/**
 * The Node host's GPUDevice, from Dawn through the `webgpu` package. Dawn keeps the process alive
 * until its device is destroyed, so hosts call `release()` and then exit explicitly.
 */
import { create, globals } from 'webgpu';

export class NoAdapterError extends Error {
  constructor() {
    super(
      'no WebGPU adapter found. Without a GPU, install software Vulkan (Mesa lavapipe): on Debian bookworm run ' +
        '`npm run setup` (or `bash scripts/setup-vulkan.sh`), which installs mesa-vulkan-drivers and libvulkan1 from ' +
        'bookworm-backports; elsewhere install your distribution\'s Vulkan loader and a Vulkan driver.',
    );
    this.name = 'NoAdapterError';
  }
}

export interface NodeGpu {
  device: GPUDevice;
  /**
   * Dawn's instance. It must stay reachable for as long as the device is used: once it is
   * garbage-collected Dawn tears the instance down under the live device and the process crashes.
   */
  gpu: GPU;
  adapterInfo: { vendor: string; architecture: string; device: string; description: string };
  release(): void;
}

let globalsInstalled = false;

/**
 * Dawn's instance toggles, e.g. `enable-dawn-features=skip_validation,disable_robustness`; the
 * default is none. Measured in bench/dawn-toggles.mjs (bench/NOTES.md).
 */
export interface NodeDeviceOptions {
  powerPreference?: GPUPowerPreference;
  dawnFlags?: string[];
}

export async function requestNodeDevice(options: NodeDeviceOptions = {}): Promise<NodeGpu> {
  if (!globalsInstalled) {
    // The engine names GPUBufferUsage, GPUMapMode, … as a browser provides them.
    Object.assign(globalThis, globals);
    globalsInstalled = true;
  }
  process.env.XDG_RUNTIME_DIR ??= '/tmp';
  const gpu = create(options.dawnFlags ?? []);
  const adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' });
  if (!adapter) throw new NoAdapterError();
  const wanted: GPUFeatureName[] = adapter.features.has('timestamp-query') ? ['timestamp-query'] : [];
  const device = await adapter.requestDevice({
    requiredFeatures: wanted,
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
    },
  });
  const info = adapter.info;
  return {
    device,
    gpu,
    adapterInfo: { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description },
    release: () => device.destroy(),
  };
}
