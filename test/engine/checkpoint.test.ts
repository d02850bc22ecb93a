import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeBase64, encodeBase64, hash64, isComplete, normalizeRanges, parameterDifference, parseRunState, recordPage, remainingRanges, RunStateError, serializeRunState, subtractRanges,
} from '../../src/engine/checkpoint.js';
import { newRunState, configFromRunState, type EscapeRunState as RunState } from '../../src/models/rate/run-file.js';

/** These are rate runs. */
const parseRate = (text: string, name: string) => parseRunState(text, name) as RunState;
import { validateEscapeParameters, type EscapeParameters } from '../../src/models/rate/config.js';
import { type PageSnapshot } from '../../src/engine/ensemble.js';
import { runEscapeEnsemble } from '../../src/models/rate/model.js';
import { readRunFile, writeFileAtomic, writeRunFile } from '../../src/cli/long-run.js';
import { useGpu } from '../support/gpu.js';

const base: EscapeParameters = { gamma: 0.9, Q0: 3, barrierOverKT: 3, trajectories: 2000, maxTime: 300, seed: 31337, pageSize: 600 };

/** Runs what a state has left, saving snapshots into it; aborts after `abortAfterChunks` chunks. */
async function runState(device: GPUDevice, state: RunState, abortAfterChunks = Infinity, snapshotEvery = 3) {
  const config = configFromRunState(state);
  const controller = new AbortController();
  let chunks = 0;
  try {
    await runEscapeEnsemble(device, config, {
      ranges: remainingRanges(state),
      resumePage: state.page ?? undefined,
      signal: controller.signal,
      onPage: (p) => recordPage(state, { first: p.firstTrajectory, count: p.count }, p.statistics),
      snapshot: { due: () => chunks % snapshotEvery === 0, take: (s: PageSnapshot) => void (state.page = s) },
      onProgress: () => {
        if (++chunks >= abortAfterChunks) controller.abort(new Error('stop here'));
      },
    });
    state.page = null;
    return true;
  } catch (err) {
    if ((err as Error).message !== 'stop here') throw err;
    return false;
  }
}

describe('checkpoint and resume in the engine', () => {
  const gpu = useGpu();

  it('a run stopped part-way, written to text, read back and resumed equals the uninterrupted run', async () => {
    const config = validateEscapeParameters({ ...base, stepsPerDispatch: 400 });
    const reference = (await runEscapeEnsemble(gpu.device, config)).statistics;
    expect(reference.escaped).toBeGreaterThan(500);
    expect(reference.escaped).toBeLessThan(2000);

    // Stop in the middle of several different pages and chunks, each time going through the file text.
    for (const stopAfter of [5, 17, 24]) {
      let state = newRunState(config);
      let sessions = 0;
      let finished = false;
      while (!finished) {
        finished = await runState(gpu.device, state, sessions === 0 ? stopAfter : Infinity);
        state = parseRate(serializeRunState(state), 'checkpoint.json');
        sessions++;
      }
      expect(sessions).toBe(2);
      expect(isComplete(state)).toBe(true);
      expect(state.statistics.trajectories).toBe(2000);
      expect(state.statistics.escaped).toBe(reference.escaped);
      expect(state.statistics.exposureSteps).toBe(reference.exposureSteps);
      expect(state.statistics.survivalCounts).toEqual(reference.survivalCounts);
    }
  });

  it('resumes mid-page exactly from the saved trajectory states, whatever the page size and dispatch split afterwards', async () => {
    const config = validateEscapeParameters({ ...base, pageSize: 2000, stepsPerDispatch: 200 });
    const reference = (await runEscapeEnsemble(gpu.device, config)).statistics;
    const state = newRunState(config);
    expect(await runState(gpu.device, state, 13, 4)).toBe(false);
    expect(state.done).toEqual([]);
    expect(state.page).not.toBeNull();
    // The abort itself takes a last snapshot, at the chunk boundary it stopped on.
    expect(state.page!.stepReached).toBe(13 * 200);
    const text = serializeRunState(state);
    const back = parseRate(text, 'mid-page.json');
    expect(Array.from(back.page!.states)).toEqual(Array.from(state.page!.states));
    // Continue with other tuning: the adaptive dispatch size.
    back.tuning = { ...back.tuning, stepsPerDispatch: null };
    expect(await runState(gpu.device, back)).toBe(true);
    expect(back.statistics.escaped).toBe(reference.escaped);
    expect(back.statistics.exposureSteps).toBe(reference.exposureSteps);
    expect(back.statistics.survivalCounts).toEqual(reference.survivalCounts);
  });
});

