/**
 * One-dimensional effective-mass structures: two semi-infinite leads and a stack of segments
 * between them (x = 0 at the left edge of the first segment). A segment is constant (exact in the
 * transfer matrix), linear (a field, e.g. a bias) or an arbitrary smooth function; the last two
 * are sliced into constant steps whose width the caller controls and the solver reports.
 */
import { ParameterError } from '../parameters.js';

/** A semi-infinite lead: flat band edge V (eV) and effective mass (m₀). */
export interface Lead {
  V: number;
  mass: number;
}

export interface ConstantSegment {
  kind: 'constant';
  thickness: number;
  V: number;
  mass: number;
  name?: string;
}

/** Band edge going linearly from V0 at the segment's left edge to V1 at its right edge. */
export interface LinearSegment {
  kind: 'linear';
  thickness: number;
  V0: number;
  V1: number;
  mass: number;
  name?: string;
}

/** Band edge V(s) for s ∈ [0, thickness] measured from the segment's left edge. */
export interface SmoothSegment {
  kind: 'smooth';
  thickness: number;
  V: (s: number) => number;
  mass: number;
  name?: string;
}

export type Segment = ConstantSegment | LinearSegment | SmoothSegment;

export interface Structure {
  left: Lead;
  right: Lead;
  segments: Segment[];
}

/** Piecewise-constant layers: what the transfer matrix solves exactly. */
export interface Stack {
  left: Lead;
  right: Lead;
  thickness: Float64Array;
  V: Float64Array;
  mass: Float64Array;
}

export function segmentName(s: Segment, i: number): string {
  return s.name ? `layer ${i + 1} (${s.name})` : `layer ${i + 1}`;
}

/** Throws a ParameterError naming the layer and field of the first bad value. */
export function validateStructure(structure: Structure): void {
  const checkLead = (side: 'left' | 'right', lead: Lead) => {
    if (!Number.isFinite(lead.V)) throw new ParameterError(`${side} lead V`, lead.V, 'a finite band edge in eV');
    if (!(lead.mass > 0) || !Number.isFinite(lead.mass)) throw new ParameterError(`${side} lead mass`, lead.mass, '(0, ∞) m₀', 'the effective mass must be positive');
  };
  if (structure.segments.length === 0) throw new ParameterError('structure', '[]', 'at least one layer', 'empty structure');
  structure.segments.forEach((s, i) => {
    const name = segmentName(s, i);
    if (!(s.thickness > 0) || !Number.isFinite(s.thickness)) throw new ParameterError(`${name} thickness`, s.thickness, '(0, ∞) nm', 'a layer needs a positive thickness');
    if (!(s.mass > 0) || !Number.isFinite(s.mass)) throw new ParameterError(`${name} mass`, s.mass, '(0, ∞) m₀', 'the effective mass must be positive');
    if (s.kind === 'constant' && !Number.isFinite(s.V)) throw new ParameterError(`${name} V`, s.V, 'a finite band edge in eV');
    if (s.kind === 'linear') {
      if (!Number.isFinite(s.V0)) throw new ParameterError(`${name} V0`, s.V0, 'a finite band edge in eV');
      if (!Number.isFinite(s.V1)) throw new ParameterError(`${name} V1`, s.V1, 'a finite band edge in eV');
    }
  });
  checkLead('left', structure.left);
  checkLead('right', structure.right);
}

export function totalThickness(structure: Structure): number {
  return structure.segments.reduce((a, s) => a + s.thickness, 0);
}

/** Band edge at position x (nm from the left edge); at an interface, the value to the right. */
export function potentialAt(structure: Structure, x: number): { V: number; mass: number } {
  if (x < 0) return structure.left;
  let start = 0;
  for (const s of structure.segments) {
    if (x < start + s.thickness) return { V: segmentPotential(s, x - start), mass: s.mass };
    start += s.thickness;
  }
  return structure.right;
}

export function segmentPotential(s: Segment, local: number): number {
  if (s.kind === 'constant') return s.V;
  if (s.kind === 'linear') return s.V0 + ((s.V1 - s.V0) * local) / s.thickness;
  return s.V(local);
}

/**
 * Piecewise-constant stack: constant segments pass through; linear and smooth ones become
 * ceil(thickness/maxSlice) slices, each at its midpoint value (an O(h²) approximation).
 */
export function discretize(structure: Structure, maxSlice = 0.1): Stack {
  validateStructure(structure);
  const d: number[] = [];
  const V: number[] = [];
  const m: number[] = [];
  for (const s of structure.segments) {
    if (s.kind === 'constant') {
      d.push(s.thickness);
      V.push(s.V);
      m.push(s.mass);
      continue;
    }
    const n = Math.max(1, Math.ceil(s.thickness / maxSlice - 1e-9));
    const h = s.thickness / n;
    for (let j = 0; j < n; j++) {
      d.push(h);
      V.push(segmentPotential(s, (j + 0.5) * h));
      m.push(s.mass);
    }
  }
  return { left: structure.left, right: structure.right, thickness: Float64Array.from(d), V: Float64Array.from(V), mass: Float64Array.from(m) };
}

/**
 * A bias voltage (V, electron energy drop eV) falling linearly across all segments: the band
 * edge at x is lowered by bias·x/L and the right lead by the full bias. Constant segments become
 * linear; smooth segments get the ramp added.
 */
export function applyBias(structure: Structure, bias: number): Structure {
  if (bias === 0) return structure;
  const L = totalThickness(structure);
  let start = 0;
  const segments: Segment[] = structure.segments.map((s) => {
    const a = start;
    start += s.thickness;
    const drop0 = (bias * a) / L;
    const drop1 = (bias * (a + s.thickness)) / L;
    if (s.kind === 'constant') return { kind: 'linear', thickness: s.thickness, V0: s.V - drop0, V1: s.V - drop1, mass: s.mass, name: s.name };
    if (s.kind === 'linear') return { ...s, V0: s.V0 - drop0, V1: s.V1 - drop1 };
    const f = s.V;
    return { ...s, V: (u: number) => f(u) - drop0 - ((drop1 - drop0) * u) / s.thickness };
  });
  return { left: structure.left, right: { V: structure.right.V - bias, mass: structure.right.mass }, segments };
}

/** The same structure seen from the right: for T_R→L. */
export function mirror(structure: Structure): Structure {
  const segments: Segment[] = structure.segments
    .slice()
    .reverse()
    .map((s) => {
      if (s.kind === 'constant') return s;
      if (s.kind === 'linear') return { ...s, V0: s.V1, V1: s.V0 };
      const f = s.V;
      return { ...s, V: (u: number) => f(s.thickness - u) };
    });
  return { left: structure.right, right: structure.left, segments };
}

export function mirrorStack(stack: Stack): Stack {
  return {
    left: stack.right,
    right: stack.left,
    thickness: stack.thickness.slice().reverse(),
    V: stack.V.slice().reverse(),
    mass: stack.mass.slice().reverse(),
  };
}

export function hasSlicedSegments(structure: Structure): boolean {
  return structure.segments.some((s) => s.kind !== 'constant');
}

export function constantStack(left: Lead, right: Lead, layers: { thickness: number; V: number; mass: number }[]): Stack {
  return {
    left,
    right,
    thickness: Float64Array.from(layers.map((l) => l.thickness)),
    V: Float64Array.from(layers.map((l) => l.V)),
    mass: Float64Array.from(layers.map((l) => l.mass)),
  };
}
