/**
 * Quasi-bound levels E_n − iΓ_n/2 of a metastable well, H = −(ħ̃²/2)∂²_q + V(q) (physics.md §10),
 * by exterior complex scaling on a smooth contour.
 *
 * Why this contour: the washboard potential is entire, so the resonance energies do not depend on
 * which path to +∞ the Schrödinger equation is solved along, provided the outgoing wave decays on
 * it. A path rotated by a fixed angle (uniform complex scaling) is useless here, because
 * |cos z| grows like e^{|Im z|}. We instead lift the path off the real axis by a constant height
 * b after the exit point, z(x) = x + i·b·σ((x − x_c)/w), σ = (1 + tanh)/2: the potential stays
 * bounded (|cos z| ≤ cosh b) and the outgoing wave e^{i∫p dz/ħ̃} decays as e^{−b·p(x)/ħ̃} once
 * p = √(2(E − V)) grows down the tilted washboard. Independence of (b, x_c, w) is the check that
 * the levels are the resonances and not artefacts of the path; the tests show it.
 *
 * Discretisation: three-point finite differences on the complex nodes z_j, written as the complex
 * symmetric pencil A ψ = E W ψ (W_jj = (z_{j+1} − z_{j−1})/2), so the unconjugated Rayleigh
 * quotient ψᵀAψ/ψᵀWψ is stationary and Rayleigh-quotient iteration converges cubically. Error
 * O(h²), removed to O(h⁴) by one Richardson step (h, h/2). The left end is a hard wall deep in the
 * forbidden region (ψ below e^{−30} there).
 *
 * Energies are measured from the well bottom, in units of E_J; widths Γ_n are in ω_p0 (ħ̃Γ is the
 * energy width, and Γ_n/ω_p0 is the decay rate of level n, since −2 Im E/ħ̃ in units of ω_p0).
 */
import { requireInRange } from '../parameters.js';
import { requirePositive } from '../potential.js';
import { bisect, integrate } from '../quadrature.js';
import type { MetastableWell } from './well.js';
import { requireQuasiBoundLevel } from './well.js';

export interface ContourOptions {
  /** Height b of the lifted path beyond the exit point (default 1.5). */
  offset?: number;
  /** Distance of the ramp start x_c past the exit point (default 0.5). */
  rampDistance?: number;
  /** Ramp length w: the path rises from 0 to b over [x_c, x_c + w] (default 1.5). */
  rampWidth?: number;
}

export interface LevelOptions extends ContourOptions {
  /** Grid points per shortest local wavelength (default 40). */
  pointsPerWavelength?: number;
  /** Richardson-extrapolate (h, h/2) to O(h⁴) (default true). */
  extrapolate?: boolean;
  /** Largest number of levels returned (default: every level below the barrier top). */
  maxLevels?: number;
}

export interface QuasiBoundLevel {
  n: number;
  /** Re E_n above the well bottom, units of E_J. */
  energy: number;
  /** Γ_n = −2 Im E_n/ħ̃, the decay rate of level n in units of ω_p0. */
  width: number;
  /** The same width from Im of the Rayleigh quotient; agrees with `width` until roundoff (≈1e-13·‖A‖) swamps it. */
  rayleighWidth: number;
  /** Bohr–Sommerfeld estimate of Re E_n used as the starting shift. */
  bohrSommerfeld: number;
}

export interface LevelsResult {
  levels: QuasiBoundLevel[];
  /** Number of grid points of the finest grid used. */
  gridPoints: number;
  /** Grid step h of the coarse grid. */
  step: number;
}

/** ∮p dq = 2∫√(2(E − V)) dq between the turning points of the well at energy 0 < E < ΔU. */
export function wellAction(well: MetastableWell, E: number): number {
  if (E <= 0) return 0;
  const a = well.leftTurningPoint(E);
  const b = bisect((q) => well.V(q) - E, 0, well.barrierPosition);
  const p = (q: number) => Math.sqrt(2 * Math.max(0, E - well.V(q)));
  return 2 * integrate(p, a, b, { breakpoints: [0], relTol: 1e-12 });
}

