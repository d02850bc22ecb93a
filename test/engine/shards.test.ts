import { describe, expect, it } from 'vitest';
import { recordPage, RunStateError } from '../../src/engine/checkpoint.js';
import { newRunState, type EscapeRunState } from '../../src/models/rate/run-file.js';
import { type RunState } from '../../src/models/registry.js';
import { validateEscapeParameters, type EscapeParameters } from '../../src/models/rate/config.js';
import { runEscapeEnsemble } from '../../src/models/rate/model.js';
import { mergeRunFiles, parseShardSpec, shardSlice, type RunFile } from '../../src/engine/shards.js';
import { ParameterError } from '../../src/physics/parameters.js';
import { useGpu } from '../support/gpu.js';

describe('shard slices', () => {
  it('tile [0, T) exactly, in order, sizes differing by at most one', () => {
    for (const [T, N] of [[10, 3], [4096, 4], [2001, 4], [7, 7], [2 ** 32, 3], [2 ** 32, 1000]] as const) {
      let cursor = 0;
      const sizes: number[] = [];
      for (let i = 1; i <= N; i++) {
        const s = shardSlice(T, { index: i, count: N });
        expect(s.first).toBe(cursor);
        cursor += s.count;
        sizes.push(s.count);
      }
      expect(cursor).toBe(T);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });

  it('parses i/N and rejects anything else as a ParameterError', () => {
    expect(parseShardSpec('2/8')).toEqual({ index: 2, count: 8 });
    for (const bad of ['0/4', '5/4', '1/0', 'a/b', '2', '-1/4', '1.5/4', '']) {
      expect(() => parseShardSpec(bad)).toThrow(ParameterError);
    }
    expect(() => parseShardSpec('5/4')).toThrow(/invalid shard = "5\/4": allowed i\/N with integers 1 ≤ i ≤ N/);
    expect(() => parseShardSpec('3/20', 10)).toThrow(/more shards than trajectories; allowed N ≤ trajectories \(10\)/);
  });
});

describe('shards merged', () => {
  const gpu = useGpu();
  const base: EscapeParameters = { gamma: 0.9, Q0: 3, barrierOverKT: 3, trajectories: 3001, maxTime: 300, seed: 2024, pageSize: 700 };
  const config = validateEscapeParameters(base);

  async function runShard(index: number, count: number, parameters = base): Promise<RunState> {
    const c = validateEscapeParameters(parameters);
    const shard = { index, count };
    const state = newRunState(c, { slice: shardSlice(c.trajectories, shard), shard });
    await runEscapeEnsemble(gpu.device, c, {
      ranges: [state.slice],
      onPage: (p) => recordPage(state, { first: p.firstTrajectory, count: p.count }, p.statistics),
    });
    return state;
  }
  const files = (states: RunState[], names = states.map((s) => `shard-${s.shard!.index}.json`)): RunFile[] => states.map((state, i) => ({ name: names[i]!, state }));

  it('1/4 … 4/4 merged are bit-identical to the single run, in any order', async () => {
    const single = (await runEscapeEnsemble(gpu.device, config)).statistics;
    const shards: RunState[] = [];
    for (let i = 1; i <= 4; i++) shards.push(await runShard(i, 4));
    for (const order of [[0, 1, 2, 3], [3, 1, 0, 2]]) {
      const [merged] = mergeRunFiles(files(order.map((i) => shards[i]!)));
      const s = (merged!.state as EscapeRunState).statistics;
      expect(s.trajectories).toBe(3001);
      expect(s.escaped).toBe(single.escaped);
      expect(s.exposureSteps).toBe(single.exposureSteps);
      expect(s.survivalCounts).toEqual(single.survivalCounts);
      expect(merged!.files).toEqual(['shard-1.json', 'shard-2.json', 'shard-3.json', 'shard-4.json']);
    }
    // Shards of different N tile the ensemble just as well: 1/2 with 3/4 and 4/4.
    const half = await runShard(1, 2);
    const [mixed] = mergeRunFiles(files([half, shards[2]!, shards[3]!], ['half.json', 'shard-3.json', 'shard-4.json']));
    expect((mixed!.state as EscapeRunState).statistics.exposureSteps).toBe(single.exposureSteps);
  });

  it('refuses overlapping, missing, mismatched and unfinished shards, naming the files', async () => {
    const s: RunState[] = [];
    for (let i = 1; i <= 4; i++) s.push(await runShard(i, 4));
    const refuse = (fs: RunFile[]) => {
      try {
        mergeRunFiles(fs);
      } catch (err) {
        expect(err).toBeInstanceOf(RunStateError);
        return (err as Error).message;
      }
      throw new Error('merge did not refuse');
    };
    // Missing
    expect(refuse(files([s[0]!, s[1]!, s[3]!]))).toMatch(/trajectories \[1500, 2250\) of 3001 are missing: no file given covers them \(shard 3\/4 missing\?\); files given: shard-1\.json, shard-2\.json, shard-4\.json/);
    // Overlapping: a 1/2 shard with 1/4 and 2/4
    const half = await runShard(1, 2);
    expect(refuse(files([s[0]!, s[1]!, half, s[2]!, s[3]!], ['a.json', 'b.json', 'half.json', 'c.json', 'd.json']))).toMatch(/a\.json and half\.json overlap: both hold trajectories \[0, 750\) \(shard 1\/4, slice \[0, 750\); shard 1\/2, slice \[0, 1500\)\); merging them would count those trajectories twice/);
    expect(refuse(files([s[0]!, s[0]!, s[1]!, s[2]!, s[3]!]))).toMatch(/shard-1\.json is given more than once/);
    // Mismatched seed, and mismatched physics
    const otherSeed = await runShard(3, 4, { ...base, seed: 2025 });
    expect(refuse(files([s[0]!, s[1]!, otherSeed, s[3]!], ['s1.json', 's2.json', 'seed2025.json', 's4.json']))).toMatch(
      /s1\.json and seed2025\.json are from different runs: seed is 2024 in s1\.json but 2025 in seed2025\.json/,
    );
    const otherGamma = newRunState(validateEscapeParameters({ ...base, gamma: 0.8 }), { slice: shardSlice(3001, { index: 4, count: 4 }), shard: { index: 4, count: 4 } });
    expect(refuse(files([s[0]!, s[1]!, s[2]!, otherGamma], ['s1.json', 's2.json', 's3.json', 'g08.json']))).toMatch(/gamma is 0\.9 in s1\.json but 0\.8 in g08\.json/);
    // Unfinished
    const unfinished = newRunState(config, { slice: shardSlice(3001, { index: 2, count: 4 }), shard: { index: 2, count: 4 } });
    expect(refuse(files([s[0]!, unfinished, s[2]!, s[3]!], ['s1.json', 'run2.json', 's3.json', 's4.json']))).toMatch(
      /run2\.json is unfinished \(shard 2\/4, 0 of the 750 trajectories of its slice are done\): finish it first with: washboard resume run2\.json/,
    );
  });

  it('merges sweep grid points separately, and refuses to mix a point with a plain run', () => {
    // Statistics are synthetic here: merging is pure arithmetic on the files.
    const fake = (gamma: number, point: number, shard: number) => {
      const c = validateEscapeParameters({ ...base, gamma, trajectories: 10 });
      const st = newRunState(c, { slice: shardSlice(10, { index: shard, count: 2 }), shard: { index: shard, count: 2 }, point: { index: point, count: 2 } });
      const e = { ...st.statistics, trajectories: 5, escaped: 1, exposureSteps: 4n * BigInt(c.maxSteps) + 7n, survivalCounts: st.statistics.survivalCounts.map((_, i) => (i === 0 ? 1 : 0)) };
      recordPage(st, st.slice, e);
      return st;
    };
    const merged = mergeRunFiles([
      { name: 'p1s2', state: fake(0.8, 1, 2) },
      { name: 'p0s1', state: fake(0.9, 0, 1) },
      { name: 'p1s1', state: fake(0.8, 1, 1) },
      { name: 'p0s2', state: fake(0.9, 0, 2) },
    ]);
    expect(merged.map((m) => [m.point!.index, (m.state as EscapeRunState).parameters.gamma, m.state.statistics.trajectories, m.files])).toEqual([
      [0, 0.9, 10, ['p0s1', 'p0s2']],
      [1, 0.8, 10, ['p1s1', 'p1s2']],
    ]);
    const plain = newRunState(validateEscapeParameters({ ...base, gamma: 0.9, trajectories: 10 }));
    expect(() => mergeRunFiles([{ name: 'p0s1', state: fake(0.9, 0, 1) }, { name: 'p0s2', state: fake(0.9, 0, 2) }, { name: 'plain', state: plain }])).toThrow(
      /p0s1 belongs to a sweep \(grid point 1 of 2\) but plain does not/,
    );
  });
});
