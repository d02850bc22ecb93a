/**
 * Structures from plain data (a JSON file or the page's form): leads and layers given by material
 * name or by band edge and mass. Errors name the layer and the field.
 */
import { ParameterError } from '../parameters.js';
import { material } from './materials.js';
import type { Lead, Segment, Structure } from './structure.js';
import { validateStructure } from './structure.js';

export interface LeadSpec {
  material?: string;
  V?: number;
  mass?: number;
}

export interface LayerSpec extends LeadSpec {
  name?: string;
  thickness: number;
  /** Linear band edge from V0 (left) to V1 (right). */
  V0?: number;
  V1?: number;
  /** Tabulated band edge [[s, V], ...] with s from 0 to thickness, linearly interpolated. */
  points?: [number, number][];
}

export interface StructureSpec {
  left?: LeadSpec;
  right?: LeadSpec;
  layers: LayerSpec[];
}

function num(where: string, field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ParameterError(`${where} ${field}`, v, 'a finite number');
  return v;
}

function leadFrom(where: string, spec: LeadSpec | undefined, fallback: Lead): Lead {
  if (!spec) return fallback;
  const mat = spec.material !== undefined ? material(spec.material) : undefined;
  const V = spec.V !== undefined ? num(where, 'V', spec.V) : mat?.bandEdge;
  const mass = spec.mass !== undefined ? num(where, 'mass', spec.mass) : mat?.mass;
  if (V === undefined) throw new ParameterError(`${where} V`, 'missing', 'a band edge (eV) or a material');
  if (mass === undefined) throw new ParameterError(`${where} mass`, 'missing', 'an effective mass (m₀) or a material');
  return { V, mass };
}

export function structureFromSpec(spec: StructureSpec): Structure {
  if (!spec || !Array.isArray(spec.layers) || spec.layers.length === 0) throw new ParameterError('structure', 'no layers', 'at least one layer', 'empty structure');
  const families = new Set<string>();
  const note = (m?: string) => m !== undefined && families.add(material(m).family);
  note(spec.left?.material);
  note(spec.right?.material);
  const segments: Segment[] = spec.layers.map((l, i) => {
    const where = l.name ? `layer ${i + 1} (${l.name})` : `layer ${i + 1}`;
    note(l.material);
    const thickness = num(where, 'thickness', l.thickness);
    const base = leadFrom(where, l.V0 !== undefined || l.points ? { ...l, V: l.V ?? 0 } : l, { V: NaN, mass: NaN });
    const name = l.name;
    if (l.points) {
      const pts = l.points.map(([s, V], j) => [num(where, `points[${j}].s`, s), num(where, `points[${j}].V`, V)] as [number, number]);
      if (pts.length < 2) throw new ParameterError(`${where} points`, pts.length, 'at least 2 [s, V] pairs');
      for (let j = 1; j < pts.length; j++) if (!(pts[j]![0] > pts[j - 1]![0])) throw new ParameterError(`${where} points[${j}].s`, pts[j]![0], 'increasing positions');
      const V = (s: number) => {
        if (s <= pts[0]![0]) return pts[0]![1];
        for (let j = 1; j < pts.length; j++) if (s <= pts[j]![0]) return pts[j - 1]![1] + ((pts[j]![1] - pts[j - 1]![1]) * (s - pts[j - 1]![0])) / (pts[j]![0] - pts[j - 1]![0]);
        return pts[pts.length - 1]![1];
      };
      return { kind: 'smooth', thickness, V, mass: base.mass, name };
    }
    if (l.V0 !== undefined || l.V1 !== undefined) {
      return { kind: 'linear', thickness, V0: num(where, 'V0', l.V0), V1: num(where, 'V1', l.V1), mass: base.mass, name };
    }
    return { kind: 'constant', thickness, V: base.V, mass: base.mass, name };
  });
  if (families.size > 1) throw new ParameterError('materials', [...families].join(' + '), 'one family (GaAs-based or InP-based)', 'band edges of the two families are on different scales');
  const first = segments[0]!;
  const last = segments[segments.length - 1]!;
  // Without lead specs: flat leads at V = 0 with the mass of the adjacent layer.
  const edge = (s: Segment): Lead => ({ V: 0, mass: s.mass });
  const structure: Structure = {
    left: leadFrom('left lead', spec.left, spec.left ? { V: NaN, mass: NaN } : edge(first)),
    right: leadFrom('right lead', spec.right, spec.right ? { V: NaN, mass: NaN } : edge(last)),
    segments,
  };
  validateStructure(structure);
  return structure;
}
