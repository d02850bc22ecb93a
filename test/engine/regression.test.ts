import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateEscapeParameters, type EscapeParameters } from '../../src/models/rate/config.js';
import { type TrajectoryRange } from '../../src/engine/ensemble.js';
import { runEscapeEnsemble } from '../../src/models/rate/model.js';
import { runSwitchingEnsemble } from '../../src/models/switching/model.js';
import { validateSwitchingParameters, type SwitchingParameters } from '../../src/models/switching/config.js';
import type { EscapeStatistics } from '../../src/models/rate/statistics.js';
import type { SwitchingStatistics } from '../../src/models/switching/statistics.js';
import { useGpu } from '../support/gpu.js';

/**
 * A regression test, not a correctness test: the engine's outputs for fixed seeds, recorded before
 * the engine was made generic over models (issue 10), must stay identical bit for bit — counts,
 * exposure and power sums (exact integers), histograms, every trajectory's escape or switching step,
 * and its final state (f32 values, exact in JSON). Correctness is argued elsewhere (rates.test.ts,
 * switching.test.ts, cpu-reference.test.ts); this only says that a refactor changed nothing.
 *
 * Record afresh (only when a kernel is meant to change): RECORD_REGRESSION=1 npx vitest run test/engine/regression.test.ts
 */
const FIXTURE = new URL('../fixtures/engine-regression.json', import.meta.url);
const RECORD = process.env.RECORD_REGRESSION === '1';

type Split = Pick<EscapeParameters, 'pageSize' | 'stepsPerDispatch' | 'workgroupSize'>;
interface RateCase { name: string; parameters: EscapeParameters; ranges?: TrajectoryRange[]; splits: Split[] }
interface SwitchingCase { name: string; parameters: SwitchingParameters; ranges?: TrajectoryRange[]; splits: Split[] }

const rateCases: RateCase[] = [
  {
    name: 'rate: thermal start, ΔU/kT = 3, Q0 = 3, some censored',
    parameters: { gamma: 0.9, Q0: 3, barrierOverKT: 3, trajectories: 300, maxTime: 150, seed: 424242, survivalBins: 40 },
    splits: [{ pageSize: 300, stepsPerDispatch: 1000 }, { pageSize: 128, stepsPerDispatch: 4 * 37, workgroupSize: 32 }, {}],
  },
  {
    name: 'rate: at rest, strong damping, a range of the index space',
    parameters: { gamma: 0.8, Q0: 0.7, theta: 0.06, trajectories: 500, maxTime: 120, seed: 7, init: 'rest', survivalBins: 16 },
    ranges: [{ first: 37, count: 150 }, { first: 300, count: 90 }],
    splits: [{ pageSize: 500, stepsPerDispatch: 400 }, { pageSize: 64, stepsPerDispatch: 96 }],
  },
];

const switchingCases: SwitchingCase[] = [
  {
    name: 'switching: weak damping, next-well criterion, hold then ramp',
    parameters: { Q0: 10, theta: 0.03, rampRate: 2e-4, dt: 0.05, gammaStart: 0.85, gammaEnd: 0.875, holdTime: 5, trajectories: 256, seed: 20261122 },
    splits: [{ pageSize: 256, stepsPerDispatch: 1000 }, { pageSize: 100, stepsPerDispatch: 4 * 29, workgroupSize: 128 }, {}],
  },
  {
    name: 'switching: strong damping, running-state criterion (10 wells), at rest',
    parameters: { Q0: 0.5, theta: 0.05, rampRate: 3e-3, gammaStart: 0.6, gammaEnd: 1.8, holdTime: 2, trajectories: 200, seed: 5, init: 'rest' },
    ranges: [{ first: 20, count: 120 }],
    splits: [{ pageSize: 200, stepsPerDispatch: 2000 }, { pageSize: 50, stepsPerDispatch: 300 }],
  },
];

function rateRecord(s: EscapeStatistics) {
  return {
    trajectories: s.trajectories, escaped: s.escaped, exposureSteps: s.exposureSteps.toString(), stepsPerBin: s.stepsPerBin,
    survivalCounts: s.survivalCounts, escapeSteps: Array.from(s.escapeSteps!),
    phase: Array.from(s.finalStates!.phase), velocity: Array.from(s.finalStates!.velocity), winding: Array.from(s.finalStates!.winding),
  };
}

function switchingRecord(s: SwitchingStatistics) {
  return {
    trajectories: s.trajectories, switched: s.switched, switchedWhileHeld: s.switchedWhileHeld, stepsPerBin: s.stepsPerBin,
    powerSums: s.powerSums.map(String), counts: s.counts, switchSteps: Array.from(s.switchSteps!),
    phase: Array.from(s.finalStates!.phase), velocity: Array.from(s.finalStates!.velocity), winding: Array.from(s.finalStates!.winding),
  };
}

describe('engine regression fixture (bit-identical outputs for fixed seeds)', () => {
  const gpu = useGpu();
  const fixture: Record<string, unknown> = RECORD ? {} : JSON.parse(readFileSync(FIXTURE, 'utf8'));

  for (const c of rateCases) {
    it(c.name, async () => {
      const records = [];
      for (const split of c.splits) {
        const config = validateEscapeParameters({ ...c.parameters, ...split, keepEscapeSteps: true, keepFinalStates: true });
        records.push(rateRecord((await runEscapeEnsemble(gpu.device, config, { ranges: c.ranges })).statistics));
      }
      if (RECORD) fixture[c.name] = records[0];
      for (const r of records) expect(r).toEqual(fixture[c.name]);
    });
  }

  for (const c of switchingCases) {
    it(c.name, async () => {
      const records = [];
      for (const split of c.splits) {
        const config = validateSwitchingParameters({ ...c.parameters, ...split, keepSwitchSteps: true, keepFinalStates: true });
        records.push(switchingRecord((await runSwitchingEnsemble(gpu.device, config, { ranges: c.ranges })).statistics));
      }
      if (RECORD) fixture[c.name] = records[0];
      for (const r of records) expect(r).toEqual(fixture[c.name]);
    });
  }

  if (RECORD) {
    it('writes the fixture', () => {
      writeFileSync(FIXTURE, `${JSON.stringify(fixture)}\n`);
    });
  }
});
