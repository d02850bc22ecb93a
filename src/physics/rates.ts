/**
 * Classical thermal escape rates (physics.md §4), all of the form Γ = A·(ω_p/2π)·exp(−ΔU/k_BT)
 * and all returned as Γ/ω_p0. They use the exact ΔU and the exact action S̃, never the cubic forms.
 */
import { requireInRange } from './parameters.js';
import {
  action,
  barrierHeight,
  kramersFactor,
  plasmaFrequency,
  qualityFactor,
  requireGamma,
  requirePositive,
} from './potential.js';
import { integrate } from './quadrature.js';

/** Dimensionless operating point: bias γ = I/I_c, Q₀ = ω_p0RC and θ = k_BT/E_J. */
export interface RateParameters {
  gamma: number;
  Q0: number;
  theta: number;
}

export function requireRateParameters(p: RateParameters): RateParameters {
  requireGamma(p.gamma);
  requirePositive('Q0', p.Q0);
  requirePositive('theta', p.theta);
  return p;
}

/** Transition-state theory: (ω_p/2π)·exp(−ΔU/k_BT), the common factor of every classical rate. */
export function tstRate(p: RateParameters): number {
  requireRateParameters(p);
  return (plasmaFrequency(p.gamma) / (2 * Math.PI)) * Math.exp(-barrierHeight(p.gamma) / p.theta);
}

/** Kramers' moderate-to-strong-damping rate: κ·Γ_TST with κ from Q(γ), not Q₀. */
export function kramersRate(p: RateParameters): number {
  return kramersFactor(qualityFactor(p.Q0, p.gamma)) * tstRate(p);
}

/** Δ = S̃/(Q₀θ) for the operating point. */
function energyLoss(p: RateParameters): number {
  return action(p.gamma) / (p.Q0 * p.theta);
}

/** Weak-damping (energy-diffusion) rate Δ·Γ_TST; meaningful only for Δ ≪ 1. */
export function energyDiffusionRate(p: RateParameters): number {
  return energyLoss(p) * tstRate(p);
}

/** Büttiker–Harris–Landauer interpolation 4/[√(1 + 4/Δ) + 1]² · Γ_TST (PRB 28, 1268 (1983)). */
export function bhlFactor(Delta: number): number {
  requirePositive('Delta', Delta);
  const r = Math.sqrt(1 + 4 / Delta) + 1;
  return 4 / (r * r);
}

export function bhlRate(p: RateParameters): number {
  return bhlFactor(energyLoss(p)) * tstRate(p);
}

/** ln(1 − e^{−z}) for z > 0, choosing the form that does not cancel. */
function logOneMinusExpNeg(z: number): number {
  return z < Math.LN2 ? Math.log(-Math.expm1(-z)) : Math.log1p(-Math.exp(-z));
}

/**
 * ln A_MM(Δ) = (1/π)∫₀^∞ ln(1 − e^{−Δ(y²+¼)})/(y²+¼) dy.
 *
 * With y = ½tan ψ the weight dy/(y²+¼) becomes 2dψ, so
 *   ln A_MM = (2/π)∫₀^{π/2} ln(1 − exp(−(Δ/4)sec²ψ)) dψ
 * over a finite interval with a bounded integrand for Δ > 0. The only structure is at
 * Δ(y²+¼) ≈ 1, i.e. ψ* = atan(2/√Δ): near π/2 for small Δ (where the integrand follows ln Δ + ln sec²ψ
 * and is cut off within √Δ of π/2) and near 0 for large Δ; it is passed as a breakpoint.
 */
export function logMelnikovMeshkovFactor(Delta: number): number {
  requireInRange('Delta', Delta, { min: 0, minInclusive: false });
  const quarter = 0.25 * Delta;
  const integrand = (psi: number) => {
    const c = Math.cos(psi);
    const z = quarter / (c * c);
    // exp(−z) underflows to 0 well before z = 800, and then ln(1 − 0) = 0 exactly.
    return z > 800 ? 0 : logOneMinusExpNeg(z);
  };
  const psiStar = Math.atan(2 / Math.sqrt(Delta));
  return (2 / Math.PI) * integrate(integrand, 0, Math.PI / 2, { breakpoints: [psiStar], relTol: 1e-13 });
}

/**
 * Mel'nikov–Meshkov depopulation factor A_MM(Δ) (J. Chem. Phys. 85, 1018 (1986)):
 * → Δ as Δ → 0 and → 1 as Δ → ∞.
 */
export function melnikovMeshkovFactor(Delta: number): number {
  return Math.exp(logMelnikovMeshkovFactor(Delta));
}

/** Mel'nikov–Meshkov turnover rate κ·A_MM(Δ)·Γ_TST, valid at every damping. */
export function melnikovMeshkovRate(p: RateParameters): number {
  return melnikovMeshkovFactor(energyLoss(p)) * kramersRate(p);
}

/**
 * Smoluchowski (overdamped) limit of Kramers: Q₀ω_p²/(2π)·exp(−ΔU/k_BT), i.e. κ → Q(γ). This is
 * the large-barrier limit of the exact overdamped mean first-passage time as well.
 */
export function smoluchowskiRate(p: RateParameters): number {
  requireRateParameters(p);
  const wp = plasmaFrequency(p.gamma);
  return ((p.Q0 * wp * wp) / (2 * Math.PI)) * Math.exp(-barrierHeight(p.gamma) / p.theta);
}
