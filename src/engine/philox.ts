/**
 * Philox4x32-10 on the CPU, bit-for-bit the generator in shaders/rng/philox.wgsl, and the same
 * mapping of its output to normals; and the engine's stream by whichever generator a run uses. The
 * CPU reference integrator uses it so that a CPU trajectory and a GPU trajectory see the same noise.
 */
import { threefry4x32 } from './threefry.js';

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** Philox counter word 1: which use of a trajectory's key a block belongs to (as in the shader). */
export const STREAM_STEPS = 0;
export const STREAM_INITIAL_STATE = 1;
/** The ramped switching ensemble (shaders/langevin_switching.wgsl): independent of a fixed-bias run with the same seed. */
export const STREAM_SWITCHING_STEPS = 2;
export const STREAM_SWITCHING_INITIAL_STATE = 3;

function mulhi32(a: number, b: number): number {
  // The product of two u32 values is exact in f64 only up to 2^53, so split as the shader does.
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const loLo = aLo * bLo;
  const hiLo = aHi * bLo;
  const loHi = aLo * bHi;
  const middle = (loLo >>> 16) + (hiLo & 0xffff) + loHi;
  return (aHi * bHi + (hiLo >>> 16) + Math.floor(middle / 65536)) >>> 0;
}

export type Block = [number, number, number, number];

export function philox4x32_10(counter: Readonly<Block>, key: readonly [number, number]): Block {
  let [c0, c1, c2, c3] = counter;
  let [k0, k1] = key;
  for (let round = 0; round < 10; round++) {
    const hi0 = mulhi32(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi32(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  return [c0, c1, c2, c3];
}

/**
 * The shader's uniform from the top 23 bits k of a word, centred in their cell: (k + ½)·2⁻²³, in
 * [2⁻²⁴, 1 − 2⁻²⁴]. Exact in f32 and in f64, so the GPU (open_unit_interval, shaders/rng/philox.wgsl)
 * and this mirror give the very same number for every bit pattern; never 0 or 1.
 */
export function openUnitInterval(bits: number): number {
  return ((bits >>> 9) + 0.5) / 8388608;
}

/** Four standard normals from one block by two Box–Muller pairs, angle in (−π, π) as in the shader. */
export function normalsFromBits(bits: Readonly<Block>): Block {
  const r0 = Math.sqrt(-2 * Math.log(openUnitInterval(bits[0])));
  const a0 = 2 * Math.PI * (openUnitInterval(bits[1]) - 0.5);
  const r1 = Math.sqrt(-2 * Math.log(openUnitInterval(bits[2])));
  const a1 = 2 * Math.PI * (openUnitInterval(bits[3]) - 0.5);
  return [r0 * Math.cos(a0), r0 * Math.sin(a0), r1 * Math.cos(a1), r1 * Math.sin(a1)];
}

/** The key of a trajectory: (global trajectory index, low 32 bits of the seed). */
export function trajectoryKey(trajectoryIndex: number, seed: number): [number, number] {
  return [trajectoryIndex >>> 0, seedWords(seed).lo];
}

/** A seed is an integer in [0, 2^53); its high word goes into Philox counter word 2. */
export function seedWords(seed: number): { lo: number; hi: number } {
  return { lo: seed % 2 ** 32 >>> 0, hi: Math.floor(seed / 2 ** 32) >>> 0 };
}

/**
 * The counter-based generators a run can draw its noise from (shaders/rng/stream_*.wgsl on the
 * GPU). Philox4x32-10 is the default; Threefry4x32 needs no 32×32→64 multiply, which WGSL lacks.
 * Each gives different bits for the same seed, so the generator is part of a run's identity.
 */
export const RNG_NAMES = ['philox', 'threefry20', 'threefry13'] as const;
export type RngName = (typeof RNG_NAMES)[number];
export const DEFAULT_RNG: RngName = 'philox';

/** 128 bits of the engine's stream: the 64-bit key fills Threefry's first two key words. */
export function streamBits(counter: Readonly<Block>, key: readonly [number, number], rng: RngName = DEFAULT_RNG): Block {
  if (rng === 'philox') return philox4x32_10(counter, key);
  return threefry4x32(counter, [key[0], key[1], 0, 0], rng === 'threefry20' ? 20 : 13);
}

/** The four normals a trajectory uses for steps 4·block … 4·block + 3. */
export function stepNormals(trajectoryIndex: number, seed: number, block: number, stream = STREAM_STEPS, rng: RngName = DEFAULT_RNG): Block {
  return normalsFromBits(streamBits([block >>> 0, stream, seedWords(seed).hi, 0], trajectoryKey(trajectoryIndex, seed), rng));
}

/** The normals a trajectory uses for its initial state (x: phase, y: velocity). */
export function initialStateNormals(trajectoryIndex: number, seed: number, stream = STREAM_INITIAL_STATE, rng: RngName = DEFAULT_RNG): Block {
  return normalsFromBits(streamBits([0, stream, seedWords(seed).hi, 0], trajectoryKey(trajectoryIndex, seed), rng));
}
