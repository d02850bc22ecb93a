import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture } from '../support/cli.js';

describe('washboard rate --method splitting', () => {
  const cases: [string[], RegExp][] = [
    [['--method', 'magic'], /method = "magic": allowed direct, splitting or auto/],
    [['--method', 'auto', '--trials', '64', '--trajectories', '10'], /method = "auto": allowed direct or splitting \(--trajectories is direct-only, --trials splitting-only\)/],
    [['--method', 'splitting', '--trials', '8'], /trials = 8: allowed \[32, 2\^24\]/],
    [['--method', 'splitting', '--replicas', '1'], /replicas = 1: allowed \[2, 1024\]/],
    [['--method', 'splitting', '--interface-spacing', '0'], /interface-spacing = 0: allowed \(0, 100\]/],
    [['--method', 'splitting', '--trajectories', '100'], /trajectories = "100": allowed --method direct only/],
    [['--method', 'splitting', '--checkpoint', 'x.json'], /checkpoint = "x.json": allowed --method direct only/],
    [['--method', 'splitting', '--backend', 'cpu'], /backend = "cpu": allowed gpu/],
    [['--method', 'splitting', '--gamma', '1.5'], /gamma = 1\.5: allowed \(0, 1\)/],
    [['--trials', '100'], /trials = "100": allowed --method splitting only/],
    [['--method', 'splitting', '--order-parameter', 'action'], /order-parameter = "action": allowed phase or energy/],
  ];
  for (const [argv, message] of cases) {
    it(`rejects ${argv.join(' ')} with exit code 2 and one line naming it`, async () => {
      const c = capture();
      expect(await main(['rate', ...argv], c.io)).toBe(2);
      expect(c.out()).toBe('');
      expect(c.err()).toMatch(message);
      expect(c.err().trim().split('\n')).toHaveLength(1);
    });
  }

  it('--method auto: direct at a low barrier, splitting where direct would take over 1e10 trajectory-steps', async () => {
    const low = capture();
    expect(await main(['rate', '--method', 'auto', '--barrier-kT', '3', '--trajectories', '64', '--json'], low.io)).toBe(0);
    expect(low.err()).toMatch(/auto: direct \(--trajectories given\)/);
    expect(JSON.parse(low.out())).toHaveProperty('survival');
    // γ = 0.9, Q₀ = 10, ΔU/k_BT = 20: 4096 trajectories × 1/Γ_MM ≈ 5·10⁹/ω_p0 at Δτ = 0.05: ≈ 4·10¹⁴ steps.
    const high = capture();
    expect(await main(['rate', '--method', 'auto', '--barrier-kT', '20', '--json'], high.io)).toBe(0);
    expect(high.err()).toMatch(/auto: splitting \(direct would take about [0-9.]+e\+1[0-9] trajectory-steps\)/);
    expect(JSON.parse(high.out()).method).toBe('splitting');
  });

  it('prints the rate with its per-interface table, and JSON of the rate report shape', async () => {
    const argv = ['rate', '--method', 'splitting', '--gamma', '0.9', '--Q', '1', '--barrier-kT', '6', '--trials', '512', '--seed', '3', '--quiet'];
    const text = capture();
    expect(await main(argv, text.io)).toBe(0);
    expect(text.out()).toMatch(/forward-flux sampling/);
    expect(text.out()).toMatch(/measured Γ\/ω_p0 = /);
    expect(text.out()).toMatch(/Mel'nikov–Meshkov/);
    const json = capture();
    expect(await main([...argv, '--json'], json.io)).toBe(0);
    const r = JSON.parse(json.out());
    expect(r.format).toBe('washboard.rate');
    expect(r.method).toBe('splitting');
    for (const key of ['parameters', 'derived', 'measured', 'formulas', 'ratios', 'run']) expect(r).toHaveProperty(key);
    // Six interfaces after λ₀ at ΔU/k_BT = 6 (1 … 5 k_BT, the top, the escape point); the rate is Φ₀ × mean of the replicas' Π p.
    expect(r.splitting.interfaces).toHaveLength(6);
    const mean = r.splitting.replicaRates.reduce((a: number, b: number) => a + b, 0) / r.parameters.replicas;
    expect(r.measured.rate).toBeCloseTo(mean, 15);
    expect(r.measured.lower).toBeLessThan(r.measured.rate);
    expect(r.measured.upper).toBeGreaterThan(r.measured.rate);
    // Same seed, same numbers: the text and the JSON come from identical runs.
    expect(text.out()).toContain(r.measured.rate.toExponential(3));
  });
});
