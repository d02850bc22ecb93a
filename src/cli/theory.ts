/**
 * `washboard theory`: every theory number at one operating point, as a table or JSON, or a CSV
 * sweep over one parameter. All physics lives in src/physics; this file only parses and prints.
 */
import { boltzmannConstant } from '../physics/constants.js';
import { theorySummary, type TheorySummary } from '../physics/escape.js';
import {
  biasJunction,
  junctionSummary,
  makeJunction,
  temperatureFromTheta,
  type BiasedJunction,
  type JunctionSummary,
} from '../physics/junction.js';
import { ParameterError, requireInRange, requireInteger } from '../physics/parameters.js';
import type { QuantumParameters } from '../physics/quantum.js';
import { formatNumber, formatQuantity, parseQuantity, type Dimension } from '../io/units.js';
import { thetaFromTemperatureFlags } from '../io/temperature.js';
import { FORMATS } from '../io/formats.js';
import { parseNumber, parseOptions } from './args.js';

export interface TheoryIO {
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
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const USAGE = `usage: washboard theory (--gamma G --Q Q0 (--theta TH | --barrier-kT B) [--hbar H] | --Ic I_c --C C --R R (--T T | --barrier-kT B) (--I I | --gamma G))
                        [--json] [--sweep NAME=START:STOP:COUNT[:log]]
  Dimensionless: γ = I/I_c, Q₀ = ω_p0RC, θ = k_BT/E_J, ħ̃ = ħω_p0/E_J (default 0: classical only).
  --barrier-kT B gives the temperature as ΔU/k_BT at the bias (θ = ΔU(γ)/B), as in washboard rate.
  SI: units as suffixes, e.g. --Ic 10uA --C 5pF --R 100ohm --T 50mK --I 9.5uA.
  Sweep names: T, I, gamma, Ic, C, R, barrier-kT (SI) or gamma, Q, theta, barrier-kT, hbar (dimensionless).
  T_esc is defined by Γ = (ω_p/2π)·exp(−ΔU/k_BT_esc) (physics.md §5).
`;

type SiName = 'Ic' | 'C' | 'R' | 'T' | 'I' | 'gamma' | 'barrier-kT';
type DimensionlessName = 'gamma' | 'Q' | 'theta' | 'barrier-kT' | 'hbar';

const SI_DIMENSION: Record<Exclude<SiName, 'gamma' | 'barrier-kT'>, Dimension> = {
  Ic: 'current',
  C: 'capacitance',
  R: 'resistance',
  T: 'temperature',
  I: 'current',
};

interface Sweep {
  name: string;
  values: number[];
}

/** NAME=START:STOP:COUNT[:lin|log] → the grid values (parsed by `parseValue`, which names the flag). */
export function parseSweep(text: string, parseValue: (name: string, v: string) => number, names: readonly string[]): Sweep {
  const m = /^([A-Za-z][A-Za-z-]*)=([^:]+):([^:]+):([^:]+)(?::(lin|log))?$/.exec(text.trim());
  if (!m) throw new ParameterError('--sweep', text, 'NAME=START:STOP:COUNT[:log]', 'malformed sweep');
  const name = m[1]!;
  if (!names.includes(name)) throw new ParameterError('--sweep', text, `a sweep over one of ${names.join(', ')}`, `cannot sweep "${name}"`);
  const start = parseValue(name, m[2]!);
  const stop = parseValue(name, m[3]!);
  const count = parseNumber('--sweep count', m[4]!)!;
  requireInteger('--sweep count', count, { min: 2, max: 100000, minInclusive: true, maxInclusive: true });
  const log = m[5] === 'log';
  if (log && !(start > 0 && stop > 0)) throw new ParameterError('--sweep', text, 'positive START and STOP', 'a log sweep needs positive ends');
  const values = Array.from({ length: count }, (_, i) => {
    const f = i / (count - 1);
    return log ? start * Math.pow(stop / start, f) : start + (stop - start) * f;
  });
  return { name, values };
}

const RATE_KEYS: (keyof TheorySummary['rates'])[] = [
  'tst',
  'kramers',
  'energyDiffusion',
  'bhl',
  'melnikovMeshkov',
  'quantumCorrection',
  'thermalQuantumCorrected',
  'mqtZeroTemperature',
  'mqtThermal',
  'escape',
];

const RATE_LABELS: Record<keyof TheorySummary['rates'], string> = {
  tst: 'TST',
  kramers: 'Kramers',
  energyDiffusion: 'energy diffusion',
  bhl: 'Büttiker–Harris–Landauer',
  melnikovMeshkov: "Mel'nikov–Meshkov",
  quantumCorrection: 'f_q (quantum factor)',
  thermalQuantumCorrected: 'MM × f_q',
  mqtZeroTemperature: 'MQT, T = 0',
  mqtThermal: 'MQT at T',
  escape: 'escape rate',
};

function cell(v: number | null): string {
  return v === null ? '' : formatNumber(v, 6);
}

/** Inputs to 12 digits: enough to identify the point, without binary noise like 9.999999999999999e-6. */
function input(v: number): string {
  return String(Number(v.toPrecision(12)));
}

function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n';
}

