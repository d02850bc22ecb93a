/**
 * `washboard quantum`: the quantum escape computed (src/physics/quantum-escape), not quoted: the
 * quasi-bound levels and widths of the undamped well, the dissipative bounce exponent and
 * prefactor, Γ(T) through T₀ and the T_esc plateau, beside the formulas of quantum.ts/escape.ts.
 * This file only parses and prints.
 */

import { escapeRateDimensionless, escapeThetaFromRate } from '../physics/escape.js';
import { gammaFromCurrent, rampRateToDimensionless, rateToHertz, temperatureFromTheta, thetaFromTemperature, type Junction } from '../physics/junction.js';
import { ParameterError, requireInRange } from '../physics/parameters.js';
import { barrierHeight, plasmaFrequency, requireGamma, requirePositive } from '../physics/potential.js';
import { crossoverTheta, mqtRate } from '../physics/quantum.js';
import { zeroTemperatureBounce } from '../physics/quantum-escape/bounce.js';
import { quasiBoundLevels, thermalAverageWidth } from '../physics/quantum-escape/levels.js';
import { quantumRate, type QuantumRatePoint } from '../physics/quantum-escape/rate.js';
import { quantumSwitching, type QuantumSwitching } from '../physics/quantum-escape/switching.js';
import { washboardWell } from '../physics/quantum-escape/well.js';
import { formatNumber, formatQuantity, parseQuantity } from '../io/units.js';
import { junctionFromFlags } from '../io/junction-flags.js';
import { thetaFromTemperatureFlags } from '../io/temperature.js';
import { parseNumber, parseOptions } from './args.js';
import { parseSweep } from './theory.js';

