import { describe, expect, it } from 'vitest';
import {
  breakdownOf,
  breakdownScan,
  fitExponentialGrowth,
  log10MeanTunnellingTime,
  semiclassicalGrowthRate,
  semiclassicalGrowthRateAtEnergy,
} from '../../../src/physics/bjj/breakdown.js';
import { exactEvolution } from '../../../src/physics/bjj/dynamics.js';
import { exactEigenvectors, exactSpectrum } from '../../../src/physics/bjj/spectrum.js';

describe('breakdown of self-trapping', () => {
  it('one dominant doublet: the first zero of the smoothed ⟨z⟩ is t_Δ/2 = πħ/2Δ (consistency of dynamics and spectrum)', () => {
    const s = exactSpectrum({ N: 20, J: 1, U: 1.5 });
    const b = breakdownOf(s, exactEvolution(s, exactEigenvectors(s), { kind: 'fock', na: 20 }), { smoothing: 0.05 });
    expect(b.dominantRank).toBe(0);
    expect(b.dominantWeight).toBeGreaterThan(0.9);
    expect(b.log10TunnellingTime).toBeGreaterThan(19);
    // With κ = 0.05 the window shifts the zero of cos(Δt)e^{−(κΔt)²/2} not at all; the other doublets
    // (weights < 0.1, splittings ≥ 1e4 Δ) have averaged out long before.
    expect(Math.abs(b.log10FirstZero! - (b.log10TunnellingTime - Math.log10(2)))).toBeLessThan(0.01);
  });

  it('top doublet: ln(πħ/Δ) grows with N at the WKB action per particle s(ε_max), fitted a + sN + c ln N over N = 20…200', () => {
    const lambda = 15;
    const Ns = [20, 40, 60, 80, 100, 140, 200];
    const y = Ns.map((N) => {
      const d = exactSpectrum({ N, J: 1, U: (2 * lambda) / N }).doublets[0]!;
      return Math.log(Math.PI) - d.log10Splitting * Math.LN10;
    });
    // least squares for (a, s, c)
    const rows = Ns.map((N) => [1, N, Math.log(N)]);
    const ata = [0, 1, 2].map((i) => [0, 1, 2].map((j) => rows.reduce((acc, r) => acc + r[i]! * r[j]!, 0)));
    const atb = [0, 1, 2].map((i) => rows.reduce((acc, r, k) => acc + r[i]! * y[k]!, 0));
    const solve = (A: number[][], b: number[]) => {
      const m = A.map((r, i) => [...r, b[i]!]);
      for (let c = 0; c < 3; c++) {
        for (let r = c + 1; r < 3; r++) {
          const f = m[r]![c]! / m[c]![c]!;
          for (let k = c; k < 4; k++) m[r]![k] = m[r]![k]! - f * m[c]![k]!;
        }
      }
      const x = [0, 0, 0];
      for (let r = 2; r >= 0; r--) x[r] = (m[r]![3]! - m[r]!.slice(r + 1, 3).reduce((acc, v, k) => acc + v * x[r + 1 + k]!, 0)) / m[r]![r]!;
      return x;
    };
    const [, rate] = solve(ata, atb);
    // The top of the mean-field energy: H(z*, π) = Λ/2 + 1/(2Λ), √(1 − z*²) = 1/Λ.
    const sTop = semiclassicalGrowthRateAtEnergy(lambda, lambda / 2 + 1 / (2 * lambda));
    expect(Math.abs(rate! / sTop - 1)).toBeLessThan(0.01);
  });

  it('spin-coherent z₀ = 0.6, Λ = 15: the breakdown time grows exponentially over N = 10…60 (every definition)', () => {
    const Ns = [10, 20, 30, 40, 50, 60];
    const points = breakdownScan(Ns, 15, 0.6, 0);
    for (const key of ['log10TunnellingTime', 'log10HalfTime', 'log10FirstZero'] as const) {
      const fit = fitExponentialGrowth(Ns, points.map((q) => q[key]));
      expect(fit.points).toBe(Ns.length);
      expect(fit.rate).toBeGreaterThan(3 * fit.rateError);
      expect(fit.rate).toBeGreaterThan(0.2);
    }
  });

  it('spin-coherent z₀ = 0.6, Λ = 15: the local growth rate of ln t̄_Δ converges to the WKB action s(ε₀) (N = 400, 800, 1600)', () => {
    // Exact dynamics against an integral that knows nothing of it. Measured local rates:
    // 0.3510 (100→200), 0.3541 (200→400), 0.3604 (400→800), 0.3624 (800→1600); s = 0.36272.
    const lnT = [400, 800, 1600].map((N) => {
      const s = exactSpectrum({ N, J: 1, U: 30 / N });
      return log10MeanTunnellingTime(exactEvolution(s, exactEigenvectors(s), { kind: 'spin-coherent', z0: 0.6, phi0: 0 })) * Math.LN10;
    });
    const s = semiclassicalGrowthRate(15, 0.6, 0);
    const early = (lnT[1]! - lnT[0]!) / 400;
    const late = (lnT[2]! - lnT[1]!) / 800;
    expect(Math.abs(late / s - 1)).toBeLessThan(0.003);
    expect(Math.abs(late - s)).toBeLessThan(Math.abs(early - s)); // converging
  });

  it('fitExponentialGrowth recovers a known line', () => {
    const Ns = [10, 20, 30, 40];
    const fit = fitExponentialGrowth(Ns, Ns.map((N) => (2 + 0.5 * N) / Math.LN10));
    expect(fit.rate).toBeCloseTo(0.5, 12);
    expect(fit.intercept).toBeCloseTo(2, 10);
  });
});
