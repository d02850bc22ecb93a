// The absorbing test of forward-flux sampling, composed after the washboard step
// (washboard_dynamics.wgsl). The order parameter lambda is the absolute phase phase + 2 pi winding
// (docs/rare-events.md says why, and where it stops being a good one).
//
// Flux stage (mode FFS_FLUX): a long run in A. The trajectory stops when, having been in A
// (lambda < basin) since its last counted crossing, it reaches lambda >= next_interface (= lambda_0):
// a first crossing coming from A, which the host records and re-arms. It also stops on reaching the
// escape point (lambda >= escape), where it has left A for B and the host puts it back into A.
//
// Trial stage (mode FFS_TRIAL): a trajectory started on interface i-1 stops at lambda >=
// next_interface (success) or lambda < basin (it went back to A). Which happened is read off the
// final phase by the host; nothing else need be kept.

fn finished(s: ptr<function, State>) -> bool {
  let lambda = order_parameter(*s);
  if (model.mode == FFS_TRIAL) {
    return lambda >= model.next_interface || lambda < model.basin;
  }
  if (lambda < model.basin) { (*s).armed = 1u; }
  return lambda >= model.escape || ((*s).armed == 1u && lambda >= model.next_interface);
}
