/**
 * The SI junction as the quantum verbs take it (`--Ic --C --R`, with unit suffixes), one rule for
 * all of them: the dimensionless flags `--Q --theta --hbar` cannot be mixed in, and every flag the
 * verb needs must be given (one line naming the first missing one).
 */
import { makeJunction, type Junction } from '../physics/junction.js';
import { ParameterError } from '../physics/parameters.js';
import { parseQuantity } from './units.js';

type Flags = Partial<Record<'Ic' | 'C' | 'R' | 'T' | 'Q' | 'theta' | 'hbar', string>>;

/** The junction of `--Ic --C --R`; `also` names further flags SI mode needs (e.g. `T`). */
export function junctionFromFlags(values: Flags, also: readonly 'T'[] = []): Junction {
  for (const n of ['Q', 'theta', 'hbar'] as const) {
    if (values[n] !== undefined) throw new ParameterError(`--${n}`, values[n], 'dimensionless mode only', 'cannot be mixed with SI junction flags');
  }
  const needed = ['Ic', 'C', 'R', ...also] as const;
  const list = needed.map((n) => `--${n}`);
  const phrase = `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
  for (const n of needed) if (values[n] === undefined) throw new ParameterError(`--${n}`, undefined, 'a value', `SI mode needs ${phrase}`);
  return makeJunction({
    criticalCurrent: parseQuantity('--Ic', values.Ic!, 'current'),
    capacitance: parseQuantity('--C', values.C!, 'capacitance'),
    resistance: parseQuantity('--R', values.R!, 'resistance'),
  });
}
