/**
 * `washboard resume FILE`: continues a checkpointed run (or shard) where it stopped and prints the
 * same report `rate` would have printed. The statistics are bit-identical to an uninterrupted run.
 */
import { parseOptions } from './args.js';
import { checkpointSeconds, formatRunFileReport } from './rate.js';
import { describeProgress, readRunFile, runLongEscape, withRunFileErrors } from './long-run.js';
import { isComplete } from '../engine/checkpoint.js';
import { ParameterError } from '../physics/parameters.js';
import type { CommandIo } from './io.js';

export const resumeOptions = {
  json: { type: 'boolean' },
  quiet: { type: 'boolean' },
  'checkpoint-every': { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const resumeUsage = `usage: washboard resume FILE [options]
  Continues the run saved in FILE (written by washboard rate --checkpoint FILE), saving to FILE as
  it goes, and prints the report of the whole run (or shard). A finished FILE is reported again.
  --json               write the result as JSON on stdout
  --quiet              no progress on stderr
  --checkpoint-every S seconds between checkpoints, > 0                [60]
  --out FILE           also write the finished run file to FILE`;

export async function resumeCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseOptions(argv, resumeOptions, true);
  if (values.help) {
    io.stdout(`${resumeUsage}\n`);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new ParameterError('FILE', positionals.join(' ') || 'missing', 'exactly one checkpoint file', 'usage: washboard resume FILE');
  }
  const file = positionals[0]!;
  const every = checkpointSeconds(values);
  return withRunFileErrors(io, async () => {
    const state = readRunFile(file);
    io.stderr(`washboard: ${isComplete(state) ? 'already finished' : 'resuming'} ${file}: ${describeProgress(state)}.\n`);
    const run = await runLongEscape(state, { io, quiet: Boolean(values.quiet), checkpoint: file, checkpointSeconds: every, out: values.out });
    if (run.code !== 0) return run.code;
    io.stdout(formatRunFileReport(run.state, run.device, Boolean(values.json)));
    return 0;
  });
}
