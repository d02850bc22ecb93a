/**
 * The exact spectrum of the two-mode Bose–Hubbard model, with the tunnel splittings of its
 * near-degenerate doublets computed directly rather than as differences of large eigenvalues.
 *
 * Method. H is split into its swap-even and swap-odd blocks (model.ts). The doublet partners
 * E₊ (even) and E₋ (odd) then come from different matrices, and their difference follows from an
 * exact discrete Herring (flux) identity: for eigenvectors ψ± of H, summing
 * ψ₊(Hψ₋) − ψ₋(Hψ₊) over one half of the chain leaves only the bond that crosses the middle,
 *   (E₋ − E₊) Σ_{half} ψ₊ψ₋ = −(bond) × ψ₊ψ₋ at the middle,
 * which in block components reads E₋ − E₊ = −c·u₊(p)u₋(q) / Σ_k u₊(k)u₋(k) with
 *   N odd  (N = 2M + 1): c = 2H_{M+1,M}, p = q = M;
 *   N even (N = 2M):     c = √2 H_{M,M−1}, p = M, q = M − 1.
 * The block eigenvectors come from twisted factorisations (tridiagonal.ts), whose tails near the
 * middle are products of stable ratios: the splitting then has the relative accuracy of those
 * tails (about 1e-13 in practice) however small it is, and its logarithm never underflows.
 */
import {
  fockHopping,
  fockVectorFromBlock,
  parityBlock,
  validateJunction,
  type JunctionParameters,
  type Parity,
} from './model.js';
import { tridiagonalEigenvalues, twistedEigenvector, type TwistedEigenvector } from './tridiagonal.js';

export interface Doublet {
  /** 0 for the highest doublet, 1 for the next, … */
  readonly rank: number;
  /** (E₊ + E₋)/2 in f64 (absolute error about 1e-16·‖H‖). */
  readonly center: number;
  /** E₋ − E₊ (odd minus even) from the flux identity; may underflow to 0 (see log10Splitting). */
  readonly splitting: number;
  /** log10|E₋ − E₊|, finite however small the splitting. */
  readonly log10Splitting: number;
  /** Indices into `levels` of the even and the odd partner. */
  readonly even: number;
  readonly odd: number;
}

export interface Level {
  readonly parity: Parity;
  /** Index of the eigenvalue within its parity block (ascending). */
  readonly blockIndex: number;
  /** The eigenvalue as computed in f64. */
  readonly energy: number;
  /**
   * energy = center + offset, with center shared by both partners of a doublet and offset = ∓Δ/2
   * from the flux identity (0 for a level outside any doublet): differences of energies inside a
   * doublet are then exact to the accuracy of Δ, not of the eigenvalues.
   */
  readonly center: number;
  readonly offset: number;
  /** The doublet's rank, or −1. */
  readonly doublet: number;
}

export interface ExactSpectrum {
  readonly params: JunctionParameters;
  /** All N + 1 levels, ascending in energy. */
  readonly levels: readonly Level[];
  /** The doublets from the top down, as long as the partners are closer than `doubletRatio` × the level spacing. */
  readonly doublets: readonly Doublet[];
}

export interface SpectrumOptions {
  /** A pair counts as a doublet while |E₋ − E₊| < doubletRatio × the spacing to the next pair (default 0.05). */
  readonly doubletRatio?: number;
}

interface BlockSolution {
  readonly parity: Parity;
  readonly matrix: ReturnType<typeof parityBlock>['matrix'];
  readonly eigenvalues: Float64Array;
}

function solveBlock(p: JunctionParameters, parity: Parity): BlockSolution {
  const { matrix } = parityBlock(p, parity);
  const eigenvalues = matrix.diagonal.length > 0 ? tridiagonalEigenvalues(matrix) : new Float64Array(0);
  return { parity, matrix, eigenvalues };
}

