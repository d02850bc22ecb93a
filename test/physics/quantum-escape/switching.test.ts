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
