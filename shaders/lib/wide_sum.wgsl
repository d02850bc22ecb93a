// Exact multi-word unsigned sums by 32-bit atomics, for GPU reductions of integer statistics
// (counts, exposures, power sums). A wrapped word carries 1 into the next; each atomicAdd is exact
// modulo 2^32 and every carry is added exactly once, so the total is exact in any order.
//
// The module that includes this declares `sums_here` (workgroup) and `statistics` (storage), both
// arrays of atomic<u32>. There are two copies of the adder, one per address space: passing a pointer
// to workgroup or storage atomics into one function needs WGSL's unrestricted_pointer_parameters
// extension, which not every implementation has.

fn carry_out(before: u32, added: u32) -> u32 {
  return select(0u, 1u, before > 0xFFFFFFFFu - added);
}

// Adds the `words`-word little-endian integer `value` into sums_here[first ..].
fn add_wide_to_workgroup(first: u32, words: u32, value: vec4<u32>) {
  var carry = 0u;
  for (var j = 0u; j < words; j++) {
    let added = value[j] + carry;
    // value[j] = 0xFFFFFFFF plus a carry wraps to 0: nothing to add here, the carry moves on.
    var next = select(0u, 1u, carry == 1u && added == 0u);
    if (added != 0u) { next = carry_out(atomicAdd(&sums_here[first + j], added), added); }
    carry = next;
  }
}

// Adds the `words`-word little-endian integer `value` into statistics[first ..].
fn add_wide_to_global(first: u32, words: u32, value: vec4<u32>) {
  var carry = 0u;
  for (var j = 0u; j < words; j++) {
    let added = value[j] + carry;
    var next = select(0u, 1u, carry == 1u && added == 0u);
    if (added != 0u) { next = carry_out(atomicAdd(&statistics[first + j], added), added); }
    carry = next;
  }
}
