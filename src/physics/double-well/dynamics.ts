/**
 * Dynamics of the continuous double well: coherent tunnelling of a wave packet, and decoherence by
 * the high-temperature Caldeira–Leggett master equation (physics.md §12),
 *
 *   dρ/dt = −(i/ħ)[H, ρ] − (iγ/ħ)[x, {p, ρ}] − (D/ħ²)[x, [x, ρ]],   D = 2mγk_BT,
 *
 * in position representation ∂ₜρ(x, x′) ⊃ −(D/ħ²)(x − x′)²ρ(x, x′): coherence between points a
 * distance x − x′ apart dies at D(x − x′)²/ħ². γ is half the classical momentum relaxation rate
 * (ẍ + 2γẋ + V′/m = noise), the convention of Caldeira & Leggett, Physica A 121, 587 (1983).
 *
 * Representation: ρ(x, x′) on the Numerov grid, expanded in the lowest M eigenfunctions of H
 * computed on that grid (both parity sectors), ρ(x, x′) = Σ ρ_nm ψ_n(x)ψ_m(x′). In that basis x_nm and
 * the left-well projector Θ_nm = ∫_{x<0}ψ_nψ_m are integrals of grid functions, p_nm = i m(E_n − E_m)
 * x_nm/ħ is exact for eigenstates, and the Liouvillian is an M²×M² matrix whose exponential
 * (scaling and squaring) propagates ρ exactly in time. Convergence in M replaces a spatial grid
 * study for ρ; the eigenfunctions carry the Numerov grid's O(h⁴) accuracy.
 *
 * Assumptions of the master equation: Ohmic bath, Born–Markov, k_BT ≫ ħω and ≫ ħγ (only then is
 * the bath noise white). Below that it is not of Lindblad form and can make ρ non-positive at short
 * times; the Diósi term −(γ/8mk_BT)[p, [p, ρ]] (option `lindblad`) restores Lindblad form at the
 * price of a small extra momentum diffusion.
 */
import { ParameterError, requireInRange, requireInteger } from '../parameters.js';
import type { SymmetricWell } from './potential.js';
import { defaultPoints, sectorState, simpson, type SectorState } from './splitting.js';

/** A truncated energy eigenbasis: levels sorted upwards, real symmetric x and Θ (M×M, row-major). */
export interface EigenBasis {
  readonly size: number;
  readonly energies: Float64Array;
  readonly x: Float64Array;
  /** Left-well projector Θ_nm = ∫_{x<0} ψ_nψ_m dx. */
  readonly left: Float64Array;
  readonly mass: number;
  readonly hbar: number;
}

export interface DoubleWellBasis extends EigenBasis {
  readonly states: SectorState[];
}

/** The lowest `levelsPerSector` even and odd eigenstates of the well, interleaved by energy. */
export function doubleWellBasis(well: SymmetricWell, levelsPerSector: number, n = defaultPoints(well)): DoubleWellBasis {
  requireInteger('levels per sector', levelsPerSector, { min: 1, max: 40, minInclusive: true, maxInclusive: true });
  const states: SectorState[] = [];
  for (let k = 0; k < levelsPerSector; k++) {
    states.push(sectorState(well, 'even', k, n));
    states.push(sectorState(well, 'odd', k, n));
  }
  states.sort((a, b) => a.energy - b.energy);
  const M = states.length;
  const h = states[0]!.h;
  const norms = states.map((s) => 1 / Math.sqrt(2 * s.halfNorm));
  const x = new Float64Array(M * M);
  const left = new Float64Array(M * M);
  const buf = new Float64Array(n + 1);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < M; j++) {
      const a = states[i]!;
      const b = states[j]!;
      if (a.parity === b.parity) {
        left[i * M + j] = i === j ? 0.5 : 0;
        continue;
      }
      const nn = norms[i]! * norms[j]!;
      for (let g = 0; g <= n; g++) buf[g] = a.u[g]! * b.u[g]! * g * h;
      x[i * M + j] = 2 * nn * simpson(buf, h);
      for (let g = 0; g <= n; g++) buf[g] = a.u[g]! * b.u[g]!;
      left[i * M + j] = -nn * simpson(buf, h);
    }
  }
  return { size: M, energies: Float64Array.from(states.map((s) => s.energy)), x, left, mass: well.mass, hbar: well.hbar, states };
}

