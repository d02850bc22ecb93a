import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../src/physics/parameters.js';
import {
  logOverdampedMeanFirstPassageTime,
  overdampedMeanFirstPassageTime,
} from '../../src/physics/mfpt.js';
import { barrierHeight, thetaFromBarrier } from '../../src/physics/potential.js';
import { kramersRate, smoluchowskiRate } from '../../src/physics/rates.js';

/**
 * Independent brute force: the textbook double integral on a uniform grid with the trapezoid rule,
 * the inner integral started far to the left (no periodic-sum trick, no log space, no adaptivity).
 * Only usable where e^{±u/θ} stays inside f64.
 */
function bruteForceMfpt(gamma: number, Q0: number, theta: number, start: number, absorbing: number): number {
  // Grid chosen so that `start` is a node: h divides [start, absorbing], and the inner
  // integral starts K nodes (eight periods, a factor e^{−16πγ/θ} of weight) further left.
  const m = 100_000;
  const h = (absorbing - start) / m;
  const k = Math.ceil((16 * Math.PI) / h);
  const left = start - k * h;
  const n = k + m;
  const u = (x: number) => -Math.cos(x) - gamma * x;
  let inner = 0;
  let outer = 0;
  let prevOuter = 0;
  let prevInnerIntegrand = Math.exp(-u(left) / theta);
  for (let i = 1; i <= n; i++) {
    const x = left + i * h;
    const innerIntegrand = Math.exp(-u(x) / theta);
    inner += 0.5 * h * (prevInnerIntegrand + innerIntegrand);
    prevInnerIntegrand = innerIntegrand;
    const g = Math.exp(u(x) / theta) * inner;
    if (i > k) outer += 0.5 * h * (prevOuter + g);
    prevOuter = g;
  }
  return outer / (Q0 * theta);
}

describe('exact overdamped mean first-passage time', () => {
  it('agrees with a brute-force trapezoid double integral at moderate θ (to 1e-6; trapezoid error ~h²)', () => {
    const cases = [
      { gamma: 0.5, Q0: 0.7, theta: 0.3, start: Math.asin(0.5), absorbing: Math.asin(0.5) + 2 * Math.PI },
      { gamma: 0.2, Q0: 0.05, theta: 0.5, start: 0, absorbing: 3 },
      { gamma: 0.8, Q0: 0.3, theta: 0.05, start: -1, absorbing: 9 },
    ];
    for (const c of cases) {
      const exact = overdampedMeanFirstPassageTime(c);
      const brute = bruteForceMfpt(c.gamma, c.Q0, c.theta, c.start, c.absorbing);
      expect(Math.abs(exact / brute - 1)).toBeLessThan(1e-6);
    }
  });

  it('defaults: start at the well minimum, absorb at the next well minimum', () => {
    const p = { gamma: 0.5, Q0: 0.7, theta: 0.3 };
    const explicit = { ...p, start: Math.asin(0.5), absorbing: Math.asin(0.5) + 2 * Math.PI };
    expect(overdampedMeanFirstPassageTime(p)).toBe(overdampedMeanFirstPassageTime(explicit));
  });

  it('converges to the Kramers–Smoluchowski time 2π/(Q₀ω_p²)·e^{ΔU/θ} with error O(θ/ΔU)', () => {
    // Large-barrier Laplace evaluation of both integrals gives exactly 1/Γ_Smoluchowski; the
    // remaining relative error is first order in k_BT/ΔU, so (ratio − 1)·ΔU/θ must stay bounded
    // and the ratio must approach 1 monotonically.
    const gamma = 0.9;
    let previous = Number.POSITIVE_INFINITY;
    for (const b of [10, 20, 40, 80, 160]) {
      const p = { gamma, Q0: 0.1, theta: thetaFromBarrier(gamma, b) };
      const ratio = overdampedMeanFirstPassageTime(p) * smoluchowskiRate(p);
      const err = Math.abs(ratio - 1);
      expect(err * b).toBeLessThan(3);
      expect(err).toBeLessThan(previous);
      previous = err;
    }
  });

  it('stays finite in log form far beyond f64 (ΔU/θ = 3000), still matching Smoluchowski to 1e-3', () => {
    const gamma = 0.5;
    const p = { gamma, Q0: 0.2, theta: barrierHeight(gamma) / 3000 };
    const logT = logOverdampedMeanFirstPassageTime(p);
    const wp2 = Math.sqrt(1 - gamma * gamma);
    const logAsymptotic = Math.log((2 * Math.PI) / (p.Q0 * wp2)) + 3000;
    expect(Number.isFinite(logT)).toBe(true);
    expect(Math.abs(logT - logAsymptotic)).toBeLessThan(1e-3);
    expect(overdampedMeanFirstPassageTime(p)).toBe(Number.POSITIVE_INFINITY);
  });

  it('is the inverse Kramers rate at small Q₀ and large barrier (Kramers → Smoluchowski), to 2%', () => {
    // ΔU/θ = 40 leaves O(θ/ΔU) ≈ 1–2% asymptotic error; κ ≈ Q(γ) costs another Q² ≈ 1e-6.
    const p = { gamma: 0.6, Q0: 1e-3, theta: thetaFromBarrier(0.6, 40) };
    expect(Math.abs(overdampedMeanFirstPassageTime(p) * kramersRate(p) - 1)).toBeLessThan(0.02);
  });

  it('rejects γ = 0, absorbing ≤ start and bad θ', () => {
    expect(() => overdampedMeanFirstPassageTime({ gamma: 0, Q0: 1, theta: 0.1 })).toThrow(ParameterError);
    expect(() => overdampedMeanFirstPassageTime({ gamma: 0.5, Q0: 1, theta: 0.1, start: 2, absorbing: 1 })).toThrow(/absorbing/);
    expect(() => overdampedMeanFirstPassageTime({ gamma: 0.5, Q0: 1, theta: 0 })).toThrow(/theta/);
  });
});
