/**
 * Measured switching currents in the page: the same checks, parsing and report as
 * `washboard analyze` (src/physics/analyze-report.ts), on a file picked in the browser, and the
 * figures of that report: the histogram with the theory's expected counts, and Γ(I) from the
 * Fulton–Dunkleberger inversion with its errors. No GPU is involved.
 */
import type { Data } from 'plotly.js-dist-min';
import { analyzeInputs, analyzeReport, type AnalyzeFlags, type AnalyzeReport } from '../io/analyze-report.js';
import { ParameterError } from '../physics/parameters.js';
import { FITTED_MODEL } from '../physics/switching-analysis.js';
import { formatNumber } from '../io/units.js';
import { baseLayout, belowLegend, COLORS, line, note, type Figure } from './plots.js';

/** The analyze flags the page shows, by CLI name. */
export const MEASURED_FIELDS = ['ramp-rate', 'C', 'R', 'T', 'Ic', 'column', 'bin-width', 'min-count'] as const;
export type MeasuredField = (typeof MEASURED_FIELDS)[number];
export type MeasuredForm = Record<MeasuredField, string>;

export const DEFAULT_MEASURED: Readonly<MeasuredForm> = { 'ramp-rate': '', C: '', R: '', T: '', Ic: '', column: '', 'bin-width': '', 'min-count': '' };

export type MeasuredOutcome = { report: AnalyzeReport; error: null } | { report: null; error: { field: MeasuredField | 'file'; message: string } };

/** A blank field is an absent flag; otherwise the text goes to the CLI's checks as typed. */
export function measuredFlags(form: MeasuredForm): AnalyzeFlags {
  const flags: AnalyzeFlags = {};
  for (const f of MEASURED_FIELDS) if (form[f].trim() !== '') flags[f] = form[f].trim();
  return flags;
}

/** The analysis `washboard analyze FILE --json` prints, or the message it would stop with. */
export function analyzeMeasured(text: string, fileName: string, form: MeasuredForm): MeasuredOutcome {
  try {
    return { report: analyzeReport(text, fileName, analyzeInputs(measuredFlags(form))), error: null };
  } catch (err) {
    if (!(err instanceof ParameterError)) throw err;
    const field = (MEASURED_FIELDS as readonly string[]).includes(err.parameter) ? (err.parameter as MeasuredField) : 'file';
    return { report: null, error: { field, message: err.message } };
  }
}

const LABELS: Record<string, string> = { [FITTED_MODEL]: 'fitted I<sub>c</sub>, T<sub>esc</sub>', classical: "Mel'nikov–Meshkov", quantum: 'computed quantum Γ' };
const OVERLAY_COLORS: Record<string, string> = { [FITTED_MODEL]: COLORS.kramers, classical: COLORS.melnikovMeshkov, quantum: COLORS.quantum };
const fmt = (v: number | null | undefined, d = 4) => (v === null || v === undefined ? '—' : formatNumber(v, d));
const pm = (x: number, e: number) => `${fmt(x, 6)} ± ${fmt(e, 2)}`;

/** Histogram of the measured currents (µA) with the expected counts of each prediction. */
export function measuredHistogramFigure(r: AnalyzeReport): Figure {
  const centre = r.bins.map((b) => 1e6 * ((b.low + b.high) / 2));
  const data: Data[] = [
    { type: 'bar', name: `measured, N = ${r.file.values}`, x: centre, y: r.bins.map((b) => b.count), marker: { color: '#9aa5b1' }, width: 1e6 * r.parameters.binWidth } as Data,
  ];
  for (const name of Object.keys(r.overlays)) {
    data.push(line(LABELS[name] ?? name, centre, r.bins.map((b) => b.expected[name] ?? null), OVERLAY_COLORS[name] ?? COLORS.tst, name === FITTED_MODEL ? 'dash' : 'solid'));
  }
  const layout = baseLayout('Measured switching histogram', 'I (µA)', 'switches per bin', false, false);
  layout.bargap = 0;
  if (r.parameters.temperature === null) layout.annotations = note('Give T to overlay the predicted P(I).', 0.9);
  belowLegend(layout);
  return { data, layout };
}

/** Γ(I) from the Fulton–Dunkleberger inversion, with its errors, beside the fitted model's Γ. */
export function measuredRateFigure(r: AnalyzeReport): Figure {
  const used = r.bins.filter((b) => b.rate !== null);
  const data: Data[] = [
    {
      type: 'scatter', mode: 'markers', name: 'Γ(I), Fulton–Dunkleberger inversion',
      x: used.map((b) => 1e6 * ((b.low + b.high) / 2)), y: used.map((b) => b.rate!),
      error_y: { type: 'data', array: used.map((b) => b.rateError!), color: COLORS.measured },
      marker: { color: COLORS.measured, size: 7 },
    },
  ];
  const layout = baseLayout('Escape rate from the measured histogram', 'I (µA)', 'Γ (s<sup>−1</sup>)', false, true);
  if (!used.length) layout.annotations = note('No bin has enough switches and survivors (--min-count).', 0.5);
  belowLegend(layout);
  return { data, layout };
}

/** The report's numbers as the page shows them (the CLI's text report, as HTML). */
export function describeMeasured(r: AnalyzeReport): string {
  const m = r.moments;
  const rows = [
    `${r.file.values} switching currents from <b>${escapeHtml(r.file.path)}</b> (column ${escapeHtml(r.file.column)}, ${r.file.unit})`,
    `⟨I⟩ = ${pm(m.mean, m.meanError)} A, σ = ${pm(m.sd, m.sdError)} A, skewness = ${pm(m.skewness, m.skewnessError)}`,
    r.fit
      ? `fit over ${r.fit.points} bins: I<sub>c</sub> = ${pm(r.fit.criticalCurrent, r.fit.criticalCurrentError)} A, T<sub>esc</sub> = ${pm(r.fit.escapeTemperature, r.fit.escapeTemperatureError)} K, χ²/dof = ${fmt(r.fit.chiSquare)}/${r.fit.degreesOfFreedom}`
      : 'too few bins with enough counts to fit I<sub>c</sub> and T<sub>esc</sub>',
  ];
  if (r.junction) {
    rows.push(`at ⟨I⟩ (γ = ${fmt(r.junction.gammaAtMean, 5)}, I<sub>c</sub> from ${r.junction.source}): Q₀ = ${fmt(r.junction.Q0)}, crossover T₀ = ${fmt(r.junction.crossoverTemperature)} K, predicted T<sub>esc</sub> plateau = ${fmt(r.junction.escapeTemperaturePlateau)} K`);
  }
  for (const [name, o] of Object.entries(r.overlays)) {
    rows.push(`${LABELS[name] ?? name}: ⟨I⟩ = ${fmt(o.mean, 6)} A, σ = ${fmt(o.sd)} A` + (o.test ? `, χ² = ${fmt(o.test.chiSquare)}/${o.test.degreesOfFreedom}, p = ${fmt(o.test.pValue, 3)}` : ''));
  }
  return rows.join('<br>');
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
