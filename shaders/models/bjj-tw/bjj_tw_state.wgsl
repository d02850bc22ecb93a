// One truncated-Wigner trajectory of the bosonic Josephson junction (physics.md §13): the two
// complex mode amplitudes (alpha, beta) of a Wigner sample, in f32. Its last word is the engine's
// stop step (the model never stops early: the ensemble is observed at fixed times).

struct State {
  a_re: f32,
  a_im: f32,
  b_re: f32,
  b_im: f32,
  stop_step: u32,
}

// model.initial_kind (src/models/bjj-tw/model.ts: INITIAL_KINDS)
const TW_COHERENT: u32 = 0u;
const TW_SPIN_COHERENT: u32 = 1u;
const TW_FOCK: u32 = 2u;
