// Sufficient statistics of one page of escape trajectories (physics.md §6): the number escaped, the
// total censored exposure sum_i min(escape_step_i, steps_run) as a 64-bit integer in two u32 words,
// and a histogram of escape steps (the survival curve). Only these few words go back to the host.
// Composed after the model's State, lib/wide_sum.wgsl and the ReduceParams struct:
//   trajectory_count, steps_run (every survivor's censoring time), steps_per_bin, bin_count.

const MAX_SURVIVAL_BINS: u32 = 256u;

// Layout of `statistics` (and of `sums_here`, its first three words): [0] escaped, [1] exposure low
// word, [2] exposure high word, then [3 .. 3 + bin_count) escapes per bin.
@group(0) @binding(0) var<uniform> params: ReduceParams;
@group(0) @binding(1) var<storage, read> states: array<State>;
@group(0) @binding(2) var<storage, read_write> statistics: array<atomic<u32>>;

var<workgroup> sums_here: array<atomic<u32>, 3>;
var<workgroup> bins_here: array<atomic<u32>, MAX_SURVIVAL_BINS>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn reduce(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
          @builtin(local_invocation_index) lid: u32) {
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (i < params.trajectory_count) {
    let escape_step = states[i].stop_step;
    let escaped = escape_step != NOT_FINISHED;
    add_wide_to_workgroup(1u, 2u, vec4<u32>(select(params.steps_run, escape_step, escaped), 0u, 0u, 0u));
    if (escaped) {
      atomicAdd(&sums_here[0], 1u);
      let bin = min(escape_step / params.steps_per_bin, params.bin_count - 1u);
      atomicAdd(&bins_here[bin], 1u);
    }
  }
  workgroupBarrier();
  if (lid == 0u) {
    let n = atomicLoad(&sums_here[0]);
    if (n > 0u) { atomicAdd(&statistics[0], n); }
    add_wide_to_global(1u, 2u, vec4<u32>(atomicLoad(&sums_here[1]), atomicLoad(&sums_here[2]), 0u, 0u));
  }
  for (var b = lid; b < params.bin_count; b += WORKGROUP_SIZE) {
    let count = atomicLoad(&bins_here[b]);
    if (count > 0u) { atomicAdd(&statistics[3u + b], count); }
  }
}