/** Harmonic oscillator ħ = m = ω = 1, levels 0…M−1: x_{n,n+1} = √((n+1)/2). Θ is not meaningful. */
export function harmonicBasis(M: number): EigenBasis {
  const x = new Float64Array(M * M);
  for (let k = 0; k + 1 < M; k++) {
    x[k * M + k + 1] = Math.sqrt((k + 1) / 2);
    x[(k + 1) * M + k] = Math.sqrt((k + 1) / 2);
  }
  return { size: M, energies: Float64Array.from({ length: M }, (_, k) => k + 0.5), x, left: new Float64Array(M * M), mass: 1, hbar: 1 };
}

/** Expansion coefficients of a real wave function ψ(x) on the whole line in a double-well basis. */
export function expand(basis: DoubleWellBasis, psi: (x: number) => number): Float64Array {
  const c = new Float64Array(basis.size);
  basis.states.forEach((s, i) => {
    const n = s.u.length - 1;
    const buf = new Float64Array(n + 1);
    const sign = s.parity === 'even' ? 1 : -1;
    for (let g = 0; g <= n; g++) buf[g] = s.u[g]! * (psi(g * s.h) + sign * psi(-g * s.h));
    c[i] = simpson(buf, s.h) / Math.sqrt(2 * s.halfNorm);
  });
  return c;
}

/** P_L(t) of a pure state with real coefficients c: Σ c_n c_m cos((E_n − E_m)t/ħ) Θ_nm. */
export function coherentLeftProbability(basis: EigenBasis, c: Float64Array, t: number): number {
  const M = basis.size;
  let s = 0;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < M; j++) {
      const th = basis.left[i * M + j]!;
      if (th === 0) continue;
      s += c[i]! * c[j]! * th * Math.cos(((basis.energies[i]! - basis.energies[j]!) * t) / basis.hbar);
    }
  }
  return s;
}

/** Two-level result P_L(t) = cos²(Δ₀t/2ħ) for the state (ψ₊ − ψ₋)/√2. */
export function twoLevelLeftProbability(splitting: number, t: number, hbar = 1): number {
  return Math.cos((splitting * t) / (2 * hbar)) ** 2;
}

export interface CaldeiraLeggett {
  /** γ (half the momentum relaxation rate). */
  readonly gamma: number;
  /** k_BT. */
  readonly temperature: number;
  /** Add the Diósi term −(γ/8mk_BT)[p, [p, ρ]] (Lindblad form). */
  readonly lindblad?: boolean;
}

/** Off-diagonal decay rate D(x − x′)²/ħ² = 2mγk_BT(x − x′)²/ħ² (physics.md §12). */
export function decoherenceRate(p: CaldeiraLeggett, separation: number, mass = 1, hbar = 1): number {
  return (2 * mass * p.gamma * p.temperature * separation * separation) / (hbar * hbar);
}

/** Complex M×M as separate real and imaginary parts. */
export interface CMat {
  re: Float64Array;
  im: Float64Array;
}

function cmul(a: CMat, b: CMat, n: number): CMat {
  const re = new Float64Array(n * n);
  const im = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const ar = a.re[i * n + k]!;
      const ai = a.im[i * n + k]!;
      if (ar === 0 && ai === 0) continue;
      const row = k * n;
      const out = i * n;
      for (let j = 0; j < n; j++) {
        const br = b.re[row + j]!;
        const bi = b.im[row + j]!;
        re[out + j] = re[out + j]! + ar * br - ai * bi;
        im[out + j] = im[out + j]! + ar * bi + ai * br;
      }
    }
  }
  return { re, im };
}

/** p_nm = i m(E_n − E_m)x_nm/ħ, exact for eigenstates: purely imaginary, returned as its imaginary part. */
function momentumImag(basis: EigenBasis): Float64Array {
  const M = basis.size;
  const P = new Float64Array(M * M);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < M; j++) P[i * M + j] = (basis.mass * (basis.energies[i]! - basis.energies[j]!) * basis.x[i * M + j]!) / basis.hbar;
  }
  return P;
}

