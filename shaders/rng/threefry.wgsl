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
