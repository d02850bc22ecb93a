import type { EscapeProgress } from '../models/rate/model.js';

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 90) return `${s.toFixed(0)} s`;
  if (s < 5400) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/**
 * Progress on stderr: one line rewritten in place on a terminal, a line every few seconds
 * otherwise (so logs of batch jobs stay readable). `prefix`, when given, leads every line (a sweep
 * puts its grid position and overall ETA there).
 */
export function progressReporter(stderr: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean }, quiet = false, prefix?: () => string) {
  let lastLine = 0;
  const tty = Boolean(stderr.isTTY);
  return {
    update(p: EscapeProgress) {
      if (quiet) return;
      const now = Date.now();
      if (!tty && now - lastLine < 5000) return;
      lastLine = now;
      const line =
        (prefix ? `${prefix()}  ` : '') +
        `page ${p.page}/${p.pages}  escaped ${p.escaped}/${p.trajectories}  ` +
        `${p.stepsPerSecond.toExponential(2)} steps/s  elapsed ${formatSeconds(p.elapsedSeconds)}  ETA ≤ ${formatSeconds(p.etaSeconds)}`;
      stderr.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
    },
    done() {
      if (!quiet && tty) stderr.write('\r\x1b[K');
    },
  };
}
