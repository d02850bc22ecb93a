/**
 * SI quantities with unit suffixes, as typed on a command line: "10uA", "9.5 µA", "5pF", "100ohm",
 * "1kΩ", "50mK", "1e-3A/s". A bare number is taken in the base unit. An unknown suffix is a
 * ParameterError naming the flag, the text and the units accepted.
 */
import { ParameterError } from '../physics/parameters.js';

export type Dimension = 'current' | 'capacitance' | 'resistance' | 'temperature' | 'rampRate' | 'rate';

const UNITS: Record<Dimension, readonly string[]> = {
  current: ['A'],
  capacitance: ['F'],
  resistance: ['ohm', 'Ohm', 'Ω'],
  temperature: ['K'],
  rampRate: ['A/s'],
  rate: ['/s', 's^-1', 'Hz'],
};

const BASE_UNIT: Record<Dimension, string> = {
  current: 'A',
  capacitance: 'F',
  resistance: 'Ω',
  temperature: 'K',
  rampRate: 'A/s',
  rate: 's⁻¹',
};

const PREFIXES: Record<string, number> = {
  f: 1e-15,
  p: 1e-12,
  n: 1e-9,
  u: 1e-6,
  'µ': 1e-6, // micro sign U+00B5
  'μ': 1e-6, // Greek mu U+03BC
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
};

const NUMBER = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*)$/;

/** Parses a decimal or exponent number, naming the flag if it is not one. */
export function parseNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  // Number('') is 0 and Number('0x10') is 16: accept only plain decimal notation.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) {
    throw new ParameterError(flag, text, 'a decimal number', 'not a number');
  }
  return Number(trimmed);
}

export function unitsAccepted(dimension: Dimension): string {
  return UNITS[dimension].map((u) => `[f p n u µ m k M G]${u}`).join(' or ');
}

/** Parses "<number><prefix><unit>" into base SI units. */
export function parseQuantity(name: string, text: string, dimension: Dimension): number {
  const trimmed = text.trim();
  const m = NUMBER.exec(trimmed);
  if (!m) throw new ParameterError(name, text, `a number with optional unit ${unitsAccepted(dimension)}`, 'not a number');
  const value = Number(m[1]);
  const suffix = (m[2] ?? '').trim();
  if (suffix === '') return value;
  for (const unit of UNITS[dimension]) {
    if (!suffix.endsWith(unit)) continue;
    const prefix = suffix.slice(0, suffix.length - unit.length);
    const factor = PREFIXES[prefix];
    if (factor !== undefined) return value * factor;
  }
  throw new ParameterError(name, text, `a number with optional unit ${unitsAccepted(dimension)}`, `unknown unit suffix "${suffix}"`);
}

const DISPLAY_PREFIXES: [string, number][] = [
  ['G', 1e9],
  ['M', 1e6],
  ['k', 1e3],
  ['', 1],
  ['m', 1e-3],
  ['µ', 1e-6],
  ['n', 1e-9],
  ['p', 1e-12],
  ['f', 1e-15],
];

/** "9.5 µA"-style display with an engineering prefix and `digits` significant digits. */
export function formatQuantity(value: number, dimension: Dimension, digits = 5): string {
  const unit = BASE_UNIT[dimension];
  if (value === 0 || !Number.isFinite(value) || dimension === 'rate') return `${formatNumber(value, digits)} ${unit}`;
  const abs = Math.abs(value);
  const chosen = DISPLAY_PREFIXES.find(([, f]) => abs >= f * 0.9999999) ?? DISPLAY_PREFIXES[DISPLAY_PREFIXES.length - 1]!;
  return `${formatNumber(value / chosen[1], digits)} ${chosen[0]}${unit}`;
}

/** Significant-digit formatting without trailing zeros; exponent form for very large or small. */
export function formatNumber(value: number, digits = 5): string {
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e6) return String(Number(value.toPrecision(digits)));
  const [mantissa, exponent] = value.toExponential(digits - 1).split('e');
  return `${String(Number(mantissa))}e${exponent}`;
}
