// The ring polymer's step (src/models/ring-polymer/coefficients.ts): B A O A B in normal modes,
// with the free ring and the Ohmic bath's stiffness ν̃_k/Q₀ integrated exactly (A), the external
// force −u′(φ_j) of each bead as kicks (B) and the PILE-L thermostat (O).
//
// The engine supplies one standard normal per engine step; the O step needs one per mode. So one
// ring-polymer step spans P engine steps: engine step nP + k applies O to mode k with its normal,
// after B A on k = 0 and before A B on k = P − 1. The O's act on distinct modes and commute, so the
// P engine steps compose exactly B A O A B, and mode k's normal is the engine's draw for step nP + k,
// whatever the page or chunk (the engine's counter-based streams). The branch on `mode` is the same
// in every lane (all polymers of a dispatch are at the same step).
//
// Composed after the State and the generated constants (model.ts): BEADS, SQRT_BEADS, POTENTIAL
// (0: harmonic ½ω₀²φ², 1: washboard −cos φ − γφ), MODES (C_jk at j·BEADS + k) and the per-mode
// ROTATION_COS, ROTATION_SIN_OVER_OMEGA, ROTATION_OMEGA_SIN, THERMOSTAT_DAMPING, THERMOSTAT_NOISE.
// Loops run over the compile-time BEADS, so the compiler can unroll them and keep the state in
// registers; the mode of the O step is chosen by comparison, not by a dynamic index, for that reason.

// f = −u′(φ) of one bead (physics.md §1 for the washboard).
fn bead_force(phi: f32) -> f32 {
  if (POTENTIAL == 0u) { return -model.omega0_squared * phi; }
  return model.bias - sin(phi);
}

// f̃_k = Σ_j C_jk f(φ_j), φ_j = Σ_k C_jk q̃_k: the two P×P products of the step.
fn update_mode_forces(s: ptr<function, State>) {
  var force: array<f32, BEADS>;
  for (var j = 0u; j < BEADS; j++) {
    var phi = 0.0;
    for (var k = 0u; k < BEADS; k++) { phi += MODES[j * BEADS + k] * (*s).mode_position[k]; }
    force[j] = bead_force(phi);
  }
  for (var k = 0u; k < BEADS; k++) {
    var f = 0.0;
    for (var j = 0u; j < BEADS; j++) { f += MODES[j * BEADS + k] * force[j]; }
    (*s).mode_force[k] = f;
  }
}

fn init_state(z: vec4<f32>) -> State {
  var s: State;
  for (var k = 0u; k < BEADS; k++) {
    s.mode_position[k] = 0.0;
    s.mode_momentum[k] = 0.0;
  }
  // q̃_0 = √P φ̄; the centroid momentum at θ_P = Pθ; the internal modes start collapsed, at rest.
  s.mode_position[0] = SQRT_BEADS * (model.initial_centroid + model.initial_centroid_sd * z.x);
  s.mode_momentum[0] = model.centroid_mobility * model.centroid_momentum_sd * z.y;
  update_mode_forces(&s);
  return s;
}

// B: p̃ += (Δt/2) f̃. A constrained centroid (centroid_mobility 0) keeps p̃_0 = 0, so A never moves it;
// multiplying by 1 changes no bit of a free run.
fn kick(s: ptr<function, State>) {
  for (var k = 0u; k < BEADS; k++) {
    (*s).mode_momentum[k] = (*s).mode_momentum[k] + model.half_step * (*s).mode_force[k];
  }
  (*s).mode_momentum[0] = (*s).mode_momentum[0] * model.centroid_mobility;
}

// A: each mode rotates at Ω_k for Δt/2 (the centroid drifts).
fn rotate(s: ptr<function, State>) {
  for (var k = 0u; k < BEADS; k++) {
    let q = (*s).mode_position[k];
    let p = (*s).mode_momentum[k];
    (*s).mode_position[k] = ROTATION_COS[k] * q + ROTATION_SIN_OVER_OMEGA[k] * p;
    (*s).mode_momentum[k] = ROTATION_COS[k] * p - ROTATION_OMEGA_SIN[k] * q;
  }
}

fn step_state(s: ptr<function, State>, step: u32, z: f32) {
  let mode = step % BEADS;
  if (mode == 0u) {
    kick(s);
    rotate(s);
  }
  // O on this step's mode: p ← p − d p + σ z (d = 1 − e^{−γΔt} carried itself, physics.md §9).
  for (var k = 0u; k < BEADS; k++) {
    if (k == mode) {
      let p = (*s).mode_momentum[k];
      (*s).mode_momentum[k] = p - THERMOSTAT_DAMPING[k] * p + THERMOSTAT_NOISE[k] * z;
    }
  }
  (*s).mode_momentum[0] = (*s).mode_momentum[0] * model.centroid_mobility;
  if (mode == BEADS - 1u) {
    rotate(s);
    update_mode_forces(s);
    kick(s);
  }
}

// Every polymer runs to the end: the model observes the ensemble at a fixed time.
fn finished(s: ptr<function, State>) -> bool {
  return false;
}
