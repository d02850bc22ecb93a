/**
 * `washboard switching --method splitting`: the switching distribution at any ramp, however slow, from
 * escape rates measured by forward-flux sampling at a few biases (src/models/ffs/switching.ts,
 * docs/rare-events.md "Switching at experimental ramp rates"), dimensionless or for an SI junction.
 */
import { writeFileSync } from 'node:fs';
import { requestNodeDevice } from '../engine/node-device.js';
import { runFfsSwitching, type FfsSwitchingResult } from '../models/ffs/switching.js';
import { boltzmannConstant } from '../physics/constants.js';
import { ParameterError, requireInRange } from '../physics/parameters.js';
import { crossoverTheta } from '../physics/quantum.js';
import { FORMATS } from '../io/formats.js';
import { formatNumber } from '../io/units.js';
import { parseNumber } from './args.js';
import type { CommandIo } from './io.js';
import { deviceName } from './long-run.js';
import { switchingRequest, type SwitchingRequest } from './switching.js';

type Values = Record<string, string | boolean | undefined>;

/** Flags of direct switching that mean nothing here (the ramp is not simulated, only the rates). */
const DIRECT_ONLY_FLAGS = [
  'trajectories', 'gamma-start', 'gamma-end', 'hold', 'wells', 'bin-width', 'currents', 'init',
  'checkpoint', 'checkpoint-every', 'shard', 'out', 'steps-per-dispatch', 'hbar',
] as const;

export const splittingSwitchingUsage = ` --method splitting (docs/rare-events.md): no ramp is simulated; Γ(γ) is measured by forward-flux
 sampling at --nodes biases over the switching window (placed with Mel'nikov–Meshkov), and the
 Fulton–Dunkleberger distribution follows, with errors propagated from the rates: any ramp, however slow.
  --nodes N            rate biases over the window, 4…50                  [6]
  --trials N  --walkers N  --replicas N  --flux-crossings N  --interface-spacing K
  --order-parameter phase|energy  --max-trial-time T   as for washboard rate --method splitting
  --csv FILE           the distribution: γ (and I), density and its error band, survival`;

export async function splittingSwitchingCommand(values: Values, io: CommandIo): Promise<number> {
  for (const flag of DIRECT_ONLY_FLAGS) {
    if (values[flag] !== undefined) throw new ParameterError(flag, String(values[flag]), '--method direct only');
  }
  if (values.backend !== undefined && values.backend !== 'gpu') throw new ParameterError('backend', String(values.backend), 'gpu (the only backend of --method splitting)');
  const request = switchingRequest(values);
  const { Q0, theta, rampRate } = request.parameters;
  requireInRange('Q', Q0, { min: 0 });
  requireInRange('theta', theta, { min: 0 });
  requireInRange('ramp-rate', rampRate, { min: 0 });
  const num = (flag: string) => parseNumber(flag, values[flag] as string | undefined);
  const quiet = Boolean(values.quiet);
  const gpu = await requestNodeDevice();
  try {
    const device = deviceName(gpu);
    let last = 0;
    const result = await runFfsSwitching(gpu.device, {
      Q0, theta, rampRate, nodes: num('nodes'),
      dt: num('dt'), seed: num('seed'), rng: values.rng as string | undefined,
      pageSize: num('page-size'), dispatchStepBudget: num('dispatch-step-budget'), workgroupSize: num('workgroup-size'),
      trials: num('trials'), walkers: num('walkers'), replicas: num('replicas'), fluxCrossings: num('flux-crossings'),
      interfaceSpacing: num('interface-spacing'), maxTrialTime: num('max-trial-time'), orderParameter: values['order-parameter'] as string | undefined,
    }, {
      onNode: (done, total, node) => {
        if (quiet) return;
        io.stderr(node
          ? `switching: node ${done} of ${total}: γ = ${formatNumber(node.gamma, 6)}, ΔU/k_BT = ${node.barrierOverKT.toFixed(1)}, Γ/ω_p0 = ${formatNumber(node.rate, 4)} ±${(100 * node.lnRateError).toFixed(1)}%, ${node.seconds.toFixed(0)} s\n`
          : `switching: ${total} rate nodes by forward-flux sampling\n`);
      },
      onProgress: (node, p) => {
        const now = performance.now();
        if (quiet || now - last < 10000) return;
        last = now;
        io.stderr(`switching: node ${node + 1}, ${p.stage === 0 ? 'flux' : `interface ${p.stage} of ${p.stages - 1}`}, ${p.elapsedSeconds.toFixed(0)} s\n`);
      },
    });
    const report = splittingSwitchingReport(request, result, { backend: 'gpu', device, wallSeconds: result.wallSeconds });
    if (values.csv) writeFileSync(values.csv as string, splittingSwitchingCsv(report));
    io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatSplittingSwitchingReport(report));
    return 0;
  } finally {
    gpu.release();
  }
}

