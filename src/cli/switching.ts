/**
 * `washboard switching`: switching-bias distributions under a linear ramp from an ensemble of
 * Langevin trajectories, analysed (moments, Fulton–Dunkleberger Γ, T_esc) and set beside the
 * predictions of the theory library. Dimensionless, or for an SI junction (ramp in A/s).
 */
import { writeFileSync } from 'node:fs';
import { newSwitchingRunState, switchingConfigFromRunState, switchingReportExtras, type SwitchingReportExtras, type SwitchingRunState } from '../models/switching/run-file.js';
import { runSwitchingEnsembleCpu } from '../models/washboard/cpu-reference.js';
import type { NodeGpu } from '../engine/node-device.js';
import { analyzeSimulation, quasiStationarity, theoryMoments } from '../models/switching/report.js';
import { rampTooFastNote } from '../physics/quasi-stationary.js';
import { biasAtRampStep, rampStepOf, validateSwitchingParameters, type SwitchingConfig, type SwitchingParameters } from '../models/switching/config.js';
import { NOT_SWITCHED, type SwitchingStatistics } from '../models/switching/statistics.js';
import { boltzmannConstant } from '../physics/constants.js';
import { makeJunction, rampRateToDimensionless, thetaFromTemperature, type Junction } from '../physics/junction.js';
import { ParameterError, requireInRange } from '../physics/parameters.js';
import { FITTED_MODEL } from '../physics/switching-analysis.js';
import { formatNumber, parseQuantity } from '../io/units.js';
import { FORMATS } from '../io/formats.js';
import { parseNumber, parseOptions } from './args.js';
import type { CommandIo } from './io.js';
import { continuedRunState, DEFAULT_CHECKPOINT_SECONDS, longRunFlags, runLongRun, withRunFileErrors } from './long-run.js';
import { rateOptions, sliceLabel } from './rate.js';
import { splittingSwitchingCommand, splittingSwitchingUsage } from './switching-splitting.js';

/** Flags of `--method splitting` that a direct switching run would ignore. */
const SPLITTING_ONLY_FLAGS = ['nodes', 'walkers', 'replicas', 'flux-crossings', 'interface-spacing', 'order-parameter', 'max-trial-time', 'trials'] as const;


const { gamma: _g, 'barrier-kT': _b, 'max-time': _m, 'escape-at': _e, times: _t, ...shared } = rateOptions;

export const switchingOptions = {
  ...shared,
  'ramp-rate': { type: 'string' },
  'gamma-start': { type: 'string' },
  'gamma-end': { type: 'string' },
  hold: { type: 'string' },
  wells: { type: 'string' },
  'bin-width': { type: 'string' },
  hbar: { type: 'string' },
  Ic: { type: 'string' },
  C: { type: 'string' },
  R: { type: 'string' },
  T: { type: 'string' },
  csv: { type: 'string' },
  currents: { type: 'string' },
  nodes: { type: 'string' },
} as const;

export const SWITCHING_DEFAULTS = { Q0: 10, theta: 0.01, rampRate: 1e-5, trajectories: 4096 };

