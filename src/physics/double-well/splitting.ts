/**
 * Exact levels of a symmetric double well and its tunnel splitting, stable for deep wells.
 *
 * Why parity sectors: the doublet E₊ < E₋ is split by Δ₀ ~ e^{−S₀/ħ}, which for S₀/ħ ≳ 35 is below
 * the double-precision spacing of the levels themselves, so E₋ − E₊ is noise. In each sector
 * (even: ψ′(0) = 0; odd: ψ(0) = 0) the ground level is separated from the next by ~2ħω, so each is
 * well conditioned on its own. The splitting then comes from the flux identity (Herring's formula
 * in its exact form): multiplying Hψ₊ = E₊ψ₊ by ψ₋ and Hψ₋ = E₋ψ₋ by ψ₊, subtracting and
 * integrating over x > 0 leaves only the Wronskian at the origin,
 *   (E₋ − E₊) ∫₀^∞ ψ₊ψ₋ dx = (ħ²/2m) ψ₊(0) ψ₋′(0).
 * With the sectors' outward solutions normalised as u₊(0) = 1 and u₋′(0) = 1 this is
 *   Δ₀ = (ħ²/2m) / ∫₀^∞ u₊u₋ dx,
 * a positive integral of positive functions: no cancellation at any depth. With localised states
 * ψ_{R,L} = (ψ₊ ± ψ₋)/√2 it is the familiar Δ₀ = (ħ²/m)·2ψ_R(0)ψ_R′(0) up to terms of order Δ₀².
 *
 * Numerics: Numerov's method (local error O(h⁶), global O(h⁴)) from the origin outward and from
 * x_max inward, matched at the outer turning point; each sector's level by bisection on the node
 * count (Sturm), which brackets the n-th level of the sector without a starting guess.
 */
import { ParameterError, requireInteger, requireInRange } from '../parameters.js';
import type { SymmetricWell } from './potential.js';

export type Parity = 'even' | 'odd';

/** One level of one parity sector on the half-line grid x_i = i·h, i = 0…n. */
export interface SectorState {
  readonly parity: Parity;
  /** 0 for the sector's ground level. */
  readonly index: number;
  readonly energy: number;
  readonly h: number;
  /** Outward-normalised solution: u(0) = 1 (even) or u′(0) = 1 (odd). */
  readonly u: Float64Array;
  /** ∫₀^{x_max} u² dx (Simpson). */
  readonly halfNorm: number;
}

export interface DoubletResult {
  readonly even: SectorState;
  readonly odd: SectorState;
  /** Δ₀ from the flux identity (accurate at any depth). */
  readonly splitting: number;
  /** E₋ − E₊ taken directly (meaningless once Δ₀ ≲ 1e-15·E). */
  readonly directSplitting: number;
  /** Grid points on the half-line (n + 1). */
  readonly points: number;
}

const LARGE = 1e200;

function fOf(well: SymmetricWell, E: number): (x: number) => number {
  const k = (2 * well.mass) / (well.hbar * well.hbar);
  return (x: number) => k * (well.V(x) - E);
}

/** u(h) for the odd sector from the Taylor series u = x + f₀x³/6 + (3f₀″ + f₀²)x⁵/120 (V even). */
function oddStart(f: (x: number) => number, h: number): number {
  const f0 = f(0);
  const f2 = (2 * (f(h) - f0)) / (h * h);
  return h + (f0 * h ** 3) / 6 + ((3 * f2 + f0 * f0) * h ** 5) / 120;
}

/** u(h) for the even sector: Numerov's step at x = 0 with u(−h) = u(h). */
function evenStart(f: (x: number) => number, h: number): number {
  const c = (h * h) / 12;
  return (1 + 5 * c * f(0)) / (1 - c * f(h));
}

/** Sign changes of the outward solution on (0, x_max]: the number of sector levels below E. */
function countNodes(well: SymmetricWell, parity: Parity, E: number, n: number): number {
  const h = well.xMax / n;
  const f = fOf(well, E);
  const c = (h * h) / 12;
  let u0 = parity === 'even' ? 1 : 0;
  let u1 = parity === 'even' ? evenStart(f, h) : oddStart(f, h);
  let fPrev = f(0);
  let fCur = f(h);
  let nodes = 0;
  let sign = Math.sign(u1);
  for (let i = 1; i < n; i++) {
    const fNext = f((i + 1) * h);
    const u2 = (2 * (1 + 5 * c * fCur) * u1 - (1 - c * fPrev) * u0) / (1 - c * fNext);
    if (u2 !== 0 && Math.sign(u2) !== sign) {
      if (sign !== 0) nodes++;
      sign = Math.sign(u2);
    }
    u0 = u1;
    u1 = u2;
    if (Math.abs(u1) > LARGE) {
      u0 /= LARGE;
      u1 /= LARGE;
    }
    fPrev = fCur;
    fCur = fNext;
  }
  return nodes;
}

/** Simpson's rule on an even number of intervals. */
export function simpson(y: ArrayLike<number>, h: number): number {
  const n = y.length - 1;
  if (n % 2 !== 0) throw new RangeError('simpson: need an even number of intervals');
  let s = y[0]! + y[n]!;
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * y[i]!;
  return (s * h) / 3;
}

