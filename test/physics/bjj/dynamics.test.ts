import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { exactEvolution, imbalanceExpectation, initialAmplitudes, twoModeCoherentEvolution } from '../../../src/physics/bjj/dynamics.js';
import { reducedPhase } from '../../../src/physics/bjj/phase.js';
import { exactEigenvectors, exactSpectrum } from '../../../src/physics/bjj/spectrum.js';
import type { JunctionParameters } from '../../../src/physics/bjj/model.js';

function evolve(p: JunctionParameters, initial: Parameters<typeof exactEvolution>[2]) {
  const s = exactSpectrum(p);
  return exactEvolution(s, exactEigenvectors(s), initial);
}

function binomial(N: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (N - k + i)) / i;
  return c;
}

describe('exact dynamics', () => {
  it('N = 1: ⟨z⟩ = cos 2Jt from |1, 0⟩ whatever U (by hand: U never acts on one boson)', () => {
    const ev = evolve({ N: 1, J: 0.9, U: 5 }, { kind: 'fock', na: 1 });
    for (const t of [0, 0.3, 1.1, 7.9]) expect(ev.imbalance(t)).toBeCloseTo(Math.cos(2 * 0.9 * t), 13);
  });

  it('N = 2 from |2, 0⟩: ⟨z⟩ = w cos((U/2 − R)t) + (1 − w)cos((U/2 + R)t), R = √(U²/4 + 4J²) (by hand)', () => {
    const U = 0.7;
    const J = 1;
    const R = Math.sqrt((U * U) / 4 + 4 * J * J);
    // weight of (|0⟩ + |2⟩)/√2 on the upper even eigenvector of [[U, −2J], [−2J, 0]]
    const w = 1 / (1 + (U / 2 - R) ** 2 / (4 * J * J));
    const ev = evolve({ N: 2, J, U }, { kind: 'fock', na: 2 });
    for (const t of [0, 0.3, 1.7, 5, 40]) expect(ev.imbalance(t)).toBeCloseTo(w * Math.cos((U / 2 - R) * t) + (1 - w) * Math.cos((U / 2 + R) * t), 12);
  });

  it('U = 0 Rabi limit at N = 30: ⟨z⟩ = cos 2Jt and P(n_a, t) = C(N, n_a) cos^{2n_a}(Jt) sin^{2(N−n_a)}(Jt) from |N, 0⟩', () => {
    const N = 30;
    const J = 1;
    const ev = evolve({ N, J, U: 0 }, { kind: 'fock', na: N });
    for (const t of [0.2, 0.9, 2.5]) {
      expect(ev.imbalance(t)).toBeCloseTo(Math.cos(2 * J * t), 11);
      const P = ev.distribution(t);
      for (let n = 0; n <= N; n++) {
        const exact = binomial(N, n) * Math.cos(J * t) ** (2 * n) * Math.sin(J * t) ** (2 * (N - n));
        expect(Math.abs(P[n]! - exact)).toBeLessThan(1e-11);
      }
    }
  });

  it('U = 0 Rabi limit, spin-coherent (z₀, φ₀): ⟨z⟩ = z₀cos 2Jt − √(1 − z₀²) sin φ₀ sin 2Jt (Bloch rotation about x)', () => {
    const z0 = 0.35;
    const phi0 = 1.1;
    const ev = evolve({ N: 25, J: 1, U: 0 }, { kind: 'spin-coherent', z0, phi0 });
    for (const t of [0, 0.4, 1.3, 3.3]) {
      expect(ev.imbalance(t)).toBeCloseTo(z0 * Math.cos(2 * t) - Math.sqrt(1 - z0 * z0) * Math.sin(phi0) * Math.sin(2 * t), 11);
    }
  });

  it('two-mode coherent state at U = 0: ⟨n_a − n_b⟩/N̄ = z₀cos 2Jt − √(1 − z₀²) sin φ₀ sin 2Jt (linear equations of motion)', () => {
    const z0 = -0.2;
    const phi0 = 0.8;
    const ev = twoModeCoherentEvolution(30, 1, 0, z0, phi0, (q) => {
      const s = exactSpectrum(q);
      return { spectrum: s, vectors: exactEigenvectors(s) };
    });
    for (const t of [0.3, 1.7, 4]) expect(ev.imbalance(t)).toBeCloseTo(z0 * Math.cos(2 * t) - Math.sqrt(1 - z0 * z0) * Math.sin(phi0) * Math.sin(2 * t), 9);
  });

  it('a spin-coherent state has ⟨z⟩ = z₀ and unit norm (binomial identities)', () => {
    const psi = initialAmplitudes(200, { kind: 'spin-coherent', z0: -0.42, phi0: 2 });
    let norm = 0;
    for (let n = 0; n <= 200; n++) norm += psi.re[n]! ** 2 + psi.im[n]! ** 2;
    expect(norm).toBeCloseTo(1, 13);
    expect(imbalanceExpectation(200, psi)).toBeCloseTo(-0.42, 13);
  });

  it('reducedPhase(ω, t) matches 50-digit arithmetic up to ωt ~ 1e15', () => {
    const D = Decimal.clone({ precision: 50 });
    const twoPi = D.acos(-1).mul(2);
    for (const [omega, t] of [
      [1.2345678901234567e-19, 3.3e25],
      [0.7071067811865476, 1.9e15],
      [-3.1e-7, 4.4e12],
    ] as const) {
      // toPrecision(40) writes the binary values exactly; new D(number) would round them to 17 digits.
      const exact = new D(omega.toPrecision(40)).mul(new D(t.toPrecision(40)));
      let r = exact.minus(twoPi.mul(exact.div(twoPi).round()));
      if (r.gte(twoPi.div(2))) r = r.minus(twoPi);
      expect(Math.abs(reducedPhase(omega, t) - r.toNumber())).toBeLessThan(1e-15);
    }
  });

  it('at t ~ 1e19 the top doublet of N = 20, Λ = 15 carries ⟨z⟩ from +z to −z as cos(Δt) (consistency with the two-level form)', () => {
    const ev = evolve({ N: 20, J: 1, U: 1.5 }, { kind: 'fock', na: 20 });
    const top = ev.doublets.find((d) => d.rank === 0)!;
    expect(top.weight).toBeGreaterThan(0.9);
    const Delta = Math.abs(top.splitting);
    // Smoothed over a window wide against the plasma period but narrow against 1/Δ.
    for (const x of [0.5, Math.PI / 2, 2, Math.PI]) {
      const t = x / Delta;
      const twoLevel = top.plateau * Math.cos(x) * Math.exp(-0.5 * (x * 1e-3) ** 2);
      expect(Math.abs(ev.imbalance(t, 1e-3) - twoLevel)).toBeLessThan(1e-3);
    }
    expect(ev.imbalance(Math.PI / Delta, 1e-3)).toBeLessThan(-0.9);
  });
});