/** Bohr–Sommerfeld levels ∮p dq = 2πħ̃(n + ½) below the barrier top. */
export function bohrSommerfeldLevels(well: MetastableWell, hbar: number): number[] {
  const top = wellAction(well, well.barrierHeight * (1 - 1e-12));
  requireQuasiBoundLevel(top, hbar);
  const out: number[] = [];
  for (let n = 0; ; n++) {
    const target = 2 * Math.PI * hbar * (n + 0.5);
    if (target >= top) break;
    out.push(bisect((E) => wellAction(well, E) - target, 1e-300, well.barrierHeight * (1 - 1e-12)));
  }
  return out;
}

/**
 * Rayleigh–Schrödinger levels to O(ħ̃²) (Landau–Lifshitz §38, m = 1):
 *   E_n = ħ̃ω(n+½) − (15/4)(α²ħ̃²/ω⁴)(n² + n + 11/30) + (3/2)(βħ̃²/ω²)(n² + n + ½),
 * for V = ω²q²/2 + αq³ + βq⁴. Independent of the solver; error O(ħ̃³).
 */
export function perturbativeLevel(well: MetastableWell, hbar: number, n: number): number {
  const w = well.omega;
  const a = well.cubicCoefficient;
  const b = well.quarticCoefficient;
  const m = n * n + n;
  return hbar * w * (n + 0.5) - ((15 / 4) * a * a * hbar * hbar * (m + 11 / 30)) / w ** 4 + (1.5 * b * hbar * hbar * (m + 0.5)) / (w * w);
}

/**
 * C^∞ step, exactly 0 for t ≤ 0 and 1 for t ≥ 1: the path is exactly real up to x_c, so the
 * probability current there is the physical outgoing flux.
 */
function smoothStep(t: number): number {
  if (t <= 0) return 0;
  if (t >= 1) return 1;
  const a = Math.exp(-1 / t);
  const b = Math.exp(-1 / (1 - t));
  return a / (a + b);
}

interface Grid {
  n: number;
  zr: Float64Array;
  zi: Float64Array;
  // pencil: diag of A (complex), off-diagonal A_{j,j+1} (complex), W (complex)
  ar: Float64Array;
  ai: Float64Array;
  er: Float64Array;
  ei: Float64Array;
  wr: Float64Array;
  wi: Float64Array;
}

function buildGrid(well: MetastableWell, hbar: number, step: number, left: number, right: number, c: Required<ContourOptions>): Grid {
  const n = Math.max(8, Math.round((right - left) / step) - 1);
  const h = (right - left) / (n + 1);
  const xc = well.exitPoint + c.rampDistance;
  const zr = new Float64Array(n + 2);
  const zi = new Float64Array(n + 2);
  for (let j = 0; j < n + 2; j++) {
    const x = left + j * h;
    zr[j] = x;
    zi[j] = c.offset * smoothStep((x - xc) / c.rampWidth);
  }
  const ar = new Float64Array(n);
  const ai = new Float64Array(n);
  const er = new Float64Array(n);
  const ei = new Float64Array(n);
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  const k = 0.5 * hbar * hbar;
  for (let j = 1; j <= n; j++) {
    const hpr = zr[j + 1]! - zr[j]!;
    const hpi = zi[j + 1]! - zi[j]!;
    const hmr = zr[j]! - zr[j - 1]!;
    const hmi = zi[j]! - zi[j - 1]!;
    const ip = 1 / (hpr * hpr + hpi * hpi);
    const im = 1 / (hmr * hmr + hmi * hmi);
    // 1/h± as complex numbers
    const invPr = hpr * ip;
    const invPi = -hpi * ip;
    const invMr = hmr * im;
    const invMi = -hmi * im;
    const wjr = 0.5 * (hpr + hmr);
    const wji = 0.5 * (hpi + hmi);
    const [vr, vi] = well.Vcomplex(zr[j]!, zi[j]!);
    ar[j - 1] = k * (invPr + invMr) + (wjr * vr - wji * vi);
    ai[j - 1] = k * (invPi + invMi) + (wjr * vi + wji * vr);
    er[j - 1] = -k * invPr;
    ei[j - 1] = -k * invPi;
    wr[j - 1] = wjr;
    wi[j - 1] = wji;
  }
  return { n, zr, zi, ar, ai, er, ei, wr, wi };
}

