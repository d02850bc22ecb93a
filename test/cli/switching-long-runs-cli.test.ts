import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { node, tmp, capture, interrupt, partialRun, cli } from '../support/cli.js';

/**
 * Long runs of `switching` as users run them: the compiled CLI in child processes killed with
 * SIGKILL or SIGTERM once a checkpoint is on disk, then resumed; shards merged; refusals.
 */

/** Several pages, long enough on lavapipe to be killed part-way. */
const LONG = ['--Q', '3', '--theta', '0.05', '--ramp-rate', '1e-4', '--trajectories', '6000', '--seed', '5', '--page-size', '1500', '--steps-per-dispatch', '4000'];
/** A small run for shards and refusals. */
const SMALL = ['--Q', '3', '--theta', '0.05', '--ramp-rate', '1e-4', '--trajectories', '2001', '--seed', '7'];

/** What a switching report measured: identical between runs with the same seed. */
function result(json: string) {
  const r = JSON.parse(json) as Record<string, { moments?: unknown; bins?: unknown }>;
  return { parameters: r.parameters, counts: r.counts, moments: r.analysis!.moments, bins: r.analysis!.bins, theory: r.theory };
}

describe('switching: checkpoint, SIGKILL, resume (compiled CLI)', () => {
  let uninterrupted: ReturnType<typeof result>;
  beforeAll(async () => {
    expect(existsSync(cli), 'run `npm run build` first').toBe(true);
    uninterrupted = result((await node(['switching', ...LONG, '--json', '--quiet'])).stdout);
  });

  it('killed with SIGKILL once a checkpoint holds part of the run, `washboard resume` gives the uninterrupted result', async () => {
    const file = join(tmp(), 'run.json');
    const { exit } = await interrupt(['switching', ...LONG, '--json'], file, partialRun, 'SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    expect(readFileSync(file, 'utf8')).toMatch(/"format": "washboard-switching-run"/);
    const resumed = await node(['resume', file, '--json', '--quiet']);
    expect(resumed.stderr).toMatch(/resuming .*run\.json: \d+ of 6000 trajectories finished/);
    expect(result(resumed.stdout)).toEqual(uninterrupted);
    expect(readFileSync(file, 'utf8')).toMatch(/"status": "complete"/);
  });

  it('SIGTERM writes the checkpoint, exits 143 and says how to resume', async () => {
    const file = join(tmp(), 'term.json');
    const { exit, stderr } = await interrupt(['switching', ...LONG], file, partialRun, 'SIGTERM');
    expect(exit.code).toBe(143);
    expect(stderr()).toMatch(/interrupted by SIGTERM; checkpoint .*term\.json saved: \d+ of 6000 trajectories finished/);
    expect(stderr()).toMatch(/resume with: washboard resume .*term\.json/);
    // The same command continues it.
    const again = await node(['switching', ...LONG, '--json', '--quiet', '--checkpoint', file]);
    expect(again.stderr).toMatch(/continuing .*term\.json/);
    expect(result(again.stdout)).toEqual(uninterrupted);
  });
});

describe('switching: shards and merge', () => {
  it('shards 1/3 … 3/3 merged equal the single run; gaps, overlaps and other runs are refused by name', async () => {
    const dir = tmp();
    const single = result((await node(['switching', ...SMALL, '--json', '--quiet'])).stdout);
    const shard = (i: number, n: number, extra: string[] = []) => join(dir, `s${i}of${n}${extra.join('')}.json`);
    for (let i = 1; i <= 3; i++) await node(['switching', ...SMALL, '--quiet', '--shard', `${i}/3`, '--out', shard(i, 3)]);
    const merged = await node(['merge', shard(1, 3), shard(2, 3), shard(3, 3), '--json']);
    expect(result(merged.stdout)).toEqual(single);
    await node(['switching', ...SMALL, '--quiet', '--shard', '1/2', '--out', shard(1, 2)]);
    await node(['switching', ...SMALL, '--quiet', '--seed', '8', '--shard', '2/3', '--out', shard(2, 3, ['seed8'])]);
    await node(['rate', '--barrier-kT', '4', '--trajectories', '2001', '--max-time', '100', '--quiet', '--shard', '2/3', '--out', join(dir, 'rate.json')]);

    const cases: [string[], RegExp][] = [
      [[shard(1, 3), shard(3, 3)], /trajectories \[667, 1334\) of 2001 are missing: .*\(shard 2\/3 missing\?\)/],
      [[shard(1, 2), shard(1, 3), shard(2, 3), shard(3, 3)], /s1of\d\.json and .*s1of\d\.json overlap: both hold trajectories \[0, 667\)/],
      [[shard(1, 3), shard(2, 3, ['seed8']), shard(3, 3)], /s1of3\.json and .*s2of3seed8\.json are from different runs: seed is 7 in .* but 8 in/],
      [[shard(1, 3), join(dir, 'rate.json'), shard(3, 3)], /are from different runs: run is "switching" in .*s1of3\.json but "rate" in .*rate\.json/],
    ];
    for (const [files, message] of cases) {
      const c = capture();
      expect(await main(['merge', ...files], c.io), files.join(' ')).toBe(2);
      expect(c.err()).toMatch(message);
    }
    // --currents needs per-trajectory values that run files do not hold.
    const c = capture();
    expect(await main(['switching', ...SMALL, '--shard', '1/2', '--out', join(dir, 'x.json'), '--currents', join(dir, 'c.csv')], c.io)).toBe(2);
    expect(c.err()).toMatch(/currents = .*per-trajectory switching biases are not saved in run files/);
  });
});

