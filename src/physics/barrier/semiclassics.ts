/**
 * Semiclassical transmission (physics.md §11) on the continuous profile (not the sliced stack):
 *   θ = Σ ∫_forbidden κ dx,  κ = √(m*(V − E))/ħ,
 *   WKB (bare)         T ≈ e^{−2θ},
 *   WKB with prefactor T ≈ P·e^{−2θ}, P = Π over abrupt edges of 4uv/(u² + v²), where u = k/m* on
 *                      the allowed side and v = κ/m* on the forbidden side (the BenDaniel–Duke
 *                      step; smooth turning points contribute 1),
 *   Kemble             T ≈ 1/(1 + e^{2θ}) (exact for the parabolic barrier; meant for smooth ones).
 * These fail for thin barriers (θ ≲ 1) and near the top, where the turning points merge.
 */
import type { Segment, Structure } from './structure.js';
import { segmentPotential, validateStructure } from './structure.js';
import { HBAR2_OVER_2M0 } from './units.js';

export interface ForbiddenRegion {
  start: number;
  end: number;
  theta: number;
  /** Edge factors 4uv/(u²+v²) (1 at a smooth turning point). */
  leftEdgeFactor: number;
  rightEdgeFactor: number;
}

export interface Semiclassical {
  energy: number;
  theta: number;
  regions: ForbiddenRegion[];
  wkb: number;
  wkbWithPrefactor: number;
  /** null where the energy is above the whole profile (no turning points). */
  kemble: number | null;
}

// 32-point Gauss–Legendre on [0, 1] built once (Golub–Welsch is overkill; Newton on P_n).
const GL32 = gaussLegendre01(32);

function gaussLegendre01(n: number): { x: number[]; w: number[] } {
  const x: number[] = [];
  const w: number[] = [];
  for (let i = 1; i <= n; i++) {
    let z = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x.push(0.5 * (1 - z));
    w.push(1 / ((1 - z * z) * dp * dp));
  }
  return { x, w };
}

/** ∫ₐᵇ f with x = a + (b−a)(1 − cos πs)/2: the Jacobian vanishes at both ends, taming √ turning points. */
function endpointSafeIntegral(f: (x: number) => number, a: number, b: number): number {
  let sum = 0;
  for (let i = 0; i < GL32.x.length; i++) {
    const s = GL32.x[i]!;
    const x = a + ((b - a) * (1 - Math.cos(Math.PI * s))) / 2;
    sum += GL32.w[i]! * f(x) * ((b - a) * Math.PI * 0.5 * Math.sin(Math.PI * s));
  }
  return sum;
}

interface Piece {
  a: number;
  b: number;
  segment: Segment;
  offset: number;
}

/** Forbidden sub-intervals of one segment (V > E), with exact roots for linear pieces. */
function forbiddenPieces(s: Segment, offset: number, energy: number): Piece[] {
  const pieces: Piece[] = [];
  if (s.kind === 'constant') {
    if (s.V > energy) pieces.push({ a: offset, b: offset + s.thickness, segment: s, offset });
    return pieces;
  }
  if (s.kind === 'linear') {
    const g0 = s.V0 - energy;
    const g1 = s.V1 - energy;
    if (g0 <= 0 && g1 <= 0) return pieces;
    if (g0 > 0 && g1 > 0) return [{ a: offset, b: offset + s.thickness, segment: s, offset }];
    const root = offset + (s.thickness * g0) / (g0 - g1);
    return [g0 > 0 ? { a: offset, b: root, segment: s, offset } : { a: root, b: offset + s.thickness, segment: s, offset }];
  }
  const n = 512;
  const h = s.thickness / n;
  const g = (u: number) => s.V(u) - energy;
  let inside = g(0) > 0;
  let start = 0;
  for (let i = 1; i <= n; i++) {
    const u = i * h;
    const now = g(u) > 0;
    if (now !== inside) {
      let lo = u - h;
      let hi = u;
      for (let it = 0; it < 60; it++) {
        const mid = 0.5 * (lo + hi);
        if (g(mid) > 0 === inside) lo = mid;
        else hi = mid;
      }
      const root = 0.5 * (lo + hi);
      if (inside) pieces.push({ a: offset + start, b: offset + root, segment: s, offset });
      start = root;
      inside = now;
    }
  }
  if (inside) pieces.push({ a: offset + start, b: offset + s.thickness, segment: s, offset });
  return pieces;
}