export function splittingSwitchingReport(request: SwitchingRequest, r: FfsSwitchingResult, run: { backend: string; device: string; wallSeconds: number }) {
  const { Q0, theta, rampRate } = request.parameters;
  const j = request.junction;
  const d = r.simulated.distribution;
  const mm = r.melnikovMeshkov;
  // A classical simulation: say how far above the quantum crossover T₀ (physics.md §5) the mean sits.
  const crossover = request.hbar > 0 ? theta / crossoverTheta({ gamma: d.mean, Q0, hbar: request.hbar }) : null;
  const warnings: string[] = [];
  if (crossover !== null && crossover < 2) warnings.push(`T/T₀ = ${crossover.toFixed(2)} at the mean switching bias: quantum corrections (physics.md §5) are not in this classical simulation`);
  if (d.escapedFraction < 0.99) warnings.push(`only ${(100 * d.escapedFraction).toFixed(1)}% switched within the window`);
  const amps = (x: number) => (j ? x * j.criticalCurrent : null);
  return {
    ...FORMATS.switchingSplitting,
    method: 'splitting' as const,
    parameters: { Q0, theta, rampRate, hbar: request.hbar, window: r.window, nodes: r.nodes.length, orderParameter: r.nodes[0]?.orderParameter ?? null },
    junction: j && {
      criticalCurrent: j.criticalCurrent, capacitance: j.capacitance, resistance: j.resistance, temperature: request.temperature,
      plasmaFrequency0: j.plasmaFrequency0, josephsonEnergy: j.josephsonEnergy, rampRateAmpsPerSecond: rampRate * j.criticalCurrent * j.plasmaFrequency0,
    },
    /** Γ/ω_p0 by FFS at each node, the standard error of ln Γ, and Mel'nikov–Meshkov's Γ. */
    nodes: r.nodes.map((n) => ({ ...n, ratePerSecond: j ? n.rate * j.plasmaFrequency0 : null })),
    /** Fulton–Dunkleberger from the nodes; errors (1σ) propagated from the nodes' rate errors. */
    simulated: {
      mean: d.mean, meanError: r.simulated.meanError, sd: d.width, sdError: r.simulated.widthError,
      skewness: d.skewness, skewnessError: r.simulated.skewnessError, escapedFraction: d.escapedFraction,
      meanAmps: amps(d.mean), meanErrorAmps: amps(r.simulated.meanError), sdAmps: amps(d.width), sdErrorAmps: amps(r.simulated.widthError),
    },
    melnikovMeshkov: { mean: mm.mean, sd: mm.width, skewness: mm.skewness, meanAmps: amps(mm.mean), sdAmps: amps(mm.width) },
    distribution: { gamma: d.x, density: d.density, densityError: r.simulated.densityError, survival: d.survival },
    warnings,
    run: { ...run, trajectorySteps: r.trajectorySteps },
  };
}

