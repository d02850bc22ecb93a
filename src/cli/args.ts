import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ParameterError } from '../physics/parameters.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/**
 * Strict option parsing on top of node:util's parseArgs: an unknown flag or a missing value
 * becomes a ParameterError, so every CLI error has the same one-line shape and exit code 2.
 */
export function parseOptions<T extends OptionSpec>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: attachNegativeValues(argv, options), options, strict: true, allowPositionals });
  } catch (err) {
    const e = err as { code?: string; message: string };
    const flag = /'(-[^' ]+)/.exec(e.message)?.[1] ?? 'option';
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new ParameterError('flag', flag, `one of ${Object.keys(options).map((k) => `--${k}`).join(', ')}`, 'unknown flag');
    }
    if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const arg = /'([^']+)'/.exec(e.message)?.[1] ?? '';
      throw new ParameterError('argument', arg, 'options only', 'unexpected positional argument');
    }
    throw new ParameterError(flag, '', 'a value', e.message.split('\n')[0]);
  }
}

/** Plain numbers are parsed by the host-agnostic units module, so the web page shares the rule. */
export { parseNumber } from '../io/units.js';

/**
 * parseArgs reads `--theta -1` as a flag followed by an unknown flag `-1`; a physicist means the
 * number, so a value that parses as a negative number is attached to its flag (`--theta=-1`) and
 * then rejected or accepted by the parameter's own range check.
 */
function attachNegativeValues(argv: string[], options: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name && options[name]?.type === 'string' && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}
