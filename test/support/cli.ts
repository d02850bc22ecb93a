import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';

/** The compiled CLI in child processes, and an in-process CommandIo that records what was written. */
export const execFileP = promisify(execFile);
export const root = join(import.meta.dirname, '..', '..');
export const cli = join(root, 'dist', 'cli.js');
export const slurm = join(root, 'examples', 'slurm');
export const env = { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp' };
export const node = (args: string[], e: NodeJS.ProcessEnv = env) => execFileP('node', [cli, ...args], { env: e, maxBuffer: 1 << 24 });
export const tmp = () => mkdtempSync(join(tmpdir(), 'washboard-long-'));

export function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (s: string) => void out.push(s), stderr: (s: string) => void err.push(s), stderrStream: { write: (s: string) => err.push(s) } },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

/** Starts the CLI with `--checkpoint FILE`, waits until FILE's text satisfies `ready` (polling the file), then sends `signal`. */
export async function interrupt(args: string[], file: string, ready: (text: string) => boolean, signal: NodeJS.Signals) {
  const child = spawn('node', [cli, ...args, '--quiet', '--checkpoint', file, '--checkpoint-every', '0.2'], { env });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
  let running = true;
  void exited.then(() => (running = false));
  while (running) {
    await new Promise((r) => setTimeout(r, 25));
    if (existsSync(file) && ready(readFileSync(file, 'utf8'))) break;
  }
  expect(running, 'the run finished before it could be interrupted').toBe(true);
  child.kill(signal);
  return { exit: await exited, stderr: () => stderr };
}

/** A checkpoint with some but not all work: a finished range or a page saved part-way. */
export const partialRun = (text: string) => text.includes('"status": "partial"') && (/"done": \[\[/.test(text) || /"page": \{/.test(text));
