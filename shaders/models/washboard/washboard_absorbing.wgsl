// Whether the absolute phase has reached target_phase + 2 pi target_winding; integers compare first,
// so the test is as sharp far from phi = 0 as near it.
fn finished(s: ptr<function, State>) -> bool {
  return (*s).winding > model.target_winding || ((*s).winding == model.target_winding && (*s).phase >= model.target_phase);
}
