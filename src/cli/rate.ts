/**
 * `washboard rate`: the escape rate at fixed bias from an ensemble of Langevin trajectories,
 * next to the analytic rates it should approach.
 */
import { writeFileSync } from 'node:fs';
import { formatRange } from '../engine/checkpoint.js';
import { configFromRunState, newRunState, type EscapeRunState } from '../models/rate/run-file.js';
import { type RunState } from '../models/registry.js';
import {
  checkpointSeconds, continuedRunState, DEFAULT_CHECKPOINT_SECONDS, longRunFlags, runLongRun, withRunFileErrors,
} from './long-run.js';
import { defaultTimeStep, validateEscapeParameters, type EscapeConfig, type EscapeParameters } from '../models/rate/config.js';
import { melnikovMeshkovRate } from '../physics/rates.js';
import { thetaFromBarrier } from '../physics/potential.js';
import { runEscapeEnsembleCpu } from '../models/washboard/cpu-reference.js';
import { NOT_ESCAPED, type EscapeStatistics } from '../models/rate/statistics.js';
import { RATE_DEFAULTS, rateReport, type RateReport } from '../models/rate/report.js';
import { ParameterError, requireInRange } from '../physics/parameters.js';
import { parseNumber, parseOptions } from './args.js';
import type { CommandIo } from './io.js';
import { DEFAULT_INTERFACE_SPACING, DEFAULT_REPLICAS, DEFAULT_TRIALS, DEFAULT_WALKERS, validateFfsParameters } from '../models/ffs/config.js';
import { runForwardFlux } from '../models/ffs/driver.js';
import { splittingRateReport, type SplittingRateReport } from '../models/ffs/report.js';
import { requestNodeDevice } from '../engine/node-device.js';
import { deviceName } from './long-run.js';

