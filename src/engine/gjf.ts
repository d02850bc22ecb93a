/**
 * The host side of shaders/lib/gjf.wgsl: the Grønbech-Jensen–Farago coefficients of
 * x'' = f(x, t) − x'/Q₀ + ξ(t), ⟨ξ(t)ξ(t')⟩ = 2θ/Q₀ δ(t − t') (unit mass; physics.md §2), formed in
 * f64 and rounded once to f32 when packed into a model's uniforms.
 */

/** GJF coefficients in f64 (physics.md §2); the shader receives them rounded once to f32. */
export function gjfCoefficients(config: { Q0: number; theta: number; dt: number }) {
  const { Q0, theta, dt } = config;
  const b = 1 / (1 + dt / (2 * Q0));
  const a = (1 - dt / (2 * Q0)) * b;
  const sigma = Math.sqrt((2 * theta * dt) / Q0);
  return {
    velocityDamping: a,
    velocityToPhase: b * dt,
    forceToPhase: (b * dt * dt) / 2,
    halfStep: dt / 2,
    noiseToPhase: ((b * dt) / 2) * sigma,
    noiseToVelocity: b * sigma,
  };
}

