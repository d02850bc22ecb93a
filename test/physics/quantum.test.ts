import { describe, expect, it } from 'vitest';
import gammaln from '@stdlib/math-base-special-gammaln';
import { caldeiraLeggettDamping } from '../../src/physics/constants.js';
import { ParameterError } from '../../src/physics/parameters.js';
import { barrierHeight, plasmaFrequency, thetaFromBarrier } from '../../src/physics/potential.js';
import {
  crossoverTheta,
  mqtLogThermalEnhancement,
  mqtRate,
  quantumCorrection,
  quantumCorrectionProduct,
} from '../../src/physics/quantum.js';
import { logAbsGamma } from '../../src/physics/special.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('complex log-gamma', () => {
  it('matches the exact moduli |Γ(1+iy)|² = πy/sinh πy and |Γ(½+iy)|² = π/cosh πy (to 1e-13)', () => {
    for (const y of [1e-3, 0.3, 1, 4.5, 12, 40]) {
      const exact1 = 0.5 * (Math.log(Math.PI * y) - (Math.PI * y + Math.log(-Math.expm1(-2 * Math.PI * y)) - Math.LN2));
      expect(Math.abs(logAbsGamma(1, y) - exact1)).toBeLessThan(1e-13 * Math.max(1, Math.abs(exact1)));
      const exactHalf = 0.5 * (Math.log(Math.PI) - (Math.PI * y + Math.log1p(Math.exp(-2 * Math.PI * y)) - Math.LN2));
      expect(Math.abs(logAbsGamma(0.5, y) - exactHalf)).toBeLessThan(1e-13 * Math.max(1, Math.abs(exactHalf)));
    }
  });

  it('reduces to @stdlib gammaln on the real axis and is continuous onto it', () => {
    for (const x of [0.1, 1, 2.5, 17, 150]) {
      expect(logAbsGamma(x, 0)).toBe(gammaln(x));
      expect(Math.abs(logAbsGamma(x, 1e-9) - gammaln(x))).toBeLessThan(1e-12);
    }
  });

  it('ln|Γ(1.3 + 7.2i)| = −8.810527436247746 (value from mpmath loggamma, 30 digits)', () => {
    expect(Math.abs(logAbsGamma(1.3, 7.2) - -8.810527436247746)).toBeLessThan(1e-13);
  });
});

describe('quantum correction f_q above crossover', () => {
  const gamma = 0.9;
  // Junction-like ħ̃ = ħω_p0/E_J values: 0.05 is typical for µA junctions with pF capacitance.
  const hbar = 0.05;

  it('Matsubara product equals the closed Γ-function form (to 1e-9) at weak, moderate and strong damping', () => {
    for (const Q0 of [0.2, 0.9, 5, 40, 1e4]) {
      const theta0 = crossoverTheta({ gamma, Q0, hbar });
      for (const r of [1.05, 1.5, 2, 5, 30]) {
        const p = { gamma, Q0, hbar, theta: r * theta0 };
        expect(rel(quantumCorrectionProduct(p, 20000), quantumCorrection(p))).toBeLessThan(1e-9);
      }
    }
  });

  it('undamped limit is Wolynes\' sinh(ħω/2k_BT)/sin(ħω/2k_BT) (Wolynes, PRL 47, 968 (1981))', () => {
    // With ω_0 = ω_b the infinite product is Π(1 + x²/n²)/(1 − x²/n²) = sinh(πx)/sin(πx),
    // πx = ħω/2k_BT; at Q₀ = 1e9 the damping terms shift f_q by O(1e-9).
    const Q0 = 1e9;
    const w = plasmaFrequency(gamma);
    for (const r of [1.2, 2, 4, 20]) {
      const theta = r * crossoverTheta({ gamma, Q0, hbar });
      const half = (hbar * w) / (2 * theta);
      expect(rel(quantumCorrection({ gamma, Q0, hbar, theta }), Math.sinh(half) / Math.sin(half))).toBeLessThan(1e-7);
    }
  });

  it('f_q(2T₀) = sinh(π/2) = 2.3013 when undamped (physics.md: "f_q ≈ 2.3 already at T = 2T₀")', () => {
    const p = { gamma, Q0: 1e9, hbar };
    expect(Math.abs(quantumCorrection({ ...p, theta: 2 * crossoverTheta(p) }) - Math.sinh(Math.PI / 2))).toBeLessThan(1e-6);
  });

  it('T₀ is the pole of f_q: (T − T₀)·f_q tends to a finite non-zero residue, and below T₀ f_q is refused', () => {
    for (const Q0 of [0.5, 3, 100]) {
      const theta0 = crossoverTheta({ gamma, Q0, hbar });
      const res = (eps: number) => eps * quantumCorrection({ gamma, Q0, hbar, theta: theta0 * (1 + eps) });
      // Residue changes by O(eps) between eps = 1e-5 and 1e-7.
      expect(rel(res(1e-7), res(1e-5))).toBeLessThan(1e-3);
      expect(res(1e-7)).toBeGreaterThan(0);
      expect(() => quantumCorrection({ gamma, Q0, hbar, theta: theta0 * 0.999 })).toThrow(ParameterError);
      expect(() => quantumCorrectionProduct({ gamma, Q0, hbar, theta: theta0 })).toThrow(/crossover/);
    }
  });

  it('T₀ = ħλ/2πk_B tends to ħω_p/2πk_B for Q ≫ 1 and to ħω_p·Q/2πk_B for Q ≪ 1', () => {
    const w = plasmaFrequency(gamma);
    expect(rel(crossoverTheta({ gamma, Q0: 1e8, hbar }), (hbar * w) / (2 * Math.PI))).toBeLessThan(1e-8);
    const Q0 = 1e-4;
    expect(rel(crossoverTheta({ gamma, Q0, hbar }), (hbar * w * Q0 * w) / (2 * Math.PI))).toBeLessThan(1e-7);
  });

  it('classical limit ħ = 0: f_q = 1 and T₀ = 0', () => {
    const theta = thetaFromBarrier(gamma, 10);
    expect(quantumCorrection({ gamma, Q0: 3, hbar: 0, theta })).toBe(1);
    expect(crossoverTheta({ gamma, Q0: 3, hbar: 0 })).toBe(0);
  });
});

