/**
 * Analysis of switching-bias samples (physics.md §7), the same for simulated histograms and for a
 * lab's measured switching currents: moments with errors, the Fulton–Dunkleberger inversion to
 * Γ(x) with error bars, the escape temperature, a fit of the critical bias and T_esc, the expected
 * histogram under any predicted Γ(x), and a χ² goodness of fit. Pure f64, no I/O.
 *
 * The bias variable x is a current (A, ramp in A/s, rates in s⁻¹) or γ (ramp dγ/dτ, rates in
 * ω_p0), as in switching.ts; only consistency matters.
 */
import gammainc from '@stdlib/math-base-special-gammainc';
import { ParameterError, requireInRange } from './parameters.js';
import { barrierHeight, plasmaFrequency } from './potential.js';
import { ratesFromHistogram, switchingDistribution, type RatePoint } from './switching.js';

export interface SwitchingHistogram {
  /** Left edge of bin 0. */
  start: number;
  binWidth: number;
  counts: number[];
}

/** Central moments of a sample (population form: divided by the count). */
export interface SwitchingMoments {
  count: number;
  mean: number;
  /** m₂ = ⟨(x − ⟨x⟩)²⟩. */
  variance: number;
  /** m₃ = ⟨(x − ⟨x⟩)³⟩. */
  thirdCentral: number;
}

/**
 * Exact moments of x = origin + scale·k from the integer power sums Σk, Σk², Σk³ of `count`
 * values: the central sums n²·m₂ = nΣk² − (Σk)² and n³·m₃ = n²Σk³ − 3nΣkΣk² + 2(Σk)³ are formed in
 * integers, so the only rounding is the final conversion (a naive f64 form of them cancels).
 */
export function momentsFromPowerSums(count: number, sums: readonly [bigint, bigint, bigint], origin: number, scale: number): SwitchingMoments {
  if (count < 1) throw new ParameterError('count', count, '≥ 1', 'no switching events');
  const n = BigInt(count);
  const [s1, s2, s3] = sums;
  const m2Numerator = n * s2 - s1 * s1;
  const m3Numerator = n * n * s3 - 3n * n * s1 * s2 + 2n * s1 * s1 * s1;
  return {
    count,
    mean: origin + scale * ratio(s1, n),
    variance: scale * scale * ratio(m2Numerator, n * n),
    thirdCentral: scale ** 3 * ratio(m3Numerator, n * n * n),
  };
}

/** a/b for bigints, to double precision even where both exceed 2^53. */
function ratio(a: bigint, b: bigint): number {
  const q = a / b;
  return Number(q) + Number(a - q * b) / Number(b);
}

/** Moments of explicit values, centred first (two passes) so that no precision is lost. */
export function momentsFromValues(values: readonly number[]): SwitchingMoments {
  const count = values.length;
  if (count < 1) throw new ParameterError('count', count, '≥ 1', 'no switching events');
  const mean = values.reduce((a, b) => a + b, 0) / count;
  let m2 = 0;
  let m3 = 0;
  let shift = 0;
  for (const v of values) shift += v - mean;
  const centre = mean + shift / count;
  for (const v of values) {
    const d = v - centre;
    m2 += d * d;
    m3 += d * d * d;
  }
  return { count, mean: centre, variance: m2 / count, thirdCentral: m3 / count };
}

/** Histogram of values in bins [start + jw, start + (j+1)w); values outside are an error. */
export function histogramOf(values: readonly number[], start: number, binWidth: number, binCount: number): SwitchingHistogram {
  requireInRange('binWidth', binWidth, { min: 0 });
  const counts = new Array<number>(binCount).fill(0);
  for (const v of values) {
    const j = Math.floor((v - start) / binWidth);
    if (j < 0 || j >= binCount) throw new ParameterError('value', v, `[${start}, ${start + binCount * binWidth})`, 'outside the histogram');
    counts[j]!++;
  }
  return { start, binWidth, counts };
}

/**
 * Bins for measured values: width ≈ σ/8 (fine enough to resolve a Gumbel-shaped peak, coarse
 * enough for counts), edges on whole multiples of the width, one empty bin on each side.
 */
