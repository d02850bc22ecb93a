// The engine's random stream by Threefry4x32 (rng/threefry.wgsl), unrolled, with THREEFRY_ROUNDS
// rounds: 20 (Random123's default) or 13, a constant the host prepends. The 64-bit engine key fills
// the first two of Threefry's four key words; the other two are zero.

fn random_bits(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  if (THREEFRY_ROUNDS == 13u) { return threefry4x32_13(counter, vec4<u32>(key, 0u, 0u)); }
  return threefry4x32_20(counter, vec4<u32>(key, 0u, 0u));
}
