// Threefry4x32 (Salmon et al., SC'11): counter-based like Philox, but built from 32-bit add, rotate
// and xor only, which WGSL has natively (Philox's mulhi is four 16x16 products here).
// The round count is a parameter so that 20 (Random123's default) and 13 can be compared.

const THREEFRY_PARITY: u32 = 0x1BD11BDAu;

fn rotl32(x: u32, r: u32) -> u32 {
  return (x << r) | (x >> (32u - r));
}

// Rotation pair of round r (Random123's R_32x4 table), r taken mod 8.
fn threefry_rotation(r: u32) -> vec2<u32> {
  switch (r & 7u) {
    case 0u: { return vec2<u32>(10u, 26u); }
    case 1u: { return vec2<u32>(11u, 21u); }
    case 2u: { return vec2<u32>(13u, 27u); }
    case 3u: { return vec2<u32>(23u, 5u); }
    case 4u: { return vec2<u32>(6u, 20u); }
    case 5u: { return vec2<u32>(17u, 11u); }
    case 6u: { return vec2<u32>(25u, 10u); }
    default: { return vec2<u32>(18u, 20u); }
  }
}

fn threefry4x32(counter: vec4<u32>, key: vec4<u32>, rounds: u32) -> vec4<u32> {
  var ks = array<u32, 5>(key.x, key.y, key.z, key.w, THREEFRY_PARITY ^ key.x ^ key.y ^ key.z ^ key.w);
  var x = counter + key;
  for (var r = 0u; r < rounds; r++) {
    let rot = threefry_rotation(r);
    if ((r & 1u) == 0u) {
      x.x += x.y; x.y = rotl32(x.y, rot.x) ^ x.x;
      x.z += x.w; x.w = rotl32(x.w, rot.y) ^ x.z;
    } else {
      x.x += x.w; x.w = rotl32(x.w, rot.x) ^ x.x;
      x.z += x.y; x.y = rotl32(x.y, rot.y) ^ x.z;
    }
    if ((r & 3u) == 3u) {
      let s = (r + 1u) >> 2u;
      x += vec4<u32>(ks[s % 5u], ks[(s + 1u) % 5u], ks[(s + 2u) % 5u], ks[(s + 3u) % 5u] + s);
    }
  }
  return x;
}

// The same generator written out for the two round counts the engine uses. The loop above indexes a
// function-local key schedule and switches on the round, which lavapipe keeps in memory and branches
// on; unrolled, every rotation is a constant and the key schedule lives in registers. Tested against
// the same Random123 vectors as the loop.
fn threefry_mix_even(x: vec4<u32>, ra: u32, rb: u32) -> vec4<u32> {
  var y = x;
  y.x += y.y; y.y = rotl32(y.y, ra) ^ y.x;
  y.z += y.w; y.w = rotl32(y.w, rb) ^ y.z;
  return y;
}

fn threefry_mix_odd(x: vec4<u32>, ra: u32, rb: u32) -> vec4<u32> {
  var y = x;
  y.x += y.w; y.w = rotl32(y.w, ra) ^ y.x;
  y.z += y.y; y.y = rotl32(y.y, rb) ^ y.z;
  return y;
}

// Rounds 8j .. 8j + 3 and 8j + 4 .. 8j + 7 (the rotation table repeats every eight rounds).
fn threefry_rounds_0_3(x: vec4<u32>) -> vec4<u32> {
  return threefry_mix_odd(threefry_mix_even(threefry_mix_odd(threefry_mix_even(x, 10u, 26u), 11u, 21u), 13u, 27u), 23u, 5u);
}

fn threefry_rounds_4_7(x: vec4<u32>) -> vec4<u32> {
  return threefry_mix_odd(threefry_mix_even(threefry_mix_odd(threefry_mix_even(x, 6u, 20u), 17u, 11u), 25u, 10u), 18u, 20u);
}

// Key injection s adds (ks[s], ks[s+1], ks[s+2], ks[s+3] + s), indices mod 5, after every fourth round.
fn threefry4x32_13(counter: vec4<u32>, k: vec4<u32>) -> vec4<u32> {
  let k4 = THREEFRY_PARITY ^ k.x ^ k.y ^ k.z ^ k.w;
  var x = threefry_rounds_0_3(counter + k) + vec4<u32>(k.y, k.z, k.w, k4 + 1u);
  x = threefry_rounds_4_7(x) + vec4<u32>(k.z, k.w, k4, k.x + 2u);
  x = threefry_rounds_0_3(x) + vec4<u32>(k.w, k4, k.x, k.y + 3u);
  return threefry_mix_even(x, 6u, 20u);
}

fn threefry4x32_20(counter: vec4<u32>, k: vec4<u32>) -> vec4<u32> {
  let k4 = THREEFRY_PARITY ^ k.x ^ k.y ^ k.z ^ k.w;
  var x = threefry_rounds_0_3(counter + k) + vec4<u32>(k.y, k.z, k.w, k4 + 1u);
  x = threefry_rounds_4_7(x) + vec4<u32>(k.z, k.w, k4, k.x + 2u);
  x = threefry_rounds_0_3(x) + vec4<u32>(k.w, k4, k.x, k.y + 3u);
  x = threefry_rounds_4_7(x) + vec4<u32>(k4, k.x, k.y, k.z + 4u);
  return threefry_rounds_0_3(x) + vec4<u32>(k.x, k.y, k.z, k.w + 5u);
}
