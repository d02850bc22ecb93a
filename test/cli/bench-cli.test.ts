import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

/**
 * `washboard bench` is advisory: nothing here asserts a speed. What is asserted is that the
 * benchmark measures what it says: every tunable integrates exactly the same trajectory-steps
 * (tunables must not change results), and the report is complete and machine-readable.
 */
describe('washboard bench', () => {
  it('times every tunable on identical work and reports JSON', async () => {
    const out: string[] = [];
    const io = { stdout: (s: string) => void out.push(s), stderr: () => {}, stderrStream: { write: () => true } };
    const code = await main(['bench', '--trajectories', '2048', '--steps', '400', '--barrier-kT', '2', '--repeats', '2',
      '--workgroup-sizes', '32,64,256', '--steps-per-dispatch', '400,100', '--json'], io);
    expect(code).toBe(0);
    const r = JSON.parse(out.join(''));
    expect(r.tuning).toHaveLength(6);
    const counted = new Set(r.tuning.map((t: { trajectorySteps: number }) => t.trajectorySteps));
    expect(counted.size).toBe(1); // same work, whatever the workgroup size or chunking
    const t = r.tuning[0];
    // At ΔU/k_BT = 2 some trajectories escape inside 400 steps and stop being integrated.
    expect(t.trajectorySteps).toBeLessThan(t.nominalTrajectorySteps);
    expect(t.trajectorySteps).toBeGreaterThan(0.5 * t.nominalTrajectorySteps);
    expect(t.seconds).toHaveLength(2);
    expect(r.stepsPerSecond).toBeGreaterThan(0);
    expect(['timestamp-query', 'wall-clock']).toContain(r.timer);
    expect(r.cpuReference.stepsPerSecond).toBeGreaterThan(0);
    expect(r.operationsPerStep.sin).toBe(1);
  });

  it('rejects a step count that is not a multiple of 4', async () => {
    const err: string[] = [];
    const io = { stdout: () => {}, stderr: (s: string) => void err.push(s), stderrStream: { write: () => true } };
    expect(await main(['bench', '--steps', '10'], io)).toBe(2);
    expect(err.join('')).toMatch(/steps = 10: allowed a multiple of 4/);
  });
});
