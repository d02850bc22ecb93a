/**
 * `washboard qtst`: the quantum escape rate by simulation, from ring polymers of the phase on the GPU
 * (docs/ring-polymer.md §7–8): the centroid free-energy barrier by constrained-centroid thermodynamic
 * integration, the PI-QTST rate from it, times Kramers' κ (the classical/Grote–Hynes transmission
 * factor), beside classical TST × κ by the same quadrature, Wolynes' f_q and the computed rate of
 * `washboard quantum`. This file only parses and prints.
 */
import { requestNodeDevice } from '../engine/node-device.js';
import { runCentroidBarrier, type CentroidBarrierResult } from '../models/ring-polymer/centroid-barrier.js';
import { validateRingPolymerParameters } from '../models/ring-polymer/config.js';
import { gammaFromCurrent, rampRateToDimensionless, rateToHertz, temperatureFromTheta, thetaFromTemperature, type Junction } from '../physics/junction.js';
import { ParameterError, requireInRange, requireInteger } from '../physics/parameters.js';
import { kramersFactor, qualityFactor, requireGamma, requirePositive } from '../physics/potential.js';
import { crossoverTheta, quantumCorrection } from '../physics/quantum.js';
import { quantumRate } from '../physics/quantum-escape/rate.js';
import { formatNumber, parseQuantity } from '../io/units.js';
import { junctionFromFlags } from '../io/junction-flags.js';
import { runRingPolymerSwitching, type RingPolymerSwitchingResult } from '../models/ring-polymer/switching.js';
import { parseNumber, parseOptions } from './args.js';
import { parseSweep } from './theory.js';
import type { CommandIo } from './io.js';