function na(v: number | null, show: (x: number) => string, why: string): string {
  return v === null ? `n/a (${why})` : show(v);
}

function dimensionlessTable(s: TheorySummary): string {
  const rows: [string, string][] = [
    ['γ = I/I_c', formatNumber(s.gamma, 8)],
    ['Q₀', formatNumber(s.Q0)],
    ['θ = k_BT/E_J', formatNumber(s.theta)],
    ['ħω_p0/E_J', formatNumber(s.hbar)],
    ['ΔU/E_J', formatNumber(s.barrierHeight)],
    ['ΔU/k_BT', formatNumber(s.barrierOverKT)],
    ['ω_p/ω_p0', formatNumber(s.plasmaFrequency)],
    ['Q(γ)', formatNumber(s.qualityFactor)],
    ['action S̃', formatNumber(s.action)],
    ['Δ = S̃/(Q₀θ)', formatNumber(s.energyLoss)],
    ['θ₀ (crossover)', formatNumber(s.crossoverTheta)],
    ['θ_esc', na(s.escapeTheta, (v) => formatNumber(v), 'rate out of range')],
    ['θ_esc plateau', na(s.escapeThetaPlateau, (v) => formatNumber(v), 'classical')],
  ];
  for (const k of RATE_KEYS) {
    const v = s.rates[k];
    const unit = k === 'quantumCorrection' ? '' : ' ω_p0';
    rows.push([`${RATE_LABELS[k]}`, na(v, (x) => `${formatNumber(x, 6)}${unit}`, naReason(k))]);
  }
  rows.push(['regime', `${s.regime}: ${s.reason}`]);
  for (const w of s.warnings) rows.push(['warning', w]);
  return table(rows);
}

function naReason(k: keyof TheorySummary['rates']): string {
  if (k === 'quantumCorrection' || k === 'thermalQuantumCorrected') return 'needs ħ > 0 and T > T₀';
  if (k === 'mqtThermal') return 'needs ħ > 0 and T ≤ T₀';
  return 'needs ħ > 0';
}

