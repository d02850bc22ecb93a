/**
 * Γ(T) of the washboard from the computed quantities, one curve from T = 0 to T ≫ T₀. Which result
 * is used is decided by ε = λ₁/(2(θb)^{1/2}), the scaled distance from the crossover (crossover.ts):
 *
 * - ε < −1 (below T₀): the periodic bounce with its fluctuation prefactor (bounce.ts), the
 *   Grabert–Olschowski–Weiss (PRB 36, 1931 (1987)) Γ = (2/ħ)Im F.
 * - −1 ≤ ε < −0.6: ln Γ interpolated linearly in ε from the bounce to the uniform result (an
 *   interpolation, not a theory: the two differ by up to ~25% there at ΔU/ħω_p = 5–20).
 * - −0.6 ≤ ε < 10: the uniform crossover result (crossover.ts: the soft n = ±1 Matsubara mode
 *   integrated beyond Gaussian order, Grabert & Weiss 1984; Larkin & Ovchinnikov 1984).
 * - ε ≥ 10: f_q × Kramers (Wolynes, PRL 47, 968 (1981); Grabert & Weiss 1984), which the uniform
 *   result approaches as 1 − 1/(2ε²), so the join there is continuous to 0.5%. Wolynes' factor is
 *   derived for the spatial-diffusion (Kramers/Grote–Hynes) rate, which for the Ohmic kernel is
 *   Kramers' κ exactly; so f_q multiplies Kramers here, as physics.md §4 says. At weak damping
 *   (Δ ≲ 1) the energy-diffusion bottleneck needs the quantum turnover theory (Rips & Pollak,
 *   PRA 41, 5366 (1990)), not implemented: the result is flagged there.
 *
 * ε = −0.6 is where the uniform and bounce results cross over the cases measured in docs/quantum.md
 * (ratio 0.93–1.08 at ΔU/ħω_p = 5 and 20, Q₀ = 1 and 10); further below, the uniform result's
 * Landau expansion loses accuracy (its action error grows like (1 − T/T₀)ε²), and closer to T₀ the
 * bounce's Gaussian prefactor diverges. The difference of the two there is the accuracy of the curve.
 */
import { requireInRange } from '../parameters.js';
import { energyLossPerOscillation, requireGamma, requirePositive } from '../potential.js';
import { crossoverTheta, quantumCorrection } from '../quantum.js';
import { kramersRate } from '../rates.js';
import { bounceByContinuation, fluctuationPrefactor, zeroTemperatureBounce } from './bounce.js';
import { crossoverExpansion, uniformCrossoverRate } from './crossover.js';
import { washboardWell } from './well.js';

export interface QuantumRatePoint {
  theta: number;
  /** θ/θ₀. */
  reducedTemperature: number;
  /** Γ/ω_p0. */
  rate: number;
  method: 'bounce' | 'bounce-uniform-blend' | 'crossover-uniform' | 'thermal-fq-kramers';
  /** ε = λ₁/(2(θb)^{1/2}) (null below 0.75θ₀, where the bounce is used). */
  crossoverDistance: number | null;
  /** Bounce exponent B (below T₀). */
  exponent: number | null;
  /** Prefactor Γe^{B} (below T₀). */
  prefactor: number | null;
  warnings: string[];
}

/** ε below which the bounce is used (blended into the uniform result from BLEND_FROM), and above which f_q × Kramers (see the module comment). */
export const BLEND_FROM = -1;
export const BOUNCE_BELOW = -0.6;
export const THERMAL_ABOVE = 10;

export function quantumRate(gamma: number, Q0: number, hbar: number, theta: number): QuantumRatePoint {
  requireGamma(gamma);
  requirePositive('Q0', Q0);
  requirePositive('hbar', hbar);
  requireInRange('theta', theta, { min: 0, minInclusive: true });
  const theta0 = crossoverTheta({ gamma, Q0, hbar });
  const t = theta / theta0;
  const warnings: string[] = [];
  const well = washboardWell(gamma);
  // ε is only needed near θ₀; below 0.75θ₀ the bounce is the answer (and towards θ₀/2, where the
  // n = 2 mode goes soft too, the Landau coefficient itself diverges).
  const epsilon = t > 0.75 ? crossoverExpansion(well, Q0, hbar, theta).epsilon : null;
  if (epsilon !== null && epsilon >= BOUNCE_BELOW) {
    const delta = energyLossPerOscillation(Q0, gamma, theta);
    if (delta < 3) warnings.push(`Δ = ${delta.toPrecision(3)} < 3: weak damping, energy diffusion limits the rate; the spatial-diffusion result overestimates it (Rips–Pollak turnover not implemented)`);
    if (epsilon >= THERMAL_ABOVE) {
      const p = { gamma, Q0, hbar, theta };
      const rate = kramersRate(p) * quantumCorrection(p);
      return { theta, reducedTemperature: t, rate, method: 'thermal-fq-kramers', crossoverDistance: epsilon, exponent: null, prefactor: null, warnings };
    }
    const u = uniformCrossoverRate(well, Q0, hbar, theta);
    return { theta, reducedTemperature: t, rate: u.rate, method: 'crossover-uniform', crossoverDistance: epsilon, exponent: null, prefactor: null, warnings };
  }
  if (theta === 0 || hbar / theta > 400 / well.omega) {
    const z = zeroTemperatureBounce(well, Q0, hbar);
    return { theta, reducedTemperature: t, rate: z.rate, method: 'bounce', crossoverDistance: epsilon, exponent: z.exponent, prefactor: z.prefactor, warnings };
  }
  const b = bounceByContinuation(well, { Q0, hbar, period: hbar / theta });
  const f = fluctuationPrefactor(well, b);
  if (epsilon !== null && epsilon >= BLEND_FROM) {
    // Between BLEND_FROM and BOUNCE_BELOW neither result is exact (see the module comment): ln Γ
    // goes linearly in ε from the bounce to the uniform result, so that Γ(T) and Γ(γ) have no jump.
    const w = (epsilon - BLEND_FROM) / (BOUNCE_BELOW - BLEND_FROM);
    const u = uniformCrossoverRate(well, Q0, hbar, theta);
    const rate = Math.exp((1 - w) * Math.log(f.rate) + w * u.logRate);
    return { theta, reducedTemperature: t, rate, method: 'bounce-uniform-blend', crossoverDistance: epsilon, exponent: b.exponent, prefactor: f.prefactor, warnings };
  }
  return { theta, reducedTemperature: t, rate: f.rate, method: 'bounce', crossoverDistance: epsilon, exponent: b.exponent, prefactor: f.prefactor, warnings };
}
