import { describe, expect, it } from 'vitest';
import { normalsFromBits, openUnitInterval, philox4x32_10, RNG_NAMES, type Block } from '../../src/engine/philox.js';
import { generatorMismatches, normalsAgainstCpu, normalTolerance, philoxKnownAnswersOnDevice, PHILOX_KAT as KAT } from '../../src/engine/rng-checks.js';
import { validateHarmonicParameters } from '../../src/models/harmonic/config.js';
import { harmonicTrajectoryCpu } from '../../src/models/harmonic/cpu-reference.js';
import { runHarmonicEnsemble } from '../../src/models/harmonic/model.js';
import { philox } from '../../src/engine/wgsl.generated.js';
import { runHarnessKernel, useGpu } from '../support/gpu.js';

const hex = (w: ArrayLike<number>) => Array.from(w, (x) => (x >>> 0).toString(16).padStart(8, '0'));

describe('Philox4x32-10', () => {
  const gpu = useGpu();

  it('CPU implementation reproduces the Random123 known-answer vectors', () => {
    for (const v of KAT) expect(hex(philox4x32_10(v.counter, v.key))).toEqual(hex(v.expected));
  });

  it('WGSL implementation reproduces the Random123 known-answer vectors', async () => {
    const blocks = await philoxKnownAnswersOnDevice(gpu.device);
    KAT.forEach((v, i) => expect(hex(blocks[i]!)).toEqual(hex(v.expected)));
  });

  it('WGSL and CPU agree on 2^16 blocks of (counter, key) bit for bit', async () => {
    expect((await generatorMismatches(gpu.device, 1 << 16)).philox).toBe(0);
  });
});

