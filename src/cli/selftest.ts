/**
 * `washboard selftest`: validates the physics on whatever adapter is present (issue 11 §7;
 * docs/selftest.md). The checks live in src/models/selftest.ts; this file parses, reports progress on
 * stderr and prints one line per check (or --json). Exit 1 when any check fails.
 */
import { requestNodeDevice } from '../engine/node-device.js';
import { runSelftest } from '../models/selftest.js';
import { FORMATS } from '../io/formats.js';
import { parseOptions } from './args.js';
import type { CommandIo } from './io.js';

const OPTIONS = {
  quick: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const USAGE = `usage: washboard selftest [--quick] [--json]
  Validates the physics on this adapter before you trust a number from it: the RNG known-answer
  vectors and the Box–Muller normals on the device, per-trajectory agreement with the f64 CPU
  reference, deep-well equilibrium (and at weak damping in f32, full run), the exact overdamped mean
  first-passage time and one Mel'nikov–Meshkov point. One line per check: PASS or FAIL, its numbers,
  why its tolerance is what it is (docs/selftest.md). Exit status 1 if any check fails.
  --quick   smaller ensembles: seconds on a 2-core CPU's software Vulkan, where the full run takes ~2 min
  --json    the same as JSON (format washboard.selftest, version 1)
`;

export async function selftestCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseOptions(argv, OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const quick = Boolean(values.quick);
  const started = performance.now();
  const gpu = await requestNodeDevice();
  const adapter = gpu.adapterInfo;
  let checks;
  try {
    io.stderr(`selftest on ${adapter.description || adapter.vendor || 'unknown adapter'} (${quick ? 'quick' : 'full'})\n`);
    checks = await runSelftest(gpu.device, {
      quick,
      onProgress: (m) => io.stderr(`${m}\n`),
    });
  } finally {
    gpu.release();
  }
  const passed = checks.every((c) => c.pass);
  const wallSeconds = (performance.now() - started) / 1000;
  if (values.json) {
    io.stdout(JSON.stringify({ ...FORMATS.selftest, mode: quick ? 'quick' : 'full', adapter, passed, wallSeconds, checks }, null, 2) + '\n');
  } else {
    io.stdout(`washboard selftest (${quick ? 'quick' : 'full'}) on ${adapter.description || `${adapter.vendor} ${adapter.architecture} ${adapter.device}`.trim()}\n`);
    for (const c of checks) io.stdout(`${c.pass ? 'PASS' : 'FAIL'}  ${c.title}: ${c.result} — tolerance: ${c.tolerance}\n`);
    const failed = checks.filter((c) => !c.pass).length;
    io.stdout(`${passed ? 'PASS' : 'FAIL'}: ${checks.length - failed}/${checks.length} checks passed in ${wallSeconds.toFixed(0)} s\n`);
  }
  return passed ? 0 : 1;
}
