// The engine's trajectory kernels, the same for every model: one trajectory per invocation, its
// state in registers for a whole chunk of steps and written back once. The host composes this module
// (src/engine/programs.ts) from, in order: the constants WORKGROUP_SIZE, NOT_FINISHED, STREAM_STEPS
// and STREAM_INITIAL_STATE; rng/philox.wgsl (and rng/threefry.wgsl) with one rng/stream_*.wgsl, which
// supplies random_bits(counter, key); the RunParams and model-parameter structs (declared
// once in TypeScript, src/engine/uniforms.ts); the model's libraries, state and dynamics; and this.
//
// The model supplies (WGSL):
//   struct State { ..., stop_step: u32 }       its last word is the stop step, NOT_FINISHED while running
//   fn init_state(z: vec4<f32>) -> State       from four standard normals (stream STREAM_INITIAL_STATE)
//   fn step_state(s: ptr<function, State>, step: u32, z: f32)   step -> step + 1, one standard normal
//   fn finished(s: ptr<function, State>) -> bool                the absorbing condition
// and reads its uniforms as `model`.
//
// RNG streams: key = (global trajectory index, seed low word); counter = (step / 4, stream, seed high
// word, 0), whichever generator the run uses. One block feeds four steps, so chunk boundaries lie on multiples of 4 and a
// trajectory's noise never depends on how a run is split into pages or dispatches.
//
// WORKGROUP_SIZE is a `const` the host prepends, not an `override`: Dawn crashed building a pipeline
// from a module with an override and two entry points. For the same reason the 2-D grid index is
// written out in each entry point rather than in a helper that reads WORKGROUP_SIZE.

@group(0) @binding(0) var<uniform> run: RunParams;
@group(0) @binding(1) var<storage, read_write> states: array<State>;
// Trajectories still running at the end of this dispatch, so the host can stop early.
@group(0) @binding(2) var<storage, read_write> running_count: atomic<u32>;
// Indices (within the page) of the trajectories to integrate. Once most have finished, the host
// compacts the running ones to the front, so that a dispatch is not spent on lanes whose trajectory
// has already stopped. Which invocation integrates a trajectory never changes its result: each one
// depends only on its own state and Philox key.
@group(0) @binding(3) var<storage, read_write> live: array<u32>;
@group(0) @binding(4) var<storage, read_write> next_live: array<u32>;
@group(0) @binding(5) var<storage, read_write> next_live_count: atomic<u32>;
@group(0) @binding(6) var<uniform> model: ModelParams;

var<workgroup> workgroup_running: atomic<u32>;

fn philox_key(local_index: u32) -> vec2<u32> {
  return vec2<u32>(run.trajectory_offset + local_index, run.seed_lo);
}

fn normals(block: u32, stream: u32, key: vec2<u32>) -> vec4<f32> {
  return normals_from_bits(random_bits(vec4<u32>(block, stream, run.seed_hi, 0u), key));
}

// Steps [step_start, step_end) of one trajectory, stopping when the model says it has finished and
// recording the step it finished at.
fn advance_trajectory(s: ptr<function, State>, key: vec2<u32>) {
  var step = run.step_start;
  loop {
    if (step >= run.step_end) { break; }
    let z = normals(step >> 2u, STREAM_STEPS, key);
    for (var j = 0u; j < 4u; j++) {
      step_state(s, step, z[j]);
      step += 1u;
      if (finished(s)) { (*s).stop_step = step; return; }
      if (step >= run.step_end) { return; }
    }
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn initialize(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (i >= run.trajectory_count) { return; }
  var s = init_state(normals(0u, STREAM_INITIAL_STATE, philox_key(i)));
  s.stop_step = select(NOT_FINISHED, 0u, finished(&s));
  states[i] = s;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn advance(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
           @builtin(local_invocation_index) lid: u32) {
  let k = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  var running = false;
  if (k < run.live_count) {
    let i = live[k];
    var s = states[i];
    if (s.stop_step == NOT_FINISHED) {
      advance_trajectory(&s, philox_key(i));
      states[i] = s;
      running = s.stop_step == NOT_FINISHED;
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
  let k = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (k >= run.compact_from_count) { return; }
  let i = live[k];
  if (states[i].stop_step == NOT_FINISHED) {
    // The order of the compacted list depends on scheduling; the results do not (see `live`).
    next_live[atomicAdd(&next_live_count, 1u)] = i;
  }
}
