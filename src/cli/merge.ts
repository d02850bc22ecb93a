/**
 * `washboard merge FILES…`: adds the sufficient statistics of shard files (or any finished run
 * files) of one run and prints the report `rate` prints for the whole ensemble: bit-identical
 * statistics, because Philox is keyed by the global trajectory index. Overlapping, missing,
 * unfinished or mismatched files are refused by name (exit code 2).
 */
import { parseOptions } from './args.js';
import { formatRunFileReport } from './rate.js';
import { readRunFile, withRunFileErrors, writeRunFile } from './long-run.js';
import { mergeRunFiles, type RunFile } from '../engine/shards.js';
import { ParameterError } from '../physics/parameters.js';
import type { CommandIo } from './io.js';

export const mergeOptions = {
  json: { type: 'boolean' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const mergeUsage = `usage: washboard merge FILES... [options]
  Combines the shard files of one run (washboard rate --shard i/N --out FILE) and prints the rate
  report of the whole ensemble, identical to an unsharded washboard rate with the same seed.
  --json               write the result as JSON on stdout
  --out FILE           also write the merged run file to FILE`;

export async function mergeCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseOptions(argv, mergeOptions, true);
  if (values.help) {
    io.stdout(`${mergeUsage}\n`);
    return 0;
  }
  if (positionals.length === 0) throw new ParameterError('FILES', 'missing', 'one or more run files', 'usage: washboard merge FILES...');
  return withRunFileErrors(io, async () => {
    const files: RunFile[] = positionals.map((name) => ({ name, state: readRunFile(name) }));
    const merged = mergeRunFiles(files);
    if (values.out !== undefined) {
      if (merged.length !== 1) throw new ParameterError('out', values.out, 'files of one grid point', 'the files hold several sweep grid points');
      writeRunFile(values.out, merged[0]!.state);
    }
    const devices = (m: (typeof merged)[number]) => `${m.files.length} shard file${m.files.length > 1 ? 's' : ''} run on ${m.state.history.devices.join(', ') || 'WebGPU'}`;
    if (values.json) {
      const reports = merged.map((m) => JSON.parse(formatRunFileReport(m.state, devices(m), true)) as Record<string, unknown>);
      const out = merged.length === 1 && merged[0]!.point === null ? reports[0] : reports.map((r, i) => ({ point: merged[i]!.point, ...r }));
      io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      io.stdout(
        merged
          .map((m) => (m.point ? `grid point ${m.point.index + 1} of ${m.point.count}:\n` : '') + formatRunFileReport(m.state, devices(m), false))
          .join('\n'),
      );
    }
    return 0;
  });
}