export const switchingUsage = `usage: washboard switching [options]
 dimensionless:
  --Q Q0               quality factor Q₀ = ω_p0RC, > 0                   [${SWITCHING_DEFAULTS.Q0}]
  --theta T            temperature k_BT/E_J, > 0                         [${SWITCHING_DEFAULTS.theta}]
  --ramp-rate R        dγ/dτ, > 0                                        [${SWITCHING_DEFAULTS.rampRate}]
  --hbar H             ħω_p0/E_J for the quantum prediction (0: classical) [0]
 or an SI junction (replaces --Q --theta --hbar):
  --Ic 2uA --C 50fF --R 800ohm --T 100mK --ramp-rate 1A/s
 ramp and switching:
  --gamma-start G      bias where the ramp starts   [where the predicted switching probability is 1e-4]
  --gamma-end G        bias where it stops, ≤ 2      [min(1, peak + 15β)]
  --hold T             time held at γ_start first (1/ω_p0) [3·max(2Q₀, 1/(Q₀√(1−γ²)))]
  --wells K            switch on reaching φ_min(γ_start) + 2πK [1; 10 when γ_start < 4/(πQ₀): retrapping]
  --bin-width W        histogram bin in γ (a current in SI mode) [σ/10 predicted]
  --dt DT  --trajectories N [${SWITCHING_DEFAULTS.trajectories}]  --seed S  --init thermal|rest  --backend gpu|cpu
  --rng NAME           noise generator: philox, threefry20, threefry13 [philox]
 method:
  --method direct|splitting  direct: simulate the ramp (the default); splitting: from forward-flux
                       rates at a few biases, for ramps too slow to simulate (below)
 output:
  --json               the whole report as JSON on stdout
  --csv FILE           per bin: edges, count, expected counts, Γ and T_esc with errors
  --currents FILE      each trajectory's switching bias (and current in SI mode)
  --quiet              no progress on stderr
 long runs (docs/long-runs.md), as for washboard rate:
  --checkpoint FILE    save the run to FILE every --checkpoint-every seconds and on SIGINT/SIGTERM;
                       continue it with washboard resume FILE (or the same command)
  --checkpoint-every S seconds between checkpoints, > 0                [${DEFAULT_CHECKPOINT_SECONDS}]
  --shard i/N          run only the i-th of N slices of the trajectories (merge with washboard merge)
  --out FILE           write the finished run (or shard) file to FILE
  tuning: --page-size N  --steps-per-dispatch N (multiple of 4)  --dispatch-step-budget N  --workgroup-size 32|64|128|256
 T_esc is defined by Γ = (ω_p/2π)·exp(−ΔU/k_BT_esc) (physics.md §5).`;

type Values = Record<string, string | boolean | undefined>;

/** The SI junction and temperature when --Ic --C --R --T are given (all four or none). */
export function junctionFromFlags(values: Values): { junction: Junction; temperature: number } | null {
  const si = (['Ic', 'C', 'R', 'T'] as const).filter((n) => values[n] !== undefined);
  if (si.length === 0) return null;
  const missing = (['Ic', 'C', 'R', 'T'] as const).find((n) => values[n] === undefined);
  if (missing) throw new ParameterError(missing, 'missing', 'all of --Ic --C --R --T', 'an SI junction needs all four');
  for (const n of ['Q', 'theta', 'hbar'] as const) {
    if (values[n] !== undefined) throw new ParameterError(n, values[n], 'dimensionless mode only', 'cannot be mixed with --Ic --C --R --T');
  }
  const junction = makeJunction({
    criticalCurrent: parseQuantity('Ic', values.Ic as string, 'current'),
    capacitance: parseQuantity('C', values.C as string, 'capacitance'),
    resistance: parseQuantity('R', values.R as string, 'resistance'),
  });
  const temperature = requireInRange('T', parseQuantity('T', values.T as string, 'temperature'), { min: 0 });
  return { junction, temperature };
}

export interface SwitchingRequest {
  parameters: SwitchingParameters;
  backend: 'gpu' | 'cpu';
  /** ħω_p0/E_J for the quantum prediction; 0 for classical only. */
  hbar: number;
  junction: Junction | null;
  temperature: number | null;
}