function requireBath(p: CaldeiraLeggett): void {
  requireInRange('gamma', p.gamma, { min: 0, minInclusive: true });
  requireInRange('T', p.temperature, { min: 0, minInclusive: true });
  if (p.lindblad && !(p.temperature > 0)) throw new ParameterError('T', p.temperature, '(0, ∞)', 'the Lindblad (Diósi) term needs T > 0');
}

/**
 * dρ/dt of the plain Caldeira–Leggett equation for one density matrix ρ (M×M complex):
 * −(i/ħ)[H, ρ] − (iγ/ħ)[x, {p, ρ}] − (D/ħ²)[x, [x, ρ]].
 */
export function masterEquationRate(basis: EigenBasis, p: CaldeiraLeggett, rho: CMat): CMat {
  requireBath(p);
  if (p.lindblad) {
    const g = lindbladGenerator(basis, p);
    const M = basis.size;
    const a = cmul(g.K, rho, M);
    const b = cmul(rho, g.Kt, M);
    const c = cmul(cmul(g.A, rho, M), g.At, M);
    return { re: a.re.map((v, q) => v + b.re[q]! + c.re[q]!), im: a.im.map((v, q) => v + b.im[q]! + c.im[q]!) };
  }
  const M = basis.size;
  const N = M * M;
  const { mass: m, hbar } = basis;
  const X: CMat = { re: Float64Array.from(basis.x), im: new Float64Array(N) };
  const P: CMat = { re: new Float64Array(N), im: momentumImag(basis) };
  const D = 2 * m * p.gamma * p.temperature;
  const comm = (A: CMat, B: CMat): CMat => {
    const ab = cmul(A, B, M);
    const ba = cmul(B, A, M);
    return { re: ab.re.map((v, q) => v - ba.re[q]!), im: ab.im.map((v, q) => v - ba.im[q]!) };
  };
  const pr = cmul(P, rho, M);
  const rp = cmul(rho, P, M);
  const anti: CMat = { re: pr.re.map((v, q) => v + rp.re[q]!), im: pr.im.map((v, q) => v + rp.im[q]!) };
  const friction = comm(X, anti);
  const double = comm(X, comm(X, rho));
  const out: CMat = { re: new Float64Array(N), im: new Float64Array(N) };
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < M; j++) {
      const q = i * M + j;
      const w = (basis.energies[i]! - basis.energies[j]!) / hbar;
      // −iwρ − (iγ/ħ)F − (D/ħ²)C, with −i(a + ib) = b − ia
      out.re[q] = w * rho.im[q]! + (p.gamma / hbar) * friction.im[q]! - (D / (hbar * hbar)) * double.re[q]!;
      out.im[q] = -w * rho.re[q]! - (p.gamma / hbar) * friction.re[q]! - (D / (hbar * hbar)) * double.im[q]!;
    }
  }
  return out;
}

/**
 * The Liouvillian as an M²×M² complex matrix acting on vec(ρ), index i·M + j: column k·M + l is the
 * rate of the unit matrix e_kl.
 */
export function liouvillian(basis: EigenBasis, p: CaldeiraLeggett): CMat {
  requireBath(p);
  if (p.lindblad) return lindbladLiouvillian(basis, p);
  const M = basis.size;
  const N = M * M;
  const L: CMat = { re: new Float64Array(N * N), im: new Float64Array(N * N) };
  for (let col = 0; col < N; col++) {
    const unit: CMat = { re: new Float64Array(N), im: new Float64Array(N) };
    unit.re[col] = 1;
    const r = masterEquationRate(basis, p, unit);
    for (let q = 0; q < N; q++) {
      L.re[q * N + col] = r.re[q]!;
      L.im[q * N + col] = r.im[q]!;
    }
  }
  return L;
}

/**
 * Caldeira–Leggett plus the Diósi term written as one Lindblad dissipator (identical in the full
 * space, where [x, p] = iħ): dρ/dt = −(i/ħ)[H + (γ/2){x, p}, ρ] + AρA† − ½{A†A, ρ} with
 * A = μx + iνp, μ² = 4mγk_BT/ħ², ν² = γ/4mk_BT (so μν = γ/ħ reproduces the friction term and
 * ν²/2 the Diósi term). Written this way the truncated generator is itself of Lindblad form, so
 * ρ stays positive in the truncated basis too.
 */
