/**
 * The two-mode Bose–Hubbard model of a bosonic Josephson junction (physics.md §13):
 *   H = −J(a†b + b†a) + (U/2)[n_a(n_a − 1) + n_b(n_b − 1)],  z = (n_a − n_b)/N.
 * Units: energies in the units of J and U, ħ = 1, so times are in ħ/(that unit).
 */
import { ParameterError } from '../parameters.js';
import type { SymmetricTridiagonal } from './tridiagonal.js';

export interface JunctionParameters {
  /** Total number of bosons N ≥ 1. */
  readonly N: number;
  /** Tunnelling amplitude J > 0. */
  readonly J: number;
  /** On-site interaction U ≥ 0 (repulsive; 0 is the Rabi limit). */
  readonly U: number;
}

export function validateJunction(p: JunctionParameters): void {
  if (!(Number.isInteger(p.N) && p.N >= 1)) throw new ParameterError('N', p.N, 'an integer ≥ 1', 'the number of bosons');
  if (!(p.J > 0 && Number.isFinite(p.J))) throw new ParameterError('J', p.J, 'J > 0', 'the tunnelling amplitude must be positive');
  // U = 0 is kept for the Rabi limit; the CLI asks for U > 0 (self-trapping needs repulsion).
  if (!(p.U >= 0 && Number.isFinite(p.U))) throw new ParameterError('U', p.U, 'U ≥ 0', 'the model is studied for repulsive bosons');
}

/** Λ = UN/2J, the mean-field interaction parameter (Smerzi et al. 1997). */
export function lambdaOf(p: JunctionParameters): number {
  return (p.U * p.N) / (2 * p.J);
}

/** U from Λ at given N and J. */
export function interactionForLambda(lambda: number, N: number, J: number): number {
  return (2 * J * lambda) / N;
}

/** Diagonal of H in the Fock basis |n, N − n⟩: (U/2)[n(n − 1) + (N − n)(N − n − 1)]. */
export function fockDiagonal(p: JunctionParameters, n: number): number {
  const m = p.N - n;
  return 0.5 * p.U * (n * (n - 1) + m * (m - 1));
}

/** H_{n+1,n} = −J√((n + 1)(N − n)). */
export function fockHopping(p: JunctionParameters, n: number): number {
  return -p.J * Math.sqrt((n + 1) * (p.N - n));
}

/** The full (N + 1)-dimensional tridiagonal matrix in the Fock basis, n = 0 … N. */
export function fockHamiltonian(p: JunctionParameters): SymmetricTridiagonal {
  const diagonal = new Float64Array(p.N + 1);
  const offDiagonal = new Float64Array(p.N);
  for (let n = 0; n <= p.N; n++) diagonal[n] = fockDiagonal(p, n);
  for (let n = 0; n < p.N; n++) offDiagonal[n] = fockHopping(p, n);
  return { diagonal, offDiagonal };
}

/** z_n = (2n − N)/N for the Fock state |n, N − n⟩. */
export function imbalanceOf(N: number, n: number): number {
  return (2 * n - N) / N;
}

export type Parity = 'even' | 'odd';

/**
 * H commutes with the swap n_a ↔ n_b (n ↔ N − n). The even and odd blocks act on
 * (|n⟩ ± |N − n⟩)/√2 for n < N/2, plus |N/2⟩ in the even block when N is even. In both blocks
 * site 0 is n = 0 (all bosons in b), so the self-trapped states sit at the block's first sites
 * and decay towards its last site (the balanced middle).
 */
export interface ParityBlock {
  readonly parity: Parity;
  readonly matrix: SymmetricTridiagonal;
}

export function parityBlock(p: JunctionParameters, parity: Parity): ParityBlock {
  const N = p.N;
  const s = parity === 'even' ? 1 : -1;
  if (N % 2 === 1) {
    const M = (N - 1) / 2;
    const diagonal = new Float64Array(M + 1);
    const offDiagonal = new Float64Array(M);
    for (let n = 0; n <= M; n++) diagonal[n] = fockDiagonal(p, n);
    for (let n = 0; n < M; n++) offDiagonal[n] = fockHopping(p, n);
    // |M⟩ and its mirror |M + 1⟩ are coupled: the symmetric (antisymmetric) combination gains (loses) it.
    diagonal[M] = diagonal[M]! + s * fockHopping(p, M);
    return { parity, matrix: { diagonal, offDiagonal } };
  }
  const M = N / 2;
  if (parity === 'even') {
    const diagonal = new Float64Array(M + 1);
    const offDiagonal = new Float64Array(M);
    for (let n = 0; n <= M; n++) diagonal[n] = fockDiagonal(p, n);
    for (let n = 0; n < M; n++) offDiagonal[n] = fockHopping(p, n);
    offDiagonal[M - 1] = offDiagonal[M - 1]! * Math.SQRT2;
    return { parity, matrix: { diagonal, offDiagonal } };
  }
  const diagonal = new Float64Array(M);
  const offDiagonal = new Float64Array(Math.max(M - 1, 0));
  for (let n = 0; n < M; n++) diagonal[n] = fockDiagonal(p, n);
  for (let n = 0; n < M - 1; n++) offDiagonal[n] = fockHopping(p, n);
  return { parity, matrix: { diagonal, offDiagonal } };
}

/** A block eigenvector written out on the full Fock basis n = 0 … N. */
export function fockVectorFromBlock(N: number, parity: Parity, block: ArrayLike<number>): Float64Array {
  const v = new Float64Array(N + 1);
  const s = parity === 'even' ? 1 : -1;
  const half = Math.floor((N + 1) / 2); // pairs (n, N − n) with n < N/2
  for (let n = 0; n < half; n++) {
    v[n] = block[n]! * Math.SQRT1_2;
    v[N - n] = s * block[n]! * Math.SQRT1_2;
  }
  if (N % 2 === 0 && parity === 'even') v[N / 2] = block[N / 2]!;
  return v;
}