export function switchingRequest(values: Values): SwitchingRequest {
  const num = (flag: string) => parseNumber(flag, values[flag] as string | undefined);
  const backend = (values.backend as string | undefined) ?? 'gpu';
  if (backend !== 'gpu' && backend !== 'cpu') throw new ParameterError('backend', backend, 'gpu or cpu');
  const init = values.init as string | undefined;
  if (init !== undefined && init !== 'thermal' && init !== 'rest') throw new ParameterError('init', init, 'thermal or rest');
  const si = junctionFromFlags(values);
  let Q0: number, theta: number, rampRate: number, hbar: number, binWidth: number | undefined;
  if (si) {
    const j = si.junction;
    Q0 = j.Q0;
    theta = requireInRange('T', thetaFromTemperature(j, si.temperature), { min: 0 });
    const ramp = values['ramp-rate'];
    if (ramp === undefined) throw new ParameterError('ramp-rate', 'missing', 'a current ramp such as 1A/s', 'required for an SI junction');
    rampRate = rampRateToDimensionless(j, parseQuantity('ramp-rate', ramp as string, 'rampRate'));
    hbar = j.hbarOmegaOverEJ;
    binWidth = values['bin-width'] === undefined ? undefined : parseQuantity('bin-width', values['bin-width'] as string, 'current') / j.criticalCurrent;
  } else {
    Q0 = num('Q') ?? SWITCHING_DEFAULTS.Q0;
    theta = num('theta') ?? SWITCHING_DEFAULTS.theta;
    rampRate = num('ramp-rate') ?? SWITCHING_DEFAULTS.rampRate;
    hbar = requireInRange('hbar', num('hbar') ?? 0, { min: 0, minInclusive: true });
    binWidth = num('bin-width');
  }
  return {
    parameters: {
      Q0, theta, rampRate,
      gammaStart: num('gamma-start'), gammaEnd: num('gamma-end'), holdTime: num('hold'), wells: num('wells'),
      dt: num('dt'), trajectories: num('trajectories') ?? SWITCHING_DEFAULTS.trajectories, seed: num('seed'),
      init: init as SwitchingParameters['init'], binWidth,
      pageSize: num('page-size'), stepsPerDispatch: num('steps-per-dispatch'), dispatchStepBudget: num('dispatch-step-budget'),
      workgroupSize: num('workgroup-size'), rng: values.rng as string | undefined, keepSwitchSteps: values.currents !== undefined,
    },
    backend,
    hbar,
    junction: si?.junction ?? null,
    temperature: si?.temperature ?? null,
  };
}

/** What a report shows beside the statistics (ħ, the SI junction), as recorded in a switching run file. */
export function reportExtras(request: SwitchingRequest): SwitchingReportExtras {
  return { hbar: request.hbar, junction: request.junction, temperature: request.temperature };
}

/**
 * Runs the ensemble on the requested backend, with progress on stderr. The GPU run goes through the
 * long-run host even without a checkpoint: a lost device is replaced, and SIGINT/SIGTERM say what
 * had finished. `code` is non-zero when it was interrupted.
 */
export async function simulateSwitching(config: SwitchingConfig, request: SwitchingRequest, io: CommandIo, quiet: boolean, prefix?: () => string) {
  const started = performance.now();
  if (request.backend === 'cpu') {
    const statistics = runSwitchingEnsembleCpu(config);
    return { code: 0, statistics, device: 'CPU reference (f64)', wallSeconds: (performance.now() - started) / 1000 };
  }
  const run = await runLongRun(newSwitchingRunState(config, reportExtras(request)), {
    io, quiet, checkpointSeconds: DEFAULT_CHECKPOINT_SECONDS, keepPerTrajectory: config.keepSwitchSteps, progressPrefix: prefix,
  });
  const statistics = (run.sessionStatistics ?? run.state.statistics) as SwitchingStatistics;
  return { code: run.code, statistics, device: run.device, wallSeconds: (performance.now() - started) / 1000 };
}

/** The request and configuration a switching run file describes (for its report). */
export function switchingRunFilePlan(state: SwitchingRunState): { request: SwitchingRequest; config: SwitchingConfig } {
  const config = switchingConfigFromRunState(state);
  const extras = switchingReportExtras(state.parameters);
  const junction = extras.junction && makeJunction(extras.junction);
  return { config, request: { parameters: { Q0: config.Q0, theta: config.theta, rampRate: config.rampRate }, backend: 'gpu', hbar: extras.hbar, junction, temperature: extras.temperature } };
}