export type SplittingSwitchingReport = ReturnType<typeof splittingSwitchingReport>;

function g(x: number | null | undefined, digits = 5): string {
  return x === null || x === undefined ? '—' : formatNumber(x, digits);
}

export function formatSplittingSwitchingReport(r: SplittingSwitchingReport): string {
  const p = r.parameters;
  const s = r.simulated;
  const m = r.melnikovMeshkov;
  const j = r.junction;
  const lines = [
    `washboard switching --method splitting: Fulton–Dunkleberger from forward-flux rates (order parameter: ${p.orderParameter})`,
    `  Q₀ = ${g(p.Q0)}   θ = ${g(p.theta)}   dγ/dτ = ${g(p.rampRate)}   window γ: ${g(p.window[0], 6)} → ${g(p.window[1], 6)}   ${p.nodes} nodes`,
  ];
  if (j) lines.push(`  junction I_c = ${g(j.criticalCurrent)} A, C = ${g(j.capacitance)} F, R = ${g(j.resistance)} Ω, T = ${g(j.temperature)} K, ramp ${g(j.rampRateAmpsPerSecond)} A/s`);
  lines.push(`  ${r.run.backend} on ${r.run.device}: ${g(r.run.wallSeconds, 3)} s, ${g(r.run.trajectorySteps, 3)} trajectory-steps`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  lines.push('', `  ${'γ'.padEnd(12)}${'ΔU/k_BT'.padEnd(10)}${'Γ/ω_p0'.padEnd(14)}${'±'.padEnd(8)}${'/ MM'.padEnd(8)}seconds`);
  for (const n of r.nodes) lines.push(`  ${g(n.gamma, 6).padEnd(12)}${n.barrierOverKT.toFixed(2).padEnd(10)}${g(n.rate, 4).padEnd(14)}${`${(100 * n.lnRateError).toFixed(1)}%`.padEnd(8)}${(n.rate / n.melnikovMeshkov).toFixed(3).padEnd(8)}${n.seconds.toFixed(1)}`);
  const pm = (x: number, e: number) => `${g(x, 6)} ± ${g(e, 2)}`;
  lines.push('', `  ${''.padEnd(22)}${'mean γ'.padEnd(24)}${'σ'.padEnd(24)}skewness`);
  lines.push(`  ${'FFS rates (1σ)'.padEnd(22)}${pm(s.mean, s.meanError).padEnd(24)}${pm(s.sd, s.sdError).padEnd(24)}${pm(s.skewness, s.skewnessError)}`);
  lines.push(`  ${"Mel'nikov–Meshkov".padEnd(22)}${g(m.mean, 6).padEnd(24)}${g(m.sd, 4).padEnd(24)}${g(m.skewness, 4)}`);
  if (j) lines.push(`  in amperes: ⟨I⟩ = ${pm(s.meanAmps!, s.meanErrorAmps!)} A, σ_I = ${pm(s.sdAmps!, s.sdErrorAmps!)} A   (Mel'nikov–Meshkov ${g(m.meanAmps, 6)} A, ${g(m.sdAmps, 4)} A)`);
  return `${lines.join('\n')}\n`;
}

/** One row per bias of the distribution's grid; current columns for an SI junction. */
export function splittingSwitchingCsv(r: SplittingSwitchingReport): string {
  const j = r.junction;
  const d = r.distribution;
  const header = ['gamma', 'density', 'density_error', 'survival'];
  if (j) header.push('I_A', 'density_per_A', 'density_error_per_A');
  const rows = d.gamma.map((x, i) => {
    const row = [x, d.density[i]!, d.densityError[i]!, d.survival[i]!];
    if (j) row.push(x * j.criticalCurrent, d.density[i]! / j.criticalCurrent, d.densityError[i]! / j.criticalCurrent);
    return row.join(',');
  });
  return `# ${r.format} version ${r.version}\n${header.join(',')}\n${rows.join('\n')}\n`;
}