export function defaultHistogram(values: readonly number[], binWidth?: number): SwitchingHistogram {
  const m = momentsFromValues(values);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const width = binWidth ?? (Math.sqrt(m.variance) > 0 ? Math.sqrt(m.variance) / 8 : Math.abs(m.mean) * 1e-6 || 1);
  const start = (Math.floor(lo / width) - 1) * width;
  return histogramOf(values, start, width, Math.floor((hi - start) / width) + 2);
}

export function binCentres(h: SwitchingHistogram): number[] {
  return h.counts.map((_, j) => h.start + (j + 0.5) * h.binWidth);
}

export interface MomentEstimates {
  count: number;
  mean: number;
  meanError: number;
  /** Sample standard deviation √(m₂·n/(n−1)). */
  sd: number;
  sdError: number;
  /** g₁ = m₃/m₂^{3/2}. */
  skewness: number;
  skewnessError: number;
}

/**
 * Mean, σ and skewness with one-standard-error bars from their influence functions (the delta
 * method): var T ≈ ⟨IF_T(x)²⟩/n with
 *   IF_mean = d,  IF_m₂ = d² − m₂,  IF_m₃ = d³ − m₃ − 3m₂d  (d = x − ⟨x⟩),
 *   IF_σ = IF_m₂/(2σ),  IF_g₁ = IF_m₃/m₂^{3/2} − (3/2)m₃IF_m₂/m₂^{5/2}.
 * The averages run over the values, or over bin centres weighted by counts when only a histogram
 * is kept (simulations): an error bar needs two digits, and binning at σ/10 changes these fourth and
 * sixth moments by O(1%).
 */
export function momentEstimates(m: SwitchingMoments, sample: { values: readonly number[] } | { histogram: SwitchingHistogram }): MomentEstimates {
  const n = m.count;
  if (n < 2) throw new ParameterError('count', n, '≥ 2', 'a spread needs two switching events');
  const points: [number, number][] = 'values' in sample
    ? sample.values.map((v) => [v, 1])
    : binCentres(sample.histogram).map((x, j) => [x, sample.histogram.counts[j]!]);
  const { mean, variance: m2, thirdCentral: m3 } = m;
  const sigma = Math.sqrt(m2);
  let vMean = 0;
  let vSd = 0;
  let vSkew = 0;
  let weight = 0;
  for (const [x, w] of points) {
    if (w === 0) continue;
    const d = x - mean;
    const ifM2 = d * d - m2;
    const ifM3 = d * d * d - m3 - 3 * m2 * d;
    vMean += w * d * d;
    vSd += w * (ifM2 / (2 * sigma)) ** 2;
    vSkew += w * (ifM3 / m2 ** 1.5 - (1.5 * m3 * ifM2) / m2 ** 2.5) ** 2;
    weight += w;
  }
  const se = (v: number) => (sigma > 0 ? Math.sqrt(v / weight / n) : 0);
  return {
    count: n,
    mean,
    meanError: se(vMean),
    sd: Math.sqrt((m2 * n) / (n - 1)),
    sdError: se(vSd),
    skewness: sigma > 0 ? m3 / m2 ** 1.5 : 0,
    skewnessError: se(vSkew),
  };
}

/** Merges `factor` adjacent bins (a last partial group is kept as one bin of the same width, so no count is lost). */
export function rebin(h: SwitchingHistogram, factor: number): SwitchingHistogram {
  const counts: number[] = [];
  for (let j = 0; j < h.counts.length; j += factor) counts.push(h.counts.slice(j, j + factor).reduce((a, b) => a + b, 0));
  return { start: h.start, binWidth: h.binWidth * factor, counts };
}

/** Γ at bin centres by the Fulton–Dunkleberger inversion, with binomial error bars (ratesFromHistogram). */
export function ratesFromSwitching(h: SwitchingHistogram, rampRate: number, minCount = 10): RatePoint[] {
  return ratesFromHistogram({ start: h.start, binWidth: h.binWidth, counts: h.counts, rampRate, minCount });
}

/**
 * The energy scales of the escape-temperature model at a candidate critical bias x_c: Γ(x) =
 * (ω_p0(x_c)(1−γ²)^{1/4}/2π)·exp(−E_J(x_c)ΔU(γ)/E_esc), γ = x/x_c, ΔU in units of E_J (physics.md
 * §5). Dimensionless data use ω_p0 = E_J = 1 with x_c = 1; SI data ω_p0 = (2eI_c/ħC)^{1/2} and
 * E_J = ħI_c/2e, with E_esc = k_BT_esc in J.
 */
