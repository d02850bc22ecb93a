/**
 * `washboard sweep rate|switching`: a grid of runs, the Cartesian product of one or more
 * `--over NAME=START:STOP:COUNT[:log]` axes, with every other option passed to the command. One
 * row per grid point (CSV or JSON), holding the point's index, its grid values, what was measured
 * with its errors, and every analytic column. Progress covers the whole grid.
 */
import { writeFileSync } from 'node:fs';
import { isComplete, RunStateError } from '../engine/checkpoint.js';
import { newRunState } from '../models/rate/run-file.js';
import { newSwitchingRunState } from '../models/switching/run-file.js';
import { type RunState } from '../models/registry.js';
import { runEscapeEnsembleCpu, runSwitchingEnsembleCpu } from '../models/washboard/cpu-reference.js';
import { validateEscapeParameters, type EscapeConfig } from '../models/rate/config.js';
import { mergeRunFiles, parseShardSpec } from '../engine/shards.js';
import type { EscapeStatistics } from '../models/rate/statistics.js';
import { isSweepComplete, serializeSweepState, sweepIdentity, sweepRunFor, sweepShardPoints, withoutOptions, type SweepRunState } from '../engine/sweep-file.js';
import { validateSwitchingParameters } from '../models/switching/config.js';
import type { SwitchingStatistics } from '../models/switching/statistics.js';
import { boltzmannConstant } from '../physics/constants.js';
import { theorySummary } from '../physics/escape.js';
import { ParameterError, requireInRange } from '../physics/parameters.js';
import { FITTED_MODEL, fitPowerLaw } from '../physics/switching-analysis.js';
import { parseQuantity, type Dimension } from '../io/units.js';
import { FORMATS } from '../io/formats.js';
import { parseNumber, parseOptions } from './args.js';
import type { CommandIo } from './io.js';
import {
  checkpointSeconds, DEFAULT_CHECKPOINT_SECONDS, readAnyRunFile, runFileExists, runLongRun, WASHBOARD_VERSION, withRunFileErrors, writeFileAtomic,
} from './long-run.js';
import { rateOptions, rateParameters } from './rate.js';
import { rateReport } from '../models/rate/report.js';
import { reportExtras, switchingOptions, switchingReport, switchingRequest } from './switching.js';
import { parseSweep } from './theory.js';

const SWEEP_OPTIONS = { over: { type: 'string', multiple: true }, out: { type: 'string' }, hbar: { type: 'string' } } as const;
// (--checkpoint, --checkpoint-every and --shard come with the commands' options.)

/** What each command may sweep, and the unit of an SI value. */
const AXES: Record<'rate' | 'switching', Record<string, Dimension | null>> = {
  rate: { theta: null, 'barrier-kT': null, Q: null, gamma: null, dt: null },
  switching: { theta: null, T: 'temperature', Q: null, 'ramp-rate': 'rampRate', dt: null, R: 'resistance' },
};

const USAGE = `usage: washboard sweep rate|switching --over NAME=START:STOP:COUNT[:log] [--over …] [options of the command]
  rate axes:       theta, barrier-kT, Q, gamma, dt
  switching axes:  theta, Q, ramp-rate, dt (dimensionless); T, ramp-rate, R (with --Ic --C --R --T; SI units allowed)
  --out FILE       write the rows there (CSV, or JSON with --json) instead of stdout;
                   with --shard, write the shard file there (its rows go to stdout)
  --hbar H         (rate) ħω_p0/E_J for the quantum theory columns [0]
  --json           rows as JSON: {"format": "washboard.sweep", "version": 1, "command", "rows": [...]}
  --checkpoint FILE  save finished points and the point in progress to FILE (every --checkpoint-every S
                   seconds and on SIGINT/SIGTERM); washboard resume FILE or the same command continues it
  --shard i/N      run grid points k with k mod N = i−1 only (N ≤ points); washboard merge combines the files
Each row: point (0-based grid index), the grid values, the measurement with its errors, and the analytic columns.
Progress for the whole grid goes to stderr.
`;

