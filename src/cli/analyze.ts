/**
 * `washboard analyze`: the switching analysis of measured data. A file of switching currents, the
 * ramp rate and the junction's C and R in; moments, Fulton–Dunkleberger Γ(I), T_esc(I), a fit of
 * I_c and T_esc, the crossover temperature and T_esc plateau, and (given T) the theory's P(I) out.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { analyzeInputs, analyzeReport, type AnalyzeReport } from '../io/analyze-report.js';
import { ParameterError } from '../physics/parameters.js';
import { FITTED_MODEL } from '../physics/switching-analysis.js';
import { formatNumber } from '../io/units.js';
import { parseOptions } from './args.js';
import type { CommandIo } from './io.js';


const OPTIONS = {
  'ramp-rate': { type: 'string' },
  C: { type: 'string' },
  R: { type: 'string' },
  T: { type: 'string' },
  Ic: { type: 'string' },
  column: { type: 'string' },
  'bin-width': { type: 'string' },
  'min-count': { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const USAGE = `usage: washboard analyze FILE --ramp-rate dI/dt --C C --R R [options]
  FILE                 switching currents: one per line, or a CSV column; amperes, or a unit in the
                       header ("I (uA)") or on each value ("9.51uA"); # starts a comment
  --ramp-rate R        current ramp, e.g. 1e-3A/s or 2mA/s
  --C C --R R          junction capacitance and shunt resistance, e.g. 5pF 100ohm
  --T T                bath temperature: adds the theory's P(I) (Mel'nikov–Meshkov, and with f_q/MQT)
  --Ic I               stated critical current: currents above it are errors; reported beside the fit
  --column NAME|N      which CSV column (header name or 1-based index)   [1]
  --bin-width W        histogram bin, e.g. 2nA                          [σ/8]
  --min-count N        bins of the Γ inversion need N switches and N survivors [10]
  --json               the whole report as JSON on stdout
  --csv FILE           per bin: edges, count, expected counts, Γ and T_esc with errors
T_esc is defined by Γ = (ω_p/2π)·exp(−ΔU/k_BT_esc) (physics.md §5), with the fitted I_c.
`;

export async function analyzeCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseOptions(argv, OPTIONS, true);
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new ParameterError('file', positionals.join(' ') || 'missing', 'exactly one file of switching currents');
  const path = positionals[0]!;
  const inputs = analyzeInputs(values);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ParameterError('file', path, 'a readable file of switching currents', (err as NodeJS.ErrnoException).code ?? 'unreadable');
  }
  const report = analyzeReport(text, path, inputs);
  if (values.csv) writeFileSync(values.csv, analyzeCsv(report));
  io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatAnalyzeReport(report));
  return 0;
}

const g = (x: number | null | undefined, d = 5) => (x === null || x === undefined ? '—' : formatNumber(x, d));
const pm = (x: number, e: number) => `${g(x, 6)} ± ${g(e, 2)}`;

function formatAnalyzeReport(r: AnalyzeReport): string {
  const m = r.moments;
  const lines = [
    `washboard analyze: ${r.file.values} switching currents from ${r.file.path} (column ${r.file.column}, ${r.file.unit})`,
    `  ramp ${g(r.parameters.rampRate)} A/s   C = ${g(r.parameters.capacitance)} F   R = ${g(r.parameters.resistance)} Ω` + (r.parameters.temperature === null ? '' : `   T = ${g(r.parameters.temperature)} K`),
    `  ⟨I⟩ = ${pm(m.mean, m.meanError)} A   σ = ${pm(m.sd, m.sdError)} A   skewness = ${pm(m.skewness, m.skewnessError)}`,
  ];
  if (r.fit) {
    lines.push(`  fit over ${r.fit.points} bins: I_c = ${pm(r.fit.criticalCurrent, r.fit.criticalCurrentError)} A   T_esc = ${pm(r.fit.escapeTemperature, r.fit.escapeTemperatureError)} K   correlation ${g(r.fit.correlation, 3)}   χ²/dof = ${g(r.fit.chiSquare, 4)}/${r.fit.degreesOfFreedom}`);
  } else {
    lines.push('  too few bins with enough counts to fit I_c and T_esc');
  }
  if (r.parameters.statedCriticalCurrent !== null) lines.push(`  stated I_c = ${g(r.parameters.statedCriticalCurrent)} A`);
  if (r.junction) {
    lines.push(`  at ⟨I⟩ (γ = ${g(r.junction.gammaAtMean)}, I_c from ${r.junction.source}): Q₀ = ${g(r.junction.Q0)}   crossover T₀ = ${g(r.junction.crossoverTemperature)} K   predicted T_esc plateau = ${g(r.junction.escapeTemperaturePlateau)} K`);
  }
  lines.push('', `  ${'prediction'.padEnd(22)}${'⟨I⟩ (A)'.padEnd(14)}${'σ (A)'.padEnd(14)}${'skewness'.padEnd(10)}χ²`);
  for (const [name, o] of Object.entries(r.overlays)) {
    const label = name === FITTED_MODEL ? 'fitted I_c, T_esc' : name === 'classical' ? "Mel'nikov–Meshkov" : 'computed quantum Γ';
    lines.push(`  ${label.padEnd(22)}${g(o.mean, 6).padEnd(14)}${g(o.sd, 4).padEnd(14)}${g(o.skewness, 3).padEnd(10)}${o.test ? `${g(o.test.chiSquare, 4)}/${o.test.degreesOfFreedom}, p = ${g(o.test.pValue, 3)}` : '—'}`);
  }
  lines.push('', `  ${'I (bin centre, A)'.padEnd(20)}${'count'.padEnd(8)}${'Γ (s⁻¹)'.padEnd(26)}T_esc (K)`);
  for (const b of r.bins) {
    if (b.rate === null) continue;
    lines.push(`  ${g((b.low + b.high) / 2, 7).padEnd(20)}${String(b.count).padEnd(8)}${pm(b.rate, b.rateError!).padEnd(26)}${b.escapeTemperature === null ? '—' : pm(b.escapeTemperature, b.escapeTemperatureError!)}`);
  }
  return `${lines.join('\n')}\n`;
}

function analyzeCsv(r: AnalyzeReport): string {
  const names = Object.keys(r.overlays);
  const header = ['I_low_A', 'I_high_A', 'count', ...names.map((n) => `expected_${n}`), 'rate_per_s', 'rate_error_per_s', 'T_esc_K', 'T_esc_error_K'];
  const cell = (x: number | null | undefined) => (x === null || x === undefined ? '' : String(x));
  const rows = r.bins.map((b) => [b.low, b.high, b.count, ...names.map((n) => b.expected[n]), b.rate, b.rateError, b.escapeTemperature, b.escapeTemperatureError].map(cell).join(','));
  return `${header.join(',')}\n${rows.join('\n')}\n`;
}
