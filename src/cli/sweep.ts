/**
 * `washboard sweep rate|switching`: a grid of runs, the Cartesian product of one or more
 * `--over NAME=START:STOP:COUNT[:log]` axes, with every other option passed to the command. One
 * row per grid point (CSV or JSON), holding the point's index, its grid values, what was measured
 * with its errors, and every analytic column. Progress covers the whole grid.
 */
import { writeFileSync } from 'node:fs';
import { runEscapeEnsembleCpu } from '../engine/cpu-reference.js';
import { validateEscapeParameters } from '../engine/config.js';
import { runEscapeEnsemble } from '../engine/ensemble.js';
import { requestNodeDevice, type NodeGpu } from '../engine/node-device.js';
import { validateSwitchingParameters } from '../engine/switching-config.js';
import { boltzmannConstant } from '../physics/constants.js';
import { theorySummary } from '../physics/escape.js';
import { ParameterError, requireInRange } from '../physics/parameters.js';
import { FITTED_MODEL, fitPowerLaw } from '../physics/switching-analysis.js';
import { parseQuantity, type Dimension } from '../physics/units.js';
import { parseNumber, parseOptions } from './args.js';
import type { CommandIo } from './io.js';
import { progressReporter } from './progress.js';
import { rateOptions, rateParameters, rateReport } from './rate.js';
import { adapterName, simulateSwitching, switchingOptions, switchingReport, switchingRequest } from './switching.js';
import { parseSweep } from './theory.js';

const SWEEP_OPTIONS = { over: { type: 'string', multiple: true }, out: { type: 'string' }, hbar: { type: 'string' } } as const;

/** What each command may sweep, and the unit of an SI value. */
const AXES: Record<'rate' | 'switching', Record<string, Dimension | null>> = {
  rate: { theta: null, 'barrier-kT': null, Q: null, gamma: null, dt: null },
  switching: { theta: null, T: 'temperature', Q: null, 'ramp-rate': 'rampRate', dt: null, R: 'resistance' },
};

const USAGE = `usage: washboard sweep rate|switching --over NAME=START:STOP:COUNT[:log] [--over …] [options of the command]
  rate axes:       theta, barrier-kT, Q, gamma, dt
  switching axes:  theta, Q, ramp-rate, dt (dimensionless); T, ramp-rate, R (with --Ic --C --R --T; SI units allowed)
  --out FILE       write the rows there (CSV, or JSON with --json) instead of stdout
  --hbar H         (rate) ħω_p0/E_J for the quantum theory columns [0]
  --json           rows as a JSON array
Each row: point (0-based grid index), the grid values, the measurement with its errors, and the analytic columns.
Progress for the whole grid goes to stderr.
`;

type Row = Record<string, number | string | null>;

