/**
 * Analytic barrier profiles as Structures. Each keeps one mass unless the layers say otherwise;
 * smooth profiles are truncated where they are negligible or meet their leads, and say so.
 */
import { ParameterError, requireInRange } from '../parameters.js';
import type { Lead, Segment, Structure } from './structure.js';
import { HBAR2_OVER_2M0 } from './units.js';

export interface RectangularBarrier {
  height: number;
  width: number;
  /** Mass in the barrier (m₀). */
  barrierMass: number;
  /** Mass in the leads (m₀). */
  leadMass: number;
}

export function rectangularBarrier(p: RectangularBarrier): Structure {
  const lead: Lead = { V: 0, mass: p.leadMass };
  return { left: lead, right: lead, segments: [{ kind: 'constant', thickness: p.width, V: p.height, mass: p.barrierMass, name: 'barrier' }] };
}

export interface DoubleBarrier {
  height: number;
  barrierWidth: number;
  /** Second barrier's width; defaults to barrierWidth (symmetric). */
  barrierWidth2?: number;
  wellWidth: number;
  barrierMass: number;
  wellMass: number;
  /** Undoped spacers of well material outside each barrier (nm), inside the biased region. */
  spacer?: number;
}

export function doubleBarrier(p: DoubleBarrier): Structure {
  const lead: Lead = { V: 0, mass: p.wellMass };
  const segs: Segment[] = [];
  if (p.spacer && p.spacer > 0) segs.push({ kind: 'constant', thickness: p.spacer, V: 0, mass: p.wellMass, name: 'spacer' });
  segs.push(
    { kind: 'constant', thickness: p.barrierWidth, V: p.height, mass: p.barrierMass, name: 'barrier 1' },
    { kind: 'constant', thickness: p.wellWidth, V: 0, mass: p.wellMass, name: 'well' },
    { kind: 'constant', thickness: p.barrierWidth2 ?? p.barrierWidth, V: p.height, mass: p.barrierMass, name: 'barrier 2' },
  );
  if (p.spacer && p.spacer > 0) segs.push({ kind: 'constant', thickness: p.spacer, V: 0, mass: p.wellMass, name: 'spacer' });
  return { left: lead, right: lead, segments: segs };
}

export interface ParabolicBarrier {
  /** Top of the barrier (eV). */
  height: number;
  /** ħω of the inverted oscillator, V = V₀ − ½m*ω²x² (eV). */
  hbarOmega: number;
  mass: number;
  /** The parabola is followed down to V₀ − depth, where flat leads take over (eV). */
  depth: number;
}

/** Half-width X with ½m*ω²X² = depth, i.e. X = √(depth·ħ²/(½m*(ħω)²)) . */
export function parabolicHalfWidth(p: ParabolicBarrier): number {
  return Math.sqrt((4 * HBAR2_OVER_2M0 * p.depth) / (p.mass * p.hbarOmega * p.hbarOmega));
}

export function parabolicBarrier(p: ParabolicBarrier): Structure {
  requireInRange('hbarOmega', p.hbarOmega, { min: 0 });
  requireInRange('depth', p.depth, { min: 0 });
  const X = parabolicHalfWidth(p);
  const lead: Lead = { V: p.height - p.depth, mass: p.mass };
  return {
    left: lead,
    right: lead,
    segments: [{ kind: 'smooth', thickness: 2 * X, V: (s) => p.height - p.depth * ((s - X) / X) ** 2, mass: p.mass, name: 'parabola' }],
  };
}

export interface EckartBarrier {
  height: number;
  /** V = V₀ / cosh²(x/a) (nm). */
  range: number;
  mass: number;
  /** Truncation at |x| = extent·a, where V/V₀ ≈ 4e^{−2·extent}. */
  extent?: number;
}

export function eckartBarrier(p: EckartBarrier): Structure {
  const extent = p.extent ?? 18;
  const X = extent * p.range;
  const lead: Lead = { V: 0, mass: p.mass };
  return {
    left: lead,
    right: lead,
    segments: [{ kind: 'smooth', thickness: 2 * X, V: (s) => p.height / Math.cosh((s - X) / p.range) ** 2, mass: p.mass, name: 'sech²' }],
  };
}

export interface TriangularBarrier {
  /** Barrier height φ above the emitter's band edge at x = 0⁺ (eV). */
  height: number;
  /** Field F (V/nm): V(x) = φ − F·x. */
  field: number;
  mass: number;
  /** The ramp continues below the emitter edge by `drop` (eV) before the collector lead. */
  drop?: number;
  /** Emitter/collector mass (defaults to mass). */
  leadMass?: number;
}

/** Fowler–Nordheim: a step up to φ at x = 0, then a linear fall under the field. */
export function triangularBarrier(p: TriangularBarrier): Structure {
  if (!(p.field > 0)) throw new ParameterError('field', p.field, '(0, ∞) V/nm', 'a triangular barrier needs a positive field');
  const drop = p.drop ?? 0.5;
  const L = (p.height + drop) / p.field;
  const leadMass = p.leadMass ?? p.mass;
  return {
    left: { V: 0, mass: leadMass },
    right: { V: -drop, mass: leadMass },
    segments: [{ kind: 'linear', thickness: L, V0: p.height, V1: -drop, mass: p.mass, name: 'triangle' }],
  };
}
