/**
 * The quasi-stationary ramp criterion (src/physics/quasi-stationary.ts): ε = |d ln Γ/dγ|·γ̇·t_relax,
 * checked against values computed by hand from closed forms, and its verdict on fast and slow ramps.
 */
import { describe, expect, it } from 'vitest';
import { rampAdiabaticity, wellRelaxationTime } from '../../src/physics/quasi-stationary.js';
import { barrierHeight, plasmaFrequency } from '../../src/physics/potential.js';
import { validateSwitchingParameters } from '../../src/models/switching/config.js';
import { quasiStationarity, theoryMoments } from '../../src/models/switching/report.js';

/** TST closed form, physics.md §3–4: Γ = (ω_p/2π)e^{−ΔU/θ}, ω_p = (1−γ²)^{1/4}. */
const tst = (theta: number) => (gamma: number) => (plasmaFrequency(gamma) / (2 * Math.PI)) * Math.exp(-barrierHeight(gamma) / theta);

describe('well relaxation time', () => {
  // The linearised well φ″ + φ′/Q₀ + ω_p²φ = 0 relaxes at the slower of ν = 1/(2Q₀) ∓ √(1/(4Q₀²) − ω_p²).
  const slowest = (Q0: number, gamma: number) => {
    const w2 = Math.sqrt(1 - gamma * gamma);
    const d = 1 / (4 * Q0 * Q0) - w2;
    return d <= 0 ? 1 / (2 * Q0) : 1 / (2 * Q0) - Math.sqrt(d);
  };
  it('is the amplitude decay time 2Q₀ of the underdamped well exactly', () => {
    for (const [Q0, gamma] of [[10, 0.9], [1, 0.5], [100, 0.99]] as const) expect(wellRelaxationTime(Q0, gamma)).toBeCloseTo(1 / slowest(Q0, gamma), 10);
  });
  it('approaches the overdamped creep time 1/ν_slow (within 0.1% at Q₀ = 0.01) and never undercuts it', () => {
    for (const gamma of [0, 0.5, 0.9]) {
      const exact = 1 / slowest(0.01, gamma);
      expect(wellRelaxationTime(0.01, gamma) / exact).toBeGreaterThanOrEqual(1 - 1e-12);
      expect(wellRelaxationTime(0.01, gamma) / exact).toBeLessThan(1.001);
    }
  });
});

describe('rampAdiabaticity', () => {
  it('matches ε computed by hand from the TST closed form at γ = 0.9, ΔU/k_BT = 10, Q₀ = 10, γ̇ = 1e-4', () => {
    // d ln Γ_TST/dγ = 2 arccos γ/θ − γ/(2(1−γ²)) = 2·0.451026812/0.00599315 − 0.9/0.38 = 148.145686;
    // t_relax = 2Q₀ = 20; ε = 1e-4 · 20 · 148.145686 = 0.2962914.
    const theta = 5.99315e-3;
    const r = rampAdiabaticity({ rate: tst(theta), gamma: 0.9, rampRate: 1e-4, Q0: 10 });
    expect(r.logRateSlope).toBeCloseTo(148.145686, 4);
    expect(r.relaxationTime).toBe(20);
    expect(r.rateChangePerRelaxation).toBeCloseTo(0.2962914, 6);
    expect(r.tooFast).toBe(true);
    expect(rampAdiabaticity({ rate: tst(theta), gamma: 0.9, rampRate: 1e-6, Q0: 10 }).tooFast).toBe(false);
  });

  // The switching defaults Q₀ = 10, θ = 0.01, judged at the predicted mean switching bias.
  const verdict = (rampRate: number) => {
    const config = validateSwitchingParameters({ Q0: 10, theta: 0.01, rampRate, trajectories: 16 });
    return quasiStationarity(config, null, theoryMoments(config, 0))!;
  };
  it('flags the fast ramp γ̇ = 1e-3 of issue 19 (χ² = 109/13 there) and passes γ̇ = 1e-7', () => {
    const fast = verdict(1e-3);
    expect(fast.tooFast).toBe(true);
    expect(fast.rateChangePerRelaxation).toBeGreaterThan(0.5);
    const slow = verdict(1e-7);
    expect(slow.tooFast).toBe(false);
    expect(slow.rateChangePerRelaxation).toBeLessThan(1e-3);
    // At the slow ramp's mean (ΔU/k_BT ≈ 10) the slope agrees with the TST closed form
    // 2 arccos γ/θ − γ/(2(1−γ²)) up to the slowly varying Mel'nikov–Meshkov prefactor κ·A_MM (< 2%).
    const byHand = (2 * Math.acos(slow.gamma)) / 0.01 - slow.gamma / (2 * (1 - slow.gamma ** 2));
    expect(Math.abs(slow.logRateSlope / byHand - 1)).toBeLessThan(0.02);
  });
});