/** The report of a switching run file (a whole run, a shard or a merge), with a `slice` field for a shard. */
export function switchingRunFileReport(state: SwitchingRunState, device: string) {
  const { request, config } = switchingRunFilePlan(state);
  const report: SwitchingReport & { slice?: unknown } = switchingReport(request, config, state.statistics, { backend: 'gpu', device, wallSeconds: state.history.wallSeconds });
  const slice = sliceLabel(state);
  if (slice) report.slice = slice.field;
  return report;
}

export function formatSwitchingRunFile(state: SwitchingRunState, device: string, json: boolean): string {
  const report = switchingRunFileReport(state, device);
  if (json) return `${JSON.stringify(report, null, 2)}\n`;
  return (sliceLabel(state)?.heading ?? '') + formatSwitchingReport(report);
}

export function adapterName(gpu: NodeGpu): string {
  return [gpu.adapterInfo.vendor, gpu.adapterInfo.architecture, gpu.adapterInfo.description].filter(Boolean).join(' ') || 'WebGPU adapter';
}

/** Everything a report needs, in plain numbers: the JSON output is exactly this object. */
export function switchingReport(request: SwitchingRequest, config: SwitchingConfig, statistics: SwitchingStatistics, run: { backend: string; device: string; wallSeconds: number }) {
  const analysis = analyzeSimulation(config, statistics, request.hbar);
  const theory = theoryMoments(config, request.hbar);
  const j = request.junction;
  return {
    ...FORMATS.switching,
    parameters: {
      Q0: config.Q0, theta: config.theta, hbar: request.hbar, rampRate: config.rampRate, gammaStart: config.gammaStart, gammaEnd: config.gammaEnd,
      holdTime: config.holdSteps * config.dt, wells: config.wells, criterion: config.criterion, switchAt: config.switchAt,
      dt: config.dt, trajectories: config.trajectories, seed: config.seed, init: config.init, rng: config.rng,
      binWidth: config.stepsPerBin * config.rampPerStep, integrator: 'GJF',
    },
    junction: j && {
      criticalCurrent: j.criticalCurrent, capacitance: j.capacitance, resistance: j.resistance, temperature: request.temperature,
      plasmaFrequency0: j.plasmaFrequency0, josephsonEnergy: j.josephsonEnergy, rampRateAmpsPerSecond: config.rampRate * j.criticalCurrent * j.plasmaFrequency0,
    },
    counts: { trajectories: statistics.trajectories, switched: statistics.switched, switchedWhileHeld: statistics.switchedWhileHeld, unswitched: statistics.trajectories - statistics.switched },
    analysis,
    /** Predicted moments over the whole bias range, by theory (the overlays' χ² is over the simulated window). */
    theory,
    /** Whether the ramp was slow enough for the fixed-bias theory to apply (docs/switching.md). */
    quasiStationary: quasiStationarity(config, analysis, theory),
    warnings: config.warnings,
    run: { ...run },
  };
}

export type SwitchingReport = ReturnType<typeof switchingReport>;

function g(x: number | null | undefined, digits = 5): string {
  return x === null || x === undefined ? '—' : formatNumber(x, digits);
}

/** "0.91234 ± 0.00012" */
function pm(x: number, e: number): string {
  return `${g(x, 6)} ± ${g(e, 2)}`;
}