type Row = Record<string, number | string | null>;

/** Options that steer a sweep's run files and output, not what it computes (left out of the recorded argv). */
const RUN_CONTROL_OPTIONS = ['--checkpoint', '--checkpoint-every', '--shard', '--out'];
const RUN_CONTROL_FLAGS = ['--json', '--quiet'];

/** A sweep's grid and, per point, its validated configuration; everything but running it. */
export function sweepPlan(kind: string | undefined, rest: string[]) {
  if (kind !== 'rate' && kind !== 'switching') throw new ParameterError('sweep command', String(kind), 'rate or switching');
  const command: 'rate' | 'switching' = kind;
  const options = { ...(kind === 'rate' ? rateOptions : switchingOptions), ...SWEEP_OPTIONS };
  const { values } = parseOptions(rest, options);
  const over = (values.over as string[] | undefined) ?? [];
  if (over.length === 0 && !values.help) throw new ParameterError('over', 'missing', 'NAME=START:STOP:COUNT[:log]', 'give at least one axis');
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
  const points = grid.map((point, index) => {
    if (kind === 'rate') return { index, point, rate: validateEscapeParameters(rateParameters(at(point))) };
    const request = switchingRequest(at(point));
    return { index, point, switching: { request, config: validateSwitchingParameters(request.parameters) } };
  });
  const argv = withoutOptions(rest, RUN_CONTROL_OPTIONS, RUN_CONTROL_FLAGS);
  return { kind: command, values, axes, grid, hbar, backend, points, argv };
}

type SweepPlan = ReturnType<typeof sweepPlan>;

/** The fresh run state of grid point k. */
function newPointState(plan: SweepPlan, k: number): RunState {
  const p = plan.points[k]!;
  const point = { index: k, count: plan.points.length };
  return p.rate ? newRunState(p.rate, { point }) : newSwitchingRunState(p.switching!.config, reportExtras(p.switching!.request), { point });
}

/** The row of grid point k from its statistics. */
function pointRow(plan: SweepPlan, k: number, statistics: RunState['statistics'], device: string, wallSeconds: number): Row {
  const p = plan.points[k]!;
  const base: Row = { point: k, ...p.point };
  if (p.rate) return { ...base, ...rateRow(p.rate, statistics as EscapeStatistics, plan.backend, device, wallSeconds, plan.hbar) };
  const r = switchingReport(p.switching!.request, p.switching!.config, statistics as SwitchingStatistics, { backend: plan.backend, device, wallSeconds });
  return { ...base, ...switchingRow(r) };
}

