/**
 * `washboard selftest --quick` (src/cli/selftest.ts) as a user runs it, the compiled CLI in a child
 * process: every check passes on this adapter (this is what makes `npm test` run the self-test), and the
 * JSON has its documented shape (docs/formats.md). What each check asserts, and why, is in src/models/selftest.ts and docs/selftest.md.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture, node } from '../support/cli.js';

describe('washboard selftest', () => {
  it('--quick --json: the documented shape, and every check passes here (exit 0)', async () => {
    const { stdout, stderr } = await node(['selftest', '--quick', '--json']);
    const j = JSON.parse(stdout);
    expect(Object.keys(j).slice(0, 2)).toEqual(['format', 'version']);
    expect(j).toMatchObject({ format: 'washboard.selftest', version: 1, mode: 'quick', passed: true });
    expect(typeof j.adapter.description).toBe('string');
    const ids = j.checks.map((c: { id: string }) => c.id);
    // The five kinds of check the issue asks for, each present.
    for (const kind of ['rng-philox', 'rng-threefry', 'rng-normals', 'cpu-reference-', 'equilibrium-', 'mfpt', 'melnikov-meshkov']) {
      expect(ids.some((id: string) => id.startsWith(kind)), kind).toBe(true);
    }
    for (const c of j.checks) {
      expect(Object.keys(c)).toEqual(['id', 'title', 'pass', 'result', 'tolerance', 'values', 'seconds']);
      expect(c.pass, `${c.id}: ${c.result}`).toBe(true);
      expect(c.tolerance.length).toBeGreaterThan(20);
    }
    // Progress goes to stderr, one line per check.
    expect(stderr.split('\n').filter((l) => l.startsWith('selftest: ')).length).toBe(j.checks.length);
  });

  it('--help prints the usage; a bad flag is one line and exit 2, before a device is opened', async () => {
    const help = capture();
    expect(await main(['selftest', '--help'], help.io)).toBe(0);
    expect(help.out()).toMatch(/usage: washboard selftest \[--quick\] \[--json\]/);
    const bad = capture();
    expect(await main(['selftest', '--fast'], bad.io)).toBe(2);
    expect(bad.err().trim().split('\n')).toHaveLength(1);
    expect(bad.err()).toMatch(/--fast/);
  });
});
