// Switching under a linear bias ramp (physics.md §7): GJF integration of
//   phi'' + phi'/Q0 + sin(phi) - gamma(tau) = xi(tau),  gamma = gamma_start + gamma_dot * max(0, tau - tau_hold),
// one trajectory per invocation, until the phase reaches the switching point. Requires philox.wgsl
// and gjf.wgsl; the state's escape_step holds the step at which the trajectory switched.

// New Philox streams (counter word 1), so that a switching run and a fixed-bias run with the same
// seed draw independent noise.
const STREAM_SWITCHING_STEPS: u32 = 2u;
const STREAM_SWITCHING_INITIAL_STATE: u32 = 3u;

struct SwitchingParams {
  gamma_start: f32,
  // gamma_dot * dt, the bias added per step once the hold is over.
  ramp_per_step: f32,
  // The fields of GjfCoefficients, kept flat (a nested struct would be padded to 16 bytes).
  velocity_damping: f32,
  velocity_to_phase: f32,
  force_to_phase: f32,
  half_step: f32,
  noise_to_phase: f32,
  noise_to_velocity: f32,
  // Switching point phi_s = switch_phase + 2 pi switch_winding = phi_min(gamma_start) + 2 pi K.
  switch_phase: f32,
  switch_winding: i32,
  trajectory_offset: u32, // global index of this page's first trajectory (the Philox key)
  trajectory_count: u32,  // trajectories in this page
  step_start: u32,        // a multiple of 4: one Philox block feeds four steps
  step_end: u32,
  seed_lo: u32,
  seed_hi: u32,
  // Steps held at gamma_start (equilibration) before the ramp begins.
  hold_steps: u32,
  // Initial state: phase ~ N(initial_phase, initial_phase_sd^2), velocity ~ N(0, initial_velocity_sd^2).
  initial_phase: f32,
  initial_phase_sd: f32,
  initial_velocity_sd: f32,
}

@group(0) @binding(0) var<uniform> params: SwitchingParams;
@group(0) @binding(1) var<storage, read_write> states: array<TrajectoryState>;
// Trajectories still running at the end of this dispatch, so the host can stop early.
@group(0) @binding(2) var<storage, read_write> running_count: atomic<u32>;

// WORKGROUP_SIZE is a `const` the host prepends (src/engine/programs.ts), not an `override`.

var<workgroup> workgroup_running: atomic<u32>;

fn philox_key(local_index: u32) -> vec2<u32> {
  return vec2<u32>(params.trajectory_offset + local_index, params.seed_lo);
}

fn coefficients() -> GjfCoefficients {
  return GjfCoefficients(params.velocity_damping, params.velocity_to_phase, params.force_to_phase,
                         params.half_step, params.noise_to_phase, params.noise_to_velocity);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn initialize(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  // 2-D grid for pages above 65535 workgroups, written out per entry point (see langevin_escape.wgsl).
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (i >= params.trajectory_count) { return; }
  let z = normals_from_bits(philox4x32_10(vec4<u32>(0u, STREAM_SWITCHING_INITIAL_STATE, params.seed_hi, 0u), philox_key(i)));
  states[i] = initial_state(z, params.initial_phase, params.initial_phase_sd, params.initial_velocity_sd, params.gamma_start,
                            params.switch_phase, params.switch_winding);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn advance(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
           @builtin(local_invocation_index) lid: u32) {
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  var running = false;
  if (i < params.trajectory_count) {
    var s = states[i];
    if (s.escape_step == NOT_ESCAPED) {
      advance_trajectory(&s, coefficients(), Drive(params.gamma_start, params.ramp_per_step, params.hold_steps),
                         params.switch_phase, params.switch_winding, philox_key(i), STREAM_SWITCHING_STEPS, params.seed_hi,
                         params.step_start, params.step_end);
      states[i] = s;
      running = s.escape_step == NOT_ESCAPED;
    }
  }
  if (running) { atomicAdd(&workgroup_running, 1u); }
  workgroupBarrier();
  if (lid == 0u) {
    let n = atomicLoad(&workgroup_running);
    if (n > 0u) { atomicAdd(&running_count, n); }
  }
}
