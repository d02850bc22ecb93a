import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { execFileP, slurm, env, node, tmp, capture, interrupt, cli } from '../support/cli.js';

/**
 * Long runs of `sweep` as users run them: the compiled CLI in child processes
 * killed with SIGKILL once a checkpoint is on disk, then resumed; shards by grid point merged;
 * refusals; the SLURM scripts running a sweep locally and serially.
 */

const SWEEP = ['switching', '--over', 'theta=0.04:0.06:3', '--Q', '3', '--ramp-rate', '1e-4', '--trajectories', '600', '--seed', '5'];

/** Sweep rows (under the washboard.sweep header) without the wall time (the only column that differs between equal runs). */
function rows(json: string) {
  const sweep = JSON.parse(json) as { format: string; version: number; rows: Record<string, unknown>[] };
  expect(sweep).toMatchObject({ format: 'washboard.sweep', version: 1 });
  return sweep.rows.map(({ wall_seconds: _w, ...row }) => row);
}

describe('sweep: shards by grid point, checkpoints, SLURM', () => {
  let unsharded: ReturnType<typeof rows>;
  beforeAll(async () => {
    unsharded = rows((await node(['sweep', ...SWEEP, '--json', '--quiet'])).stdout);
    expect(unsharded.map((r) => r.point)).toEqual([0, 1, 2]);
  });

  it('shards 1/2 and 2/2 (points round robin) merge into the unsharded rows; missing points and other sweeps are refused', async () => {
    const dir = tmp();
    const [a, b] = [join(dir, 'a.json'), join(dir, 'b.json')];
    const first = await node(['sweep', ...SWEEP, '--json', '--quiet', '--shard', '1/2', '--out', a]);
    expect(rows(first.stdout).map((r) => r.point)).toEqual([0, 2]);
    await node(['sweep', ...SWEEP, '--quiet', '--shard', '2/2', '--out', b]);
    expect(rows((await node(['merge', a, b, '--json'])).stdout)).toEqual(unsharded);
    const csv = (await node(['merge', b, a])).stdout.split('\n');
    expect(csv[0]).toMatch(/^point,theta,/);
    expect(csv).toHaveLength(5);

    const other = join(dir, 'other.json');
    await node(['sweep', ...SWEEP.slice(0, -2), '--seed', '6', '--quiet', '--shard', '2/2', '--out', other]);
    const cases: [string[], RegExp][] = [
      [[a], /grid point 2 of 3 is missing: no file given holds it \(shard 2\/2 missing\?\); files given: .*a\.json/],
      [[a, other], /a\.json and .*other\.json are from different sweeps: options "[^"]*--seed 5" there but "[^"]*--seed 6" here/],
      [[a, b, b], /b\.json \(grid point 2\) is given more than once/],
    ];
    for (const [files, message] of cases) {
      const c = capture();
      expect(await main(['merge', ...files], c.io), files.join(' ')).toBe(2);
      expect(c.err()).toMatch(message);
    }
  });

  it('a sweep killed with SIGKILL after its first point resumes at the next point, with the same rows', async () => {
    const file = join(tmp(), 'sweep.json');
    const firstPointDone = (text: string) => /"runs": \[\{"format":"washboard-switching-run","version":1,"status":"complete"/.test(text);
    const { exit } = await interrupt(['sweep', ...SWEEP], file, firstPointDone, 'SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    const resumed = await node(['resume', file, '--json', '--quiet']);
    expect(resumed.stderr).toMatch(/resuming .*sweep\.json: sweep switching, [12] of 3 grid points finished/);
    expect(rows(resumed.stdout)).toEqual(unsharded);
    expect(readFileSync(file, 'utf8')).toMatch(/"status": "complete"/);
  });

  it('the SLURM array script, one grid point a task, then the merge script, give the unsharded rows', async () => {
    const out = tmp();
    const common = {
      ...env, WASHBOARD: `node ${cli}`, WASHBOARD_OUT: out, WASHBOARD_SLURM_DIR: slurm,
      WASHBOARD_COMMAND: 'sweep switching', WASHBOARD_ARGS: SWEEP.slice(1).join(' '),
    };
    delete (common as Record<string, unknown>).SLURM_JOB_ID;
    for (const task of [0, 1, 2]) {
      await execFileP('bash', [join(slurm, 'washboard-array.sbatch')], {
        env: { ...common, SLURM_ARRAY_TASK_ID: String(task), SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_COUNT: '3' },
      });
    }
    for (let i = 1; i <= 3; i++) expect(readFileSync(join(out, `shard-${i}-of-3.json`), 'utf8')).toMatch(/"format": "washboard-sweep-run"[\s\S]*"status": "complete"/);
    const merge = await execFileP('bash', [join(slurm, 'washboard-merge.sbatch')], { env: common });
    expect(merge.stdout.split('\n')[0]).toMatch(/^point,theta,/);
    expect(rows(readFileSync(join(out, 'merged.json'), 'utf8'))).toEqual(unsharded);
  });
});