export interface QuantumIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const OPTIONS = {
  gamma: { type: 'string' },
  Q: { type: 'string' },
  theta: { type: 'string' },
  'barrier-kT': { type: 'string' },
  hbar: { type: 'string' },
  Ic: { type: 'string' },
  C: { type: 'string' },
  R: { type: 'string' },
  T: { type: 'string' },
  I: { type: 'string' },
  sweep: { type: 'string' },
  'ramp-rate': { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const USAGE = `usage: washboard quantum (--gamma G --Q Q0 --hbar H [--theta TH | --barrier-kT B] | --Ic I_c --C C --R R (--I I | --gamma G) [--T T | --barrier-kT B])
                         [--json | --csv] [--sweep T=START:STOP:COUNT[:log] | --sweep theta=…] [--ramp-rate R]
  Computes, from the Hamiltonian H = −(ħ̃²/2)∂² − cos φ − γφ and the Ohmic Caldeira–Leggett action:
    quasi-bound levels E_n − iħ̃Γ_n/2 (complex scaling), the bounce exponent B and prefactor at T = 0
    and at T (periodic bounce), Γ(T) (bounce below T₀, the uniform crossover result through T₀,
    f_q × Kramers above; docs/quantum.md), θ₀ and the T_esc plateau.
  --ramp-rate R: the Fulton–Dunkleberger switching distribution from the computed Γ(γ) at T (mean,
    width σ, skewness; with --sweep, σ at every T: the saturation below T₀). R is dγ/dτ, or A/s in SI.
  Dimensionless: γ = I/I_c, Q₀ = ω_p0RC, θ = k_BT/E_J, ħ̃ = ħω_p0/E_J. SI: --Ic 1uA --C 1pF --R 1kohm --T 20mK --I 0.95uA.
  --barrier-kT B gives the temperature as ΔU/k_BT at the bias (θ = ΔU(γ)/B), as in washboard rate and theory.
  T_esc is defined by Γ = (ω_p/2π)·exp(−ΔU/k_BT_esc) (physics.md §5).
`;

interface Point {
  gamma: number;
  Q0: number;
  hbar: number;
  theta: number;
}

export async function quantumCommand(argv: string[], io: QuantumIO): Promise<number> {
  const { values } = parseOptions(argv, OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (values.json && values.csv) throw new ParameterError('--csv', true, 'one of --json, --csv', 'choose one output format');
  const siGiven = (['Ic', 'C', 'R', 'T', 'I'] as const).filter((n) => values[n] !== undefined);
  let junction: Junction | null = null;
  let base: Point;
  if (siGiven.length > 0) {
    junction = junctionFromFlags(values);
    const gamma = values.I !== undefined ? gammaFromCurrent(junction, parseQuantity('--I', values.I, 'current')) : requireGamma(parseNumber('--gamma', values.gamma ?? '') ?? NaN, '--gamma');
    const barrierOverKT = parseNumber('--barrier-kT', values['barrier-kT']);
    if (barrierOverKT !== undefined && values.T !== undefined) throw new ParameterError('--barrier-kT', barrierOverKT, 'either --T or --barrier-kT, not both');
    const T = values.T !== undefined ? parseQuantity('--T', values.T, 'temperature') : 0;
    const theta = barrierOverKT !== undefined ? thetaFromTemperatureFlags({ barrierOverKT }, gamma, (n) => `--${n}`)! : thetaFromTemperature(junction, T);
    base = { gamma, Q0: junction.Q0, hbar: junction.hbarOmegaOverEJ, theta };
  } else {
    for (const n of ['gamma', 'Q', 'hbar'] as const) if (values[n] === undefined) throw new ParameterError(`--${n}`, undefined, 'a value', 'dimensionless mode needs --gamma, --Q and --hbar');
    const gamma = requireGamma(parseNumber('--gamma', values.gamma!)!, '--gamma');
    const barrierOverKT = parseNumber('--barrier-kT', values['barrier-kT']);
    base = {
      gamma,
      Q0: requirePositive('--Q', parseNumber('--Q', values.Q!)!),
      hbar: requirePositive('--hbar', parseNumber('--hbar', values.hbar!)!),
      // θ = 0 (T = 0) is allowed here, unlike the thermal verbs; ΔU/k_BT gives θ as everywhere else.
      theta: barrierOverKT !== undefined
        ? thetaFromTemperatureFlags({ theta: parseNumber('--theta', values.theta), barrierOverKT }, gamma, (n) => `--${n}`)!
        : requireInRange('--theta', values.theta === undefined ? 0 : parseNumber('--theta', values.theta)!, { min: 0, minInclusive: true }),
    };
  }
  requirePositive('gamma', base.gamma);
  const j = junction;
  const ramp = values['ramp-rate'];
  const rampRate =
    ramp === undefined
      ? null
      : j
        ? rampRateToDimensionless(j, parseQuantity('--ramp-rate', ramp, 'rampRate'))
        : requireInRange('--ramp-rate', parseNumber('--ramp-rate', ramp)!, { min: 0, minInclusive: false });
  const switchingAt = (theta: number, label: string): QuantumSwitching =>
    quantumSwitching({
      Q0: base.Q0,
      hbar: base.hbar,
      theta,
      rampRate: rampRate!,
      onNode: (done, total) => io.stderr(`quantum: switching at ${label}: rate ${done}/${total}\r`),
    });
  const summary = computeSummary(base, io);

  let sweep: { name: string; thetas: number[]; labels: number[] } | null = null;
  if (values.sweep !== undefined) {
    if (values['barrier-kT'] !== undefined) throw new ParameterError('--sweep', values.sweep, 'a sweep without --barrier-kT', '--barrier-kT fixes the temperature that the sweep varies');
    const s = parseSweep(
      values.sweep,
      (name, v) => (name === 'T' ? parseQuantity('--sweep T', v, 'temperature') : parseNumber('--sweep theta', v)!),
      j ? ['T'] : ['theta'],
    );
    const thetas = s.values.map((v) => (j ? thetaFromTemperature(j, v) : v));
    sweep = { name: s.name, thetas, labels: s.values };
  }
  const rows: QuantumRatePoint[] = [];
  const switchingRows: (QuantumSwitching | null)[] = [];
  if (sweep) {
    sweep.thetas.forEach((theta, i) => {
      io.stderr(`quantum: ${sweep!.name} ${i + 1}/${sweep!.thetas.length}\n`);
      rows.push(quantumRate(base.gamma, base.Q0, base.hbar, theta));
      switchingRows.push(rampRate === null ? null : switchingAt(theta, `${sweep!.name} ${i + 1}/${sweep!.thetas.length}`));
    });
  }
  const switching = rampRate === null ? null : switchingAt(base.theta, 'T');
  if (rampRate !== null) io.stderr('\n');
  // Mean and width in γ, and in A for an SI junction.
  const switchingSummary = (s: QuantumSwitching | null) =>
    s === null
      ? null
      : {
          meanGamma: s.distribution.mean,
          widthGamma: s.distribution.width,
          skewness: s.distribution.skewness,
          ...(j ? { meanCurrent: s.distribution.mean * j.criticalCurrent, widthCurrent: s.distribution.width * j.criticalCurrent } : {}),
          interpolationChange: s.halvingChange,
          rateNodes: s.nodes,
        };
  const hz = (r: number | null) => (r === null ? null : j ? rateToHertz(j, r) : r);
  const tempOf = (theta: number) => (j ? temperatureFromTheta(j, theta) : theta);
  const formulaRate = (theta: number) => (theta > 0 ? escapeRateDimensionless({ ...base, theta }).rate : mqtRate(base));

  if (values.json) {
    io.stdout(
      JSON.stringify(
        {
          format: 'washboard.quantum',
          version: 1,
          units: j ? { rate: 's^-1', temperature: 'K', energy: 'E_J' } : { rate: 'omega_p0', temperature: 'theta = k_BT/E_J', energy: 'E_J' },
          input: { ...base, ...(j ? { Ic: j.criticalCurrent, C: j.capacitance, R: j.resistance } : {}) },
          ...summary,
          rampRate,
          switching: switchingSummary(switching),
          ratesConverted: {
            zeroTemperature: hz(summary.zeroTemperature.rate),
            atTemperature: hz(summary.atTemperature.rate),
            crossoverTemperature: tempOf(summary.crossoverTheta),
            escapeTemperaturePlateau: summary.escapeThetaPlateau === null ? null : tempOf(summary.escapeThetaPlateau),
          },
          sweep: sweep
            ? rows.map((r, i) => ({ [sweep!.name]: sweep!.labels[i], ...r, rateConverted: hz(r.rate), formulaRate: hz(formulaRate(r.theta)), switching: switchingSummary(switchingRows[i]!) }))
            : null,
        },
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  if (values.csv) {
    if (!sweep) throw new ParameterError('--csv', true, 'with --sweep', 'CSV output is a table over a sweep');
    const unit = j ? 'per_s' : 'per_omega_p0';
    const switchingColumns = rampRate === null ? [] : j ? ['switching_mean_A', 'switching_width_A', 'switching_skewness'] : ['switching_mean_gamma', 'switching_width_gamma', 'switching_skewness'];
    const lines = [[sweep.name, 'theta_over_theta0', 'method', 'B', 'prefactor', `rate_${unit}`, `formula_rate_${unit}`, 'escape_theta', ...switchingColumns].join(',')];
    rows.forEach((r, i) => {
      const esc = r.rate < plasmaFrequency(base.gamma) / (2 * Math.PI) ? escapeThetaFromRate(base.gamma, r.rate) : null;
      const sw = switchingRows[i];
      const scale = j ? j.criticalCurrent : 1;
      const swCells = sw ? [sw.distribution.mean * scale, sw.distribution.width * scale, sw.distribution.skewness] : [];
      lines.push([sweep!.labels[i], r.reducedTemperature, r.method, r.exponent ?? '', r.prefactor ?? '', hz(r.rate), hz(formulaRate(r.theta)), esc === null ? '' : tempOf(esc), ...swCells].join(','));
    });
    io.stdout(lines.join('\n') + '\n');
    return 0;
  }
  const rate = (r: number | null) => (r === null ? 'n/a' : j ? `${formatNumber(hz(r)!, 6)} s⁻¹` : `${formatNumber(r, 6)} ω_p0`);
  const temp = (t: number) => (j ? formatQuantity(tempOf(t), 'temperature') : `θ = ${formatNumber(t)}`);
  const out: [string, string][] = [
    ['γ, Q₀, ħ̃', `${formatNumber(base.gamma, 8)}, ${formatNumber(base.Q0)}, ${formatNumber(base.hbar)}`],
    ['ΔU/ħω_p', formatNumber(summary.barrierOverQuantum)],
    ['T₀ (crossover)', temp(summary.crossoverTheta)],
    ['levels (undamped)', `${summary.levels.length} quasi-bound below the barrier top`],
  ];
  for (const l of summary.levels) out.push([`  n = ${l.n}`, `E − E_min = ${formatNumber(l.energy / (base.hbar * plasmaFrequency(base.gamma)))} ħω_p, Γ_n = ${rate(l.width)}`]);
  out.push(['T = 0 bounce B', `${formatNumber(summary.zeroTemperature.exponent, 8)} (CL formula ${formatNumber(summary.zeroTemperature.formulaExponent, 8)})`]);
  out.push(['T = 0 prefactor', `${formatNumber(summary.zeroTemperature.prefactor)} ω_p0`]);
  out.push(['Γ(T = 0) computed', rate(summary.zeroTemperature.rate)]);
  out.push(['Γ(T = 0) CL formula', rate(summary.zeroTemperature.formulaRate)]);
  out.push(['T_esc plateau', summary.escapeThetaPlateau === null ? 'n/a' : temp(summary.escapeThetaPlateau)]);
  if (base.theta > 0) {
    out.push([`Γ at ${temp(base.theta)}`, `${rate(summary.atTemperature.rate)} (${summary.atTemperature.method}; formula ${rate(formulaRate(base.theta))})`]);
    for (const w of summary.atTemperature.warnings) out.push(['warning', w]);
  }
  const bias = (g: number) => (j ? formatQuantity(g * j.criticalCurrent, 'current') : `γ = ${formatNumber(g, 8)}`);
  if (switching) {
    const d = switching.distribution;
    out.push(['switching (FD, computed Γ)', `mean ${bias(d.mean)}, σ ${j ? formatQuantity(d.width * j.criticalCurrent, 'current') : formatNumber(d.width, 5)}, skewness ${formatNumber(d.skewness, 3)}`]);
    out.push(['  interpolation', `${switching.nodes.length} computed rates; dropping every other window node changes σ by ${formatNumber(100 * switching.halvingChange.width, 2)}%`]);
  }
  const width = Math.max(...out.map(([k]) => k.length));
  io.stdout(out.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n');
  if (sweep) {
    io.stdout(`\n${sweep.name.padEnd(12)} T/T₀     method                 Γ computed        Γ formula${rampRate === null ? '' : '         σ switching'}\n`);
    rows.forEach((r, i) => {
      const sw = switchingRows[i];
      const sigma = sw ? (j ? formatQuantity(sw.distribution.width * j.criticalCurrent, 'current') : formatNumber(sw.distribution.width, 5)) : '';
      io.stdout(`${formatNumber(sweep!.labels[i]!).padEnd(12)} ${formatNumber(r.reducedTemperature, 4).padEnd(8)} ${r.method.padEnd(22)} ${rate(r.rate).padEnd(17)} ${rate(formulaRate(r.theta)).padEnd(17)} ${sigma}\n`);
    });
  }
  return 0;
}

function computeSummary(p: Point, io: QuantumIO) {
  const well = washboardWell(p.gamma);
  const x = barrierHeight(p.gamma) / (p.hbar * plasmaFrequency(p.gamma));
  io.stderr('quantum: levels…\r');
  const levels = quasiBoundLevels(well, p.hbar).levels.map((l) => ({ n: l.n, energy: l.energy, width: l.width }));
  io.stderr('quantum: T = 0 bounce…\r');
  const z = zeroTemperatureBounce(well, p.Q0, p.hbar);
  const theta0 = crossoverTheta(p);
  const plateau = z.rate < plasmaFrequency(p.gamma) / (2 * Math.PI) ? escapeThetaFromRate(p.gamma, z.rate) : null;
  const at = p.theta > 0 ? quantumRate(p.gamma, p.Q0, p.hbar, p.theta) : quantumRate(p.gamma, p.Q0, p.hbar, 0);
  io.stderr('                          \r');
  return {
    barrierOverQuantum: x,
    crossoverTheta: theta0,
    levels,
    thermalAverageUndamped: p.theta > 0 ? thermalAverageWidth(quasiBoundLevels(well, p.hbar).levels, p.theta) : levels[0]!.width,
    zeroTemperature: {
      exponent: z.exponent,
      fittedOrderInPeriod: z.order,
      prefactor: z.prefactor,
      rate: z.rate,
      formulaExponent: (36 / 5) * x * (1 + 0.8723 / (p.Q0 * plasmaFrequency(p.gamma))),
      formulaRate: mqtRate(p),
    },
    escapeThetaPlateau: plateau,
    atTemperature: at,
  };
}


