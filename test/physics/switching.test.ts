import { describe, expect, it } from 'vitest';
import { eulerGamma } from '../../src/physics/constants.js';
import { ParameterError } from '../../src/physics/parameters.js';
import { barrierHeightSlope } from '../../src/physics/potential.js';
import { melnikovMeshkovRate, tstRate } from '../../src/physics/rates.js';
import {
  gumbelSkewness,
  gumbelSwitching,
  ratesFromHistogram,
  switchingDistribution,
} from '../../src/physics/switching.js';
import { integrate } from '../../src/physics/quadrature.js';

const rel = (a: number, b: number) => Math.abs(a / b - 1);

describe('Fulton–Dunkleberger forward distribution', () => {
  it('an exactly exponential rate gives the Gumbel law: mean x_p − γ_Eβ, σ = πβ/√6, skewness −1.1395', () => {
    // Γ = Γ₀e^{x/β} ⇒ P(x) = (1/β)exp(z − e^z), z = (x − x_p)/β with Γ(x_p)β = ẋ: the Gumbel
    // minimum law (Gumbel, Statistics of Extremes, 1958) whose mean offset is the Euler–Mascheroni
    // constant 0.5772, variance π²β²/6 and skewness −12√6ζ(3)/π³ = −1.13955.
    const beta = 0.002;
    const ramp = 1e-6;
    const rate = (x: number) => 1e-9 * Math.exp(x / beta);
        // Start far enough left (H = 2e-6·e^{−50}) that the ramp's start cuts off no probability.
    const d = switchingDistribution({ rate, rampRate: ramp, from: -0.1, to: 0.2 });
    const peak = beta * Math.log(ramp / (1e-9 * beta));
    expect(Math.abs(d.mean - (peak - 0.5772156649 * beta))).toBeLessThan(1e-6 * beta);
    expect(rel(d.width, (Math.PI * beta) / Math.sqrt(6))).toBeLessThan(1e-6);
    expect(Math.abs(d.skewness - -1.1395470994)).toBeLessThan(1e-5);
    expect(Math.abs(gumbelSkewness - -1.1395470994)).toBeLessThan(1e-9);
    expect(d.escapedFraction).toBeCloseTo(1, 12);
  });

  it('forward then inverse is a round trip on a known Γ(γ) (Mel\'nikov–Meshkov, Q₀ = 10, θ = 0.002)', () => {
    // Expected counts N·[S(x_k) − S(x_{k+1})] of 1e12 switches, rounded to integers: the inversion
    // must return the bin average of Γ to the precision allowed by the rounding and the forward grid.
    const Q0 = 10;
    const theta = 0.002;
    const rate = (gamma: number) => melnikovMeshkovRate({ gamma, Q0, theta });
    const ramp = 1e-7; // dγ/dτ
    const d = switchingDistribution({ rate, rampRate: ramp, from: 0.8, to: 0.999, points: 20001 });
    const total = 1e12;
    const start = d.mean - 5 * d.width;
    const binWidth = d.width / 4;
    const survivalAt = (x: number) => Math.exp(-integrate(rate, 0.8, x, { relTol: 1e-13 }) / ramp);
    const counts: number[] = [];
    for (let k = 0; k < 40; k++) {
      const a = start + k * binWidth;
      counts.push(Math.round(total * (survivalAt(a) - survivalAt(a + binWidth))));
    }
    const points = ratesFromHistogram({ start, binWidth, counts, rampRate: ramp, minCount: 1e5 });
    expect(points.length).toBeGreaterThan(20);
    for (const p of points) {
      const a = p.x - binWidth / 2;
      const average = integrate(rate, a, a + binWidth) / binWidth;
      expect(rel(p.rate, average)).toBeLessThan(1e-5);
      // And the bin average is the rate at the centre up to (ΔI/β)²/24 for a near-exponential rate.
      expect(rel(p.rate, rate(p.x))).toBeLessThan(0.01);
    }
  });

  it('Gumbel asymptotics agree with the exact forward moments for a thermal junction rate, better as L grows', () => {
    // β = θ/|dΔU/dγ| (physics.md §7). Linearizing ln Γ about the peak is good to O(1/L), where
    // L = ΔU/k_BT at the peak ≈ ln(ω_pβ/2πγ̇) ≈ 25 for this slow ramp: about 3% in σ, and the true
    // distribution is somewhat less skewed than the Gumbel law's −1.14.
    const theta = 1e-4;
    const rate = (gamma: number) => tstRate({ gamma, Q0: 10, theta });
    const compare = (ramp: number) => {
      const d = switchingDistribution({ rate, rampRate: ramp, from: 0.5, to: 0.99999 });
      const g = gumbelSwitching({ rate, rampRate: ramp, beta: (x) => theta / Math.abs(barrierHeightSlope(x)), bracket: [0.5, 0.99999] });
      expect(g.mean).toBeCloseTo(g.peak - eulerGamma * g.beta, 15);
      return { mean: Math.abs(g.mean - d.mean) / d.width, width: rel(g.width, d.width), skew: Math.abs(g.skewness - d.skewness) };
    };
    const fast = compare(1e-12);
    expect(fast.mean).toBeLessThan(0.04);
    expect(fast.width).toBeLessThan(0.04);
    expect(fast.skew).toBeLessThan(0.15);
    const slow = compare(1e-18);
    expect(slow.width).toBeLessThan(fast.width);
    expect(slow.mean).toBeLessThan(fast.mean);
  });

  it('width σ grows as T^{2/3} in the thermal regime (Kurkijärvi scaling, up to its log correction)', () => {
    // σ ∝ θ^{2/3}·L^{−1/3}, L = ΔU/k_BT at the peak ≈ 20 here and slowly varying: the effective
    // exponent d ln σ/d ln θ differs from 2/3 by a few hundredths.
    const widthAt = (theta: number) =>
      switchingDistribution({ rate: (gamma) => tstRate({ gamma, Q0: 10, theta }), rampRate: 1e-8, from: 0.5, to: 0.99999 }).width;
    const exponent = Math.log(widthAt(8e-4) / widthAt(1e-4)) / Math.log(8);
    expect(Math.abs(exponent - 2 / 3)).toBeLessThan(0.04);
  });
});

