/**
 * The TW model in f64 on the host, trajectory by trajectory, from the GPU's Philox stream (the
 * same four normals of stream STREAM_BJJ_INITIAL_STATE, block 0) and with the same RK4 steps
 * (`weylStep`, the segments of the configuration): a reference for the kernel's arithmetic, which
 * differs only by f32 rounding.
 *
 * The coherent and spin-coherent samples are exactly `wignerSample`'s. A Fock sample differs from
 * wignerSample's in where its phases come from (wignerSample draws two uniform phases from a second
 * Philox block, which the engine does not hand to init_state): here mode a has phase 0 and mode b
 * the angle of the normals (ξ₂, ξ₄), uniform and independent of the moduli. H conserves
 * n_a + n_b, so only the relative phase matters and every observable has wignerSample's
 * distribution. With an empty mode, that mode is the vacuum Gaussian and the other has phase 0.
 */
import { initialStateNormals } from '../../engine/philox.js';
import { weylStep, wignerSample, type TwoModeField } from '../../physics/bjj/truncated-wigner.js';
import type { BjjTwConfig } from './config.js';
import { bjjTwModel } from './model.js';

const fockModulus = (n: number, xi: number) => Math.sqrt(Math.max(0, n + 0.5 + xi / 2));

/** The Wigner sample of trajectory `index`, as the GPU's init_state draws it. */
export function twInitialField(config: BjjTwConfig, index: number): TwoModeField {
  const { N } = config.junction;
  const s = config.state;
  if (s.kind !== 'fock') return wignerSample(N, s, index, config.seed);
  const xi = initialStateNormals(index, config.seed, bjjTwModel.kernel.streams.initialState, config.rng);
  const nb = N - s.na;
  if (s.na === 0) return { aRe: xi[0] / 2, aIm: xi[1] / 2, bRe: fockModulus(nb, xi[2]), bIm: 0 };
  if (nb === 0) return { aRe: fockModulus(s.na, xi[0]), aIm: 0, bRe: xi[2] / 2, bIm: xi[3] / 2 };
  const theta = Math.atan2(xi[3], xi[1]);
  const rb = fockModulus(nb, xi[2]);
  return { aRe: fockModulus(s.na, xi[0]), aIm: 0, bRe: rb * Math.cos(theta), bIm: rb * Math.sin(theta) };
}

/**
 * Trajectory `index` at every sample time of the configuration (f64). `roundStep` rounds each
 * segment's step to f32 as the GPU's uniform holds it, so that the two integrate the same h.
 */
export function twTrajectoryCpu(config: BjjTwConfig, index: number, roundStep = true): TwoModeField[] {
  let f = twInitialField(config, index);
  const out: TwoModeField[] = [];
  for (const segment of config.segments) {
    const h = roundStep ? Math.fround(segment.step) : segment.step;
    for (let n = 0; n < segment.steps; n++) f = weylStep(config.junction, f, h);
    out.push({ ...f });
  }
  return out;
}