function lindbladGenerator(basis: EigenBasis, p: CaldeiraLeggett): { K: CMat; Kt: CMat; A: CMat; At: CMat } {
  const M = basis.size;
  const N = M * M;
  const { mass: m, hbar } = basis;
  const Pim = momentumImag(basis);
  const mu = Math.sqrt(4 * m * p.gamma * p.temperature) / hbar;
  const nu = Math.sqrt(p.gamma / (4 * m * p.temperature));
  // A = μx + iν(iP) = μx − νP (real, since p = iP with P real antisymmetric).
  const A: CMat = { re: new Float64Array(N), im: new Float64Array(N) };
  const X: CMat = { re: Float64Array.from(basis.x), im: new Float64Array(N) };
  const Pc: CMat = { re: new Float64Array(N), im: Float64Array.from(Pim) }; // p = iP
  for (let q = 0; q < N; q++) A.re[q] = mu * basis.x[q]! - nu * Pim[q]!;
  const At: CMat = conjTranspose(A, M);
  const AtA = cmul(At, A, M);
  const XP = cmul(X, Pc, M);
  const PX = cmul(Pc, X, M);
  // K = −(i/ħ)(H + (γ/2){x,p}) − ½A†A
  const K: CMat = { re: new Float64Array(N), im: new Float64Array(N) };
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < M; j++) {
      const q = i * M + j;
      const hr = (i === j ? basis.energies[i]! : 0) + (p.gamma / 2) * (XP.re[q]! + PX.re[q]!);
      const hi = (p.gamma / 2) * (XP.im[q]! + PX.im[q]!);
      // −(i/ħ)(hr + i hi) = hi/ħ − i hr/ħ
      K.re[q] = hi / hbar - 0.5 * AtA.re[q]!;
      K.im[q] = -hr / hbar - 0.5 * AtA.im[q]!;
    }
  }
  return { K, Kt: conjTranspose(K, M), A, At };
}

function lindbladLiouvillian(basis: EigenBasis, p: CaldeiraLeggett): CMat {
  const M = basis.size;
  const N = M * M;
  const { K, Kt, A, At } = lindbladGenerator(basis, p);
  const L: CMat = { re: new Float64Array(N * N), im: new Float64Array(N * N) };
  // vec index i·M + j; L(ρ) = Kρ + ρK† + AρA†, so L[(i,j),(k,l)] = K_ik δ_jl + δ_ik K†_lj + A_ik A†_lj.
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < M; j++) {
      const row = (i * M + j) * N;
      for (let k = 0; k < M; k++) {
        for (let l = 0; l < M; l++) {
          const col = k * M + l;
          let re = A.re[i * M + k]! * At.re[l * M + j]! - A.im[i * M + k]! * At.im[l * M + j]!;
          let im = A.re[i * M + k]! * At.im[l * M + j]! + A.im[i * M + k]! * At.re[l * M + j]!;
          if (j === l) {
            re += K.re[i * M + k]!;
            im += K.im[i * M + k]!;
          }
          if (i === k) {
            re += Kt.re[l * M + j]!;
            im += Kt.im[l * M + j]!;
          }
          L.re[row + col] = re;
          L.im[row + col] = im;
        }
      }
    }
  }
  return L;
}

function conjTranspose(a: CMat, M: number): CMat {
  const re = new Float64Array(M * M);
  const im = new Float64Array(M * M);
  for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) {
    re[j * M + i] = a.re[i * M + j]!;
    im[j * M + i] = -a.im[i * M + j]!;
  }
  return { re, im };
}

/** exp(L·dt) by scaling and squaring with a degree-16 Taylor polynomial. */
export function propagator(L: CMat, N: number, dt: number): CMat {
  let norm = 0;
  for (let j = 0; j < N; j++) {
    let s = 0;
    for (let i = 0; i < N; i++) s += Math.hypot(L.re[i * N + j]!, L.im[i * N + j]!);
    norm = Math.max(norm, s);
  }
  norm *= Math.abs(dt);
  const squarings = Math.max(0, Math.ceil(Math.log2(norm / 0.25)));
  const scale = dt / 2 ** squarings;
  const A: CMat = { re: L.re.map((v) => v * scale), im: L.im.map((v) => v * scale) };
  // Horner: I + A(I + A/2(I + A/3(…)))
  let R: CMat = identity(N);
  for (let k = 16; k >= 1; k--) {
    const AR = cmul(A, R, N);
    R = { re: AR.re.map((v) => v / k), im: AR.im.map((v) => v / k) };
    for (let i = 0; i < N; i++) R.re[i * N + i] = R.re[i * N + i]! + 1;
  }
  for (let s = 0; s < squarings; s++) R = cmul(R, R, N);
  return R;
}

