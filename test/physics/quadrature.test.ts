import { describe, expect, it } from 'vitest';
import { bisect, gradedBreakpoints, integrate, integrateWithError } from '../../src/physics/quadrature.js';

describe('Gauss–Kronrod quadrature', () => {
  it('one 15-point panel is exact for polynomials up to degree 22 (the Kronrod degree)', () => {
    // ∫₀¹ x^k dx = 1/(k+1); with maxIntervals = 1 no refinement hides a bad node or weight.
    for (let k = 0; k <= 22; k++) {
      const r = integrateWithError((x) => x ** k, [0, 1], { maxIntervals: 1 });
      expect(Math.abs(r.value * (k + 1) - 1)).toBeLessThan(1e-14);
    }
  });

  it('the embedded Gauss rule is exact to degree 13, so the error estimate of x^12 is ~0', () => {
    const r = integrateWithError((x) => x ** 12, [-1, 1], { maxIntervals: 1 });
    expect(r.error).toBeLessThan(1e-14);
    const r14 = integrateWithError((x) => x ** 14, [-1, 1], { maxIntervals: 1 });
    expect(r14.error).toBeGreaterThan(1e-6);
  });

  it('handles a square-root endpoint singularity: ∫₀¹ √(1−x²) dx = π/4 to 1e-12', () => {
    expect(Math.abs(integrate((x) => Math.sqrt(1 - x * x), 0, 1) - Math.PI / 4)).toBeLessThan(1e-12);
  });

  it('finds a narrow peak with graded breakpoints: ∫ exp(−x²/2σ²) over [−1, 3] with σ = 1e-4', () => {
    const s = 1e-4;
    const v = integrate((x) => Math.exp((-x * x) / (2 * s * s)), -1, 3, { breakpoints: gradedBreakpoints(0, s, -1, 3) });
    expect(Math.abs(v / (s * Math.sqrt(2 * Math.PI)) - 1)).toBeLessThan(1e-12);
  });

  it('a peak narrower than the node spacing is missed without graded breakpoints (why they exist)', () => {
    const s = 1e-4;
    const v = integrate((x) => Math.exp((-x * x) / (2 * s * s)), 0, 3, { breakpoints: [] });
    expect(v).toBe(0);
  });

  it('bisection finds √2 to machine precision', () => {
    expect(Math.abs(bisect((x) => x * x - 2, 0, 2) - Math.SQRT2)).toBeLessThan(4e-16);
  });
});