export const rateOptions = {
  gamma: { type: 'string' },
  Q: { type: 'string' },
  theta: { type: 'string' },
  'barrier-kT': { type: 'string' },
  dt: { type: 'string' },
  trajectories: { type: 'string' },
  'max-time': { type: 'string' },
  seed: { type: 'string' },
  'escape-at': { type: 'string' },
  init: { type: 'string' },
  backend: { type: 'string' },
  'page-size': { type: 'string' },
  'steps-per-dispatch': { type: 'string' },
  'dispatch-step-budget': { type: 'string' },
  'workgroup-size': { type: 'string' },
  rng: { type: 'string' },
  json: { type: 'boolean' },
  times: { type: 'string' },
  quiet: { type: 'boolean' },
  checkpoint: { type: 'string' },
  'checkpoint-every': { type: 'string' },
  shard: { type: 'string' },
  out: { type: 'string' },
  method: { type: 'string' },
  trials: { type: 'string' },
  walkers: { type: 'string' },
  replicas: { type: 'string' },
  'flux-crossings': { type: 'string' },
  'interface-spacing': { type: 'string' },
  'order-parameter': { type: 'string' },
  'max-trial-time': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;


/** Above this many expected trajectory-steps (≈ 2 min on lavapipe), `--method auto` uses splitting. */
export const AUTO_SPLITTING_ABOVE_STEPS = 1e10;

export const rateUsage = `usage: washboard rate [options]
  --gamma G            bias I/I_c, in (0, 1)                       [${RATE_DEFAULTS.gamma}]
  --Q Q0               quality factor Q₀ = ω_p0RC, > 0             [${RATE_DEFAULTS.Q0}]
  --theta T            temperature k_BT/E_J, > 0, or
  --barrier-kT B       temperature as ΔU/k_BT, > 0                 [${RATE_DEFAULTS.barrierOverKT}]
  --dt DT              time step Δτ (1/ω_p0), in (0, min(0.5, Q₀)] [min(0.05, Q₀/5)]
  --trajectories N     ensemble size, 1 … 2^32                     [${RATE_DEFAULTS.trajectories}]
  --max-time T         censoring time (1/ω_p0)                     [3/Γ_MM: ~95% escape]
  --seed S             integer in [0, 2^53)                        [1]
  --escape-at PHI      absorbing phase, > φ_max                    [φ_min + 2π]
  --init thermal|rest  initial state                               [thermal]
  --rng NAME           noise generator: philox, threefry20, threefry13 [philox]
  --backend gpu|cpu    WebGPU engine or the CPU reference          [gpu]
  --json               write the result as JSON on stdout
  --times FILE         write each trajectory's escape time as CSV
  --quiet              no progress on stderr
  long runs (docs/long-runs.md):
  --checkpoint FILE    save the run to FILE every --checkpoint-every seconds and on SIGINT/SIGTERM;
                       if FILE exists (same parameters) the run continues from it
  --checkpoint-every S seconds between checkpoints, > 0                [${DEFAULT_CHECKPOINT_SECONDS}]
  --shard i/N          run only the i-th of N slices of the trajectories (merge with washboard merge)
  --out FILE           write the finished run (or shard) file to FILE
  tuning: --page-size N  --steps-per-dispatch N (multiple of 4)  --dispatch-step-budget N  --workgroup-size 32|64|128|256
  --method direct|splitting|auto  direct: brute force (the above); splitting: forward-flux sampling
                       (docs/rare-events.md), for high barriers; auto: splitting when a flag of
                       one method is given or direct would take over ${AUTO_SPLITTING_ABOVE_STEPS.toExponential(0)} trajectory-steps [direct]
  splitting only:
  --trials M           trials per interface, [2·replicas, 2^24]          [${DEFAULT_TRIALS}]
  --walkers W          trajectories of the flux run in the well           [min(${DEFAULT_WALKERS}, M)]
  --replicas R         independent FFS runs whose scatter is the error bar, [2, 1024] [${DEFAULT_REPLICAS}]
  --flux-crossings N   crossings of λ₀ counted for the flux               [M]
  --order-parameter phase|energy  λ: the phase, or the energy above the well bottom [phase below Q₀ = 2]
  --interface-spacing E interfaces every E k_BT of potential energy up to the top, (0, 100] [${DEFAULT_INTERFACE_SPACING}]
  --max-trial-time T   a trial still running at T (1/ω_p0) counts as a failure [2^32 steps]`;

export function rateParameters(values: Record<string, string | boolean | undefined>): EscapeParameters & { backend: 'gpu' | 'cpu' } {
  const num = (flag: string) => parseNumber(flag, values[flag] as string | undefined);
  const theta = num('theta');
  const barrierKT = num('barrier-kT');
  const init = values.init as string | undefined;
  if (init !== undefined && init !== 'thermal' && init !== 'rest') throw new ParameterError('init', init, 'thermal or rest');
  const backend = (values.backend as string | undefined) ?? 'gpu';
  if (backend !== 'gpu' && backend !== 'cpu') throw new ParameterError('backend', backend, 'gpu or cpu');
  return {
    gamma: num('gamma') ?? RATE_DEFAULTS.gamma,
    Q0: num('Q') ?? RATE_DEFAULTS.Q0,
    theta,
    barrierOverKT: barrierKT ?? (theta === undefined ? RATE_DEFAULTS.barrierOverKT : undefined),
    dt: num('dt'),
    trajectories: num('trajectories') ?? RATE_DEFAULTS.trajectories,
    maxTime: num('max-time'),
    seed: num('seed'),
    escapeAt: num('escape-at'),
    init: init as EscapeParameters['init'],
    pageSize: num('page-size'),
    stepsPerDispatch: num('steps-per-dispatch'),
    dispatchStepBudget: num('dispatch-step-budget'),
    workgroupSize: num('workgroup-size'),
    rng: values.rng as string | undefined,
    keepEscapeSteps: values.times !== undefined,
    backend,
  };
}

function g(x: number, digits = 4) {
  return x === 0 ? '0' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e5 ? x.toPrecision(digits) : x.toExponential(digits - 1);
}

export function formatRateReport(r: RateReport): string {
  const p = r.parameters;
  const m = r.measured;
  const rows: [string, number, number][] = [
    ['transition-state theory', r.formulas.tst, r.ratios.tst!],
    ['Kramers', r.formulas.kramers, r.ratios.kramers!],
    ["Mel'nikov–Meshkov", r.formulas.melnikovMeshkov, r.ratios.melnikovMeshkov!],
  ];
  return [
    `washboard rate: RCSJ escape, GJF integrator, Δτ = ${p.dt}`,
    `  γ = ${p.gamma}   Q₀ = ${p.Q0}   θ = ${g(p.theta, 6)}   ΔU/k_BT = ${g(p.barrierOverKT)}   ω_p/ω_p0 = ${g(r.derived.plasmaFrequency)}   Q(γ) = ${g(r.derived.qualityFactor)}`,
    `  ${p.trajectories} trajectories   max time ${g(p.maxTime)}/ω_p0   seed ${p.seed}   init ${p.init}   rng ${p.rng}   absorbing at φ = ${g(p.escapeAt)}`,
    `  ${r.run.backend} on ${r.run.device}: ${g(r.run.wallSeconds, 3)} s, ${g(r.run.stepsPerSecond, 3)} trajectory-steps/s`,
    '',
    m.rateUpperBound95 === null
      ? `  measured Γ/ω_p0 = ${g(m.rate)}   95% CI [${g(m.lower)}, ${g(m.upper)}]   ±${(100 * m.relativeError!).toFixed(1)}% (1σ)   N_esc = ${m.escaped} of ${m.trajectories}`
      : `  no escapes; Γ/ω_p0 < ${g(m.rateUpperBound95)} at 95% (one-sided Poisson bound −ln 0.05/Σt, exposure Σt = ${g(m.exposure)}/ω_p0)   N_esc = 0 of ${m.trajectories}`,
    '',
    `  ${'formula'.padEnd(26)}${'Γ/ω_p0'.padEnd(14)}measured/formula`,
    ...rows.map(([name, rate, ratio]) => `  ${name.padEnd(26)}${g(rate).padEnd(14)}${m.rateUpperBound95 === null ? ratio.toFixed(3) : `< ${g(m.rateUpperBound95 / rate, 3)}`}`),
    '',
  ].join('\n');
}

export async function rateCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseOptions(argv, rateOptions);
  if (values.help) {
    io.stdout(`${rateUsage}\n`);
    return 0;
  }
  let method = (values.method as string | undefined) ?? 'direct';
  if (method !== 'direct' && method !== 'splitting' && method !== 'auto') throw new ParameterError('method', method, 'direct, splitting or auto');
  if (method === 'auto') {
    const choice = autoMethod(values);
    if (!values.quiet) io.stderr(`rate --method auto: ${choice.method} (${choice.why})\n`);
    method = choice.method;
  }
  if (method === 'splitting') return splittingCommand(values, io);
  for (const flag of SPLITTING_FLAGS) {
    if (values[flag] !== undefined) throw new ParameterError(flag, String(values[flag]), '--method splitting only');
  }
  const { backend, ...parameters } = rateParameters(values);
  const config = validateEscapeParameters(parameters);
  if (values.checkpoint !== undefined || values.shard !== undefined || values.out !== undefined) {
    return rateLongRun(config, backend, values, io);
  }
  let statistics: EscapeStatistics;
  let device: string;
  const started = performance.now();
  if (backend === 'cpu') {
    statistics = runEscapeEnsembleCpu(config);
    device = 'CPU reference (f64)';
  } else {
    // Through the long-run host even without a checkpoint: a lost device is replaced, and
    // SIGINT/SIGTERM say what had finished.
    const run = await runLongRun(newRunState(config), {
      io, quiet: Boolean(values.quiet), checkpointSeconds: DEFAULT_CHECKPOINT_SECONDS, keepPerTrajectory: config.keepEscapeSteps,
    });
    if (run.code !== 0) return run.code;
    const escapeSteps = (run.sessionStatistics as EscapeStatistics | undefined)?.escapeSteps;
    statistics = escapeSteps ? { ...(run.state.statistics as EscapeStatistics), escapeSteps } : (run.state.statistics as EscapeStatistics);
    device = run.device;
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const report = rateReport(config, statistics, { backend, device, wallSeconds });
  if (values.times) writeEscapeTimes(values.times as string, config, statistics);
  io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatRateReport(report));
  return 0;
}

