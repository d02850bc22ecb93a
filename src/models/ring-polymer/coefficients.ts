/**
 * The ring-polymer step's coefficients, formed once in f64 and shared by the GPU kernel (rounded to
 * f32 in the generated WGSL constants) and the f64 CPU reference.
 *
 * One step of Δt, in the orthonormal normal modes q̃_k, p̃_k (physics: src/physics/ring-polymer.ts),
 * h = Δt/2, is B A O A B (BAOAB, Leimkuhler & Matthews, AMRX 2013, 34):
 *   B: p̃ += h f̃, with f̃ = Cᵀ f(Cq̃) the external force f = −u′ of every bead, in modes;
 *   A: the free ring and the Ohmic bath, exactly: mode k rotates at Ω_k = (ω_k² + ν̃_k/Q₀)^{1/2}
 *      for a time h (a free drift for the centroid, Ω_0 = 0);
 *   O: PILE-L (Ceriotti, Parrinello, Markland & Manolopoulos, JCP 133, 124104 (2010)): an exact
 *      Ornstein–Uhlenbeck step of p̃_k at θ_P = Pθ, friction γ_k = 2Ω_k (critical damping of the
 *      mode's own frequency, Ceriotti's 2ω_k with the bath stiffness included) on k ≠ 0, and the
 *      physical friction γ_0 = 1/Q₀ on the centroid.
 * BAOAB rather than Ceriotti's OBABO: with the same number of normals it samples a harmonic
 * centroid exactly at any Δt (⟨φ̄²⟩ = θ/ω₀², Leimkuhler & Matthews), where OBABO gives
 * θ/[ω₀²(1 − ω₀²Δt²/4)].
 */
import { freeRingFrequency, normalModeMatrix, ohmicModeStiffness } from '../../physics/ring-polymer.js';
import type { RingPolymerConfig } from './config.js';

export interface RingPolymerCoefficients {
  /** C_jk at [j·P + k]: bead j of mode k. */
  modes: Float64Array;
  /** Half-step rotation of mode k: q ← c q + (s/Ω) p, p ← −(Ω s) q + c p. */
  rotationCos: Float64Array;
  rotationSinOverOmega: Float64Array;
  rotationOmegaSin: Float64Array;
  /** O step: p ← p − d p + σ z, d = 1 − e^{−γΔt} (carried itself, physics.md §9), σ = (θ_P(1 − e^{−2γΔt}))^{1/2}. */
  thermostatDamping: Float64Array;
  thermostatNoise: Float64Array;
  /** Ω_k and γ_k, for the docs and tests. */
  modeFrequency: Float64Array;
  friction: Float64Array;
  halfStep: number;
}

export function ringPolymerCoefficients(config: Pick<RingPolymerConfig, 'beads' | 'theta' | 'hbar' | 'Q0' | 'dt'>): RingPolymerCoefficients {
  const P = config.beads;
  const h = config.dt / 2;
  const thetaP = P * config.theta;
  const c: RingPolymerCoefficients = {
    modes: normalModeMatrix(P),
    rotationCos: new Float64Array(P), rotationSinOverOmega: new Float64Array(P), rotationOmegaSin: new Float64Array(P),
    thermostatDamping: new Float64Array(P), thermostatNoise: new Float64Array(P),
    modeFrequency: new Float64Array(P), friction: new Float64Array(P), halfStep: h,
  };
  for (let k = 0; k < P; k++) {
    const wk = freeRingFrequency(k, P, config.theta, config.hbar);
    const omega = Math.sqrt(wk * wk + ohmicModeStiffness(k, P, config.theta, config.hbar, config.Q0));
    const gamma = k === 0 ? 1 / config.Q0 : 2 * omega;
    c.modeFrequency[k] = omega;
    c.friction[k] = gamma;
    c.rotationCos[k] = Math.cos(omega * h);
    c.rotationSinOverOmega[k] = omega === 0 ? h : Math.sin(omega * h) / omega;
    c.rotationOmegaSin[k] = omega * Math.sin(omega * h);
    c.thermostatDamping[k] = -Math.expm1(-gamma * config.dt);
    c.thermostatNoise[k] = Math.sqrt(-thetaP * Math.expm1(-2 * gamma * config.dt));
  }
  return c;
}
