import { describe, expect, it } from 'vitest';
import chisquareQuantile from '@stdlib/stats-base-dists-chisquare-quantile';
import { barrierHeight, plasmaFrequency } from '../../src/physics/potential.js';
import { gumbelSkewness } from '../../src/physics/switching.js';
import {
  analyzeSwitching,
  chiSquareTest,
  defaultHistogram,
  dimensionlessScales,
  fitEscapeTemperature,
  fitPowerLaw,
  histogramOf,
  momentEstimates,
  momentsFromPowerSums,
  momentsFromValues,
  predictHistogram,
  ratesFromSwitching,
} from '../../src/physics/switching-analysis.js';
import { parseSwitchingCurrents } from '../../src/io/switching-currents.js';
import { sampleGumbelMin, sampleSwitching, uniforms } from '../support/switching-samples.js';

/** The escape-temperature model in γ units: Γ = (ω_p/2π)exp(−ΔU/θ_esc). */
const tescRate = (thetaEsc: number) => (g: number) => (plasmaFrequency(g) / (2 * Math.PI)) * Math.exp(-barrierHeight(g) / thetaEsc);
const sd = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};

describe('moments of switching samples', () => {
  it('forms exact central moments from integer power sums where f64 raw moments cancel', () => {
    // k ≈ 3·10⁹ with a spread of ~10³: Σk² ≈ 9·10¹⁸·n exceeds 2^53, so raw f64 moments lose the variance.
    const offsets = uniforms(20000, 1).map((u) => Math.floor(2000 * u * u));
    const origin = 3_000_000_000;
    const sums: [bigint, bigint, bigint] = [0n, 0n, 0n];
    for (const o of offsets) {
      const k = BigInt(origin + o);
      sums[0] += k; sums[1] += k * k; sums[2] += k * k * k;
    }
    const exact = momentsFromPowerSums(offsets.length, sums, 0.5, 1e-9);
    const reference = momentsFromValues(offsets);
    expect(exact.mean).toBeCloseTo(0.5 + 1e-9 * (origin + reference.mean), 15);
    expect(exact.variance / (1e-18 * reference.variance)).toBeCloseTo(1, 12);
    expect(exact.thirdCentral / (1e-27 * reference.thirdCentral)).toBeCloseTo(1, 10);
  });

  it('gives error bars that match the scatter of repeated Gumbel samples of 2000', () => {
    // 1000 repeats: the scatter of each estimate is itself known to ≈ 2–3% (1σ), so ±10% is > 3σ.
    // The delta method is asymptotic; for the skewness (sixth moments) it runs ≈ 10% low at n = 2000
    // (the scatter of g₁ has heavier tails), which the asymmetric band states.
    const n = 2000;
    const estimates = Array.from({ length: 1000 }, (_, r) => {
      const v = sampleGumbelMin(0.9, 0.01, n, 1000 + r);
      return momentEstimates(momentsFromValues(v), { values: v });
    });
    const mean = (f: (e: (typeof estimates)[number]) => number) => estimates.reduce((a, e) => a + f(e), 0) / estimates.length;
    const ratio = (f: (e: (typeof estimates)[number]) => number, g: (e: (typeof estimates)[number]) => number) => sd(estimates.map(f)) / mean(g);
    expect(ratio((e) => e.mean, (e) => e.meanError)).toBeGreaterThan(0.9);
    expect(ratio((e) => e.mean, (e) => e.meanError)).toBeLessThan(1.1);
    expect(ratio((e) => e.sd, (e) => e.sdError)).toBeGreaterThan(0.9);
    expect(ratio((e) => e.sd, (e) => e.sdError)).toBeLessThan(1.1);
    expect(ratio((e) => e.skewness, (e) => e.skewnessError)).toBeGreaterThan(0.95);
    expect(ratio((e) => e.skewness, (e) => e.skewnessError)).toBeLessThan(1.25);
    // And the estimates centre on the Gumbel values: σ = πβ/√6, skewness −1.1395.
    expect(Math.abs(mean((e) => e.sd) / ((Math.PI * 0.01) / Math.sqrt(6)) - 1)).toBeLessThan(0.003);
    expect(Math.abs(mean((e) => e.skewness) - gumbelSkewness)).toBeLessThan(0.02);
  });

  it('estimates the errors from a histogram at σ/10 as from the values (within 3%)', () => {
    const v = sampleGumbelMin(0.9, 0.01, 5000, 7);
    const h = defaultHistogram(v, 0.0013);
    const m = momentsFromValues(v);
    const fromValues = momentEstimates(m, { values: v });
    const fromBins = momentEstimates(m, { histogram: h });
    expect(fromBins.meanError / fromValues.meanError).toBeCloseTo(1, 1);
    expect(Math.abs(fromBins.sdError / fromValues.sdError - 1)).toBeLessThan(0.03);
    expect(Math.abs(fromBins.skewnessError / fromValues.skewnessError - 1)).toBeLessThan(0.03);
  });
});

