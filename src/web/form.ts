/**
 * The page's inputs as typed, and their validation. Every rule and every message comes from the
 * library the CLI uses: numbers through parseNumber (as `washboard rate` parses its flags), SI
 * quantities through parseQuantity and makeJunction (as `washboard theory` does), and the run
 * through validateEscapeParameters. So a field shows exactly the line the CLI would print.
 */
import { validateEscapeParameters, type EscapeConfig, type EscapeParameters } from '../models/rate/config.js';
import { RATE_DEFAULTS } from '../models/rate/report.js';
import { validateSwitchingParameters, type SwitchingConfig, type SwitchingParameters } from '../models/switching/config.js';
import { biasJunction, dimensionlessParameters, makeJunction, rampRateToDimensionless, type BiasedJunction } from '../physics/junction.js';
import { ParameterError, requireInRange } from '../physics/parameters.js';
import type { QuantumParameters } from '../physics/quantum.js';
import { parseNumber, parseQuantity } from '../io/units.js';

export type Mode = 'rate' | 'switching' | 'sweep';
export type Units = 'dimensionless' | 'si';
export type TemperatureAs = 'barrier-kT' | 'theta';

/** The fields typed as text; their names are the CLI's flag names. */
export const TEXT_FIELDS = [
  'gamma', 'Q', 'barrier-kT', 'theta', 'hbar',
  'Ic', 'C', 'R', 'T', 'I',
  'ramp-rate', 'ramp-rate-si', 'gamma-start', 'gamma-end', 'hold', 'wells', 'bin-width',
  'trajectories', 'seed', 'dt', 'max-time',
] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export type FormState = { mode: Mode; units: Units; temperatureAs: TemperatureAs } & Record<TextField, string>;

export const MODES: readonly Mode[] = ['rate', 'switching', 'sweep'];
export const UNITS: readonly Units[] = ['dimensionless', 'si'];
export const TEMPERATURE_AS: readonly TemperatureAs[] = ['barrier-kT', 'theta'];

/**
 * Defaults: the rate CLI's operating point (γ = 0.9, Q₀ = 10, ΔU/k_BT = 6, 4096 trajectories),
 * with ħ̃ = 0.03 so that the quantum curves (f_q, MQT, T₀) fall inside the plotted range; and an
 * SI junction (1 µA, 1 pF, 100 Ω at 50 mK, biased at 0.95 µA) whose barrier, ≈ 10 k_BT, is low
 * enough to simulate and whose crossover T₀ ≈ 32 mK lies just below the chosen temperature.
 */
export const DEFAULT_FORM: Readonly<FormState> = {
  mode: 'rate',
  units: 'dimensionless',
  temperatureAs: 'barrier-kT',
  gamma: String(RATE_DEFAULTS.gamma),
  Q: String(RATE_DEFAULTS.Q0),
  'barrier-kT': String(RATE_DEFAULTS.barrierOverKT),
  theta: '0.01',
  hbar: '0.03',
  Ic: '1 µA',
  C: '1 pF',
  R: '100 Ω',
  T: '50 mK',
  I: '0.95 µA',
  'ramp-rate': '1e-6',
  'ramp-rate-si': '100 µA/s',
  'gamma-start': '',
  'gamma-end': '',
  hold: '',
  wells: '',
  'bin-width': '',
  trajectories: String(RATE_DEFAULTS.trajectories),
  seed: '1',
  dt: '',
  'max-time': '',
};

/** A theory operating point, always dimensionless, plus the SI junction when one was given. */
export interface TheoryPoint {
  p: QuantumParameters;
  /** dγ/dτ of the switching ramp, or null when the ramp field is bad. */
  rampRate: number | null;
  junction: BiasedJunction | null;
  /** T in kelvin, SI only. */
  temperature: number | null;
}

export interface ValidatedForm {
  /** One message per bad field, as the CLI prints it (without the leading "washboard: "). */
  errors: Partial<Record<TextField, string>>;
  /** Null while a field that the theory needs is bad. */
  theory: TheoryPoint | null;
  /** The run's parameters, exactly as handed to validateEscapeParameters, and its config; null while any field is bad. */
  run: { parameters: EscapeParameters; config: EscapeConfig } | null;
  /**
   * In switching and sweep modes: the ramp run's parameters exactly as handed to
   * validateSwitchingParameters (as `washboard switching` builds them), its config, and ħ̃ for the
   * quantum prediction; null in rate mode or while any field is bad.
   */
  switching: { parameters: SwitchingParameters; config: SwitchingConfig; hbar: number } | null;
}

