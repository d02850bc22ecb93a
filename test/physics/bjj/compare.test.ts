import { describe, expect, it } from 'vitest';
import { imbalanceCurves, logTimes, wignerImbalance, wignerOrbits } from '../../../src/physics/bjj/compare.js';
import { meanFieldTrajectory } from '../../../src/physics/bjj/mean-field.js';
import { fourierOrbit, orbitImbalance, orbitPeriod } from '../../../src/physics/bjj/orbit.js';
import { wignerEnsemble } from '../../../src/physics/bjj/truncated-wigner.js';

describe('orbits and the three descriptions side by side', () => {
  it('orbit periods: 2π at Λ = 0 (Rabi), 2π/√(1 + Λ) for small oscillations (closed forms)', () => {
    expect(orbitPeriod(0, { z: 0.4, phi: 0.3 })).toBeCloseTo(2 * Math.PI, 10);
    expect(orbitPeriod(3, { z: 1e-3, phi: 0 })).toBeCloseTo((2 * Math.PI) / 2, 5);
  });

  it('Fourier orbits reproduce direct RK4 trajectories, π-mode and pole start included (consistency, 1e-9)', () => {
    for (const [lambda, start] of [
      [15, { z: 0.6, phi: 0 }],
      [2, { z: 0.5, phi: Math.PI }],
      [15, { z: 1, phi: 0 }],
      [3, { z: 0.3, phi: 0.2 }],
    ] as const) {
      const orbit = fourierOrbit(lambda, start);
      const taus = [0.37, 5.1, 33.3];
      const direct = meanFieldTrajectory(lambda, start, taus, 1e-4);
      taus.forEach((tau, i) => expect(Math.abs(orbitImbalance(orbit, tau) - direct.z[i]!)).toBeLessThan(1e-9));
    }
  });

  it('the orbit form of truncated Wigner is the RK4 ensemble (same samples; consistency)', () => {
    const p = { N: 20, J: 1, U: 1.5 };
    const state = { kind: 'coherent', z0: 0.6, phi0: 0 } as const;
    const orbits = wignerOrbits(p, state, 100, 1);
    const times = [0.01, 0.5, 3];
    const direct = wignerEnsemble(p, state, times, 100, 1);
    times.forEach((t, i) => expect(Math.abs(wignerImbalance(orbits, 1, t).mean - direct.mean[i]!)).toBeLessThan(1e-8));
  });

  it('N = 20, Λ = 15, z₀ = 0.6: exact ⟨z⟩ decays to 0 by t ~ 1e20 while mean field and TW keep their plateaus', () => {
    const times = logTimes(1e-2, 1e25, 10);
    const c = imbalanceCurves({ params: { N: 20, J: 1, U: 1.5 }, kind: 'spin-coherent', z0: 0.6, phi0: 0, trajectories: 200 }, times);
    expect(c.exactSmoothed[0]).toBeCloseTo(0.6, 1);
    expect(Math.abs(c.exactSmoothed.at(-1)!)).toBeLessThan(1e-3);
    expect(c.meanFieldSmoothed.at(-1)!).toBeGreaterThan(0.4);
    expect(c.wignerSmoothed.at(-1)!).toBeGreaterThan(0.3);
    expect(c.exact.at(-1)).toBeNull(); // the raw signal is not claimed beyond its phase accuracy
  });
});
