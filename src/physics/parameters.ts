/**
 * Bad input is reported as a ParameterError: the parameter, the value that was given and the
 * range that is allowed. Hosts print `message` as one line and exit with code 2.
 */
export class ParameterError extends Error {
  constructor(
    readonly parameter: string,
    readonly value: unknown,
    readonly allowed: string,
    detail?: string,
  ) {
    super(`invalid ${parameter} = ${formatValue(value)}: ${detail ? `${detail}; ` : ''}allowed ${allowed}`);
    this.name = 'ParameterError';
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

export interface Interval {
  /** Lower bound; omitted means −∞. */
  min?: number;
  /** Upper bound; omitted means +∞. */
  max?: number;
  minInclusive?: boolean;
  maxInclusive?: boolean;
}

export function describeInterval(r: Interval): string {
  const lo = r.min === undefined ? '(−∞' : `${r.minInclusive ? '[' : '('}${r.min}`;
  const hi = r.max === undefined ? '∞)' : `${r.max}${r.maxInclusive ? ']' : ')'}`;
  return `${lo}, ${hi}`;
}

/** Throws a ParameterError unless `value` is a finite number inside `range`. */
export function requireInRange(parameter: string, value: number, range: Interval): number {
  const allowed = describeInterval(range);
  if (!Number.isFinite(value)) throw new ParameterError(parameter, value, allowed, 'not a finite number');
  const belowMin = range.min !== undefined && (range.minInclusive ? value < range.min : value <= range.min);
  const aboveMax = range.max !== undefined && (range.maxInclusive ? value > range.max : value >= range.max);
  if (belowMin || aboveMax) throw new ParameterError(parameter, value, allowed);
  return value;
}

/** Throws a ParameterError unless `value` is an integer inside `range`. */
export function requireInteger(parameter: string, value: number, range: Interval): number {
  requireInRange(parameter, value, range);
  if (!Number.isInteger(value)) throw new ParameterError(parameter, value, `an integer in ${describeInterval(range)}`);
  return value;
}
