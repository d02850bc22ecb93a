// Sums over a page of z = (|alpha|^2 - |beta|^2)/N, the Weyl symbol of the imbalance, and of z^2,
// exactly: each value is rounded once to a fixed-point integer in units of 2^-24 and the integers
// are added in 64-bit two's complement by lib/wide_sum.wgsl, so the sums do not depend on the order
// of the additions and a run is bit-reproducible however it is paged. Range: |z| <= 64 and
// z^2 <= 255 (beyond: clamped, and counted in [4]; |z| <= (|alpha|^2 + |beta|^2)/N, conserved, about
// 1 + O(1/sqrt N)). At most 2^26 trajectories a page keeps every sum below 2^56.
// Composed after the model's State, lib/wide_sum.wgsl and ReduceParams.

// Layout of `statistics` (and of `sums_here`): [0, 2) sum z, [2, 4) sum z^2 (each 64-bit
// little-endian, two's complement), [4] values clamped.
const SUM_WORDS: u32 = 5u;
const FIXED_POINT: f32 = 16777216.0;

@group(0) @binding(0) var<uniform> params: ReduceParams;
@group(0) @binding(1) var<storage, read> states: array<State>;
@group(0) @binding(2) var<storage, read_write> statistics: array<atomic<u32>>;

var<workgroup> sums_here: array<atomic<u32>, SUM_WORDS>;

fn imbalance(s: State) -> f32 {
  return (s.a_re * s.a_re + s.a_im * s.a_im - (s.b_re * s.b_re + s.b_im * s.b_im)) * params.inverse_n;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn reduce(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
          @builtin(local_invocation_index) lid: u32) {
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (i < params.trajectory_count) {
    let z = imbalance(states[i]);
    let n = i32(round(clamp(z, -64.0, 64.0) * FIXED_POINT));
    add_wide_to_workgroup(0u, 2u, vec4<u32>(bitcast<u32>(n), select(0u, 0xFFFFFFFFu, n < 0), 0u, 0u));
    add_wide_to_workgroup(2u, 2u, vec4<u32>(u32(round(min(z * z, 255.0) * FIXED_POINT)), 0u, 0u, 0u));
    if (abs(z) > 64.0 || z * z > 255.0) { atomicAdd(&sums_here[4], 1u); }
  }
  workgroupBarrier();
  if (lid == 0u) {
    for (var j = 0u; j < 4u; j += 2u) {
      add_wide_to_global(j, 2u, vec4<u32>(atomicLoad(&sums_here[j]), atomicLoad(&sums_here[j + 1u]), 0u, 0u));
    }
    let c = atomicLoad(&sums_here[4]);
    if (c > 0u) { atomicAdd(&statistics[4], c); }
  }
}
