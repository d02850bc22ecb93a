/**
 * `washboard doublewell`: the verb reproduces the physics checks through its outputs. Most cases run
 * in-process (capture()); one runs the compiled CLI to check the registration (npm run build first).
 */
import { describe, expect, test } from 'vitest';
import { doublewellCommand } from '../../src/cli/doublewell.js';
import { main } from '../../src/cli/main.js';
import { capture, node } from '../support/cli.js';

async function run(args: string[]) {
  const c = capture();
  const code = await main(['doublewell', ...args], c.io);
  return { code, out: c.out(), err: c.err() };
}

function parseCsv(text: string): { header: string[]; rows: number[][] } {
  const [head, ...lines] = text.trim().split('\n');
  return { header: head!.split(','), rows: lines.map((l) => l.split(',').map(Number)) };
}

describe('washboard doublewell', () => {
  test('spectrum --json: format header, flux identity = direct difference, instanton ratio near 1', async () => {
    const r = await run(['--s0', '8', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j).slice(0, 2)).toEqual(['format', 'version']);
    expect(j.format).toBe('washboard.doublewell');
    expect(j.version).toBe(1);
    // Both resolvable at S₀/ħ = 8: agree to the Numerov error (~1e-8).
    expect(Math.abs(j.report.splitting / j.report.directSplitting - 1)).toBeLessThan(1e-7);
    // Corrected instanton formula is asymptotic: at S₀/ħ = 8 the residual O((ħ/S₀)²) is ~1.5 %.
    expect(Math.abs(j.report.exactOverInstanton - 1)).toBeLessThan(0.02);
    // Harmonic limit of each well: E ≈ ħω(½ − ħ/6S₀) to O((ħ/S₀)²) (= 0.0070 here).
    expect(Math.abs((j.report.evenEnergy + j.report.oddEnergy) / 2 - (0.5 - 1 / 48))).toBeLessThan(0.01);
  });

  test('spectrum --square: a user\'s potential, deep enough that only the flux identity resolves Δ₀', async () => {
    const r = await run(['--square', '60,3,5', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    // Exact 2.06996156e-29 from the 45-digit transcendental levels (square-well.test.ts); O(h²) at h = 0.002.
    expect(Math.abs(j.report.splitting / 2.06996156e-29 - 1)).toBeLessThan(2e-4);
    expect(j.report.directSplitting).toBe(0);
  });

  test('instanton --csv: exact/corrected → 1 with error shrinking like (ħ/S₀)²', async () => {
    const r = await run(['--show', 'instanton', '--s0', '8,16,32', '--csv']);
    expect(r.code).toBe(0);
    const { header, rows } = parseCsv(r.out);
    expect(header).toContain('exact/corrected');
    const col = header.indexOf('exact/corrected');
    const err = rows.map((row) => Math.abs(row[col]! - 1));
    // Doubling S₀ divides an O(S₀⁻²) error by ~4 (3.5–4.5 allows the O(S₀⁻³) term).
    expect(err[0]! / err[1]!).toBeGreaterThan(3.5);
    expect(err[1]! / err[2]!).toBeGreaterThan(3.5);
    expect(err[1]! / err[2]!).toBeLessThan(4.5);
  });

  test('coherent --csv: two-level P_L = cos²(Δ₀t/2) and the Gaussian packet follows it', async () => {
    const r = await run(['--show', 'coherent', '--s0', '8', '--periods', '1', '--steps', '40', '--dephasing', '5', '--csv']);
    expect(r.code).toBe(0);
    const { header, rows } = parseCsv(r.out);
    const td = header.indexOf('t*Delta0');
    const two = header.indexOf('PL_two_level');
    const packet = header.indexOf('PL_packet');
    const deph = header.indexOf('PL_dephasing_5');
    for (const row of rows) expect(row[two]!).toBeCloseTo(Math.cos(row[td]! / 2) ** 2, 6);
    const half = rows[20]!; // tΔ₀ = π
    expect(half[packet]!).toBeLessThan(0.1);
    // Strong dephasing (Γ_φ = 5Δ₀): incoherent, still mostly left at tΔ₀ = π (rate ≈ Δ₀/5).
    expect(half[deph]!).toBeGreaterThan(0.7);
  });

  test('spin-boson --json at the Toulouse point follows exp(−πΔ₀²t/2ω_c)', async () => {
    const r = await run(['--show', 'spin-boson', '--alpha', '0.5', '--omega-c', '20', '--t-max', '30', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    let worst = 0;
    j.trace.t.forEach((t: number, k: number) => {
      worst = Math.max(worst, Math.abs(j.trace.niba[k] - Math.exp((-Math.PI * t) / 40)));
    });
    // Finite ω_c/Δ₀ = 20 costs O(Δ₀/ω_c): measured 0.009.
    expect(worst).toBeLessThan(0.012);
    expect(j.trace.effectiveSplitting).toBeCloseTo(Math.PI / 40, 10);
  });

  test('spin-boson --heom with a Drude bath: both columns, agreeing at zero bias', async () => {
    const r = await run(['--show', 'spin-boson', '--bath', 'drude', '--lambda', '0.3', '--cutoff', '5', '--T', '1', '--t-max', '4', '--heom', '--csv']);
    expect(r.code).toBe(0);
    const { header, rows } = parseCsv(r.out);
    const a = header.indexOf('P_NIBA');
    const b = header.indexOf('P_HEOM');
    expect(b).toBeGreaterThan(0);
    for (const row of rows) expect(Math.abs(row[a]! - row[b]!)).toBeLessThan(0.01);
  });

  test('diagram: coherent at T = 0 below α = ½, incoherent above', async () => {
    const r = await run(['--show', 'diagram', '--alpha', '0.3,0.6', '--csv']);
    expect(r.code).toBe(0);
    const { rows } = parseCsv(r.out);
    expect(rows[0]![2]!).toBeGreaterThan(0);
    expect(rows[1]![2]!).toBe(0);
  });

  test('bad input: one line on stderr, exit 2', async () => {
    for (const args of [
      ['--s0', '2'],
      ['--show', 'spin-boson', '--alpha', '3'],
      ['--show', 'coherent', '--periods', '10', '--steps', '20'],
      ['--show', 'spin-boson', '--dt', '1'],
      ['--show', 'spin-boson', '--bath', 'drude', '--T', '0'],
      ['--show', 'nothing'],
      ['--s0', 'abc'],
      ['--square', '6,3,2'],
      ['--show', 'instanton', '--square', '6,1,3'],
    ]) {
      const r = await run(args);
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/^washboard: invalid /);
    }
  });

  test('--help prints usage; the compiled CLI knows the verb', async () => {
    const c = capture();
    expect(await doublewellCommand(['--help'], c.io)).toBe(0);
    expect(c.out()).toMatch(/usage: washboard doublewell/);
    const { stdout } = await node(['doublewell', '--show', 'instanton', '--s0', '6', '--csv']);
    expect(stdout.split('\n')[0]).toMatch(/^S0\/hbar,exact/);
  });
});
