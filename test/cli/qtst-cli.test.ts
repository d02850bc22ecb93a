/**
 * `washboard qtst` (src/cli/qtst.ts): the JSON shape, that the parameters reach the simulation, and
 * one-line errors before any device is opened. The physics is tested in test/models/ring-polymer.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { qtstCommand } from '../../src/cli/qtst.js';
import { main } from '../../src/cli/main.js';
import { barrierHeight, kramersFactor, qualityFactor } from '../../src/physics/potential.js';
import { crossoverTheta } from '../../src/physics/quantum.js';
import { kramersRate } from '../../src/physics/rates.js';
import { switchingDistribution } from '../../src/physics/switching.js';
import { capture } from '../support/cli.js';

describe('washboard qtst', () => {
  it('--json: one bead is the classical particle, so Γ_q/Γ_cl = 1 (f32 mean force) and the barrier is ΔU', async () => {
    const c = capture();
    const theta = barrierHeight(0.9) / 8;
    const args = ['--gamma', '0.9', '--Q', '10', '--hbar', '0.03', '--theta', String(theta), '--beads', '1', '--trajectories', '32', '--points', '60', '--time', '1', '--json'];
    expect(await qtstCommand(args, c.io)).toBe(0);
    const j = JSON.parse(c.out());
    expect(Object.keys(j).slice(0, 2)).toEqual(['format', 'version']);
    expect(j.format).toBe('washboard.qtst');
    expect(j.input.beads).toBe(1);
    expect(j.reducedTemperature).toBeCloseTo(theta / crossoverTheta({ gamma: 0.9, Q0: 10, hbar: 0.03 }), 12);
    expect(j.kramersFactor).toBeCloseTo(kramersFactor(qualityFactor(10, 0.9)), 14);
    // P = 1: the mean bead force is f(φ̄) in f32, so the ratio is 1 to f32 rounding (measured 1 − 6e-6).
    expect(Math.abs(j.ratioToClassical - 1)).toBeLessThan(1e-4);
    expect(Math.abs(j.centroidBarrier / j.classicalBarrierQuadrature - 1)).toBeLessThan(1e-5);
    expect(j.grid.phi.length).toBe(60);
  });

  it('--help prints the usage', async () => {
    const c = capture();
    expect(await main(['qtst', '--help'], c.io)).toBe(0);
    expect(c.out()).toMatch(/usage: washboard qtst/);
  });

  it('bad input: one line naming the parameter, exit 2, before a device is opened', async () => {
    const cases: [string[], RegExp][] = [
      [['--gamma', '0.9', '--Q', '10', '--hbar', '0.03', '--theta', '0.006', '--beads', '40'], /invalid beads = 40: allowed \[1, 32\]/],
      [['--gamma', '0.9', '--Q', '10', '--hbar', '0.03'], /--theta/],
      [['--gamma', '1.2', '--Q', '10', '--hbar', '0.03', '--theta', '0.006'], /gamma/],
      [['--gamma', '0.9', '--Q', '10', '--hbar', '0.03', '--theta', '0.006', '--points', '3'], /--points = 3/],
      [['--gamma', '0.9', '--Q', '10', '--hbar', '0.03', '--theta', '0.006', '--dt', '5'], /dt = 5/],
    ];
    for (const [args, message] of cases) {
      const c = capture();
      expect(await main(['qtst', ...args], c.io)).toBe(2);
      expect(c.err()).toMatch(message);
      expect(c.err().trim().split('\n')).toHaveLength(1);
    }
  });

  it('--ramp-rate --beads 1 (classical polymers): σ and mean equal Fulton–Dunkleberger from Kramers\' formula over the same window', async () => {
    // One bead: Γ = anharmonic TST × κ at each bias (the centroid force is the classical one, in f32),
    // against Kramers' harmonic formula: they differ by the well's anharmonicity, which varies slowly
    // with the bias (measured: σ ratio 1.0026, mean shift 0.015σ; the f32 noise of the force gives
    // σ an error of 5e-4).
    const c = capture();
    const args = ['--ramp-rate', '1e-6', '--Q', '10', '--hbar', '0.03', '--theta', '0.006', '--beads', '1', '--trajectories', '32', '--points', '40', '--time', '1', '--nodes', '5', '--json'];
    expect(await main(['qtst', ...args], c.io)).toBe(0);
    const j = JSON.parse(c.out());
    expect(j.format).toBe('washboard.qtst-switching');
    expect(j.rows).toHaveLength(1);
    const row = j.rows[0];
    expect(row.nodes).toHaveLength(5);
    const [from, to] = row.window;
    const kramers = switchingDistribution({ rate: (gamma) => kramersRate({ gamma, Q0: 10, theta: 0.006 }), rampRate: 1e-6, from, to });
    expect(Math.abs(row.simulated.width / kramers.width - 1)).toBeLessThan(0.01);
    expect(Math.abs(row.simulated.mean - kramers.mean)).toBeLessThan(0.1 * kramers.width);
    expect(c.err()).toMatch(/bias 5\/5/);
  });

  it('--ramp-rate --sweep --csv: one row per temperature, and the classical σ grows with θ (one bead)', async () => {
    const c = capture();
    const args = ['--ramp-rate', '1e-6', '--Q', '10', '--hbar', '0.03', '--sweep', 'theta=0.004:0.008:2', '--beads', '1', '--trajectories', '32', '--points', '30', '--time', '1', '--nodes', '4', '--csv'];
    expect(await main(['qtst', ...args], c.io)).toBe(0);
    const [head, ...rows] = c.out().trim().split('\n');
    const h = head!.split(',');
    expect(h.slice(0, 2)).toEqual(['theta', 'T_over_T0_at_mean']);
    expect(rows).toHaveLength(2);
    const sigma = rows.map((r) => Number(r.split(',')[h.indexOf('sigma_gamma')]));
    // Classical: σ ∝ θ^{2/3} roughly (physics.md §7), so doubling θ widens it by ~1.5.
    expect(sigma[1]! / sigma[0]!).toBeGreaterThan(1.3);
    expect(c.err()).toMatch(/theta 2\/2: bias 4\/4/);
  });

  it('--ramp-rate bad input: one line naming the parameter, exit 2, before a device is opened', async () => {
    const base = ['--ramp-rate', '1e-6', '--Q', '10', '--hbar', '0.03'];
    const cases: [string[], RegExp][] = [
      [[...base, '--theta', '0.006', '--gamma', '0.9'], /--gamma/],
      [[...base], /--theta/],
      [[...base, '--theta', '0.006', '--sweep', 'theta=0.004:0.008:3'], /--sweep/],
      [[...base, '--sweep', 'T=0.1:0.2:3'], /--sweep/],
      [[...base, '--theta', '0.006', '--nodes', '3'], /--nodes = 3/],
      [['--ramp-rate', '-1', '--Q', '10', '--hbar', '0.03', '--theta', '0.006'], /ramp-rate/],
      [[...base, '--theta', '0.006', '--json', '--csv'], /--csv/],
      [['--gamma', '0.9', '--Q', '10', '--hbar', '0.03', '--theta', '0.006', '--csv'], /--csv/],
    ];
    for (const [args, message] of cases) {
      const c = capture();
      expect(await main(['qtst', ...args], c.io)).toBe(2);
      expect(c.err()).toMatch(message);
      expect(c.err().trim().split('\n')).toHaveLength(1);
    }
  });
});
