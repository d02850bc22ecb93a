/**
 * WKB and Kemble against closed forms: θ of the parabola (π(V₀−E)/ħω) and of sech²
 * (πa(√V₀ − √E)·√(m*)/ħ), and WKB → exact as barriers grow thick.
 */
import { describe, expect, it } from 'vitest';
import { eckartBarrier, parabolicBarrier, rectangularBarrier, triangularBarrier } from '../../../src/physics/barrier/profiles.js';
import { discretize } from '../../../src/physics/barrier/structure.js';
import { semiclassical } from '../../../src/physics/barrier/semiclassics.js';
import { scatter } from '../../../src/physics/barrier/transfer.js';

const C = 0.0380998;

describe('the WKB exponent θ = ∫κdx', () => {
  it('parabola: θ = π(V₀ − E)/ħω to 1e-12', () => {
    for (const E of [0.1, 0.25, 0.299]) {
      const sc = semiclassical(parabolicBarrier({ height: 0.3, hbarOmega: 0.03, mass: 0.067, depth: 1 }), E);
      expect(Math.abs(sc.theta / ((Math.PI * (0.3 - E)) / 0.03) - 1)).toBeLessThan(1e-12);
      expect(sc.kemble).toBeCloseTo(1 / (1 + Math.exp((2 * Math.PI * (0.3 - E)) / 0.03)), 14);
    }
  });

  it('sech²: θ = πa√(m*/C)(√V₀ − √E) to 1e-9 (truncation at 18a leaves e^{−36})', () => {
    const sc = semiclassical(eckartBarrier({ height: 0.3, range: 2, mass: 0.067 }), 0.1);
    const ref = Math.PI * 2 * Math.sqrt(0.067 / C) * (Math.sqrt(0.3) - Math.sqrt(0.1));
    expect(Math.abs(sc.theta / ref - 1)).toBeLessThan(1e-9);
  });
});

describe('WKB → exact as barriers grow thick', () => {
  it('rectangle with a mass jump: exact/(P e^{−2κa}) − 1 falls like e^{−2κa}', () => {
    const errs = [1, 2, 4, 8].map((a) => {
      const s = rectangularBarrier({ height: 0.4, width: a, barrierMass: 0.09, leadMass: 0.067 });
      const sc = semiclassical(s, 0.1);
      return scatter(discretize(s), 0.1).transmission / sc.wkbWithPrefactor - 1;
    });
    const kap = Math.sqrt((0.09 * 0.3) / C);
    expect(Math.abs(errs[3]!)).toBeLessThan(1e-5);
    const rate = Math.log(Math.abs(errs[1]!) / Math.abs(errs[2]!)) / 2;
    expect(Math.abs(rate / (2 * kap) - 1)).toBeLessThan(0.05);
  });

  it('sech²: Kemble’s error vanishes like 1/a as the barrier widens (fitted order ≈ 1)', () => {
    const m = 0.067;
    const exact = (a: number, E: number) => {
      const k = Math.sqrt((m * E) / C);
      const s = (m * 0.3 * a * a) / C;
      const sh = Math.sinh(Math.PI * k * a) ** 2;
      return sh / (sh + Math.cosh((Math.PI / 2) * Math.sqrt(4 * s - 1)) ** 2);
    };
    const widths = [2, 4, 8, 16];
    const errs = widths.map((a) => Math.abs(Math.log(semiclassical(eckartBarrier({ height: 0.3, range: a, mass: m }), 0.1).kemble! / exact(a, 0.1))));
    const order = Math.log(errs[1]! / errs[3]!) / Math.log(4);
    expect(order).toBeGreaterThan(0.95);
    expect(order).toBeLessThan(1.05);
  });

  it('Fowler–Nordheim triangle: WKB with the step prefactor within 1% of the sliced exact T over 120 decades', () => {
    for (const F of [0.05, 0.02, 0.01, 0.005]) {
      const tri = triangularBarrier({ height: 1, field: F, mass: 0.067 });
      const exact = scatter(discretize(tri, 0.01), 0.1).transmission;
      expect(Math.abs(semiclassical(tri, 0.1).wkbWithPrefactor / exact - 1)).toBeLessThan(0.01);
    }
  });
});
