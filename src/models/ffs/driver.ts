/**
 * The forward-flux sampling driver (Allen, Valeriani & ten Wolde, J. Phys.: Condens. Matter 21,
 * 463102 (2009); docs/rare-events.md) over the engine: every stage is a batch of the ffs model run
 * by runEnsemble, its initial raw states uploaded through `resumePage`, its final states read back.
 *
 * Stage 0 (flux): `walkers` trajectories run in A in segments. A trajectory stops at each first
 * crossing of λ₀ coming from A (it must have been below λ_A since its last counted crossing); the
 * host stores the crossing state, re-arms it and lets it go on in the next segment. One that reaches
 * the escape point has left A: it is put back into A with a fresh thermal state, and no time after
 * its escape is counted. Φ₀ = crossings / (time integrated in A).
 *
 * Stage i ≥ 1: M trials, each from a state picked uniformly (seeded, reproducible) among stage
 * i−1's stored crossings, run until λ ≥ λ_i (success; its state is stored) or λ < λ_A.
 * p_i = successes/M, and k_AB = Φ₀ Π p_i.
 *
 * Reproducibility: every batch gets its own seed, derived from the run's seed, the stage and the
 * segment (batchSeed), and every trial its own trajectory index, so each trajectory of each batch
 * has its own Philox key; each batch starts at step 0, so no step counter ever exceeds one batch.
 */
import { MAX_STEPS } from '../../engine/model.js';
import { runEnsemble, type RunProgress } from '../../engine/ensemble.js';
import { NOT_FINISHED } from '../../engine/programs.js';
import { philox4x32_10, seedWords, stepNormals, streamBits, trajectoryKey } from '../../engine/philox.js';
import { initialDistribution } from '../rate/config.js';
import type { FfsConfig } from './config.js';
import { FFS_STATE_WORDS, FFS_STREAMS, ffsModel, WORD, type FfsBatchConfig } from './model.js';

const W = FFS_STATE_WORDS;
const F32_TWO_PI = Math.fround(2 * Math.PI);

export interface FfsStage {
  /** The interface this stage's trajectories had to reach (λ₀ for the flux stage). */
  interface: number;
  trials: number;
  successes: number;
  /** Trials still running at maxTrialSteps (counted as failures). */
  censored: number;
  /** Distinct stored states the trials started from. */
  distinctStarts: number;
  probability: number;
  trajectorySteps: number;
}

export interface FfsResult {
  /** Φ₀: first crossings of λ₀ coming from A per unit time in A (ω_p0 units). */
  flux: { crossings: number; time: number; rate: number; escapesDuringFlux: number; segments: number; trajectorySteps: number };
  stages: FfsStage[];
  /** k_AB = Φ₀ Π p_i (ω_p0 units); 0 if some stage had no success. */
  rate: number;
  /** Relative standard error from the FFS variance estimate (see relativeVariance). */
  relativeError: number;
  trajectorySteps: number;
  wallSeconds: number;
  device: GPUDevice;
}

export interface FfsProgress {
  stage: number;
  stages: number;
  /** Flux stage: crossings so far; trial stages: trials finished. */
  done: number;
  target: number;
  elapsedSeconds: number;
  run: RunProgress | null;
}

export interface FfsRunOptions {
  onProgress?: (p: FfsProgress) => void;
  signal?: AbortSignal;
  requestDevice?: () => Promise<GPUDevice>;
}

/** The seed of one batch: a Philox hash of (run seed, stage, segment), < 2⁵³. */
export function batchSeed(seed: number, stage: number, segment: number): number {
  const { lo, hi } = seedWords(seed);
  const [a, b] = philox4x32_10([stage >>> 0, segment >>> 0, hi, 0x46465331], [lo, 0x9e3779b9]);
  return a + 2 ** 32 * (b & 0x1fffff);
}

/** λ as the kernel forms it, in f32 (so that the host classifies a state as the device stopped it). */
export function orderParameter(f: Float32Array, i: Int32Array, n: number): number {
  return Math.fround(f[W * n + WORD.phase]! + Math.fround(F32_TWO_PI * i[W * n + WORD.winding]!));
}

