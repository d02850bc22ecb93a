/**
 * The random-number generators checked on a device: the published known-answer vectors of
 * Philox4x32-10 and Threefry4x32 run through the WGSL, bit-for-bit agreement of the WGSL with the
 * CPU mirror over many blocks, and the Box–Muller normals against their f64 mapping within the ulp
 * bound of the f32 functions. test/engine/rng.test.ts and threefry.test.ts assert these; `washboard
 * selftest` runs them on whatever adapter is present (src/models/selftest.ts).
 */
import { normalsFromBits, openUnitInterval, philox4x32_10, type Block } from './philox.js';
import { threefry4x32, type ThreefryKey } from './threefry.js';
import { philox, threefry } from './wgsl.generated.js';

/** Runs a one-binding compute kernel (entry `main`, binding 0 its output) and returns its u32 output words. */
export async function runHarnessKernel(device: GPUDevice, code: string, outputWords: number, workgroups: number): Promise<Uint32Array> {
  const module = device.createShaderModule({ code });
  const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const output = device.createBuffer({ size: 4 * outputWords, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const staging = device.createBuffer({ size: 4 * outputWords, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: output } }] }));
  pass.dispatchWorkgroups(workgroups);
  pass.end();
  encoder.copyBufferToBuffer(output, 0, staging, 0, 4 * outputWords);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const words = new Uint32Array(staging.getMappedRange().slice(0));
  staging.destroy();
  output.destroy();
  return words;
}

// Known-answer vectors of Philox4x32-10 published with Random123 (kat_vectors: philox4x32_10).
export const PHILOX_KAT: readonly { counter: Block; key: [number, number]; expected: Block }[] = [
  { counter: [0, 0, 0, 0], key: [0, 0], expected: [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8] },
  { counter: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], key: [0xffffffff, 0xffffffff], expected: [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd] },
  { counter: [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], key: [0xa4093822, 0x299f31d0], expected: [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1] },
];

