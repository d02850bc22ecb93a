/**
 * `washboard barrier` end to end (compiled CLI; run `npm run build` first): the closed-form cases
 * reproduced through the command line, the output formats, and one-line errors that name the
 * layer and field.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { barrierCommand } from '../../src/cli/barrier.js';
import { main } from '../../src/cli/main.js';
import { capture, node, tmp } from '../support/cli.js';

const C = 0.0380998;

async function json(args: string[]) {
  const c = capture();
  expect(await barrierCommand([...args, '--json'], c.io)).toBe(0);
  return JSON.parse(c.out());
}

describe('washboard barrier', () => {
  it('reproduces the closed-form rectangular barrier with a mass jump, down to T ≈ 1e-45 (1e-12)', async () => {
    const r = await json(['--profile', 'rect', '--height', '1', '--width', '45', '--barrier-mass', '0.092', '--mass', '0.067', '--energies', '0.1']);
    expect(r.format).toBe('washboard.barrier');
    expect(r.version).toBe(1);
    expect(r.units.energy).toBe('eV');
    const k = Math.sqrt((0.067 * 0.1) / C);
    const kap = Math.sqrt((0.092 * 0.9) / C);
    const xi = (kap * 0.067) / (k * 0.092);
    const ref = 1 / (Math.cosh(kap * 45) ** 2 + ((xi - 1 / xi) / 2) ** 2 * Math.sinh(kap * 45) ** 2);
    expect(ref).toBeLessThan(1e-40);
    expect(Math.abs(r.rows[0].T / ref - 1)).toBeLessThan(1e-12);
    expect(Math.abs(r.rows[0]['R+T-1'])).toBeLessThan(1e-14);
  });

  it('reproduces Kemble’s exact parabolic T and reports the slicing convergence', async () => {
    const r = await json(['--profile', 'parabolic', '--height', '0.3', '--hbar-omega', '0.03', '--mass', '0.067', '--depth', '16', '--energies', '0.26', '--max-slice', '0.02']);
    const exact = 1 / (1 + Math.exp((2 * Math.PI * 0.04) / 0.03));
    expect(Math.abs(r.rows[0].T / exact - 1)).toBeLessThan(2e-3);
    expect(r.convergence.sliceHalvingChange).toBeLessThan(1e-3);
    expect(r.convergence.order).toBeGreaterThan(1.8);
  });

  it('finds the GaAs/Al0.3Ga0.7As resonance and sweeps J(V) with a peak and NDR', async () => {
    const res = await json(['--profile', 'double', '--barrier', 'Al0.3Ga0.7As', '--width', '5', '--well', '5', '--energy', '0.01:0.2:20', '--resonances']);
    expect(res.resonances.length).toBe(1);
    expect(res.resonances[0].peakTransmission).toBeGreaterThan(0.999);
    const jv = await json(['--profile', 'double', '--barrier', 'Al0.3Ga0.7As', '--width', '5', '--well', '5', '--bias-sweep', '0:0.3:31']);
    const J = jv.points.map((p: { current: number }) => p.current);
    const peak = J.indexOf(Math.max(...J.slice(0, 20)));
    expect(J[peak + 2]).toBeLessThan(J[peak] / 5);
  });

  it('reads a JSON structure file and prints table and CSV', async () => {
    const dir = tmp();
    const file = join(dir, 's.json');
    writeFileSync(file, JSON.stringify({ left: { material: 'GaAs' }, right: { material: 'GaAs' }, layers: [{ thickness: 3, material: 'Al0.3Ga0.7As' }, { thickness: 4, V0: 0, V1: 0.1, mass: 0.067 }] }));
    const table = await node(['barrier', '--file', file, '--energies', '0.05,0.15']);
    expect(table.stdout).toMatch(/units: E in eV/);
    expect(table.stdout).toMatch(/T_RL\/T_LR-1/);
    expect(table.stdout).toMatch(/halving changes T/);
    const csv = await node(['barrier', '--file', file, '--energies', '0.05,0.15', '--csv']);
    expect(csv.stdout.split('\n')[0]).toBe('E,T,R,R+T-1,T_RL/T_LR-1');
  });

  it('bad input: one line naming the layer and field, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--layers', '5:0.3:0.067,-2:0.1:0.067'], /layer 2 thickness = -2/],
      [['--layers', '5:0.3:0.067,2:0.1:0'], /layer 2 mass = 0/],
      [['--layers', '5:0.3:0.067', '--energies', '-0.1'], /energy = -0.1: below both leads/],
      [['--profile', 'rect', '--height', '0.3'], /--width/],
      [['--layers', '5:GaAs,3:In0.52Al0.48As'], /materials = "GaAs \+ InP"/],
      [['--layers', '5:Al0.6Ga0.4As'], /Al fraction x = 0.6/],
    ];
    for (const [args, re] of cases) {
      const c = capture();
      expect(await main(['barrier', ...args], c.io)).toBe(2);
      expect(c.err()).toMatch(re);
      expect(c.err().trim().split('\n').length).toBe(1);
    }
    const dir = tmp();
    const file = join(dir, 'empty.json');
    writeFileSync(file, '{"layers": []}');
    const c = capture();
    expect(await main(['barrier', '--file', file], c.io)).toBe(2);
    expect(c.err()).toMatch(/empty structure/);
  });
});
