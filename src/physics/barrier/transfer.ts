/**
 * Transmission through a piecewise-constant effective-mass stack, stable down to T ≈ 1e-300.
 *
 * Method: instead of multiplying 2×2 transfer matrices (whose entries grow like e^{κd} and whose
 * products cancel catastrophically when T is small), we integrate the scattering state from the
 * right lead, where it is the pure outgoing wave t·e^{ik_R(x−L)}, towards the left. Two quantities
 * are carried across each layer:
 *   Z = ψ′/(m*ψ)   — continuous at every interface (BenDaniel–Duke: ψ and ψ′/m* continuous),
 *   ln ψ           — complex, so |ψ| can span hundreds of decades without overflow.
 * Inside a layer with decay constant κ the logarithmic derivative y = ψ′/ψ obeys
 *   y(x−d) = (y − κ tanh κd)/(1 − (y/κ) tanh κd),   ψ(x−d)/ψ(x) = cosh κd·(1 − (y/κ) tanh κd),
 * which only involves bounded tanh and a logarithm of cosh; in a propagating layer the same holds
 * with cos/sin. ψ never vanishes while a current flows (Im ψ*ψ′ ≠ 0), so y stays finite. At the
 * left lead y fixes r, and t follows from the accumulated ln ψ: T = (k_R/m_R)/(k_L/m_L)·|t|².
 * R = |r|² is computed from y alone and T from the amplitude, so R + T − 1 is a genuine check.
 */
import { ParameterError } from '../parameters.js';
import { discretize, type Stack, type Structure } from './structure.js';
import { HBAR2_OVER_2M0, HBAR_EV_FS, HBAR_OVER_M0 } from './units.js';

/** 'bdd': ψ and ψ′/m* continuous (correct). 'plain': ψ and ψ′ continuous (wrong when masses jump; for comparison only). */
export type Matching = 'bdd' | 'plain';

export interface ScatteringOptions {
  matching?: Matching;
  /** Keep ψ at every interface so that wavefunction() and dwell integrals can be evaluated. */
  keepProfile?: boolean;
}

export interface Scattering {
  energy: number;
  /** Flux transmission (k_R/m_R)|t|²/(k_L/m_L); 0 when the right lead has no propagating state. */
  transmission: number;
  /** ln T, finite even where T underflows a double. */
  logTransmission: number;
  reflection: number;
  /** R + T − 1: zero up to rounding for a current-conserving calculation. */
  unitarityDefect: number;
  /** ln t (complex) with the incident wave e^{ik_L x} and the transmitted wave t e^{ik_R(x−L)}. */
  logT: { re: number; im: number };
  r: { re: number; im: number };
  kLeft: number;
  kRight: number;
  matching: Matching;
  /** Present with keepProfile: ln ψ and y = ψ′/ψ at each layer's right end, normalised to ψ(L) = 1. */
  profile?: { logPsiRe: Float64Array; logPsiIm: Float64Array; yRe: Float64Array; yIm: Float64Array };
}

const LN2 = Math.LN2;
function logCosh(x: number): number {
  return x + Math.log1p(Math.exp(-2 * x)) - LN2;
}

/** Throws unless at least one lead has a propagating state at E. */
export function requirePropagating(stack: { left: { V: number }; right: { V: number } }, energy: number): void {
  if (!Number.isFinite(energy)) throw new ParameterError('energy', energy, 'a finite energy in eV');
  const lowest = Math.min(stack.left.V, stack.right.V);
  if (!(energy > lowest)) {
    throw new ParameterError('energy', energy, `> ${lowest} eV (the lower lead band edge)`, 'below both leads’ band edges there is no propagating state');
  }
}

/**
 * Scattering state incident from the left lead. If only the right lead propagates, the state
 * incident from the right is used (T = 0 either way, since one side carries no current).
 */
