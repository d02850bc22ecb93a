// Sums of x, x^2, v and v^2 over a page, exactly: each value is rounded once to a fixed-point integer
// (x and v in units of 2^-20, x^2 and v^2 in units of 2^-20) and the integers are added in 64-bit
// two's complement by lib/wide_sum.wgsl, so the sums do not depend on the order of the additions and
// a run is bit-reproducible however it is paged. Range: |x|, |v| < 2^11 and x^2, v^2 < 2^12 (values
// beyond are clamped, and counted in [8]); at most 2^26 trajectories a page keeps every sum below 2^63.
// Composed after the model's State, lib/wide_sum.wgsl and ReduceParams { trajectory_count }.

// Layout of `statistics` (and of `sums_here`): [0, 2) sum x, [2, 4) sum x^2, [4, 6) sum v,
// [6, 8) sum v^2 (each 64-bit little-endian, two's complement), [8] values clamped.
const SUM_WORDS: u32 = 9u;
const FIXED_POINT: f32 = 1048576.0;

@group(0) @binding(0) var<uniform> params: ReduceParams;
@group(0) @binding(1) var<storage, read> states: array<State>;
@group(0) @binding(2) var<storage, read_write> statistics: array<atomic<u32>>;

var<workgroup> sums_here: array<atomic<u32>, SUM_WORDS>;

// A signed fixed-point value as a 64-bit two's-complement integer (low, high words).
fn signed_fixed(x: f32) -> vec4<u32> {
  let n = i32(round(clamp(x, -2047.0, 2047.0) * FIXED_POINT));
  return vec4<u32>(bitcast<u32>(n), select(0u, 0xFFFFFFFFu, n < 0), 0u, 0u);
}

fn square_fixed(x: f32) -> vec4<u32> {
  return vec4<u32>(u32(round(min(x * x, 4095.0) * FIXED_POINT)), 0u, 0u, 0u);
}

fn clamped(x: f32) -> u32 {
  return select(0u, 1u, abs(x) > 2047.0 || x * x > 4095.0);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn reduce(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
          @builtin(local_invocation_index) lid: u32) {
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (i < params.trajectory_count) {
    let s = states[i];
    add_wide_to_workgroup(0u, 2u, signed_fixed(s.position));
    add_wide_to_workgroup(2u, 2u, square_fixed(s.position));
    add_wide_to_workgroup(4u, 2u, signed_fixed(s.velocity));
    add_wide_to_workgroup(6u, 2u, square_fixed(s.velocity));
    let c = clamped(s.position) + clamped(s.velocity);
    if (c > 0u) { atomicAdd(&sums_here[8], c); }
  }
  workgroupBarrier();
  if (lid == 0u) {
    for (var j = 0u; j < 8u; j += 2u) {
      add_wide_to_global(j, 2u, vec4<u32>(atomicLoad(&sums_here[j]), atomicLoad(&sums_here[j + 1u]), 0u, 0u));
    }
    let c = atomicLoad(&sums_here[8]);
    if (c > 0u) { atomicAdd(&statistics[8], c); }
  }
}
