/**
 * Γ(T) of the washboard from the computed quantities, and where each formula of quantum.ts holds.
 *
 * - θ ≤ θ₀/(1 + window): the periodic bounce with its fluctuation prefactor (bounce.ts), the
 *   Grabert–Olschowski–Weiss (PRB 36, 1931 (1987)) Γ = (2/ħ)Im F below T₀.
 * - θ ≥ θ₀(1 + window): f_q × Kramers (Wolynes, PRL 47, 968 (1981); Grabert & Weiss 1984). Wolynes'
 *   factor is derived for the spatial-diffusion (Kramers/Grote–Hynes) rate, which for the Ohmic
 *   kernel is Kramers' κ exactly; so f_q multiplies Kramers here, as physics.md §4 says. At weak
 *   damping (Δ ≲ 1) the energy-diffusion bottleneck needs the quantum turnover theory (Rips & Pollak,
 *   PRA 41, 5366 (1990)), not implemented: the result is flagged there.
 * - in between, both Gaussian approximations diverge (the n = 1 Matsubara mode goes soft at T₀);
 *   the uniform result of GOW 1987 is not implemented, and the rate is reported as null with the
 *   two one-sided values for reference.
 */
import { requireInRange } from '../parameters.js';
import { energyLossPerOscillation, requireGamma, requirePositive } from '../potential.js';
import { crossoverTheta, quantumCorrection } from '../quantum.js';
import { kramersRate } from '../rates.js';
import { bounceByContinuation, fluctuationPrefactor, zeroTemperatureBounce } from './bounce.js';
import { washboardWell } from './well.js';

export interface QuantumRatePoint {
  theta: number;
  /** θ/θ₀. */
  reducedTemperature: number;
  /** Γ/ω_p0, or null inside the crossover window where no computed result is offered. */
  rate: number | null;
  method: 'bounce' | 'thermal-fq-kramers' | 'crossover-window';
  /** Bounce exponent B (below T₀). */
  exponent: number | null;
  /** Prefactor Γe^{B} (below T₀). */
  prefactor: number | null;
  warnings: string[];
}

export interface QuantumRateOptions {
  /** Relative half-width of the excluded window around T₀ (default 0.05). */
  window?: number;
}

export function quantumRate(gamma: number, Q0: number, hbar: number, theta: number, options: QuantumRateOptions = {}): QuantumRatePoint {
  requireGamma(gamma);
  requirePositive('Q0', Q0);
  requirePositive('hbar', hbar);
  requireInRange('theta', theta, { min: 0, minInclusive: true });
  const window = options.window ?? 0.05;
  const theta0 = crossoverTheta({ gamma, Q0, hbar });
  const t = theta / theta0;
  const warnings: string[] = [];
  if (t >= 1 + window) {
    const p = { gamma, Q0, hbar, theta };
    const rate = kramersRate(p) * quantumCorrection(p);
    const delta = energyLossPerOscillation(Q0, gamma, theta);
    if (delta < 3) warnings.push(`Δ = ${delta.toPrecision(3)} < 3: weak damping, energy diffusion limits the rate; f_q × Kramers overestimates it (Rips–Pollak turnover not implemented)`);
    return { theta, reducedTemperature: t, rate, method: 'thermal-fq-kramers', exponent: null, prefactor: null, warnings };
  }
  if (t > 1 - window) {
    warnings.push(`θ within ${window * 100}% of θ₀: both Gaussian results diverge here; the uniform crossover formula (GOW 1987) is not implemented`);
    return { theta, reducedTemperature: t, rate: null, method: 'crossover-window', exponent: null, prefactor: null, warnings };
  }
  const well = washboardWell(gamma);
  if (theta === 0 || hbar / theta > 400 / well.omega) {
    const z = zeroTemperatureBounce(well, Q0, hbar);
    return { theta, reducedTemperature: t, rate: z.rate, method: 'bounce', exponent: z.exponent, prefactor: z.prefactor, warnings };
  }
  const b = bounceByContinuation(well, { Q0, hbar, period: hbar / theta });
  const f = fluctuationPrefactor(well, b);
  return { theta, reducedTemperature: t, rate: f.rate, method: 'bounce', exponent: b.exponent, prefactor: f.prefactor, warnings };
}