/**
 * The `index`-th level of one parity sector on n (even) half-line intervals: bisection on the
 * node count to the last bit, then the matched Numerov solution.
 */
export function sectorState(well: SymmetricWell, parity: Parity, index: number, n: number): SectorState {
  requireInteger('grid points', n, { min: 20, max: 2_000_000, minInclusive: true, maxInclusive: true });
  if (n % 2 !== 0) throw new ParameterError('grid points', n, 'an even integer', 'Simpson needs an even number of intervals');
  const h = well.xMax / n;
  let vMin = Infinity;
  for (let i = 0; i <= n; i++) vMin = Math.min(vMin, well.V(i * h));
  let lo = vMin;
  let step = well.hbar * well.hbar / (well.mass * h * h) * 1e-3 + 1e-12;
  let hi = vMin + step;
  while (countNodes(well, parity, hi, n) <= index) {
    step *= 2;
    hi = vMin + step;
    if (!Number.isFinite(hi)) throw new RangeError('sectorState: no level found');
  }
  for (let it = 0; it < 200; it++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (countNodes(well, parity, mid, n) > index) hi = mid;
    else lo = mid;
  }
  const E = 0.5 * (lo + hi);
  const u = matchedSolution(well, parity, E, n);
  const sq = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) sq[i] = u[i]! * u[i]!;
  return { parity, index, energy: E, h, u, halfNorm: simpson(sq, h) };
}

function matchedSolution(well: SymmetricWell, parity: Parity, E: number, n: number): Float64Array {
  const h = well.xMax / n;
  const f = fOf(well, E);
  const c = (h * h) / 12;
  const fs = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) fs[i] = f(i * h);
  // Match at the outer turning point, where neither integration has started to grow wrongly.
  let m = Math.min(n - 2, Math.max(2, Math.round(well.xWell / h)));
  while (m < n - 2 && fs[m]! < 0) m++;
  const u = new Float64Array(n + 1);
  u[0] = parity === 'even' ? 1 : 0;
  u[1] = parity === 'even' ? evenStart(f, h) : oddStart(f, h);
  for (let i = 1; i < m; i++) {
    u[i + 1] = (2 * (1 + 5 * c * fs[i]!) * u[i]! - (1 - c * fs[i - 1]!) * u[i - 1]!) / (1 - c * fs[i + 1]!);
  }
  const inward = new Float64Array(n + 1);
  inward[n] = 0;
  inward[n - 1] = 1e-200;
  for (let i = n - 1; i > m; i--) {
    inward[i - 1] = (2 * (1 + 5 * c * fs[i]!) * inward[i]! - (1 - c * fs[i + 1]!) * inward[i + 1]!) / (1 - c * fs[i - 1]!);
    if (Math.abs(inward[i - 1]!) > LARGE) for (let j = i - 1; j <= n; j++) inward[j] = inward[j]! / LARGE;
  }
  const scale = u[m]! / inward[m]!;
  for (let i = m + 1; i <= n; i++) u[i] = inward[i]! * scale;
  return u;
}

/** Default grid: 50 points per unit of xMax (h = 0.02ℓ for the quartic well), rounded to even. */
export function defaultPoints(well: SymmetricWell, perLength = 50): number {
  const n = Math.ceil(well.xMax * perLength);
  return n + (n % 2);
}

/** The ground doublet: E₊, E₋, and Δ₀ from the flux identity and directly. */
export function groundDoublet(well: SymmetricWell, n = defaultPoints(well)): DoubletResult {
  requireInRange('xMax', well.xMax, { min: well.xWell, minInclusive: false });
  const even = sectorState(well, 'even', 0, n);
  const odd = sectorState(well, 'odd', 0, n);
  const top = well.V(0);
  if (!(odd.energy < top)) {
    throw new ParameterError('barrier', top, `(${odd.energy}, ∞) (above E₋)`, 'barrier too low to hold a tunnelling doublet below its top');
  }
  const prod = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) prod[i] = even.u[i]! * odd.u[i]!;
  const overlap = simpson(prod, even.h);
  const splitting = (well.hbar * well.hbar) / (2 * well.mass) / overlap;
  return { even, odd, splitting, directSplitting: odd.energy - even.energy, points: n + 1 };
}

/** Δ₀ alone: the tunnel splitting of the ground doublet. */
export function tunnelSplitting(well: SymmetricWell, n = defaultPoints(well)): number {
  return groundDoublet(well, n).splitting;
}

/** Whole-line wave function ψ(x) of a sector state, normalised ∫ψ² dx = 1, on x_i = −x_max…x_max. */
export function fullLine(state: SectorState): { x: Float64Array; psi: Float64Array } {
  const n = state.u.length - 1;
  const norm = 1 / Math.sqrt(2 * state.halfNorm);
  const x = new Float64Array(2 * n + 1);
  const psi = new Float64Array(2 * n + 1);
  const sign = state.parity === 'even' ? 1 : -1;
  for (let i = 0; i <= n; i++) {
    x[n + i] = i * state.h;
    x[n - i] = -i * state.h;
    psi[n + i] = state.u[i]! * norm;
    psi[n - i] = sign * state.u[i]! * norm;
  }
  return { x, psi };
}