export type JunctionScales = (criticalBias: number) => { plasmaFrequency0: number; josephsonEnergy: number };

export const dimensionlessScales: JunctionScales = () => ({ plasmaFrequency0: 1, josephsonEnergy: 1 });

/** Escape energy E_esc = k_BT_esc of one rate, by Γ ≡ (ω_p/2π)exp(−ΔU/k_BT_esc), with its error; null where Γ ≥ ω_p/2π. */
export function escapeEnergyOf(point: RatePoint, criticalBias: number, scales: JunctionScales): { energy: number; error: number } | null {
  const gamma = point.x / criticalBias;
  if (!(gamma >= 0 && gamma < 1) || !(point.rate > 0)) return null;
  const { plasmaFrequency0, josephsonEnergy } = scales(criticalBias);
  const attempt = (plasmaFrequency0 * plasmaFrequency(gamma)) / (2 * Math.PI);
  if (!(point.rate < attempt)) return null;
  const logRatio = Math.log(attempt / point.rate);
  const energy = (josephsonEnergy * barrierHeight(gamma)) / logRatio;
  // dE/d ln Γ = E/ln(attempt/Γ).
  return { energy, error: (energy / logRatio) * (point.error / point.rate) };
}

export interface EscapeTemperatureFit {
  criticalBias: number;
  /** 0 when the critical bias was held fixed. */
  criticalBiasError: number;
  /** E_esc = k_BT_esc (θ_esc for dimensionless data). */
  escapeEnergy: number;
  escapeEnergyError: number;
  /** Correlation of the two fitted parameters. */
  correlation: number;
  chiSquare: number;
  degreesOfFreedom: number;
  points: number;
}

/**
 * Weighted least-squares fit of ln Γ(x) to the escape-temperature model over the inverted points.
 * For a fixed x_c, ln Γ is linear in u = 1/E_esc, so u has a closed form; χ²(x_c) is then
 * minimised by a scan and golden-section refinement above the largest bias. Errors are the
 * covariance (JᵀJ)⁻¹ of the weighted residuals, not rescaled by χ²/dof (which is reported).
 */