function siTable(s: JunctionSummary): string {
  const j = s.junction;
  const d = s.dimensionless;
  const k = (t: number) => formatQuantity(t, 'temperature');
  const rows: [string, string][] = [
    ['I_c', formatQuantity(j.criticalCurrent, 'current')],
    ['C', formatQuantity(j.capacitance, 'capacitance')],
    ['R', formatQuantity(j.resistance, 'resistance')],
    ['E_J', `${formatNumber(j.josephsonEnergy)} J  (E_J/k_B = ${k(j.josephsonEnergy / boltzmannConstant)})`],
    ['E_C', `${formatNumber(j.chargingEnergy)} J`],
    ['ω_p0/2π', `${formatNumber(j.plasmaFrequency0 / (2 * Math.PI) / 1e9)} GHz`],
    ['Q₀ = ω_p0RC', formatNumber(j.Q0)],
    ['ħω_p0/E_J', formatNumber(j.hbarOmegaOverEJ)],
    ['I (bias)', `${formatQuantity(s.current, 'current')}  (γ = ${formatNumber(d.gamma, 8)})`],
    ['T', `${k(s.temperature)}  (θ = ${formatNumber(d.theta)})`],
    ['ΔU', `${formatNumber(s.barrierHeight)} J  (ΔU/k_BT = ${formatNumber(d.barrierOverKT)})`],
    ['ω_p/2π', `${formatNumber(s.plasmaFrequency / (2 * Math.PI) / 1e9)} GHz`],
    ['Q(γ)', formatNumber(d.qualityFactor)],
    ['action S̃', formatNumber(d.action)],
    ['Δ = S̃/(Q₀θ)', formatNumber(d.energyLoss)],
    ['T₀ (crossover)', k(s.crossoverTemperature)],
    ['T_esc', na(s.escapeTemperature, k, 'rate out of range')],
    ['T_esc plateau', na(s.escapeTemperaturePlateau, k, 'rate out of range')],
  ];
  for (const key of RATE_KEYS) {
    const v = key === 'quantumCorrection' ? d.rates.quantumCorrection : s.ratesHz[key];
    const show = key === 'quantumCorrection' ? (x: number) => formatNumber(x, 6) : (x: number) => `${formatNumber(x, 6)} s⁻¹`;
    rows.push([RATE_LABELS[key], na(v, show, naReason(key))]);
  }
  rows.push(['regime', `${d.regime}: ${d.reason}`]);
  for (const w of d.warnings) rows.push(['warning', w]);
  rows.push(['convention', 'T_esc defined by Γ = (ω_p/2π)·exp(−ΔU/k_BT_esc)']);
  return table(rows);
}

