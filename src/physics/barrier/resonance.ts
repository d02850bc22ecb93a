/**
 * Resonances of T(E) (positions, peak heights, widths) and the Tsu–Esaki current of a resonant-
 * tunnelling diode.
 *
 * Finding resonances: a resonance of width Γ turns arg t by ≈ π within a few Γ, even when Γ is far
 * below any grid spacing; so a coarse energy grid is scanned for local maxima of T and for steps of
 * arg t larger than 1 rad, and each bracket is narrowed by bisection on the phase before the peak
 * is polished by golden-section search on ln T. Widths: the full width at half maximum (bisection
 * on T − T_peak/2) and a Lorentzian fit, 1/T ≈ (1/T_peak)[1 + (2(E − E_r)/Γ)²], from the
 * curvature of 1/T at the peak.
 */
import { ParameterError } from '../parameters.js';
import type { Stack, Structure } from './structure.js';
import { applyBias, discretize } from './structure.js';
import { scatter } from './transfer.js';
import { BOLTZMANN_EV_PER_K, TSU_ESAKI_A_PER_M2_EV2 } from './units.js';

export interface Resonance {
  energy: number;
  peakTransmission: number;
  /** Full width at half maximum of T(E) (eV). */
  fwhm: number;
  /** Width from the Lorentzian curvature of 1/T at the peak (eV). */
  lorentzianWidth: number;
}

const wrap = (p: number) => p - 2 * Math.PI * Math.round(p / (2 * Math.PI));

interface Sample {
  E: number;
  logT: number;
  phase: number;
}

function sample(stack: Stack, E: number): Sample {
  const s = scatter(stack, E);
  return { E, logT: s.logTransmission, phase: s.logT.im };
}

function goldenMax(f: (x: number) => number, a: number, b: number, tol: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < 200 && b - a > tol; i++) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return 0.5 * (a + b);
}

export interface ResonanceOptions {
  /** Energy window (eV); defaults from the leads' edges up by 1 eV. */
  min?: number;
  max?: number;
  /** Coarse grid points (default 400). */
  points?: number;
}

export function findResonances(stack: Stack, options: ResonanceOptions = {}): Resonance[] {
  const floor = Math.max(stack.left.V, stack.right.V);
  const lo = Math.max(options.min ?? floor, floor + 1e-9);
  const hi = options.max ?? floor + 1;
  if (!(hi > lo)) throw new ParameterError('energy window', `${lo}..${hi}`, 'max > min > the higher lead band edge');
  const n = options.points ?? 400;
  const grid: Sample[] = [];
  for (let i = 0; i <= n; i++) grid.push(sample(stack, lo + ((hi - lo) * i) / n));
  const brackets: [number, number][] = [];
  for (let i = 1; i < n; i++) {
    if (grid[i]!.logT > grid[i - 1]!.logT && grid[i]!.logT >= grid[i + 1]!.logT) brackets.push([grid[i - 1]!.E, grid[i + 1]!.E]);
  }
  for (let i = 0; i < n; i++) {
    let a = grid[i]!;
    let b = grid[i + 1]!;
    if (Math.abs(wrap(b.phase - a.phase)) < 1) continue;
    // Narrow to the sub-interval that carries the phase step.
    for (let it = 0; it < 60 && b.E - a.E > 1e-15 * Math.max(1, Math.abs(a.E)); it++) {
      const m = sample(stack, 0.5 * (a.E + b.E));
      const left = Math.abs(wrap(m.phase - a.phase));
      const right = Math.abs(wrap(b.phase - m.phase));
      if (left >= right) b = m;
      else a = m;
      if (Math.max(left, right) < 0.3) break;
    }
    const w = b.E - a.E;
    brackets.push([Math.max(lo, a.E - 2 * w), Math.min(hi, b.E + 2 * w)]);
  }
  const found: Resonance[] = [];
  for (const [a, b] of brackets) {
    const logT = (E: number) => scatter(stack, E).logTransmission;
    const Er = goldenMax(logT, a, b, 1e-13 * Math.max(1, Math.abs(b)));
    if (found.some((r) => Math.abs(r.energy - Er) < 1e-9 + 1e-3 * r.fwhm)) continue;
    const res = describePeak(stack, Er, lo, hi);
    if (res && !found.some((r) => Math.abs(r.energy - res.energy) < 0.25 * Math.max(r.fwhm, res.fwhm))) found.push(res);
  }
  return found.sort((x, y) => x.energy - y.energy);
}

function describePeak(stack: Stack, Er: number, lo: number, hi: number): Resonance | null {
  const T = (E: number) => scatter(stack, E).transmission;
  const Tp = T(Er);
  if (!(Tp > 0)) return null;
  const half = (dir: -1 | 1): number | null => {
    let step = 1e-12 * Math.max(1, Math.abs(Er));
    let inner = Er;
    let outer = Er + dir * step;
    while (T(outer) > Tp / 2) {
      inner = outer;
      step *= 2;
      outer = Er + dir * step;
      if (outer < lo || outer > hi) return null;
    }
    for (let it = 0; it < 80; it++) {
      const mid = 0.5 * (inner + outer);
      if (T(mid) > Tp / 2) inner = mid;
      else outer = mid;
    }
    return 0.5 * (inner + outer);
  };
  const a = half(-1);
  const b = half(1);
  if (a === null || b === null) return null;
  const fwhm = b - a;
  const h = fwhm / 20;
  const g = (E: number) => 1 / T(E);
  const curvature = (g(Er + h) - 2 * g(Er) + g(Er - h)) / (h * h);
  const lorentzianWidth = Math.sqrt(8 / (Tp * curvature));
  return { energy: Er, peakTransmission: Tp, fwhm, lorentzianWidth };
}