describe('the run file format', () => {
  const config = validateEscapeParameters({ ...base, trajectories: 100 });
  const partial = (): RunState => {
    const s = newRunState(config);
    recordPage(s, { first: 0, count: 40 }, { trajectories: 40, escaped: 3, exposureSteps: 39n * BigInt(config.maxSteps) + 1234n, stepsPerBin: s.statistics.stepsPerBin, survivalCounts: s.statistics.survivalCounts.map((_, i) => (i === 0 ? 3 : 0)) });
    s.page = { first: 40, count: 3, stepReached: 400, states: new Uint32Array([1, 2, 3, 4, 0xffffffff, 5, 6, 7, 8, 9, 0x3f800000, 0xbf800000, 0, 0xffffffff, 0xffffffff]) };
    return s;
  };

  it('round-trips exactly, the exposure as a decimal string and the page as raw words', () => {
    const s = partial();
    s.statistics.exposureSteps = 37n * BigInt(config.maxSteps) + 12345n;
    const text = serializeRunState(s);
    expect(text).toMatch(/"format": "washboard-escape-run"/);
    expect(text).toMatch(/"version": 1/);
    expect(text).toMatch(/"status": "partial"/);
    expect(text).toMatch(/"exposureSteps":"\d+"/);
    const back = parseRate(text, 'x.json');
    expect(back.statistics).toEqual(s.statistics);
    expect(back.done).toEqual([{ first: 0, count: 40 }]);
    expect(back.page!.stepReached).toBe(400);
    expect(Array.from(back.page!.states)).toEqual(Array.from(s.page!.states));
    expect(serializeRunState(back, { written: new Date(0) })).toBe(serializeRunState(s, { written: new Date(0) }));
    // A pretty-printer reformatting the file does not break it.
    expect(() => parseRate(JSON.stringify(JSON.parse(text), null, 4), 'x.json')).not.toThrow();
  });

  it('keeps an exposure beyond 2^53 exact', () => {
    const big = validateEscapeParameters({ ...base, trajectories: 2 ** 32, maxTime: 1e6 });
    const s = newRunState(big);
    const exposure = BigInt(2 ** 32) * BigInt(big.maxSteps) - 12345n;
    expect(exposure > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    recordPage(s, { first: 0, count: 2 ** 32 }, { trajectories: 2 ** 32, escaped: 1, exposureSteps: exposure, stepsPerBin: s.statistics.stepsPerBin, survivalCounts: s.statistics.survivalCounts.map((_, i) => (i === 5 ? 1 : 0)) });
    const back = parseRate(serializeRunState(s), 'big.json');
    expect(back.statistics.exposureSteps).toBe(exposure);
    expect(isComplete(back)).toBe(true);
  });

  it('refuses a truncated file with a clear message', () => {
    const text = serializeRunState(partial());
    expect(() => parseRate(text.slice(0, text.length / 2), 'ck.json')).toThrow(RunStateError);
    expect(() => parseRate(text.slice(0, text.length / 2), 'ck.json')).toThrow(/^ck\.json is not valid JSON .*truncated or corrupted\. It was not used, and it has not been changed\.$/);
    expect(() => parseRate('', 'ck.json')).toThrow(/not valid JSON/);
  });

  it('refuses a hand-edited file by its checksum', () => {
    const text = serializeRunState(partial());
    const edited = text.replace('"escaped":3', '"escaped":2');
    expect(edited).not.toBe(text);
    expect(() => parseRate(edited, 'ck.json')).toThrow(/ck\.json: checksum mismatch: the file was edited or damaged after washboard wrote it/);
  });

  it('refuses a file whose checksum was recomputed but whose content is inconsistent', () => {
    const reseal = (mutate: (o: Record<string, any>) => void) => {
      const o = JSON.parse(serializeRunState(partial())) as Record<string, any>;
      delete o.checksum;
      mutate(o);
      o.checksum = hash64(JSON.stringify(o));
      return JSON.stringify(o);
    };
    expect(() => parseRate(reseal((o) => (o.statistics.escaped = 4)), 'f')).toThrow(/inconsistent content: survival counts do not add up/);
    expect(() => parseRate(reseal((o) => (o.statistics.trajectories = 41)), 'f')).toThrow(/statistics\.trajectories differs from the finished ranges/);
    expect(() => parseRate(reseal((o) => (o.done = [[0, 30], [20, 20]])), 'f')).toThrow(/overlap/);
    expect(() => parseRate(reseal((o) => (o.page.first = 39)), 'f')).toThrow(/page overlaps finished ranges/);
    expect(() => parseRate(reseal((o) => (o.page.states = o.page.states.slice(8))), 'f')).toThrow(/page\.states has the wrong length/);
    expect(() => parseRate(reseal((o) => (o.parameters.dt = 7)), 'f')).toThrow(/parameters are not valid here \(invalid dt = 7/);
    expect(() => parseRate(reseal((o) => (o.statistics.exposureSteps = '1')), 'f')).toThrow(/exposureSteps out of range/);
  });

  it('refuses another format, another format version and other kernels', () => {
    const o = JSON.parse(serializeRunState(partial())) as Record<string, any>;
    expect(() => parseRate(JSON.stringify({ ...o, format: 'something-else' }), 'f')).toThrow(/f: not a washboard run file \(format "something-else"/);
    expect(() => parseRate(JSON.stringify({ ...o, version: 2 }), 'f')).toThrow(/f: file format version 2; this washboard reads version 1 only/);
    const other: Record<string, any> = { ...o, parameters: { ...o.parameters, kernels: '0123456789abcdef' } };
    delete other.checksum;
    other.checksum = hash64(JSON.stringify(other));
    expect(() => parseRate(JSON.stringify(other), 'f')).toThrow(/kernels differ from this one's \(kernel digest 0123456789abcdef/);
  });

  it('names the first differing parameter with both values', () => {
    const a = newRunState(config).parameters;
    const b = newRunState(validateEscapeParameters({ ...base, trajectories: 100, seed: 5 })).parameters;
    expect(parameterDifference(a, a)).toBeNull();
    expect(parameterDifference(a, b)).toEqual({ field: 'seed', a: 31337, b: 5 });
    const c = newRunState(validateEscapeParameters({ ...base, trajectories: 100, barrierOverKT: 3.5 })).parameters;
    expect(parameterDifference(a, c)).toMatchObject({ field: 'theta' });
    // Tuning is not identity.
    const d = newRunState(validateEscapeParameters({ ...base, trajectories: 100, pageSize: 7, workgroupSize: 128 })).parameters;
    expect(parameterDifference(a, d)).toBeNull();
    // The generator is identity: the same seed gives other noise under another generator.
    const e = newRunState(validateEscapeParameters({ ...base, trajectories: 100, rng: 'threefry20' })).parameters;
    expect(parameterDifference(a, e)).toEqual({ field: 'rng', a: 'philox', b: 'threefry20' });
  });

  it('range arithmetic: join, refuse overlaps, subtract', () => {
    expect(normalizeRanges([{ first: 10, count: 5 }, { first: 0, count: 10 }, { first: 20, count: 1 }])).toEqual([{ first: 0, count: 15 }, { first: 20, count: 1 }]);
    expect(() => normalizeRanges([{ first: 0, count: 10 }, { first: 9, count: 2 }])).toThrow(/overlap/);
    expect(subtractRanges({ first: 0, count: 100 }, [{ first: 0, count: 10 }, { first: 50, count: 10 }])).toEqual([{ first: 10, count: 40 }, { first: 60, count: 40 }]);
    expect(subtractRanges({ first: 30, count: 10 }, [{ first: 0, count: 100 }])).toEqual([]);
  });

  it('base64 round-trips every length and byte value', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) & 255);
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(Array.from(decodeBase64(text))).toEqual(Array.from(bytes));
    }
    expect(() => decodeBase64('ab$d')).toThrow();
  });
});

describe('atomic run-file writes', () => {
  it('replaces the file in one step and leaves no temporary file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'washboard-atomic-'));
    const file = join(dir, 'ck.json');
    writeFileAtomic(file, 'old');
    writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['ck.json']);
    const state = newRunState(validateEscapeParameters({ ...base, trajectories: 10 }));
    writeRunFile(file, state);
    expect(readRunFile(file).parameters).toEqual(state.parameters);
    writeFileSync(file, '{"format": "washboard-escape-run", "version": 1, "stat');
    expect(() => readRunFile(file)).toThrow(/is not valid JSON/);
    expect(() => readRunFile(join(dir, 'absent.json'))).toThrow(/absent\.json: no such file/);
  });
});
