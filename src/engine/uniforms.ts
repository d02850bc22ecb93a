/**
 * Uniform blocks declared once: the same declaration writes the WGSL struct and packs the bytes,
 * so a host layout can never drift from its shader (the idea of TensorFlow.js's makeUniforms).
 * Offsets follow WGSL's alignment rules (WGSL §"Alignment and Size"): a scalar aligns to 4, vec2
 * to 8, vec3 and vec4 to 16 (vec3 is 12 bytes long, so a scalar may follow it in its last 4), and
 * the struct's size is its end rounded up to its largest alignment. Only scalars and vectors of
 * 32-bit types: a nested struct would be padded to 16 bytes in the uniform address space.
 */

export type ScalarType = 'f32' | 'i32' | 'u32';
export type UniformType = ScalarType | `vec${2 | 3 | 4}<${ScalarType}>`;

export interface UniformField {
  readonly name: string;
  readonly type: UniformType;
  /** A comment written above the field in the WGSL struct. */
  readonly doc?: string;
}

export type UniformValues = Record<string, number | readonly number[]>;

export interface UniformLayout {
  readonly structName: string;
  readonly fields: readonly UniformField[];
  /** Byte offset of each field. */
  readonly offsets: Readonly<Record<string, number>>;
  /** The struct's size in bytes (its end rounded up to its alignment). */
  readonly size: number;
  /** Bytes to allocate for a uniform buffer holding it: size rounded up to 16. */
  readonly bufferSize: number;
  /** The WGSL declaration. */
  readonly wgsl: string;
  /** Packs `values` (every field, nothing else) little-endian into `into` (a fresh buffer by default). */
  pack(values: UniformValues, into?: DataView): ArrayBuffer;
}

function shape(type: UniformType): { scalar: ScalarType; lanes: number; align: number } {
  const m = /^vec([234])<(f32|i32|u32)>$/.exec(type);
  if (!m) return { scalar: type as ScalarType, lanes: 1, align: 4 };
  const lanes = Number(m[1]);
  return { scalar: m[2] as ScalarType, lanes, align: lanes === 2 ? 8 : 16 };
}

const roundUp = (n: number, to: number) => Math.ceil(n / to) * to;

export function defineUniforms(structName: string, fields: readonly UniformField[]): UniformLayout {
  const offsets: Record<string, number> = {};
  let end = 0;
  let align = 4;
  for (const f of fields) {
    if (f.name in offsets) throw new Error(`uniform ${structName}.${f.name} declared twice`);
    const s = shape(f.type);
    const offset = roundUp(end, s.align);
    offsets[f.name] = offset;
    end = offset + 4 * s.lanes;
    align = Math.max(align, s.align);
  }
  const size = roundUp(end, align);
  const wgsl = [
    `struct ${structName} {`,
    ...fields.flatMap((f) => [...(f.doc ? f.doc.split('\n').map((line) => `  // ${line}`) : []), `  ${f.name}: ${f.type},`]),
    '}',
  ].join('\n');
  return {
    structName,
    fields,
    offsets,
    size,
    bufferSize: roundUp(Math.max(size, 16), 16),
    wgsl,
    pack(values, into) {
      const view = into ?? new DataView(new ArrayBuffer(roundUp(Math.max(size, 16), 16)));
      const known = new Set(fields.map((f) => f.name));
      for (const name of Object.keys(values)) if (!known.has(name)) throw new Error(`${structName} has no field ${name}`);
      for (const f of fields) {
        const v = values[f.name];
        if (v === undefined) throw new Error(`${structName}.${f.name} has no value`);
        const s = shape(f.type);
        const lanes = typeof v === 'number' ? [v] : v;
        if (lanes.length !== s.lanes) throw new Error(`${structName}.${f.name} is a ${f.type}: ${s.lanes} values, not ${lanes.length}`);
        lanes.forEach((x, i) => {
          const at = offsets[f.name]! + 4 * i;
          if (s.scalar === 'f32') view.setFloat32(at, x, true);
          else if (s.scalar === 'i32') view.setInt32(at, x, true);
          else view.setUint32(at, x >>> 0, true);
        });
      }
      return view.buffer as ArrayBuffer;
    },
  };
}
