import { describe, expect, it } from 'vitest';
import { parseRunState, recordPage, remainingRanges, serializeRunState, isComplete } from '../../src/engine/checkpoint.js';
import { newSwitchingRunState, switchingConfigFromRunState, type SwitchingRunState } from '../../src/models/switching/run-file.js';
import { type DeviceLossReport, type PageSnapshot } from '../../src/engine/ensemble.js';
import { requestNodeDevice, type NodeGpu } from '../../src/engine/node-device.js';
import { runSwitchingEnsemble } from '../../src/models/switching/model.js';
import { validateSwitchingParameters } from '../../src/models/switching/config.js';
import type { SwitchingStatistics } from '../../src/models/switching/statistics.js';
import { useGpu } from '../support/gpu.js';

/**
 * The switching engine's long-run paths: a lost device replaced mid-run, and a run stopped at a
 * chunk boundary, saved to a run file (mid-page snapshot) and continued, all give statistics
 * identical to one uninterrupted run.
 */
describe('switching: device loss and mid-page checkpoints', () => {
  const gpu = useGpu();
  const config = validateSwitchingParameters({ Q0: 3, theta: 0.05, rampRate: 1e-4, trajectories: 2500, seed: 23, pageSize: 512, stepsPerDispatch: 2000 });
  const extras = { hbar: 0, junction: null, temperature: null };
  const same = (a: SwitchingStatistics, b: SwitchingStatistics) => {
    expect(a.trajectories).toBe(b.trajectories);
    expect(a.switched).toBe(b.switched);
    expect(a.switchedWhileHeld).toBe(b.switchedWhileHeld);
    expect(a.powerSums).toEqual(b.powerSums);
    expect(a.counts).toEqual(b.counts);
  };

  it('replaces a device destroyed during page 2, redoing only that page, with identical statistics', async () => {
    const reference = (await runSwitchingEnsemble(gpu.device, config)).statistics;
    const victim = await requestNodeDevice();
    const spares: NodeGpu[] = [];
    const reports: DeviceLossReport[] = [];
    const finished: number[] = [];
    let destroyed = false;
    const result = await runSwitchingEnsemble(victim.device, config, {
      requestDevice: async () => {
        const g = await requestNodeDevice();
        spares.push(g);
        return g.device;
      },
      onDeviceLost: (r) => reports.push(r),
      onPage: (p) => finished.push(p.firstTrajectory),
      onProgress: (p) => {
        if (p.page === 2 && !destroyed) {
          destroyed = true;
          victim.device.destroy();
        }
      },
    });
    spares.forEach((g) => g.release());
    expect(reports).toHaveLength(1);
    expect(reports[0]!).toMatchObject({ attempt: 1, retrying: true, page: { first: 512, count: 512 }, resumeStep: 0 });
    expect(result.deviceLosses).toBe(1);
    expect(finished).toEqual([0, 512, 1024, 1536, 2048]);
    same(result.statistics, reference);
  });

  it('stops at a chunk boundary, round-trips through the run file with the page part-way, and continues bit-identically', async () => {
    const reference = (await runSwitchingEnsemble(gpu.device, config)).statistics;
    let state: SwitchingRunState = newSwitchingRunState(config, extras);
    let sessions = 0;
    let sawPage = false;
    while (!isComplete(state)) {
      const s = state;
      const controller = new AbortController();
      let chunks = 0;
      try {
        await runSwitchingEnsemble(gpu.device, switchingConfigFromRunState(s), {
          ranges: remainingRanges(s),
          resumePage: s.page ?? undefined,
          signal: controller.signal,
          onPage: (p) => recordPage(s, { first: p.firstTrajectory, count: p.count }, p.statistics),
          snapshot: { due: () => ++chunks % 3 === 0, take: (snap: PageSnapshot) => void (s.page = snap) },
          onProgress: () => {
            if (sessions < 3 && chunks >= 7) controller.abort(new Error('stop'));
          },
        });
      } catch (err) {
        expect((err as Error).message).toBe('stop');
      }
      sawPage ||= s.page !== null;
      state = parseRunState(serializeRunState(s), 'switching.json') as SwitchingRunState;
      expect(state.kind).toBe('switching');
      sessions++;
    }
    expect(sessions).toBe(4);
    expect(sawPage).toBe(true);
    same(state.statistics, reference);
  });
});
