// One trajectory of a damped harmonic oscillator, x'' = -kappa x - x'/Q0 + xi(t): the state of the
// harmonic model. Its last word is the engine's stop step (the model never stops early).

struct State {
  position: f32,
  velocity: f32,
  // f = -kappa x at the current step, carried like the washboard's force.
  force: f32,
  stop_step: u32,
}
