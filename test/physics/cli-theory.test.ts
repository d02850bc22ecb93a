import { describe, expect, it } from 'vitest';
import { theoryCommand } from '../../src/cli/theory.js';
import { ParameterError } from '../../src/physics/parameters.js';
import { parseQuantity } from '../../src/io/units.js';

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await theoryCommand(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

describe('unit parsing', () => {
  it('reads SI prefixes and unit spellings', () => {
    expect(parseQuantity('--Ic', '10uA', 'current')).toBeCloseTo(10e-6, 20);
    expect(parseQuantity('--Ic', '9.5 µA', 'current')).toBeCloseTo(9.5e-6, 20);
    expect(parseQuantity('--Ic', '9.5μA', 'current')).toBeCloseTo(9.5e-6, 20);
    expect(parseQuantity('--Ic', '250nA', 'current') / 250e-9).toBeCloseTo(1, 14);
    expect(parseQuantity('--C', '5pF', 'capacitance') / 5e-12).toBeCloseTo(1, 14);
    expect(parseQuantity('--C', '800fF', 'capacitance') / 800e-15).toBeCloseTo(1, 14);
    expect(parseQuantity('--R', '100ohm', 'resistance')).toBe(100);
    expect(parseQuantity('--R', '1.5kΩ', 'resistance')).toBe(1500);
    expect(parseQuantity('--R', '2kohm', 'resistance')).toBe(2000);
    expect(parseQuantity('--T', '50mK', 'temperature')).toBeCloseTo(0.05, 15);
    expect(parseQuantity('--T', '1.2K', 'temperature')).toBe(1.2);
    expect(parseQuantity('--ramp', '3mA/s', 'rampRate')).toBeCloseTo(3e-3, 15);
    expect(parseQuantity('--T', '0.3', 'temperature')).toBe(0.3);
  });

  it('rejects an unknown suffix or a unit of the wrong kind, naming the flag', () => {
    expect(() => parseQuantity('--C', '5pH', 'capacitance')).toThrow(/--C.*unknown unit suffix "pH"/);
    expect(() => parseQuantity('--T', '50mA', 'temperature')).toThrow(ParameterError);
    expect(() => parseQuantity('--Ic', 'ten uA', 'current')).toThrow(/not a number/);
  });
});

describe('washboard theory', () => {
  it('dimensionless table at the physics.md §8 point shows every rate and the regime', async () => {
    const { code, out } = await run(['--gamma', '0.9', '--Q', '10', '--theta', '5.99315e-3']);
    expect(code).toBe(0);
    for (const label of ['TST', 'Kramers', 'energy diffusion', 'Büttiker', "Mel'nikov", 'escape rate', 'regime', 'θ₀']) {
      expect(out).toContain(label);
    }
    // Mel'nikov–Meshkov 4.3352e-6 from the §8 table (θ given to 6 digits, so 1e-4 relative).
    const mm = Number(/Mel'nikov–Meshkov\s+(\S+)/.exec(out)?.[1]);
    expect(Math.abs(mm / 4.3352e-6 - 1)).toBeLessThan(1e-4);
  });

  it('--json gives parseable JSON with the same numbers', async () => {
    const { out } = await run(['--gamma', '0.9', '--Q', '100', '--theta', '5.99315e-3', '--json']);
    const s = JSON.parse(out) as { rates: { kramers: number; melnikovMeshkov: number }; regime: string };
    expect(Math.abs(s.rates.kramers / 4.7345e-6 - 1)).toBeLessThan(1e-4);
    expect(Math.abs(s.rates.melnikovMeshkov / 2.2084e-6 - 1)).toBeLessThan(1e-4);
    expect(s.regime).toBe('thermal');
  });

  it('SI junction: rates in s⁻¹, currents in µA, T₀, T_esc and regime', async () => {
    const { code, out } = await run(['--Ic', '10uA', '--C', '5pF', '--R', '100ohm', '--T', '50mK', '--I', '9.5uA']);
    expect(code).toBe(0);
    expect(out).toMatch(/I \(bias\)\s+9\.5 µA\s+\(γ = 0\.95\)/);
    expect(out).toMatch(/T₀ \(crossover\)\s+\d+(\.\d+)? mK/);
    expect(out).toMatch(/escape rate\s+[\d.e+-]+ s⁻¹/);
    expect(out).toMatch(/regime\s+(thermal|crossover|quantum): /);
    expect(out).toContain('T_esc defined by Γ = (ω_p/2π)·exp(−ΔU/k_BT_esc)');
  });

  it('SI --json round-trips the junction parameters', async () => {
    const { out } = await run(['--Ic', '10uA', '--C', '5pF', '--R', '100ohm', '--T', '50mK', '--gamma', '0.95', '--json']);
    const s = JSON.parse(out) as { junction: { criticalCurrent: number; capacitance: number }; current: number };
    expect(s.junction.criticalCurrent).toBeCloseTo(1e-5, 18);
    expect(s.current).toBeCloseTo(9.5e-6, 18);
  });

  it('--sweep T=10mK:500mK:50 prints a 50-row CSV of everything against T', async () => {
    const { out } = await run(['--Ic', '10uA', '--C', '5pF', '--R', '100ohm', '--I', '9.5uA', '--sweep', 'T=10mK:500mK:50']);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(51);
    const header = lines[0]!.split(',');
    expect(header).toContain('T_K');
    expect(header).toContain('escape_per_s');
    expect(header).toContain('Tesc_K');
    const tCol = header.indexOf('T_K');
    const rateCol = header.indexOf('escape_per_s');
    const first = lines[1]!.split(',');
    const last = lines[50]!.split(',');
    expect(Number(first[tCol])).toBeCloseTo(0.01, 12);
    expect(Number(last[tCol])).toBeCloseTo(0.5, 12);
    expect(Number(last[rateCol])).toBeGreaterThan(Number(first[rateCol]));
    expect(out).not.toMatch(/NaN/);
    expect(lines[1]!.startsWith('0.00001,5e-12,100,0.0000095,0.95,0.01,')).toBe(true);
  });

  it('dimensionless sweep over θ, log-spaced', async () => {
    const { out } = await run(['--gamma', '0.9', '--Q', '10', '--sweep', 'theta=1e-3:1e-2:5:log']);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(Number(lines[3]!.split(',')[2])).toBeCloseTo(Math.sqrt(1e-5), 12);
  });

  it('bad input raises a one-line ParameterError (the dispatcher prints it and exits 2)', async () => {
    const bad: [string[], RegExp][] = [
      [['--Ic', '10uA', '--C=-5pF', '--R', '100ohm', '--T', '50mK', '--I', '9uA'], /capacitance = -5e-12/],
      [['--Ic', '10uA', '--C', '5pH', '--R', '100ohm', '--T', '50mK', '--I', '9uA'], /unknown unit suffix/],
      [['--gamma', '1', '--Q', '10', '--theta', '0.01'], /--gamma = 1/],
      [['--gamma', '0.5', '--Q', '10'], /--theta/],
      [['--Ic', '10uA', '--C', '5pF', '--R', '100ohm', '--T', '50mK', '--I', '12uA'], /current/],
      [['--Ic', '10uA', '--C', '5pF', '--R', '100ohm', '--T', '50mK'], /--I/],
      [['--Ic', '10uA', '--Q', '3'], /--Q/],
      [['--gamma', '0.5', '--Q', '10', '--theta', '0.01', '--sweep', 'x=1:2:3'], /cannot sweep/],
      [['--gamma', '0.5', '--Q', '10', '--theta', '0.01', '--bogus', '1'], /unknown flag/],
    ];
    for (const [argv, message] of bad) {
      const err = await run(argv).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ParameterError);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).not.toContain('\n');
    }
  });
});