export function fitEscapeTemperature(points: readonly RatePoint[], scales: JunctionScales, options: { criticalBias?: number } = {}): EscapeTemperatureFit {
  const usable = points.filter((p) => p.rate > 0 && p.error > 0);
  const fixed = options.criticalBias !== undefined;
  if (usable.length < (fixed ? 2 : 3)) {
    throw new ParameterError('rate points', usable.length, fixed ? '≥ 2' : '≥ 3', 'too few histogram bins with enough counts to fit the escape temperature');
  }
  const xMax = Math.max(...usable.map((p) => p.x));
  const solve = (xc: number) => {
    const { plasmaFrequency0, josephsonEnergy } = scales(xc);
    let swa = 0;
    let swaa = 0;
    const terms = usable.map((p) => {
      const gamma = p.x / xc;
      const w = (p.rate / p.error) ** 2;
      const y = Math.log(p.rate) - Math.log((plasmaFrequency0 * plasmaFrequency(gamma)) / (2 * Math.PI));
      const a = josephsonEnergy * barrierHeight(gamma);
      swa += w * a * y;
      swaa += w * a * a;
      return { w, y, a };
    });
    const u = -swa / swaa;
    const chi2 = terms.reduce((s, t) => s + t.w * (t.y + t.a * u) ** 2, 0);
    return { u, chi2 };
  };
  let xc: number;
  if (fixed) {
    xc = options.criticalBias!;
    if (!(xc > xMax)) throw new ParameterError('critical bias', xc, `> ${xMax}`, 'every rate point must lie below the critical bias');
  } else {
    // χ²(x_c) on x_c = x_max(1 + e^s); a scan finds the basin, golden section the minimum.
    const at = (s: number) => xMax * (1 + Math.exp(s));
    let best = -12;
    for (let s = -12; s <= 0; s += 0.05) if (solve(at(s)).chi2 < solve(at(best)).chi2) best = s;
    let a = best - 0.05;
    let b = best + 0.05;
    const g = (Math.sqrt(5) - 1) / 2;
    for (let i = 0; i < 80; i++) {
      const c = b - g * (b - a);
      const d = a + g * (b - a);
      if (solve(at(c)).chi2 < solve(at(d)).chi2) b = d;
      else a = c;
    }
    xc = at((a + b) / 2);
  }
  const { u, chi2 } = solve(xc);
  if (!(u > 0)) throw new ParameterError('escape temperature', 1 / u, '(0, ∞)', 'the rates do not fall with the barrier: no escape temperature fits');
  // Jacobian of the weighted residuals r_k = √w_k (y_k(x_c) + a_k(x_c)u) with respect to (x_c, u).
  const residuals = (xcTrial: number, uTrial: number) => {
    const { plasmaFrequency0, josephsonEnergy } = scales(xcTrial);
    return usable.map((p) => {
      const gamma = p.x / xcTrial;
      const y = Math.log(p.rate) - Math.log((plasmaFrequency0 * plasmaFrequency(gamma)) / (2 * Math.PI));
      return (p.rate / p.error) * (y + josephsonEnergy * barrierHeight(gamma) * uTrial);
    });
  };
  const base = residuals(xc, u);
  const du = 1e-6 * u;
  const ju = residuals(xc, u + du).map((r, k) => (r - base[k]!) / du);
  let varU: number;
  let varXc = 0;
  let covariance = 0;
  if (fixed) {
    varU = 1 / ju.reduce((s, v) => s + v * v, 0);
  } else {
    const dx = 1e-7 * (xc - xMax);
    const jx = residuals(xc + dx, u).map((r, k) => (r - base[k]!) / dx);
    const a11 = jx.reduce((s, v) => s + v * v, 0);
    const a12 = jx.reduce((s, v, k) => s + v * ju[k]!, 0);
    const a22 = ju.reduce((s, v) => s + v * v, 0);
    const det = a11 * a22 - a12 * a12;
    varXc = a22 / det;
    varU = a11 / det;
    covariance = -a12 / det;
  }
  return {
    criticalBias: xc,
    criticalBiasError: Math.sqrt(varXc),
    escapeEnergy: 1 / u,
    escapeEnergyError: Math.sqrt(varU) / (u * u),
    // E = 1/u reverses the sign of the correlation with u.
    correlation: fixed ? 0 : -covariance / Math.sqrt(varXc * varU),
    chiSquare: chi2,
    degreesOfFreedom: usable.length - (fixed ? 1 : 2),
    points: usable.length,
  };
}

export interface PredictedHistogram {
  /** Expected switches per bin for the observed total. */
  expected: number[];
  /** Moments of the predicted P(x) over [start, limit). */
  mean: number;
  sd: number;
  skewness: number;
}

/**
 * The histogram a predicted Γ(x) implies (Fulton–Dunkleberger): expected counts per bin for
 * `total` switches, conditional on switching inside the histogram, N·[S(a_j) − S(b_j)]/[S(start) −
 * S(end)], with ln S interpolated linearly on switchingDistribution's fine grid. Rates are asked
 * for only below `limit` (the critical bias, where a well exists); beyond it S is taken as 0.
 */
export function predictHistogram(rate: (x: number) => number, rampRate: number, h: SwitchingHistogram, total: number, limit = Infinity): PredictedHistogram {
  const end = h.start + h.counts.length * h.binWidth;
  const d = switchingDistribution({ rate, rampRate, from: h.start, to: Math.min(end, limit * (1 - 1e-12)) });
  const xs = d.x;
  const step = xs[1]! - xs[0]!;
  const logSurvival = (x: number): number => {
    if (x >= limit) return Number.NEGATIVE_INFINITY;
    if (x <= xs[0]!) return Math.log(d.survival[0]!);
    if (x >= xs[xs.length - 1]!) return Math.log(d.survival[d.survival.length - 1]!);
    const i = Math.min(xs.length - 2, Math.floor((x - xs[0]!) / step));
    const f = (x - xs[i]!) / step;
    return (1 - f) * Math.log(d.survival[i]!) + f * Math.log(d.survival[i + 1]!);
  };
  const survival = [...h.counts.map((_, j) => h.start + j * h.binWidth), end].map((x) => Math.exp(logSurvival(x)));
  const norm = survival[0]! - survival[survival.length - 1]!;
  return {
    // A prediction that switches wholly outside the histogram expects nothing inside it (and its χ² is then undefined).
    expected: h.counts.map((_, j) => (norm > 0 ? (total * (survival[j]! - survival[j + 1]!)) / norm : 0)),
    mean: d.mean,
    sd: d.width,
    skewness: d.skewness,
  };
}