describe('Fulton–Dunkleberger inversion and the escape-temperature fit', () => {
  // A known Γ(γ): the T_esc model at θ_esc = 0.006, ramp 1e-5.
  const thetaEsc = 0.006;
  const rampRate = 1e-5;
  const values = sampleSwitching(tescRate(thetaEsc), rampRate, 0.8, 0.999, 20000, 42);
  const h = defaultHistogram(values);

  it('returns Γ(γ) within its error bars (χ² over the bins below its 99.9% quantile)', () => {
    const points = ratesFromSwitching(h, rampRate);
    expect(points.length).toBeGreaterThan(15);
    // Bin-averaged Γ at the centre differs from Γ(centre) by (w/β)²/24 ≈ 0.1%, far below the errors.
    const chi2 = points.reduce((s, p) => s + ((p.rate - tescRate(thetaEsc)(p.x)) / p.error) ** 2, 0);
    expect(chi2).toBeLessThan(chisquareQuantile(0.999, points.length));
  });

  it('recovers θ_esc with γ_c fixed, and γ_c and θ_esc together, within 3.3σ', () => {
    const points = ratesFromSwitching(h, rampRate);
    const fixed = fitEscapeTemperature(points, dimensionlessScales, { criticalBias: 1 });
    expect(Math.abs(fixed.escapeEnergy - thetaEsc)).toBeLessThan(3.3 * fixed.escapeEnergyError);
    expect(fixed.escapeEnergyError / thetaEsc).toBeLessThan(0.01);
    const free = fitEscapeTemperature(points, dimensionlessScales);
    expect(Math.abs(free.criticalBias - 1)).toBeLessThan(3.3 * free.criticalBiasError);
    expect(Math.abs(free.escapeEnergy - thetaEsc)).toBeLessThan(3.3 * free.escapeEnergyError);
    expect(free.chiSquare).toBeLessThan(chisquareQuantile(0.999, free.degreesOfFreedom));
  });

  it('predicts the histogram of the true Γ (χ² accepted) and rejects a rate 20% off', () => {
    const truth = predictHistogram(tescRate(thetaEsc), rampRate, h, values.length, 1);
    expect(truth.expected.reduce((a, b) => a + b, 0)).toBeCloseTo(values.length, 6);
    expect(chiSquareTest(h.counts, truth.expected).pValue).toBeGreaterThan(0.001);
    const off = predictHistogram((g) => 1.2 * tescRate(thetaEsc)(g), rampRate, h, values.length, 1);
    expect(chiSquareTest(h.counts, off.expected).pValue).toBeLessThan(1e-6);
  });

  it('analyzeSwitching assembles moments, bins, fit and overlays', () => {
    const a = analyzeSwitching({
      histogram: h, moments: momentsFromValues(values), values, rampRate, scales: dimensionlessScales, criticalBias: 1,
      predictions: () => ({ truth: tescRate(thetaEsc) }),
    });
    expect(Math.abs(a.overlays.truth!.mean - a.moments.mean)).toBeLessThan(3.3 * a.moments.meanError);
    expect(Math.abs(a.overlays.truth!.sd - a.moments.sd)).toBeLessThan(3.3 * a.moments.sdError);
    expect(a.bins.filter((b) => b.escapeEnergy !== null).length).toBeGreaterThan(15);
    expect(a.fit).not.toBeNull();
  });
});

