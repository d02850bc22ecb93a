import { describe, expect, it } from 'vitest';
import { bjjCommand } from '../../src/cli/bjj.js';
import { main } from '../../src/cli/main.js';
import { capture, node } from '../support/cli.js';

async function run(args: string[]) {
  const c = capture();
  const code = await main(['bjj', ...args], c.io);
  return { code, out: c.out(), err: c.err() };
}

describe('washboard bjj', () => {
  it('spectrum --json: N = 1 levels are ±J (by hand), format header first', async () => {
    const r = await run(['spectrum', '--N', '1', '--U', '2', '--J', '0.5', '--json', '--quiet']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j).slice(0, 2)).toEqual(['format', 'version']);
    expect(j.format).toBe('washboard.bjj');
    expect(j.levels.map((l: { energy: number }) => l.energy)).toEqual([expect.closeTo(-0.5, 12), expect.closeTo(0.5, 12)]);
  });

  it('spectrum table at N = 20, Λ = 15 lists the top doublet near 1e-19', async () => {
    const r = await run(['spectrum', '--N', '20', '--quiet']);
    expect(r.code).toBe(0);
    const top = r.out.split('\n').find((l) => /^\s+0\s/.test(l))!;
    expect(top).toMatch(/e-19/);
  });

  it('dynamics --csv: U → Rabi check at N = 1 (⟨z⟩ = cos 2Jt for any U, here z₀ = 1 Fock)', async () => {
    const r = await run(['dynamics', '--N', '1', '--U', '1', '--state', 'fock', '--z0', '1', '--t-min', '0.01', '--t-max', '1', '--points', '40', '--csv', '--quiet', '--trajectories', '4']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('t,z_exact,z_exact_avg,z_meanfield,z_meanfield_avg,z_tw,z_tw_avg,z_tw_avg_se');
    for (const line of lines.slice(1)) {
      const [t, z] = line.split(',').map(Number);
      expect(z).toBeCloseTo(Math.cos(2 * t!), 5);
    }
  });

  it('dynamics --json with --distribution: P(z, t) sums to 1; progress goes to stderr', async () => {
    const c = capture();
    const code = await bjjCommand(['--N', '12', '--t-max', '100', '--points', '50', '--trajectories', '20', '--json', '--distribution'], c.io);
    expect(code).toBe(0);
    const j = JSON.parse(c.out());
    for (const P of j.distribution.P as number[][]) expect(P.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(c.err()).toMatch(/bjj: exact spectrum/);
  });

  it('breakdown --json over N = 10…20: three times per N and exponential fits', async () => {
    const r = await run(['breakdown', '--N-range', '10:20:5', '--json', '--quiet']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.points).toHaveLength(3);
    expect(j.fits.log10TunnellingTime.points).toBe(3);
    expect(j.semiclassicalGrowthRate).toBeGreaterThan(0.3);
  });

  it('dynamics --state coherent: the two-mode coherent state (Poisson mixture) at U → 0 follows z₀cos 2Jt', async () => {
    const r = await run(['dynamics', '--N', '40', '--U', '1e-9', '--z0', '0.5', '--state', 'coherent', '--t-max', '1', '--points', '30', '--trajectories', '10', '--csv', '--quiet']);
    expect(r.code).toBe(0);
    for (const line of r.out.trim().split('\n').slice(1)) {
      const [t, z] = line.split(',').map(Number);
      expect(z).toBeCloseTo(0.5 * Math.cos(2 * t!), 6);
    }
  });

  it.each([
    [['--N', '0'], /--N = 0/],
    [['--N', '2.5'], /--N/],
    [['--U', '0'], /--U = 0/],
    [['--J', '-1'], /--J = -1/],
    [['--z0', '1.2'], /--z0 = 1.2/],
    [['--z0', '-1.01'], /--z0/],
    [['--points', '20'], /cannot resolve/],
    [['--t-min', '3'], /first Josephson/],
    [['--t-min', '1', '--t-max', '0.5'], /--t-max/],
    [['breakdown', '--lambda', '5'], /not self-trapped/],
    [['breakdown', '--N-range', '0:10'], /N < 1/],
    [['nonsense'], /unknown view/],
    [['breakdown', '--state', 'coherent'], /fixed-N/],
    [['--state', 'coherent', '--json', '--distribution'], /fixed N/],
  ])('bad input %j → one line on stderr, exit 2', async (args, message) => {
    const r = await run(args as string[]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('the compiled CLI runs (node dist/cli.js bjj --help)', async () => {
    const { stdout } = await node(['bjj', '--help']);
    expect(stdout).toMatch(/usage: washboard bjj/);
  });
});
