/**
 * A rate run in which nothing escapes: the report is an upper bound, never "Γ = 0 ± Infinity%".
 * ΔU/k_BT = 40 and a censoring time of 20/ω_p0 make an escape impossible in practice (Γ_MM·Σt is
 * about 1e-15 here), so the count is exactly 0 with any seed. The bound is checked against the
 * closed form of the zero-count Poisson limit, P(0 | ΓΣt) = e^{−ΓΣt} = 0.05, from the reported
 * exposure, and the exposure against its own closed form, N·(steps run)·Δτ.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture } from '../support/cli.js';

const ARGS = ['rate', '--backend', 'cpu', '--barrier-kT', '40', '--trajectories', '64', '--max-time', '20', '--quiet'];

describe('washboard rate with no escapes', () => {
  it('JSON: rate 0, relativeError null (not Infinity), rateUpperBound95 = −ln(0.05)/exposure', async () => {
    const c = capture();
    expect(await main([...ARGS, '--json'], c.io)).toBe(0);
    const r = JSON.parse(c.out());
    expect(r.measured.escaped).toBe(0);
    expect(r.measured.rate).toBe(0);
    expect(r.measured.relativeError).toBeNull();
    // Every trajectory survives the whole run: Σt = N · maxSteps · Δτ.
    expect(r.measured.exposure).toBeCloseTo(64 * r.parameters.maxSteps * r.parameters.dt, 9);
    expect(r.measured.rateUpperBound95).toBeCloseTo(2.995732273553991 / r.measured.exposure, 15);
    expect(Math.exp(-r.measured.rateUpperBound95 * r.measured.exposure)).toBeCloseTo(0.05, 14);
    expect(c.out()).not.toMatch(/Infinity|NaN/);
  });

  it('text: "no escapes; Γ/ω_p0 < x at 95%", no ±Infinity%', async () => {
    const c = capture();
    expect(await main(ARGS, c.io)).toBe(0);
    const text = c.out();
    const m = /no escapes; Γ\/ω_p0 < (\S+) at 95%/.exec(text);
    expect(m, text).not.toBeNull();
    // 64 trajectories × 20/ω_p0 = 1280/ω_p0 of exposure; the bound 2.9957/1280 to the printed 4 digits.
    expect(Number(m![1])).toBeCloseTo(2.995732273553991 / 1280, 6);
    expect(text).not.toMatch(/Infinity|NaN/);
  });

  it('a run that escapes has no bound (null) and a finite relative error', async () => {
    const c = capture();
    expect(await main(['rate', '--backend', 'cpu', '--barrier-kT', '2', '--trajectories', '32', '--quiet', '--json'], c.io)).toBe(0);
    const r = JSON.parse(c.out());
    expect(r.measured.escaped).toBeGreaterThan(0);
    expect(r.measured.rateUpperBound95).toBeNull();
    expect(r.measured.relativeError).toBeCloseTo(1 / Math.sqrt(r.measured.escaped), 15);
  });
});