describe('χ² calibration', () => {
  it('rejects the true law at 5% about 5% of the time (400 samples; binomial 99.9% band)', () => {
    let rejected = 0;
    for (let r = 0; r < 400; r++) {
      const v = sampleGumbelMin(0, 1, 1000, 5000 + r);
      const h = histogramOf(v.map((x) => Math.min(Math.max(x, -9.99), 3.99)), -10, 0.25, 56);
      const cdf = (x: number) => 1 - Math.exp(-Math.exp(x));
      const expected = h.counts.map((_, j) => 1000 * (cdf(Math.min(-10 + 0.25 * (j + 1), 40)) - cdf(-10 + 0.25 * j)));
      expected[0]! += 1000 * cdf(-10);
      expected[55]! += 1000 * (1 - cdf(4));
      if (chiSquareTest(h.counts, expected).pValue < 0.05) rejected++;
    }
    expect(rejected / 400).toBeGreaterThan(0.014);
    expect(rejected / 400).toBeLessThan(0.086);
  });

  it('fits a power law with its error', () => {
    const pts = [1, 2, 4, 8].map((x) => ({ x, y: 3 * x ** (2 / 3), error: 0.01 * 3 * x ** (2 / 3) }));
    const f = fitPowerLaw(pts);
    expect(f.exponent).toBeCloseTo(2 / 3, 12);
    expect(f.exponentError).toBeCloseTo(0.01 / Math.sqrt(pts.reduce((s, p) => s + (Math.log(p.x) - Math.log(64) / 4) ** 2, 0)), 10);
  });
});

describe('reading measured switching currents', () => {
  it('reads one value per line in amperes, with comments and blank lines', () => {
    const f = parseSwitchingCurrents('# run 3\n9.51e-6\n\n9.52e-6  # note\n9.50e-6\n', 'a.txt');
    expect(f.values).toEqual([9.51e-6, 9.52e-6, 9.5e-6]);
    expect(f.lines).toEqual([2, 4, 5]);
  });

  it('takes the unit from the header, a column by name or index, and per-value units', () => {
    const csv = 'sweep,I_sw (uA),V\n1,9.51,0.1\n2,9.52,0.1\n';
    expect(parseSwitchingCurrents(csv, 'b.csv', { column: 'I_sw (uA)' }).values.map((v) => Math.round(v * 1e12))).toEqual([9510000, 9520000]);
    expect(parseSwitchingCurrents(csv, 'b.csv', { column: '2' }).values.map((v) => Math.round(v * 1e12))).toEqual([9510000, 9520000]);
    expect(parseSwitchingCurrents('Isw [nA]\n950\n951\n', 'c').values.map((v) => Math.round(v * 1e12))).toEqual([950000, 951000]);
    expect(parseSwitchingCurrents('9.51uA\n9.52 uA\n', 'd').values.map((v) => Math.round(v * 1e8))).toEqual([951, 952]);
  });

  const bad: [string, string, RegExp][] = [
    ['empty', '', /invalid e\.txt = "": no data lines/],
    ['comments only', '# nothing\n\n', /no data lines/],
    ['non-numeric', '9.5e-6\n9.6e-6\nabc\n', /invalid e\.txt line 3 = "abc": not a number/],
    ['negative', '9.5e-6\n-9.6e-6\n', /invalid e\.txt line 2 = "-9\.6e-6": a switching current must be positive/],
    ['zero', 'I (uA)\n9.5\n0\n', /invalid e\.txt line 3 = "0": a switching current must be positive/],
    ['single value', '# one\n9.5e-6\n', /invalid e\.txt line 2 = 0\.0000095: only one switching current/],
    ['above I_c', '9.5e-6\n9.9e-6\n10.1e-6\n', /invalid e\.txt line 3 = "10\.1e-6": above the stated critical current; allowed \(0, 0\.00001\] A/],
    ['wrong unit', 'I (mK)\n1\n2\n', /invalid e\.txt line 1 = "I \(mK\)": unknown unit in the header/],
    ['missing column', 'a,b\n1e-6,2e-6\n3e-6\n', /invalid e\.txt line 3 = "3e-6": missing column/],
  ];
  for (const [what, text, message] of bad) {
    it(`rejects a file with ${what}, naming the line`, () => {
      expect(() => parseSwitchingCurrents(text, 'e.txt', { criticalCurrent: 1e-5, column: what === 'missing column' ? 'b' : undefined })).toThrow(message);
    });
  }
});
