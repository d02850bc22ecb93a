// The absorbing test of forward-flux sampling, composed after the washboard step
// (washboard_dynamics.wgsl). The order parameter lambda (docs/rare-events.md says which when) is
// either the absolute phase phase + 2 pi winding, or the energy above the well bottom,
// E = v^2/2 + U(phi) - U(phi_min), U = -cos(phi) - gamma phi. B is always the escape point
// phi >= escape, the rate model's absorbing point: in the last stage (final_stage = 1) success is
// reaching it, whatever the coordinate.
//
// Flux stage (mode FFS_FLUX): a long run in A. The trajectory stops when, having been in A
// (lambda < basin) since its last counted crossing, it reaches lambda >= next_interface (= lambda_0):
// a first crossing coming from A, which the host records and re-arms. It also stops on reaching the
// escape point (lambda >= escape), where it has left A for B and the host puts it back into A.
//
// Trial stage (mode FFS_TRIAL): a trajectory started on interface i-1 stops at lambda >=
// next_interface (success) or lambda < basin (it went back to A). Which happened is read off the
// final phase by the host; nothing else need be kept.

// E relative to the well bottom, with the phase difference formed from the wrapped phase and the
// winding separately, so that no large absolute phase is rounded before the subtraction.
fn energy_above_well(s: State) -> f32 {
  let dphi = (s.phase - model.well_phase) + FFS_PERIOD * f32(s.winding);
  return 0.5 * s.velocity * s.velocity + (model.well_cos - cos(s.phase)) - model.gamma_start * dphi;
}

fn order_parameter(s: State) -> f32 {
  if (model.coordinate == FFS_ENERGY) { return energy_above_well(s); }
  return absolute_phase(s);
}

// A is lambda < basin inside the well (phi below the barrier top): past the top the energy above
// the well bottom falls again (to -2 pi gamma at the next minimum), which is escape, not return.
fn finished(s: ptr<function, State>) -> bool {
  let lambda = order_parameter(*s);
  let phi = absolute_phase(*s);
  let escaped = phi >= model.escape;
  let in_basin = lambda < model.basin && phi < model.barrier_top;
  if (model.mode == FFS_TRIAL) {
    let reached = select(lambda >= model.next_interface, escaped, model.final_stage == 1u);
    return reached || in_basin;
  }
  if (in_basin) { (*s).armed = 1u; }
  return escaped || ((*s).armed == 1u && lambda >= model.next_interface);
}