export function formatSwitchingReport(r: SwitchingReport): string {
  const p = r.parameters;
  const a = r.analysis;
  const j = r.junction;
  const lines = [
    `washboard switching: RCSJ under a bias ramp, GJF integrator, Δτ = ${p.dt}`,
    `  Q₀ = ${g(p.Q0)}   θ = ${g(p.theta)}   dγ/dτ = ${g(p.rampRate)}   γ: ${g(p.gammaStart, 6)} → ${g(p.gammaEnd, 6)}   hold ${g(p.holdTime)}/ω_p0   ħω_p0/E_J = ${g(p.hbar)}`,
    `  switch on reaching φ_min(γ_start) + 2π·${p.wells} (${p.criterion})   ${p.trajectories} trajectories   seed ${p.seed}   bins of ${g(p.binWidth)} in γ`,
  ];
  if (j) lines.push(`  junction I_c = ${g(j.criticalCurrent)} A, C = ${g(j.capacitance)} F, R = ${g(j.resistance)} Ω, T = ${g(j.temperature)} K, ramp ${g(j.rampRateAmpsPerSecond)} A/s`);
  lines.push(`  ${r.run.backend} on ${r.run.device}: ${g(r.run.wallSeconds, 3)} s`);
  lines.push(`  switched ${r.counts.switched} of ${r.counts.trajectories}` + (r.counts.switchedWhileHeld ? ` (${r.counts.switchedWhileHeld} while held at γ_start)` : '') + (r.counts.unswitched ? `, ${r.counts.unswitched} not by γ_end` : ''));
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  if (!a) return `${lines.join('\n')}\n  fewer than two switches: nothing to analyse\n`;
  const m = a.moments;
  lines.push('', `  ${''.padEnd(22)}${'mean γ'.padEnd(24)}${'σ'.padEnd(24)}skewness`);
  lines.push(`  ${'simulated'.padEnd(22)}${pm(m.mean, m.meanError).padEnd(24)}${pm(m.sd, m.sdError).padEnd(24)}${pm(m.skewness, m.skewnessError)}`);
  for (const [name, o] of Object.entries(a.overlays)) {
    const label = name === FITTED_MODEL ? 'fitted T_esc model' : name === 'classical' ? "Mel'nikov–Meshkov" : 'MM × f_q / MQT';
    // Theories are shown over the whole bias range; their χ² is over the simulated window.
    const t = r.theory[name] ?? o;
    const test = o.test ? `χ² = ${g(o.test.chiSquare, 4)}/${o.test.degreesOfFreedom}, p = ${g(o.test.pValue, 3)}` : '';
    lines.push(`  ${label.padEnd(22)}${g(t.mean, 6).padEnd(24)}${g(t.sd, 4).padEnd(24)}${g(t.skewness, 4).padEnd(12)}${test}`);
  }
  const tooFast = rampTooFastNote(r.quasiStationary);
  if (tooFast) lines.push(`  ${tooFast}`, `  (${r.quasiStationary!.criterion})`);
  if (j && m) lines.push(`  in amperes: ⟨I⟩ = ${pm(m.mean * j.criticalCurrent, m.meanError * j.criticalCurrent)} A, σ_I = ${pm(m.sd * j.criticalCurrent, m.sdError * j.criticalCurrent)} A`);
  if (a.fit) {
    const kelvin = j ? `   T_esc = ${pm((a.fit.escapeEnergy * j.josephsonEnergy) / boltzmannConstant, (a.fit.escapeEnergyError * j.josephsonEnergy) / boltzmannConstant)} K` : '';
    lines.push('', `  escape-temperature fit over ${a.fit.points} bins: θ_esc = ${pm(a.fit.escapeEnergy, a.fit.escapeEnergyError)}${kelvin}   χ²/dof = ${g(a.fit.chiSquare, 4)}/${a.fit.degreesOfFreedom}`);
  }
  lines.push('', `  ${'γ (bin centre)'.padEnd(16)}${'count'.padEnd(8)}${'Γ/ω_p0'.padEnd(24)}θ_esc`);
  for (const b of a.bins) {
    if (b.rate === null) continue;
    lines.push(`  ${g((b.low + b.high) / 2, 6).padEnd(16)}${String(b.count).padEnd(8)}${pm(b.rate, b.rateError!).padEnd(24)}${b.escapeEnergy === null ? '—' : pm(b.escapeEnergy, b.escapeEnergyError!)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** One CSV row per bin; SI columns are added for a junction. */
export function switchingBinsCsv(r: SwitchingReport): string {
  const a = r.analysis;
  if (!a) return 'gamma_low,gamma_high,count\n';
  const names = Object.keys(a.overlays);
  const j = r.junction;
  const header = ['gamma_low', 'gamma_high', 'count', ...names.map((n) => `expected_${n}`), 'rate', 'rate_error', 'theta_esc', 'theta_esc_error'];
  if (j) header.push('I_low_A', 'I_high_A', 'rate_per_s', 'rate_error_per_s', 'T_esc_K', 'T_esc_error_K');
  const cell = (x: number | null) => (x === null ? '' : String(x));
  const rows = a.bins.map((b) => {
    const row = [b.low, b.high, b.count, ...names.map((n) => b.expected[n] ?? null), b.rate, b.rateError, b.escapeEnergy, b.escapeEnergyError].map(cell);
    if (j) {
      const toK = (e: number | null) => (e === null ? null : (e * j.josephsonEnergy) / boltzmannConstant);
      const toHz = (x: number | null) => (x === null ? null : x * j.plasmaFrequency0);
      row.push(...[b.low * j.criticalCurrent, b.high * j.criticalCurrent, toHz(b.rate), toHz(b.rateError), toK(b.escapeEnergy), toK(b.escapeEnergyError)].map(cell));
    }
    return row.join(',');
  });
  return `${header.join(',')}\n${rows.join('\n')}\n`;
}

function writeCurrents(path: string, config: SwitchingConfig, statistics: SwitchingStatistics, junction: Junction | null) {
  const lines = [`trajectory,switched,switch_step,gamma${junction ? ',I_A' : ''}`];
  (statistics.switchSteps ?? new Uint32Array()).forEach((step, i) => {
    if (step === NOT_SWITCHED) {
      lines.push(`${i},0,,${junction ? ',' : ''}`);
      return;
    }
    const gamma = biasAtRampStep(config, rampStepOf(config, step));
    lines.push(`${i},1,${step},${gamma}${junction ? `,${gamma * junction.criticalCurrent}` : ''}`);
  });
  writeFileSync(path, `${lines.join('\n')}\n`);
}

export async function switchingCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseOptions(argv, switchingOptions);
  if (values.help) {
    io.stdout(`${switchingUsage}\n${splittingSwitchingUsage}\n`);
    return 0;
  }
  const method = (values.method as string | undefined) ?? 'direct';
  if (method !== 'direct' && method !== 'splitting') throw new ParameterError('method', method, 'direct or splitting');
  if (method === 'splitting') return splittingSwitchingCommand(values, io);
  for (const flag of SPLITTING_ONLY_FLAGS) {
    if (values[flag] !== undefined) throw new ParameterError(flag, String(values[flag]), '--method splitting only');
  }
  const request = switchingRequest(values);
  const config = validateSwitchingParameters(request.parameters);
  if (values.checkpoint !== undefined || values.shard !== undefined || values.out !== undefined) {
    const { every, shard, slice, checkpoint, out } = longRunFlags(values, request.backend, config.trajectories, { flag: 'currents', what: 'per-trajectory switching biases' });
    return withRunFileErrors(io, async () => {
      const state = continuedRunState(newSwitchingRunState(config, reportExtras(request), { slice, shard }), checkpoint, io);
      const run = await runLongRun(state, { io, quiet: Boolean(values.quiet), checkpoint, checkpointSeconds: every, out });
      if (run.code !== 0) return run.code;
      const done = run.state as SwitchingRunState;
      if (values.csv) writeFileSync(values.csv as string, switchingBinsCsv(switchingRunFileReport(done, run.device)));
      io.stdout(formatSwitchingRunFile(done, run.device, Boolean(values.json)));
      return 0;
    });
  }
  const run = await simulateSwitching(config, request, io, Boolean(values.quiet));
  if (run.code !== 0) return run.code;
  const report = switchingReport(request, config, run.statistics, { backend: request.backend, device: run.device, wallSeconds: run.wallSeconds });
  if (values.currents) writeCurrents(values.currents as string, config, run.statistics, request.junction);
  if (values.csv) writeFileSync(values.csv as string, switchingBinsCsv(report));
  io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatSwitchingReport(report));
  return 0;
}
