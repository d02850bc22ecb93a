// The engine's random stream: 128 bits from a (counter, key) pair, by Philox4x32-10 (rng/philox.wgsl).
// The host composes exactly one stream_*.wgsl into a trajectory kernel; the run's RNG is part of its
// identity (a different stream gives different bits).

fn random_bits(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  return philox4x32_10(counter, key);
}
