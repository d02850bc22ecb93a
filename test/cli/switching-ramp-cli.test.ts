/**
 * `washboard switching` says when its ramp is too fast for quasi-stationary escape, next to the χ²
 * (docs/switching.md). The fast ramp of issue 19, γ̇ = 1e-3 at Q₀ = 10, θ = 0.01, on the f64 CPU
 * reference with 200 trajectories (seed fixed); ε is checked against the criterion recomputed from
 * the reported predicted mean with the closed-form Mel'nikov–Meshkov rate.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { melnikovMeshkovRate } from '../../src/physics/rates.js';
import { capture } from '../support/cli.js';

const ARGS = ['switching', '--backend', 'cpu', '--ramp-rate', '1e-3', '--trajectories', '200', '--seed', '3', '--quiet'];

describe('washboard switching: ramp too fast', () => {
  it('JSON carries quasiStationary with tooFast and ε at the predicted mean', async () => {
    const c = capture();
    expect(await main([...ARGS, '--json'], c.io)).toBe(0);
    const r = JSON.parse(c.out());
    const q = r.quasiStationary;
    expect(q.at).toBe('predicted mean');
    expect(q.gamma).toBe(r.theory.classical.mean);
    expect(q.relaxationTime).toBe(20); // 2Q₀: underdamped
    // d ln Γ_MM/dγ by a wider central difference than the code's (h = 1e-4): ε to 1e-3.
    const h = 1e-4;
    const rate = (g: number) => melnikovMeshkovRate({ gamma: g, Q0: 10, theta: 0.01 });
    const slope = (Math.log(rate(q.gamma + h)) - Math.log(rate(q.gamma - h))) / (2 * h);
    expect(q.rateChangePerRelaxation / (Math.abs(slope) * 1e-3 * 20)).toBeCloseTo(1, 3);
    expect(q.tooFast).toBe(true);
    expect(q.criterion).toMatch(/d ln Γ\/dγ/);
  });

  it('a ramp so fast that the predicted start falls below γ = 0 starts at 1e-3 (it used to fail with "gamma = 0"), flagged', async () => {
    const c = capture();
    expect(await main(['switching', '--backend', 'cpu', '--ramp-rate', '1e-2', '--trajectories', '8', '--quiet', '--json'], c.io), c.err()).toBe(0);
    const r = JSON.parse(c.out());
    expect(r.parameters.gammaStart).toBe(1e-3);
    expect(r.quasiStationary.tooFast).toBe(true);
  });

  it('text: the note sits right after the χ² lines', async () => {
    const c = capture();
    expect(await main(ARGS, c.io)).toBe(0);
    const lines = c.out().split('\n');
    expect(lines.some((l) => /Mel'nikov–Meshkov.*χ² =/.test(l))).toBe(true);
    const chi = lines.map((l) => /χ² = .*, p = /.test(l)).lastIndexOf(true);
    expect(lines[chi + 1]).toMatch(/ramp too fast for quasi-stationary escape/);
    expect(lines[chi + 2]).toMatch(/quasi-stationary escape needs \|d ln Γ\/dγ\|·γ̇·t_relax < 0\.1/);
  });
});