export interface ChiSquareTest {
  chiSquare: number;
  degreesOfFreedom: number;
  /** P(χ² ≥ observed) under the prediction. */
  pValue: number;
  /** Bins after merging neighbours until each expects ≥ minExpected. */
  bins: number;
}

/**
 * Pearson's χ² of observed counts against expected ones with the same total. Adjacent bins are
 * merged from the low end until each group expects at least `minExpected` (5 by the usual
 * rule, so that the χ² distribution applies), and what remains of the upper tail joins the last
 * group; dof = groups − 1 − fitted parameters.
 */
export function chiSquareTest(observed: readonly number[], expected: readonly number[], fittedParameters = 0, minExpected = 5): ChiSquareTest {
  const groups: { o: number; e: number }[] = [];
  let o = 0;
  let e = 0;
  for (let j = 0; j < observed.length; j++) {
    o += observed[j]!;
    e += expected[j]!;
    if (e >= minExpected) {
      groups.push({ o, e });
      o = 0;
      e = 0;
    }
  }
  if (groups.length === 0) throw new ParameterError('expected counts', e, `≥ ${minExpected} in total`, 'too few events for a χ² test');
  // What is left of the upper tail joins the last group.
  groups[groups.length - 1]!.o += o;
  groups[groups.length - 1]!.e += e;
  const dof = groups.length - 1 - fittedParameters;
  if (dof < 1) throw new ParameterError('χ² degrees of freedom', dof, '≥ 1', 'too few bins for a χ² test');
  const chi2 = groups.reduce((s, g) => s + (g.o - g.e) ** 2 / g.e, 0);
  return { chiSquare: chi2, degreesOfFreedom: dof, pValue: gammainc(chi2 / 2, dof / 2, true, true), bins: groups.length };
}

export interface PowerLawFit {
  exponent: number;
  exponentError: number;
  prefactor: number;
  chiSquare: number;
  degreesOfFreedom: number;
}

/** Weighted least squares of ln y = ln A + n ln x, with σ(ln y) = error/y: for σ ∝ T^n. */
export function fitPowerLaw(points: readonly { x: number; y: number; error: number }[]): PowerLawFit {
  if (points.length < 2) throw new ParameterError('points', points.length, '≥ 2', 'a power law needs two points');
  let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const p of points) {
    const w = (p.y / p.error) ** 2;
    const x = Math.log(p.x);
    const y = Math.log(p.y);
    sw += w; sx += w * x; sy += w * y; sxx += w * x * x; sxy += w * x * y;
  }
  const det = sw * sxx - sx * sx;
  const n = (sw * sxy - sx * sy) / det;
  const lnA = (sy - n * sx) / sw;
  const chi2 = points.reduce((s, p) => s + ((Math.log(p.y) - lnA - n * Math.log(p.x)) * p.y / p.error) ** 2, 0);
  return { exponent: n, exponentError: Math.sqrt(sw / det), prefactor: Math.exp(lnA), chiSquare: chi2, degreesOfFreedom: points.length - 2 };
}

export interface SwitchingAnalysisInput {
  histogram: SwitchingHistogram;
  moments: SwitchingMoments;
  /** The values themselves when kept (measured data): errors are then averaged over them. */
  values?: readonly number[];
  rampRate: number;
  scales: JunctionScales;
  /** Holds the critical bias fixed (simulations: γ_c = 1); fitted when absent. */
  criticalBias?: number;
  /** Predicted Γ(x) to set beside the data, by name, for the critical bias in use. */
  predictions?: (criticalBias: number) => Record<string, (x: number) => number>;
  /** Bins of the inversion need this many switches and survivors (ratesFromHistogram). */
  minCount?: number;
}

