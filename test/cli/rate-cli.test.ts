import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const run = promisify(execFile);

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s), stderrStream: { write: (s: string) => err.push(s) } }, out, err };
}

describe('washboard rate: bad input', () => {
  // Each case: the arguments, then what the one-line message must name (parameter, value, range).
  const cases: [string[], RegExp][] = [
    [['--gamma', '1.5'], /gamma = 1\.5: allowed \(0, 1\)/],
    [['--gamma', '0'], /gamma = 0: allowed \(0, 1\)/],
    [['--gamma', 'abc'], /gamma = "abc": not a number/],
    [['--Q', '0'], /Q = 0: allowed \(0, ∞\)/],
    [['--Q', '-3'], /Q = -3: allowed \(0, ∞\)/],
    [['--theta', '-1'], /theta = -1: allowed \(0, ∞\)/],
    [['--theta', '0'], /theta = 0: allowed \(0, ∞\)/],
    [['--barrier-kT', '0'], /barrier-kT = 0: allowed \(0, ∞\)/],
    [['--theta', '0.01', '--barrier-kT', '5'], /either --theta or --barrier-kT/],
    [['--dt', '0.9'], /dt = 0\.9: allowed \(0, 0\.5\]/],
    [['--Q', '0.1', '--dt', '0.2'], /dt = 0\.2: allowed \(0, 0\.1\]/],
    [['--trajectories', '0'], /trajectories = 0: allowed \[1, 4294967296\]/],
    [['--trajectories', '2.5'], /trajectories = 2\.5: allowed an integer/],
    [['--init', 'hot'], /init = "hot": allowed thermal or rest/],
    [['--escape-at', '1'], /escape-at = 1: allowed \(2\.02/],
    [['--frobnicate', '3'], /flag = "--frobnicate": unknown flag/],
    [['--backend', 'tpu'], /backend = "tpu": allowed gpu or cpu/],
    [['--seed', '-1'], /seed = -1: allowed \[0,/],
  ];
  for (const [argv, message] of cases) {
    it(`rejects ${argv.join(' ')} with exit code 2 and one line naming it`, async () => {
      const { io, out, err } = capture();
      expect(await main(['rate', ...argv], io)).toBe(2);
      expect(out.join('')).toBe('');
      const text = err.join('');
      expect(text).toMatch(message);
      expect(text.trim().split('\n')).toHaveLength(1);
      expect(text).not.toMatch(/NaN/);
    });
  }

  it('rejects an unknown command', async () => {
    const { io, err } = capture();
    expect(await main(['rat'], io)).toBe(2);
    expect(err.join('')).toMatch(/command = "rat": unknown command; allowed rate/);
  });
});

describe('washboard rate: the compiled CLI', () => {
  // `npm test` builds first (pretest), so the CLI is tested as users run it: compiled, with plain node.
  const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli.js');
  it('is built', () => expect(existsSync(cli), 'run `npm run build` first').toBe(true));

  it('runs a small ensemble with --json and --times, and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'washboard-'));
    const times = join(dir, 'times.csv');
    const { stdout } = await run('node', [cli, 'rate', '--barrier-kT', '3', '--trajectories', '256', '--json', '--quiet', '--times', times]);
    const report = JSON.parse(stdout);
    expect(report.measured.trajectories).toBe(256);
    expect(report.measured.escaped).toBeGreaterThan(200);
    expect(report.measured.lower).toBeLessThan(report.measured.rate);
    expect(report.measured.upper).toBeGreaterThan(report.measured.rate);
    const lines = readFileSync(times, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('trajectory,escaped,escape_step,time');
    expect(lines).toHaveLength(257);
    const escapedInFile = lines.slice(1).filter((l) => l.split(',')[1] === '1').length;
    expect(escapedInFile).toBe(report.measured.escaped);
  });

  it('exits 2 on bad input from the real process', async () => {
    await expect(run('node', [cli, 'rate', '--gamma', '2'])).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/gamma = 2: allowed \(0, 1\)/) });
  });

  it('says how to get an adapter when there is none, and exits non-zero', async () => {
    const env = { ...process.env, VK_ICD_FILENAMES: '/nonexistent.json', VK_DRIVER_FILES: '/nonexistent.json' };
    await expect(run('node', [cli, 'rate', '--trajectories', '16'], { env })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/no WebGPU adapter found.*mesa-vulkan-drivers/s),
    });
  });
});
