// One trajectory of the tilted washboard (RCSJ, physics.md §1): the state of the rate and switching
// models. Its last word is the engine's stop step.

struct State {
  // Phase wrapped into [-pi, pi); the absolute phase is phase + 2*pi*winding.
  phase: f32,
  velocity: f32,
  // f = gamma - sin(phase) at the current step, carried so that a chunk boundary costs no extra
  // force evaluation and cannot change the result.
  force: f32,
  winding: i32,
  // Steps taken when the phase first reached the absorbing (escape or switching) point, or NOT_FINISHED.
  stop_step: u32,
}