/**
 * Solves (A − σW) y = W x for the complex symmetric tridiagonal pencil, by Gaussian elimination
 * with partial pivoting (the shift sits inside the spectrum, so plain Thomas elimination could
 * divide by a small pivot).
 */
function shiftedSolve(g: Grid, sr: number, si: number, xr: Float64Array, xi: Float64Array, yr: Float64Array, yi: Float64Array): void {
  const n = g.n;
  // Rows of the banded LU with one extra super-diagonal from pivoting: d (diag), u1, u2.
  const dr = new Float64Array(n);
  const di = new Float64Array(n);
  const u1r = new Float64Array(n);
  const u1i = new Float64Array(n);
  const u2r = new Float64Array(n);
  const u2i = new Float64Array(n);
  const lr = new Float64Array(n);
  const li = new Float64Array(n);
  const piv = new Uint8Array(n);
  // right-hand side b = W x
  const br = new Float64Array(n);
  const bi = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    dr[j] = g.ar[j]! - (sr * g.wr[j]! - si * g.wi[j]!);
    di[j] = g.ai[j]! - (sr * g.wi[j]! + si * g.wr[j]!);
    u1r[j] = g.er[j]!;
    u1i[j] = g.ei[j]!;
    br[j] = g.wr[j]! * xr[j]! - g.wi[j]! * xi[j]!;
    bi[j] = g.wr[j]! * xi[j]! + g.wi[j]! * xr[j]!;
  }
  // sub-diagonal of row j+1 is e_j (symmetric)
  const sr2 = new Float64Array(n);
  const si2 = new Float64Array(n);
  for (let j = 0; j + 1 < n; j++) {
    sr2[j] = g.er[j]!;
    si2[j] = g.ei[j]!;
  }
  for (let j = 0; j + 1 < n; j++) {
    const a2 = dr[j]! * dr[j]! + di[j]! * di[j]!;
    const b2 = sr2[j]! * sr2[j]! + si2[j]! * si2[j]!;
    if (b2 > a2) {
      // swap rows j and j+1
      piv[j] = 1;
      const t0r = dr[j]!, t0i = di[j]!, t1r = u1r[j]!, t1i = u1i[j]!;
      dr[j] = sr2[j]!; di[j] = si2[j]!;
      u1r[j] = dr[j + 1]!; u1i[j] = di[j + 1]!;
      u2r[j] = j + 1 < n - 1 ? u1r[j + 1]! : 0; u2i[j] = j + 1 < n - 1 ? u1i[j + 1]! : 0;
      // new row j+1 = old row j: [t0, t1, 0]
      const tbr = br[j]!, tbi = bi[j]!;
      br[j] = br[j + 1]!; bi[j] = bi[j + 1]!;
      br[j + 1] = tbr; bi[j + 1] = tbi;
      // multiplier m = t0 / d_j
      const den = dr[j]! * dr[j]! + di[j]! * di[j]!;
      const mr = (t0r * dr[j]! + t0i * di[j]!) / den;
      const mi = (t0i * dr[j]! - t0r * di[j]!) / den;
      lr[j] = mr; li[j] = mi;
      dr[j + 1] = t1r - (mr * u1r[j]! - mi * u1i[j]!);
      di[j + 1] = t1i - (mr * u1i[j]! + mi * u1r[j]!);
      if (j + 1 < n - 1) {
        u1r[j + 1] = -(mr * u2r[j]! - mi * u2i[j]!);
        u1i[j + 1] = -(mr * u2i[j]! + mi * u2r[j]!);
      }
    } else {
      piv[j] = 0;
      u2r[j] = 0; u2i[j] = 0;
      const den = a2 === 0 ? 1e-300 : a2;
      const mr = (sr2[j]! * dr[j]! + si2[j]! * di[j]!) / den;
      const mi = (si2[j]! * dr[j]! - sr2[j]! * di[j]!) / den;
      lr[j] = mr; li[j] = mi;
      dr[j + 1] = dr[j + 1]! - (mr * u1r[j]! - mi * u1i[j]!);
      di[j + 1] = di[j + 1]! - (mr * u1i[j]! + mi * u1r[j]!);
    }
    // eliminate in rhs
    br[j + 1] = br[j + 1]! - (lr[j]! * br[j]! - li[j]! * bi[j]!);
    bi[j + 1] = bi[j + 1]! - (lr[j]! * bi[j]! + li[j]! * br[j]!);
  }
  // back substitution
  for (let j = n - 1; j >= 0; j--) {
    let rr = br[j]!;
    let ri = bi[j]!;
    if (j + 1 < n) {
      rr -= u1r[j]! * yr[j + 1]! - u1i[j]! * yi[j + 1]!;
      ri -= u1r[j]! * yi[j + 1]! + u1i[j]! * yr[j + 1]!;
    }
    if (j + 2 < n) {
      rr -= u2r[j]! * yr[j + 2]! - u2i[j]! * yi[j + 2]!;
      ri -= u2r[j]! * yi[j + 2]! + u2i[j]! * yr[j + 2]!;
    }
    let den = dr[j]! * dr[j]! + di[j]! * di[j]!;
    if (den === 0) den = 1e-300;
    yr[j] = (rr * dr[j]! + ri * di[j]!) / den;
    yi[j] = (ri * dr[j]! - rr * di[j]!) / den;
  }
}

