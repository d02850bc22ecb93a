// phi'' + phi'/Q0 + sin(phi) - gamma(tau) = xi(tau)  (physics.md §1-2, §7) under GJF, with the bias
// held at gamma_start for hold_steps and then rising by ramp_per_step a step. A fixed bias (the rate
// model) is ramp_per_step = 0: gamma_start + 0 is gamma_start exactly. The model's contract with the
// engine: init_state, step_state and finished; its uniforms are `model` (ModelParams, declared in src/models/washboard/kernel.ts).

const TWO_PI: f32 = 6.2831853071795864769;
const PI: f32 = 3.1415926535897932385;

fn coefficients() -> GjfCoefficients {
  return GjfCoefficients(model.friction_loss, model.velocity_to_phase, model.force_to_phase,
                         model.half_step, model.noise_to_phase, model.noise_to_velocity);
}

// Wraps the phase back into [-pi, pi), counting every turn: a running particle at large Q0 can cross
// many wells in one step (b dt v > 2 pi once v > 2 pi/dt, e.g. v = gamma Q0 = 500 at dt = 0.5 is 40
// turns a step). A step of one turn subtracts exactly TWO_PI, as a single-turn wrap would.
fn wrap_phase(s: ptr<function, State>) {
  let phase = (*s).phase;
  if (phase >= PI || phase < -PI) {
    var turns = floor((phase + PI) / TWO_PI);
    var wrapped = phase - turns * TWO_PI;
    // The quotient is rounded, so floor can be one off next to a multiple of 2 pi; one correction
    // restores [-pi, pi) (TWO_PI is exactly 2 PI in f32).
    if (wrapped >= PI) {
      wrapped -= TWO_PI;
      turns += 1.0;
    } else if (wrapped < -PI) {
      wrapped += TWO_PI;
      turns -= 1.0;
    }
    (*s).phase = wrapped;
    (*s).winding += i32(turns);
  }
}

// Each value is rounded once from the integer step, so no rounding accumulates however long the
// ramp (the host forms the exact bias of a switch in f64 the same way).
fn bias_after(step: u32) -> f32 {
  let ramp_steps = select(0u, step - model.hold_steps, step > model.hold_steps);
  return model.gamma_start + model.ramp_per_step * f32(ramp_steps);
}

// Initial state from two standard normals: phase ~ N(initial_phase, initial_phase_sd^2), velocity ~ N(0, initial_velocity_sd^2).
fn init_state(z: vec4<f32>) -> State {
  var s: State;
  s.phase = model.initial_phase + model.initial_phase_sd * z.x;
  s.velocity = model.initial_velocity_sd * z.y;
  s.winding = 0;
  wrap_phase(&s);
  s.force = model.gamma_start - sin(s.phase);
  return s;
}

// Step `step` -> step + 1 with standard normal z. With a time-dependent bias the trapezoidal force
// term takes f_{n+1} = f(phi_{n+1}, tau_{n+1}); f_n is the force carried from the previous step.
fn step_state(s: ptr<function, State>, step: u32, z: f32) {
  let c = coefficients();
  let gamma_new = bias_after(step + 1u);
  let f_old = (*s).force;
  (*s).phase = gjf_position(c, (*s).phase, (*s).velocity, f_old, z);
  wrap_phase(s);
  let f_new = gamma_new - sin((*s).phase);
  (*s).velocity = gjf_velocity(c, (*s).velocity, f_old, f_new, z);
  (*s).force = f_new;
}