function writeEscapeTimes(path: string, config: EscapeConfig, statistics: EscapeStatistics) {
  const steps = statistics.escapeSteps ?? new Uint32Array();
  const lines = ['trajectory,escaped,escape_step,time'];
  steps.forEach((step, i) => {
    const escaped = step !== NOT_ESCAPED;
    const s = escaped ? step : config.maxSteps;
    lines.push(`${i},${escaped ? 1 : 0},${s},${s * config.dt}`);
  });
  writeFileSync(path, `${lines.join('\n')}\n`);
}

type RateValues = ReturnType<typeof parseOptions<typeof rateOptions>>['values'];

/** `rate` with --checkpoint, --shard or --out: the run goes through a run file (docs/long-runs.md). */
async function rateLongRun(config: EscapeConfig, backend: 'gpu' | 'cpu', values: RateValues, io: CommandIo): Promise<number> {
  const { every, shard, slice, checkpoint } = longRunFlags(values, backend, config.trajectories, { flag: 'times', what: 'per-trajectory escape times' });

  return withRunFileErrors(io, async () => {
    const state = continuedRunState(newRunState(config, { slice, shard }), checkpoint, io);
    const run = await runLongRun(state, { io, quiet: Boolean(values.quiet), checkpoint, checkpointSeconds: every, out: values.out });
    if (run.code !== 0) return run.code;
    io.stdout(formatRunFileReport(run.state as EscapeRunState, run.device, Boolean(values.json)));
    return 0;
  });
}

