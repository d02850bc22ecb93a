/**
 * Hierarchical equations of motion (Tanimura & Kubo, J. Phys. Soc. Jpn. 58, 101 (1989); the
 * Matsubara-expanded form with the Ishizaki–Tanimura terminator, J. Phys. Soc. Jpn. 74, 3131 (2005))
 * for the spin-boson model of ./spin-boson.ts with a Drude–Lorentz bath, J(ω) = 2λγω/(ω² + γ²):
 * numerically exact as the depth L and the Matsubara count K grow, for any bias and temperature.
 *
 * H_S = −(Δ₀/2)σ_x − (ε/2)σ_z, coupling Q⊗X with Q = σ_z/2 and
 *   C(t) = ⟨X(t)X(0)⟩ = Σ_{k=0}^{K} c_k e^{−ν_k t} (+ a δ-correlated remainder),
 *   ν₀ = γ, c₀ = λγ[cot(γ/2T) − i];  ν_k = 2πkT, c_k = 4λγT ν_k/(ν_k² − γ²).
 *   dρ_n/dt = −i[H_S, ρ_n] − (Σ n_kν_k)ρ_n − i Σ_k [Q, ρ_{n+e_k}]
 *             − i Σ_k n_k(c_k Qρ_{n−e_k} − c_k* ρ_{n−e_k}Q) − R[Q, [Q, ρ_n]],
 * with R = Σ_{k>K} c_k/ν_k summed in closed form. Q is diagonal, so every commutator is a scaling
 * of matrix elements. RK4 in time.
 */
import { ParameterError, requireInRange, requireInteger } from '../parameters.js';
import type { DrudeBath, SpinBoson, Trajectory } from './spin-boson.js';

export interface HeomOptions {
  /** Hierarchy depth L (tiers 0…L). */
  readonly depth: number;
  /** Matsubara terms K beyond the Drude pole. */
  readonly matsubara: number;
  readonly tMax: number;
  readonly dt: number;
  /**
   * Initial bath state: 'polarised' (equilibrated with the spin held at σ_z = +1, the preparation
   * NIBA assumes; made by evolving with Δ₀ = 0 first) or 'factorised' (ρ_S ⊗ e^{−H_B/T}).
   */
  readonly preparation?: 'polarised' | 'factorised';
  /** Initial spin: σ_z = +1 ('up', default) or (|↑⟩ + |↓⟩)/√2 ('superposition', factorised only). */
  readonly initial?: 'up' | 'superposition';
}

/** Exponents of C(t) and the terminator weight. */
export function drudeExponents(bath: DrudeBath, K: number): { nu: number[]; cRe: number[]; cIm: number[]; remainder: number } {
  const { lambda, gamma: g, temperature: T } = bath;
  const nu = [g];
  const cRe = [(lambda * g) / Math.tan(g / (2 * T))];
  const cIm = [-lambda * g];
  let explicit = 0;
  for (let k = 1; k <= K; k++) {
    const v = 2 * Math.PI * k * T;
    nu.push(v);
    const c = (4 * lambda * g * T * v) / (v * v - g * g);
    cRe.push(c);
    cIm.push(0);
    explicit += c / v;
  }
  // Σ_{k≥1} 4λγT/(ν_k² − γ²) = (λγ/π²T)Σ 1/(k² − x²), x = γ/2πT, and Σ 1/(k² − x²) = (1 − πx cot πx)/2x².
  const x = g / (2 * Math.PI * T);
  const total = ((lambda * g) / (Math.PI * Math.PI * T)) * ((1 - Math.PI * x / Math.tan(Math.PI * x)) / (2 * x * x));
  return { nu, cRe, cIm, remainder: total - explicit };
}

interface Hierarchy {
  readonly size: number;
  /** up[k][a] = index of n + e_k, or −1. */
  readonly up: Int32Array[];
  /** down[k][a] = index of n − e_k, or −1. */
  readonly down: Int32Array[];
  /** n_k of each ADO. */
  readonly count: Int32Array[];
}

function buildHierarchy(modes: number, depth: number): Hierarchy {
  const vectors: number[][] = [];
  const index = new Map<string, number>();
  const rec = (prefix: number[], left: number) => {
    if (prefix.length === modes) {
      index.set(prefix.join(','), vectors.length);
      vectors.push(prefix.slice());
      return;
    }
    for (let m = 0; m <= left; m++) {
      prefix.push(m);
      rec(prefix, left - m);
      prefix.pop();
    }
  };
  rec([], depth);
  const size = vectors.length;
  const up: Int32Array[] = [];
  const down: Int32Array[] = [];
  const count: Int32Array[] = [];
  for (let k = 0; k < modes; k++) {
    const u = new Int32Array(size).fill(-1);
    const d = new Int32Array(size).fill(-1);
    const c = new Int32Array(size);
    vectors.forEach((v, a) => {
      c[a] = v[k]!;
      const w = v.slice();
      w[k] = v[k]! + 1;
      u[a] = index.get(w.join(',')) ?? -1;
      if (v[k]! > 0) {
        w[k] = v[k]! - 1;
        d[a] = index.get(w.join(',')) ?? -1;
      }
    });
    up.push(u);
    down.push(d);
    count.push(c);
  }
  return { size, up, down, count };
}