export async function sweepCommand(argv: string[], io: CommandIo): Promise<number> {
  const [kind, ...rest] = argv;
  if (kind === undefined || kind === '--help' || kind === '-h' || rest.includes('--help') || rest.includes('-h')) {
    io.stdout(USAGE);
    return kind === undefined ? 2 : 0;
  }
  const plan = sweepPlan(kind, rest);
  const v = plan.values as Record<string, string | boolean | undefined>;
  const quiet = Boolean(v.quiet);
  if (v.checkpoint !== undefined || v.shard !== undefined) {
    if (plan.backend !== 'gpu') throw new ParameterError('backend', plan.backend, 'gpu', '--checkpoint and --shard need the GPU engine');
    const shard = v.shard === undefined ? null : parseShardSpec(v.shard as string, plan.points.length);
    if (shard && v.out === undefined && v.checkpoint === undefined) throw new ParameterError('out', 'missing', 'a shard file (--out FILE or --checkpoint FILE)', 'a sweep shard is merged from its file');
    const checkpoint = v.checkpoint as string | undefined;
    const out = shard ? (v.out as string | undefined) : undefined;
    if (checkpoint !== undefined && checkpoint === out) throw new ParameterError('out', out, 'a file other than --checkpoint', 'the checkpoint already ends as the finished shard file');
    return withRunFileErrors(io, async () => {
      const fresh: SweepRunState = { command: plan.kind, argv: plan.argv, points: plan.points.length, shard, assigned: sweepShardPoints(plan.points.length, shard), runs: [] };
      const state = checkpoint !== undefined && runFileExists(checkpoint) ? continuedSweep(fresh, checkpoint, io) : fresh;
      const ran = await runSweep(plan, state, { io, quiet, checkpoint, every: checkpointSeconds(v) });
      if (ran.code !== 0) return ran.code;
      if (out) writeSweepFile(out, state);
      // A shard's rows go to stdout; without --shard, --out is the rows file as ever.
      writeRows(plan, ran.rows, Boolean(v.json), shard ? undefined : (v.out as string | undefined), io, quiet);
      return 0;
    });
  }

  const rows: Row[] = [];
  if (plan.backend === 'gpu') {
    const ran = await runSweep(plan, { command: plan.kind, argv: plan.argv, points: plan.points.length, shard: null, assigned: sweepShardPoints(plan.points.length, null), runs: [] }, { io, quiet, every: DEFAULT_CHECKPOINT_SECONDS });
    if (ran.code !== 0) return ran.code;
    rows.push(...ran.rows);
  } else {
    for (const p of plan.points) {
      const started = performance.now();
      const statistics = p.rate ? runEscapeEnsembleCpu(p.rate) : runSwitchingEnsembleCpu(p.switching!.config);
      rows.push(pointRow(plan, p.index, statistics, 'CPU reference (f64)', (performance.now() - started) / 1000));
    }
  }
  writeRows(plan, rows, Boolean(v.json), v.out as string | undefined, io, quiet);
  return 0;
}

