import { describe, expect, it } from 'vitest';
import { defineUniforms, type UniformLayout } from '../../src/engine/uniforms.js';
import { modelUniforms, RUN_PARAMS } from '../../src/engine/programs.js';
import { rateModel } from '../../src/models/rate/model.js';
import { switchingModel } from '../../src/models/switching/model.js';
import { harmonicModel } from '../../src/models/harmonic/model.js';
import { useGpu } from '../support/gpu.js';

/**
 * One declaration gives both the WGSL struct and the host's byte packing. Checked two ways: offsets
 * against WGSL's alignment rules worked by hand (the spec's table: scalar 4, vec2 8, vec3 and vec4
 * 16; vec3 is 12 bytes long), and on the device, where a kernel generated from the declaration copies
 * every lane of every field back, so any disagreement between packing and struct shows as a wrong word.
 */
describe('uniforms declared once', () => {
  const gpu = useGpu();
  const mixed = defineUniforms('Mixed', [
    { name: 'a', type: 'f32' },
    { name: 'b', type: 'vec3<f32>' },
    { name: 'c', type: 'u32' },
    { name: 'd', type: 'vec2<i32>' },
    { name: 'e', type: 'i32' },
    { name: 'f', type: 'vec4<u32>' },
    { name: 'g', type: 'f32' },
  ]);

  it('places fields by the WGSL alignment rules', () => {
    // a at 0; b aligns to 16; c fills b's last 4 bytes (28); d aligns to 8 (32); e at 40; f aligns
    // to 16 (48); g at 64; the size rounds 68 up to the largest alignment, 16.
    expect(mixed.offsets).toEqual({ a: 0, b: 16, c: 28, d: 32, e: 40, f: 48, g: 64 });
    expect(mixed.size).toBe(80);
    expect(mixed.wgsl).toContain('b: vec3<f32>,');
  });

  it('rejects a missing, unknown or mis-sized value', () => {
    const ok = { a: 1, b: [1, 2, 3], c: 1, d: [1, 2], e: -1, f: [1, 2, 3, 4], g: 0 };
    expect(() => mixed.pack({ ...ok, b: [1, 2] })).toThrow(/3 values/);
    expect(() => mixed.pack({ ...ok, h: 1 })).toThrow(/no field h/);
    const { g: _g, ...missing } = ok;
    expect(() => mixed.pack(missing)).toThrow(/g has no value/);
  });

  /** Packs distinct values into `layout`, lets a generated kernel copy every lane back as raw bits. */
  async function roundTrip(layout: UniformLayout) {
    const lanes = layout.fields.flatMap((f) => {
      const n = /^vec(\d)/.exec(f.type) ? Number(/^vec(\d)/.exec(f.type)![1]) : 1;
      return Array.from({ length: n }, (_, j) => ({ field: f, lane: j, n }));
    });
    const values: Record<string, number | number[]> = {};
    const expected: number[] = [];
    const view = new DataView(new ArrayBuffer(4));
    layout.fields.forEach((f, i) => {
      const own = lanes.filter((l) => l.field === f);
      const xs = own.map((l) => {
        // A value per lane that no other lane has, exactly representable in its type.
        const k = 10 * i + l.lane + 1;
        return f.type.includes('f32') ? k + 0.25 : f.type.includes('i32') ? -k : 1000 + k;
      });
      values[f.name] = own.length === 1 ? xs[0]! : xs;
      xs.forEach((x) => {
        if (f.type.includes('f32')) view.setFloat32(0, x, true);
        else if (f.type.includes('i32')) view.setInt32(0, x, true);
        else view.setUint32(0, x, true);
        expected.push(view.getUint32(0, true));
      });
    });
    const code = [
      layout.wgsl,
      '@group(0) @binding(0) var<uniform> u: ' + layout.structName + ';',
      '@group(0) @binding(1) var<storage, read_write> out: array<u32>;',
      '@compute @workgroup_size(1) fn main() {',
      ...lanes.map((l, k) => `  out[${k}] = bitcast<u32>(u.${l.field.name}${l.n > 1 ? `[${l.lane}]` : ''});`),
      '}',
    ].join('\n');
    const device = gpu.device;
    const pipeline = await device.createComputePipelineAsync({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
    const uniform = device.createBuffer({ size: layout.bufferSize, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(uniform, 0, layout.pack(values));
    const bytes = 4 * lanes.length;
    const out = device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const staging = device.createBuffer({ size: bytes, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: uniform } }, { binding: 1, resource: { buffer: out } }] }));
    pass.dispatchWorkgroups(1);
    pass.end();
    encoder.copyBufferToBuffer(out, 0, staging, 0, bytes);
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const words = Array.from(new Uint32Array(staging.getMappedRange().slice(0)));
    for (const b of [uniform, out, staging]) b.destroy();
    return { words, expected };
  }

  it('the device reads back every lane of a mixed struct as packed', async () => {
    const { words, expected } = await roundTrip(mixed);
    expect(words).toEqual(expected);
  });

  it("every layout the engine uses (RunParams, each model's ModelParams and ReduceParams) reads back as packed", async () => {
    const layouts = [RUN_PARAMS, ...[rateModel, switchingModel, harmonicModel].flatMap((m) => [modelUniforms(m.kernel).parameters, modelUniforms(m.kernel).reduce])];
    for (const layout of layouts) {
      const { words, expected } = await roundTrip(layout);
      expect(words).toEqual(expected);
    }
  });
});
