// The Grønbech-Jensen–Farago step (physics.md §2) of  x'' = f(x, t) - x'/Q0 + xi(t), for any force:
// a model evaluates its own force between the two halves, so the integrator knows nothing of the
// potential. Splitting the step into these two functions changes no rounding: each is the same
// expression, in the same order, as the fused step it replaces.

// GJF coefficients, formed in f64 on the host (gjfCoefficients) and rounded once to f32. The
// friction enters as 1 - a itself, never as a: near a = 1 the f32 spacing (6e-8) is comparable to
// 1 - a = b dt/Q0 (5e-7 at Q0 = 1e5, dt = 0.05), and a rounded to f32 would set the kinetic
// temperature several percent off (physics.md §9).
struct GjfCoefficients {
  friction_loss: f32,     // 1 - a = b dt / Q0, a = (1 - dt/2Q0) b
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

// The new velocity a v + (dt/2)(a f_old + f_new) + b sigma z, with f_new = f(x_{n+1}, t_{n+1}),
// written as v plus an increment in which 1 - a appears itself: every small term is formed to f32's
// relative precision and v is rounded once, when the increment is added.
fn gjf_velocity(c: GjfCoefficients, v: f32, f_old: f32, f_new: f32, z: f32) -> f32 {
  return v + (c.half_step * (f_old + f_new) - c.friction_loss * (v + c.half_step * f_old) + c.noise_to_velocity * z);
}
