// Per polymer: the centroid φ̄ = q̃_0/√P, the bead second moment m₂ = (1/P)Σ_j φ_j² = (1/P)Σ_k q̃_k²
// (C orthogonal) and the mean bead force f̄ = (1/P)Σ_j f(φ_j) = f̃_0/√P (with the centroid constrained,
// −dF/dφ̄ of the centroid free energy is ⟨f̄⟩). Sums of φ̄, φ̄², m₂, m₂², f̄ and f̄² over a page, exactly, as in the harmonic model: each
// value rounded once to a fixed-point integer in units of 2^-20 and added in 64-bit two's
// complement (lib/wide_sum.wgsl), so a run is bit-reproducible however it is paged. Range: |φ̄| <
// 2^11 and φ̄², m₂, m₂², f̄² < 2^12 (beyond: clamped, and counted in [12]).
// Composed after the State (and BEADS, SQRT_BEADS), lib/wide_sum.wgsl and ReduceParams.

// Layout of `statistics`: [0, 2) Σφ̄, [2, 4) Σφ̄², [4, 6) Σm₂, [6, 8) Σm₂², [8, 10) Σf̄, [10, 12) Σf̄²,
// [12] values clamped.
const SUM_WORDS: u32 = 13u;
const CLAMPED: u32 = 12u;
const FIXED_POINT: f32 = 1048576.0;

@group(0) @binding(0) var<uniform> params: ReduceParams;
@group(0) @binding(1) var<storage, read> states: array<State>;
@group(0) @binding(2) var<storage, read_write> statistics: array<atomic<u32>>;

var<workgroup> sums_here: array<atomic<u32>, SUM_WORDS>;

fn signed_fixed(x: f32) -> vec4<u32> {
  let n = i32(round(clamp(x, -2047.0, 2047.0) * FIXED_POINT));
  return vec4<u32>(bitcast<u32>(n), select(0u, 0xFFFFFFFFu, n < 0), 0u, 0u);
}

fn positive_fixed(x: f32) -> vec4<u32> {
  return vec4<u32>(u32(round(min(x, 4095.0) * FIXED_POINT)), 0u, 0u, 0u);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn reduce(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>,
          @builtin(local_invocation_index) lid: u32) {
  let i = gid.x + gid.y * groups.x * WORKGROUP_SIZE;
  if (i < params.trajectory_count) {
    let s = states[i];
    let centroid = s.mode_position[0] / SQRT_BEADS;
    var m2 = 0.0;
    for (var k = 0u; k < BEADS; k++) { m2 += s.mode_position[k] * s.mode_position[k]; }
    m2 = m2 / f32(BEADS);
    add_wide_to_workgroup(0u, 2u, signed_fixed(centroid));
    add_wide_to_workgroup(2u, 2u, positive_fixed(centroid * centroid));
    add_wide_to_workgroup(4u, 2u, positive_fixed(m2));
    add_wide_to_workgroup(6u, 2u, positive_fixed(m2 * m2));
    let force = s.mode_force[0] / SQRT_BEADS;
    add_wide_to_workgroup(8u, 2u, signed_fixed(force));
    add_wide_to_workgroup(10u, 2u, positive_fixed(force * force));
    let c = select(0u, 1u, abs(centroid) > 2047.0 || centroid * centroid > 4095.0) + select(0u, 1u, m2 * m2 > 4095.0)
          + select(0u, 1u, force * force > 4095.0);
    if (c > 0u) { atomicAdd(&sums_here[CLAMPED], c); }
  }
  workgroupBarrier();
  if (lid == 0u) {
    for (var j = 0u; j < CLAMPED; j += 2u) {
      add_wide_to_global(j, 2u, vec4<u32>(atomicLoad(&sums_here[j]), atomicLoad(&sums_here[j + 1u]), 0u, 0u));
    }
    let c = atomicLoad(&sums_here[CLAMPED]);
    if (c > 0u) { atomicAdd(&statistics[CLAMPED], c); }
  }
}
