// Philox4x32-10 (Salmon et al., SC'11): a counter-based generator, so a trajectory's noise is a pure
// function of (key, counter) and does not depend on how a run is split into dispatches or pages.
// WGSL has no 64-bit integers, so the high word of each 32x32 product is assembled from 16-bit halves.

const PHILOX_M0: u32 = 0xD2511F53u;
const PHILOX_M1: u32 = 0xCD9E8D57u;
const PHILOX_W0: u32 = 0x9E3779B9u;
const PHILOX_W1: u32 = 0xBB67AE85u;

fn mulhi32(a: u32, b: u32) -> u32 {
  let a_lo = a & 0xFFFFu;
  let a_hi = a >> 16u;
  let b_lo = b & 0xFFFFu;
  let b_hi = b >> 16u;
  let lo_lo = a_lo * b_lo;
  let hi_lo = a_hi * b_lo;
  let lo_hi = a_lo * b_hi;
  // At most 0xFFFF + 0xFFFF + 0xFFFE0001 = 0xFFFFFFFF: the middle sum cannot overflow.
  let middle = (lo_lo >> 16u) + (hi_lo & 0xFFFFu) + lo_hi;
  return a_hi * b_hi + (hi_lo >> 16u) + (middle >> 16u);
}

fn philox_round(c: vec4<u32>, k: vec2<u32>) -> vec4<u32> {
  let hi0 = mulhi32(PHILOX_M0, c.x);
  let lo0 = PHILOX_M0 * c.x;
  let hi1 = mulhi32(PHILOX_M1, c.z);
  let lo1 = PHILOX_M1 * c.z;
  return vec4<u32>(hi1 ^ c.y ^ k.x, lo1, hi0 ^ c.w ^ k.y, lo0);
}

fn philox4x32_10(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var c = counter;
  var k = key;
  for (var round = 0u; round < 9u; round++) {
    c = philox_round(c, k);
    k += vec2<u32>(PHILOX_W0, PHILOX_W1);
  }
  return philox_round(c, k);
}

// The top 23 bits k = bits >> 9, centred in their cell: u = (k + 1/2) 2^-23 = (2k + 1) 2^-24. Every
// step is exact in f32 (2k + 1 < 2^24 fits the 24-bit significand), so u is the same number as the
// CPU mirror's f64 openUnitInterval, lies in [2^-24, 1 - 2^-24] (never 0 or 1: log(u) is finite and
// nonzero), and is symmetric (k -> 2^23 - 1 - k gives 1 - u). The largest |z| is
// sqrt(-2 ln 2^-24) = 5.77. A centred 24-bit value would need 25 significant bits: f32(k) + 0.5
// rounds for k >= 2^23, to 2^24 at the top, which made u = 1.
fn open_unit_interval(bits: u32) -> f32 {
  return (f32(bits >> 9u) + 0.5) * (1.0 / 8388608.0);
}

// Two Box-Muller pairs from one Philox block: four independent standard normals, all of them used.
// The angle is taken in (-pi, pi), where WGSL's sin/cos accuracy is specified.
fn normals_from_bits(bits: vec4<u32>) -> vec4<f32> {
  let r0 = sqrt(-2.0 * log(open_unit_interval(bits.x)));
  let a0 = 6.2831853071795864769 * (open_unit_interval(bits.y) - 0.5);
  let r1 = sqrt(-2.0 * log(open_unit_interval(bits.z)));
  let a1 = 6.2831853071795864769 * (open_unit_interval(bits.w) - 0.5);
  return vec4<f32>(r0 * cos(a0), r0 * sin(a0), r1 * cos(a1), r1 * sin(a1));
}