/** The flux-identity splitting E₋ − E₊ from the even and odd block eigenvectors, as sign and log10. */
export function fluxSplitting(p: JunctionParameters, even: TwistedEigenvector, odd: TwistedEigenvector): { sign: number; log10: number } {
  const N = p.N;
  let logC: number;
  let signC: number;
  let pIndex: number;
  let qIndex: number;
  if (N % 2 === 1) {
    const M = (N - 1) / 2;
    const c = 2 * fockHopping(p, M);
    logC = Math.log(Math.abs(c));
    signC = Math.sign(c);
    pIndex = M;
    qIndex = M;
  } else {
    const M = N / 2;
    const c = Math.SQRT2 * fockHopping(p, M - 1);
    logC = Math.log(Math.abs(c));
    signC = Math.sign(c);
    pIndex = M;
    qIndex = M - 1;
  }
  let overlap = 0;
  for (let k = 0; k < odd.values.length; k++) overlap += even.values[k]! * odd.values[k]!;
  const sign = -signC * even.sign[pIndex]! * odd.sign[qIndex]! * Math.sign(overlap);
  const ln = logC + even.logAbs[pIndex]! + odd.logAbs[qIndex]! - Math.log(Math.abs(overlap));
  return { sign, log10: ln / Math.LN10 };
}

export function exactSpectrum(p: JunctionParameters, options: SpectrumOptions = {}): ExactSpectrum {
  validateJunction(p);
  const ratio = options.doubletRatio ?? 0.05;
  const even = solveBlock(p, 'even');
  const odd = solveBlock(p, 'odd');
  const nEven = even.eigenvalues.length;
  const nOdd = odd.eigenvalues.length;
  const doublets: Doublet[] = [];
  const centers = { even: new Float64Array(nEven), odd: new Float64Array(nOdd) };
  const offsets = { even: new Float64Array(nEven), odd: new Float64Array(nOdd) };
  const doubletOf = { even: new Int32Array(nEven).fill(-1), odd: new Int32Array(nOdd).fill(-1) };
  centers.even.set(even.eigenvalues);
  centers.odd.set(odd.eigenvalues);
  for (let rank = 0; rank < Math.min(nEven, nOdd); rank++) {
    const i = nEven - 1 - rank;
    const j = nOdd - 1 - rank;
    const ePlus = even.eigenvalues[i]!;
    const eMinus = odd.eigenvalues[j]!;
    // Spacing to the next pair down (or up): the scale a doublet's splitting must be small against.
    const below = Math.min(i > 0 ? ePlus - even.eigenvalues[i - 1]! : Infinity, j > 0 ? eMinus - odd.eigenvalues[j - 1]! : Infinity);
    const above = rank > 0 ? Math.min(even.eigenvalues[i + 1]! - ePlus, odd.eigenvalues[j + 1]! - eMinus) : Infinity;
    const spacing = Math.min(below, above);
    const vPlus = twistedEigenvector(even.matrix, ePlus);
    const vMinus = twistedEigenvector(odd.matrix, eMinus);
    const flux = fluxSplitting(p, vPlus, vMinus);
    const splitting = flux.sign * Math.pow(10, flux.log10);
    if (!(Math.abs(splitting) < ratio * spacing)) break;
    const center = 0.5 * (ePlus + eMinus);
    doublets.push({ rank, center, splitting, log10Splitting: flux.log10, even: -1, odd: -1 });
    centers.even[i] = center;
    centers.odd[j] = center;
    offsets.even[i] = -0.5 * splitting;
    offsets.odd[j] = 0.5 * splitting;
    doubletOf.even[i] = rank;
    doubletOf.odd[j] = rank;
  }
  const levels: Level[] = [];
  for (const block of [even, odd]) {
    const par = block.parity;
    for (let k = 0; k < block.eigenvalues.length; k++) {
      levels.push({
        parity: par,
        blockIndex: k,
        energy: block.eigenvalues[k]!,
        center: centers[par][k]!,
        offset: offsets[par][k]!,
        doublet: doubletOf[par][k]!,
      });
    }
  }
  // Ascending; inside a doublet, by the sign of the splitting.
  levels.sort((a, b) => a.center - b.center || a.offset - b.offset);
  const withIndex = doublets.map((d) => ({
    ...d,
    even: levels.findIndex((l) => l.doublet === d.rank && l.parity === 'even'),
    odd: levels.findIndex((l) => l.doublet === d.rank && l.parity === 'odd'),
  }));
  return { params: p, levels, doublets: withIndex };
}

/** Eigenvectors on the full Fock basis, one per level of `spectrum.levels` (O(N²) memory). */
export function exactEigenvectors(spectrum: ExactSpectrum): Float64Array[] {
  const p = spectrum.params;
  const blocks = { even: parityBlock(p, 'even').matrix, odd: parityBlock(p, 'odd').matrix };
  return spectrum.levels.map((level) => {
    const v = twistedEigenvector(blocks[level.parity], level.energy);
    return fockVectorFromBlock(p.N, level.parity, v.values);
  });
}