export async function sweepCommand(argv: string[], io: CommandIo): Promise<number> {
  const [kind, ...rest] = argv;
  if (kind === undefined || kind === '--help' || kind === '-h') {
    io.stdout(USAGE);
    return kind === undefined ? 2 : 0;
  }
  if (kind !== 'rate' && kind !== 'switching') throw new ParameterError('sweep command', kind, 'rate or switching');
  const options = { ...(kind === 'rate' ? rateOptions : switchingOptions), ...SWEEP_OPTIONS };
  const { values } = parseOptions(rest, options);
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const over = (values.over as string[] | undefined) ?? [];
  if (over.length === 0) throw new ParameterError('over', 'missing', 'NAME=START:STOP:COUNT[:log]', 'give at least one axis');
  const axes = over.map((text) => {
    const names = Object.keys(AXES[kind]);
    return parseSweep(text, (name, v) => {
      const dim = AXES[kind][name];
      return dim ? parseQuantity(`--over ${name}`, v, dim) : parseNumber(`--over ${name}`, v)!;
    }, names);
  });
  for (const a of axes) {
    if (values[a.name as keyof typeof values] !== undefined) throw new ParameterError('over', a.name, 'an axis not also given as a fixed option', `--${a.name} is both swept and fixed`);
  }
  if (new Set(axes.map((a) => a.name)).size !== axes.length) throw new ParameterError('over', over.join(' '), 'each axis once', 'an axis is repeated');
  const grid = axes.reduce<Record<string, number>[]>((points, a) => points.flatMap((p) => a.values.map((v) => ({ ...p, [a.name]: v }))), [{}]);
  const hbar = requireInRange('hbar', parseNumber('hbar', values.hbar as string | undefined) ?? 0, { min: 0, minInclusive: true });
  const backend = (values.backend as string | undefined) ?? 'gpu';
  // Every point is validated before any runs, so a bad corner of the grid fails at once.
  const fixed = values as Record<string, string | boolean | undefined>;
  const at = (point: Record<string, number>) => ({ ...fixed, ...Object.fromEntries(Object.entries(point).map(([k, v]) => [k, String(v)])) });
  const plans = grid.map((point) => (kind === 'rate' ? { rate: rateParameters(at(point)) } : { switching: switchingRequest(at(point)) }));
  const configs = plans.map((p) => (p.rate ? { rate: validateEscapeParameters(p.rate) } : { switching: validateSwitchingParameters(p.switching!.parameters) }));

  const gpu: NodeGpu | null = backend === 'gpu' ? await requestNodeDevice() : null;
  const started = performance.now();
  const rows: Row[] = [];
  const quiet = Boolean(values.quiet);
  const minutes = (s: number) => (s < 90 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`);
  const prefix = (i: number) => () => {
    const elapsed = (performance.now() - started) / 1000;
    const eta = i === 0 ? '?' : minutes((elapsed / i) * (grid.length - i));
    return `point ${i + 1}/${grid.length} (grid ${minutes(elapsed)}, ETA ≈ ${eta})`;
  };
  try {
    for (const [i, point] of grid.entries()) {
      const base: Row = { point: i, ...point };
      const cfg = configs[i]!;
      const pointStart = performance.now();
      if (cfg.rate) {
        const config = cfg.rate;
        let statistics;
        if (gpu) {
          const progress = progressReporter(io.stderrStream, quiet, prefix(i));
          try {
            ({ statistics } = await runEscapeEnsemble(gpu.device, config, { onProgress: progress.update }));
          } finally {
            progress.done();
          }
        } else {
          statistics = runEscapeEnsembleCpu(config);
        }
        const wall = (performance.now() - pointStart) / 1000;
        const r = rateReport(config, statistics, { backend, device: gpu ? adapterName(gpu) : 'CPU reference (f64)', wallSeconds: wall });
        const t = theorySummary({ gamma: config.gamma, Q0: config.Q0, theta: config.theta, hbar });
        rows.push({
          ...base, gamma: config.gamma, Q0: config.Q0, theta: config.theta, hbar, barrier_over_kT: t.barrierOverKT, Delta: t.energyLoss, dt: config.dt,
          trajectories: r.measured.trajectories, escaped: r.measured.escaped, max_time: r.parameters.maxTime,
          rate: r.measured.rate, rate_lower_95: r.measured.lower, rate_upper_95: r.measured.upper, rate_relative_error: r.measured.relativeError,
          ...Object.fromEntries(Object.entries(t.rates).map(([k, v]) => [k, v])),
          ratio_tst: ratio(r.measured.rate, t.rates.tst), ratio_kramers: ratio(r.measured.rate, t.rates.kramers),
          ratio_bhl: ratio(r.measured.rate, t.rates.bhl), ratio_melnikov_meshkov: ratio(r.measured.rate, t.rates.melnikovMeshkov),
          theta0: t.crossoverTheta, theta_esc: t.escapeTheta, regime: t.regime, wall_seconds: wall,
        });
      } else {
        const config = cfg.switching!;
        const request = plans[i]!.switching!;
        const run = await simulateSwitching(config, request.backend, io, quiet, gpu ? { device: gpu.device, name: adapterName(gpu) } : undefined, prefix(i));
        const r = switchingReport(request, config, run.statistics, { backend, device: run.device, wallSeconds: run.wallSeconds });
        rows.push({ ...base, ...switchingRow(r) });
      }
      if (!quiet) io.stderr(`point ${i + 1}/${grid.length} done in ${minutes((performance.now() - pointStart) / 1000)}\n`);
    }
  } finally {
    gpu?.release();
  }
  if (kind === 'switching' && axes.length === 1 && ['T', 'theta'].includes(axes[0]!.name) && !quiet) io.stderr(widthExponents(rows, axes[0]!.name));
  const text = values.json ? `${JSON.stringify(rows, null, 2)}\n` : toCsv(rows);
  if (values.out) writeFileSync(values.out as string, text);
  else io.stdout(text);
  return 0;
}

/** σ ∝ T^n fitted to the simulated widths, and to each theory's over the same points (same weights). */
function widthExponents(rows: Row[], axis: string): string {
  const usable = rows.filter((r) => typeof r.sd === 'number' && typeof r.sd_error === 'number' && (r.sd_error as number) > 0);
  if (usable.length < 3) return '';
  const at = (key: string) => usable.map((r) => ({ x: r[axis] as number, y: r[key] as number, error: ((r.sd_error as number) / (r.sd as number)) * (r[key] as number) }));
  const simulated = fitPowerLaw(at('sd'));
  const parts = [`σ ∝ ${axis}^n over ${usable.length} points: simulated n = ${simulated.exponent.toFixed(4)} ± ${simulated.exponentError.toFixed(4)} (χ²/dof = ${simulated.chiSquare.toFixed(2)}/${simulated.degreesOfFreedom})`];
  for (const name of ['classical', 'quantum']) {
    if (usable.every((r) => typeof r[`${name}_sd`] === 'number')) parts.push(`${name} theory n = ${fitPowerLaw(at(`${name}_sd`)).exponent.toFixed(4)}`);
  }
  return `${parts.join('; ')}\n`;
}

function ratio(a: number, b: number | null): number | null {
  return b === null || b === 0 ? null : a / b;
}

/** A switching report flattened to one row: measurement, predictions with χ², fit, theory at ⟨γ⟩, and SI forms. */
function switchingRow(r: ReturnType<typeof switchingReport>): Row {
  const p = r.parameters;
  const a = r.analysis;
  const m = a?.moments;
  const row: Row = {
    Q0: p.Q0, theta: p.theta, hbar: p.hbar, ramp_rate: p.rampRate, gamma_start: p.gammaStart, gamma_end: p.gammaEnd, wells: p.wells, dt: p.dt,
    trajectories: r.counts.trajectories, switched: r.counts.switched,
    mean: m?.mean ?? null, mean_error: m?.meanError ?? null, sd: m?.sd ?? null, sd_error: m?.sdError ?? null,
    skewness: m?.skewness ?? null, skewness_error: m?.skewnessError ?? null,
    theta_esc_fit: a?.fit?.escapeEnergy ?? null, theta_esc_fit_error: a?.fit?.escapeEnergyError ?? null,
  };
  for (const name of ['classical', 'quantum', FITTED_MODEL]) {
    const o = a?.overlays[name];
    // Theories' moments over the whole bias range; their χ² over the simulated window.
    const t = r.theory[name] ?? o;
    const key = name === FITTED_MODEL ? 'fit' : name;
    row[`${key}_mean`] = t?.mean ?? null;
    row[`${key}_sd`] = t?.sd ?? null;
    row[`${key}_skewness`] = t?.skewness ?? null;
    row[`${key}_chi2`] = o?.test?.chiSquare ?? null;
    row[`${key}_dof`] = o?.test?.degreesOfFreedom ?? null;
    row[`${key}_p`] = o?.test?.pValue ?? null;
  }
  if (m && m.mean < 1) {
    const t = theorySummary({ gamma: m.mean, Q0: p.Q0, theta: p.theta, hbar: p.hbar });
    Object.assign(row, {
      barrier_over_kT_at_mean: t.barrierOverKT, Delta_at_mean: t.energyLoss, theta0_at_mean: t.crossoverTheta,
      theta_esc_theory_at_mean: t.escapeTheta, theta_esc_plateau_at_mean: t.escapeThetaPlateau, regime_at_mean: t.regime,
    });
  }
  // With MQT the predicted switching lies below the simulated (classical) one: T₀ and the T_esc
  // plateau belong at the bias where the quantum prediction switches.
  const q = r.theory.quantum;
  if (q && q.mean < 1) {
    const t = theorySummary({ gamma: q.mean, Q0: p.Q0, theta: p.theta, hbar: p.hbar });
    Object.assign(row, { theta0_at_quantum_mean: t.crossoverTheta, theta_esc_plateau_at_quantum_mean: t.escapeThetaPlateau, regime_at_quantum_mean: t.regime });
  }
  const j = r.junction;
  if (j) {
    const kelvin = j.josephsonEnergy / boltzmannConstant;
    Object.assign(row, {
      Ic_A: j.criticalCurrent, C_F: j.capacitance, R_ohm: j.resistance, T_K: j.temperature, ramp_A_per_s: j.rampRateAmpsPerSecond,
      mean_A: m ? m.mean * j.criticalCurrent : null, sd_A: m ? m.sd * j.criticalCurrent : null, sd_error_A: m ? m.sdError * j.criticalCurrent : null,
      classical_sd_A: scaled(r.theory.classical?.sd, j.criticalCurrent), quantum_sd_A: scaled(r.theory.quantum?.sd, j.criticalCurrent),
      T_esc_fit_K: scaled(a?.fit?.escapeEnergy, kelvin), T_esc_fit_error_K: scaled(a?.fit?.escapeEnergyError, kelvin),
      T0_K: scaled(row.theta0_at_mean as number | undefined, kelvin), T_esc_plateau_K: scaled(row.theta_esc_plateau_at_mean as number | null | undefined, kelvin),
      T0_at_quantum_mean_K: scaled(row.theta0_at_quantum_mean as number | undefined, kelvin),
      T_esc_plateau_at_quantum_mean_K: scaled(row.theta_esc_plateau_at_quantum_mean as number | null | undefined, kelvin),
    });
  }
  row.wall_seconds = r.run.wallSeconds;
  return row;
}

function scaled(x: number | null | undefined, factor: number): number | null {
  return x === null || x === undefined ? null : x * factor;
}

function toCsv(rows: Row[]): string {
  const header = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: Row[string] | undefined) => (v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : v);
  return `${header.join(',')}\n${rows.map((r) => header.map((k) => cell(r[k])).join(',')).join('\n')}\n`;
}
