import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { boltzmannConstant } from '../../src/physics/constants.js';
import { makeJunction } from '../../src/physics/junction.js';
import { barrierHeight, plasmaFrequency } from '../../src/physics/potential.js';
import { sampleSwitching } from '../support/switching-samples.js';

const run = promisify(execFile);
const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');

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

describe('washboard switching, analyze and sweep: bad input exits 2 with one line naming it', () => {
  const cases: [string[], RegExp][] = [
    [['switching', '--Q', '0'], /Q = 0: allowed \(0, ∞\)/],
    [['switching', '--theta', '-1'], /theta = -1: allowed \(0, ∞\)/],
    [['switching', '--ramp-rate', '0'], /ramp-rate = 0: allowed \(0, ∞\)/],
    [['switching', '--gamma-start', '1.2'], /gamma-start = 1\.2: allowed \(0, 1\)/],
    [['switching', '--gamma-start', '0', '--gamma-end', '1'], /gamma-start = 0: allowed \(0, 1\)/],
    [['switching', '--gamma-start', '0.9', '--gamma-end', '0.8'], /gamma-end = 0\.8: allowed \(0\.9, 2\]/],
    [['switching', '--wells', '0'], /wells = 0: allowed \[1, 1000\]/],
    [['switching', '--bin-width', '0'], /bin-width = 0: allowed \(0, ∞\)/],
    [['switching', '--ramp-rate', '1e-12'], /ramp-rate = 1e-12: .*u32 step counter/],
    [['switching', '--Ic', '10uA'], /C = "missing": an SI junction needs all four/],
    [['switching', '--Ic', '10uA', '--C', '5pF', '--R', '100ohm', '--T', '50mK', '--Q', '3'], /Q = "3": cannot be mixed/],
    [['switching', '--backend', 'tpu'], /backend = "tpu": allowed gpu or cpu/],
    [['switching', '--frobnicate'], /flag = "--frobnicate": unknown flag/],
    [['analyze'], /file = "missing": allowed exactly one file/],
    [['analyze', 'x.txt', '--C', '5pF', '--R', '100ohm'], /ramp-rate = "missing"/],
    [['analyze', '/nonexistent/x.txt', '--ramp-rate', '1mA/s', '--C', '5pF', '--R', '100ohm'], /file = "\/nonexistent\/x\.txt": ENOENT/],
    [['analyze', 'x.txt', '--ramp-rate', '1mK', '--C', '5pF', '--R', '100ohm'], /ramp-rate = "1mK": unknown unit suffix/],
    [['sweep'], /usage|sweep command/],
    [['sweep', 'theory', '--over', 'theta=1:2:3'], /sweep command = "theory": allowed rate or switching/],
    [['sweep', 'rate'], /over = "missing"/],
    [['sweep', 'rate', '--over', 'T=1:2:3'], /cannot sweep "T"/],
    [['sweep', 'rate', '--over', 'Q=1:10:3', '--Q', '2'], /--Q is both swept and fixed/],
    [['sweep', 'rate', '--over', 'Q=0:10:3'], /Q = 0: allowed \(0, ∞\)/],
  ];
  for (const [argv, message] of cases) {
    it(argv.join(' '), async () => {
      if (argv[0] === 'sweep' && argv.length === 1) {
        const { io } = capture();
        expect(await main(argv, io)).toBe(2);
        return;
      }
      await expectBadInput(argv, message);
    });
  }

  const dir = mkdtempSync(join(tmpdir(), 'washboard-analyze-'));
  const files: [string, string, RegExp][] = [
    ['empty', '', /empty\.txt = "": no data lines/],
    ['text', '9.5e-6\n9.6e-6\nnine\n', /text\.txt line 3 = "nine": not a number/],
    ['negative', 'I (uA)\n9.5\n-9.6\n', /negative\.txt line 3 = "-9\.6": a switching current must be positive/],
    ['single', '# one sweep\n9.5e-6\n', /single\.txt line 2 = 0\.0000095: only one switching current/],
    ['above', '9.5e-6\n9.7e-6\n1.02e-5\n', /above\.txt line 4 = "1\.02e-5": above the stated critical current/],
  ];
  for (const [name, text, message] of files) {
    it(`analyze rejects the ${name} file, naming the line`, async () => {
      const path = join(dir, `${name}.txt`);
      writeFileSync(path, name === 'above' ? `# header comment\n${text}` : text);
      await expectBadInput(['analyze', path, '--ramp-rate', '1mA/s', '--C', '5pF', '--R', '100ohm', '--Ic', '10uA'], message);
    });
  }
});

