import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { validateEscapeParameters } from '../../src/models/rate/config.js';
import { rateReport } from '../../src/models/rate/report.js';
import { NOT_ESCAPED, statisticsFromEscapeSteps } from '../../src/models/rate/statistics.js';
import { parseRateReports, ReportFormatError, reportsToCsv, reportsToJson, survivalPoints } from '../../src/web/results.js';

/** A report from known escape steps: trajectory i escapes at step 37·i, or survives when that is past the horizon. */
function knownReport(seed = 1) {
  const config = validateEscapeParameters({ gamma: 0.9, Q0: 10, barrierOverKT: 4, trajectories: 200, maxTime: 500, dt: 0.05, seed, survivalBins: 20 });
  const steps = Array.from({ length: config.trajectories }, (_, i) => (37 * i < config.maxSteps ? 37 * i : NOT_ESCAPED));
  return rateReport(config, statisticsFromEscapeSteps(config, steps), { backend: 'test', device: 'none', wallSeconds: 1 });
}

describe('rate results in and out', () => {
  it('reads what `washboard rate --json` writes (CPU backend, real run)', async () => {
    const out: string[] = [];
    const io = { stdout: (s: string) => void out.push(s), stderr: () => undefined, stderrStream: { write: () => true } };
    const code = await main(['rate', '--backend', 'cpu', '--trajectories', '64', '--barrier-kT', '3', '--seed', '5', '--json', '--quiet'], io);
    expect(code).toBe(0);
    const [report] = parseRateReports(out.join(''));
    expect(report!.parameters.seed).toBe(5);
    expect(report!.measured.trajectories).toBe(64);
    expect(report!.survival.escapesPerBin.reduce((a, b) => a + b, 0)).toBe(report!.measured.escaped);
  });

  it('exports one report exactly as the CLI writes it, several as an array, and reads both back', () => {
    const a = knownReport(1);
    const b = knownReport(2);
    expect(reportsToJson([a])).toBe(`${JSON.stringify(a, null, 2)}\n`);
    expect(parseRateReports(reportsToJson([a]))).toEqual([JSON.parse(JSON.stringify(a))]);
    expect(parseRateReports(reportsToJson([a, b])).map((r) => r.parameters.seed)).toEqual([1, 2]);
  });

  it('rejects files that are not rate reports, saying what is missing', () => {
    expect(() => parseRateReports('{')).toThrow(ReportFormatError);
    expect(() => parseRateReports('[]')).toThrow(/empty array/);
    expect(() => parseRateReports('{"parameters": {}}')).toThrow(/report 1: parameters.gamma is not a number/);
    const broken = JSON.parse(JSON.stringify(knownReport())) as Record<string, Record<string, unknown>>;
    delete broken.measured!.rate;
    expect(() => parseRateReports(JSON.stringify([knownReport(), broken]))).toThrow(/report 2: measured.rate is not a number/);
  });

  it('writes CSV with one row per run and the rates as reported', () => {
    const r = knownReport();
    const [header, row, end] = reportsToCsv([r]).split('\n');
    expect(end).toBe('');
    const cells = Object.fromEntries(header!.split(',').map((name, i) => [name, row!.split(',')[i]]));
    expect(Number(cells.rate)).toBe(r.measured.rate);
    expect(Number(cells.escaped)).toBe(r.measured.escaped);
    expect(Number(cells.melnikov_meshkov)).toBe(r.formulas.melnikovMeshkov);
    expect(cells.device).toBe('"none"');
  });

  it('a run with no escapes: the one-sided bound in the CSV, derived for a report written before the field existed, and another format refused', () => {
    const config = validateEscapeParameters({ gamma: 0.9, Q0: 10, barrierOverKT: 4, trajectories: 100, maxTime: 50, dt: 0.05, survivalBins: 20 });
    const none = rateReport(config, statisticsFromEscapeSteps(config, new Array<number>(100).fill(NOT_ESCAPED)), { backend: 'test', device: 'none', wallSeconds: 1 });
    // Σt = 100 trajectories × 1000 steps × 0.05 = 5000; bound −ln(0.05)/5000.
    expect(none.measured.rateUpperBound95).toBeCloseTo(2.995732273553991 / 5000, 16);
    const [header, row] = reportsToCsv([none, knownReport()]).split('\n');
    const column = header!.split(',').indexOf('rate_upper_bound_95');
    expect(Number(row!.split(',')[column])).toBe(none.measured.rateUpperBound95);
    const old = JSON.parse(JSON.stringify(none)) as { format?: string; measured: Record<string, unknown> };
    delete old.format;
    delete old.measured.rateUpperBound95;
    expect(parseRateReports(JSON.stringify(old))[0]!.measured.rateUpperBound95).toBeCloseTo(2.995732273553991 / 5000, 16);
    expect(() => parseRateReports(JSON.stringify({ ...none, format: 'washboard.switching' }))).toThrow(/format is "washboard.switching"/);
  });

  it('turns the survival counts into S(t) with binomial errors', () => {
    const r = knownReport();
    const s = survivalPoints(r);
    // 10000 steps, 20 bins of 500 steps: trajectory i escapes at 37i, so 14 escape per full bin (13 or 14).
    expect(s.time).toHaveLength(20);
    expect(s.time[0]).toBeCloseTo(25, 12);
    expect(s.time[19]).toBe(r.parameters.maxTime);
    const escapedByFirstBin = Math.ceil(500 / 37);
    expect(s.survival[0]).toBeCloseTo(1 - escapedByFirstBin / 200, 15);
    expect(s.survival[19]).toBeCloseTo(1 - r.measured.escaped / 200, 15);
    expect(s.error[0]).toBeCloseTo(Math.sqrt((s.survival[0]! * (1 - s.survival[0]!)) / 200), 15);
    for (let k = 1; k < 20; k++) expect(s.survival[k]!).toBeLessThanOrEqual(s.survival[k - 1]!);
  });
});
