// Sufficient statistics of one page of forward-flux trajectories: how many stopped, and the steps
// integrated, sum_i min(stop_i, steps_run), as a 64-bit integer (the flux stage's exposure). The
// host reads the raw states too (it keeps the crossing states and classifies each stop); these
// sums are formed independently, on the device, and the host checks that both agree. Composed
// after the State, lib/wide_sum.wgsl and ReduceParams.

// Layout of `statistics` (and `sums_here`): [0] unused (0), [1] stopped, [2] steps low word,
// [3] steps high word.
@group(0) @binding(0) var<uniform> params: ReduceParams;
@group(0) @binding(1) var<storage, read> states: array<State>;
@group(0) @binding(2) var<storage, read_write> statistics: array<atomic<u32>>;

var<workgroup> sums_here: array<atomic<u32>, 4>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn reduce(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
          @builtin(local_invocation_index) lid: u32) {
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (i < params.trajectory_count) {
    let s = states[i];
    let stopped = s.stop_step != NOT_FINISHED;
    if (stopped) { atomicAdd(&sums_here[1], 1u); }
    add_wide_to_workgroup(2u, 2u, vec4<u32>(select(params.steps_run, s.stop_step, stopped), 0u, 0u, 0u));
  }
  workgroupBarrier();
  if (lid == 0u) {
    for (var k = 0u; k < 2u; k++) {
      let n = atomicLoad(&sums_here[k]);
      if (n > 0u) { atomicAdd(&statistics[k], n); }
    }
    add_wide_to_global(2u, 2u, vec4<u32>(atomicLoad(&sums_here[2]), atomicLoad(&sums_here[3]), 0u, 0u));
  }
}