const OPTIONS = {
  gamma: { type: 'string' },
  Q: { type: 'string' },
  theta: { type: 'string' },
  hbar: { type: 'string' },
  Ic: { type: 'string' },
  C: { type: 'string' },
  R: { type: 'string' },
  T: { type: 'string' },
  I: { type: 'string' },
  beads: { type: 'string' },
  trajectories: { type: 'string' },
  points: { type: 'string' },
  dt: { type: 'string' },
  time: { type: 'string' },
  seed: { type: 'string' },
  'ramp-rate': { type: 'string' },
  sweep: { type: 'string' },
  nodes: { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const USAGE = `usage: washboard qtst (--gamma G --Q Q0 --hbar H --theta TH | --Ic I_c --C C --R R (--I I | --gamma G) --T T)
                      [--beads P] [--trajectories N] [--points M] [--dt DT] [--time t] [--seed S] [--json]
  Ring polymers of P beads (≤ 32) with the Ohmic Caldeira–Leggett bath on their normal modes, on the GPU:
  the centroid free energy F(φ̄) by constrained-centroid thermodynamic integration on M points from
  φ_min − 0.6 to φ_max + 0.15 (N polymers each, relaxed for time t), the PI-QTST rate
  (θ/2π)^{1/2}e^{−ΔF/θ}/∫e^{−F/θ} as a ratio to classical TST by the same quadrature (which cancels its
  error), times classical TST on a fine grid, times Kramers' κ; beside classical TST × κ,
  Wolynes' f_q (above T₀) and the computed rate of 'washboard quantum'. No dynamical RPMD factor.
  Dimensionless: γ = I/I_c, Q₀ = ω_p0RC, θ = k_BT/E_J, ħ̃ = ħω_p0/E_J. SI: --Ic 1uA --C 1pF --R 1kohm --T 20mK --I 0.95uA.
  Defaults: --beads 16 --trajectories 1024 --points 40 --dt 0.05 --time 8 --seed 1. Check P-convergence
  by repeating with --beads 32 (docs/ring-polymer.md).
switching: washboard qtst --ramp-rate R (--Q Q0 --hbar H (--theta TH | --sweep theta=A:B:N[:log]) |
                      --Ic I_c --C C --R R (--T T | --sweep T=A:B:N[:log])) [--nodes K] [--json | --csv] [flags above]
  The Fulton–Dunkleberger switching distribution from the simulated Γ_q(γ) = Γ_PI-QTST·κ at K biases
  (default 5) over the switching window (placed with the computed rate), ln Γ interpolated in ln(1 − γ);
  its mean and width σ with errors propagated from the rates, beside σ from the computed rate
  ('washboard quantum --ramp-rate'), from physics.md's formula and the classical (Mel'nikov–Meshkov) σ.
  With --sweep, σ(T) at every temperature (--csv: one row each). R is dγ/dτ, or A/s in SI. --time
  defaults to 8 above 1.1T₀ at each bias and 16 below (docs/ring-polymer.md §10).
`;

export async function qtstCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseOptions(argv, OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (values['ramp-rate'] !== undefined) return qtstSwitching(values, io);
  if (values.sweep !== undefined) throw new ParameterError('--sweep', values.sweep, 'with --ramp-rate', 'a temperature sweep is a switching run');
  if (values.csv) throw new ParameterError('--csv', true, 'with --ramp-rate and --sweep', 'CSV output is the σ(T) table');
  const siGiven = (['Ic', 'C', 'R', 'T', 'I'] as const).filter((n) => values[n] !== undefined);
  let junction: Junction | null = null;
  let gamma: number, Q0: number, hbar: number, theta: number;
  if (siGiven.length > 0) {
    junction = junctionFromFlags(values, ['T']);
    gamma = values.I !== undefined ? gammaFromCurrent(junction, parseQuantity('--I', values.I, 'current')) : requireGamma(parseNumber('--gamma', values.gamma ?? '') ?? NaN, '--gamma');
    Q0 = junction.Q0;
    hbar = junction.hbarOmegaOverEJ;
    theta = thetaFromTemperature(junction, parseQuantity('--T', values.T!, 'temperature'));
  } else {
    for (const n of ['gamma', 'Q', 'hbar', 'theta'] as const) if (values[n] === undefined) throw new ParameterError(`--${n}`, undefined, 'a value', 'dimensionless mode needs --gamma, --Q, --hbar and --theta');
    gamma = requireGamma(parseNumber('--gamma', values.gamma!)!, '--gamma');
    Q0 = requirePositive('--Q', parseNumber('--Q', values.Q!)!);
    hbar = requirePositive('--hbar', parseNumber('--hbar', values.hbar!)!);
    theta = parseNumber('--theta', values.theta!)!;
  }
  requireInRange('gamma', gamma, { min: 0, max: 1, minInclusive: true });
  requireInRange(junction ? '--T' : '--theta', theta, { min: 0 });
  const num = (name: keyof typeof values, fallback: number) => (values[name] === undefined ? fallback : parseNumber(`--${name}`, values[name] as string)!);
  const points = requireInteger('--points', num('points', 40), { min: 5, minInclusive: true, max: 1000, maxInclusive: true });
  const params = {
    beads: num('beads', 16), hbar, theta, Q0, gamma, dt: num('dt', 0.05), time: num('time', 8),
    trajectories: num('trajectories', 1024), seed: num('seed', 1), below: 0.6, above: 0.15, points,
  };
  // Every bad value is reported before the device is opened.
  validateRingPolymerParameters({ ...params, potential: 'washboard' });
  const gpu = await requestNodeDevice();
  let r: CentroidBarrierResult;
  const started = performance.now();
  try {
    r = await runCentroidBarrier(gpu.device, params, (i) => io.stderr(`qtst: grid point ${i + 1}/${points}\r`));
  } finally {
    gpu.release();
  }
  io.stderr('\n');
  const seconds = (performance.now() - started) / 1000;
  const theta0 = crossoverTheta({ gamma, Q0, hbar });
  const kappa = kramersFactor(qualityFactor(Q0, gamma));
  const fq = theta > theta0 ? quantumCorrection({ gamma, Q0, theta, hbar }) : null;
  let computed: { rate: number | null; method: string };
  try {
    computed = quantumRate(gamma, Q0, hbar, theta);
  } catch (e) {
    computed = { rate: null, method: `not computed (${e instanceof Error ? e.message : String(e)})` };
  }
  // Γ_PI-QTST/Γ_TST on the grid, times classical TST with a negligible quadrature error, times κ.
  const rate = r.rateCorrected * kappa;
  const rateError = r.ratioError / r.ratio * rate;
  const hz = (x: number | null) => (x === null ? null : junction ? rateToHertz(junction, x) : x);
  if (values.json) {
    io.stdout(JSON.stringify({
      format: 'washboard.qtst',
      version: 1,
      units: junction ? { rate: 's^-1', energy: 'E_J' } : { rate: 'omega_p0', energy: 'E_J' },
      input: { ...params, ...(junction ? { Ic: junction.criticalCurrent, C: junction.capacitance, R: junction.resistance } : {}) },
      crossoverTheta: theta0,
      reducedTemperature: theta / theta0,
      kramersFactor: kappa,
      centroidBarrier: r.barrier,
      classicalBarrierQuadrature: r.classicalBarrier,
      piQtstRate: hz(r.rate),
      quantumRate: hz(rate),
      quantumRateError: hz(rateError),
      classicalRate: hz(r.classicalRateFine * kappa),
      ratioToClassical: r.ratio,
      ratioToClassicalError: r.ratioError,
      wolynesFactor: fq,
      computedRate: hz(computed.rate),
      computedMethod: computed.method,
      grid: { phi: r.phi, meanForce: r.meanForce, meanForceError: r.meanForceError, freeEnergy: r.freeEnergy },
      wallSeconds: seconds,
    }, null, 2) + '\n');
    return 0;
  }
  const g = (x: number, d = 5) => formatNumber(x, d);
  const unit = junction ? 's⁻¹' : 'ω_p0';
  const out: [string, string][] = [
    ['γ, Q₀, ħ̃, θ', `${g(gamma, 8)}, ${g(Q0)}, ${g(hbar)}, ${g(theta)}`],
    ['T/T₀', g(theta / theta0, 4)],
    ['beads, grid, polymers/point', `${params.beads}, ${points}, ${params.trajectories}`],
    ['ΔF/θ (centroid)', `${g(r.barrier / theta)} (classical ΔU/θ by the same quadrature ${g(r.classicalBarrier / theta)})`],
    ['Γ_q = Γ_PI-QTST·κ', `${g(hz(rate)!)} ± ${g(hz(rateError)!, 2)} ${unit} (κ = ${g(kappa)})`],
    ['Γ_cl = TST·κ (Kramers)', `${g(hz(r.classicalRateFine * kappa)!)} ${unit}`],
    ['Γ_q/Γ_cl', `${g(r.ratio)} ± ${g(r.ratioError, 2)}${fq === null ? ' (below T₀: no f_q)' : `; Wolynes f_q = ${g(fq)}`}`],
    ['computed Γ (washboard quantum)', computed.rate === null ? computed.method : `${g(hz(computed.rate)!)} ${unit} (${computed.method}); simulated/computed = ${g(rate / computed.rate, 4)}`],
    ['wall time', `${g(seconds, 3)} s`],
  ];
  const width = Math.max(...out.map(([k]) => k.length));
  io.stdout(out.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n');
  return 0;
}

type QtstValues = ReturnType<typeof parseOptions<typeof OPTIONS>>['values'];

/** `--ramp-rate`: switching distributions (and σ(T) with --sweep) from the simulated rate. */
async function qtstSwitching(values: QtstValues, io: CommandIo): Promise<number> {
  if (values.json && values.csv) throw new ParameterError('--csv', true, 'one of --json, --csv', 'choose one output format');
  for (const n of ['gamma', 'I'] as const) {
    if (values[n] !== undefined) throw new ParameterError(`--${n}`, values[n], 'no fixed bias with --ramp-rate', 'the ramp scans the bias');
  }
  const siGiven = (['Ic', 'C', 'R', 'T'] as const).filter((n) => values[n] !== undefined);
  let junction: Junction | null = null;
  let Q0: number, hbar: number, rampRate: number;
  const temperatureName = siGiven.length > 0 ? 'T' : 'theta';
  if (siGiven.length > 0) {
    junction = junctionFromFlags(values);
    Q0 = junction.Q0;
    hbar = junction.hbarOmegaOverEJ;
    rampRate = rampRateToDimensionless(junction, parseQuantity('--ramp-rate', values['ramp-rate']!, 'rampRate'));
  } else {
    for (const n of ['Q', 'hbar'] as const) if (values[n] === undefined) throw new ParameterError(`--${n}`, undefined, 'a value', 'dimensionless mode needs --Q and --hbar');
    Q0 = requirePositive('--Q', parseNumber('--Q', values.Q!)!);
    hbar = requirePositive('--hbar', parseNumber('--hbar', values.hbar!)!);
    rampRate = parseNumber('--ramp-rate', values['ramp-rate']!)!;
  }
  requireInRange('--ramp-rate', rampRate, { min: 0, minInclusive: false });
  const j = junction;
  const toTheta = (v: number) => (j ? thetaFromTemperature(j, v) : v);
  let labels: number[];
  if (values.sweep !== undefined) {
    if (values[temperatureName] !== undefined) throw new ParameterError('--sweep', values.sweep, `either --${temperatureName} or --sweep`, 'the sweep sets the temperatures');
    const sw = parseSweep(values.sweep, (name, v) => (name === 'T' ? parseQuantity('--sweep T', v, 'temperature') : parseNumber('--sweep theta', v)!), [temperatureName]);
    labels = sw.values;
  } else {
    if (values[temperatureName] === undefined) throw new ParameterError(`--${temperatureName}`, undefined, 'a value', `a switching run needs --${temperatureName} or --sweep ${temperatureName}=…`);
    labels = [j ? parseQuantity('--T', values.T!, 'temperature') : parseNumber('--theta', values.theta!)!];
  }
  const thetas = labels.map(toTheta);
  for (const theta of thetas) requireInRange(j ? '--T' : '--theta', theta, { min: 0 });
  const num = (name: keyof QtstValues, fallback: number) => (values[name] === undefined ? fallback : parseNumber(`--${name}`, values[name] as string)!);
  const points = requireInteger('--points', num('points', 40), { min: 5, minInclusive: true, max: 1000, maxInclusive: true });
  const nodes = requireInteger('--nodes', num('nodes', 5), { min: 4, minInclusive: true, max: 50, maxInclusive: true });
  const time = values.time === undefined ? undefined : parseNumber('--time', values.time)!;
  const base = { beads: num('beads', 16), hbar, Q0, dt: num('dt', 0.05), trajectories: num('trajectories', 1024), seed: num('seed', 1), points, nodes, rampRate, time };
  // Every bad value is reported before the device is opened (γ = 0.9 stands for the biases to come).
  for (const theta of thetas) validateRingPolymerParameters({ ...base, time: time ?? 16, theta, gamma: 0.9, potential: 'washboard' });

  const gpu = await requestNodeDevice();
  const rows: { label: number; theta: number; r: RingPolymerSwitchingResult; seconds: number }[] = [];
  try {
    for (const [i, theta] of thetas.entries()) {
      const started = performance.now();
      const r = await runRingPolymerSwitching(gpu.device, { ...base, theta }, (done, total) =>
        io.stderr(`qtst: ${temperatureName} ${i + 1}/${thetas.length}: bias ${done}/${total} done\r`));
      rows.push({ label: labels[i]!, theta, r, seconds: (performance.now() - started) / 1000 });
      io.stderr('\n');
    }
  } finally {
    gpu.release();
  }
  const scale = j ? j.criticalCurrent : 1; // widths and means in A for a junction, in γ otherwise
  const summary = ({ label, theta, r, seconds }: (typeof rows)[number]) => {
    const s = r.simulated.distribution;
    return {
      [temperatureName]: label,
      theta,
      // T/T₀ at the simulated mean switching bias.
      reducedTemperature: theta / crossoverTheta({ gamma: s.mean, Q0, hbar }),
      simulated: { mean: s.mean * scale, meanError: r.simulated.meanError * scale, width: s.width * scale, widthError: r.simulated.widthError * scale, skewness: s.skewness, escapedFraction: s.escapedFraction },
      computed: { mean: r.computed.distribution.mean * scale, width: r.computed.distribution.width * scale, interpolationChange: r.computed.halvingChange },
      computedAtNodes: { mean: r.computedAtNodes.mean * scale, width: r.computedAtNodes.width * scale },
      formula: { mean: r.formula.mean * scale, width: r.formula.width * scale },
      classical: { mean: r.classical.mean * scale, width: r.classical.width * scale },
      window: r.window,
      histogram: histogramOnGrid(r, scale),
      nodes: r.nodes.map((n) => ({ ...n, rate: j ? rateToHertz(j, n.rate) : n.rate, computedRate: j ? rateToHertz(j, n.computedRate) : n.computedRate })),
      wallSeconds: seconds,
    };
  };
  const table = rows.map(summary);
  if (values.json) {
    io.stdout(JSON.stringify({
      format: 'washboard.qtst-switching',
      version: 1,
      units: j ? { rate: 's^-1', bias: 'A', temperature: 'K' } : { rate: 'omega_p0', bias: 'gamma', temperature: 'theta = k_BT/E_J' },
      input: { ...base, ...(j ? { Ic: j.criticalCurrent, C: j.capacitance, R: j.resistance, rampRateAmpsPerSecond: rampRate * j.criticalCurrent * j.plasmaFrequency0 } : {}) },
      rows: table,
    }, null, 2) + '\n');
    return 0;
  }
  if (values.csv) {
    const u = j ? 'A' : 'gamma';
    const head = [...(j ? ['T_K'] : []), 'theta', 'T_over_T0_at_mean', `mean_${u}`, `mean_error_${u}`, `sigma_${u}`, `sigma_error_${u}`, 'skewness', 'escaped_fraction',
      `sigma_computed_${u}`, `sigma_computed_at_nodes_${u}`, `sigma_formula_${u}`, `sigma_classical_${u}`, `mean_computed_${u}`, `mean_formula_${u}`, 'beads', 'wall_seconds'];
    const lines = [head.join(',')];
    for (const t of table) {
      lines.push([...(j ? [t[temperatureName]] : []), t.theta, t.reducedTemperature, t.simulated.mean, t.simulated.meanError, t.simulated.width, t.simulated.widthError, t.simulated.skewness, t.simulated.escapedFraction,
        t.computed.width, t.computedAtNodes.width, t.formula.width, t.classical.width, t.computed.mean, t.formula.mean, base.beads, t.wallSeconds].join(','));
    }
    io.stdout(lines.join('\n') + '\n');
    return 0;
  }
  const g = (x: number, d = 4) => formatNumber(x, d);
  const w = (x: number) => (j ? `${g(x * 1e9, 4)} nA` : g(x, 4));
  io.stdout(`γ-ramp ${g(rampRate)} /ω_p0 (Q₀ = ${g(Q0)}, ħ̃ = ${g(hbar)}), P = ${base.beads}, ${base.nodes} biases × ${points} grid points × ${base.trajectories} polymers\n`);
  io.stdout(`${temperatureName.padEnd(10)} T/T₀    σ simulated            σ computed   σ formula    σ classical  mean simulated         s\n`);
  for (const t of table) {
    io.stdout(`${g(t[temperatureName] as number).padEnd(10)} ${g(t.reducedTemperature, 3).padEnd(7)} ${(`${w(t.simulated.width)} ± ${j ? g(t.simulated.widthError * 1e9, 2) : g(t.simulated.widthError, 2)}`).padEnd(22)} ${w(t.computed.width).padEnd(12)} ${w(t.formula.width).padEnd(12)} ${w(t.classical.width).padEnd(12)} ${(j ? `${g(t.simulated.mean * 1e9, 6)} nA` : g(t.simulated.mean, 6)).padEnd(22)} ${g(t.wallSeconds, 3)}\n`);
  }
  return 0;
}

/**
 * The Fulton–Dunkleberger densities (simulated, computed, formula, classical) on one 201-point bias grid
 * over the simulation's window, per unit bias (A⁻¹ for a junction, per γ otherwise).
 */
function histogramOnGrid(r: RingPolymerSwitchingResult, scale: number) {
  const [from, to] = r.window;
  const bias = Array.from({ length: 201 }, (_, i) => from + ((to - from) * i) / 200);
  const at = (d: { x: number[]; density: number[] }) =>
    bias.map((b) => {
      if (b < d.x[0]! || b > d.x[d.x.length - 1]!) return 0;
      const i = d.x.findIndex((x) => x >= b);
      if (i <= 0) return d.density[0]! / scale;
      const t = (b - d.x[i - 1]!) / (d.x[i]! - d.x[i - 1]!);
      return ((1 - t) * d.density[i - 1]! + t * d.density[i]!) / scale;
    });
  return {
    bias: bias.map((b) => b * scale),
    simulated: at(r.simulated.distribution),
    computed: at(r.computed.distribution),
    formula: at(r.formula),
    classical: at(r.classical),
  };
}
