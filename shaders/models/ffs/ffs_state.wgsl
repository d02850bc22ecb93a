// One washboard trajectory of forward-flux sampling (docs/rare-events.md): the washboard state
// (phase, velocity, force, winding; shaders/models/washboard/washboard_state.wgsl) plus whether the
// trajectory has been back in the basin A since it last crossed the first interface. The washboard
// step reads only the first four fields, so it runs on this State unchanged. Its last word is the
// engine's stop step.

struct State {
  // Phase wrapped into [-pi, pi); the absolute phase is phase + 2*pi*winding.
  phase: f32,
  velocity: f32,
  // f = gamma - sin(phase) at the current step (see washboard_state.wgsl).
  force: f32,
  winding: i32,
  // Flux stage only: 1 once the trajectory has been in A (lambda < basin) since its last counted
  // crossing of lambda_0, so that only first crossings coming from A count towards the flux.
  armed: u32,
  stop_step: u32,
}

// 2 pi under its own name: washboard_dynamics.wgsl (composed after this) declares TWO_PI.
const FFS_PERIOD: f32 = 6.2831853071795864769;

fn absolute_phase(s: State) -> f32 {
  return s.phase + FFS_PERIOD * f32(s.winding);
}

// model.mode (src/models/ffs/model.ts: FFS_MODES)
const FFS_FLUX: u32 = 0u;
const FFS_TRIAL: u32 = 1u;
// model.coordinate (src/models/ffs/model.ts: FFS_COORDINATES)
const FFS_PHASE: u32 = 0u;
const FFS_ENERGY: u32 = 1u;
