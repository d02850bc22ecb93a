/**
 * `washboard analyze`: the switching analysis of measured data. A file of switching currents, the
 * ramp rate and the junction's C and R in; moments, Fulton–Dunkleberger Γ(I), T_esc(I), a fit of
 * I_c and T_esc, the crossover temperature and T_esc plateau, and (given T) the theory's P(I) out.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { boltzmannConstant } from '../physics/constants.js';
import { escapeRateDimensionless } from '../physics/escape.js';
import { biasJunction, escapeTemperaturePlateau, makeJunction, rateToHertz, temperatureFromTheta, thetaFromTemperature } from '../physics/junction.js';
import { ParameterError, requireInRange, requireInteger } from '../physics/parameters.js';
import { crossoverTheta } from '../physics/quantum.js';
import { melnikovMeshkovRate } from '../physics/rates.js';
import { analyzeSwitching, defaultHistogram, FITTED_MODEL, momentsFromValues, parseSwitchingCurrents, type JunctionScales } from '../physics/switching-analysis.js';
import { formatNumber, parseQuantity } from '../physics/units.js';
import { parseNumber, parseOptions } from './args.js';
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
  const need = (flag: 'ramp-rate' | 'C' | 'R', example: string) => {
    const v = values[flag];
    if (v === undefined) throw new ParameterError(flag, 'missing', example, 'required');
    return v;
  };
  const rampRate = requireInRange('ramp-rate', parseQuantity('ramp-rate', need('ramp-rate', 'a ramp such as 1e-3A/s'), 'rampRate'), { min: 0 });
  const capacitance = requireInRange('C', parseQuantity('C', need('C', 'a capacitance such as 5pF'), 'capacitance'), { min: 0 });
  const resistance = requireInRange('R', parseQuantity('R', need('R', 'a resistance such as 100ohm'), 'resistance'), { min: 0 });
  const temperature = values.T === undefined ? null : requireInRange('T', parseQuantity('T', values.T, 'temperature'), { min: 0 });
  const statedIc = values.Ic === undefined ? undefined : requireInRange('Ic', parseQuantity('Ic', values.Ic, 'current'), { min: 0 });
  const binWidth = values['bin-width'] === undefined ? undefined : requireInRange('bin-width', parseQuantity('bin-width', values['bin-width'], 'current'), { min: 0 });
  const minCount = requireInteger('min-count', parseNumber('min-count', values['min-count']) ?? 10, { min: 1, minInclusive: true });

  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ParameterError('file', path, 'a readable file of switching currents', (err as NodeJS.ErrnoException).code ?? 'unreadable');
  }
  const file = parseSwitchingCurrents(text, path, { column: values.column, criticalCurrent: statedIc });
  const histogram = defaultHistogram(file.values, binWidth);
  const junctionAt = (criticalCurrent: number) => makeJunction({ criticalCurrent, capacitance, resistance });
  const scales: JunctionScales = (Ic) => junctionAt(Ic);
  const analysis = analyzeSwitching({
    histogram,
    moments: momentsFromValues(file.values),
    values: file.values,
    rampRate,
    scales,
    minCount,
    predictions: (Ic): Record<string, (I: number) => number> => {
      if (temperature === null) return {};
      const j = junctionAt(Ic);
      const theta = thetaFromTemperature(j, temperature);
      return {
        classical: (I: number) => rateToHertz(j, melnikovMeshkovRate({ gamma: I / Ic, Q0: j.Q0, theta })),
        quantum: (I: number) => rateToHertz(j, escapeRateDimensionless({ gamma: I / Ic, Q0: j.Q0, theta, hbar: j.hbarOmegaOverEJ }).rate),
      };
    },
  });
  const fit = analysis.fit;
  const Ic = fit?.criticalBias ?? statedIc;
  let junction = null;
  if (Ic !== undefined && Ic > analysis.moments.mean) {
    const j = biasJunction(junctionAt(Ic), { current: analysis.moments.mean });
    junction = {
      criticalCurrent: Ic,
      source: fit ? 'fit' : 'stated',
      Q0: j.Q0,
      plasmaFrequency0: j.plasmaFrequency0,
      josephsonEnergy: j.josephsonEnergy,
      gammaAtMean: j.gamma,
      crossoverTemperature: temperatureFromTheta(j, crossoverTheta({ gamma: j.gamma, Q0: j.Q0, hbar: j.hbarOmegaOverEJ })),
      escapeTemperaturePlateau: plateauOrNull(() => escapeTemperaturePlateau(j)),
    };
  }
  const toKelvin = (e: number | null) => (e === null ? null : e / boltzmannConstant);
  const report = {
    file: { path, values: file.values.length, column: file.column, unit: file.unit },
    parameters: { rampRate, capacitance, resistance, temperature, statedCriticalCurrent: statedIc ?? null, binWidth: histogram.binWidth, minCount },
    moments: analysis.moments,
    fit: fit && {
      criticalCurrent: fit.criticalBias, criticalCurrentError: fit.criticalBiasError,
      escapeTemperature: fit.escapeEnergy / boltzmannConstant, escapeTemperatureError: fit.escapeEnergyError / boltzmannConstant,
      correlation: fit.correlation, chiSquare: fit.chiSquare, degreesOfFreedom: fit.degreesOfFreedom, points: fit.points,
    },
    junction,
    overlays: analysis.overlays,
    bins: analysis.bins.map((b) => ({
      low: b.low, high: b.high, count: b.count, rate: b.rate, rateError: b.rateError,
      escapeTemperature: toKelvin(b.escapeEnergy), escapeTemperatureError: toKelvin(b.escapeEnergyError), expected: b.expected,
    })),
  };
  if (values.csv) writeFileSync(values.csv, analyzeCsv(report));
  io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatAnalyzeReport(report));
  return 0;
}

function plateauOrNull(f: () => number): number | null {
  try {
    return f();
  } catch (err) {
    if (err instanceof ParameterError) return null;
    throw err;
  }
}

type AnalyzeReport = {
  file: { path: string; values: number; column: string; unit: string };
  parameters: { rampRate: number; capacitance: number; resistance: number; temperature: number | null; statedCriticalCurrent: number | null; binWidth: number };
  moments: ReturnType<typeof analyzeSwitching>['moments'];
  fit: { criticalCurrent: number; criticalCurrentError: number; escapeTemperature: number; escapeTemperatureError: number; correlation: number; chiSquare: number; degreesOfFreedom: number; points: number } | null;
  junction: { criticalCurrent: number; source: string; Q0: number; gammaAtMean: number; crossoverTemperature: number; escapeTemperaturePlateau: number | null } | null;
  overlays: ReturnType<typeof analyzeSwitching>['overlays'];
  bins: { low: number; high: number; count: number; rate: number | null; rateError: number | null; escapeTemperature: number | null; escapeTemperatureError: number | null; expected: Record<string, number> }[];
};

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
    const label = name === FITTED_MODEL ? 'fitted I_c, T_esc' : name === 'classical' ? "Mel'nikov–Meshkov" : 'MM × f_q / MQT';
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
