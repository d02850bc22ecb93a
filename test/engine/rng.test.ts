import { describe, expect, it } from 'vitest';
import { normalsFromBits, philox4x32_10, type Block } from '../../src/engine/philox.js';
import { philox } from '../../src/engine/wgsl.generated.js';
import { runHarnessKernel, useGpu } from '../support/gpu.js';

// Known-answer vectors of Philox4x32-10 published with Random123 (kat_vectors: philox4x32_10).
const KAT: { counter: Block; key: [number, number]; expected: Block }[] = [
  { counter: [0, 0, 0, 0], key: [0, 0], expected: [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8] },
  { counter: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], key: [0xffffffff, 0xffffffff], expected: [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd] },
  { counter: [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], key: [0xa4093822, 0x299f31d0], expected: [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1] },
];

const hex = (w: ArrayLike<number>) => Array.from(w, (x) => (x >>> 0).toString(16).padStart(8, '0'));

describe('Philox4x32-10', () => {
  const gpu = useGpu();

  it('CPU implementation reproduces the Random123 known-answer vectors', () => {
    for (const v of KAT) expect(hex(philox4x32_10(v.counter, v.key))).toEqual(hex(v.expected));
  });

  it('WGSL implementation reproduces the Random123 known-answer vectors', async () => {
    const u = (x: number) => `${x >>> 0}u`;
    const cases = KAT.map((v, i) => `  if (i == ${i}u) { out[i] = philox4x32_10(vec4<u32>(${v.counter.map(u).join(', ')}), vec2<u32>(${v.key.map(u).join(', ')})); }`);
    const code = `${philox}
@group(0) @binding(0) var<storage, read_write> out: array<vec4<u32>>;
@compute @workgroup_size(${KAT.length}) fn main(@builtin(local_invocation_index) i: u32) {
${cases.join('\n')}
}`;
    const words = await runHarnessKernel(gpu.device, code, 4 * KAT.length, 1);
    KAT.forEach((v, i) => expect(hex(words.subarray(4 * i, 4 * i + 4))).toEqual(hex(v.expected)));
  });

  it('WGSL and CPU agree on 2^16 blocks of (counter, key) bit for bit', async () => {
    const n = 1 << 16;
    const code = `${philox}
@group(0) @binding(0) var<storage, read_write> out: array<vec4<u32>>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  out[g.x] = philox4x32_10(vec4<u32>(g.x * 2654435761u, 7u, g.x, 0xdeadbeefu), vec2<u32>(g.x ^ 0x5bd1e995u, 12345u));
}`;
    const words = await runHarnessKernel(gpu.device, code, 4 * n, n / 64);
    let mismatches = 0;
    for (let i = 0; i < n; i++) {
      const cpu = philox4x32_10([Math.imul(i, 2654435761) >>> 0, 7, i, 0xdeadbeef], [(i ^ 0x5bd1e995) >>> 0, 12345]);
      for (let k = 0; k < 4; k++) if (cpu[k] !== words[4 * i + k]) mismatches++;
    }
    expect(mismatches).toBe(0);
  });
});

describe('Box–Muller normals on the GPU', () => {
  const gpu = useGpu();
  // 2^20 normals from 2^18 Philox blocks, in f32 exactly as the integrator draws them.
  const blocks = 1 << 18;
  const code = `${philox}
@group(0) @binding(0) var<storage, read_write> out: array<vec4<f32>>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  out[g.x] = normals_from_bits(philox4x32_10(vec4<u32>(g.x, 0u, 0u, 0u), vec2<u32>(99u, 2024u)));
}`;

  it('have the moments and tail fraction of N(0, 1)', async () => {
    const words = await runHarnessKernel(gpu.device, code, 4 * blocks, blocks / 64);
    const z = new Float32Array(words.buffer);
    const n = z.length;
    let m1 = 0, m2 = 0, m3 = 0, m4 = 0, tail = 0;
    for (const x of z) {
      m1 += x; m2 += x * x; m3 += x * x * x; m4 += x * x * x * x;
      if (Math.abs(x) > 3) tail++;
    }
    m1 /= n; m2 /= n; m3 /= n; m4 /= n;
    // Each bound is 4.5 standard errors of the estimator (two-sided confidence 99.9993%):
    // se(mean) = 1/√n, se(⟨z²⟩) = √(2/n), se(⟨z³⟩) = √(15/n), se(⟨z⁴⟩) = √(96/n).
    const k = 4.5 / Math.sqrt(n);
    expect(Math.abs(m1)).toBeLessThan(k);
    expect(Math.abs(m2 - 1)).toBeLessThan(k * Math.sqrt(2));
    expect(Math.abs(m3)).toBeLessThan(k * Math.sqrt(15));
    expect(Math.abs(m4 - 3)).toBeLessThan(k * Math.sqrt(96));
    // P(|z| > 3) = erfc(3/√2) = 2.69980e-3; binomial standard error √(p(1−p)/n).
    const p = 2.6998e-3;
    expect(Math.abs(tail / n - p)).toBeLessThan(4.5 * Math.sqrt((p * (1 - p)) / n));
  });

  it('match the CPU mapping of the same bits to f32 rounding', async () => {
    const words = await runHarnessKernel(gpu.device, code, 4 * 4096, 64);
    const z = new Float32Array(words.buffer);
    let worst = 0;
    for (let i = 0; i < 4096; i++) {
      const cpu = normalsFromBits(philox4x32_10([i, 0, 0, 0], [99, 2024]));
      for (let k = 0; k < 4; k++) worst = Math.max(worst, Math.abs(cpu[k]! - z[4 * i + k]!));
    }
    // f32 log, sqrt and sin/cos with |z| ≤ 5.9: a few ulps of 5.9 (ulp = 4.8e-7) plus the f32
    // rounding of 2π·u. Observed error is far below this bound.
    expect(worst).toBeLessThan(1e-4);
  });
});
