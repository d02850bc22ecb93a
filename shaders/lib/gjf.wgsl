// The Grønbech-Jensen–Farago step (physics.md §2) of  x'' = f(x, t) - x'/Q0 + xi(t), for any force:
// a model evaluates its own force between the two halves, so the integrator knows nothing of the
// potential. Splitting the step into these two functions changes no rounding: each is the same
// expression, in the same order, as the fused step it replaces.

// GJF coefficients, formed in f64 on the host (gjfCoefficients) and rounded once to f32.
struct GjfCoefficients {
  velocity_damping: f32,  // a = (1 - dt/2Q0) b
  velocity_to_phase: f32, // b dt
  force_to_phase: f32,    // b dt^2 / 2
  half_step: f32,         // dt / 2
  noise_to_phase: f32,    // (b dt / 2) sigma, sigma = sqrt(2 theta dt / Q0)
  noise_to_velocity: f32, // b sigma
}

// The new position, from the old position, velocity and force f_old, and the step's normal z.
fn gjf_position(c: GjfCoefficients, x: f32, v: f32, f_old: f32, z: f32) -> f32 {
  return x + (c.velocity_to_phase * v + c.force_to_phase * f_old + c.noise_to_phase * z);
}

// The new velocity: the trapezoidal force term takes f_old and f_new = f(x_{n+1}, t_{n+1}).
fn gjf_velocity(c: GjfCoefficients, v: f32, f_old: f32, f_new: f32, z: f32) -> f32 {
  return c.velocity_damping * v + c.half_step * (c.velocity_damping * f_old + f_new) + c.noise_to_velocity * z;
}