/** Unconjugated Rayleigh quotient ψᵀAψ / ψᵀWψ. */
function rayleigh(g: Grid, xr: Float64Array, xi: Float64Array): [number, number] {
  let nr = 0, ni = 0, dr = 0, di = 0;
  for (let j = 0; j < g.n; j++) {
    // (Aψ)_j
    let yr = g.ar[j]! * xr[j]! - g.ai[j]! * xi[j]!;
    let yi = g.ar[j]! * xi[j]! + g.ai[j]! * xr[j]!;
    if (j + 1 < g.n) {
      yr += g.er[j]! * xr[j + 1]! - g.ei[j]! * xi[j + 1]!;
      yi += g.er[j]! * xi[j + 1]! + g.ei[j]! * xr[j + 1]!;
    }
    if (j > 0) {
      yr += g.er[j - 1]! * xr[j - 1]! - g.ei[j - 1]! * xi[j - 1]!;
      yi += g.er[j - 1]! * xi[j - 1]! + g.ei[j - 1]! * xr[j - 1]!;
    }
    nr += xr[j]! * yr - xi[j]! * yi;
    ni += xr[j]! * yi + xi[j]! * yr;
    const wxr = g.wr[j]! * xr[j]! - g.wi[j]! * xi[j]!;
    const wxi = g.wr[j]! * xi[j]! + g.wi[j]! * xr[j]!;
    dr += xr[j]! * wxr - xi[j]! * wxi;
    di += xr[j]! * wxi + xi[j]! * wxr;
  }
  const den = dr * dr + di * di;
  return [(nr * dr + ni * di) / den, (ni * dr - nr * di) / den];
}

function normalise(xr: Float64Array, xi: Float64Array): void {
  let m = 0;
  for (let j = 0; j < xr.length; j++) m = Math.max(m, Math.abs(xr[j]!), Math.abs(xi[j]!));
  for (let j = 0; j < xr.length; j++) {
    xr[j] = xr[j]! / m;
    xi[j] = xi[j]! / m;
  }
}

