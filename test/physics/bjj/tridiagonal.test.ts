import { describe, expect, it } from 'vitest';
import { fockHamiltonian, parityBlock } from '../../../src/physics/bjj/model.js';
import {
  eigenvalueByBisection,
  sturmCount,
  tridiagonalEigenvalues,
  twistedEigenvector,
} from '../../../src/physics/bjj/tridiagonal.js';

describe('symmetric tridiagonal eigen-solver', () => {
  it('reproduces the U = 0 spectrum −2J·m, m = −N/2 … N/2 (H = −2J S_x) at N = 1000', () => {
    const N = 1000;
    const J = 0.7;
    const ev = tridiagonalEigenvalues(fockHamiltonian({ N, J, U: 0 }));
    let worst = 0;
    for (let k = 0; k <= N; k++) worst = Math.max(worst, Math.abs(ev[k]! - J * (2 * k - N)));
    // Backward-stable QL: absolute error a few ulps of ‖H‖ = JN.
    expect(worst).toBeLessThan(1e-12 * J * N);
  });

  it('agrees with Sturm-count bisection (an independent method) on a random matrix', () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    const n = 300;
    const t = { diagonal: Array.from({ length: n }, rnd), offDiagonal: Array.from({ length: n - 1 }, rnd) };
    const ev = tridiagonalEigenvalues(t);
    for (const k of [0, 1, 77, 150, 298, 299]) expect(Math.abs(ev[k]! - eigenvalueByBisection(t, k))).toBeLessThan(1e-13);
    expect(sturmCount(t, 0.5 * (ev[100]! + ev[101]!))).toBe(101);
  });

  it('twisted eigenvectors in a parity block: residual at rounding level, orthonormal (consistency)', () => {
    // In one parity block the top levels are well separated (their doublet partners sit in the other block).
    const t = parityBlock({ N: 60, J: 1, U: 0.5 }, 'even').matrix;
    const ev = tridiagonalEigenvalues(t);
    const picks = [10, 11, 29, 30];
    const vs = picks.map((k) => twistedEigenvector(t, ev[k]!).values);
    const n = t.diagonal.length;
    for (let q = 0; q < vs.length; q++) {
      const v = vs[q]!;
      const lambda = ev[picks[q]!]!;
      let r = 0;
      for (let i = 0; i < n; i++) {
        const hv = t.diagonal[i]! * v[i]! + (i > 0 ? t.offDiagonal[i - 1]! * v[i - 1]! : 0) + (i < n - 1 ? t.offDiagonal[i]! * v[i + 1]! : 0);
        r = Math.max(r, Math.abs(hv - lambda * v[i]!));
      }
      expect(r).toBeLessThan(1e-11);
      for (let s = 0; s < vs.length; s++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += v[i]! * vs[s]![i]!;
        expect(Math.abs(dot - (s === q ? 1 : 0))).toBeLessThan(1e-9);
      }
    }
  });
});