/**
 * The rate report of a run file's statistics (a whole run, a shard or a merge), as `rate` prints
 * it. A slice that is not the whole ensemble says so, in a `slice` field and a heading line.
 */
export function formatRunFileReport(state: EscapeRunState, device: string, json: boolean): string {
  const config = configFromRunState(state);
  const report: RateReport & { slice?: unknown } = rateReport(config, state.statistics, { backend: 'gpu', device, wallSeconds: state.history.wallSeconds });
  const slice = sliceLabel(state);
  if (slice) report.slice = slice.field;
  if (json) return `${JSON.stringify(report, null, 2)}\n`;
  return (slice?.heading ?? '') + formatRateReport(report);
}

/** For a run file that is not the whole ensemble: its `slice` report field and heading line. */
export function sliceLabel(state: RunState): { field: { first: number; count: number; shard: string | null }; heading: string } | null {
  const total = state.parameters.trajectories;
  if (state.slice.first === 0 && state.slice.count === total) return null;
  const shard = state.shard ? `${state.shard.index}/${state.shard.count}` : null;
  return {
    field: { first: state.slice.first, count: state.slice.count, shard },
    heading: `${shard ? `shard ${shard}: ` : ''}trajectories ${formatRange(state.slice)} of ${total} only; combine the shards with washboard merge\n`,
  };
}

const SPLITTING_FLAGS = ['trials', 'walkers', 'replicas', 'flux-crossings', 'interface-spacing', 'order-parameter', 'max-trial-time'] as const;
/** Direct-method flags that mean nothing to forward-flux sampling. */
const DIRECT_ONLY_FLAGS = ['trajectories', 'max-time', 'init', 'times', 'checkpoint', 'checkpoint-every', 'shard', 'out', 'steps-per-dispatch'] as const;

