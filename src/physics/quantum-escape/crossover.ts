/**
 * The escape rate through the crossover θ ≈ θ₀, uniform in (θ − θ₀): the Landau expansion of the
 * Euclidean action about the barrier top in the soft n = ±1 Matsubara mode, after Grabert & Weiss
 * (PRL 53, 1787 (1984)), Larkin & Ovchinnikov (JETP 59, 420 (1984)) and Grabert, Olschowski & Weiss
 * (PRB 36, 1931 (1987)); see also Hänggi, Talkner & Borkovec, RMP 62, 251 (1990), §VII. The
 * derivation in our units is in docs/quantum.md ("The crossover region").
 *
 * Units of physics.md §10: energies in E_J, τ in 1/ω_p0, S_E/ħ = (1/ħ̃){(Θ/2)Σ(ν_n² + |ν_n|/Q₀)|q_n|²
 * + ∫V dτ}, Θ = ħ̃/θ, so Θ/ħ̃ = 1/θ.
 *
 * About the barrier top, with y = q − q_b and V = ΔU − ω_b²y²/2 + V₃y³/6 + V₄y⁴/24, the path
 * y = y₀ + 2ρcos ν₁τ + 2y₂cos 2ν₁τ has, after the y₀ and y₂ integrals (Gaussian, exact at this
 * order), the action S/ħ = [ΔU + λ₁ρ² + bρ⁴]/θ with
 *   λ₁ = ν₁² + ν₁/Q₀ − ω_b²  (zero at θ₀),
 *   b  = V₄/4 + V₃²/(2ω_b²) − V₃²/(4λ₂),  λ₂ = ν₂² + ν₂/Q₀ − ω_b².
 * Integrating the n = ±1 amplitude over the plane instead of in Gaussian order replaces f_q's n = 1
 * factor (λ₁^w/λ₁) by λ₁^w·(1/2)(π/θb)^{1/2}·erfcx(ε), ε = λ₁/(2(θb)^{1/2}), where erfcx(ε) =
 * e^{ε²}erfc(ε). Langer's dynamical factor λ/(πθ)·Im F (the barrier-top growth rate, unchanged by
 * the soft Euclidean mode) then gives
 *   Γ = (λ/ω_b)(ω_w/2π)·f_q^{(n≥2)}·λ₁^w·(1/2)(π/θb)^{1/2}·erfcx(ε)·e^{−ΔU/θ}.
 * For ε ≫ 1 this is f_q × Kramers (with the 1/(2ε²) asymptotic correction); for ε ≪ −1 it is the
 * small-amplitude bounce, whose action ΔU/θ − λ₁²/(4bθ) the tests check against the numerical
 * bounce of bounce.ts.
 */
import { ParameterError } from '../parameters.js';
import { logMatsubaraProduct } from '../quantum.js';
import erfcx from '@stdlib/math-base-special-erfcx';
import type { MetastableWell } from './well.js';

export interface CrossoverExpansion {
  /** λ = (ω_b² + 1/4Q₀²)^{1/2} − 1/2Q₀: the barrier-top growth rate; θ₀ = ħ̃λ/2π. */
  growthRate: number;
  /** ν₁ = 2πθ/ħ̃. */
  firstMatsubara: number;
  /** λ₁ = ν₁² + ν₁/Q₀ − ω_b²: the soft mode's stiffness, negative below θ₀. */
  softModeStiffness: number;
  /** b: the quartic (Landau) coefficient of the soft-mode amplitude, including the cubic couplings to n = 0 and n = ±2. */
  landauCoefficient: number;
  /** V‴ and V⁗ at the barrier top. */
  thirdDerivative: number;
  fourthDerivative: number;
  /** ε = λ₁/(2(θb)^{1/2}): the scaled distance from θ₀; |ε| ≳ 3 is where the Gaussian results hold. */
  epsilon: number;
}

