/**
 * Switching distributions from the computed quantum rate (src/physics/quantum-escape/switching.ts).
 * - At T = 0 and weak damping the computed B agrees with Caldeira–Leggett's (36/5)x(1 + 0.87/Q) to
 *   0.1–0.4% (bounce.test.ts, docs/quantum.md), so the Fulton–Dunkleberger width from the computed
 *   Γ(γ) must approach the width from CL's formula as Q₀ grows: measured σ ratio 0.99915 (Q₀ = 100),
 *   0.99985 (Q₀ = 1000).
 * - Far above T₀ every node is f_q × Kramers, so the interpolated histogram must reproduce the one
 *   computed with that rate at every point (a consistency test of the interpolation: measured 4e-7).
 */
import { describe, expect, it } from 'vitest';
import { crossoverTheta, mqtRate, quantumCorrection } from '../../../src/physics/quantum.js';
import { kramersRate } from '../../../src/physics/rates.js';
import { switchingDistribution } from '../../../src/physics/switching.js';
import { quantumSwitching } from '../../../src/physics/quantum-escape/switching.js';
import { switchingFromRateNodes, type RateNode } from '../../../src/physics/switching-from-rates.js';
import { stepNormals } from '../../../src/engine/philox.js';
import { eulerGamma } from '../../../src/physics/constants.js';

const hbar = 0.0175; // a 1 µA, 1 pF junction
const rampRate = 1e-8; // dγ/dτ: about 0.5 mA/s for that junction

describe('switching with the computed quantum rate', () => {
  // T = 0.1T₀ instead of 0: one periodic bounce per bias instead of three (the T = 0 limit); the T²
  // enhancement there is (36π/Q)x(θ/ħω_p)² ≈ 6e-4 in ln Γ at Q₀ = 100, nearly the same at every bias.
  it('T = 0.1T₀: σ → the width from the Caldeira–Leggett rate as Q₀ grows (0.5% at Q₀ = 100, 0.1% at 1000)', () => {
    for (const [Q0, tolerance] of [
      [100, 5e-3],
      [1000, 1e-3],
    ] as const) {
      const theta = 0.1 * crossoverTheta({ gamma: 0.95, Q0, hbar });
      const computed = quantumSwitching({ Q0, hbar, theta, rampRate });
      const cl = switchingDistribution({ rate: (gamma) => mqtRate({ gamma, Q0, hbar }), rampRate, from: 0.3, to: 1 - 1e-9 });
      expect(Math.abs(computed.distribution.width / cl.width - 1)).toBeLessThan(tolerance);
      expect(Math.abs(computed.distribution.mean - cl.mean)).toBeLessThan(0.05 * cl.width);
      expect(computed.halvingChange.width).toBeLessThan(1e-3);
    }
  });

  it('far above T₀ the interpolated histogram equals the one from f_q × Kramers at every bias (consistency, 1e-5)', () => {
    const Q0 = 10;
    const theta = 5 * crossoverTheta({ gamma: 0.9, Q0, hbar });
    const computed = quantumSwitching({ Q0, hbar, theta, rampRate });
    expect(new Set(computed.nodes.map((n) => n.method))).toEqual(new Set(['thermal-fq-kramers']));
    const direct = switchingDistribution({
      rate: (gamma) => kramersRate({ gamma, Q0, theta }) * quantumCorrection({ gamma, Q0, hbar, theta }),
      rampRate,
      from: 0.3,
      to: 1 - 1e-9,
    });
    expect(Math.abs(computed.distribution.width / direct.width - 1)).toBeLessThan(1e-5);
    expect(Math.abs(computed.distribution.mean / direct.mean - 1)).toBeLessThan(1e-7);
  });

  it('σ(T) saturates below T₀ and grows above it (the MQT signature; a property, not a number from elsewhere)', () => {
    const Q0 = 30;
    const theta0 = crossoverTheta({ gamma: 0.95, Q0, hbar });
    const sigma = (theta: number) => quantumSwitching({ Q0, hbar, theta, rampRate }).distribution.width;
    const zero = sigma(0.1 * theta0);
    expect(Math.abs(sigma(0.3 * theta0) / zero - 1)).toBeLessThan(5e-3);
    expect(sigma(3 * theta0) / zero).toBeGreaterThan(1.5);
  });
});

