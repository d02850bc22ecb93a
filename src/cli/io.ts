/** What a command writes to; tests pass captured streams, the CLI passes the process's. */
export interface CommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** For progress lines that rewrite themselves on a terminal. */
  stderrStream: { write(s: string): unknown; isTTY?: boolean };
}

export function processIo(): CommandIo {
  return {
    stdout: (s) => void process.stdout.write(s),
    stderr: (s) => void process.stderr.write(s),
    stderrStream: process.stderr,
  };
}