/** `rate --method splitting`: forward-flux sampling (src/models/ffs, docs/rare-events.md). */
async function splittingCommand(values: RateValues, io: CommandIo): Promise<number> {
  for (const flag of DIRECT_ONLY_FLAGS) {
    if (values[flag] !== undefined) throw new ParameterError(flag, String(values[flag]), '--method direct only (not yet with splitting)');
  }
  if (values.backend !== undefined && values.backend !== 'gpu') throw new ParameterError('backend', String(values.backend), 'gpu (the only backend of --method splitting)');
  const num = (flag: string) => parseNumber(flag, values[flag as keyof RateValues] as string | undefined);
  const theta = num('theta');
  const config = validateFfsParameters({
    gamma: num('gamma') ?? RATE_DEFAULTS.gamma,
    Q0: num('Q') ?? RATE_DEFAULTS.Q0,
    theta,
    barrierOverKT: num('barrier-kT') ?? (theta === undefined ? RATE_DEFAULTS.barrierOverKT : undefined),
    dt: num('dt'), seed: num('seed'), escapeAt: num('escape-at'), rng: values.rng as string | undefined,
    pageSize: num('page-size'), dispatchStepBudget: num('dispatch-step-budget'), workgroupSize: num('workgroup-size'),
    trials: num('trials'), walkers: num('walkers'), replicas: num('replicas'), fluxCrossings: num('flux-crossings'),
    interfaceSpacing: num('interface-spacing'), maxTrialTime: num('max-trial-time'), orderParameter: values['order-parameter'] as string | undefined,
  });
  const quiet = Boolean(values.quiet);
  const gpu = await requestNodeDevice();
  try {
    const device = deviceName(gpu);
    let last = 0;
    let lastStage = -1;
    const result = await runForwardFlux(gpu.device, config, {
      onProgress: (p) => {
        const now = performance.now();
        if (quiet || (p.stage === lastStage && now - last < 5000)) return;
        last = now;
        lastStage = p.stage;
        io.stderr(p.stage === 0
          ? `splitting: flux through λ₀, ${p.done} of ${p.target} crossings, ${p.elapsedSeconds.toFixed(0)} s\n`
          : `splitting: interface ${p.stage} of ${p.stages - 1}, ${p.target} trials, ${p.elapsedSeconds.toFixed(0)} s\n`);
      },
    });
    const report = splittingRateReport(config, result, { backend: 'gpu', device, wallSeconds: result.wallSeconds });
    io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatSplittingReport(report));
    return 0;
  } finally {
    gpu.release();
  }
}

