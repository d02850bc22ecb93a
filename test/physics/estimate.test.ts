import { describe, expect, it } from 'vitest';
import { censoredRateEstimate } from '../../src/physics/estimate.js';
import { ParameterError } from '../../src/physics/parameters.js';

describe('censored rate estimate with the exact Poisson (Garwood) interval', () => {
  // Classic 95% two-sided Poisson intervals for the mean of N observed counts (Garwood 1936,
  // as tabulated e.g. by Ulm, Am. J. Epidemiol. 131, 373 (1990)): N=0 [0, 3.689],
  // N=1 [0.0253, 5.572], N=5 [1.624, 11.668], N=10 [4.795, 18.390].
  const garwood: [number, number, number][] = [
    [0, 0, 3.689],
    [1, 0.0253, 5.572],
    [5, 1.624, 11.668],
    [10, 4.795, 18.39],
  ];
  for (const [n, lo, hi] of garwood) {
    it(`N = ${n}: [${lo}, ${hi}] per unit exposure, to the table's 4 digits`, () => {
      const exposure = 2.5;
      const e = censoredRateEstimate({ escaped: n, exposure });
      expect(e.rate).toBe(n / exposure);
      expect(Math.abs(e.lower * exposure - lo)).toBeLessThanOrEqual(5e-4 * Math.max(1, lo));
      expect(Math.abs(e.upper * exposure - hi)).toBeLessThanOrEqual(5e-4 * Math.max(1, hi));
    });
  }

  it('N = 0 gives rate 0, lower 0 and the finite upper −ln(α/2)/exposure; nothing is NaN', () => {
    const e = censoredRateEstimate({ escaped: 0, exposure: 10, confidence: 0.9 });
    expect(e.rate).toBe(0);
    expect(e.lower).toBe(0);
    // χ²(2) quantile p is −2 ln(1 − p): the upper limit is −ln(0.05)/10 exactly.
    expect(Math.abs(e.upper - -Math.log(0.05) / 10)).toBeLessThan(1e-12);
    expect(e.standardError).toBe(0);
    expect(e.relativeError).toBe(Number.POSITIVE_INFINITY);
    for (const v of Object.values(e)) expect(Number.isNaN(v)).toBe(false);
  });

  it('standard and relative errors are √N/Σt and 1/√N', () => {
    const e = censoredRateEstimate({ escaped: 400, exposure: 1e6 });
    expect(e.standardError).toBeCloseTo(20 / 1e6, 15);
    expect(e.relativeError).toBeCloseTo(0.05, 15);
    expect(e.lower).toBeLessThan(e.rate);
    expect(e.upper).toBeGreaterThan(e.rate);
  });

  it('rejects non-integer or negative counts, non-positive exposure and confidence outside (0, 1)', () => {
    expect(() => censoredRateEstimate({ escaped: 1.5, exposure: 1 })).toThrow(ParameterError);
    expect(() => censoredRateEstimate({ escaped: -1, exposure: 1 })).toThrow(/escaped/);
    expect(() => censoredRateEstimate({ escaped: 1, exposure: 0 })).toThrow(/exposure/);
    expect(() => censoredRateEstimate({ escaped: 1, exposure: 1, confidence: 1 })).toThrow(/confidence/);
  });
});
