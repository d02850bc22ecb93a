/**
 * Reading a lab's file of measured switching currents (the input of `washboard analyze` and of the
 * page's measured-file mode): I/O, kept out of src/physics, which analyses the values it returns.
 */
import { ParameterError } from '../physics/parameters.js';
import { parseQuantity } from './units.js';

export interface SwitchingCurrentsFile {
  /** Currents in A. */
  values: number[];
  /** 1-based line of each value in the file. */
  lines: number[];
  column: string;
  /** Unit the values were read in (from the header or per value), for reports. */
  unit: string;
}

const CURRENT_UNIT = /^\s*([fpnuµμmkMG]?A)\s*$/;

/** The current unit a header cell names: "I (uA)", "Isw [nA]", "current_mA", "I/uA"; null if none. */
function headerUnit(cell: string): string | null {
  const c = cell.trim();
  const text = (/\(([^)]*)\)/.exec(c) ?? /\[([^\]]*)\]/.exec(c) ?? /[_/ ]([^_/ ]+)$/.exec(c))?.[1];
  return text !== undefined && CURRENT_UNIT.test(text) ? text.trim() : null;
}

/**
 * Reads measured switching currents: one per line, or one column of a CSV (comma, semicolon, tab
 * or space separated) chosen by header name or 1-based index, default the first. A header line is
 * optional; a unit in it ("I (µA)") applies to bare numbers, which are otherwise amperes, and a
 * value may carry its own unit ("9.51uA"). Lines starting with # are comments. Each problem is a
 * ParameterError naming the source and line: a non-number, a negative or zero current, one above
 * `criticalCurrent` when one is stated, an empty file and a file with a single value.
 */
export function parseSwitchingCurrents(text: string, source: string, options: { column?: string; criticalCurrent?: number } = {}): SwitchingCurrentsFile {
  const rows = text.split(/\r\n|\n|\r/).map((line, i) => ({ line: i + 1, text: line.replace(/#.*$/, '').trim() })).filter((r) => r.text !== '');
  if (rows.length === 0) throw new ParameterError(source, '', 'at least 2 switching currents, one per line', 'no data lines');
  // The delimiter is a comma, semicolon or tab if the first lines have one; otherwise spaces, unless
  // the data lines hold a single value (then a header such as "I (uA)" stays one cell).
  const probe = rows.slice(0, 2).map((r) => r.text);
  const delimiter = [',', ';', '\t'].find((d) => probe.some((t) => t.includes(d)));
  const isNumber = (cell: string) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*([fpnuµμmkMG]?A)?$/.test(cell.trim());
  const last = probe[probe.length - 1] ?? '';
  const spaced = delimiter === undefined && !isNumber(last) && last.split(/\s+/).length > 1;
  const split = (s: string) => (delimiter !== undefined ? s.split(delimiter).map((c) => c.trim()) : spaced ? s.split(/\s+/) : [s]);
  const first = split(rows[0]!.text);
  const hasHeader = !first.every(isNumber);
  let index = 0;
  if (options.column !== undefined) {
    const asIndex = Number(options.column);
    if (Number.isInteger(asIndex) && asIndex >= 1) index = asIndex - 1;
    else if (hasHeader) index = first.findIndex((c) => c.trim().toLowerCase() === options.column!.toLowerCase());
    if (index < 0 || index >= first.length) {
      throw new ParameterError('column', options.column, hasHeader ? `one of ${first.map((c) => JSON.stringify(c)).join(', ')} or 1…${first.length}` : `1…${first.length}`, `no such column in ${source}`);
    }
  }
  let factor = 1;
  let unit = 'A';
  if (hasHeader) {
    const cell = first[index] ?? '';
    if (isNumber(cell)) throw new ParameterError(`${source} line ${rows[0]!.line}`, rows[0]!.text, 'a header naming every column, or numbers only', 'mixed header and numbers');
    const u = headerUnit(cell);
    if (u !== null) {
      unit = u;
      factor = parseQuantity(`${source} line ${rows[0]!.line}`, `1${u}`, 'current');
    } else if (/[(\[]/.test(cell)) {
      throw new ParameterError(`${source} line ${rows[0]!.line}`, cell, 'a current unit such as (A), (uA), (nA)', 'unknown unit in the header');
    }
  }
  const values: number[] = [];
  const lines: number[] = [];
  for (const row of hasHeader ? rows.slice(1) : rows) {
    const where = `${source} line ${row.line}`;
    const cell = split(row.text)[index];
    if (cell === undefined) throw new ParameterError(where, row.text, `a value in column ${index + 1}`, 'missing column');
    const trimmed = cell.trim();
    if (!isNumber(trimmed)) throw new ParameterError(where, trimmed, `a current in ${unit}, such as 9.51e-6 or 9.51uA`, 'not a number');
    const value = /A$/.test(trimmed) ? parseQuantity(where, trimmed, 'current') : Number(trimmed) * factor;
    if (!(value > 0)) throw new ParameterError(where, trimmed, '(0, ∞) A', 'a switching current must be positive');
    if (options.criticalCurrent !== undefined && value > options.criticalCurrent) {
      throw new ParameterError(where, trimmed, `(0, ${options.criticalCurrent}] A`, 'above the stated critical current');
    }
    values.push(value);
    lines.push(row.line);
  }
  if (values.length === 0) throw new ParameterError(source, '', 'at least 2 switching currents', 'a header but no data lines');
  if (values.length === 1) throw new ParameterError(`${source} line ${lines[0]}`, values[0], 'at least 2 switching currents', 'only one switching current in the file');
  return { values, lines, column: hasHeader ? (first[index] ?? '') : String(index + 1), unit };
}

