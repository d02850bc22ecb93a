import { describe, expect, it } from 'vitest';
import { threefry4x32 } from '../../src/engine/threefry.js';
import { generatorMismatches, knownAnswerMismatches, threefryKnownAnswersOnDevice, THREEFRY_KAT as KAT } from '../../src/engine/rng-checks.js';
import { useGpu } from '../support/gpu.js';

const hex = (w: ArrayLike<number>) => Array.from(w, (x) => (x >>> 0).toString(16).padStart(8, '0'));

describe('Threefry4x32', () => {
  const gpu = useGpu();

  it('CPU implementation reproduces the Random123 known-answer vectors (13, 20 and 72 rounds)', () => {
    for (const v of KAT) expect(hex(threefry4x32(v.counter, v.key, v.rounds)), `${v.rounds} rounds`).toEqual(hex(v.expected));
  });

  it('WGSL implementation reproduces the Random123 known-answer vectors', async () => {
    const { loop } = await threefryKnownAnswersOnDevice(gpu.device);
    KAT.forEach((v, i) => expect(hex(loop[i]!), `${v.rounds} rounds`).toEqual(hex(v.expected)));
  });

  it('the unrolled WGSL generators (threefry4x32_13, threefry4x32_20) reproduce their known-answer vectors', async () => {
    const { unrolled } = await threefryKnownAnswersOnDevice(gpu.device);
    KAT.forEach((v, i) => {
      if (v.rounds !== 72) expect(hex(unrolled[i]!), `${v.rounds} rounds`).toEqual(hex(v.expected));
    });
    expect(knownAnswerMismatches(KAT, unrolled)).toBe(0);
  });

  it('WGSL (loop and unrolled) and CPU agree on 2^16 blocks of (counter, key) bit for bit, at 20 and 13 rounds', async () => {
    const m = await generatorMismatches(gpu.device, 1 << 16);
    expect({ threefry20: m.threefry20, threefry13: m.threefry13 }).toEqual({ threefry20: 0, threefry13: 0 });
  });
});