// Known-answer vectors of Threefry4x32 published with Random123 1.09 (D. E. Shaw Research),
// examples/kat_vectors, rows "threefry4x32 13", "threefry4x32 20" and "threefry4x32 72":
// counter and key all zero, all ones, and the hex digits of π.
const PI_COUNTER: Block = [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344];
const PI_KEY: ThreefryKey = [0xa4093822, 0x299f31d0, 0x082efa98, 0xec4e6c89];
const ONES = 0xffffffff;
export const THREEFRY_KAT: readonly { rounds: number; counter: Block; key: ThreefryKey; expected: Block }[] = [
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

const u = (x: number) => `${x >>> 0}u`;
const blocksOf = (words: Uint32Array): Block[] => Array.from({ length: words.length / 4 }, (_, i) => Array.from(words.subarray(4 * i, 4 * i + 4)) as Block);

/** The WGSL Philox4x32-10 on each KAT row's (counter, key): one block per row. */
export async function philoxKnownAnswersOnDevice(device: GPUDevice): Promise<Block[]> {
  const cases = PHILOX_KAT.map((v, i) => `  if (i == ${i}u) { out[i] = philox4x32_10(vec4<u32>(${v.counter.map(u).join(', ')}), vec2<u32>(${v.key.map(u).join(', ')})); }`);
  const code = `${philox}
@group(0) @binding(0) var<storage, read_write> out: array<vec4<u32>>;
@compute @workgroup_size(${PHILOX_KAT.length}) fn main(@builtin(local_invocation_index) i: u32) {
${cases.join('\n')}
}`;
  return blocksOf(await runHarnessKernel(device, code, 4 * PHILOX_KAT.length, 1));
}

/**
 * The WGSL Threefry4x32 on each KAT row: the loop version (`threefry4x32(c, k, rounds)`) for every
 * row, and the unrolled generators (`threefry4x32_13`, `threefry4x32_20`) for the 13- and 20-round rows
 * (null for the 72-round rows, which have no unrolled version).
 */
export async function threefryKnownAnswersOnDevice(device: GPUDevice): Promise<{ loop: Block[]; unrolled: (Block | null)[] }> {
  const call = (v: (typeof THREEFRY_KAT)[number], unrolled: boolean) =>
    unrolled
      ? `threefry4x32_${v.rounds}(vec4<u32>(${v.counter.map(u).join(', ')}), vec4<u32>(${v.key.map(u).join(', ')}))`
      : `threefry4x32(vec4<u32>(${v.counter.map(u).join(', ')}), vec4<u32>(${v.key.map(u).join(', ')}), ${v.rounds}u)`;
  const n = THREEFRY_KAT.length;
  const cases = THREEFRY_KAT.map((v, i) =>
    `  if (i == ${i}u) { out[i] = ${call(v, false)}; out[${n}u + i] = ${v.rounds === 72 ? 'vec4<u32>(0u)' : call(v, true)}; }`);
  const code = `${threefry}
@group(0) @binding(0) var<storage, read_write> out: array<vec4<u32>>;
@compute @workgroup_size(${n}) fn main(@builtin(local_invocation_index) i: u32) {
${cases.join('\n')}
}`;
  const blocks = blocksOf(await runHarnessKernel(device, code, 8 * n, 1));
  return { loop: blocks.slice(0, n), unrolled: blocks.slice(n).map((b, i) => (THREEFRY_KAT[i]!.rounds === 72 ? null : b)) };
}

/** Rows of a KAT whose device output differs from the published block. */
export function knownAnswerMismatches(expected: readonly { expected: Block }[], got: readonly (Block | null)[]): number {
  return got.reduce((n, b, i) => n + (b !== null && b.some((w, k) => w >>> 0 !== expected[i]!.expected[k]) ? 1 : 0), 0);
}

/**
 * Words that differ between the WGSL generator and the CPU mirror over `blocks` (a multiple of 64)
 * scrambled (counter, key) pairs: Philox, and Threefry at 20 and 13 rounds by both the loop and the
 * unrolled WGSL.
 */
export async function generatorMismatches(device: GPUDevice, blocks: number): Promise<{ philox: number; threefry20: number; threefry13: number }> {
  const counter = (i: number): Block => [Math.imul(i, 2654435761) >>> 0, 7, i, 0xdeadbeef];
  const key = (i: number): [number, number] => [(i ^ 0x5bd1e995) >>> 0, 12345];
  const philoxCode = `${philox}
@group(0) @binding(0) var<storage, read_write> out: array<vec4<u32>>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  out[g.x] = philox4x32_10(vec4<u32>(g.x * 2654435761u, 7u, g.x, 0xdeadbeefu), vec2<u32>(g.x ^ 0x5bd1e995u, 12345u));
}`;
  const words = await runHarnessKernel(device, philoxCode, 4 * blocks, blocks / 64);
  const result = { philox: 0, threefry20: 0, threefry13: 0 };
  for (let i = 0; i < blocks; i++) {
    const cpu = philox4x32_10(counter(i), key(i));
    for (let k = 0; k < 4; k++) if (cpu[k] !== words[4 * i + k]) result.philox++;
  }
  for (const rounds of [20, 13] as const) {
    const code = `${threefry}
@group(0) @binding(0) var<storage, read_write> out: array<vec4<u32>>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  let c = vec4<u32>(g.x * 2654435761u, 7u, g.x, 0xdeadbeefu);
  let k = vec4<u32>(g.x ^ 0x5bd1e995u, 12345u, 0u, 0u);
  out[2u * g.x] = threefry4x32(c, k, ${rounds}u);
  out[2u * g.x + 1u] = threefry4x32_${rounds}(c, k);
}`;
    // Even blocks from the loop, odd from the unrolled generator: both must equal the CPU's.
    const all = await runHarnessKernel(device, code, 8 * blocks, blocks / 64);
    for (let i = 0; i < blocks; i++) {
      const cpu = threefry4x32(counter(i), [...key(i), 0, 0], rounds);
      for (let k = 0; k < 4; k++) {
        if (cpu[k] !== all[8 * i + k]) result[`threefry${rounds}`]++;
        if (cpu[k] !== all[8 * i + 4 + k]) result[`threefry${rounds}`]++;
      }
    }
  }
  return result;
}

/**
 * The ulp bound of |z_GPU − z_CPU| for the normal r·cos(a) or r·sin(a) drawn from radius word `rw` and
 * angle word `aw`: u and u' are exact and identical on both sides (openUnitInterval), so only the f32
 * functions differ from the f64 ones. With r = √L, L = −2 ln u, a = 2π(u' − ½):
 * - ln u: WGSL's own accuracy for log: absolute 2⁻²¹ for u ∈ [0.5, 1), 3 ulp below (relative
 *   3·2⁻²³ of |ln u|); so |ΔL| ≤ 2·that. (Near u = 1 an absolute bound is all WGSL promises, and all
 *   lavapipe gives: ln(1 − 2⁻²⁴) comes out 73% off. Through r = √L it is a large relative error of a
 *   small radius: |Δr| ≤ |ΔL|/(√L + √(L − |ΔL|)), ≈ |ΔL|/2r, at most √|ΔL| = 9.8·10⁻⁴.)
 * - sqrt: 2 ulp, |Δr| += 2·2⁻²³·r.
 * - the angle: u' − ½ is exact; the f32 constant 2π is 1.7·10⁻⁷ high and the product is rounded,
 *   |Δa| ≤ ½·1.75·10⁻⁷ + ½ulp(π) = 2.1·10⁻⁷.
 * - sin, cos: taken as 2 ulp of 1 (2.4·10⁻⁷) absolute on (−π, π), as lavapipe and GPUs' native
 *   functions deliver. WGSL itself promises only 2⁻¹¹ there; a device at that limit fails this check,
 *   as it should (its normals are then 3·10⁻³ off at |z| = 5.8).
 * - the product r·t: ½ulp(z) ≤ 2⁻²⁴|z|.
 * |Δz| ≤ |Δr| + r(|Δa| + 2.4·10⁻⁷) + 2⁻²⁴|z|: 3.7·10⁻⁶ at r = 5.77, ~1.5·10⁻⁶ at r = 1 (the old
 * blanket 10⁻⁴ was 30–60× that) and wider only where r is small and log is only absolutely accurate.
 */
export function normalTolerance(rw: number, aw: number): number {
  const u = openUnitInterval(rw);
  const ln = Math.log(u);
  const r = Math.sqrt(-2 * ln);
  const dL = 2 * (u >= 0.5 ? 2 ** -21 : 3 * 2 ** -23 * Math.abs(ln));
  // |√(L + δ) − √L| = |δ|/(√(L + δ) + √L) ≤ |δ|/(√L + √max(0, L − |δ|)), ≈ |δ|/2r, and ≤ √|δ|.
  const dr = Math.min(dL / (r + Math.sqrt(Math.max(0, r * r - dL))), Math.sqrt(dL)) + 2 * 2 ** -23 * r;
  const a = 2 * Math.PI * (openUnitInterval(aw) - 0.5);
  const da = 0.5 * (Math.fround(2 * Math.PI) - 2 * Math.PI) + 0.5 * 2 ** -22;
  const z = r * Math.max(Math.abs(Math.cos(a)), Math.abs(Math.sin(a)));
  return dr + r * (da + 2 * 2 ** -23) + 2 ** -24 * z;
}

/** The Philox blocks the normals check draws: counter (i, 0, 0, 0), key (99, 2024). */
export const normalsCheckBits = (i: number): Block => philox4x32_10([i, 0, 0, 0], [99, 2024]);

/** The f32 normals the device maps from `blocks` blocks of normalsCheckBits (a multiple of 64), exactly as the integrator draws them. */
export async function normalsOnDevice(device: GPUDevice, blocks: number): Promise<Float32Array> {
  const code = `${philox}
@group(0) @binding(0) var<storage, read_write> out: array<vec4<f32>>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  out[g.x] = normals_from_bits(philox4x32_10(vec4<u32>(g.x, 0u, 0u, 0u), vec2<u32>(99u, 2024u)));
}`;
  return new Float32Array((await runHarnessKernel(device, code, 4 * blocks, blocks / 64)).buffer);
}

/** The device's normals against the f64 mapping of the same bits: the worst error and the worst error/ulp bound (≤ 1 passes). */
export async function normalsAgainstCpu(device: GPUDevice, blocks: number): Promise<{ worst: number; worstRatio: number; worstAwayFromZero: number }> {
  const z = await normalsOnDevice(device, blocks);
  let worstRatio = 0, worst = 0, worstAwayFromZero = 0;
  for (let i = 0; i < blocks; i++) {
    const bits = normalsCheckBits(i);
    const cpu = normalsFromBits(bits);
    for (let k = 0; k < 4; k++) {
      const error = Math.abs(cpu[k]! - z[4 * i + k]!);
      const pair = k < 2 ? 0 : 2;
      worstRatio = Math.max(worstRatio, error / normalTolerance(bits[pair]!, bits[pair + 1]!));
      worst = Math.max(worst, error);
      if (Math.sqrt(-2 * Math.log(openUnitInterval(bits[pair]!))) > 0.1) worstAwayFromZero = Math.max(worstAwayFromZero, error);
    }
  }
  return { worst, worstRatio, worstAwayFromZero };
}
