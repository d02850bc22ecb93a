import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { makeJunction, rampRateToDimensionless, thetaFromTemperature } from '../../src/physics/junction.js';

/**
 * `washboard switching --method splitting` (docs/rare-events.md): bad input, the report's shape and
 * units. The physics (agreement with direct switching) is in test/models/ffs-switching.test.ts.
 */
function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s), stderrStream: { write: (s: string) => err.push(s) } }, out, err };
}

async function expectBadInput(argv: string[], message: RegExp) {
  const { io, out, err } = capture();
  expect(await main(argv, io)).toBe(2);
  expect(out.join('')).toBe('');
  const text = err.join('');
  expect(text).toMatch(message);
  expect(text.trim().split('\n')).toHaveLength(1);
  expect(text).not.toMatch(/NaN/);
}

describe('washboard switching --method splitting', () => {
  it('bad input exits 2 with one line naming it', async () => {
    await expectBadInput(['switching', '--method', 'fast'], /method = "fast": allowed direct or splitting/);
    await expectBadInput(['switching', '--method', 'splitting', '--nodes', '3'], /nodes = 3/);
    await expectBadInput(['switching', '--method', 'splitting', '--trajectories', '100'], /trajectories = "?100"?: allowed --method direct only/);
    await expectBadInput(['switching', '--nodes', '6'], /nodes = "?6"?: allowed --method splitting only/);
    await expectBadInput(['switching', '--method', 'splitting', '--ramp-rate', '0'], /ramp-rate = 0/);
    // So fast that switching happens with ΔU below 2 k_BT: no escape rate to measure.
    await expectBadInput(['switching', '--method', 'splitting', '--theta', '0.05', '--Q', '10', '--ramp-rate', '0.01'], /ramp-rate = 0\.01: .*--method direct/);
    await expectBadInput(['switching', '--method', 'splitting', '--Ic', '10uA', '--C', '5pF', '--R', '100ohm', '--T', '50mK'], /ramp-rate = "missing"/);
  });

  it('SI junction: JSON with format and version, currents in amperes, CSV with the error band, progress on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-ffs-sw-'));
    const csv = join(dir, 'd.csv');
    // θ ≈ 0.05, dγ/dτ ≈ 10⁻⁵ (ffs-switching.test.ts's case): a few seconds with few trials.
    const argv = ['switching', '--method', 'splitting', '--Ic', '10uA', '--C', '5pF', '--R', '100ohm', '--T', '12K', '--ramp-rate', '8A/s',
      '--nodes', '4', '--trials', '256', '--replicas', '4', '--walkers', '64', '--seed', '2', '--json', '--csv', csv];
    const { io, out, err } = capture();
    const code = await main(argv, io);
    expect(code, err.join('')).toBe(0);
    const r = JSON.parse(out.join(''));
    expect(r.format).toBe('washboard.switching-splitting');
    expect(r.version).toBe(1);
    const j = makeJunction({ criticalCurrent: 10e-6, capacitance: 5e-12, resistance: 100 });
    expect(r.parameters.theta).toBeCloseTo(thetaFromTemperature(j, 12), 12);
    expect(r.parameters.rampRate).toBeCloseTo(rampRateToDimensionless(j, 8), 15);
    expect(r.junction.rampRateAmpsPerSecond).toBeCloseTo(8, 10);
    expect(r.nodes).toHaveLength(4);
    expect(r.simulated.meanAmps).toBeCloseTo(r.simulated.mean * 10e-6, 15);
    expect(r.simulated.mean).toBeGreaterThan(r.parameters.window[0]);
    expect(r.simulated.mean).toBeLessThan(r.parameters.window[1]);
    expect(r.simulated.meanError).toBeGreaterThan(0);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('# washboard.switching-splitting version 1');
    expect(lines[1]).toBe('gamma,density,density_error,survival,I_A,density_per_A,density_error_per_A');
    expect(lines).toHaveLength(2 + r.distribution.gamma.length);
    expect(err.join('')).toMatch(/switching: node 4 of 4/);
  }, 120_000);
});