export function scatter(stack: Stack, energy: number, options: ScatteringOptions = {}): Scattering {
  requirePropagating(stack, energy);
  const matching = options.matching ?? 'bdd';
  const bdd = matching === 'bdd';
  const n = stack.thickness.length;
  const C = HBAR2_OVER_2M0;
  const leftOpen = energy > stack.left.V;
  const rightOpen = energy > stack.right.V;
  if (!leftOpen) {
    const r = scatter(mirrorForScatter(stack), energy, options);
    return { ...r, transmission: 0, logTransmission: -Infinity, unitarityDefect: r.reflection - 1 };
  }
  const fR = bdd ? stack.right.mass : 1;
  const kR = Math.sqrt((stack.right.mass * Math.abs(energy - stack.right.V)) / C);
  // Z = y/f is continuous across interfaces, with f = m* (BenDaniel–Duke) or 1 (plain ψ′).
  let zr = rightOpen ? 0 : -kR / fR;
  let zi = rightOpen ? kR / fR : 0;
  let lr = 0;
  let li = 0;
  const profile = options.keepProfile
    ? { logPsiRe: new Float64Array(n), logPsiIm: new Float64Array(n), yRe: new Float64Array(n), yIm: new Float64Array(n) }
    : undefined;
  for (let j = n - 1; j >= 0; j--) {
    const m = stack.mass[j]!;
    const f = bdd ? m : 1;
    const d = stack.thickness[j]!;
    const dv = stack.V[j]! - energy;
    const yr = f * zr;
    const yi = f * zi;
    if (profile) {
      profile.logPsiRe[j] = lr;
      profile.logPsiIm[j] = li;
      profile.yRe[j] = yr;
      profile.yIm[j] = yi;
    }
    let nr: number, ni: number, dr: number, di: number;
    if (dv > 0) {
      const kappa = Math.sqrt((m * dv) / C);
      const x = kappa * d;
      // g = tanh(κd)/κ, → d as κ → 0
      const g = x < 1e-8 ? d : Math.tanh(x) / kappa;
      dr = 1 - yr * g;
      di = -yi * g;
      nr = yr - kappa * kappa * g;
      ni = yi;
      lr += logCosh(x);
    } else {
      const k = Math.sqrt((-m * dv) / C);
      const x = k * d;
      const c = Math.cos(x);
      const s = x < 1e-8 ? d : Math.sin(x) / k;
      dr = c - yr * s;
      di = -yi * s;
      nr = k * k * s + yr * c;
      ni = yi * c;
    }
    lr += 0.5 * Math.log(dr * dr + di * di);
    li += Math.atan2(di, dr);
    const den = dr * dr + di * di;
    const y0r = (nr * dr + ni * di) / den;
    const y0i = (ni * dr - nr * di) / den;
    zr = y0r / f;
    zi = y0i / f;
  }
  const fL = bdd ? stack.left.mass : 1;
  const kL = Math.sqrt((stack.left.mass * (energy - stack.left.V)) / C);
  const yr = fL * zr;
  const yi = fL * zi;
  // r = (ik − y)/(ik + y); t = 2ik/((ik + y)·ψ(0)/ψ(L))
  const ar = yr;
  const ai = kL + yi;
  const aa = ar * ar + ai * ai;
  const br = -yr;
  const bi = kL - yi;
  const r = { re: (br * ar + bi * ai) / aa, im: (bi * ar - br * ai) / aa };
  const logTre = Math.log(2 * kL) - 0.5 * Math.log(aa) - lr;
  const logTim = Math.PI / 2 - Math.atan2(ai, ar) - li;
  const reflection = r.re * r.re + r.im * r.im;
  let logTransmission = -Infinity;
  let transmission = 0;
  if (rightOpen) {
    logTransmission = Math.log(kR / fR) - Math.log(kL / fL) + 2 * logTre;
    transmission = Math.exp(logTransmission);
  }
  return {
    energy,
    transmission,
    logTransmission,
    reflection,
    unitarityDefect: reflection + transmission - 1,
    logT: { re: logTre, im: logTim },
    r,
    kLeft: kL,
    kRight: rightOpen ? kR : 0,
    matching,
    ...(profile ? { profile } : {}),
  };
}

function mirrorForScatter(stack: Stack): Stack {
  return {
    left: stack.right,
    right: stack.left,
    thickness: stack.thickness.slice().reverse(),
    V: stack.V.slice().reverse(),
    mass: stack.mass.slice().reverse(),
  };
}

/** Flux transmission T(E) only (the hot path of J(V) and of energy scans). */
export function transmission(stack: Stack, energy: number, matching: Matching = 'bdd'): number {
  return scatter(stack, energy, { matching }).transmission;
}

/** Positions (nm) of the layer interfaces: x[0] = 0, x[n] = L. */
export function interfaces(stack: Stack): Float64Array {
  const x = new Float64Array(stack.thickness.length + 1);
  for (let j = 0; j < stack.thickness.length; j++) x[j + 1] = x[j]! + stack.thickness[j]!;
  return x;
}

/**
 * ln ψ(x) inside layer j, a distance u ∈ [0, d_j] to the left of the layer's right end, relative to
 * ψ there: the same closed forms as the propagation step, so no exponential is ever formed.
 */