/** One eigenvalue near `shift`: fixed-shift inverse iteration, then Rayleigh-quotient iteration. */
function eigenvalueNear(g: Grid, shift: number, spacing: number, start: Float64Array): { er: number; ei: number; xr: Float64Array; xi: Float64Array } {
  const xr = Float64Array.from(start);
  const xi = new Float64Array(g.n);
  const yr = new Float64Array(g.n);
  const yi = new Float64Array(g.n);
  let er = shift;
  let ei = 0;
  for (let it = 0; it < 6; it++) {
    shiftedSolve(g, shift, 0, xr, xi, yr, yi);
    xr.set(yr);
    xi.set(yi);
    normalise(xr, xi);
    const [r, i] = rayleigh(g, xr, xi);
    const done = Math.hypot(r - er, i - ei) < 1e-6 * spacing;
    er = r;
    ei = i;
    if (done) break;
  }
  for (let it = 0; it < 40; it++) {
    shiftedSolve(g, er, ei, xr, xi, yr, yi);
    xr.set(yr);
    xi.set(yi);
    normalise(xr, xi);
    const [r, i] = rayleigh(g, xr, xi);
    const change = Math.hypot(r - er, i - ei);
    er = r;
    ei = i;
    if (change <= 1e-15 * Math.max(Math.abs(r), spacing)) break;
  }
  return { er, ei, xr, xi };
}

/**
 * Γ from the outgoing probability current at the last real node J before the path lifts off:
 * for the three-point scheme, hΣ_{j≤J}|ψ_j|²·Im E = −(ħ̃²/2h)·Im(ψ_J*ψ_{J+1}) exactly, so
 *   Γ = −2 Im E/ħ̃ = ħ̃·Im(ψ_J*ψ_{J+1})/h / (hΣ_{j≤J}|ψ_j|²).
 * Unlike Im of the Rayleigh quotient (a difference of O(‖A‖) numbers), this keeps full relative
 * precision when Γ is exponentially small.
 */
function fluxWidth(g: Grid, hbar: number, xr: Float64Array, xi: Float64Array): number {
  let J = 0;
  while (J + 2 < g.n + 1 && g.zi[J + 2] === 0) J++;
  // unknown index j ↔ node j+1; node J+1 (unknown J) is the last real node with a real neighbour.
  const h = g.zr[1]! - g.zr[0]!;
  let norm = 0;
  for (let j = 0; j < J; j++) norm += xr[j]! * xr[j]! + xi[j]! * xi[j]!;
  norm *= h;
  const a = J - 1;
  const im = xr[a]! * xi[a + 1]! - xi[a]! * xr[a + 1]!;
  return (hbar * im) / h / norm;
}

/** Left wall: ∫√(2(V − ΔU)) dq/ħ̃ ≥ 30 from the left turning point at the barrier energy. */
function leftWall(well: MetastableWell, hbar: number): number {
  const start = well.leftTurningPoint(well.barrierHeight * (1 - 1e-9));
  let q = start;
  let integral = 0;
  const dq = 0.002;
  while (integral < 30 * hbar) {
    q -= dq;
    const excess = well.V(q) - well.barrierHeight;
    // A region below the barrier energy further left (a lower neighbouring well) stops the walk.
    if (excess < 0 && q < start - 0.1) break;
    integral += Math.sqrt(2 * Math.max(0, excess)) * dq;
  }
  return q;
}

/** Right end: the outgoing wave at the well-bottom energy has decayed by e^{−35} along the lifted path. */
function rightEnd(well: MetastableWell, hbar: number, c: Required<ContourOptions>): number {
  const xc = well.exitPoint + c.rampDistance;
  const start = xc + c.rampWidth;
  const pAt = (q: number) => Math.sqrt(2 * Math.max(0, -well.V(q)));
  const p0 = pAt(xc);
  let q = start;
  while (c.offset * (pAt(q) - p0) < 35 * hbar && q < start + 400) q += 0.05;
  return q;
}

