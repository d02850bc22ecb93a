import { describe, expect, it } from 'vitest';
import { validateEscapeParameters, type EscapeParameters } from '../../src/models/rate/config.js';
import { runEscapeEnsemble } from '../../src/models/rate/model.js';
import { runEscapeEnsembleCpu } from '../../src/models/washboard/cpu-reference.js';
import { useGpu } from '../support/gpu.js';

/**
 * A seed fully determines a run: Philox is keyed by (global trajectory index, seed) and counted by
 * step block, so neither the page size nor the steps per dispatch may change any bit of the result.
 */
describe('reproducibility', () => {
  const gpu = useGpu();
  const base: EscapeParameters = { gamma: 0.9, Q0: 3, barrierOverKT: 3, trajectories: 3000, maxTime: 400, seed: 424242, keepEscapeSteps: true };

  const run = async (extra: Partial<EscapeParameters>) => (await runEscapeEnsemble(gpu.device, validateEscapeParameters({ ...base, ...extra }))).statistics;

  it('gives identical statistics however the run is split into pages and dispatches', async () => {
    const reference = await run({ pageSize: 3000, stepsPerDispatch: 8000 });
    expect(reference.escaped).toBeGreaterThan(1000);
    expect(reference.escaped).toBeLessThan(3000); // some are censored, so the horizon matters too
    for (const split of [
      { pageSize: 1000, stepsPerDispatch: 4 * 37 },
      { pageSize: 777, stepsPerDispatch: 1000 },
      { pageSize: 1500, stepsPerDispatch: 4 },
      { pageSize: 64, stepsPerDispatch: 2000 },
      {}, // adaptive dispatch sizes
    ]) {
      const other = await run(split);
      expect(other.escaped).toBe(reference.escaped);
      expect(other.exposureSteps).toBe(reference.exposureSteps);
      expect(other.survivalCounts).toEqual(reference.survivalCounts);
      expect(other.escapeSteps).toEqual(reference.escapeSteps);
    }
  });

  it('does not depend on how the host waits for the GPU (timer before the map, or none)', async () => {
    const config = validateEscapeParameters(base);
    const spinning = (await runEscapeEnsemble(gpu.device, config, { waitBeforeMap: 0 })).statistics;
    const sleeping = (await runEscapeEnsemble(gpu.device, config, { waitBeforeMap: 1 })).statistics;
    expect(sleeping.escapeSteps).toEqual(spinning.escapeSteps);
    expect(sleeping.exposureSteps).toBe(spinning.exposureSteps);
  });

  it('a page larger than 65535 workgroups (a 2-D dispatch grid) gives the same statistics as small pages', async () => {
    // With workgroups of 32 one grid dimension holds 65535·32 = 2 097 120 trajectories.
    const big = { gamma: 0.99, Q0: 3, barrierOverKT: 1, trajectories: 2_200_000, maxTime: 12, dt: 0.05, seed: 5, workgroupSize: 32 };
    const onePage = (await runEscapeEnsemble(gpu.device, validateEscapeParameters({ ...big, pageSize: 2_200_000 }))).statistics;
    const paged = (await runEscapeEnsemble(gpu.device, validateEscapeParameters({ ...big, pageSize: 1 << 20 }))).statistics;
    expect(onePage.escaped).toBeGreaterThan(1000);
    expect(onePage.escaped).toBe(paged.escaped);
    expect(onePage.exposureSteps).toBe(paged.exposureSteps);
    expect(onePage.survivalCounts).toEqual(paged.survivalCounts);
  });

  it('gives different results for a different seed', async () => {
    const a = await run({});
    const b = await run({ seed: 424243 });
    expect(b.escapeSteps).not.toEqual(a.escapeSteps);
  });

  it('the GPU reduction equals the same statistics computed on the host from each escape step', async () => {
    const config = validateEscapeParameters({ ...base, trajectories: 300 });
    const gpuStats = (await runEscapeEnsemble(gpu.device, config)).statistics;
    let exposure = 0n;
    for (const s of gpuStats.escapeSteps!) exposure += BigInt(s === 0xffffffff ? config.maxSteps : s);
    expect(gpuStats.exposureSteps).toBe(exposure);
    // And the CPU backend produces statistics of the same shape for the same configuration.
    const cpuStats = runEscapeEnsembleCpu(config);
    expect(cpuStats.trajectories).toBe(300);
    expect(Math.abs(cpuStats.escaped - gpuStats.escaped)).toBeLessThanOrEqual(3);
  });
});