function logPsiInLayer(stack: Stack, j: number, energy: number, yr: number, yi: number, u: number): [number, number] {
  const m = stack.mass[j]!;
  const dv = stack.V[j]! - energy;
  let dr: number, di: number, base = 0;
  if (dv > 0) {
    const kappa = Math.sqrt((m * dv) / HBAR2_OVER_2M0);
    const x = kappa * u;
    const g = x < 1e-8 ? u : Math.tanh(x) / kappa;
    dr = 1 - yr * g;
    di = -yi * g;
    base = logCosh(x);
  } else {
    const k = Math.sqrt((-m * dv) / HBAR2_OVER_2M0);
    const x = k * u;
    const s = x < 1e-8 ? u : Math.sin(x) / k;
    dr = Math.cos(x) - yr * s;
    di = -yi * s;
  }
  return [base + 0.5 * Math.log(dr * dr + di * di), Math.atan2(di, dr)];
}

/** ψ(x) of the left-incident scattering state (incident amplitude 1) at the given positions. */
export function wavefunction(stack: Stack, energy: number, xs: ArrayLike<number>, matching: Matching = 'bdd'): { re: Float64Array; im: Float64Array; density: Float64Array } {
  const s = scatter(stack, energy, { matching, keepProfile: true });
  if (!(energy > stack.left.V)) throw new ParameterError('energy', energy, `> ${stack.left.V} eV`, 'ψ is drawn for incidence from the left lead');
  const edges = interfaces(stack);
  const L = edges[edges.length - 1]!;
  const p = s.profile!;
  const re = new Float64Array(xs.length);
  const im = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    let a: number, b: number;
    if (x < 0) {
      const k = s.kLeft;
      a = Math.cos(k * x) + s.r.re * Math.cos(k * x) + s.r.im * Math.sin(k * x);
      b = Math.sin(k * x) + s.r.im * Math.cos(k * x) - s.r.re * Math.sin(k * x);
    } else if (x >= L) {
      const dv = stack.right.V - energy;
      const k = Math.sqrt((stack.right.mass * Math.abs(dv)) / HBAR2_OVER_2M0);
      const lr = s.logT.re + (dv > 0 ? -k * (x - L) : 0);
      const li = s.logT.im + (dv > 0 ? 0 : k * (x - L));
      a = Math.exp(lr) * Math.cos(li);
      b = Math.exp(lr) * Math.sin(li);
    } else {
      let j = 0;
      while (j < stack.thickness.length - 1 && x >= edges[j + 1]!) j++;
      const [lr, li] = logPsiInLayer(stack, j, energy, p.yRe[j]!, p.yIm[j]!, edges[j + 1]! - x);
      const totRe = s.logT.re + p.logPsiRe[j]! + lr;
      const totIm = s.logT.im + p.logPsiIm[j]! + li;
      a = Math.exp(totRe) * Math.cos(totIm);
      b = Math.exp(totRe) * Math.sin(totIm);
    }
    re[i] = a;
    im[i] = b;
  }
  const density = re.map((v, i) => v * v + im[i]! * im[i]!);
  return { re, im, density };
}

// 8-point Gauss–Legendre nodes and weights on [−1, 1].
const GL_X = [-0.9602898564975363, -0.7966664774136267, -0.5255324099163290, -0.1834346424956498, 0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363];
const GL_W = [0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.3626837833783620, 0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763];

/**
 * ∫₀ᴸ |ψ|² dx for the left-incident state (incident amplitude 1): 8-point Gauss–Legendre on
 * sub-intervals no wider than 1/max(k, κ), where |ψ|² varies by at most e² per panel, so the
 * quadrature error is far below 1e-12 relative.
 */
export function probabilityInside(stack: Stack, energy: number, matching: Matching = 'bdd'): number {
  const s = scatter(stack, energy, { matching, keepProfile: true });
  const p = s.profile!;
  let total = 0;
  for (let j = 0; j < stack.thickness.length; j++) {
    const d = stack.thickness[j]!;
    const q = Math.sqrt((stack.mass[j]! * Math.abs(stack.V[j]! - energy)) / HBAR2_OVER_2M0);
    const panels = Math.max(1, Math.ceil(d * q));
    const h = d / panels;
    let sum = 0;
    for (let panel = 0; panel < panels; panel++) {
      for (let g = 0; g < 8; g++) {
        const u = (panel + 0.5) * h + 0.5 * h * GL_X[g]!;
        const [lr] = logPsiInLayer(stack, j, energy, p.yRe[j]!, p.yIm[j]!, u);
        sum += GL_W[g]! * Math.exp(2 * (s.logT.re + p.logPsiRe[j]! + lr));
      }
    }
    total += 0.5 * h * sum;
  }
  return total;
}

/** Group velocity ħk/m* in nm/fs. */
export function velocity(k: number, mass: number): number {
  return (HBAR_OVER_M0 * k) / mass;
}

export function stackOf(structure: Structure | Stack, maxSlice?: number): Stack {
  return 'segments' in structure ? discretize(structure, maxSlice) : structure;
}

export { HBAR_EV_FS };
