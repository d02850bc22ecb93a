/**
 * Threefry4x32 (Salmon, Moraes, Dror & Shaw, SC'11) on the CPU, bit for bit the generator in
 * shaders/rng/threefry.wgsl. Threefry needs only 32-bit add, rotate and xor, where Philox needs a
 * 32×32→64 multiply that WGSL lacks (each mulhi costs four 16×16 products), so on WebGPU it is the
 * candidate for a cheaper counter-based generator. 20 rounds is Random123's default; 13 rounds is
 * the smallest count Random123 reports as passing BigCrush with a safety margin of its own.
 */
import type { Block } from './philox.js';

/** Rotation constants of Threefry4x32, round r uses ROTATIONS[r mod 8] (Random123's R_32x4). */
const ROTATIONS: readonly (readonly [number, number])[] = [
  [10, 26], [11, 21], [13, 27], [23, 5], [6, 20], [17, 11], [25, 10], [18, 20],
];
/** Skein's key-schedule parity constant for 32-bit words. */
const KEY_SCHEDULE_PARITY = 0x1bd11bda;

const rotl32 = (x: number, r: number) => ((x << r) | (x >>> (32 - r))) >>> 0;

export type ThreefryKey = readonly [number, number, number, number];

export function threefry4x32(counter: Readonly<Block>, key: ThreefryKey, rounds = 20): Block {
  const ks: [number, number, number, number, number] = [key[0] >>> 0, key[1] >>> 0, key[2] >>> 0, key[3] >>> 0, (KEY_SCHEDULE_PARITY ^ key[0] ^ key[1] ^ key[2] ^ key[3]) >>> 0];
  let x0 = (counter[0] + ks[0]) >>> 0;
  let x1 = (counter[1] + ks[1]) >>> 0;
  let x2 = (counter[2] + ks[2]) >>> 0;
  let x3 = (counter[3] + ks[3]) >>> 0;
  for (let r = 0; r < rounds; r++) {
    const [ra, rb] = ROTATIONS[r % 8]!;
    // Even rounds mix (0,1) and (2,3); odd rounds mix (0,3) and (2,1): Threefish's word permutation.
    if (r % 2 === 0) {
      x0 = (x0 + x1) >>> 0; x1 = (rotl32(x1, ra) ^ x0) >>> 0;
      x2 = (x2 + x3) >>> 0; x3 = (rotl32(x3, rb) ^ x2) >>> 0;
    } else {
      x0 = (x0 + x3) >>> 0; x3 = (rotl32(x3, ra) ^ x0) >>> 0;
      x2 = (x2 + x1) >>> 0; x1 = (rotl32(x1, rb) ^ x2) >>> 0;
    }
    if (r % 4 === 3) {
      // Key injection s after every fourth round: rotated key schedule plus the injection count.
      const s = (r + 1) / 4;
      x0 = (x0 + ks[s % 5]!) >>> 0;
      x1 = (x1 + ks[(s + 1) % 5]!) >>> 0;
      x2 = (x2 + ks[(s + 2) % 5]!) >>> 0;
      x3 = (x3 + ks[(s + 3) % 5]! + s) >>> 0;
    }
  }
  return [x0, x1, x2, x3];
}