export function formatSplittingReport(r: SplittingRateReport): string {
  const p = r.parameters;
  const m = r.measured;
  const s = r.splitting;
  const rows: [string, number, number][] = [
    ['transition-state theory', r.formulas.tst, r.ratios.tst!],
    ['Kramers', r.formulas.kramers, r.ratios.kramers!],
    ["Mel'nikov–Meshkov", r.formulas.melnikovMeshkov, r.ratios.melnikovMeshkov!],
  ];
  return [
    `washboard rate: RCSJ escape by forward-flux sampling (order parameter: ${s.orderParameter}), GJF integrator, Δτ = ${p.dt}`,
    `  γ = ${p.gamma}   Q₀ = ${p.Q0}   θ = ${g(p.theta, 6)}   ΔU/k_BT = ${g(p.barrierOverKT)}   ω_p/ω_p0 = ${g(r.derived.plasmaFrequency)}   Q(γ) = ${g(r.derived.qualityFactor)}`,
    `  ${p.trials} trials per interface in ${p.replicas} replicas   ${p.walkers} walkers   seed ${p.seed}   rng ${p.rng}   basin ${s.orderParameter === 'energy' ? 'E' : 'φ'} < ${g(p.basin)}   absorbing at φ = ${g(p.escapeAt)}`,
    `  ${r.run.backend} on ${r.run.device}: ${g(r.run.wallSeconds, 3)} s, ${g(r.run.trajectorySteps, 3)} trajectory-steps, ${g(r.run.stepsPerSecond, 3)} steps/s`,
    '',
    `  flux through λ₀ = ${g(s.flux.interface)}${s.orderParameter === 'energy' ? ' (E_J)' : ''}: Φ₀ = ${g(s.flux.rate)} ±${(100 * s.flux.relativeError).toFixed(1)}%   (${s.flux.crossings} crossings in ${g(s.flux.time)}/ω_p0)`,
    `  ${'i'.padEnd(4)}${'λ_i'.padEnd(10)}${'U/k_BT'.padEnd(10)}${'trials'.padEnd(9)}${'successes'.padEnd(11)}p_i`,
    ...s.interfaces.map((x) => `  ${String(x.index).padEnd(4)}${g(x.lambda).padEnd(10)}${g(x.energyOverKT).padEnd(10)}${String(x.trials).padEnd(9)}${String(x.successes).padEnd(11)}${x.probability.toFixed(4)}${x.censored ? `   (${x.censored} censored)` : ''}`),
    '',
    m.relativeError === null
      ? `  no trajectory reached the escape point: rate not measured (more --trials)`
      : `  measured Γ/ω_p0 = ${g(m.rate)}   95% CI [${g(m.lower)}, ${g(m.upper!)}]   ±${(100 * m.relativeError).toFixed(1)}% (1σ, replicas)   FFS binomial estimate ±${m.binomialRelativeError === null ? '?' : (100 * m.binomialRelativeError).toFixed(1)}%`,
    '',
    `  ${'formula'.padEnd(26)}${'Γ/ω_p0'.padEnd(14)}measured/formula`,
    ...rows.map(([name, rate, ratio]) => `  ${name.padEnd(26)}${g(rate).padEnd(14)}${ratio.toFixed(3)}`),
    '',
  ].join('\n');
}

/**
 * `--method auto`: the method a flag belongs to, if any; else splitting when the direct run's
 * expected cost, trajectories × (mean escape time ≈ 1/Γ_MM, or the censoring time) / Δτ, exceeds
 * AUTO_SPLITTING_ABOVE_STEPS. Splitting's own cost hardly grows with the barrier (docs/rare-events.md).
 */
export function autoMethod(values: RateValues): { method: 'direct' | 'splitting'; why: string } {
  const given = (flags: readonly string[]) => flags.filter((f) => values[f as keyof RateValues] !== undefined);
  const split = given(SPLITTING_FLAGS);
  const direct = given([...DIRECT_ONLY_FLAGS, 'backend']);
  if (split.length > 0 && direct.length > 0) throw new ParameterError('method', 'auto', `direct or splitting (--${direct[0]} is direct-only, --${split[0]} splitting-only)`);
  if (split.length > 0) return { method: 'splitting', why: `--${split[0]} given` };
  if (direct.length > 0) return { method: 'direct', why: `--${direct[0]} given` };
  const num = (flag: string) => parseNumber(flag, values[flag as keyof RateValues] as string | undefined);
  const gamma = requireInRange('gamma', num('gamma') ?? RATE_DEFAULTS.gamma, { min: 0, max: 1 });
  const Q0 = requireInRange('Q', num('Q') ?? RATE_DEFAULTS.Q0, { min: 0 });
  const theta = num('theta') ?? thetaFromBarrier(gamma, requireInRange('barrier-kT', num('barrier-kT') ?? RATE_DEFAULTS.barrierOverKT, { min: 0 }));
  const dt = num('dt') ?? defaultTimeStep(Q0);
  const trajectories = num('trajectories') ?? RATE_DEFAULTS.trajectories;
  const meanTime = Math.min(1 / melnikovMeshkovRate({ gamma, Q0, theta }), num('max-time') ?? Number.POSITIVE_INFINITY);
  const steps = (trajectories * meanTime) / dt;
  return steps > AUTO_SPLITTING_ABOVE_STEPS
    ? { method: 'splitting', why: `direct would take about ${steps.toExponential(1)} trajectory-steps` }
    : { method: 'direct', why: `about ${steps.toExponential(1)} trajectory-steps` };
}