/**
 * switchingFromRateNodes: the histogram from a rate known at a few biases with errors (the simulated
 * Γ_q(γ) of docs/ring-polymer.md §10).
 * - An exponential rate Γ = A e^{γ/β} gives the Gumbel law exactly (physics.md §7): σ = πβ/√6,
 *   ⟨γ⟩ = γ_p − 0.5772β with Γ(γ_p)β = γ̇. Five nodes over the window, spline in ln(1 − γ): measured
 *   relative width error −2.9e-4 (interpolation and the finite start of the ramp), mean 3e-5β.
 * - The linearly propagated errors of mean and width against a Monte Carlo of the same node errors
 *   (400 draws, fixed Philox stream): the sample standard deviation carries 3.5% statistical error
 *   (1/√(2·400)); tolerance 15% (> 4 of those). Measured ratios Monte Carlo/propagated: 1.003 (mean),
 *   1.029 (width), 1.057 (skewness), 1.050 and 1.028 (the density band at the peak and 2β below it;
 *   src/physics/switching-from-rates.ts).
 */
describe('switching from rate nodes with errors', () => {
  const beta = 2e-3, rampRate = 1e-8;
  // Γ(γ_p)β = γ̇ at γ_p = 0.95; the ramp starts 12β below (H = e^{−12} ≈ 6e-6 there) and ends 4β above.
  const A = (rampRate / beta) * Math.exp(-0.95 / beta);
  const [from, to] = [0.95 - 12 * beta, 0.95 + 4 * beta];
  const gammas = Array.from({ length: 5 }, (_, i) => -Math.expm1(Math.log1p(-from) + ((Math.log1p(-to) - Math.log1p(-from)) * i) / 4));
  const exact: RateNode[] = gammas.map((gamma) => ({ gamma, rate: A * Math.exp(gamma / beta), lnRateError: 0.05 }));

  it('an exponential rate through five nodes gives the Gumbel width πβ/√6 and mean γ_p − 0.5772β (1e-3)', () => {
    const r = switchingFromRateNodes(exact, rampRate, from, to);
    expect(Math.abs(r.distribution.width / ((Math.PI * beta) / Math.sqrt(6)) - 1)).toBeLessThan(1e-3);
    expect(Math.abs(r.distribution.mean - (0.95 - eulerGamma * beta))).toBeLessThan(1e-3 * beta);
  });

  it('the propagated errors of mean, width, skewness and the density band agree with a Monte Carlo of the node errors (15%)', () => {
    const r = switchingFromRateNodes(exact, rampRate, from, to);
    const draws = 400;
    const means: number[] = [];
    const widths: number[] = [];
    const skews: number[] = [];
    // The density band at the peak and 2β below it (the low tail), each on the draws' own grids.
    const probes = [0.95, 0.95 - 2 * beta];
    const densities: number[][] = probes.map(() => []);
    const at = (x: number[], f: number[], y: number) => {
      const k = x.findIndex((v) => v >= y);
      return f[k - 1]! + ((y - x[k - 1]!) / (x[k]! - x[k - 1]!)) * (f[k]! - f[k - 1]!);
    };
    for (let d = 0; d < draws; d++) {
      const z = [...stepNormals(d, 20261207, 0), ...stepNormals(d, 20261207, 1)];
      const noisy = exact.map((n, i) => ({ ...n, rate: n.rate * Math.exp(n.lnRateError * z[i]!), lnRateError: 0 }));
      const s = switchingFromRateNodes(noisy, rampRate, from, to).distribution;
      means.push(s.mean);
      widths.push(s.width);
      skews.push(s.skewness);
      probes.forEach((y, k) => densities[k]!.push(at(s.x, s.density, y)));
    }
    const sd = (x: number[]) => {
      const m = x.reduce((a, b) => a + b, 0) / x.length;
      return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1));
    };
    expect(r.meanError).toBeGreaterThan(0);
    expect(Math.abs(sd(means) / r.meanError - 1)).toBeLessThan(0.15);
    expect(Math.abs(sd(widths) / r.widthError - 1)).toBeLessThan(0.15);
    expect(Math.abs(sd(skews) / r.skewnessError - 1)).toBeLessThan(0.15);
    probes.forEach((y, k) => {
      expect(Math.abs(sd(densities[k]!) / at(r.distribution.x, r.densityError, y) - 1)).toBeLessThan(0.15);
    });
  });
});
