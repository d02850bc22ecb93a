// Sufficient statistics of one page of trajectories (physics.md §6): the number escaped, the total
// censored exposure sum_i min(escape_step_i, step_end) as a 64-bit integer in two u32 words, and
// a histogram of escape steps (the survival curve). Only these few words go back to the host.

// Requires gjf.wgsl (TrajectoryState, NOT_ESCAPED).

const MAX_SURVIVAL_BINS: u32 = 256u;

struct StatisticsParams {
  trajectory_count: u32,
  // Steps every survivor has run: its censoring time.
  steps_run: u32,
  steps_per_bin: u32,
  bin_count: u32,
}

// Layout of `statistics`: [0] escaped, [1] exposure low word, [2] exposure high word,
// [3 .. 3 + bin_count) escapes per bin.
@group(0) @binding(0) var<uniform> params: StatisticsParams;
@group(0) @binding(1) var<storage, read> states: array<TrajectoryState>;
@group(0) @binding(2) var<storage, read_write> statistics: array<atomic<u32>>;

// WORKGROUP_SIZE is a `const` the host prepends (src/engine/programs.ts). It is not an `override`:
// Dawn crashed building a pipeline from a module with an override and two entry points.

var<workgroup> escaped_here: atomic<u32>;
var<workgroup> exposure_lo: atomic<u32>;
var<workgroup> exposure_hi: atomic<u32>;
var<workgroup> bins_here: array<atomic<u32>, MAX_SURVIVAL_BINS>;

// 64-bit add into two u32 words: a wrapped low word means a carry into the high word.
fn add_u64_to_workgroup(lo: u32, hi: u32) {
  let before = atomicAdd(&exposure_lo, lo);
  let carry = select(0u, 1u, before > 0xFFFFFFFFu - lo);
  if (hi + carry > 0u) { atomicAdd(&exposure_hi, hi + carry); }
}

fn add_u64_to_global(lo: u32, hi: u32) {
  let before = atomicAdd(&statistics[1], lo);
  let carry = select(0u, 1u, before > 0xFFFFFFFFu - lo);
  if (hi + carry > 0u) { atomicAdd(&statistics[2], hi + carry); }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn reduce(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
          @builtin(local_invocation_index) lid: u32) {
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (i < params.trajectory_count) {
    let escape_step = states[i].escape_step;
    let escaped = escape_step != NOT_ESCAPED;
    add_u64_to_workgroup(select(params.steps_run, escape_step, escaped), 0u);
    if (escaped) {
      atomicAdd(&escaped_here, 1u);
      let bin = min(escape_step / params.steps_per_bin, params.bin_count - 1u);
      atomicAdd(&bins_here[bin], 1u);
    }
  }
  workgroupBarrier();
  if (lid == 0u) {
    let n = atomicLoad(&escaped_here);
    if (n > 0u) { atomicAdd(&statistics[0], n); }
    add_u64_to_global(atomicLoad(&exposure_lo), atomicLoad(&exposure_hi));
  }
  for (var b = lid; b < params.bin_count; b += WORKGROUP_SIZE) {
    let count = atomicLoad(&bins_here[b]);
    if (count > 0u) { atomicAdd(&statistics[3u + b], count); }
  }
}
