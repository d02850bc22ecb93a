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
