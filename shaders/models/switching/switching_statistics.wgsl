// Sufficient statistics of one page of a switching run (physics.md §7). A trajectory that switched
// after `step` steps did so at ramp step k = max(0, step - hold_steps), i.e. at the bias
// gamma_start + gamma_dot dt k, which the host forms in f64. Returned: the number switched, the
// number switched while still held at gamma_start, the exact integer power sums of k (so the host
// forms mean, variance and skewness of the switching bias without any rounding of sums), and the
// histogram of k in bins of steps_per_bin ramp steps. Composed after rng/philox.wgsl (mulhi32), the
// model's State, lib/wide_sum.wgsl and the ReduceParams struct: trajectory_count, hold_steps,
// steps_per_bin, bin_count.

// Layout of `statistics` (u32 words, little-endian multi-word integers):
//   [0] switched   [1] switched while held
//   [2, 4) sum k (64-bit)   [4, 7) sum k^2 (96-bit)   [7, 11) sum k^3 (128-bit)
//   [11, 11 + bin_count) switches per bin; the last bin also takes any later switch.
// Bounds: k < 2^32 and at most 2^26 trajectories a page, so sum k^3 < 2^122 fits its four words.
const SUM_WORDS: u32 = 11u;

@group(0) @binding(0) var<uniform> params: ReduceParams;
@group(0) @binding(1) var<storage, read> states: array<State>;
@group(0) @binding(2) var<storage, read_write> statistics: array<atomic<u32>>;

var<workgroup> sums_here: array<atomic<u32>, SUM_WORDS>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn reduce(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
          @builtin(local_invocation_index) lid: u32) {
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (i < params.trajectory_count) {
    let step = states[i].stop_step;
    if (step != NOT_FINISHED) {
      let k = select(0u, step - params.hold_steps, step > params.hold_steps);
      atomicAdd(&sums_here[0], 1u);
      if (step <= params.hold_steps) { atomicAdd(&sums_here[1], 1u); }
      // k^2 = (sq_hi, sq_lo) and k^3 = k^2 k in three words, from 32x32 -> 64-bit products.
      let sq_lo = k * k;
      let sq_hi = mulhi32(k, k);
      let cube_mid_a = mulhi32(sq_lo, k);
      let cube_mid = cube_mid_a + sq_hi * k;
      let cube_hi = mulhi32(sq_hi, k) + select(0u, 1u, cube_mid < cube_mid_a);
      add_wide_to_workgroup(2u, 2u, vec4<u32>(k, 0u, 0u, 0u));
      add_wide_to_workgroup(4u, 3u, vec4<u32>(sq_lo, sq_hi, 0u, 0u));
      add_wide_to_workgroup(7u, 4u, vec4<u32>(sq_lo * k, cube_mid, cube_hi, 0u));
      let bin = min(k / params.steps_per_bin, params.bin_count - 1u);
      atomicAdd(&statistics[SUM_WORDS + bin], 1u);
    }
  }
  workgroupBarrier();
  if (lid == 0u) {
    let switched = atomicLoad(&sums_here[0]);
    if (switched > 0u) {
      atomicAdd(&statistics[0], switched);
      let held = atomicLoad(&sums_here[1]);
      if (held > 0u) { atomicAdd(&statistics[1], held); }
      add_wide_to_global(2u, 2u, vec4<u32>(atomicLoad(&sums_here[2]), atomicLoad(&sums_here[3]), 0u, 0u));
      add_wide_to_global(4u, 3u, vec4<u32>(atomicLoad(&sums_here[4]), atomicLoad(&sums_here[5]), atomicLoad(&sums_here[6]), 0u));
      add_wide_to_global(7u, 4u, vec4<u32>(atomicLoad(&sums_here[7]), atomicLoad(&sums_here[8]), atomicLoad(&sums_here[9]), atomicLoad(&sums_here[10])));
    }
  }
}
