import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeMeasured, DEFAULT_MEASURED, measuredHistogramFigure, measuredRateFigure, type MeasuredForm } from '../../src/web/measured.js';

const root = resolve(import.meta.dirname, '../..');
const dir = join(root, 'test-output', 'web-measured');

/**
 * A small synthetic measurement: 600 switching currents near 9.5 µA with a Gumbel-like low tail
 * (the shape of a thermal switching histogram), from a fixed linear congruential sequence, in µA
 * with the unit in the header, as a lab file would have them.
 */
function syntheticFile(): string {
  let state = 12345;
  const uniform = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return (state + 0.5) / 2 ** 31;
  };
  const lines = ['# synthetic switching currents', 'I (uA)'];
  for (let i = 0; i < 600; i++) lines.push((9.5 + 0.02 * Math.log(-Math.log(uniform()))).toFixed(6));
  return `${lines.join('\n')}\n`;
}

function cli(args: string[]): unknown {
  return JSON.parse(execFileSync(process.execPath, [join(root, 'dist', 'cli.js'), 'analyze', ...args, '--json'], { encoding: 'utf8' }));
}

// Wiring and consistency, not an independent check of the analysis: the page and the CLI both call
// analyzeReport (src/io/analyze-report.ts), so equal numbers show that the page parses the file and
// the form's units into the same inputs. The analysis itself is tested against synthetic data of
// known I_c and T_esc in test/physics/switching-analysis.test.ts.
describe('wiring: the page analyses a measured switching-current file with the inputs washboard analyze uses', () => {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'switching.txt');
  const text = syntheticFile();
  writeFileSync(path, text);

  it('gives the same numbers as the compiled CLI (same analyzeReport), with T (overlays) and without', () => {
    const form: MeasuredForm = { ...DEFAULT_MEASURED, 'ramp-rate': '1e-3A/s', C: '5pF', R: '100ohm', T: '250mK' };
    for (const f of [form, { ...form, T: '' }]) {
      const page = analyzeMeasured(text, path, f);
      expect(page.error).toBeNull();
      const flags = ['--ramp-rate', f['ramp-rate'], '--C', f.C, '--R', f.R, ...(f.T ? ['--T', f.T] : [])];
      // Through JSON, as the CLI's numbers are (non-finite values become null there).
      expect(JSON.parse(JSON.stringify(page.report))).toEqual(cli([path, ...flags]));
    }
    const withT = analyzeMeasured(text, path, form).report!;
    expect(withT.fit).not.toBeNull();
    expect(Object.keys(withT.overlays)).toEqual(expect.arrayContaining(['classical', 'quantum']));
    const histogram = measuredHistogramFigure(withT);
    expect(histogram.data.length).toBe(1 + Object.keys(withT.overlays).length);
    expect((histogram.data[0] as { y: number[] }).y.reduce((a, b) => a + b, 0)).toBe(600);
    const rate = measuredRateFigure(withT);
    expect((rate.data[0] as { x: number[] }).x.length).toBe(withT.bins.filter((b) => b.rate !== null).length);
  });

  it('stops with the CLI\'s message: a bad line names the file and line, a bad flag its field', () => {
    const bad = analyzeMeasured('I (uA)\n9.5\nnine\n9.4\n', 'lab.csv', { ...DEFAULT_MEASURED, 'ramp-rate': '1e-3A/s', C: '5pF', R: '100ohm' });
    expect(bad.error?.field).toBe('file');
    expect(bad.error?.message).toContain('lab.csv line 3');
    let cliMessage = '';
    try {
      execFileSync(process.execPath, [join(root, 'dist', 'cli.js'), 'analyze', path, '--ramp-rate', 'fast', '--C', '5pF', '--R', '100ohm'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      cliMessage = String((err as { stderr: string }).stderr);
    }
    const flag = analyzeMeasured(text, path, { ...DEFAULT_MEASURED, 'ramp-rate': 'fast', C: '5pF', R: '100ohm' });
    expect(flag.error?.field).toBe('ramp-rate');
    expect(cliMessage).toContain(flag.error!.message);
    expect(analyzeMeasured(text, path, { ...DEFAULT_MEASURED, C: '5pF', R: '100ohm' }).error?.field).toBe('ramp-rate');
  });
});
