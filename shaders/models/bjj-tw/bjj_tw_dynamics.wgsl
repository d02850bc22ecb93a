// Truncated Wigner for H = -J(a^+ b + b^+ a) + (U/2)[n_a(n_a - 1) + n_b(n_b - 1)], hbar = 1: each
// trajectory obeys the Weyl-ordered equations (src/physics/bjj/truncated-wigner.ts)
//   i alpha' = -J beta + U(|alpha|^2 - 1) alpha,   i beta' = -J alpha + U(|beta|^2 - 1) beta,
// integrated by the classical RK4 step of `weylStep` with the step h = model.step. Deterministic:
// the engine's per-step normal is not used. The model's contract with the engine: init_state,
// step_state and finished; its uniforms are `model` (ModelParams, src/models/bjj-tw/model.ts).

// Four reals (alpha_re, alpha_im, beta_re, beta_im) as one vector, so RK4 reads as in the host code.
fn weyl_rate(f: vec4<f32>) -> vec4<f32> {
  let ga = model.U * (f.x * f.x + f.y * f.y - 1.0);
  let gb = model.U * (f.z * f.z + f.w * f.w - 1.0);
  // alpha' = -i(-J beta + g_a alpha), beta' = -i(-J alpha + g_b beta)
  return vec4<f32>(-model.J * f.w + ga * f.y,
                   model.J * f.z - ga * f.x,
                   -model.J * f.y + gb * f.w,
                   model.J * f.x - gb * f.z);
}

// A Fock mode |n> in the Gaussian approximation: |alpha|^2 = n + 1/2 + xi/2 (clamped at 0), which
// gives <n> and <n^2> exactly; its phase is supplied by the caller.
fn fock_modulus(n: f32, xi: f32) -> f32 {
  return sqrt(max(0.0, n + 0.5 + 0.5 * xi));
}

// The Wigner sample from the four normals of stream STREAM_INITIAL_STATE (block 0): for the
// coherent states the very draw of `wignerSample`. A Fock state needs a uniform relative phase,
// which wignerSample takes from a second Philox block the engine does not hand to init_state;
// here it is the angle of the pair (xi_2, xi_4), uniform and independent of xi_1, xi_3 (the moduli).
// Only the relative phase phi = theta_b - theta_a enters the dynamics (H conserves n_a + n_b), so the
// distribution of every observable is wignerSample's (src/models/bjj-tw/cpu-reference.ts).
fn init_state(z: vec4<f32>) -> State {
  var s: State;
  if (model.initial_kind == TW_FOCK) {
    if (model.fock_na == 0.0) {
      // alpha is the vacuum Gaussian: its own phase is uniform, so beta can take phase 0.
      s.a_re = 0.5 * z.x; s.a_im = 0.5 * z.y;
      s.b_re = fock_modulus(model.fock_nb, z.z); s.b_im = 0.0;
    } else if (model.fock_nb == 0.0) {
      s.a_re = fock_modulus(model.fock_na, z.x); s.a_im = 0.0;
      s.b_re = 0.5 * z.z; s.b_im = 0.5 * z.w;
    } else {
      let theta = atan2(z.w, z.y);
      let rb = fock_modulus(model.fock_nb, z.z);
      s.a_re = fock_modulus(model.fock_na, z.x); s.a_im = 0.0;
      s.b_re = rb * cos(theta); s.b_im = rb * sin(theta);
    }
    return s;
  }
  s.a_re = model.alpha0 + 0.5 * z.x;
  s.a_im = 0.5 * z.y;
  s.b_re = model.beta0_re + 0.5 * z.z;
  s.b_im = model.beta0_im + 0.5 * z.w;
  if (model.initial_kind == TW_SPIN_COHERENT) {
    // Rescaled to |alpha|^2 + |beta|^2 = N + 1, the Weyl symbol of n_a + n_b at fixed N.
    let scale = sqrt(model.total_weyl / (s.a_re * s.a_re + s.a_im * s.a_im + s.b_re * s.b_re + s.b_im * s.b_im));
    s.a_re *= scale; s.a_im *= scale; s.b_re *= scale; s.b_im *= scale;
  }
  return s;
}

fn step_state(s: ptr<function, State>, step: u32, z: f32) {
  let h = model.step;
  let f = vec4<f32>((*s).a_re, (*s).a_im, (*s).b_re, (*s).b_im);
  let k1 = weyl_rate(f);
  let k2 = weyl_rate(f + (h / 2.0) * k1);
  let k3 = weyl_rate(f + (h / 2.0) * k2);
  let k4 = weyl_rate(f + h * k3);
  let g = f + (h / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
  (*s).a_re = g.x; (*s).a_im = g.y; (*s).b_re = g.z; (*s).b_im = g.w;
}

// Every trajectory runs to the end: the ensemble is observed at fixed times.
fn finished(s: ptr<function, State>) -> bool {
  return false;
}