describe('uniforms from random bits (the Box–Muller input)', () => {
  const gpu = useGpu();

  it('are exact, centred and never 0 or 1: all 2^23 cells, bit for bit the same on the GPU and the CPU', async () => {
    // Word k·2⁹ + low bits, the low 9 bits (discarded) all ones for odd k and zero for even k.
    const n = 1 << 23;
    const code = `${philox}
@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(256) fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  out[g.x] = open_unit_interval((g.x << 9u) | select(0u, 0x1FFu, (g.x & 1u) == 1u));
}`;
    const gpuU = new Float32Array((await runHarnessKernel(gpu.device, code, n, n / 256)).buffer);
    let mismatches = 0, inexact = 0, asymmetric = 0, outside = 0;
    for (let k = 0; k < n; k++) {
      // The cell's centre, (2k + 1)/2²⁴, formed from integers: the value both sides must give.
      const centre = (2 * k + 1) / 2 ** 24;
      const cpu = openUnitInterval(((k << 9) | (k & 1 ? 0x1ff : 0)) >>> 0);
      if (cpu !== centre || gpuU[k] !== centre) mismatches++;
      if (Math.fround(cpu) !== cpu) inexact++;
      if (gpuU[k]! + gpuU[n - 1 - k]! !== 1) asymmetric++;
      if (!(gpuU[k]! > 0 && gpuU[k]! < 1)) outside++;
    }
    expect({ mismatches, inexact, asymmetric, outside }).toEqual({ mismatches: 0, inexact: 0, asymmetric: 0, outside: 0 });
    expect(openUnitInterval(0)).toBe(2 ** -24);
    expect(openUnitInterval(0xffffffff)).toBe(1 - 2 ** -24);
    expect(gpuU[0]).toBe(2 ** -24);
    expect(gpuU[n - 1]).toBe(1 - 2 ** -24);
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

  it('match the CPU mapping of the same bits within the ulp bound of each value', async () => {
    const { worst, worstAwayFromZero, worstRatio } = await normalsAgainstCpu(gpu.device, 4096);
    console.log(`GPU − CPU normals: worst ${worst.toExponential(2)}, ${worstAwayFromZero.toExponential(2)} where r > 0.1; worst error/bound ${worstRatio.toFixed(3)}`);
    expect(worstRatio).toBeLessThanOrEqual(1);
  });

  it('at the edge bit patterns 0 and 0xFFFFFFFF (and the middle) are finite, within |z| ≤ 5.77 and the CPU ulp bound', async () => {
    const patterns = [0, 0xffffffff, 0x7fffffff, 0x80000000, 0x000001ff, 0xfffffe00];
    const blocks: Block[] = [];
    for (const p of patterns) for (const q of patterns) blocks.push([p, q, q, p]);
    const u = (x: number) => `${x >>> 0}u`;
    const edgeCode = `${philox}
@group(0) @binding(0) var<storage, read_write> out: array<vec4<f32>>;
@compute @workgroup_size(${blocks.length}) fn main(@builtin(local_invocation_index) i: u32) {
  var blocks = array<vec4<u32>, ${blocks.length}>(${blocks.map((b) => `vec4<u32>(${b.map(u).join(', ')})`).join(', ')});
  out[i] = normals_from_bits(blocks[i]);
}`;
    const z = new Float32Array((await runHarnessKernel(gpu.device, edgeCode, 4 * blocks.length, 1)).buffer);
    const zMax = Math.sqrt(-2 * Math.log(2 ** -24));
    blocks.forEach((bits, i) => {
      const cpu = normalsFromBits(bits);
      for (let k = 0; k < 4; k++) {
        const pair = k < 2 ? 0 : 2;
        const g = z[4 * i + k]!;
        expect(Number.isFinite(g)).toBe(true);
        expect(Math.abs(g)).toBeLessThanOrEqual(Math.fround(zMax) + 1e-6);
        expect(Math.abs(cpu[k]!)).toBeLessThanOrEqual(zMax);
        expect(Math.abs(g - cpu[k]!), `block ${i} ${bits.map((w) => w.toString(16))} normal ${k}`).toBeLessThanOrEqual(normalTolerance(bits[pair]!, bits[pair + 1]!));
      }
    });
    // All-ones radius word: u = 1 − 2⁻²⁴, not 1, so the radius is small but not zero on both sides
    // (the old 24-bit mapping rounded u to 1 in f32, giving r = 0 on the GPU and 2.4·10⁻⁴ on the CPU).
    const ones = blocks.findIndex((b) => b[0] === 0xffffffff && b[1] === 0);
    expect(Math.hypot(z[4 * ones]!, z[4 * ones + 1]!)).toBeGreaterThan(1e-4);
  });
});

describe('seeds ≥ 2^32 (the seed_hi counter word)', () => {
  const gpu = useGpu();
  // Low word 12345 in each: only the high word (Philox/Threefry counter word 2) tells them apart.
  const seeds = [12345, 2 ** 32 + 12345, 2 ** 52 + 7 * 2 ** 32 + 12345];
  const base = { kappa: 1, Q0: 2, theta: 0.5, dt: 0.1, time: 3, trajectories: 128, initialPositionSd: 0.3, initialVelocitySd: 0.2, keepFinalStates: true };

  for (const rng of RNG_NAMES) {
    it(`reach the GPU as on the CPU mirror, and change the stream (${rng})`, async () => {
      const finals: Float64Array[] = [];
      for (const seed of seeds) {
        const config = { ...validateHarmonicParameters({ ...base, seed }), rng };
        const { statistics } = await runHarmonicEnsemble(gpu.device, config);
        let worst = 0;
        for (let i = 0; i < base.trajectories; i++) {
          const cpu = harmonicTrajectoryCpu(config, i);
          worst = Math.max(worst, Math.abs(statistics.finalStates!.position[i]! - cpu.position), Math.abs(statistics.finalStates!.velocity[i]! - cpu.velocity));
        }
        // As in test/models/harmonic.test.ts: 30 steps of a contracting linear map, f32 rounding
        // ≈ 1e-6; a wrong high word would give unrelated noise (differences of order 1).
        expect(worst, `seed ${seed}`).toBeLessThan(1e-5);
        finals.push(statistics.finalStates!.position);
      }
      // The high word changes every trajectory's noise.
      for (let s = 1; s < seeds.length; s++) {
        let same = 0;
        for (let i = 0; i < base.trajectories; i++) if (Math.abs(finals[s]![i]! - finals[0]![i]!) < 1e-3) same++;
        expect(same, `seed ${seeds[s]}`).toBeLessThan(base.trajectories / 20);
      }
    });
  }
});
