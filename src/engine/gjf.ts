/**
 * The host side of shaders/lib/gjf.wgsl: the Grønbech-Jensen–Farago coefficients of
 * x'' = f(x, t) − x'/Q₀ + ξ(t), ⟨ξ(t)ξ(t')⟩ = 2θ/Q₀ δ(t − t') (unit mass; physics.md §2), formed in
 * f64 and rounded once to f32 when packed into a model's uniforms.
 */
import { ParameterError } from '../physics/parameters.js';

/**
 * GJF coefficients in f64 (physics.md §2); the shader receives them rounded once to f32.
 *
 * The velocity update a·v + (Δτ/2)(a·f_n + f_{n+1}) + b·β_n is carried as
 * v + [(Δτ/2)(f_n + f_{n+1}) − (1 − a)(v + (Δτ/2)f_n) + b·β_n] with 1 − a = bΔτ/Q₀ passed itself
 * (physics.md §9). Rounded to f32, a itself would be off by up to 3·10⁻⁸, which at Δτ/Q₀ = 5·10⁻⁷
 * (Q₀ = 10⁵, Δτ = 0.05) is 5% of the friction: the kinetic temperature would settle 5% high. 1 − a
 * rounded to f32 keeps a relative error of 6·10⁻⁸ at any Q₀; no difference of numbers near 1 is ever
 * formed (1 − a = bΔτ/Q₀ exactly, not 1 − a).
 */
export function gjfCoefficients(config: { Q0: number; theta: number; dt: number }) {
  const { Q0, theta, dt } = config;
  const b = 1 / (1 + dt / (2 * Q0));
  const sigma = Math.sqrt((2 * theta * dt) / Q0);
  return {
    frictionLoss: (b * dt) / Q0,
    velocityToPhase: b * dt,
    forceToPhase: (b * dt * dt) / 2,
    halfStep: dt / 2,
    noiseToPhase: ((b * dt) / 2) * sigma,
    noiseToVelocity: b * sigma,
  };
}

/**
 * The smallest Δτ/Q₀ the f32 kernel resolves: 2⁻³⁵ ≈ 2.9·10⁻¹¹. GJF's friction and noise act on the
 * velocity as increments added to it once a step, and f32 resolves an increment only to the
 * velocity's spacing, 2⁻²³|v| at worst. They survive on average because the noise kick b·σ =
 * b√(2θΔτ/Q₀) spreads each step's rounding over many spacings (rounding to nearest is then unbiased).
 * At 4 thermal widths, |v| = 4√θ, the kick spans b√(2Δτ/Q₀)/(4·2⁻²³) spacings, at least 16 for
 * Δτ/Q₀ ≥ 2⁻³⁵ (b ≥ 1 − 2⁻³⁶): below it a run at large Q₀ would quietly mistake rounding for friction.
 * (Independent of θ: the kick and the velocity both scale as √θ.)
 */
export const MIN_DT_OVER_Q0 = 2 ** -35;

/** Throws the usual one-line ParameterError on Q where f32 cannot carry the step (see MIN_DT_OVER_Q0). */
export function requireF32Damping(Q0: number, dt: number): void {
  if (dt / Q0 < MIN_DT_OVER_Q0) {
    const maxQ = dt / MIN_DT_OVER_Q0;
    throw new ParameterError('Q', Q0, `(0, ${maxQ.toPrecision(3)}] at dt = ${dt}`, 'float32 cannot resolve the friction per step below dt/Q = 2^-35');
  }
}