function csv(header: string[], rows: (string | number)[][]): string {
  return [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

function dimensionlessRow(s: TheorySummary): (string | number)[] {
  return [
    input(s.gamma),
    input(s.Q0),
    input(s.theta),
    input(s.hbar),
    cell(s.barrierOverKT),
    cell(s.energyLoss),
    cell(s.crossoverTheta),
    cell(s.escapeTheta),
    ...RATE_KEYS.map((k) => cell(s.rates[k])),
    s.regime,
  ];
}

const DIMENSIONLESS_HEADER = ['gamma', 'Q0', 'theta', 'hbar', 'barrier_over_kT', 'Delta', 'theta0', 'theta_esc', ...RATE_KEYS, 'regime'];

function siRow(s: JunctionSummary): (string | number)[] {
  const d = s.dimensionless;
  return [
    input(s.junction.criticalCurrent),
    input(s.junction.capacitance),
    input(s.junction.resistance),
    input(s.current),
    input(d.gamma),
    input(s.temperature),
    cell(d.barrierOverKT),
    cell(d.energyLoss),
    cell(s.crossoverTemperature),
    cell(s.escapeTemperature),
    ...RATE_KEYS.map((k) => cell(k === 'quantumCorrection' ? d.rates.quantumCorrection : s.ratesHz[k])),
    d.regime,
  ];
}

const SI_HEADER = [
  'Ic_A',
  'C_F',
  'R_ohm',
  'I_A',
  'gamma',
  'T_K',
  'barrier_over_kT',
  'Delta',
  'T0_K',
  'Tesc_K',
  ...RATE_KEYS.map((k) => (k === 'quantumCorrection' ? k : `${k}_per_s`)),
  'regime',
];

export async function theoryCommand(argv: string[], io: TheoryIO): Promise<number> {
  const { values } = parseOptions(argv, OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const siGiven = (['Ic', 'C', 'R', 'T', 'I'] as const).filter((n) => values[n] !== undefined);
  const sweepText = values.sweep;

  if (siGiven.length > 0) {
    for (const n of ['Q', 'theta', 'hbar'] as const) {
      if (values[n] !== undefined) {
        throw new ParameterError(`--${n}`, values[n], 'dimensionless mode only', 'cannot be mixed with SI junction flags (--Ic --C --R --T --I)');
      }
    }
    const parseSi = (name: string, text: string): number =>
      name === 'gamma' || name === 'barrier-kT' ? parseNumber(`--${name}`, text)! : parseQuantity(`--${name}`, text, SI_DIMENSION[name as Exclude<SiName, 'gamma' | 'barrier-kT'>]);
    const sweep = sweepText === undefined ? undefined : parseSweep(sweepText, parseSi, ['T', 'I', 'gamma', 'Ic', 'C', 'R', 'barrier-kT']);
    const given = (name: SiName): number | undefined => {
      const text = values[name];
      return text === undefined ? undefined : parseSi(name, text);
    };
    const at = (override?: { name: string; value: number }): JunctionSummary => {
      const pick = (name: SiName) => (override?.name === name ? override.value : given(name));
      const need = (name: SiName, what: string) => {
        const v = pick(name);
        if (v === undefined) throw new ParameterError(`--${name}`, 'missing', what, 'required for an SI junction');
        return v;
      };
      const j = makeJunction({
        criticalCurrent: need('Ic', 'a current such as 10uA'),
        capacitance: need('C', 'a capacitance such as 5pF'),
        resistance: need('R', 'a resistance such as 100ohm'),
      });
      let current = pick('I');
      let gamma = pick('gamma');
      // A swept bias replaces whichever form of the bias was given.
      if (override?.name === 'I') gamma = undefined;
      if (override?.name === 'gamma') current = undefined;
      if ((current === undefined) === (gamma === undefined)) {
        throw new ParameterError('--I', current ?? 'missing', 'exactly one of --I or --gamma', 'give the bias as a current or as γ');
      }
      const biased: BiasedJunction = current !== undefined ? biasJunction(j, { current }) : biasJunction(j, { gamma: gamma! });
      // The temperature as --T, or as ΔU/k_BT at this bias (θ = ΔU(γ)/B, as in every verb: src/io/temperature.ts).
      const barrierOverKT = pick('barrier-kT');
      if (barrierOverKT !== undefined && pick('T') !== undefined) throw new ParameterError('--barrier-kT', barrierOverKT, 'either --T or --barrier-kT, not both');
      const T = barrierOverKT !== undefined
        ? temperatureFromTheta(j, thetaFromTemperatureFlags({ barrierOverKT }, biased.gamma, (n) => `--${n}`)!)
        : requireInRange('--T', need('T', 'a temperature such as 50mK (or --barrier-kT)'), { min: 0, minInclusive: false });
      return junctionSummary(biased, T);
    };
    if (sweep) {
      io.stdout(csv(SI_HEADER, sweep.values.map((value) => siRow(at({ name: sweep.name, value })))));
      return 0;
    }
    const s = at();
    io.stdout(values.json ? JSON.stringify({ ...FORMATS.theoryJunction, ...s }, null, 2) + '\n' : siTable(s));
    return 0;
  }

  const parseDimensionless = (name: string, text: string): number => parseNumber(`--${name}`, text)!;
  const sweep = sweepText === undefined ? undefined : parseSweep(sweepText, parseDimensionless, ['gamma', 'Q', 'theta', 'barrier-kT', 'hbar']);
  const at = (override?: { name: string; value: number }): TheorySummary => {
    const pick = (name: DimensionlessName, fallback?: number) => {
      if (override?.name === name) return override.value;
      const text = values[name];
      if (text !== undefined) return parseDimensionless(name, text);
      if (fallback !== undefined) return fallback;
      throw new ParameterError(`--${name}`, 'missing', 'a number', 'required (or give an SI junction with --Ic --C --R --T --I)');
    };
    const given = (name: DimensionlessName) => (override?.name === name || values[name] !== undefined ? pick(name) : undefined);
    // Checked here so that errors name the flag the user typed.
    const gamma = requireInRange('--gamma', pick('gamma'), { min: 0, max: 1, minInclusive: true, maxInclusive: false });
    const theta = thetaFromTemperatureFlags({ theta: given('theta'), barrierOverKT: given('barrier-kT') }, gamma, (n) => `--${n}`)
      ?? requireInRange('--theta', pick('theta'), { min: 0, minInclusive: false });
    const p: QuantumParameters = {
      gamma,
      Q0: requireInRange('--Q', pick('Q'), { min: 0, minInclusive: false }),
      theta,
      hbar: requireInRange('--hbar', pick('hbar', 0), { min: 0, minInclusive: true }),
    };
    return theorySummary(p);
  };
  if (sweep) {
    io.stdout(csv(DIMENSIONLESS_HEADER, sweep.values.map((value) => dimensionlessRow(at({ name: sweep.name, value })))));
    return 0;
  }
  const s = at();
  io.stdout(values.json ? JSON.stringify({ ...FORMATS.theory, ...s }, null, 2) + '\n' : dimensionlessTable(s));
  return 0;
}