/**
 * Largest RK4 step: the fastest ADO decays at L·max ν_k; RK4's real-axis stability limit is 2.79/rate,
 * 2.5/rate leaves a margin.
 */
export function heomMaxStep(sb: SpinBoson, depth: number, matsubara: number): number {
  const bath = sb.bath as DrudeBath;
  const nuMax = Math.max(bath.gamma, 2 * Math.PI * matsubara * bath.temperature);
  return 2.5 / (nuMax * depth + Math.abs(sb.delta) + Math.abs(sb.bias) + bath.lambda);
}

/** Number of auxiliary density operators: C(L + M, M) with M = K + 1 modes. */
export function hierarchySize(depth: number, matsubara: number): number {
  const m = matsubara + 1;
  let c = 1;
  for (let i = 1; i <= m; i++) c = (c * (depth + i)) / i;
  return Math.round(c);
}

/**
 * P(t) = ⟨σ_z⟩ from the hierarchy, starting from σ_z = +1. Also returns the full reduced density
 * matrix's coherence ρ_{↑↓}(t) (for the pure-dephasing check).
 */
export function heomDynamics(sb: SpinBoson, opts: HeomOptions): Trajectory & { coherenceRe: Float64Array; coherenceIm: Float64Array; ados: number } {
  if (sb.bath.kind !== 'drude') throw new ParameterError('bath', sb.bath.kind, 'drude', 'the hierarchy is built for the Drude–Lorentz bath');
  requireInRange('T', sb.bath.temperature, { min: 0, minInclusive: false });
  requireInRange('delta', sb.delta, { min: 0, minInclusive: true });
  requireInteger('depth', opts.depth, { min: 1, max: 40, minInclusive: true, maxInclusive: true });
  requireInteger('matsubara', opts.matsubara, { min: 0, max: 8, minInclusive: true, maxInclusive: true });
  if (hierarchySize(opts.depth, opts.matsubara) > 20000) throw new ParameterError('depth', opts.depth, 'a hierarchy of at most 20000 ADOs', 'too large');
  const bath = sb.bath;
  const ex = drudeExponents(bath, opts.matsubara);
  const modes = ex.nu.length;
  const hier = buildHierarchy(modes, opts.depth);
  const q = [0.5, -0.5];
  const stride = 8; // 2×2 complex, row-major (re, im)
  const N = hier.size * stride;
  requireInRange('dt', opts.dt, { min: 0, minInclusive: false, max: heomMaxStep(sb, opts.depth, opts.matsubara), maxInclusive: true });
  const steps = Math.round(opts.tMax / opts.dt);
  if (steps < 1) throw new ParameterError('t_max', opts.tMax, `[${opts.dt}, ∞)`, 'shorter than one step');
  // Damping of each ADO: Σ n_kν_k.
  const gammaSum = new Float64Array(hier.size);
  for (let a = 0; a < hier.size; a++) for (let k = 0; k < modes; k++) gammaSum[a] = gammaSum[a]! + hier.count[k]![a]! * ex.nu[k]!;

  const derivative = (delta: number, y: Float64Array, out: Float64Array) => {
    // H_S = [[−ε/2, −Δ/2], [−Δ/2, ε/2]] (real symmetric)
    const h00 = -sb.bias / 2;
    const h11 = sb.bias / 2;
    const h01 = -delta / 2;
    for (let a = 0; a < hier.size; a++) {
      const o = a * stride;
      // ρ = [[r00, r01], [r10, r11]] complex
      const r00 = y[o]!, i00 = y[o + 1]!, r01 = y[o + 2]!, i01 = y[o + 3]!;
      const r10 = y[o + 4]!, i10 = y[o + 5]!, r11 = y[o + 6]!, i11 = y[o + 7]!;
      // C = Hρ − ρH
      const c00r = h01 * (r10 - r01), c00i = h01 * (i10 - i01);
      const c01r = (h00 - h11) * r01 + h01 * (r11 - r00), c01i = (h00 - h11) * i01 + h01 * (i11 - i00);
      const c10r = (h11 - h00) * r10 + h01 * (r00 - r11), c10i = (h11 - h00) * i10 + h01 * (i00 - i11);
      const c11r = h01 * (r01 - r10), c11i = h01 * (i01 - i10);
      const g = gammaSum[a]!;
      // −i·C: (cr + i ci)(−i) = ci − i cr.  Terminator −R(q_i − q_j)² on off-diagonals (=1).
      const R = ex.remainder;
      out[o] = c00i - g * r00;
      out[o + 1] = -c00r - g * i00;
      out[o + 2] = c01i - g * r01 - R * r01;
      out[o + 3] = -c01r - g * i01 - R * i01;
      out[o + 4] = c10i - g * r10 - R * r10;
      out[o + 5] = -c10r - g * i10 - R * i10;
      out[o + 6] = c11i - g * r11;
      out[o + 7] = -c11r - g * i11;
      for (let k = 0; k < modes; k++) {
        const u = hier.up[k]![a]!;
        if (u >= 0) {
          // −i(q_i − q_j)ρ_up,ij: only off-diagonals, q_0 − q_1 = 1.
          const p = u * stride;
          out[o + 2] = out[o + 2]! + y[p + 3]!;
          out[o + 3] = out[o + 3]! - (y[p + 2]!);
          out[o + 4] = out[o + 4]! - (y[p + 5]!);
          out[o + 5] = out[o + 5]! + y[p + 4]!;
        }
        const d = hier.down[k]![a]!;
        if (d >= 0) {
          const n = hier.count[k]![a]!;
          const cr = ex.cRe[k]!, ci = ex.cIm[k]!;
          const p = d * stride;
          for (let i = 0; i < 2; i++) {
            for (let j = 0; j < 2; j++) {
              // −i n (c q_i − c* q_j) ρ_ij
              const fr = cr * (q[i]! - q[j]!);
              const fi = ci * (q[i]! + q[j]!);
              const er = y[p + 4 * i + 2 * j]!, ei = y[p + 4 * i + 2 * j + 1]!;
              // (fr + i fi)(er + i ei) = (fr er − fi ei) + i(fr ei + fi er); times −i n
              const zr = fr * er - fi * ei, zi = fr * ei + fi * er;
              out[o + 4 * i + 2 * j] = out[o + 4 * i + 2 * j]! + n * zi;
              out[o + 4 * i + 2 * j + 1] = out[o + 4 * i + 2 * j + 1]! - (n * zr);
            }
          }
        }
      }
    }
  };
  const k1 = new Float64Array(N), k2 = new Float64Array(N), k3 = new Float64Array(N), k4 = new Float64Array(N), tmp = new Float64Array(N);
  const step = (delta: number, y: Float64Array, h: number) => {
    derivative(delta, y, k1);
    for (let i = 0; i < N; i++) tmp[i] = y[i]! + 0.5 * h * k1[i]!;
    derivative(delta, tmp, k2);
    for (let i = 0; i < N; i++) tmp[i] = y[i]! + 0.5 * h * k2[i]!;
    derivative(delta, tmp, k3);
    for (let i = 0; i < N; i++) tmp[i] = y[i]! + h * k3[i]!;
    derivative(delta, tmp, k4);
    for (let i = 0; i < N; i++) y[i] = y[i]! + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
  };
  const y = new Float64Array(N);
  const superposition = opts.initial === 'superposition';
  if (superposition) {
    y[0] = 0.5;
    y[2] = 0.5;
    y[4] = 0.5;
    y[6] = 0.5;
  } else y[0] = 1; // ρ = |↑⟩⟨↑|, all ADOs zero: factorised
  if (!superposition && (opts.preparation ?? 'polarised') === 'polarised') {
    // With Δ₀ = 0 the spin stays up while the ADOs relax to the bath displaced by the up spin.
    const tPrep = 30 / Math.min(...ex.nu);
    const nPrep = Math.ceil(tPrep / opts.dt);
    for (let s = 0; s < nPrep; s++) step(0, y, opts.dt);
  }
  const t = new Float64Array(steps + 1);
  const P = new Float64Array(steps + 1);
  const coherenceRe = new Float64Array(steps + 1);
  const coherenceIm = new Float64Array(steps + 1);
  const record = (s: number) => {
    t[s] = s * opts.dt;
    P[s] = y[0]! - y[6]!;
    coherenceRe[s] = y[2]!;
    coherenceIm[s] = y[3]!;
  };
  record(0);
  for (let s = 1; s <= steps; s++) {
    step(sb.delta, y, opts.dt);
    record(s);
  }
  return { t, P, coherenceRe, coherenceIm, ados: hier.size };
}
