/**
 * Rate results in and out: the JSON that `washboard rate --json` writes (one report, or an array
 * of them, which is what the page exports), a CSV table of the measured rates, and the survival
 * curve a report's counts describe.
 */
import type { RateReport } from '../models/rate/report.js';
import { poissonRateUpperBound } from '../physics/estimate.js';

/** Thrown for a file that is not a rate report; the message says what is missing. */
export class ReportFormatError extends Error {
  override name = 'ReportFormatError';
}

function need(ok: boolean, what: string, index: number): void {
  if (!ok) throw new ReportFormatError(`report ${index + 1}: ${what} (expected the JSON of \`washboard rate --json\`)`);
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the fields the page reads; anything else in the report is carried along untouched. */
function checkReport(value: unknown, index: number): RateReport {
  need(isObject(value), 'not an object', index);
  const r = value as Record<string, unknown>;
  // Reports from before the format header have none; one with another format is another verb's.
  need(r.format === undefined || r.format === 'washboard.rate', `format is ${JSON.stringify(r.format)}, not "washboard.rate"`, index);
  const parameters = r.parameters;
  need(isObject(parameters), 'no "parameters" object', index);
  for (const k of ['gamma', 'Q0', 'theta', 'dt', 'trajectories', 'maxTime', 'seed'] as const) {
    need(isNumber((parameters as Record<string, unknown>)[k]), `parameters.${k} is not a number`, index);
  }
  const measured = r.measured;
  need(isObject(measured), 'no "measured" object', index);
  for (const k of ['rate', 'lower', 'upper', 'escaped', 'trajectories', 'exposure'] as const) {
    need(isNumber((measured as Record<string, unknown>)[k]), `measured.${k} is not a number`, index);
  }
  const survival = r.survival;
  need(isObject(survival), 'no "survival" object', index);
  const s = survival as Record<string, unknown>;
  need(isNumber(s.timePerBin) && Array.isArray(s.escapesPerBin) && s.escapesPerBin.every(isNumber), 'survival.timePerBin/escapesPerBin malformed', index);
  // Reports written before the zero-escape bound existed carry no rateUpperBound95: derive it.
  const m = measured as Record<string, unknown>;
  if (m.rateUpperBound95 === undefined) {
    m.rateUpperBound95 = m.escaped === 0 ? poissonRateUpperBound({ exposure: m.exposure as number, confidence: 0.95 }) : null;
  }
  return value as RateReport;
}

/** Parses one report or an array of reports. */
export function parseRateReports(text: string): RateReport[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ReportFormatError(`not JSON: ${(err as Error).message}`);
  }
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new ReportFormatError('an empty array holds no report');
  return list.map(checkReport);
}

/** One report exports exactly as the CLI writes it; several as an array. */
export function reportsToJson(reports: readonly RateReport[]): string {
  return `${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`;
}

const CSV_COLUMNS: [string, (r: RateReport) => number | string][] = [
  ['gamma', (r) => r.parameters.gamma],
  ['Q0', (r) => r.parameters.Q0],
  ['theta', (r) => r.parameters.theta],
  ['barrier_over_kT', (r) => r.parameters.barrierOverKT],
  ['dt', (r) => r.parameters.dt],
  ['trajectories', (r) => r.parameters.trajectories],
  ['max_time', (r) => r.parameters.maxTime],
  ['seed', (r) => r.parameters.seed],
  ['escaped', (r) => r.measured.escaped],
  ['exposure', (r) => r.measured.exposure],
  ['rate', (r) => r.measured.rate],
  ['rate_lower_95', (r) => r.measured.lower],
  ['rate_upper_95', (r) => r.measured.upper],
  // Empty unless nothing escaped: the one-sided 95% bound −ln(0.05)/exposure.
  ['rate_upper_bound_95', (r) => r.measured.rateUpperBound95 ?? ''],
  ['tst', (r) => r.formulas.tst],
  ['kramers', (r) => r.formulas.kramers],
  ['melnikov_meshkov', (r) => r.formulas.melnikovMeshkov],
  ['device', (r) => JSON.stringify(r.run.device)],
];

/** The measured rates as CSV, one row per run, rates in units of ω_p0. */
export function reportsToCsv(reports: readonly RateReport[]): string {
  const lines = [CSV_COLUMNS.map(([name]) => name).join(',')];
  for (const r of reports) lines.push(CSV_COLUMNS.map(([, get]) => String(get(r))).join(','));
  return `${lines.join('\n')}\n`;
}

export interface SurvivalPoints {
  /** End of each bin, in units of 1/ω_p0. */
  time: number[];
  /** Fraction not yet escaped at that time. */
  survival: number[];
  /** Binomial standard error √(S(1−S)/N). */
  error: number[];
}

/** The empirical survival curve S(t) from a report's escapes per bin. */
export function survivalPoints(report: RateReport): SurvivalPoints {
  const n = report.measured.trajectories;
  const { timePerBin, escapesPerBin } = report.survival;
  const out: SurvivalPoints = { time: [], survival: [], error: [] };
  let escaped = 0;
  escapesPerBin.forEach((count, k) => {
    escaped += count;
    const s = 1 - escaped / n;
    out.time.push(Math.min((k + 1) * timePerBin, report.parameters.maxTime));
    out.survival.push(s);
    out.error.push(Math.sqrt((s * (1 - s)) / n));
  });
  return out;
}

/** Whether two operating-point values are the same parameter (equal up to rounding). */
export function same(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}