describe('Caldeira–Leggett MQT', () => {
  it('0.87 in the exponent is 45ζ(3)/(2π³) = 0.8723 (Caldeira & Leggett, Ann. Phys. 149, 374 (1983))', () => {
    expect(caldeiraLeggettDamping).toBeCloseTo(0.8723, 4);
  });

  it('undamped, a_q(ω_p/2π)e^{−36ΔU/5ħω_p} equals 12ω_p(3ΔU/2πħω_p)^{1/2}e^{−36ΔU/5ħω_p}', () => {
    for (const [gamma, hbar] of [
      [0.99, 0.01],
      [0.95, 0.05],
      [0.5, 0.2],
    ] as const) {
      const x = barrierHeight(gamma) / (hbar * plasmaFrequency(gamma));
      const w = plasmaFrequency(gamma);
      const identity = 12 * w * Math.sqrt((3 * x) / (2 * Math.PI)) * Math.exp((-36 * x) / 5);
      // Q₀ = 1e15 leaves a relative change 7.2x·0.87/Q ≈ 1e-13 from the damping term.
      expect(rel(mqtRate({ gamma, Q0: 1e15, hbar }), identity)).toBeLessThan(1e-12);
    }
  });

  it('damping suppresses tunnelling exactly by exp[−(36/5)(ΔU/ħω_p)(0.87/Q)]', () => {
    const gamma = 0.95;
    const hbar = 0.05;
    const x = barrierHeight(gamma) / (hbar * plasmaFrequency(gamma));
    const Q0 = 20;
    const Q = Q0 * plasmaFrequency(gamma);
    const ratio = mqtRate({ gamma, Q0, hbar }) / mqtRate({ gamma, Q0: 1e15, hbar });
    expect(rel(ratio, Math.exp((-36 / 5) * x * (caldeiraLeggettDamping / Q)))).toBeLessThan(1e-12);
  });

  it('thermal enhancement is (36π/Q)(ΔU/ħω_p)(k_BT/ħω_p)²: zero at T = 0 and quadratic in T', () => {
    const p = { gamma: 0.95, Q0: 20, hbar: 0.05 };
    expect(mqtLogThermalEnhancement({ ...p, theta: 0 })).toBe(0);
    const a = mqtLogThermalEnhancement({ ...p, theta: 1e-3 });
    const b = mqtLogThermalEnhancement({ ...p, theta: 2e-3 });
    expect(rel(b, 4 * a)).toBeLessThan(1e-14);
  });
});