/** The Landau expansion of the action about the barrier top at temperature θ. */
export function crossoverExpansion(well: MetastableWell, Q0: number, hbar: number, theta: number): CrossoverExpansion {
  const friction = Number.isFinite(Q0) ? 1 / Q0 : 0;
  const wb2 = well.omegaBarrier * well.omegaBarrier;
  const half = 0.5 * friction;
  const growthRate = Math.sqrt(wb2 + half * half) - half;
  const nu1 = (2 * Math.PI * theta) / hbar;
  const stiffness = (nu: number) => nu * nu + nu * friction - wb2;
  const lambda1 = stiffness(nu1);
  const lambda2 = stiffness(2 * nu1);
  const [v3, v4] = barrierTopDerivatives(well);
  const b = v4 / 4 + (v3 * v3) / (2 * wb2) - (v3 * v3) / (4 * lambda2);
  if (!(lambda2 > 0) || !(b > 0)) {
    // λ₂ ≤ 0 means θ ≤ θ₀/2 (a second mode has gone soft); b ≤ 0 a first-order crossover, which
    // this expansion does not describe. Neither happens for the washboard near its θ₀.
    throw new ParameterError('theta', theta, `a temperature where the n = 2 mode is stiff and the Landau coefficient is positive (got λ₂ = ${lambda2.toPrecision(3)}, b = ${b.toPrecision(3)})`, 'the uniform crossover formula does not apply');
  }
  return {
    growthRate,
    firstMatsubara: nu1,
    softModeStiffness: lambda1,
    landauCoefficient: b,
    thirdDerivative: v3,
    fourthDerivative: v4,
    epsilon: lambda1 / (2 * Math.sqrt(theta * b)),
  };
}

export interface CrossoverRate extends CrossoverExpansion {
  /** Γ/ω_p0. */
  rate: number;
  /** ln(Γ/ω_p0), finite where Γ underflows. */
  logRate: number;
}

/** The uniform crossover rate Γ/ω_p0 (see the module comment). */
export function uniformCrossoverRate(well: MetastableWell, Q0: number, hbar: number, theta: number): CrossoverRate {
  const e = crossoverExpansion(well, Q0, hbar, theta);
  const friction = Number.isFinite(Q0) ? 1 / Q0 : 0;
  const nu1 = e.firstMatsubara;
  const wellStiffness = nu1 * nu1 + nu1 * friction + well.omega * well.omega;
  const logHigherModes = logMatsubaraProduct(well.omega, well.omegaBarrier, friction, nu1, 2);
  // ln erfcx(ε): erfcx(ε) = 2e^{ε²} − erfcx(−ε) overflows past ε ≈ −26; below −20 the second
  // term is < 1e-174 of the first.
  const logErfcx = e.epsilon > -20 ? Math.log(erfcx(e.epsilon)) : e.epsilon * e.epsilon + Math.LN2;
  const logRate =
    Math.log((e.growthRate / well.omegaBarrier) * (well.omega / (2 * Math.PI))) +
    logHigherModes +
    Math.log(wellStiffness * 0.5 * Math.sqrt(Math.PI / (theta * e.landauCoefficient))) +
    logErfcx -
    well.barrierHeight / theta;
  return { ...e, rate: Math.exp(logRate), logRate };
}

/** V‴(q_b) and V⁗(q_b) by fourth-order central differences of V″ (errors ~h⁴ ≈ 1e-12 and round-off ~1e-10). */
function barrierTopDerivatives(well: MetastableWell): [number, number] {
  const h = 1e-3;
  const q = well.barrierPosition;
  const f = (k: number) => well.d2V(q + k * h);
  const f2 = f(2);
  const f1 = f(1);
  const f0 = f(0);
  const fm1 = f(-1);
  const fm2 = f(-2);
  const third = (-f2 + 8 * f1 - 8 * fm1 + fm2) / (12 * h);
  const fourth = (-f2 + 16 * f1 - 30 * f0 + 16 * fm1 - fm2) / (12 * h * h);
  return [third, fourth];
}
