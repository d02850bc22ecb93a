import { describe, expect, it } from 'vitest';
import { validateEscapeParameters, type EscapeParameters } from '../../src/models/rate/config.js';
import { DeviceLostError, type DeviceLossReport, type PageSnapshot } from '../../src/engine/ensemble.js';
import { runEscapeEnsemble } from '../../src/models/rate/model.js';
import { requestNodeDevice, type NodeGpu } from '../../src/engine/node-device.js';
import { useGpu } from '../support/gpu.js';

/**
 * Device loss is forced for real: `device.destroy()` mid-run makes Dawn resolve `device.lost` and
 * reject the pending readback. The engine must get a new device from the host, redo only the
 * unfinished page, and end with statistics identical to a run that never lost its device.
 */
describe('device loss', () => {
  const gpu = useGpu();
  const base: EscapeParameters = { gamma: 0.9, Q0: 3, barrierOverKT: 3, trajectories: 2500, maxTime: 300, seed: 99, pageSize: 512, stepsPerDispatch: 400 };
  const config = validateEscapeParameters(base);
  const spares: NodeGpu[] = [];
  const requestDevice = async () => {
    const g = await requestNodeDevice();
    spares.push(g);
    return g.device;
  };

  it('recovers from a device destroyed during page 2 with identical statistics, redoing only that page', async () => {
    const reference = (await runEscapeEnsemble(gpu.device, config)).statistics;
    const victim = await requestNodeDevice();
    const reports: DeviceLossReport[] = [];
    const pagesFinished: number[] = [];
    let destroyed = false;
    const result = await runEscapeEnsemble(victim.device, config, {
      requestDevice,
      onDeviceLost: (r) => reports.push(r),
      onPage: (p) => pagesFinished.push(p.firstTrajectory),
      onProgress: (p) => {
        if (p.page === 2 && !destroyed) {
          destroyed = true;
          victim.device.destroy();
        }
      },
    });
    spares.forEach((g) => g.release());
    spares.length = 0;
    expect(destroyed).toBe(true);
    expect(reports).toHaveLength(1);
    expect(reports[0]!).toMatchObject({ attempt: 1, retrying: true, page: { first: 512, count: 512 }, resumeStep: 0 });
    expect(reports[0]!.cause).toMatch(/destroyed|lost|AbortError/);
    expect(result.deviceLosses).toBe(1);
    expect(result.device).not.toBe(victim.device);
    // Every page finished exactly once: page 1 was kept, not redone.
    expect(pagesFinished).toEqual([0, 512, 1024, 1536, 2048]);
    expect(result.statistics.trajectories).toBe(reference.trajectories);
    expect(result.statistics.escaped).toBe(reference.escaped);
    expect(result.statistics.exposureSteps).toBe(reference.exposureSteps);
    expect(result.statistics.survivalCounts).toEqual(reference.survivalCounts);
  });

  it('redoes a lost page from its last mid-page snapshot, with identical statistics', async () => {
    const oneShot = validateEscapeParameters({ ...base, pageSize: 2500, stepsPerDispatch: 200 });
    const reference = (await runEscapeEnsemble(gpu.device, oneShot)).statistics;
    const victim = await requestNodeDevice();
    const reports: DeviceLossReport[] = [];
    const snapshots: PageSnapshot[] = [];
    let chunks = 0;
    const result = await runEscapeEnsemble(victim.device, oneShot, {
      requestDevice,
      onDeviceLost: (r) => reports.push(r),
      snapshot: { due: () => chunks === 10, take: (s) => void snapshots.push(s) },
      onProgress: () => {
        chunks++;
        if (chunks === 20) victim.device.destroy();
      },
    });
    spares.forEach((g) => g.release());
    spares.length = 0;
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]!.stepReached).toBe(2000);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.resumeStep).toBe(2000);
    expect(result.statistics.escaped).toBe(reference.escaped);
    expect(result.statistics.exposureSteps).toBe(reference.exposureSteps);
    expect(result.statistics.survivalCounts).toEqual(reference.survivalCounts);
  });

  it('treats a validation error scope that fires mid-run as a device failure, and recovers identically', async () => {
    const reference = (await runEscapeEnsemble(gpu.device, config)).statistics;
    const real = await requestNodeDevice();
    // A device that, on its 7th command encoder, also makes an invalid buffer: a validation error
    // inside the engine's error scope, as a driver fault would produce.
    let encoders = 0;
    const faulty = new Proxy(real.device, {
      get(target, key) {
        if (key === 'createCommandEncoder') {
          return (d?: GPUCommandEncoderDescriptor) => {
            if (++encoders === 7) target.createBuffer({ size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.MAP_WRITE });
            return target.createCommandEncoder(d);
          };
        }
        const v = Reflect.get(target, key, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const reports: DeviceLossReport[] = [];
    const result = await runEscapeEnsemble(faulty, config, { requestDevice, onDeviceLost: (r) => reports.push(r) });
    spares.forEach((g) => g.release());
    spares.length = 0;
    real.release();
    expect(reports).toHaveLength(1);
    expect(reports[0]!.cause).toMatch(/^validation error/);
    expect(result.statistics.escaped).toBe(reference.escaped);
    expect(result.statistics.exposureSteps).toBe(reference.exposureSteps);
    expect(result.statistics.survivalCounts).toEqual(reference.survivalCounts);
  });

  it('gives up after the retry bound with a DeviceLostError naming the page', async () => {
    const victim = await requestNodeDevice();
    const reports: DeviceLossReport[] = [];
    const doomed: NodeGpu[] = [];
    // Every replacement dies at once, as a failing GPU would.
    const failingDevice = async () => {
      const g = await requestNodeDevice();
      doomed.push(g);
      g.device.destroy();
      return g.device;
    };
    let first = true;
    const run = runEscapeEnsemble(victim.device, config, {
      requestDevice: failingDevice,
      maxDeviceRetries: 2,
      onDeviceLost: (r) => reports.push(r),
      onProgress: () => {
        if (first) victim.device.destroy();
        first = false;
      },
    });
    await expect(run).rejects.toThrow(DeviceLostError);
    await expect(run).rejects.toThrow(/GPU device failed on trajectories \[0, 512\) after 3 losses in a row/);
    expect(reports.map((r) => [r.attempt, r.retrying])).toEqual([[1, true], [2, true], [3, false]]);
    doomed.forEach((g) => g.release());
  });

  it('without a requestDevice callback a loss ends the run with a clear error', async () => {
    const victim = await requestNodeDevice();
    let first = true;
    const run = runEscapeEnsemble(victim.device, config, {
      onProgress: () => {
        if (first) victim.device.destroy();
        first = false;
      },
    });
    await expect(run).rejects.toThrow(/no replacement device was offered/);
  });
});
