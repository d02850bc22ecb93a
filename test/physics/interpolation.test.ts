/**
 * The not-a-knot cubic spline (src/physics/interpolation.ts) against its textbook properties
 * (de Boor, A Practical Guide to Splines, ch. IV–V): it reproduces every cubic exactly, and for a
 * smooth function its error falls as h⁴ up to the ends.
 */
import { describe, expect, it } from 'vitest';
import { cubicSpline } from '../../src/physics/interpolation.js';
import { ParameterError } from '../../src/physics/parameters.js';

describe('cubicSpline', () => {
  it('reproduces a cubic exactly on uneven nodes (round-off only)', () => {
    const p = (x: number) => 2 - 3 * x + 0.5 * x * x - 0.7 * x * x * x;
    const x = [0, 0.3, 0.45, 1.1, 1.7, 2.0, 2.9];
    const s = cubicSpline(x, x.map(p));
    for (let t = -0.2; t <= 3.1; t += 0.037) expect(Math.abs(s(t) - p(t))).toBeLessThan(1e-12 * (1 + Math.abs(p(t))));
  });

  it('error on sin over [0, 3] falls as h⁴ (orders 4.28, 4.16 at n = 41, 81, 161, approaching 4 from above)', () => {
    const errorWith = (n: number) => {
      const x = Array.from({ length: n }, (_, i) => (3 * i) / (n - 1));
      const s = cubicSpline(x, x.map(Math.sin));
      let worst = 0;
      for (let t = 0; t <= 3; t += 0.001) worst = Math.max(worst, Math.abs(s(t) - Math.sin(t)));
      return worst;
    };
    const [e1, e2, e3] = [41, 81, 161].map(errorWith) as [number, number, number];
    const coarse = Math.log2(e1 / e2);
    const fine = Math.log2(e2 / e3);
    // Pre-asymptotic end effects make the order approach 4 from above; an O(h²) or O(h³) spline fails.
    expect(fine).toBeGreaterThan(3.8);
    expect(fine).toBeLessThan(coarse);
    expect(coarse).toBeLessThan(4.4);
  });

  it('refuses too few or unordered nodes', () => {
    expect(() => cubicSpline([0, 1, 2], [0, 1, 2])).toThrow(ParameterError);
    expect(() => cubicSpline([0, 2, 1, 3], [0, 1, 2, 3])).toThrow(ParameterError);
  });
});
