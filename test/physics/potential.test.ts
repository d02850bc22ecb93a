import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../src/physics/parameters.js';
import {
  action,
  actionCubic,
  barrierHeight,
  barrierHeightCubic,
  barrierHeightSlope,
  barrierTop,
  energyLossPerOscillation,
  kramersFactor,
  plasmaFrequency,
  qualityFactor,
  thetaFromBarrier,
  turningPointDistance,
  washboardPotential,
  wellMinimum,
} from '../../src/physics/potential.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('washboard potential', () => {
  it('extrema are where the force γ − sin φ vanishes, with u″ = ±√(1−γ²) = ±ω_p²', () => {
    for (const g of [0, 0.3, 0.9, 0.999]) {
      const a = wellMinimum(g);
      const b = barrierTop(g);
      expect(Math.abs(g - Math.sin(a))).toBeLessThan(1e-15);
      expect(Math.abs(g - Math.sin(b))).toBeLessThan(1e-15);
      expect(Math.cos(a)).toBeCloseTo(plasmaFrequency(g) ** 2, 14);
      expect(Math.cos(b)).toBeCloseTo(-(plasmaFrequency(g) ** 2), 14);
    }
  });

  it('exact barrier height equals u(φ_max) − u(φ_min) evaluated directly (moderate γ, no cancellation)', () => {
    for (const g of [0, 0.1, 0.5, 0.9]) {
      const direct = washboardPotential(g, barrierTop(g)) - washboardPotential(g, wellMinimum(g));
      expect(Math.abs(barrierHeight(g) - direct)).toBeLessThan(1e-14);
    }
    expect(Math.abs(barrierHeight(0) - 2)).toBeLessThan(1e-15);
  });

  it('ΔU → cubic form as γ → 1, with relative difference O(1−γ) (expansion: ΔU_cubic/ΔU = 1 − (1−γ)/20 + …)', () => {
    // With α = arccos γ: ΔU = (2/3)α³(1 − α²/10 + …) and ΔU_cubic = (2/3)α³(1 − α²/8 + …), and
    // α² = 2(1−γ) + …, so the cubic is low by (1−γ)/20 (0.5% at γ = 0.9, as physics.md says).
    for (const e of [1e-2, 1e-4, 1e-6, 1e-9, 1e-12]) {
      const g = 1 - e;
      const eps = 1 - g; // exact in f64, unlike e
      // eps² bounds the next term; 1e-15 is the rounding floor of a ratio of two f64 results.
      expect(Math.abs(barrierHeightCubic(g) / barrierHeight(g) - 1 + eps / 20)).toBeLessThan(eps * eps + 1e-15);
    }
  });

  it('the cubic barrier is 3.8% low at γ = 0.3 and 0.5% low at γ = 0.9 (physics.md §3)', () => {
    expect(barrierHeightCubic(0.3) / barrierHeight(0.3) - 1).toBeCloseTo(-0.038, 3);
    expect(barrierHeightCubic(0.9) / barrierHeight(0.9) - 1).toBeCloseTo(-0.005, 3);
  });

  it('dΔU/dγ = −2 arccos γ matches a central difference', () => {
    for (const g of [0.2, 0.7, 0.95]) {
      const h = 1e-6;
      const fd = (barrierHeight(g + h) - barrierHeight(g - h)) / (2 * h);
      expect(Math.abs(fd - barrierHeightSlope(g))).toBeLessThan(1e-8);
    }
  });

  it('plasma frequency and Q(γ) scale as (1−γ²)^{1/4}', () => {
    expect(plasmaFrequency(0)).toBe(1);
    expect(rel(plasmaFrequency(0.9), Math.pow(0.19, 0.25))).toBeLessThan(1e-15);
    expect(rel(qualityFactor(10, 0.9), 10 * Math.pow(0.19, 0.25))).toBeLessThan(1e-15);
  });

  it('turning point satisfies u(φ_t) = u(φ_max)', () => {
    for (const g of [0.1, 0.5, 0.9]) {
      const phiT = barrierTop(g) - turningPointDistance(g);
      expect(phiT).toBeLessThan(wellMinimum(g));
      expect(Math.abs(washboardPotential(g, phiT) - washboardPotential(g, barrierTop(g)))).toBeLessThan(1e-14);
    }
  });
});

describe('action S̃', () => {
  it('S̃(0) = 16 exactly (∮ of 2|sin(φ/2)| over a full period)', () => {
    expect(Math.abs(action(0) - 16)).toBeLessThan(1e-12);
  });

  it('S̃(0.9) = 0.653690 (physics.md §8)', () => {
    expect(Math.abs(action(0.9) - 0.65369)).toBeLessThan(5e-7);
  });

  it('S̃ → (36/5)ΔU/(1−γ²)^{1/4} as γ → 1, with a relative gap shrinking ∝ (1−γ)', () => {
    // Relative gap at γ = 0.9 is 1.7e-4 (physics.md §8: 0.653690 vs cubic 0.653581).
    for (const eps of [1e-2, 1e-4, 1e-6, 1e-9, 1e-12]) {
      const g = 1 - eps;
      const exactCubicForm = ((36 / 5) * barrierHeight(g)) / plasmaFrequency(g);
      expect(rel(action(g), exactCubicForm)).toBeLessThan(0.02 * eps + 1e-12);
      expect(rel(action(g), actionCubic(g))).toBeLessThan(0.2 * eps + 1e-12);
    }
  });

  it('Δ = S̃/(Q₀θ) and θ from ΔU/k_BT = 10 reproduce physics.md §8 (θ = 5.99315e-3, Δ = 109.1 at Q₀ = 1)', () => {
    const theta = thetaFromBarrier(0.9, 10);
    expect(rel(theta, 5.99315e-3)).toBeLessThan(1e-6);
    expect(energyLossPerOscillation(1, 0.9, theta)).toBeCloseTo(109.07, 2);
  });
});

describe('κ and input validation', () => {
  it('κ → Q for Q ≪ 1 and → 1 − 1/(2Q) for Q ≫ 1', () => {
    expect(rel(kramersFactor(1e-8), 1e-8)).toBeLessThan(1e-15);
    expect(Math.abs(kramersFactor(1e6) - (1 - 0.5e-6))).toBeLessThan(1e-12);
  });

  it('rejects γ outside [0, 1) and non-positive Q₀ or θ with a ParameterError', () => {
    expect(() => barrierHeight(1)).toThrow(ParameterError);
    expect(() => barrierHeight(-0.1)).toThrow(/gamma = -0.1/);
    expect(() => plasmaFrequency(Number.NaN)).toThrow(ParameterError);
    expect(() => qualityFactor(0, 0.5)).toThrow(/Q0/);
    expect(() => energyLossPerOscillation(1, 0.5, -1)).toThrow(/theta/);
  });
});