describe('washboard analyze recovers a junction from synthetic switching currents', () => {
  it('fits I_c and T_esc within 3.3σ of the values the currents were drawn with', async () => {
    // Known Γ(I): the escape-temperature law (ω_p/2π)exp(−ΔU/k_BT_esc) of a 10 µA, 5 pF junction
    // at T_esc = 100 mK, ramped at 1 mA/s; 5000 currents drawn by inverting the FD survival (seed 2026).
    const j = makeJunction({ criticalCurrent: 10e-6, capacitance: 5e-12, resistance: 100 });
    const Tesc = 0.1;
    const rate = (I: number) => {
      const g = I / j.criticalCurrent;
      return ((j.plasmaFrequency0 * plasmaFrequency(g)) / (2 * Math.PI)) * Math.exp((-j.josephsonEnergy * barrierHeight(g)) / (boltzmannConstant * Tesc));
    };
    const currents = sampleSwitching(rate, 1e-3, 9e-6, 10e-6 * (1 - 1e-12), 5000, 2026);
    const dir = mkdtempSync(join(tmpdir(), 'washboard-synthetic-'));
    const path = join(dir, 'switching.csv');
    writeFileSync(path, `sweep,I_sw (uA)\n${currents.map((I, i) => `${i},${(I * 1e6).toPrecision(10)}`).join('\n')}\n`);
    const { io, out } = capture();
    expect(await main(['analyze', path, '--column', 'I_sw (uA)', '--ramp-rate', '1mA/s', '--C', '5pF', '--R', '100ohm', '--T', '100mK', '--json', '--csv', join(dir, 'bins.csv')], io)).toBe(0);
    const r = JSON.parse(out.join(''));
    expect(r.file.values).toBe(5000);
    expect(Math.abs(r.fit.criticalCurrent - 10e-6)).toBeLessThan(3.3 * r.fit.criticalCurrentError);
    expect(Math.abs(r.fit.escapeTemperature - Tesc)).toBeLessThan(3.3 * r.fit.escapeTemperatureError);
    expect(r.fit.escapeTemperatureError / Tesc).toBeLessThan(0.05);
    // The fitted law reproduces the histogram, and its moments those of the sample.
    const fitted = r.overlays.escapeTemperatureFit;
    expect(fitted.test.pValue).toBeGreaterThan(0.001);
    expect(Math.abs(fitted.mean - r.moments.mean)).toBeLessThan(3.3 * r.moments.meanError);
    expect(Math.abs(fitted.sd - r.moments.sd)).toBeLessThan(3.3 * r.moments.sdError);
    // Crossover and plateau for the junction are reported; classical and quantum overlays are there at T.
    expect(r.junction.crossoverTemperature).toBeGreaterThan(0);
    expect(r.junction.escapeTemperaturePlateau).toBeGreaterThan(0);
    expect(Object.keys(r.overlays).sort()).toEqual(['classical', 'escapeTemperatureFit', 'quantum']);
    const csv = readFileSync(join(dir, 'bins.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^I_low_A,I_high_A,count,expected_classical,expected_quantum,expected_escapeTemperatureFit,rate_per_s/);
  });
});

describe('the compiled CLI', () => {
  it('runs a small switching ensemble with --json, --csv and --currents', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'washboard-switching-'));
    const { stdout } = await run('node', [cli, 'switching', '--Q', '10', '--theta', '0.01', '--ramp-rate', '1e-4', '--trajectories', '512', '--json', '--quiet',
      '--csv', join(dir, 'bins.csv'), '--currents', join(dir, 'currents.csv')]);
    const r = JSON.parse(stdout);
    expect(r.counts.switched).toBe(512);
    expect(r.analysis.moments.sd).toBeGreaterThan(0);
    const currents = readFileSync(join(dir, 'currents.csv'), 'utf8').trim().split('\n');
    expect(currents).toHaveLength(513);
    // The mean of the per-trajectory biases is the exact mean from the GPU power sums.
    const gammas = currents.slice(1).map((l) => Number(l.split(',')[3]));
    expect(gammas.reduce((a, b) => a + b, 0) / gammas.length).toBeCloseTo(r.analysis.moments.mean, 12);
    const bins = readFileSync(join(dir, 'bins.csv'), 'utf8').trim().split('\n');
    expect(bins[0]).toBe('gamma_low,gamma_high,count,expected_classical,expected_escapeTemperatureFit,rate,rate_error,theta_esc,theta_esc_error');
    expect(bins.slice(1).reduce((s, l) => s + Number(l.split(',')[2]), 0)).toBe(512);
  });

  it('sweeps a small grid, one row per point with its index, and progress on stderr', async () => {
    const { stdout, stderr } = await run('node', [cli, 'sweep', 'switching', '--over', 'theta=0.005:0.01:2', '--over', 'Q=5:10:2', '--ramp-rate', '1e-4', '--trajectories', '256']);
    const lines = stdout.trim().split('\n');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 3)).toEqual(['point', 'theta', 'Q']);
    expect(header).toContain('sd_error');
    expect(header).toContain('classical_sd');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).map(Number))).toEqual([[0, 0.005, 5], [1, 0.005, 10], [2, 0.01, 5], [3, 0.01, 10]]);
    expect(stderr).toMatch(/point 4\/4 done/);
  });

  it('exits 2 on bad input from the real process', async () => {
    await expect(run('node', [cli, 'switching', '--ramp-rate', '-1'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/ramp-rate = -1: allowed \(0, ∞\)/) });
  });
});
