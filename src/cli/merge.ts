/**
 * `washboard merge FILES…`: adds the sufficient statistics of shard files (or any finished run
 * files) of one run and prints the report `rate` prints for the whole ensemble: bit-identical
 * statistics, because Philox is keyed by the global trajectory index. Overlapping, missing,
 * unfinished or mismatched files are refused by name (exit code 2).
 */
import { parseOptions } from './args.js';
import { formatRunFile } from './resume.js';
import { readAnyRunFile, withRunFileErrors, writeRunFile } from './long-run.js';
import { RunStateError } from '../engine/checkpoint.js';
import type { SweepRunState } from '../engine/sweep-file.js';
import { mergeRunFiles, type RunFile } from '../engine/shards.js';
import { ParameterError } from '../physics/parameters.js';
import type { CommandIo } from './io.js';
import { FORMATS } from '../io/formats.js';

export const mergeOptions = {
  json: { type: 'boolean' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const mergeUsage = `usage: washboard merge FILES... [options]
  Combines the shard files of one run (washboard rate|switching --shard i/N --out FILE) and prints
  the report of the whole ensemble, identical to the unsharded run with the same seed.
  Sweep files (washboard sweep ... --shard i/N --out FILE) merge into the rows of the whole sweep
  (CSV, or JSON with --json), the same as the unsharded sweep's.
  --json               write the result as JSON on stdout
  --out FILE           also write the merged run (or sweep) file to FILE`;

export async function mergeCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseOptions(argv, mergeOptions, true);
  if (values.help) {
    io.stdout(`${mergeUsage}\n`);
    return 0;
  }
  if (positionals.length === 0) throw new ParameterError('FILES', 'missing', 'one or more run files', 'usage: washboard merge FILES...');
  return withRunFileErrors(io, async () => {
    const all = positionals.map((name) => ({ name, state: readAnyRunFile(name) }));
    const sweeps = all.filter((f): f is { name: string; state: SweepRunState } => 'assigned' in f.state);
    if (sweeps.length > 0) {
      const single = all.find((f) => !('assigned' in f.state));
      if (single) throw new RunStateError(`cannot merge: ${sweeps[0]!.name} is a sweep file but ${single.name} holds a single run`);
      const { mergeSweepFiles } = await import('./sweep.js');
      return mergeSweepFiles(sweeps, { io, json: Boolean(values.json), out: values.out });
    }
    const files: RunFile[] = all as RunFile[];
    const merged = mergeRunFiles(files);
    if (values.out !== undefined) {
      if (merged.length !== 1) throw new ParameterError('out', values.out, 'files of one grid point', 'the files hold several sweep grid points');
      writeRunFile(values.out, merged[0]!.state);
    }
    const devices = (m: (typeof merged)[number]) => `${m.files.length} shard file${m.files.length > 1 ? 's' : ''} run on ${m.state.history.devices.join(', ') || 'WebGPU'}`;
    if (values.json) {
      const reports = merged.map((m) => JSON.parse(formatRunFile(m.state, devices(m), true)) as Record<string, unknown>);
      // One run: its report as rate or switching writes it; run files of several grid points: each report with its point.
      const out = merged.length === 1 && merged[0]!.point === null ? reports[0] : { ...FORMATS.mergedPoints, points: reports.map((r, i) => ({ point: merged[i]!.point, ...r })) };
      io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      io.stdout(
        merged
          .map((m) => (m.point ? `grid point ${m.point.index + 1} of ${m.point.count}:\n` : '') + formatRunFile(m.state, devices(m), false))
          .join('\n'),
      );
    }
    return 0;
  });
}
