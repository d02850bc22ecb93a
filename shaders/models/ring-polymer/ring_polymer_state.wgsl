// One ring polymer of the junction phase (physics.md §10; docs/ring-polymer.md): P = BEADS beads,
// held as orthonormal normal modes q̃_k (mode_position), their momenta p̃_k and the external force
// in modes f̃_k (carried from one step to the next, like the washboard's force). Composed after
// the constant BEADS, which src/models/ring-polymer/model.ts prepends: one polymer per invocation,
// its P×3 words in registers (private arrays indexed only by unrolled loop counters).

struct State {
  mode_position: array<f32, BEADS>,
  mode_momentum: array<f32, BEADS>,
  mode_force: array<f32, BEADS>,
  stop_step: u32,
}