function pieceTheta(p: Piece, energy: number): number {
  const s = p.segment;
  const q = s.mass / HBAR2_OVER_2M0;
  if (s.kind === 'constant') return Math.sqrt(q * (s.V - energy)) * (p.b - p.a);
  if (s.kind === 'linear') {
    const slope = (s.V1 - s.V0) / s.thickness;
    const g = (x: number) => Math.max(0, segmentPotential(s, x - p.offset) - energy);
    if (Math.abs(slope) < 1e-300) return Math.sqrt(q * g(p.a)) * (p.b - p.a);
    return (Math.sqrt(q) * (2 / 3) * (Math.pow(g(p.b), 1.5) - Math.pow(g(p.a), 1.5))) / slope;
  }
  // Split long pieces so that each panel's integrand is smooth enough for 32 points.
  const panels = Math.max(1, Math.ceil((p.b - p.a) / (s.thickness / 16)));
  let total = 0;
  for (let i = 0; i < panels; i++) {
    const a = p.a + ((p.b - p.a) * i) / panels;
    const b = p.a + ((p.b - p.a) * (i + 1)) / panels;
    total += endpointSafeIntegral((x) => Math.sqrt(q * Math.max(0, s.V(x - p.offset) - energy)), a, b);
  }
  return total;
}

/** Band edge and mass just left (side −1) or right (+1) of x, treating the leads as segments. */
function sideValue(structure: Structure, x: number, side: -1 | 1): { V: number; mass: number } {
  let start = 0;
  const segs = structure.segments;
  if (x <= 0 && side < 0) return structure.left;
  for (const s of segs) {
    const end = start + s.thickness;
    if ((side > 0 && x >= start && x < end) || (side < 0 && x > start && x <= end)) return { V: segmentPotential(s, x - start), mass: s.mass };
    start = end;
  }
  return structure.right;
}

function edgeFactor(structure: Structure, x: number, energy: number, forbiddenSide: -1 | 1): number {
  const inside = sideValue(structure, x, forbiddenSide);
  const outside = sideValue(structure, x, forbiddenSide < 0 ? 1 : -1);
  const gap = inside.V - energy;
  const open = energy - outside.V;
  // A smooth turning point: V crosses E continuously (both sides within rounding of E).
  const scale = Math.max(1e-12, Math.abs(energy) * 1e-9);
  if (gap <= scale || open <= scale) return 1;
  const v = Math.sqrt((inside.mass * gap) / HBAR2_OVER_2M0) / inside.mass;
  const u = Math.sqrt((outside.mass * open) / HBAR2_OVER_2M0) / outside.mass;
  return (4 * u * v) / (u * u + v * v);
}

export function semiclassical(structure: Structure, energy: number): Semiclassical {
  validateStructure(structure);
  let offset = 0;
  const pieces: Piece[] = [];
  for (const s of structure.segments) {
    pieces.push(...forbiddenPieces(s, offset, energy));
    offset += s.thickness;
  }
  // Merge pieces that touch across segment boundaries into forbidden regions.
  const regions: ForbiddenRegion[] = [];
  let current: { start: number; end: number; theta: number } | null = null;
  const close = () => {
    if (!current) return;
    regions.push({
      ...current,
      leftEdgeFactor: edgeFactor(structure, current.start, energy, 1),
      rightEdgeFactor: edgeFactor(structure, current.end, energy, -1),
    });
    current = null;
  };
  for (const p of pieces) {
    const th = pieceTheta(p, energy);
    if (current && Math.abs(p.a - current.end) < 1e-12) {
      current.end = p.b;
      current.theta += th;
    } else {
      close();
      current = { start: p.a, end: p.b, theta: th };
    }
  }
  close();
  const theta = regions.reduce((a, r) => a + r.theta, 0);
  const prefactor = regions.reduce((a, r) => a * r.leftEdgeFactor * r.rightEdgeFactor, 1);
  return {
    energy,
    theta,
    regions,
    wkb: Math.exp(-2 * theta),
    wkbWithPrefactor: prefactor * Math.exp(-2 * theta),
    kemble: regions.length === 0 ? null : 1 / (1 + Math.exp(2 * theta)),
  };
}
