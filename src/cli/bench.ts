/**
 * `washboard bench`: trajectory-steps per second of the production kernel on this adapter, across
 * tunables and ensemble sizes, beside the CPU reference measured in the same run. Advisory: no
 * pass/fail, and absolute numbers on shared machines are noise — compare ratios within one run.
 */
import { writeFileSync } from 'node:fs';
import { validateEscapeParameters, type EscapeParameters } from '../models/rate/config.js';
import { runEscapeEnsemble } from '../models/rate/model.js';
import { advanceTrajectory, initialState } from '../models/washboard/cpu-reference.js';
import { benchmarkEscapeKernel, OPERATIONS_PER_STEP, statedLimit, type KernelTiming } from '../engine/benchmark.js';
import { requestNodeDevice } from '../engine/node-device.js';
import { ParameterError, requireInteger } from '../physics/parameters.js';
import { parseNumber, parseOptions } from './args.js';
import type { CommandIo } from './io.js';
import { FORMATS } from '../io/formats.js';

const options = {
  gamma: { type: 'string' },
  Q: { type: 'string' },
  'barrier-kT': { type: 'string' },
  dt: { type: 'string' },
  seed: { type: 'string' },
  steps: { type: 'string' },
  trajectories: { type: 'string' },
  'max-trajectories': { type: 'string' },
  'workgroup-sizes': { type: 'string' },
  'steps-per-dispatch': { type: 'string' },
  repeats: { type: 'string' },
  'time-budget': { type: 'string' },
  scaling: { type: 'boolean' },
  'scaling-steps': { type: 'string' },
  json: { type: 'boolean' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const usage = `usage: washboard bench [options]
Times the production escape kernel (GJF + Philox4x32-10) on this adapter in trajectory-steps/s.
  --gamma G --Q Q0 --barrier-kT B --dt DT --seed S   benchmark point            [0.9, 10, 6, 0.05, 1]
  --steps S               steps integrated per repeat (multiple of 4)       [2000]
  --trajectories N        time only this ensemble size                      [sweep 2^12, 2^14, …]
  --max-trajectories N    largest size in the sweep                         [2^26, within --time-budget]
  --workgroup-sizes LIST  tunables to try, e.g. 32,64,128,256               [32,64,128,256]
  --steps-per-dispatch LIST  chunk sizes to try (multiples of 4)            [S and S/4]
  --repeats R             timed repeats per configuration (median reported) [3]
  --time-budget SEC       stop growing the ensemble once a repeat takes longer [2]
  --scaling               also run the production paged path for 10^4 … 10^8 trajectories
  --scaling-steps S       steps per trajectory in the scaling runs          [40]
  --json                  write the result as JSON on stdout
  --out FILE              also write the JSON to FILE (for bench/results/)`;

function parseList(flag: string, text: string | undefined, fallback: number[]): number[] {
  if (text === undefined) return fallback;
  return text.split(',').map((t) => requireInteger(flag, parseNumber(flag, t)!, { min: 1, minInclusive: true }));
}

export async function benchCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseOptions(argv, options);
  if (values.help) {
    io.stdout(`${usage}\n`);
    return 0;
  }
  const num = (flag: keyof typeof options) => parseNumber(flag, values[flag] as string | undefined);
  const parameters: EscapeParameters = {
    gamma: num('gamma') ?? 0.9, Q0: num('Q') ?? 10, barrierOverKT: num('barrier-kT') ?? 6, dt: num('dt') ?? 0.05, seed: num('seed') ?? 1,
  };
  const steps = requireInteger('steps', num('steps') ?? 2000, { min: 4, max: 1e7, minInclusive: true, maxInclusive: true });
  if (steps % 4 !== 0) throw new ParameterError('steps', steps, 'a multiple of 4');
  validateEscapeParameters({ ...parameters, trajectories: 1, maxTime: steps * parameters.dt! });
  const repeats = requireInteger('repeats', num('repeats') ?? 3, { min: 1, max: 100, minInclusive: true, maxInclusive: true });
  const timeBudget = num('time-budget') ?? 2;
  const workgroupSizes = parseList('workgroup-sizes', values['workgroup-sizes'] as string | undefined, [32, 64, 128, 256]);
  for (const w of workgroupSizes) if (![32, 64, 128, 256].includes(w)) throw new ParameterError('workgroup-sizes', w, '32, 64, 128 or 256');
  const chunks = parseList('steps-per-dispatch', values['steps-per-dispatch'] as string | undefined, [steps, Math.max(4, Math.floor(steps / 16) * 4)]);
  for (const c of chunks) if (c % 4 !== 0) throw new ParameterError('steps-per-dispatch', c, 'multiples of 4');
  const fixedSize = num('trajectories');
  const maxSize = num('max-trajectories') ?? 2 ** 26;

  const gpu = await requestNodeDevice();
  const log = (s: string) => io.stderr(`${s}\n`);
  try {
    const info = gpu.adapterInfo;
    const adapter = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' | ');
    log(`adapter: ${adapter}`);
    const time = (trajectories: number, workgroupSize: number, stepsPerDispatch: number) =>
      benchmarkEscapeKernel(gpu.device, { parameters, trajectories, steps, stepsPerDispatch, workgroupSize, repeats });

    // Tunables at one size that fills the device but stays quick, then sizes with the best.
    const tuneSize = fixedSize ?? (info.architecture === 'software' || /llvmpipe|swiftshader/i.test(adapter) ? 2 ** 14 : 2 ** 20);
    const tuning: KernelTiming[] = [];
    for (const w of workgroupSizes) {
      for (const c of chunks) {
        const t = await time(tuneSize, w, c);
        tuning.push(t);
        log(`tune  N=${tuneSize}  workgroup ${w}  ${c} steps/dispatch: ${t.stepsPerSecond.toExponential(3)} steps/s (±${(50 * t.spread).toFixed(1)}%)`);
      }
    }
    const best = tuning.reduce((a, b) => (b.stepsPerSecond > a.stepsPerSecond ? b : a));
    const sizes: KernelTiming[] = [];
    if (fixedSize !== undefined) {
      sizes.push(best);
    } else {
      for (let n = 2 ** 12; n <= maxSize; n *= 4) {
        const t = await time(n, best.workgroupSize, best.stepsPerDispatch);
        sizes.push(t);
        log(`size  N=${n}: ${t.stepsPerSecond.toExponential(3)} steps/s, ${t.medianSeconds.toFixed(3)} s per repeat`);
        if (t.medianSeconds > timeBudget || n * 4 * 20 > gpu.device.limits.maxStorageBufferBindingSize) break;
      }
    }
    const headline = sizes.reduce((a, b) => (b.stepsPerSecond > a.stepsPerSecond ? b : a));

    // The CPU reference, same integrator and random stream, in this process: the baseline ratio.
    const cpuConfig = validateEscapeParameters({ ...parameters, trajectories: 256, maxTime: steps * parameters.dt! });
    const t0 = performance.now();
    let cpuSteps = 0;
    for (let i = 0; i < cpuConfig.trajectories; i++) {
      const s = advanceTrajectory(cpuConfig, i, initialState(cpuConfig, i), 0, cpuConfig.maxSteps);
      cpuSteps += Math.min(s.escapeStep, cpuConfig.maxSteps);
    }
    const cpuStepsPerSecond = cpuSteps / ((performance.now() - t0) / 1000);

    // Linear cost in N through the production path (paging included): wall time of whole runs.
    const scaling: { trajectories: number; pages: number; trajectorySteps: number; wallSeconds: number; stepsPerSecond: number }[] = [];
    if (values.scaling) {
      const scalingSteps = requireInteger('scaling-steps', num('scaling-steps') ?? 40, { min: 4, max: 1e6, minInclusive: true, maxInclusive: true });
      for (let n = 1e4; n <= Math.min(maxSize * 4, 1e8); n *= 10) {
        const config = validateEscapeParameters({ ...parameters, trajectories: n, maxTime: scalingSteps * parameters.dt!, workgroupSize: headline.workgroupSize });
        const run = await runEscapeEnsemble(gpu.device, config);
        const row = { trajectories: n, pages: Math.ceil(n / config.pageSize), trajectorySteps: run.trajectorySteps, wallSeconds: run.wallSeconds, stepsPerSecond: run.trajectorySteps / run.wallSeconds };
        scaling.push(row);
        log(`scale N=${n}: ${row.pages} page(s), ${row.wallSeconds.toFixed(3)} s, ${row.stepsPerSecond.toExponential(3)} steps/s`);
      }
    }

    const limit = statedLimit(adapter);
    const result = {
      ...FORMATS.bench,
      benchmark: 'washboard bench',
      // The same headline fields the peers report (bench/peers), for side-by-side tables.
      peer: 'washboard',
      device: adapter,
      dtype: 'float32',
      trajectories: headline.trajectories,
      steps,
      seconds: headline.medianSeconds,
      counting: 'trajectory-steps actually integrated: Σ min(escape step, steps) (escaped trajectories stop)',
      adapter: info,
      parameters: { ...parameters, steps },
      timer: headline.timer,
      operationsPerStep: OPERATIONS_PER_STEP,
      best: { trajectories: headline.trajectories, workgroupSize: headline.workgroupSize, stepsPerDispatch: headline.stepsPerDispatch },
      stepsPerSecond: headline.stepsPerSecond,
      statedLimit: limit ? { stepsPerSecond: limit.stepsPerSecond, basis: limit.basis, fraction: headline.stepsPerSecond / limit.stepsPerSecond } : null,
      cpuReference: { stepsPerSecond: cpuStepsPerSecond, ratio: headline.stepsPerSecond / cpuStepsPerSecond, note: 'f64 TypeScript, one thread, same integrator and Philox stream' },
      tuning,
      sizes,
      scaling,
    };
    const json = `${JSON.stringify(result, null, 2)}\n`;
    if (values.out) writeFileSync(values.out as string, json);
    if (values.json) {
      io.stdout(json);
    } else {
      const lines = [
        `washboard bench on ${adapter}`,
        `  point γ = ${parameters.gamma}, Q₀ = ${parameters.Q0}, ΔU/k_BT = ${parameters.barrierOverKT}, Δτ = ${parameters.dt}, ${steps} steps; timer: ${headline.timer}`,
        `  ${'trajectories'.padStart(12)}  ${'steps/s'.padStart(10)}  ${'s/repeat'.padStart(9)}  spread`,
        ...sizes.map((t) => `  ${String(t.trajectories).padStart(12)}  ${t.stepsPerSecond.toExponential(3).padStart(10)}  ${t.medianSeconds.toFixed(3).padStart(9)}  ${(100 * t.spread).toFixed(1)}%`),
        `  best: ${headline.stepsPerSecond.toExponential(3)} steps/s at N = ${headline.trajectories}, workgroup ${headline.workgroupSize}, ${headline.stepsPerDispatch} steps/dispatch`,
        `  per step: 1 sin + ½ Box–Muller pair (3 transcendentals in all), ¼ Philox4x32-10 call (${OPERATIONS_PER_STEP.integerMultipliesInPhilox} integer multiplies), ~15 FMAs`,
        limit
          ? `  stated limit: ${limit.stepsPerSecond.toExponential(1)} steps/s (${limit.basis}): ${(100 * (headline.stepsPerSecond / limit.stepsPerSecond)).toFixed(1)}%`
          : '  stated limit: none known for this adapter',
        `  CPU reference (f64 TypeScript, 1 thread): ${cpuStepsPerSecond.toExponential(3)} steps/s; washboard/CPU = ${(headline.stepsPerSecond / cpuStepsPerSecond).toFixed(1)}`,
        ...(scaling.length
          ? [
              `  scaling (production path, wall time incl. paging and read-back):`,
              `  ${'trajectories'.padStart(12)}  pages  ${'seconds'.padStart(8)}  ${'steps/s'.padStart(10)}  ns per trajectory-step`,
              ...scaling.map((r) => `  ${String(r.trajectories).padStart(12)}  ${String(r.pages).padStart(5)}  ${r.wallSeconds.toFixed(3).padStart(8)}  ${r.stepsPerSecond.toExponential(3).padStart(10)}  ${(1e9 / r.stepsPerSecond).toFixed(3)}`),
            ]
          : []),
        '',
      ];
      io.stdout(lines.join('\n'));
    }
    return 0;
  } finally {
    gpu.release();
  }
}
