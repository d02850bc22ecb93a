/**
 * The analysis of measured switching currents, as `washboard analyze` reports it, with no host:
 * flag values (text, as typed) are checked with the CLI's rules and messages, the file's text is
 * parsed, and the report object is assembled. The CLI reads the file and prints this object (its
 * --json output is exactly it); the web page does the same with a file the user picked.
 */
import { boltzmannConstant } from '../physics/constants.js';
import { biasJunction, escapeTemperaturePlateau, makeJunction, rampRateToDimensionless, rateToHertz, temperatureFromTheta, thetaFromTemperature, type Junction } from '../physics/junction.js';
import { ParameterError, requireInRange, requireInteger } from '../physics/parameters.js';
import { crossoverTheta } from '../physics/quantum.js';
import { quantumRateCurve } from '../physics/quantum-escape/switching.js';
import { melnikovMeshkovRate } from '../physics/rates.js';
import { analyzeSwitching, defaultHistogram, momentsFromValues, type JunctionScales } from '../physics/switching-analysis.js';
import { parseSwitchingCurrents } from './switching-currents.js';
import { parseNumber, parseQuantity } from './units.js';
import { FORMATS } from './formats.js';

/** The analyze flags as text (absent: undefined), named as on the command line. */
export interface AnalyzeFlags {
  'ramp-rate'?: string;
  C?: string;
  R?: string;
  T?: string;
  Ic?: string;
  column?: string;
  'bin-width'?: string;
  'min-count'?: string;
}

export interface AnalyzeInputs {
  rampRate: number;
  capacitance: number;
  resistance: number;
  temperature: number | null;
  statedIc: number | undefined;
  binWidth: number | undefined;
  minCount: number;
  column: string | undefined;
}

/** Checks the flags in the CLI's order; the first bad one throws its ParameterError. */
export function analyzeInputs(values: AnalyzeFlags): AnalyzeInputs {
  const need = (flag: 'ramp-rate' | 'C' | 'R', example: string) => {
    const v = values[flag];
    if (v === undefined) throw new ParameterError(flag, 'missing', example, 'required');
    return v;
  };
  const rampRate = requireInRange('ramp-rate', parseQuantity('ramp-rate', need('ramp-rate', 'a ramp such as 1e-3A/s'), 'rampRate'), { min: 0 });
  const capacitance = requireInRange('C', parseQuantity('C', need('C', 'a capacitance such as 5pF'), 'capacitance'), { min: 0 });
  const resistance = requireInRange('R', parseQuantity('R', need('R', 'a resistance such as 100ohm'), 'resistance'), { min: 0 });
  const temperature = values.T === undefined ? null : requireInRange('T', parseQuantity('T', values.T, 'temperature'), { min: 0 });
  const statedIc = values.Ic === undefined ? undefined : requireInRange('Ic', parseQuantity('Ic', values.Ic, 'current'), { min: 0 });
  const binWidth = values['bin-width'] === undefined ? undefined : requireInRange('bin-width', parseQuantity('bin-width', values['bin-width'], 'current'), { min: 0 });
  const minCount = requireInteger('min-count', parseNumber('min-count', values['min-count']) ?? 10, { min: 1, minInclusive: true });
  return { rampRate, capacitance, resistance, temperature, statedIc, binWidth, minCount, column: values.column };
}

/** Parses `text` (named `path` in messages) and analyses it: the report `washboard analyze --json` prints. */
export function analyzeReport(text: string, path: string, inputs: AnalyzeInputs) {
  const { rampRate, capacitance, resistance, temperature, statedIc, binWidth, minCount } = inputs;
  const file = parseSwitchingCurrents(text, path, { column: inputs.column, criticalCurrent: statedIc });
  const histogram = defaultHistogram(file.values, binWidth);
  const junctionAt = (criticalCurrent: number) => makeJunction({ criticalCurrent, capacitance, resistance });
  const scales: JunctionScales = (Ic) => junctionAt(Ic);
  const analysis = analyzeSwitching({
    histogram,
    moments: momentsFromValues(file.values),
    values: file.values,
    rampRate,
    scales,
    minCount,
    predictions: (Ic): Record<string, (I: number) => number> => {
      if (temperature === null) return {};
      const j = junctionAt(Ic);
      const theta = thetaFromTemperature(j, temperature);
      return {
        classical: (I: number) => rateToHertz(j, melnikovMeshkovRate({ gamma: I / Ic, Q0: j.Q0, theta })),
        // The computed quantum rate (bounce, uniform crossover, f_q × Kramers; docs/quantum.md),
        // interpolated over the biases where this ramp switches.
        quantum: computedQuantumRate(j, theta, rampRate, Ic),
      };
    },
  });
  const fit = analysis.fit;
  const Ic = fit?.criticalBias ?? statedIc;
  let junction = null;
  if (Ic !== undefined && Ic > analysis.moments.mean) {
    const j = biasJunction(junctionAt(Ic), { current: analysis.moments.mean });
    junction = {
      criticalCurrent: Ic,
      source: fit ? 'fit' : 'stated',
      Q0: j.Q0,
      plasmaFrequency0: j.plasmaFrequency0,
      josephsonEnergy: j.josephsonEnergy,
      gammaAtMean: j.gamma,
      crossoverTemperature: temperatureFromTheta(j, crossoverTheta({ gamma: j.gamma, Q0: j.Q0, hbar: j.hbarOmegaOverEJ })),
      escapeTemperaturePlateau: plateauOrNull(() => escapeTemperaturePlateau(j)),
    };
  }
  const toKelvin = (e: number | null) => (e === null ? null : e / boltzmannConstant);
  return {
    ...FORMATS.analyze,
    file: { path, values: file.values.length, column: file.column, unit: file.unit },
    parameters: { rampRate, capacitance, resistance, temperature, statedCriticalCurrent: statedIc ?? null, binWidth: histogram.binWidth, minCount },
    moments: analysis.moments,
    fit: fit && {
      criticalCurrent: fit.criticalBias, criticalCurrentError: fit.criticalBiasError,
      escapeTemperature: fit.escapeEnergy / boltzmannConstant, escapeTemperatureError: fit.escapeEnergyError / boltzmannConstant,
      correlation: fit.correlation, chiSquare: fit.chiSquare, degreesOfFreedom: fit.degreesOfFreedom, points: fit.points,
    },
    junction,
    overlays: analysis.overlays,
    bins: analysis.bins.map((b) => ({
      low: b.low, high: b.high, count: b.count, rate: b.rate, rateError: b.rateError,
      escapeTemperature: toKelvin(b.escapeEnergy), escapeTemperatureError: toKelvin(b.escapeEnergyError), expected: b.expected,
    })),
  };
}

export type AnalyzeReport = ReturnType<typeof analyzeReport>;

function plateauOrNull(f: () => number): number | null {
  try {
    return f();
  } catch (err) {
    if (err instanceof ParameterError) return null;
    throw err;
  }
}

/** I ↦ Γ (s⁻¹) from the computed quantum rate of src/physics/quantum-escape, for a ramp dI/dt. */
function computedQuantumRate(j: Junction, theta: number, rampRate: number, Ic: number): (I: number) => number {
  const curve = quantumRateCurve({ Q0: j.Q0, hbar: j.hbarOmegaOverEJ, theta, rampRate: rampRateToDimensionless(j, rampRate) });
  return (I: number) => rateToHertz(j, curve.rate(I / Ic));
}
