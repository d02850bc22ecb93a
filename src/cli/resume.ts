/**
 * `washboard resume FILE`: continues a checkpointed run (or shard) where it stopped and prints the
 * same report `rate` would have printed. The statistics are bit-identical to an uninterrupted run.
 */
import { parseOptions } from './args.js';
import { formatRunFileReport } from './rate.js';
import { formatSwitchingRunFile } from './switching.js';
import { checkpointSeconds, describeProgress, readAnyRunFile, runLongRun, withRunFileErrors } from './long-run.js';
import { isSweepComplete } from '../engine/sweep-file.js';
import { isComplete } from '../engine/checkpoint.js';
import { type RunState } from '../models/registry.js';
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
  Continues the run saved in FILE (written by washboard rate|switching|sweep --checkpoint FILE),
  saving to FILE as it goes, and prints the report of the whole run (or shard; a sweep's rows, CSV
  or --json). A finished FILE is reported again.
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
    const state = readAnyRunFile(file);
    if ('assigned' in state) {
      const finished = state.runs.filter(isComplete).length;
      io.stderr(`washboard: ${isSweepComplete(state) ? 'already finished' : 'resuming'} ${file}: sweep ${state.command}, ${finished} of ${state.assigned.length} grid points finished.\n`);
      const { resumeSweep } = await import('./sweep.js');
      return resumeSweep(file, state, { io, quiet: Boolean(values.quiet), json: Boolean(values.json), every, out: values.out });
    }
    io.stderr(`washboard: ${isComplete(state) ? 'already finished' : 'resuming'} ${file}: ${describeProgress(state)}.\n`);
    const run = await runLongRun(state, { io, quiet: Boolean(values.quiet), checkpoint: file, checkpointSeconds: every, out: values.out });
    if (run.code !== 0) return run.code;
    io.stdout(formatRunFile(run.state, run.device, Boolean(values.json)));
    return 0;
  });
}

/** The report `rate` or `switching` prints for a run file of its kind. */
export function formatRunFile(state: RunState, device: string, json: boolean): string {
  return state.kind === 'rate' ? formatRunFileReport(state, device, json) : formatSwitchingRunFile(state, device, json);
}
