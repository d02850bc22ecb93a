import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture } from '../support/cli.js';

/**
 * Long runs as users run them: the compiled CLI in real child processes, killed with real signals;
 * shards and merge; the SLURM example scripts run locally and serially.
 */
const execFileP = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const slurm = join(root, 'examples', 'slurm');
const env = { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' };

/** Long enough on lavapipe (a few seconds) to be interrupted part-way, in several pages. */
const LONG = ['--barrier-kT', '5', '--Q', '3', '--trajectories', '8000', '--max-time', '2000', '--seed', '11', '--page-size', '2000'];
/** A small run for shards and refusals. */
const SMALL = ['--barrier-kT', '4', '--Q', '3', '--trajectories', '2001', '--max-time', '600', '--seed', '7'];

const node = (args: string[], options: { env?: NodeJS.ProcessEnv } = {}) => execFileP('node', [cli, ...args], { env: options.env ?? env, maxBuffer: 1 << 24 });

/** The parts of a report that are the result: identical between runs with the same seed. */
function result(json: string) {
  const r = JSON.parse(json) as Record<string, unknown>;
  return { parameters: r.parameters, measured: r.measured, ratios: r.ratios, survival: r.survival };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'washboard-long-'));

/** Starts `rate` with a checkpoint, waits until the checkpoint holds some but not all work, then signals it. */
async function interrupt(file: string, signal: NodeJS.Signals, extra: string[] = []) {
  const child = spawn('node', [cli, 'rate', ...LONG, '--json', '--quiet', '--checkpoint', file, '--checkpoint-every', '0.2', ...extra], { env });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
  let running = true;
  void exited.then(() => (running = false));
  let seen = '';
  while (running) {
    await new Promise((r) => setTimeout(r, 25));
    if (!existsSync(file)) continue;
    seen = readFileSync(file, 'utf8');
    // At least one finished page or a saved page in progress, and not yet done.
    if (seen.includes('"status": "partial"') && (/"done": \[\[/.test(seen) || /"page": \{/.test(seen))) break;
  }
  expect(running, 'the run finished before it could be interrupted').toBe(true);
  child.kill(signal);
  const exit = await exited;
  return { exit, stderr, seen };
}

describe('checkpoint, kill, resume: the compiled CLI', () => {
  let uninterrupted: ReturnType<typeof result>;
  beforeAll(async () => {
    expect(existsSync(cli), 'run `npm run build` first').toBe(true);
    uninterrupted = result((await node(['rate', ...LONG, '--json', '--quiet'])).stdout);
  });

  it('SIGKILL part-way, then `washboard resume` gives the uninterrupted result', async () => {
    const file = join(tmp(), 'run.json');
    const { exit, seen } = await interrupt(file, 'SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    expect(seen).toMatch(/"status": "partial"/);
    const resumed = await node(['resume', file, '--json', '--quiet']);
    expect(resumed.stderr).toMatch(/resuming .*run\.json: \d+ of 8000 trajectories finished/);
    expect(result(resumed.stdout)).toEqual(uninterrupted);
    expect(readFileSync(file, 'utf8')).toMatch(/"status": "complete"/);
    // Resuming a finished run only reports it again.
    const again = await node(['resume', file, '--json', '--quiet']);
    expect(again.stderr).toMatch(/already finished/);
    expect(result(again.stdout)).toEqual(uninterrupted);
  });

  it('SIGTERM flushes a final checkpoint mid-page, says how to resume, exits 143; resume is identical', async () => {
    const file = join(tmp(), 'term.json');
    // One page of all 8000: the final checkpoint must hold the page in progress as raw states.
    const { exit, stderr } = await interrupt(file, 'SIGTERM', ['--page-size', '8000']);
    expect(exit.code).toBe(143);
    const saved = readFileSync(file, 'utf8');
    expect(saved).toMatch(/"done": \[\]/);
    expect(saved).toMatch(/"page": \{"first":0,"count":8000,"stepReached":\d+,"states":"[A-Za-z0-9+\/]+=*"\}/);
    expect(stderr).toMatch(/trajectories \[0, 8000\) saved part-way at step \d+ of 40000/);
    expect(stderr).toMatch(/interrupted by SIGTERM; checkpoint .*term\.json saved: \d+ of 8000 trajectories finished/);
    expect(stderr).toContain(`resume with: washboard resume ${file}`);
    const resumed = await node(['resume', file, '--json', '--quiet']);
    expect(result(resumed.stdout)).toEqual(uninterrupted);
  });

  it('SIGINT exits 130 after a final checkpoint; rerunning the same rate command continues it', async () => {
    const file = join(tmp(), 'int.json');
    const { exit, stderr } = await interrupt(file, 'SIGINT');
    expect(exit.code).toBe(130);
    expect(stderr).toContain(`resume with: washboard resume ${file}`);
    const again = await node(['rate', ...LONG, '--json', '--quiet', '--checkpoint', file]);
    expect(again.stderr).toMatch(/continuing .*int\.json/);
    expect(result(again.stdout)).toEqual(uninterrupted);
  });

  it('the SLURM array task passes SIGTERM on; run again (requeued), it continues its checkpoint and the merge is identical', async () => {
    const out = tmp();
    const common = { ...env, WASHBOARD: `node ${cli}`, WASHBOARD_OUT: out, WASHBOARD_SLURM_DIR: slurm, WASHBOARD_ARGS: LONG.join(' '), WASHBOARD_CHECKPOINT_EVERY: '0.2' };
    delete (common as Record<string, unknown>).SLURM_JOB_ID;
    const task = (id: number) => ({ ...common, SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_COUNT: '2' });
    const file = join(out, 'shard-1-of-2.json');
    const child = spawn('bash', [join(slurm, 'washboard-array.sbatch')], { env: task(0) });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    while (!(existsSync(file) && /"page": \{|"done": \[\[/.test(readFileSync(file, 'utf8')))) await new Promise((r) => setTimeout(r, 25));
    child.kill('SIGTERM'); // what SLURM does before pre-emption, or at --signal=B:TERM@120
    expect(await exited).toBe(143);
    expect(readFileSync(file, 'utf8')).toMatch(/"status": "partial"/);
    for (const id of [0, 1]) await execFileP('bash', [join(slurm, 'washboard-array.sbatch')], { env: task(id) });
    await execFileP('bash', [join(slurm, 'washboard-merge.sbatch')], { env: common });
    expect(result(readFileSync(join(out, 'merged.json'), 'utf8'))).toEqual(uninterrupted);
  });

  it('SIGINT without --checkpoint says that nothing was saved', async () => {
    // Signal once the run reports its first progress (not after a fixed delay, which races with a
    // fast machine); 16 pages of work leave it far from finished at that point.
    const long = LONG.map((a, i) => (LONG[i - 1] === '--trajectories' ? '32000' : a));
    const child = spawn('node', [cli, 'rate', ...long, '--out', join(tmp(), 'out.json')], { env });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (/escaped \d+\/32000/.test(stderr)) resolve();
      });
    });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/interrupted by SIGINT; no checkpoint was requested \(--checkpoint FILE\), so nothing was saved \(\d+ of 32000 trajectories finished/);
  });
});

describe('shards and merge: the compiled CLI', () => {
  let single: string;
  beforeAll(async () => {
    single = (await node(['rate', ...SMALL, '--json', '--quiet'])).stdout;
  });

  it('rate --shard i/N --out, for 1/4 … 4/4, merged equals the single run', async () => {
    const dir = tmp();
    for (let i = 1; i <= 4; i++) {
      const { stdout } = await node(['rate', ...SMALL, '--shard', `${i}/4`, '--out', join(dir, `s${i}.json`), '--quiet', '--json']);
      expect(JSON.parse(stdout).slice).toMatchObject({ shard: `${i}/4` });
    }
    const merged = await node(['merge', ...[4, 2, 3, 1].map((i) => join(dir, `s${i}.json`)), '--json', '--out', join(dir, 'all.json')]);
    expect(result(merged.stdout)).toEqual(result(single));
    expect(JSON.parse(merged.stdout).slice).toBeUndefined();
    const text = await node(['merge', join(dir, 'all.json')]);
    expect(text.stdout).toMatch(/measured Γ\/ω_p0 = .* N_esc = \d+ of 2001/);

    // Refusals, each naming the files, exit code 2.
    const refuse = async (args: string[], message: RegExp) => {
      const c = capture();
      expect(await main(['merge', ...args], c.io)).toBe(2);
      expect(c.err()).toMatch(message);
      expect(c.out()).toBe('');
    };
    const f = (i: number) => join(dir, `s${i}.json`);
    await refuse([f(1), f(2), f(4)], /cannot merge: trajectories \[1000, 1500\) of 2001 are missing: no file given covers them \(shard 3\/4 missing\?\)/);
    await refuse([f(1), f(2), f(3), f(4), join(dir, 'all.json')], /s1\.json and .*all\.json overlap: both hold trajectories \[0, 500\)/);
    expect((await node(['rate', ...SMALL, '--seed', '8', '--shard', '3/4', '--out', join(dir, 'seed8.json'), '--quiet'])).stdout).toMatch(/shard 3\/4/);
    await refuse([f(1), f(2), join(dir, 'seed8.json'), f(4)], /s1\.json and .*seed8\.json are from different runs: seed is 7 in .*s1\.json but 8 in .*seed8\.json/);
    writeFileSync(join(dir, 'broken.json'), readFileSync(f(2), 'utf8').slice(0, 200));
    await refuse([f(1), join(dir, 'broken.json')], /broken\.json is not valid JSON/);
    await refuse([], /FILES/);
  });

  it('rejects bad --shard values and incompatible options with exit code 2', async () => {
    for (const [args, message] of [
      [['--shard', '5/4'], /invalid shard = "5\/4": allowed i\/N with integers 1 ≤ i ≤ N/],
      [['--shard', '0/4'], /invalid shard = "0\/4"/],
      [['--shard', 'two/4'], /invalid shard = "two\/4": not of the form i\/N/],
      [['--trajectories', '3', '--shard', '1/4'], /more shards than trajectories/],
      [['--shard', '1/2', '--backend', 'cpu'], /invalid backend = "cpu": --shard need the GPU engine/],
      [['--checkpoint', 'x.json', '--times', 't.csv'], /invalid times = "t.csv": per-trajectory escape times are not saved in run files/],
      [['--checkpoint', 'x.json', '--checkpoint-every', '0'], /invalid checkpoint-every = 0: allowed \(0, ∞\)/],
      [['--checkpoint', 'x.json', '--out', 'x.json'], /invalid out = "x.json"/],
    ] as const) {
      const c = capture();
      expect(await main(['rate', ...args], c.io)).toBe(2);
      expect(c.err()).toMatch(message);
    }
    const c = capture();
    expect(await main(['resume'], c.io)).toBe(2);
    expect(c.err()).toMatch(/usage: washboard resume FILE/);
  });
});

describe('device loss: the compiled CLI', () => {
  // WASHBOARD_INJECT_DEVICE_LOSS makes the host call device.destroy() during a page (a test hook).
  let single: ReturnType<typeof result>;
  beforeAll(async () => {
    single = result((await node(['rate', ...SMALL, '--json', '--quiet'])).stdout);
  });

  it('a device destroyed during page 2 is reported, replaced, and the result is unchanged (plain rate)', async () => {
    const { stdout, stderr } = await node(['rate', ...SMALL, '--page-size', '500', '--json', '--quiet'], { env: { ...env, WASHBOARD_INJECT_DEVICE_LOSS: '2' } });
    expect(stderr).toMatch(
      /washboard: GPU device failure on trajectories \[500, 1000\) \(device lost \(reason: destroyed[^\n]*\)\)\. Requesting a new device \(attempt 1 of 3\); finished pages are kept and this page is redone from step 0\./,
    );
    expect(result(stdout)).toEqual(single);
  });

  it('when replacements keep failing it gives up, says where the checkpoint is (exit 1), and resume completes it', async () => {
    const file = join(tmp(), 'lost.json');
    const failed = node(['rate', ...SMALL, '--page-size', '500', '--quiet', '--checkpoint', file], { env: { ...env, WASHBOARD_INJECT_DEVICE_LOSS: '2+' } });
    await expect(failed).rejects.toMatchObject({ code: 1 });
    const { stderr } = (await failed.catch((e: { stderr: string }) => e)) as { stderr: string };
    expect(stderr).toMatch(/attempt 3 of 3/);
    expect(stderr).toMatch(/GPU device failed on trajectories \[500, 1000\) after 4 losses in a row/);
    expect(stderr).toContain(`The finished work is saved in ${file} (500 of 2001 trajectories finished).`);
    expect(stderr).toContain(`resume with: washboard resume ${file}`);
    const resumed = await node(['resume', file, '--json', '--quiet']);
    expect(result(resumed.stdout)).toEqual(single);
    expect(JSON.parse(readFileSync(file, 'utf8').replace(/^[^{]*/, '')).history.deviceLosses).toBe(4);
  });
});

describe('corrupted or foreign checkpoints', () => {
  it('are refused with a clear message (exit 2), and never overwritten', async () => {
    const dir = tmp();
    const good = join(dir, 'good.json');
    await node(['rate', ...SMALL, '--checkpoint', good, '--quiet']);
    const original = readFileSync(good, 'utf8');

    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, original.slice(0, Math.floor(original.length * 0.6)));
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, original.replace(/"escaped":(\d+)/, (_, n: string) => `"escaped":${Number(n) - 1}`));
    const v2 = join(dir, 'v2.json');
    writeFileSync(v2, original.replace('"version": 1', '"version": 2'));

    const cases: [string[], string, RegExp][] = [
      [['resume', truncated], truncated, /truncated\.json is not valid JSON .*truncated or corrupted\. It was not used, and it has not been changed\./],
      [['resume', edited], edited, /edited\.json: checksum mismatch: the file was edited or damaged after washboard wrote it/],
      [['resume', v2], v2, /v2\.json: file format version 2; this washboard reads version 1 only/],
      [['rate', ...SMALL, '--checkpoint', truncated], truncated, /truncated\.json is not valid JSON/],
      [['rate', ...SMALL, '--checkpoint', edited], edited, /checksum mismatch/],
      [['rate', ...SMALL, '--seed', '8', '--checkpoint', good], good, /good\.json holds a run with different parameters: seed is 7 there but 8 here/],
      [['rate', ...SMALL, '--barrier-kT', '4.5', '--checkpoint', good], good, /good\.json holds a run with different parameters: theta is 0\.0149\d+ there but 0\.0133\d+ here/],
      [['rate', ...SMALL, '--shard', '2/2', '--checkpoint', good], good, /good\.json holds trajectories \[0, 2001\) but this run is \[1000, 2001\) \(shard 2\/2\)/],
      [['resume', join(dir, 'absent.json')], join(dir, 'absent.json'), /absent\.json: no such file/],
    ];
    for (const [args, file, message] of cases) {
      const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
      const c = capture();
      expect(await main(args, c.io), args.join(' ')).toBe(2);
      expect(c.err()).toMatch(message);
      expect(c.err().trim().split('\n')).toHaveLength(1);
      expect(existsSync(file) ? readFileSync(file, 'utf8') : undefined).toBe(before);
    }
  });
});

describe('the SLURM example, run locally and serially', () => {
  it('the array script for tasks 0…3 (and a Kubernetes index), then the merge script, equal the single run', async () => {
    const out = tmp();
    const single = (await node(['rate', ...SMALL, '--json', '--quiet'])).stdout;
    const common = { ...env, WASHBOARD: `node ${cli}`, WASHBOARD_OUT: out, WASHBOARD_SLURM_DIR: slurm, WASHBOARD_ARGS: SMALL.join(' ') };
    delete (common as Record<string, unknown>).SLURM_JOB_ID;
    for (const task of [0, 1, 2]) {
      await execFileP('bash', [join(slurm, 'washboard-array.sbatch')], {
        env: { ...common, SLURM_ARRAY_TASK_ID: String(task), SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_COUNT: '4' },
      });
    }
    // The last shard as a Kubernetes Indexed Job pod would run it.
    await execFileP('bash', [join(slurm, 'run-shard.sh'), ...SMALL], { env: { ...common, JOB_COMPLETION_INDEX: '3', WASHBOARD_SHARDS: '4' } });
    for (let i = 1; i <= 4; i++) expect(readFileSync(join(out, `shard-${i}-of-4.json`), 'utf8')).toMatch(/"status": "complete"/);

    // A requeued task whose shard is finished does no work again and leaves the file as it was.
    const before = readFileSync(join(out, 'shard-1-of-4.json'), 'utf8');
    await execFileP('bash', [join(slurm, 'washboard-array.sbatch')], { env: { ...common, SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '4' } });
    expect(JSON.parse(readFileSync(join(out, 'shard-1-of-4.json'), 'utf8')).statistics).toEqual(JSON.parse(before).statistics);

    const merge = await execFileP('bash', [join(slurm, 'washboard-merge.sbatch')], { env: common });
    expect(merge.stdout).toMatch(/N_esc = \d+ of 2001/);
    expect(result(readFileSync(join(out, 'merged.json'), 'utf8'))).toEqual(result(single));

    // Without an index the shard script refuses to guess.
    await expect(execFileP('bash', [join(slurm, 'run-shard.sh'), ...SMALL], { env: { ...common } })).rejects.toMatchObject({ code: 2 });
  });
});
