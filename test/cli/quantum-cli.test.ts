/**
 * `washboard quantum` (src/cli/quantum.ts): output shapes, SI input, the sweep, and one-line errors.
 * The physics behind the numbers is tested in test/physics/quantum-escape/; here the checks are
 * that the CLI passes the right parameters through (against independent closed forms where it can).
 */
import { describe, expect, it } from 'vitest';
import { quantumCommand } from '../../src/cli/quantum.js';
import { main } from '../../src/cli/main.js';
import { barrierHeight, plasmaFrequency } from '../../src/physics/potential.js';
import { capture, node } from '../support/cli.js';

describe('washboard quantum', () => {
  it('--json starts with format and version, and reports levels, B and T₀', async () => {
    const c = capture();
    expect(await quantumCommand(['--gamma', '0.95', '--Q', '10', '--hbar', '0.0075', '--json'], c.io)).toBe(0);
    const j = JSON.parse(c.out());
    expect(Object.keys(j).slice(0, 2)).toEqual(['format', 'version']);
    expect(j.format).toBe('washboard.quantum');
    expect(j.version).toBe(1);
    const x = barrierHeight(0.95) / (0.0075 * plasmaFrequency(0.95));
    expect(j.barrierOverQuantum).toBeCloseTo(x, 10);
    // Bohr–Sommerfeld count ≈ x levels below the top (6 for x ≈ 5.04)
    expect(j.levels.length).toBe(6);
    // B within a few % of the Caldeira–Leggett cubic formula at γ = 0.95, Q = 5.6
    expect(Math.abs(j.zeroTemperature.exponent / j.zeroTemperature.formulaExponent - 1)).toBeLessThan(0.03);
    // θ₀ = ħ̃λ/2π, λ = √(ω² + 1/4Q₀²) − 1/2Q₀ (physics.md §10)
    const w = plasmaFrequency(0.95);
    expect(j.crossoverTheta).toBeCloseTo((0.0075 * (Math.sqrt(w * w + 0.0025) - 0.05)) / (2 * Math.PI), 12);
  });

  it('--ramp-rate in SI: the switching mean and width in amperes, σ over a T sweep in the CSV', async () => {
    const c = capture();
    const args = ['--Ic', '1uA', '--C', '1pF', '--R', '500ohm', '--I', '0.95uA', '--T', '20mK', '--ramp-rate', '1mA/s'];
    expect(await quantumCommand([...args, '--json'], c.io)).toBe(0);
    const j = JSON.parse(c.out());
    // dγ/dτ = (İ/I_c)/ω_p0, ω_p0 = (2eI_c/ħC)^{1/2}
    const omega = Math.sqrt((2 * 1.602176634e-19 * 1e-6) / (1.054571817e-34 * 1e-12));
    expect(Math.abs(j.rampRate / (1e3 / omega) - 1)).toBeLessThan(1e-8);
    expect(j.switching.meanCurrent).toBeCloseTo(j.switching.meanGamma * 1e-6, 15);
    expect(j.switching.widthCurrent).toBeGreaterThan(0);
    expect(j.switching.interpolationChange.width).toBeLessThan(1e-2);
    const csv = capture();
    expect(await quantumCommand([...args, '--sweep', 'T=10mK:60mK:2', '--csv'], csv.io)).toBe(0);
    const lines = csv.out().trim().split('\n');
    expect(lines[0]).toContain('switching_width_A');
    expect(lines.length).toBe(3);
  });

  it('SI input with a temperature sweep as CSV', async () => {
    const c = capture();
    const code = await quantumCommand(['--Ic', '1uA', '--C', '1pF', '--R', '500ohm', '--I', '0.97uA', '--sweep', 'T=10mK:60mK:3', '--csv'], c.io);
    expect(code).toBe(0);
    const lines = c.out().trim().split('\n');
    expect(lines[0]).toContain('rate_per_s');
    expect(lines.length).toBe(4);
    expect(c.err()).toContain('quantum:');
  });

  it('ħ̃ so large that the barrier holds no level: one-line error, exit 2', async () => {
    const c = capture();
    const code = await main(['quantum', '--gamma', '0.99', '--Q', '10', '--hbar', '0.5'], c.io as never);
    expect(code).toBe(2);
    expect(c.err()).toMatch(/no quasi-bound level/);
    expect(c.err().trim().split('\n').length).toBe(1);
  });

  it('--help from the compiled CLI', async () => {
    const { stdout } = await node(['quantum', '--help']);
    expect(stdout).toContain('usage: washboard quantum');
  });
});