function identity(N: number): CMat {
  const re = new Float64Array(N * N);
  for (let i = 0; i < N; i++) re[i * N + i] = 1;
  return { re, im: new Float64Array(N * N) };
}

export interface DensityHistory {
  readonly t: Float64Array;
  /** ρ_nm(t) at each output time, vec(ρ) re and im. */
  readonly re: Float64Array[];
  readonly im: Float64Array[];
}

/** ρ(t_k), t_k = k·dt, k = 0…steps, from a pure initial state with real coefficients c. */
export function evolveMasterEquation(basis: EigenBasis, p: CaldeiraLeggett, c: Float64Array, dt: number, steps: number): DensityHistory {
  requireInteger('steps', steps, { min: 1, max: 100000, minInclusive: true, maxInclusive: true });
  requireInRange('dt', dt, { min: 0, minInclusive: false });
  const M = basis.size;
  const N = M * M;
  const U = propagator(liouvillian(basis, p), N, dt);
  let vr = new Float64Array(N);
  let vi = new Float64Array(N);
  for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) vr[i * M + j] = c[i]! * c[j]!;
  const t = new Float64Array(steps + 1);
  const re = [vr];
  const im = [vi];
  for (let s = 1; s <= steps; s++) {
    const nr = new Float64Array(N);
    const ni = new Float64Array(N);
    for (let q = 0; q < N; q++) {
      let sr = 0;
      let si = 0;
      const row = q * N;
      for (let r = 0; r < N; r++) {
        const ur = U.re[row + r]!;
        const ui = U.im[row + r]!;
        sr += ur * vr[r]! - ui * vi[r]!;
        si += ur * vi[r]! + ui * vr[r]!;
      }
      nr[q] = sr;
      ni[q] = si;
    }
    vr = nr;
    vi = ni;
    t[s] = s * dt;
    re.push(vr);
    im.push(vi);
  }
  return { t, re, im };
}

/** Tr(ρA) for a real symmetric A. */
export function expectation(basis: EigenBasis, rhoRe: Float64Array, A: Float64Array): number {
  const M = basis.size;
  let s = 0;
  for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) s += A[i * M + j]! * rhoRe[j * M + i]!;
  return s;
}

/** Real symmetric matrix product (for x², and −p² = (iP)² with P antisymmetric real). */
export function square(basis: EigenBasis, A: Float64Array): Float64Array {
  const M = basis.size;
  const out = new Float64Array(M * M);
  for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) {
    let s = 0;
    for (let k = 0; k < M; k++) s += A[i * M + k]! * A[k * M + j]!;
    out[i * M + j] = s;
  }
  return out;
}

/** p² in the basis: p = iP with P_nm = m(E_n − E_m)x_nm/ħ, so p² = −P². */
export function momentumSquared(basis: EigenBasis): Float64Array {
  return square(basis, momentumImag(basis)).map((v) => -v);
}

/** Smallest eigenvalue of ρ (a positivity probe; the Caldeira–Leggett equation does not guarantee ρ ≥ 0). */
export function lowestEigenvalue(basis: EigenBasis, rhoRe: Float64Array, rhoIm: Float64Array): number {
  // Jacobi on the Hermitian matrix embedded as a 2M×2M real symmetric [[R, −I], [I, R]].
  const M = basis.size;
  const n = 2 * M;
  const a = new Float64Array(n * n);
  for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) {
    const r = rhoRe[i * M + j]!;
    const im = rhoIm[i * M + j]!;
    a[i * n + j] = r;
    a[(i + M) * n + j + M] = r;
    a[i * n + j + M] = -im;
    a[(i + M) * n + j] = im;
  }
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-24) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const tt = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(tt * tt + 1);
        const s = tt * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  let min = Infinity;
  for (let i = 0; i < n; i++) min = Math.min(min, a[i * n + i]!);
  return min;
}
