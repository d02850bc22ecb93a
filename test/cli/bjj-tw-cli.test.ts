import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture } from '../support/cli.js';

async function run(args: string[]) {
  const c = capture();
  const code = await main(['bjj', ...args], c.io);
  return { code, out: c.out(), err: c.err() };
}

/**
 * `washboard bjj dynamics --tw-backend gpu`: the engine's truncated-Wigner ensemble fills the z_tw
 * column. Checked at U → 0 (U = 1e-9: a phase UNt ≤ 1e-7 at t = 2), where TW is exact and a Fock
 * state |30, 10⟩ has ⟨z⟩ = ½cos 2Jt: every grid point within 4 of the ensemble's own standard errors
 * (16384 trajectories, seed 1; 6.3e-5 false-alarm probability per point, ≤ 2e-3 for the 30).
 */
describe('washboard bjj --tw-backend gpu', () => {
  const args = ['dynamics', '--N', '40', '--U', '1e-9', '--state', 'fock', '--z0', '0.5', '--t-max', '2', '--points', '30', '--trajectories', '16384', '--tw-backend', 'gpu', '--quiet'];

  it('--json: the GPU ⟨z⟩(t) in `wigner` follows ½cos 2Jt (|Δ| < 4 SE at every grid time ≤ 2), no window average', async () => {
    const r = await run([...args, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.parameters.twBackend).toBe('gpu');
    expect(j.times).toHaveLength(30);
    (j.times as number[]).forEach((t, i) => {
      expect(Math.abs(j.wigner[i] - 0.5 * Math.cos(2 * t)), `t = ${t}`).toBeLessThan(4 * j.wignerRawStandardError[i]);
      expect(j.wignerAveraged[i]).toBeNull();
    });
  });

  it('--csv: same columns as the CPU backend; z_tw filled up to --tw-t-max, blank beyond', async () => {
    const r = await run([...args, '--csv', '--tw-t-max', '1']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('t,z_exact,z_exact_avg,z_meanfield,z_meanfield_avg,z_tw,z_tw_avg,z_tw_avg_se');
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      const t = Number(cells[0]);
      expect(cells[5] === '', `t = ${t}`).toBe(t > 1);
      expect(cells[6]).toBe('');
    }
  });

  it.each([
    [['--tw-backend', 'tpu'], /--tw-backend = "tpu"/],
    [['--tw-t-max', '5'], /--tw-backend gpu/],
    [['--tw-backend', 'gpu', '--tw-t-max', '0.001'], /--tw-t-max = 0.001/],
    [['--tw-backend', 'gpu', '--trajectories', '1e8'], /--trajectories/],
  ])('bad input %j → one line on stderr, exit 2', async (bad, message) => {
    const r = await run(bad as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});