/** Which field a ParameterError from validateEscapeParameters belongs to, per unit system. */
function escapeField(parameter: string, form: FormState): TextField | null {
  const si = form.units === 'si';
  switch (parameter) {
    case 'gamma': return si ? 'I' : 'gamma';
    case 'Q': return si ? 'R' : 'Q';
    case 'theta': return si ? 'T' : form.temperatureAs === 'theta' ? 'theta' : 'barrier-kT';
    case 'barrier-kT': return si ? 'T' : 'barrier-kT';
    case 'dt': case 'trajectories': case 'seed': case 'max-time': return parameter;
    default: return null;
  }
}

/** Runs `parse`, recording a ParameterError against `field` instead of throwing. */
function attempt<T>(errors: ValidatedForm['errors'], field: TextField, parse: () => T): T | undefined {
  try {
    return parse();
  } catch (err) {
    if (!(err instanceof ParameterError)) throw err;
    errors[field] ??= err.message;
    return undefined;
  }
}

/** A blank optional field means "the default", as an absent flag does on the command line. */
function optionalNumber(flag: TextField, text: string): number | undefined {
  return text.trim() === '' ? undefined : parseNumber(flag, text);
}

export function validateForm(form: FormState): ValidatedForm {
  const errors: ValidatedForm['errors'] = {};
  const si = form.units === 'si';

  // The operating point: γ, Q₀ and the temperature, from whichever unit system is shown.
  let gamma: number | undefined;
  let Q0: number | undefined;
  let theta: number | undefined;
  let barrierOverKT: number | undefined;
  let hbar: number | undefined;
  let junction: BiasedJunction | null = null;
  let temperature: number | null = null;
  if (si) {
    const Ic = attempt(errors, 'Ic', () => parseQuantity('--Ic', form.Ic, 'current'));
    const C = attempt(errors, 'C', () => parseQuantity('--C', form.C, 'capacitance'));
    const R = attempt(errors, 'R', () => parseQuantity('--R', form.R, 'resistance'));
    const T = attempt(errors, 'T', () => requireInRange('--T', parseQuantity('--T', form.T, 'temperature'), { min: 0, minInclusive: false }));
    const I = attempt(errors, 'I', () => parseQuantity('--I', form.I, 'current'));
    if (Ic !== undefined && C !== undefined && R !== undefined) {
      const fieldOf: Record<string, TextField> = { criticalCurrent: 'Ic', capacitance: 'C', resistance: 'R' };
      let j: ReturnType<typeof makeJunction> | undefined;
      try {
        j = makeJunction({ criticalCurrent: Ic, capacitance: C, resistance: R });
      } catch (err) {
        if (!(err instanceof ParameterError)) throw err;
        errors[fieldOf[err.parameter] ?? 'Ic'] ??= err.message;
      }
      if (j && I !== undefined) junction = attempt(errors, 'I', () => biasJunction(j, { current: I })) ?? null;
    }
    if (junction && T !== undefined) {
      temperature = T;
      ({ gamma, Q0, theta, hbar } = dimensionlessParameters(junction, T));
    }
  } else {
    gamma = attempt(errors, 'gamma', () => parseNumber('gamma', form.gamma));
    Q0 = attempt(errors, 'Q', () => parseNumber('Q', form.Q));
    if (form.temperatureAs === 'theta') theta = attempt(errors, 'theta', () => parseNumber('theta', form.theta));
    else barrierOverKT = attempt(errors, 'barrier-kT', () => parseNumber('barrier-kT', form['barrier-kT']));
    // The theory CLI's rule for ħ̃ = ħω_p0/E_J: zero (classical) or positive.
    hbar = attempt(errors, 'hbar', () => requireInRange('--hbar', parseNumber('--hbar', form.hbar)!, { min: 0, minInclusive: true }));
  }
  const operatingPointParsed = gamma !== undefined && Q0 !== undefined && (theta !== undefined || barrierOverKT !== undefined);

  const parameters: EscapeParameters = {
    gamma: gamma ?? RATE_DEFAULTS.gamma,
    Q0: Q0 ?? RATE_DEFAULTS.Q0,
    theta,
    barrierOverKT: theta === undefined ? (barrierOverKT ?? RATE_DEFAULTS.barrierOverKT) : undefined,
    dt: attempt(errors, 'dt', () => optionalNumber('dt', form.dt)),
    trajectories: attempt(errors, 'trajectories', () => parseNumber('trajectories', form.trajectories)),
    seed: attempt(errors, 'seed', () => parseNumber('seed', form.seed)),
    maxTime: attempt(errors, 'max-time', () => optionalNumber('max-time', form['max-time'])),
  };
  const runFieldsParsed = !(['dt', 'trajectories', 'seed', 'max-time'] as const).some((f) => errors[f]);

  // validateEscapeParameters stops at the first bad value. To flag every bad field at once, each
  // one it names is recorded and put back to its default, and the whole set is checked again.
  const defaults: EscapeParameters = { ...RATE_DEFAULTS, theta: undefined, dt: undefined, seed: undefined, maxTime: undefined };
  let trial: EscapeParameters = { ...parameters };
  let config: EscapeConfig | undefined;
  const flagged = new Set<string>();
  for (let pass = 0; pass < 10 && !config; pass++) {
    try {
      config = validateEscapeParameters(trial);
    } catch (err) {
      if (!(err instanceof ParameterError)) throw err;
      const field = escapeField(err.parameter, form);
      if (field) errors[field] ??= err.message;
      if (flagged.has(err.parameter)) break;
      flagged.add(err.parameter);
      trial = resetToDefault(trial, err.parameter, defaults);
    }
  }
  const operatingPointValid = operatingPointParsed && !['gamma', 'Q', 'theta', 'barrier-kT'].some((p) => flagged.has(p));

  // The switching ramp, --ramp-rate as `washboard switching` reads it: dγ/dτ, or dI/dt in A/s for a junction.
  const rampRate = si
    ? (attempt(errors, 'ramp-rate-si', () => {
        const ampsPerSecond = requireInRange('ramp-rate', parseQuantity('ramp-rate', form['ramp-rate-si'], 'rampRate'), { min: 0 });
        return junction ? rampRateToDimensionless(junction, ampsPerSecond) : null;
      }) ?? null)
    : (attempt(errors, 'ramp-rate', () => requireInRange('ramp-rate', parseNumber('ramp-rate', form['ramp-rate'])!, { min: 0 })) ?? null);
  const ramp = {
    gammaStart: attempt(errors, 'gamma-start', () => optionalNumber('gamma-start', form['gamma-start'])),
    gammaEnd: attempt(errors, 'gamma-end', () => optionalNumber('gamma-end', form['gamma-end'])),
    holdTime: attempt(errors, 'hold', () => optionalNumber('hold', form.hold)),
    wells: attempt(errors, 'wells', () => optionalNumber('wells', form.wells)),
    // As the CLI: a bin in γ, or a current for a junction (then divided by I_c).
    binWidth: attempt(errors, 'bin-width', () => {
      if (form['bin-width'].trim() === '') return undefined;
      if (!si) return parseNumber('bin-width', form['bin-width']);
      const amps = parseQuantity('bin-width', form['bin-width'], 'current');
      return junction ? amps / junction.criticalCurrent : undefined;
    }),
  };

  const theory: TheoryPoint | null =
    operatingPointValid && config && hbar !== undefined
      ? { p: { gamma: config.gamma, Q0: config.Q0, theta: config.theta, hbar }, rampRate, junction, temperature }
      : null;
  // Any flagged field stops the run, the theory-only ones (ħ̃, ramp) included: what runs is what is shown.
  const runValid = operatingPointValid && runFieldsParsed && Object.keys(errors).length === 0 && config !== undefined && (!si || junction !== null);
  let switching: ValidatedForm['switching'] = null;
  if (form.mode !== 'rate' && runValid && theory && rampRate !== null) {
    const switchingParameters: SwitchingParameters = {
      Q0: config!.Q0, theta: config!.theta, rampRate, ...ramp,
      dt: parameters.dt, trajectories: parameters.trajectories, seed: parameters.seed,
    };
    try {
      switching = { parameters: switchingParameters, config: validateSwitchingParameters(switchingParameters), hbar: theory.p.hbar };
    } catch (err) {
      if (!(err instanceof ParameterError)) throw err;
      errors[switchingField(err.parameter, form)] ??= err.message;
    }
  }
  return { errors, theory, run: runValid ? { parameters, config: config! } : null, switching };
}

/** Which field a ParameterError from validateSwitchingParameters belongs to. */
function switchingField(parameter: string, form: FormState): TextField {
  const si = form.units === 'si';
  switch (parameter) {
    case 'ramp-rate': return si ? 'ramp-rate-si' : 'ramp-rate';
    case 'gamma-start': case 'gamma-end': case 'hold': case 'wells': case 'bin-width': case 'dt': case 'trajectories': case 'seed': return parameter;
    default: return escapeField(parameter, form) ?? (si ? 'ramp-rate-si' : 'ramp-rate');
  }
}

function resetToDefault(p: EscapeParameters, parameter: string, defaults: EscapeParameters): EscapeParameters {
  switch (parameter) {
    case 'gamma': return { ...p, gamma: defaults.gamma };
    case 'Q': return { ...p, Q0: defaults.Q0 };
    case 'theta': case 'barrier-kT': return { ...p, theta: undefined, barrierOverKT: defaults.barrierOverKT };
    case 'dt': return { ...p, dt: undefined };
    case 'trajectories': return { ...p, trajectories: defaults.trajectories };
    case 'seed': return { ...p, seed: undefined };
    case 'max-time': return { ...p, maxTime: undefined };
    default: return p;
  }
}
