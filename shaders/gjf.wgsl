// The Grønbech-Jensen–Farago step of  phi'' + phi'/Q0 + sin(phi) - gamma(tau) = xi(tau)  (physics.md
// §1-2), shared by the fixed-bias escape kernel and the ramped switching kernel: one trajectory's
// state, the phase wrap that keeps phi near the current well, and one step.

const NOT_ESCAPED: u32 = 0xFFFFFFFFu;
const TWO_PI: f32 = 6.2831853071795864769;
const PI: f32 = 3.1415926535897932385;

struct TrajectoryState {
  // Phase wrapped into [-pi, pi); the absolute phase is phase + 2*pi*winding.
  phase: f32,
  velocity: f32,
  // f = gamma - sin(phase) at the current step, carried so that a chunk boundary costs no extra
  // force evaluation and cannot change the result.
  force: f32,
  winding: i32,
  // Number of steps taken when the particle first reached the absorbing point, or NOT_ESCAPED.
  escape_step: u32,
}

// GJF coefficients, formed in f64 on the host (src/engine/config.ts gjfCoefficients).
struct GjfCoefficients {
  velocity_damping: f32,  // a = (1 - dt/2Q0) b
  velocity_to_phase: f32, // b dt
  force_to_phase: f32,    // b dt^2 / 2
  half_step: f32,         // dt / 2
  noise_to_phase: f32,    // (b dt / 2) sigma, sigma = sqrt(2 theta dt / Q0)
  noise_to_velocity: f32, // b sigma
}

fn wrap_phase(s: ptr<function, TrajectoryState>) {
  if ((*s).phase >= PI) {
    (*s).phase -= TWO_PI;
    (*s).winding += 1;
  } else if ((*s).phase < -PI) {
    (*s).phase += TWO_PI;
    (*s).winding -= 1;
  }
}

// Whether the absolute phase has reached phase_at + 2 pi winding_at; integers compare first, so the
// test is as sharp far from phi = 0 as near it.
fn has_reached(s: ptr<function, TrajectoryState>, phase_at: f32, winding_at: i32) -> bool {
  return (*s).winding > winding_at || ((*s).winding == winding_at && (*s).phase >= phase_at);
}

// One GJF step with standard normal z. gamma_new is the bias at the end of the step: with a
// time-dependent force the trapezoidal force term of GJF takes f_{n+1} = f(phi_{n+1}, tau_{n+1}),
// and f_n = f(phi_n, tau_n) is the force carried from the previous step.
fn gjf_step(s: ptr<function, TrajectoryState>, c: GjfCoefficients, gamma_new: f32, z: f32) {
  let f_old = (*s).force;
  (*s).phase += c.velocity_to_phase * (*s).velocity + c.force_to_phase * f_old + c.noise_to_phase * z;
  wrap_phase(s);
  let f_new = gamma_new - sin((*s).phase);
  (*s).velocity = c.velocity_damping * (*s).velocity
      + c.half_step * (c.velocity_damping * f_old + f_new)
      + c.noise_to_velocity * z;
  (*s).force = f_new;
}

// The bias as a function of the integer step count: held at gamma_start for hold_steps, then rising
// by ramp_per_step a step. A fixed bias is ramp_per_step = 0 (gamma_start + 0 is gamma_start exactly).
struct Drive {
  gamma_start: f32,
  ramp_per_step: f32,
  hold_steps: u32,
}

// Each value is rounded once from the integer step, so no rounding accumulates however long the
// ramp (the host forms the exact bias of a switch in f64 the same way).
fn bias_after(d: Drive, step: u32) -> f32 {
  let ramp_steps = select(0u, step - d.hold_steps, step > d.hold_steps);
  return d.gamma_start + d.ramp_per_step * f32(ramp_steps);
}

// Initial state from two standard normals: phase ~ N(phase_mean, phase_sd^2), velocity ~ N(0, velocity_sd^2).
fn initial_state(z: vec4<f32>, phase_mean: f32, phase_sd: f32, velocity_sd: f32, gamma: f32, target_phase: f32, target_winding: i32) -> TrajectoryState {
  var s: TrajectoryState;
  s.phase = phase_mean + phase_sd * z.x;
  s.velocity = velocity_sd * z.y;
  s.winding = 0;
  wrap_phase(&s);
  s.force = gamma - sin(s.phase);
  s.escape_step = select(NOT_ESCAPED, 0u, has_reached(&s, target_phase, target_winding));
  return s;
}

// Steps [step_start, step_end) of one trajectory (step_start a multiple of 4: one Philox block of
// counter (step / 4, stream, seed_hi, 0) feeds four steps), stopping on arrival at the target, whose
// step number it records. Requires philox.wgsl.
fn advance_trajectory(s: ptr<function, TrajectoryState>, c: GjfCoefficients, d: Drive, target_phase: f32, target_winding: i32,
                      key: vec2<u32>, stream: u32, seed_hi: u32, step_start: u32, step_end: u32) {
  var step = step_start;
  loop {
    if (step >= step_end) { break; }
    let z = normals_from_bits(philox4x32_10(vec4<u32>(step >> 2u, stream, seed_hi, 0u), key));
    for (var j = 0u; j < 4u; j++) {
      gjf_step(s, c, bias_after(d, step + 1u), z[j]);
      step += 1u;
      if (has_reached(s, target_phase, target_winding)) { (*s).escape_step = step; return; }
      if (step >= step_end) { return; }
    }
  }
}