/**
 * The FFS variance estimate (Allen, Frenkel & ten Wolde, J. Chem. Phys. 124, 024102 (2006)), to
 * leading order: the flux counted as a Poisson number of crossings, 1/N₀, plus the binomial
 * variance of each p_i, (1 − p_i)/(p_i M_i). It neglects the correlation between trials that start
 * from the same stored state, which is small while M_i is not much larger than the number of stored
 * states; test/models/ffs.test.ts checks it against the scatter of independent repetitions.
 */
export function relativeVariance(crossings: number, stages: Pick<FfsStage, 'probability' | 'trials'>[]): number {
  return 1 / crossings + stages.reduce((v, s) => v + (1 - s.probability) / (s.probability * s.trials), 0);
}

/** A thermal state of the well (the rate model's initial distribution) from two host normals. */
function thermalState(config: FfsConfig, z: [number, number, number, number], out: Uint32Array, n: number) {
  const d = initialDistribution({ ...config, init: 'thermal' });
  const f = new Float32Array(out.buffer, out.byteOffset, out.length);
  const i = new Int32Array(out.buffer, out.byteOffset, out.length);
  const absolute = d.phase + d.phaseSd * z[0];
  const winding = Math.floor((absolute + Math.PI) / (2 * Math.PI));
  const phase = Math.fround(absolute - 2 * Math.PI * winding);
  f[W * n + WORD.phase] = phase;
  f[W * n + WORD.velocity] = d.velocitySd * z[1];
  f[W * n + WORD.force] = Math.fround(config.gamma - Math.sin(phase));
  i[W * n + WORD.winding] = winding;
  out[W * n + WORD.armed] = phase + 2 * Math.PI * winding < config.basin ? 1 : 0;
  out[W * n + WORD.stop] = NOT_FINISHED;
}