export interface CurrentOptions {
  /** Temperature (K). */
  temperature: number;
  /** Emitter Fermi level above its band edge (eV). */
  fermiEnergy: number;
  /** Largest slice for the biased (linear) layers (nm). */
  maxSlice?: number;
  /** Relative tolerance of the energy integral (default 1e-5). */
  tolerance?: number;
}

export interface CurrentPoint {
  bias: number;
  /** Current density (A/cm²). */
  current: number;
  /** T(E) evaluations used. */
  evaluations: number;
  resonances: number[];
}

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * Tsu–Esaki: J = (e m*_e k_BT/2π²ħ³) ∫ T(E_z) ln[(1 + e^{(μ_L−E_z)/k_BT})/(1 + e^{(μ_R−E_z)/k_BT})] dE_z,
 * with μ_L = E_F above the emitter edge, μ_R = μ_L − eV, the transverse motion free with the
 * emitter's mass (the usual approximation), and the bias falling linearly across all layers.
 */
export function tsuEsakiCurrent(structure: Structure, bias: number, options: CurrentOptions): CurrentPoint {
  if (!(options.temperature > 0)) throw new ParameterError('temperature', options.temperature, '(0, ∞) K');
  const kT = BOLTZMANN_EV_PER_K * options.temperature;
  const biased = applyBias(structure, bias);
  const stack = discretize(biased, options.maxSlice ?? 0.1);
  const muL = structure.left.V + options.fermiEnergy;
  const muR = muL - bias;
  const floor = Math.max(stack.left.V, stack.right.V);
  const top = Math.max(muL, muR) + 40 * kT;
  let evaluations = 0;
  const supply = (E: number) => softplus((muL - E) / kT) - softplus((muR - E) / kT);
  const f = (E: number) => {
    evaluations++;
    if (E <= floor) return 0;
    return scatter(stack, E).transmission * supply(E);
  };
  const resonances = top > floor ? findResonances(stack, { min: floor, max: top, points: 80 }) : [];
  // Breakpoints around each resonance so that adaptive Simpson sees every peak.
  const breaks = new Set<number>([floor + 1e-12, top]);
  const nCoarse = 64;
  for (let i = 1; i < nCoarse; i++) breaks.add(floor + ((top - floor) * i) / nCoarse);
  for (const r of resonances) {
    const w = Math.max(r.fwhm, 1e-12);
    for (let s = 0.25; s * w < top - floor; s *= 2) {
      for (const E of [r.energy - s * w, r.energy + s * w]) if (E > floor && E < top) breaks.add(E);
    }
    breaks.add(r.energy);
  }
  const pts = [...breaks].sort((a, b) => a - b);
  const tol = options.tolerance ?? 1e-5;
  // First pass: Simpson on each panel to get the scale of the integral.
  const panels = pts.slice(1).map((b, i) => {
    const a = pts[i]!;
    const fa = f(a);
    const fb = f(b);
    const fm = f(0.5 * (a + b));
    return { a, b, fa, fm, fb, s: ((b - a) * (fa + 4 * fm + fb)) / 6 };
  });
  const scale = Math.abs(panels.reduce((acc, p) => acc + p.s, 0));
  let integral = 0;
  const adapt = (a: number, b: number, fa: number, fm: number, fb: number, whole: number, eps: number, depth: number): number => {
    const m = 0.5 * (a + b);
    const flm = f(0.5 * (a + m));
    const frm = f(0.5 * (m + b));
    const left = ((m - a) * (fa + 4 * flm + fm)) / 6;
    const right = ((b - m) * (fm + 4 * frm + fb)) / 6;
    if (depth > 40 || Math.abs(left + right - whole) <= 15 * eps) return left + right + (left + right - whole) / 15;
    return adapt(a, m, fa, flm, fm, left, eps / 2, depth + 1) + adapt(m, b, fm, frm, fb, right, eps / 2, depth + 1);
  };
  for (const p of panels) integral += adapt(p.a, p.b, p.fa, p.fm, p.fb, p.s, (tol * Math.max(scale, 1e-300) * (p.b - p.a)) / (top - floor), 0);
  const mass = structure.left.mass;
  const current = (TSU_ESAKI_A_PER_M2_EV2 * mass * kT * integral) / 1e4;
  return { bias, current, evaluations, resonances: resonances.map((r) => r.energy) };
}

export function currentVoltage(structure: Structure, biases: number[], options: CurrentOptions): CurrentPoint[] {
  return biases.map((V) => tsuEsakiCurrent(structure, V, options));
}