export interface SwitchingBin {
  low: number;
  high: number;
  count: number;
  /** Fulton–Dunkleberger Γ at the bin centre with its error; null where the bin was dropped. */
  rate: number | null;
  rateError: number | null;
  /** k_BT_esc from that rate (θ_esc for dimensionless data); null where undefined. */
  escapeEnergy: number | null;
  escapeEnergyError: number | null;
  /** Expected switches in this bin under each prediction. */
  expected: Record<string, number>;
}

export interface SwitchingOverlay extends Omit<PredictedHistogram, 'expected'> {
  test: ChiSquareTest | null;
}

export interface SwitchingAnalysis {
  moments: MomentEstimates;
  /** Escape-temperature model over the inverted rates; null with fewer usable bins than parameters + 1. */
  fit: EscapeTemperatureFit | null;
  bins: SwitchingBin[];
  overlays: Record<string, SwitchingOverlay>;
}

/** The name of the overlay of the fitted escape-temperature model. */
export const FITTED_MODEL = 'escapeTemperatureFit';

/**
 * Everything section 3 of the switching issue asks of a sample: moments with errors, Γ(x) and
 * T_esc per bin, the escape-temperature fit (critical bias and T_esc), and the predicted
 * histograms with χ² (the fitted model's χ² counts its fitted parameters).
 */
export function analyzeSwitching(input: SwitchingAnalysisInput): SwitchingAnalysis {
  const { histogram: h, moments, rampRate, scales } = input;
  const moment = momentEstimates(moments, input.values ? { values: input.values } : { histogram: h });
  const points = ratesFromSwitching(h, rampRate, input.minCount);
  let fit: EscapeTemperatureFit | null = null;
  try {
    fit = fitEscapeTemperature(points, scales, input.criticalBias === undefined ? {} : { criticalBias: input.criticalBias });
  } catch (err) {
    if (!(err instanceof ParameterError)) throw err;
  }
  const criticalBias = input.criticalBias ?? fit?.criticalBias;
  const rates: Record<string, (x: number) => number> = criticalBias === undefined ? {} : { ...input.predictions?.(criticalBias) };
  if (fit) {
    const { plasmaFrequency0, josephsonEnergy } = scales(fit.criticalBias);
    rates[FITTED_MODEL] = (x) => {
      const gamma = x / fit!.criticalBias;
      return ((plasmaFrequency0 * plasmaFrequency(gamma)) / (2 * Math.PI)) * Math.exp((-josephsonEnergy * barrierHeight(gamma)) / fit!.escapeEnergy);
    };
  }
  const total = h.counts.reduce((a, b) => a + b, 0);
  const overlays: Record<string, SwitchingOverlay> = {};
  const expected: Record<string, number[]> = {};
  for (const [name, rate] of Object.entries(rates)) {
    let predicted: PredictedHistogram;
    try {
      predicted = predictHistogram(rate, rampRate, h, total, criticalBias);
    } catch (err) {
      // A prediction with no switching at all inside the histogram's range has no overlay.
      if (err instanceof ParameterError) continue;
      throw err;
    }
    expected[name] = predicted.expected;
    const fitted = name === FITTED_MODEL ? fit!.degreesOfFreedom === fit!.points - 1 ? 1 : 2 : 0;
    let test: ChiSquareTest | null = null;
    try {
      test = chiSquareTest(h.counts, predicted.expected, fitted);
    } catch (err) {
      if (!(err instanceof ParameterError)) throw err;
    }
    overlays[name] = { mean: predicted.mean, sd: predicted.sd, skewness: predicted.skewness, test };
  }
  const byBin = new Map(points.map((p) => [Math.round((p.x - h.start) / h.binWidth - 0.5), p]));
  const bins = h.counts.map((count, j): SwitchingBin => {
    const p = byBin.get(j);
    const e = p && criticalBias !== undefined ? escapeEnergyOf(p, criticalBias, scales) : null;
    return {
      low: h.start + j * h.binWidth,
      high: h.start + (j + 1) * h.binWidth,
      count,
      rate: p?.rate ?? null,
      rateError: p?.error ?? null,
      escapeEnergy: e?.energy ?? null,
      escapeEnergyError: e?.error ?? null,
      expected: Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, v[j]!])),
    };
  });
  return { moments: moment, fit, bins, overlays };
}
