// Grønbech-Jensen–Farago integration of  phi'' + phi'/Q0 + sin(phi) - gamma = xi(tau)  for one
// trajectory per invocation (physics.md §1-2). State lives in registers for a whole chunk of steps
// and is written back once. Requires philox.wgsl and gjf.wgsl.

// Philox counter word 1 separates the independent uses of one trajectory's key.
const STREAM_STEPS: u32 = 0u;
const STREAM_INITIAL_STATE: u32 = 1u;

struct EscapeParams {
  gamma: f32,
  // The fields of GjfCoefficients, kept flat: a nested struct would be padded to 16 bytes in a
  // uniform buffer and change this layout.
  velocity_damping: f32,
  velocity_to_phase: f32,
  force_to_phase: f32,
  half_step: f32,
  noise_to_phase: f32,
  noise_to_velocity: f32,
  // Absorbing point phi_e = escape_phase + 2 pi escape_winding, escape_phase in [-pi, pi).
  escape_phase: f32,
  escape_winding: i32,
  trajectory_offset: u32, // global index of this page's first trajectory (the Philox key)
  trajectory_count: u32,  // trajectories in this page
  step_start: u32,        // a multiple of 4: one Philox block feeds four steps
  step_end: u32,
  seed_lo: u32,
  seed_hi: u32,
  // Initial state: phase ~ N(initial_phase, initial_phase_sd^2), velocity ~ N(0, initial_velocity_sd^2).
  initial_phase: f32,
  initial_phase_sd: f32,
  initial_velocity_sd: f32,
  // `advance` integrates live[0 .. live_count); `compact` gathers the still-running entries of
  // live[0 .. compact_from_count) into next_live.
  live_count: u32,
  compact_from_count: u32,
}

@group(0) @binding(0) var<uniform> params: EscapeParams;
@group(0) @binding(1) var<storage, read_write> states: array<TrajectoryState>;
// Trajectories still running at the end of this dispatch, so the host can stop early.
@group(0) @binding(2) var<storage, read_write> running_count: atomic<u32>;
// Indices (within the page) of the trajectories to integrate. Once most have escaped, the host
// compacts the running ones to the front, so that a dispatch is not spent on lanes whose trajectory
// has already stopped. Which invocation integrates a trajectory never changes its result: each one
// depends only on its own state and Philox key.
@group(0) @binding(3) var<storage, read_write> live: array<u32>;
@group(0) @binding(4) var<storage, read_write> next_live: array<u32>;
@group(0) @binding(5) var<storage, read_write> next_live_count: atomic<u32>;

// WORKGROUP_SIZE is a `const` the host prepends (src/engine/programs.ts). It is not an `override`:
// Dawn crashed building a pipeline from a module with an override and two entry points.

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
  // Pages larger than 65535 workgroups are dispatched as a 2-D grid. (Written out in each entry
  // point: Dawn's compiler crashed on a helper function reading WORKGROUP_SIZE called from both.)
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (i >= params.trajectory_count) { return; }
  let z = normals_from_bits(philox4x32_10(vec4<u32>(0u, STREAM_INITIAL_STATE, params.seed_hi, 0u), philox_key(i)));
  states[i] = initial_state(z, params.initial_phase, params.initial_phase_sd, params.initial_velocity_sd, params.gamma,
                            params.escape_phase, params.escape_winding);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn advance(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
           @builtin(local_invocation_index) lid: u32) {
  // Pages larger than 65535 workgroups are dispatched as a 2-D grid. (Written out in each entry
  // point: Dawn's compiler crashed on a helper function reading WORKGROUP_SIZE called from both.)
  let k = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  var running = false;
  if (k < params.live_count) {
    let i = live[k];
    var s = states[i];
    if (s.escape_step == NOT_ESCAPED) {
      advance_trajectory(&s, coefficients(), Drive(params.gamma, 0.0, 0u), params.escape_phase, params.escape_winding,
                         philox_key(i), STREAM_STEPS, params.seed_hi, params.step_start, params.step_end);
      states[i] = s;
      running = s.escape_step == NOT_ESCAPED;
    }
  }
  // One global atomic per workgroup rather than per trajectory.
  if (running) { atomicAdd(&workgroup_running, 1u); }
  workgroupBarrier();
  if (lid == 0u) {
    let n = atomicLoad(&workgroup_running);
    if (n > 0u) { atomicAdd(&running_count, n); }
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn compact(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  // (Written out in each entry point, as above.)
  let k = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (k >= params.compact_from_count) { return; }
  let i = live[k];
  if (states[i].escape_step == NOT_ESCAPED) {
    // The order of the compacted list depends on scheduling; the results do not (see `live`).
    next_live[atomicAdd(&next_live_count, 1u)] = i;
  }
}