/** Runs forward-flux sampling for `config` on `device`. */
export async function runForwardFlux(device: GPUDevice, config: FfsConfig, options: FfsRunOptions = {}): Promise<FfsResult> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let current = device;
  const stagesTotal = config.interfaces.length;
  const batch = (mode: FfsBatchConfig['mode'], trajectories: number, maxSteps: number, seed: number, nextInterface: number): FfsBatchConfig => ({
    gamma: config.gamma, Q0: config.Q0, theta: config.theta, dt: config.dt, escapeAt: config.escapeAt, basin: config.basin,
    mode, nextInterface, trajectories, maxSteps, seed,
    pageSize: config.pageSize, stepsPerDispatch: null, dispatchStepBudget: config.dispatchStepBudget,
    targetDispatchSeconds: config.targetDispatchSeconds, workgroupSize: config.workgroupSize, rng: config.rng,
  });

  /** Runs one batch from the given raw states (or thermal ones), page by page; returns final states. */
  async function runBatch(b: FfsBatchConfig, initial: Uint32Array<ArrayBuffer> | undefined, stage: number, done: number, target: number) {
    const total = ffsModel.empty(b);
    for (let first = 0; first < b.trajectories; first += b.pageSize) {
      const page = { first, count: Math.min(b.pageSize, b.trajectories - first) };
      const resumePage = initial ? { ...page, stepReached: 0, states: initial.slice(W * first, W * (first + page.count)) } : undefined;
      const r = await runEnsemble(current, ffsModel, b, {
        ranges: [page], resumePage, signal: options.signal, requestDevice: options.requestDevice,
        onProgress: options.onProgress && ((run) => options.onProgress!({ stage, stages: stagesTotal, done, target, elapsedSeconds: elapsed(), run })),
      });
      current = r.device;
      ffsModel.accumulate(total, r.statistics);
    }
    return total;
  }

  // Stage 0: the flux through λ₀ from A.
  const lambda0 = config.interfaces[0]!;
  const W0 = config.walkers;
  let walkers: Uint32Array<ArrayBuffer> | undefined;
  const crossingStates: number[] = [];
  let crossings = 0;
  let fluxSteps = 0;
  let escapesDuringFlux = 0;
  let segments = 0;
  // Segment length: start short, then aim at about one crossing per four walkers a segment, so a
  // walker that stops early idles for a small share of a segment.
  let segmentSteps = 4096;
  const maxSegments = 100000;
  while (crossings < config.fluxCrossings) {
    if (segments >= maxSegments) throw new Error(`forward flux: only ${crossings} crossings of λ₀ after ${segments} segments`);
    const seed = batchSeed(config.seed, 0, segments);
    const s = await runBatch(batch('flux', W0, segmentSteps, seed, lambda0), walkers, 0, crossings, config.fluxCrossings);
    const states = s.states!;
    const f = new Float32Array(states.buffer);
    const iw = new Int32Array(states.buffer);
    let steps = 0;
    let crossedHere = 0;
    for (let n = 0; n < W0; n++) {
      const stop = states[W * n + WORD.stop]!;
      if (stop === NOT_FINISHED) {
        steps += segmentSteps;
        continue;
      }
      steps += stop;
      const lambda = orderParameter(f, iw, n);
      if (states[W * n + WORD.armed] === 1 && lambda >= Math.fround(lambda0)) {
        crossedHere++;
        for (let w = 0; w < W; w++) crossingStates.push(states[W * n + w]!);
      }
      if (lambda >= Math.fround(config.escapeAt)) {
        escapesDuringFlux++;
        const z = stepNormals(n, seed, 0, FFS_STREAMS.reset, config.rng);
        thermalState(config, z, states, n);
      } else {
        states[W * n + WORD.armed] = 0;
        states[W * n + WORD.stop] = NOT_FINISHED;
      }
    }
    if (BigInt(steps) !== s.steps) throw new Error(`forward flux: host and device step counts differ (${steps} vs ${s.steps})`);
    crossings += crossedHere;
    fluxSteps += steps;
    segments++;
    walkers = states;
    const perWalkerStep = crossedHere / Math.max(1, steps);
    const wanted = perWalkerStep > 0 ? 0.25 / perWalkerStep : 4 * segmentSteps;
    segmentSteps = Math.max(1024, Math.min(2 ** 24, Math.min(4 * segmentSteps, Math.floor(wanted / 4) * 4)));
  }
  const fluxTime = fluxSteps * config.dt;
  const flux = { crossings, time: fluxTime, rate: crossings / fluxTime, escapesDuringFlux, segments, trajectorySteps: fluxSteps };

  // Stages 1 … n: trials from each interface to the next.
  let pool = Uint32Array.from(crossingStates);
  const stages: FfsStage[] = [];
  let trajectorySteps = fluxSteps;
  for (let stage = 1; stage < config.interfaces.length; stage++) {
    const lambda = config.interfaces[stage]!;
    const M = config.trials;
    const seed = batchSeed(config.seed, stage, 0);
    const poolSize = pool.length / W;
    const initial = new Uint32Array(W * M);
    const used = new Set<number>();
    for (let k = 0; k < M; k++) {
      // Uniform pick: a 32-bit word of trial k's own Philox block (stream FFS_STREAMS.pick).
      const bits = streamBits([0, FFS_STREAMS.pick, seedWords(seed).hi, 0], trajectoryKey(k, seed), config.rng);
      const j = Math.floor((bits[0] / 2 ** 32) * poolSize);
      used.add(j);
      initial.set(pool.subarray(W * j, W * j + W), W * k);
      initial[W * k + WORD.armed] = 0;
      initial[W * k + WORD.stop] = NOT_FINISHED;
    }
    const s = await runBatch(batch('trial', M, Math.min(MAX_STEPS, config.maxTrialSteps), seed, lambda), initial, stage, 0, M);
    const states = s.states!;
    const f = new Float32Array(states.buffer);
    const iw = new Int32Array(states.buffer);
    const next: number[] = [];
    let censored = 0;
    for (let n = 0; n < M; n++) {
      if (states[W * n + WORD.stop] === NOT_FINISHED) {
        censored++;
        continue;
      }
      if (orderParameter(f, iw, n) >= Math.fround(lambda)) for (let w = 0; w < W; w++) next.push(states[W * n + w]!);
    }
    const successes = next.length / W;
    stages.push({ interface: lambda, trials: M, successes, censored, distinctStarts: used.size, probability: successes / M, trajectorySteps: Number(s.steps) });
    trajectorySteps += Number(s.steps);
    pool = Uint32Array.from(next);
    if (successes === 0) break;
  }
  const complete = stages.length === config.interfaces.length - 1 && stages.every((s) => s.successes > 0);
  const rate = complete ? flux.rate * stages.reduce((p, s) => p * s.probability, 1) : 0;
  return {
    flux, stages, rate,
    relativeError: complete ? Math.sqrt(relativeVariance(crossings, stages)) : Number.NaN,
    trajectorySteps, wallSeconds: elapsed(), device: current,
  };
}
