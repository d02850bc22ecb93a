/**
 * Every verb's --json output starts with a format name and version (docs/formats.md), through the
 * in-process CLI with the smallest invocations that still produce the format: CPU backends where a
 * verb has one; a 64-trajectory GPU run (two shards) for merge and resume; a tiny bench.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture } from '../support/cli.js';

async function json(argv: string[]) {
  const c = capture();
  const code = await main(argv, c.io);
  expect(code, `${argv.join(' ')}: ${c.err()}`).toBe(0);
  const value = JSON.parse(c.out()) as Record<string, unknown>;
  // The header comes first, so `head -3` of a file says what it is.
  expect(Object.keys(value).slice(0, 2), argv.join(' ')).toEqual(['format', 'version']);
  return value;
}

/** 300 switching currents near 9.5 µA with a Gumbel low tail, from a fixed LCG (as in test/web/measured.test.ts). */
function currentsFile(dir: string): string {
  let state = 777;
  const uniform = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) + 0.5) / 2 ** 31;
  const lines = ['I (uA)'];
  for (let i = 0; i < 300; i++) lines.push((9.5 + 0.02 * Math.log(-Math.log(uniform()))).toFixed(6));
  const path = join(dir, 'currents.txt');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const quiet = ['--quiet'];
const tinyRate = ['--trajectories', '64', '--barrier-kT', '3', '--max-time', '20', ...quiet];

describe('--json carries format and version', () => {
  const cases: [string, string[], string][] = [
    ['rate', ['rate', '--backend', 'cpu', ...tinyRate, '--json'], 'washboard.rate'],
    ['switching', ['switching', '--backend', 'cpu', '--ramp-rate', '1e-3', '--trajectories', '32', ...quiet, '--json'], 'washboard.switching'],
    ['switching --method splitting', ['switching', '--method', 'splitting', '--Q', '10', '--theta', '0.1', '--ramp-rate', '1e-4', '--nodes', '4', '--trials', '256', '--replicas', '4', '--walkers', '32', ...quiet, '--json'], 'washboard.switching-splitting'],
    ['sweep', ['sweep', 'rate', '--backend', 'cpu', '--over', 'barrier-kT=3:4:2', '--trajectories', '16', '--max-time', '5', ...quiet, '--json'], 'washboard.sweep'],
    ['theory', ['theory', '--gamma', '0.9', '--Q', '10', '--barrier-kT', '10', '--json'], 'washboard.theory'],
    ['theory (SI)', ['theory', '--Ic', '10uA', '--C', '5pF', '--R', '100ohm', '--T', '50mK', '--I', '9.5uA', '--json'], 'washboard.theory-junction'],
    ['quantum', ['quantum', '--gamma', '0.9', '--Q', '10', '--hbar', '0.05', '--json'], 'washboard.quantum'],
    ['barrier', ['barrier', '--profile', 'rect', '--height', '1', '--width', '45', '--barrier-mass', '0.092', '--mass', '0.067', '--energies', '0.1', '--json'], 'washboard.barrier'],
    ['doublewell', ['doublewell', '--s0', '8', '--json'], 'washboard.doublewell'],
    ['bjj', ['bjj', 'spectrum', '--N', '1', '--U', '2', '--J', '0.5', '--json', ...quiet], 'washboard.bjj'],
  ];
  for (const [name, argv, format] of cases) {
    it(name, async () => {
      const r = await json(argv);
      expect(r.format).toBe(format);
      expect(r.version).toBe(1);
    });
  }

  it('analyze', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'washboard-formats-'));
    const r = await json(['analyze', currentsFile(dir), '--ramp-rate', '1e-3A/s', '--C', '5pF', '--R', '100ohm', '--json']);
    expect(r).toMatchObject({ format: 'washboard.analyze', version: 1 });
  });

  it('merge and resume (GPU: two shards of a 64-trajectory run)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'washboard-formats-'));
    const [a, b] = [join(dir, 'a.json'), join(dir, 'b.json')];
    await json(['rate', ...tinyRate, '--shard', '1/2', '--out', a, '--json']);
    await json(['rate', ...tinyRate, '--shard', '2/2', '--out', b, '--json']);
    expect(await json(['merge', a, b, '--json'])).toMatchObject({ format: 'washboard.rate', version: 1 });
    expect(await json(['resume', a, '--json', ...quiet])).toMatchObject({ format: 'washboard.rate', version: 1 });
  });

  it('bench (GPU, 256 trajectories × 40 steps)', async () => {
    const r = await json(['bench', '--trajectories', '256', '--steps', '40', '--repeats', '1', '--workgroup-sizes', '64', '--steps-per-dispatch', '40', '--json']);
    expect(r).toMatchObject({ format: 'washboard.bench', version: 1 });
  });
});
