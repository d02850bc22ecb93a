/**
 * Shared flags mean the same thing in every verb (issue 19): the temperature as --barrier-kT
 * (ΔU(γ)/k_BT at the bias) in rate, theory and quantum, and the same one-line errors. Checked
 * against physics.md §8: γ = 0.9 and ΔU/k_BT = 10 give θ = 5.99315e-3 and Γ_MM = 4.3352e-6 at Q₀ = 10.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture } from '../support/cli.js';

async function json(argv: string[]) {
  const c = capture();
  const code = await main([...argv, '--json'], c.io);
  expect(code, c.err()).toBe(0);
  return JSON.parse(c.out());
}

async function badInput(argv: string[]) {
  const c = capture();
  expect(await main(argv, c.io)).toBe(2);
  expect(c.out()).toBe('');
  expect(c.err().trim().split('\n')).toHaveLength(1);
  return c.err();
}

describe('--barrier-kT in every verb that takes a temperature', () => {
  it('theory: θ = ΔU(γ)/B (physics.md §8) and the same θ as rate gives', async () => {
    const t = await json(['theory', '--gamma', '0.9', '--Q', '10', '--barrier-kT', '10']);
    expect(t.theta / 5.99315e-3).toBeCloseTo(1, 5);
    expect(t.barrierOverKT).toBeCloseTo(10, 12);
    expect(Math.abs(t.rates.melnikovMeshkov / 4.3352e-6 - 1)).toBeLessThan(1e-4);
    const r = await json(['rate', '--backend', 'cpu', '--gamma', '0.9', '--Q', '10', '--barrier-kT', '10', '--trajectories', '4', '--max-time', '1', '--quiet']);
    expect(t.theta).toBe(r.parameters.theta);
    expect(t.rates.melnikovMeshkov).toBe(r.formulas.melnikovMeshkov);
  });

  it('theory, SI junction: --barrier-kT in place of --T sets T so that ΔU/k_BT = B at the bias', async () => {
    const s = await json(['theory', '--Ic', '10uA', '--C', '5pF', '--R', '100ohm', '--I', '9.5uA', '--barrier-kT', '8']);
    expect(s.dimensionless.barrierOverKT).toBeCloseTo(8, 10);
    // k_BT = ΔU/8 with ΔU = E_J·ΔU/E_J: T = barrierHeight·E_J/(8k_B).
    expect(s.temperature).toBeCloseTo(s.barrierHeight / (8 * 1.380649e-23), 12);
  });

  it('theory --sweep barrier-kT holds the barrier at each point, as sweep rate does', async () => {
    const c = capture();
    expect(await main(['theory', '--gamma', '0.9', '--Q', '10', '--sweep', 'barrier-kT=5:10:2'], c.io)).toBe(0);
    const [header, ...rows] = c.out().trim().split('\n');
    const col = header!.split(',').indexOf('barrier_over_kT');
    expect(rows.map((r) => Number(r.split(',')[col]))).toEqual([5, 10]);
  });

  it('quantum: θ = ΔU(γ)/B', async () => {
    const q = await json(['quantum', '--gamma', '0.9', '--Q', '10', '--hbar', '0.05', '--barrier-kT', '10']);
    expect(q.input.theta / 5.99315e-3).toBeCloseTo(1, 5);
  });

  it('the same one-line errors: both forms, or a non-positive barrier', async () => {
    const both = /barrier-kT = 10: allowed either --theta or --barrier-kT, not both/;
    expect(await badInput(['rate', '--theta', '0.01', '--barrier-kT', '10'])).toMatch(both);
    expect(await badInput(['theory', '--gamma', '0.9', '--Q', '10', '--theta', '0.01', '--barrier-kT', '10'])).toMatch(both);
    expect(await badInput(['quantum', '--gamma', '0.9', '--Q', '10', '--hbar', '0.05', '--theta', '0.01', '--barrier-kT', '10'])).toMatch(both);
    expect(await badInput(['theory', '--Ic', '10uA', '--C', '5pF', '--R', '100ohm', '--I', '9.5uA', '--T', '50mK', '--barrier-kT', '10'])).toMatch(/either --T or --barrier-kT/);
    expect(await badInput(['rate', '--barrier-kT', '0'])).toMatch(/barrier-kT = 0: allowed \(0, ∞\)/);
    expect(await badInput(['theory', '--gamma', '0.9', '--Q', '10', '--barrier-kT', '0'])).toMatch(/--barrier-kT = 0: allowed \(0, ∞\)/);
    expect(await badInput(['theory', '--gamma', '0.9', '--Q', '10', '--barrier-kT', '-2'])).toMatch(/--barrier-kT = -2: allowed \(0, ∞\)/);
  });
});