describe('histogram inversion', () => {
  it('error bar is (İ/ΔI)√(n_k/(N_k N_{k+1})) and sparse bins are dropped', () => {
    const pts = ratesFromHistogram({ start: 0, binWidth: 0.5, counts: [100, 300, 50, 3], rampRate: 2, minCount: 10 });
    expect(pts.map((p) => p.x)).toEqual([0.25, 0.75]);
    expect(pts[0]!.rate).toBeCloseTo(4 * Math.log(453 / 353), 14);
    expect(pts[0]!.error).toBeCloseTo(4 * Math.sqrt(100 / (453 * 353)), 14);
  });

  it('a Monte Carlo histogram recovers Γ within its error bars (χ²/dof < 2)', () => {
    // Deterministic sampling by inverse transform from a seeded generator.
    let s = 12345;
    const uniform = () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return (s + 0.5) / 2 ** 32;
    };
    const beta = 0.01;
    const g0 = 1e-3;
    const ramp = 1e-2;
    // S(x) = exp[−(g0β/ramp)(e^{x/β} − 1)] ⇒ x = β ln(1 − ramp·ln u/(g0β)).
    const counts = new Array<number>(60).fill(0);
    for (let i = 0; i < 200_000; i++) {
      const x = beta * Math.log(1 - (ramp * Math.log(uniform())) / (g0 * beta));
      const k = Math.floor(x / 0.002);
      if (k < counts.length) counts[k]!++;
    }
    const pts = ratesFromHistogram({ start: 0, binWidth: 0.002, counts, rampRate: ramp, minCount: 20 });
    let chi2 = 0;
    for (const p of pts) {
      const a = p.x - 0.001;
      const average = ((g0 * beta) / 0.002) * (Math.exp((a + 0.002) / beta) - Math.exp(a / beta));
      chi2 += ((p.rate - average) / p.error) ** 2;
    }
    expect(pts.length).toBeGreaterThan(10);
    expect(chi2 / pts.length).toBeLessThan(2);
  });

  it('rejects non-integer counts and a non-positive ramp', () => {
    expect(() => ratesFromHistogram({ start: 0, binWidth: 1, counts: [1.5], rampRate: 1 })).toThrow(ParameterError);
    expect(() => switchingDistribution({ rate: () => 1, rampRate: 0, from: 0, to: 1 })).toThrow(/rampRate/);
  });
});