/** Runs the points `state` is assigned that are not finished, in order, saving to `checkpoint` as it goes. */
export async function runSweep(plan: SweepPlan, state: SweepRunState, options: { io: CommandIo; quiet: boolean; checkpoint?: string; every: number }) {
  const { io, quiet, checkpoint } = options;
  const K = plan.points.length;
  const started = performance.now();
  const minutes = (s: number) => (s < 90 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`);
  const rows: Row[] = [];
  for (const [n, k] of state.assigned.entries()) {
    let run = sweepRunFor(state, k);
    if (!run) {
      run = newPointState(plan, k);
      state.runs.push(run);
    }
    const prefix = () => {
      const elapsed = (performance.now() - started) / 1000;
      const eta = n === 0 ? '?' : minutes((elapsed / n) * (state.assigned.length - n));
      return `point ${k + 1}/${K} (grid ${minutes(elapsed)}, ETA ≈ ${eta})`;
    };
    const result = await runLongRun(run, {
      io, quiet, checkpoint, checkpointSeconds: options.every, progressPrefix: prefix,
      persist: checkpoint === undefined ? undefined : () => writeSweepFile(checkpoint, state),
    });
    if (result.code !== 0) return { code: result.code, rows };
    if (checkpoint !== undefined) writeSweepFile(checkpoint, state);
    rows.push(pointRow(plan, k, run.statistics, result.device, run.history.wallSeconds));
    if (!quiet) io.stderr(`point ${k + 1}/${K} done in ${minutes(run.history.wallSeconds)}\n`);
  }
  return { code: 0, rows };
}

export function writeSweepFile(path: string, state: SweepRunState): void {
  writeFileAtomic(path, serializeSweepState(state, { washboard: WASHBOARD_VERSION }));
}

/** The sweep saved in `checkpoint`, when it is this sweep (same options and shard); otherwise refused by name, untouched. */
export function continuedSweep(fresh: SweepRunState, checkpoint: string, io: CommandIo): SweepRunState {
  const saved = readAnyRunFile(checkpoint);
  if (!('assigned' in saved)) throw new RunStateError(`${checkpoint} holds a single ${saved.kind} run, not a sweep. It was not used and has not been changed.`);
  const d = sweepDifference(saved, fresh);
  if (d) throw new RunStateError(`${checkpoint} holds a different sweep: ${d}. It was not used and has not been changed.`);
  const finished = saved.runs.filter(isComplete).length;
  io.stderr(`washboard: continuing ${checkpoint}: ${finished} of ${saved.assigned.length} grid points finished.\n`);
  return saved;
}

/** How two sweep files differ in what they compute or hold, or null. */
export function sweepDifference(a: SweepRunState, b: SweepRunState): string | null {
  if (a.command !== b.command) return `sweep ${a.command} there but sweep ${b.command} here`;
  const [x, y] = [sweepIdentity(a.argv).join(' '), sweepIdentity(b.argv).join(' ')];
  if (x !== y) return `options "${x}" there but "${y}" here`;
  const shard = (s: SweepRunState) => (s.shard ? `shard ${s.shard.index}/${s.shard.count}` : 'the whole grid');
  if (shard(a) !== shard(b)) return `${shard(a)} there but ${shard(b)} here`;
  return null;
}

/** Rows as CSV, or JSON with --json, to `out` or stdout; and the σ ∝ T^n fit of a temperature sweep of switching. */
export function writeRows(plan: SweepPlan, rows: Row[], json: boolean, out: string | undefined, io: CommandIo, quiet = false): void {
  if (plan.kind === 'switching' && plan.axes.length === 1 && ['T', 'theta'].includes(plan.axes[0]!.name) && !quiet) io.stderr(widthExponents(rows, plan.axes[0]!.name));
  // JSON: the rows under a format header; CSV: the rows alone (docs/formats.md).
  const text = json ? `${JSON.stringify({ ...FORMATS.sweep, command: plan.kind, rows }, null, 2)}\n` : toCsv(rows);
  if (out) writeFileSync(out, text);
  else io.stdout(text);
}

/** The rows of a merged sweep: the plan rebuilt from the recorded options, the statistics from the merged states. */
export function mergedSweepRows(command: 'rate' | 'switching', argv: string[], states: RunState[]): { plan: SweepPlan; rows: Row[] } {
  const plan = sweepPlan(command, argv);
  const rows = states.map((s) => pointRow(plan, s.point!.index, s.statistics, s.history.devices.join(', ') || 'WebGPU', s.history.wallSeconds));
  return { plan, rows };
}

function rateRow(config: EscapeConfig, statistics: EscapeStatistics, backend: string, device: string, wall: number, hbar: number): Row {
  const r = rateReport(config, statistics, { backend, device, wallSeconds: wall });
  const t = theorySummary({ gamma: config.gamma, Q0: config.Q0, theta: config.theta, hbar });
  return {
    gamma: config.gamma, Q0: config.Q0, theta: config.theta, hbar, barrier_over_kT: t.barrierOverKT, Delta: t.energyLoss, dt: config.dt,
    trajectories: r.measured.trajectories, escaped: r.measured.escaped, max_time: r.parameters.maxTime,
    rate: r.measured.rate, rate_lower_95: r.measured.lower, rate_upper_95: r.measured.upper, rate_relative_error: r.measured.relativeError,
    rate_upper_bound_95: r.measured.rateUpperBound95,
    ...Object.fromEntries(Object.entries(t.rates).map(([k, v]) => [k, v])),
    ratio_tst: ratio(r.measured.rate, t.rates.tst), ratio_kramers: ratio(r.measured.rate, t.rates.kramers),
    ratio_bhl: ratio(r.measured.rate, t.rates.bhl), ratio_melnikov_meshkov: ratio(r.measured.rate, t.rates.melnikovMeshkov),
    theta0: t.crossoverTheta, theta_esc: t.escapeTheta, regime: t.regime, wall_seconds: wall,
  };
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
  // ε of docs/switching.md "Ramp too fast": ≥ 0.1 means the fixed-bias theory need not apply.
  row.ramp_epsilon = r.quasiStationary?.rateChangePerRelaxation ?? null;
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

/** `washboard resume FILE` of a sweep file: the unfinished points, then the rows of all the file's points. */
export async function resumeSweep(file: string, state: SweepRunState, options: { io: CommandIo; quiet: boolean; json: boolean; every: number; out?: string }): Promise<number> {
  const plan = sweepPlan(state.command, state.argv);
  const ran = await runSweep(plan, state, { io: options.io, quiet: options.quiet, checkpoint: file, every: options.every });
  if (ran.code !== 0) return ran.code;
  if (options.out) writeSweepFile(options.out, state);
  writeRows(plan, ran.rows, options.json, undefined, options.io, options.quiet);
  return 0;
}

/**
 * `washboard merge` of sweep files (shards, or checkpoints of parts of one sweep): every file must
 * be finished and of the same sweep, and together they must hold every grid point once; each
 * point's runs are merged as shards (so a point may also be split over trajectories). The rows are
 * those of the unsharded sweep.
 */
export function mergeSweepFiles(files: { name: string; state: SweepRunState }[], options: { io: CommandIo; json: boolean; out?: string }): number {
  const problems: string[] = [];
  const first = files[0]!;
  for (const f of files.slice(1)) {
    const d = sweepDifference({ ...first.state, shard: null }, { ...f.state, shard: null });
    if (d || f.state.points !== first.state.points) problems.push(`${first.name} and ${f.name} are from different sweeps: ${d ?? `${first.state.points} grid points in one, ${f.state.points} in the other`}`);
  }
  for (const f of files) {
    if (!isSweepComplete(f.state)) {
      const finished = f.state.runs.filter(isComplete).length;
      const shard = f.state.shard ? `shard ${f.state.shard.index}/${f.state.shard.count}, ` : '';
      problems.push(`${f.name} is unfinished (${shard}${finished} of its ${f.state.assigned.length} grid points finished): finish it first with: washboard resume ${f.name}`);
    }
  }
  if (problems.length === 0) {
    const K = first.state.points;
    const held = new Set(files.flatMap((f) => f.state.runs.map((r) => r.point!.index)));
    const missing = Array.from({ length: K }, (_, k) => k).filter((k) => !held.has(k));
    if (missing.length > 0) {
      const counts = new Set(files.map((f) => f.state.shard?.count ?? 0));
      let which = '';
      if (counts.size === 1 && !counts.has(0)) {
        const n = [...counts][0]!;
        const present = new Set(files.map((f) => f.state.shard!.index));
        const absent = [...new Set(missing.map((k) => (k % n) + 1))].filter((i) => !present.has(i));
        if (absent.length > 0) which = ` (shard${absent.length > 1 ? 's' : ''} ${absent.map((i) => `${i}/${n}`).join(', ')} missing?)`;
      }
      problems.push(`grid point${missing.length > 1 ? 's' : ''} ${missing.map((k) => k + 1).join(', ')} of ${K} ${missing.length > 1 ? 'are' : 'is'} missing: no file given holds ${missing.length > 1 ? 'them' : 'it'}${which}; files given: ${files.map((f) => f.name).join(', ')}`);
    }
  }
  if (problems.length > 0) throw new RunStateError(`cannot merge: ${problems.join('\n  ')}`);
  const runFiles = files.flatMap((f) => f.state.runs.map((r) => ({ name: `${f.name} (grid point ${r.point!.index + 1})`, state: r })));
  const merged = mergeRunFiles(runFiles);
  const states = merged.map((m) => m.state);
  const { plan, rows } = mergedSweepRows(first.state.command, first.state.argv, states);
  if (options.out) {
    writeSweepFile(options.out, { command: first.state.command, argv: first.state.argv, points: plan.points.length, shard: null, assigned: sweepShardPoints(plan.points.length, null), runs: states });
  }
  writeRows(plan, rows, options.json, undefined, options.io, true);
  return 0;
}
