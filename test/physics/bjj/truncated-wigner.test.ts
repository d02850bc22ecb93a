import { describe, expect, it } from 'vitest';
import { exactEvolution, twoModeCoherentEvolution } from '../../../src/physics/bjj/dynamics.js';
import { exactEigenvectors, exactSpectrum } from '../../../src/physics/bjj/spectrum.js';
import {
  trajectoryEnergy,
  weylStep,
  weylTrajectory,
  wignerEnsemble,
  wignerSample,
  type TwoModeField,
} from '../../../src/physics/bjj/truncated-wigner.js';

const modulus2 = (re: number, im: number) => re * re + im * im;

describe('truncated Wigner CPU reference', () => {
  it('coherent sampling: ⟨|α|²⟩_W = |α₀|² + ½, the Weyl symbol of n (Gaussian, 20000 draws, 5σ)', () => {
    const N = 40;
    const M = 20000;
    let sa = 0;
    let sa2 = 0;
    for (let i = 0; i < M; i++) {
      const f = wignerSample(N, { kind: 'coherent', z0: 0.5, phi0: 0.7 }, i, 99);
      const na = modulus2(f.aRe, f.aIm);
      sa += na;
      sa2 += na * na;
    }
    const mean = sa / M;
    const se = Math.sqrt((sa2 / M - mean * mean) / M);
    expect(Math.abs(mean - (N * 1.5) / 2 - 0.5)).toBeLessThan(5 * se);
  });

  it('Fock sampling reproduces ⟨n⟩ and ⟨n²⟩ of |n⟩: ⟨|α|²⟩_W = n + ½, ⟨|α|⁴ − |α|²⟩_W = n² (20000 draws, 5σ)', () => {
    const n = 7;
    const M = 20000;
    const draws: number[] = [];
    for (let i = 0; i < M; i++) {
      const f = wignerSample(10, { kind: 'fock', na: n }, i, 3);
      draws.push(modulus2(f.aRe, f.aIm));
    }
    const mean = draws.reduce((a, b) => a + b, 0) / M;
    const second = draws.reduce((a, b) => a + b * b - b, 0) / M;
    const sd1 = Math.sqrt(draws.reduce((a, b) => a + (b - mean) ** 2, 0) / M);
    expect(Math.abs(mean - n - 0.5)).toBeLessThan((5 * sd1) / Math.sqrt(M));
    // |α|⁴ − |α|² has sd ≈ 2n·sd(|α|²)
    expect(Math.abs(second - n * n)).toBeLessThan((5 * 2 * (n + 1) * sd1) / Math.sqrt(M));
  });

  it('is deterministic per trajectory: the same (index, seed) gives the same sample and path', () => {
    const p = { N: 30, J: 1, U: 0.2 };
    const a = wignerSample(30, { kind: 'fock', na: 24 }, 123, 5);
    const b = wignerSample(30, { kind: 'fock', na: 24 }, 123, 5);
    expect(a).toEqual(b);
    expect(weylTrajectory(p, a, [0.5, 1]).difference).toEqual(weylTrajectory(p, b, [0.5, 1]).difference);
    expect(wignerSample(30, { kind: 'fock', na: 24 }, 124, 5)).not.toEqual(a);
  });

  it('RK4 on the Weyl equations: fitted order 4, and |α|² + |β|² conserved', () => {
    const p = { N: 40, J: 1, U: 0.375 };
    const f0 = wignerSample(40, { kind: 'coherent', z0: 0.6, phi0: 0 }, 0, 1);
    const run = (h: number) => {
      let f: TwoModeField = { ...f0 };
      for (let i = 0; i < Math.round(2 / h); i++) f = weylStep(p, f, h);
      return f;
    };
    const ref = run(1e-4);
    const steps = [0.004, 0.002, 0.001];
    const errors = steps.map((h) => Math.abs(run(h).aRe - ref.aRe));
    const order = Math.log(errors[0]! / errors[2]!) / Math.log(4);
    expect(order).toBeGreaterThan(3.7);
    expect(order).toBeLessThan(4.3);
    const norm = (f: TwoModeField) => modulus2(f.aRe, f.aIm) + modulus2(f.bRe, f.bIm);
    expect(Math.abs(norm(ref) - norm(f0))).toBeLessThan(1e-9);
  });

  it('matches the exact ⟨n_a − n_b⟩ of a two-mode coherent state at short times (1000 trajectories, seed 7, 4 standard errors)', () => {
    // The exact reference: a two-mode coherent state is a Poisson mixture over N of spin-coherent
    // states (H conserves N), so ⟨n_a − n_b⟩(t) = Σ_N P(N)·N·⟨z⟩_N(t), each from the exact solver.
    const Nbar = 50;
    const U = 0.1;
    const z0 = 0.3;
    const times = [0.25, 0.5, 1, 2, 3];
    const mixture = twoModeCoherentEvolution(Nbar, 1, U, z0, 0, (q) => {
      const s = exactSpectrum(q);
      return { spectrum: s, vectors: exactEigenvectors(s) };
    });
    const exact = times.map((t) => mixture.imbalance(t));
    const tw = wignerEnsemble({ N: Nbar, J: 1, U }, { kind: 'coherent', z0, phi0: 0 }, times, 1000, 7);
    // The truncation error of TW is far below the sampling error here (measured with 4000
    // trajectories: |TW − exact| ≤ 1.3 SE ≈ 0.003 for t ≤ 8); 4 SE is a 99.99 % two-sided band.
    times.forEach((_, k) => expect(Math.abs(tw.mean[k]! - exact[k]!)).toBeLessThan(4 * tw.standardError[k]!));
    // and the signal is not trivially small: the Josephson swing reverses z within t = 1
    expect(exact[2]!).toBeLessThan(-0.2);
  });

  it('fixed-N spin-coherent sampling matches the exact N = 50 state for t ≤ 7 ħ/J (Λ = 2.5; 1000 trajectories, seed 7, 4 SE + 0.005)', () => {
    // An approximation (rescaled Gaussian), so a systematic allowance: with 4000 trajectories the
    // deviation stays ≤ 1.8 SE ≈ 0.004 up to t = 7, and first exceeds 4 SE near t = 100 ≈ 3π/U.
    const p = { N: 50, J: 1, U: 0.1 };
    const times = [0.2, 0.5, 1, 2, 3, 5, 7];
    const s = exactSpectrum(p);
    const ev = exactEvolution(s, exactEigenvectors(s), { kind: 'spin-coherent', z0: 0.3, phi0: 0 });
    const tw = wignerEnsemble(p, { kind: 'spin-coherent', z0: 0.3, phi0: 0 }, times, 1000, 7);
    times.forEach((t, k) => expect(Math.abs(tw.mean[k]! - ev.imbalance(t))).toBeLessThan(4 * tw.standardError[k]! + 0.005));
  });

  it('never breaks down: trajectories above their own separatrix keep the sign of z (Λ = 15, z₀ = 0.6, N = 40, to t = 100 ħ/J)', () => {
    const p = { N: 40, J: 1, U: 0.75 };
    const times = Float64Array.from({ length: 200 }, (_, i) => 0.5 * (i + 1));
    let trapped = 0;
    for (let i = 0; i < 40; i++) {
      const f0 = wignerSample(40, { kind: 'coherent', z0: 0.6, phi0: 0 }, i, 11);
      if (trajectoryEnergy(p, f0) <= 1) continue;
      trapped++;
      const { difference } = weylTrajectory(p, f0, times, 0.01);
      expect(Math.min(...difference)).toBeGreaterThan(0);
    }
    expect(trapped).toBeGreaterThan(20); // 26 of 40 with this seed
  });
});
