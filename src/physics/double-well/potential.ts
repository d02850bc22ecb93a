/**
 * The symmetric double well of physics.md §12, V(x) = (mω²/8a²)(x² − a²)², and its asymptotic
 * (instanton) splitting. Units are the well's own: ħ = m = ω = 1, so lengths are in oscillator
 * lengths ℓ = (ħ/mω)^{1/2} and energies in ħω; a user's potential may use any m and ħ.
 */
import { ParameterError, requireInRange } from '../parameters.js';

/** An even potential on the line, described on the half-line x ≥ 0. */
export interface SymmetricWell {
  /** V(x) for x ≥ 0; the well is V(|x|). */
  readonly V: (x: number) => number;
  readonly mass: number;
  readonly hbar: number;
  /** Position of the right minimum (> 0): the matching point of the Numerov shooting. */
  readonly xWell: number;
  /** Where the half-line is cut; the ground doublet must have decayed to ~e⁻⁴⁰ there. */
  readonly xMax: number;
}

/**
 * Smallest S₀/ħ accepted before any level is computed (V₀ = 3S₀/16 ħω). The decisive check is in
 * groundDoublet: E₋ must lie below the barrier top (true from S₀/ħ ≈ 2.8 on).
 */
export const MIN_ACTION = 2;

/** Quartic well with minima at ±a (in ℓ); S₀/ħ = (2/3)a², barrier V₀ = a²/8 ħω. */
export function quarticWell(a: number): SymmetricWell {
  requireInRange('a', a, { min: 0, minInclusive: false });
  const s0 = actionOfQuartic(a);
  if (s0 < MIN_ACTION * (1 - 1e-12)) {
    throw new ParameterError('S0/hbar', s0, `[${MIN_ACTION}, ∞)`, 'barrier too low to hold a tunnelling doublet below its top');
  }
  const c = 1 / (8 * a * a);
  return {
    V: (x: number) => {
      const d = x * x - a * a;
      return c * d * d;
    },
    mass: 1,
    hbar: 1,
    xWell: a,
    // The outer wall rises faster than the harmonic one, so 10ℓ past the minimum leaves ψ ~ e⁻⁵⁰.
    xMax: a + 10,
  };
}

/** The quartic well whose instanton action is S₀/ħ = s0: a = (3s0/2)^{1/2}. */
export function quarticWellOfAction(s0: number): SymmetricWell {
  requireInRange('S0/hbar', s0, { min: 0, minInclusive: false });
  if (s0 < MIN_ACTION) {
    throw new ParameterError('S0/hbar', s0, `[${MIN_ACTION}, ∞)`, 'barrier too low to hold a tunnelling doublet below its top');
  }
  return quarticWell(Math.sqrt(1.5 * s0));
}

/**
 * A square double well in a box (ħ = m = 1): walls at ±L, barrier V₀ on |x| < b, zero in the
 * wells. The wall is the sector solver's Dirichlet end x_max = L. At the step V takes its mean, the
 * midpoint rule that keeps Numerov second order there.
 */
export function squareDoubleWell(V0: number, b: number, L: number): SymmetricWell {
  requireInRange('V0', V0, { min: 0, minInclusive: false });
  requireInRange('b', b, { min: 0, minInclusive: false });
  requireInRange('L', L, { min: b, minInclusive: false });
  // The step is recognised to 1e-12·L, since grid points i·h land on b only up to rounding.
  const tol = 1e-12 * L;
  return { V: (x: number) => (Math.abs(x - b) <= tol ? V0 / 2 : x < b ? V0 : 0), mass: 1, hbar: 1, xWell: (b + L) / 2, xMax: L };
}

/** S₀/ħ = ∫√(2mV)dx/ħ = (2/3)mωa²/ħ, with a in ℓ. */
export function actionOfQuartic(a: number): number {
  return (2 / 3) * a * a;
}

/** Barrier height V₀ = mω²a²/8 in ħω (a in ℓ), = 3S₀/16. */
export function barrierOfQuartic(a: number): number {
  return (a * a) / 8;
}

/**
 * Instanton splitting Δ₀/ħω = 2(6S₀/πħ)^{1/2} e^{−S₀/ħ}[1 − 71ħ/72S₀] (physics.md §12); with
 * `corrected` false the bracket is dropped (the leading one-instanton result).
 */
export function instantonSplitting(s0: number, corrected = true): number {
  const lead = 2 * Math.sqrt((6 * s0) / Math.PI) * Math.exp(-s0);
  return corrected ? lead * (1 - 71 / (72 * s0)) : lead;
}

/**
 * ln of the instanton splitting, for barriers where e^{−S₀/ħ} underflows.
 */
export function logInstantonSplitting(s0: number, corrected = true): number {
  const lead = Math.log(2) + 0.5 * Math.log((6 * s0) / Math.PI) - s0;
  return corrected ? lead + Math.log(1 - 71 / (72 * s0)) : lead;
}
