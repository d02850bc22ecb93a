import { describe, expect, it } from 'vitest';
import type { Block } from '../../src/engine/philox.js';
import { threefry4x32, type ThreefryKey } from '../../src/engine/threefry.js';
import { threefry } from '../../src/engine/wgsl.generated.js';
import { runHarnessKernel, useGpu } from '../support/gpu.js';

// Known-answer vectors of Threefry4x32 published with Random123 1.09 (D. E. Shaw Research),
// examples/kat_vectors, rows "threefry4x32 13", "threefry4x32 20" and "threefry4x32 72":
// counter and key all zero, all ones, and the hex digits of π.
const PI_COUNTER: Block = [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344];
const PI_KEY: ThreefryKey = [0xa4093822, 0x299f31d0, 0x082efa98, 0xec4e6c89];
const ONES = 0xffffffff;
const KAT: { rounds: number; counter: Block; key: ThreefryKey; expected: Block }[] = [
  { rounds: 13, counter: [0, 0, 0, 0], key: [0, 0, 0, 0], expected: [0x531c7e4f, 0x39491ee5, 0x2c855a92, 0x3d6abf9a] },
  { rounds: 13, counter: [ONES, ONES, ONES, ONES], key: [ONES, ONES, ONES, ONES], expected: [0xc4189358, 0x1c9cc83a, 0xd5881c67, 0x6a0a89e0] },
  { rounds: 13, counter: PI_COUNTER, key: PI_KEY, expected: [0x4aa71d8f, 0x734738c2, 0x431fc6a8, 0xae6debf1] },
  { rounds: 20, counter: [0, 0, 0, 0], key: [0, 0, 0, 0], expected: [0x9c6ca96a, 0xe17eae66, 0xfc10ecd4, 0x5256a7d8] },
  { rounds: 20, counter: [ONES, ONES, ONES, ONES], key: [ONES, ONES, ONES, ONES], expected: [0x2a881696, 0x57012287, 0xf6c7446e, 0xa16a6732] },
  { rounds: 20, counter: PI_COUNTER, key: PI_KEY, expected: [0x59cd1dbb, 0xb8879579, 0x86b5d00c, 0xac8b6d84] },
  { rounds: 72, counter: [0, 0, 0, 0], key: [0, 0, 0, 0], expected: [0x93171da6, 0x9220326d, 0xb392b7b1, 0xff58a002] },
  { rounds: 72, counter: [ONES, ONES, ONES, ONES], key: [ONES, ONES, ONES, ONES], expected: [0x60743f3d, 0x9961e684, 0xaab21c34, 0x8c65fb7d] },
  { rounds: 72, counter: PI_COUNTER, key: PI_KEY, expected: [0x09930adf, 0x7f27bd55, 0x9ed68ce1, 0x97f803f6] },
];

const hex = (w: ArrayLike<number>) => Array.from(w, (x) => (x >>> 0).toString(16).padStart(8, '0'));
const u = (x: number) => `${x >>> 0}u`;

describe('Threefry4x32', () => {
  const gpu = useGpu();

  it('CPU implementation reproduces the Random123 known-answer vectors (13, 20 and 72 rounds)', () => {
    for (const v of KAT) expect(hex(threefry4x32(v.counter, v.key, v.rounds)), `${v.rounds} rounds`).toEqual(hex(v.expected));
  });

  it('WGSL implementation reproduces the Random123 known-answer vectors', async () => {
    const cases = KAT.map(
      (v, i) => `  if (i == ${i}u) { out[i] = threefry4x32(vec4<u32>(${v.counter.map(u).join(', ')}), vec4<u32>(${v.key.map(u).join(', ')}), ${v.rounds}u); }`,
    );
    const code = `${threefry}
@group(0) @binding(0) var<storage, read_write> out: array<vec4<u32>>;
@compute @workgroup_size(${KAT.length}) fn main(@builtin(local_invocation_index) i: u32) {
${cases.join('\n')}
}`;
    const words = await runHarnessKernel(gpu.device, code, 4 * KAT.length, 1);
    KAT.forEach((v, i) => expect(hex(words.subarray(4 * i, 4 * i + 4)), `${v.rounds} rounds`).toEqual(hex(v.expected)));
  });

  it('the unrolled WGSL generators (threefry4x32_13, threefry4x32_20) reproduce their known-answer vectors', async () => {
    const kat = KAT.filter((v) => v.rounds !== 72);
    const cases = kat.map(
      (v, i) => `  if (i == ${i}u) { out[i] = threefry4x32_${v.rounds}(vec4<u32>(${v.counter.map(u).join(', ')}), vec4<u32>(${v.key.map(u).join(', ')})); }`,
    );
    const code = `${threefry}
@group(0) @binding(0) var<storage, read_write> out: array<vec4<u32>>;
@compute @workgroup_size(${kat.length}) fn main(@builtin(local_invocation_index) i: u32) {
${cases.join('\n')}
}`;
    const words = await runHarnessKernel(gpu.device, code, 4 * kat.length, 1);
    kat.forEach((v, i) => expect(hex(words.subarray(4 * i, 4 * i + 4)), `${v.rounds} rounds`).toEqual(hex(v.expected)));
  });

  it('WGSL (loop and unrolled) and CPU agree on 2^16 blocks of (counter, key) bit for bit, at 20 and 13 rounds', async () => {
    const n = 1 << 16;
    for (const rounds of [20, 13]) {
      const code = `${threefry}
@group(0) @binding(0) var<storage, read_write> out: array<vec4<u32>>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  let c = vec4<u32>(g.x * 2654435761u, 7u, g.x, 0xdeadbeefu);
  let k = vec4<u32>(g.x ^ 0x5bd1e995u, 12345u, 0u, 0u);
  out[2u * g.x] = threefry4x32(c, k, ${rounds}u);
  out[2u * g.x + 1u] = threefry4x32_${rounds}(c, k);
}`;
      const all = await runHarnessKernel(gpu.device, code, 8 * n, n / 64);
      // Even blocks from the loop, odd from the unrolled generator: both must equal the CPU's.
      const words = new Uint32Array(4 * n);
      const unrolled = new Uint32Array(4 * n);
      for (let i = 0; i < n; i++) {
        words.set(all.subarray(8 * i, 8 * i + 4), 4 * i);
        unrolled.set(all.subarray(8 * i + 4, 8 * i + 8), 4 * i);
      }
      expect(unrolled).toEqual(words);
      let mismatches = 0;
      for (let i = 0; i < n; i++) {
        const c = threefry4x32([Math.imul(i, 2654435761) >>> 0, 7, i, 0xdeadbeef], [(i ^ 0x5bd1e995) >>> 0, 12345, 0, 0], rounds);
        for (let w = 0; w < 4; w++) if (c[w] !== words[4 * i + w]) mismatches++;
      }
      expect(mismatches, `${rounds} rounds`).toBe(0);
    }
  });
});
