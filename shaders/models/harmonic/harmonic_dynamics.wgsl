// x'' = -kappa x - x'/Q0 + xi(t), <xi(t) xi(t')> = 2 theta/Q0 delta(t - t'), under GJF (lib/gjf.wgsl):
// a linear force, so the ensemble's mean and covariance at every step are known exactly
// (src/models/harmonic/moments.ts). The model's contract with the engine: init_state, step_state and
// finished; its uniforms are `model` (ModelParams, declared in src/models/harmonic/model.ts).

fn init_state(z: vec4<f32>) -> State {
  var s: State;
  s.position = model.initial_position + model.initial_position_sd * z.x;
  s.velocity = model.initial_velocity_sd * z.y;
  s.force = -model.kappa * s.position;
  return s;
}

fn step_state(s: ptr<function, State>, step: u32, z: f32) {
  let c = GjfCoefficients(model.friction_loss, model.velocity_to_phase, model.force_to_phase,
                          model.half_step, model.noise_to_phase, model.noise_to_velocity);
  let f_old = (*s).force;
  (*s).position = gjf_position(c, (*s).position, (*s).velocity, f_old, z);
  let f_new = -model.kappa * (*s).position;
  (*s).velocity = gjf_velocity(c, (*s).velocity, f_old, f_new, z);
  (*s).force = f_new;
}

// Every trajectory runs to the end: the model observes the ensemble at a fixed time.
fn finished(s: ptr<function, State>) -> bool {
  return false;
}