function wavenumberBound(well: MetastableWell, hbar: number, left: number, right: number): number {
  let kmax = 0;
  const n = 2000;
  for (let i = 0; i <= n; i++) {
    const q = left + ((right - left) * i) / n;
    kmax = Math.max(kmax, Math.sqrt(2 * Math.abs(well.V(q) - well.barrierHeight)) / hbar, Math.sqrt(2 * Math.abs(well.V(q))) / hbar);
  }
  return kmax;
}

function contourDefaults(o: ContourOptions): Required<ContourOptions> {
  return { offset: o.offset ?? 1.5, rampDistance: o.rampDistance ?? 0.5, rampWidth: o.rampWidth ?? 1.5 };
}

/**
 * Quasi-bound levels E_n − iħ̃Γ_n/2 of the well (energies above the bottom, units of E_J), every
 * level whose Bohr–Sommerfeld energy lies below the barrier top, up to `maxLevels`.
 */
export function quasiBoundLevels(well: MetastableWell, hbar: number, options: LevelOptions = {}): LevelsResult {
  requirePositive('hbar', hbar);
  const c = contourDefaults(options);
  requirePositive('offset', c.offset);
  requirePositive('rampWidth', c.rampWidth);
  const ppw = requireInRange('pointsPerWavelength', options.pointsPerWavelength ?? 40, { min: 8, minInclusive: true });
  const guesses = bohrSommerfeldLevels(well, hbar).slice(0, options.maxLevels ?? Infinity);
  const left = leftWall(well, hbar);
  const right = rightEnd(well, hbar, c);
  const kmax = wavenumberBound(well, hbar, left, right);
  const step = (2 * Math.PI) / (kmax * ppw);
  const extrapolate = options.extrapolate ?? true;
  const grids = extrapolate ? [buildGrid(well, hbar, step, left, right, c), buildGrid(well, hbar, step / 2, left, right, c)] : [buildGrid(well, hbar, step, left, right, c)];
  const spacing = hbar * well.omega;
  const levels: QuasiBoundLevel[] = guesses.map((guess, n) => {
    const values = grids.map((g) => {
      // Start from a deterministic pseudo-random vector confined to the well, which overlaps every level.
      const start = new Float64Array(g.n);
      let seed = 12345 + n;
      const bq = bisect((q) => well.V(q) - guess, 0, well.barrierPosition);
      const aq = well.leftTurningPoint(guess);
      for (let j = 0; j < g.n; j++) {
        const q = g.zr[j + 1]!;
        seed = (seed * 1103515245 + 12345) % 2147483648;
        start[j] = q > aq - 0.5 && q < bq + 0.5 ? seed / 2147483648 - 0.5 : 0;
      }
      const e = eigenvalueNear(g, guess, spacing, start);
      return { energy: e.er, width: fluxWidth(g, hbar, e.xr, e.xi), rayleighWidth: (-2 * e.ei) / hbar };
    });
    const fine = values[values.length - 1]!;
    const coarse = values[0]!;
    const richardson = (f: number, c: number) => (extrapolate ? (4 * f - c) / 3 : f);
    return {
      n,
      energy: richardson(fine.energy, coarse.energy),
      width: richardson(fine.width, coarse.width),
      rayleighWidth: richardson(fine.rayleighWidth, coarse.rayleighWidth),
      bohrSommerfeld: guess,
    };
  });
  return { levels, gridPoints: grids[grids.length - 1]!.n, step };
}

/**
 * Γ(T) = Σ Γ_n e^{−E_n/θ} / Σ e^{−E_n/θ} over the quasi-bound levels (undamped; the picture of
 * the classic MQT experiments, valid while the levels are thermally populated and well below T₀
 * so that the continuum above the barrier does not contribute).
 */
export function thermalAverageWidth(levels: readonly QuasiBoundLevel[], theta: number): number {
  requirePositive('theta', theta);
  const e0 = levels[0]!.energy;
  let num = 0;
  let den = 0;
  for (const l of levels) {
    const b = Math.exp(-(l.energy - e0) / theta);
    num += l.width * b;
    den += b;
  }
  return num / den;
}
