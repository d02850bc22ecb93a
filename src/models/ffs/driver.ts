/**
 * The forward-flux sampling driver (Allen, Valeriani & ten Wolde, J. Phys.: Condens. Matter 21,
 * 463102 (2009); docs/rare-events.md) over the engine: every stage is a batch of the ffs model run
 * by runEnsemble, its initial raw states uploaded through `resumePage`, its final states read back.
 *
 * Stage 0 (flux): `walkers` trajectories run in A in segments. A trajectory stops at each first
 * crossing of λ₀ coming from A (it must have been below λ_A since its last counted crossing); the
 * host stores the crossing state, re-arms it and lets it go on in the next segment. One that reaches
 * the escape point has left A: it is put back into A with a fresh thermal state, and no time after
 * its escape is counted. Φ₀ = crossings / (time in A), over whole cycles only (fluxStage).
 *
 * Stage i ≥ 1: M trials, each from a state picked uniformly (seeded, reproducible) among stage
 * i−1's stored crossings, run until λ ≥ λ_i (success; its state is stored; in the last stage,
 * reaching the escape point) or back in A. p_i = successes/M, and k_AB = Φ₀ Π p_i. The trials run
 * as independent replicas, each from its own pool, whose scatter is the error bar.
 *
 * λ is the phase or the energy above the well bottom (config.orderParameter; docs/rare-events.md).
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
import { barrierTop, washboardPotential, wellMinimum } from '../../physics/potential.js';
import type { FfsConfig } from './config.js';
import { FFS_STATE_WORDS, FFS_STREAMS, ffsModel, WORD, type FfsBatchConfig } from './model.js';

const W = FFS_STATE_WORDS;

export interface FfsStage {
  /** The interface this stage's trials had to reach (the escape point for the last). */
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
  flux: {
    crossings: number;
    /** Time of the counted cycles (ω_p0⁻¹). */
    time: number;
    rate: number;
    relativeError: number;
    cyclesPerWalker: number;
    escapesDuringFlux: number;
    segments: number;
    trajectorySteps: number;
  };
  stages: FfsStage[];
  /** k_AB = Φ₀ × mean over replicas of Π p_{r,i} (ω_p0 units); 0 if no replica reached B. */
  rate: number;
  /** Φ₀ times each replica's product of probabilities (their mean is `rate`). */
  replicaRates: number[];
  /** Relative standard error of `rate`: the flux's, and the replicas' scatter for the probabilities. */
  relativeError: number;
  /** The leading-order FFS variance estimate (relativeVariance), for comparison. */
  binomialRelativeError: number;
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

/** The absolute phase of state n. */
export function absolutePhase(f: Float32Array, i: Int32Array, n: number): number {
  return f[W * n + WORD.phase]! + 2 * Math.PI * i[W * n + WORD.winding]!;
}

/** E = v²/2 + U(φ) − U(φ_min) of state n, in f64. */
export function energyAboveWell(gamma: number, f: Float32Array, i: Int32Array, n: number): number {
  const phiMin = wellMinimum(gamma);
  const v = f[W * n + WORD.velocity]!;
  return 0.5 * v * v + washboardPotential(gamma, absolutePhase(f, i, n)) - washboardPotential(gamma, phiMin);
}

/**
 * How the host tells why a trajectory stopped. The device stops it at λ ≥ λ_next or λ < λ_A (trial)
 * or at a crossing of λ₀ or the escape point (flux); each pair of outcomes lies on either side of a
 * midpoint far from both thresholds, so the host's f64 λ classifies each stop as the device's f32 λ
 * made it, without reproducing f32 rounding.
 */
function classifier(config: FfsConfig) {
  const lambda = config.orderParameter === 'phase'
    ? (f: Float32Array, i: Int32Array, n: number) => absolutePhase(f, i, n)
    : (f: Float32Array, i: Int32Array, n: number) => energyAboveWell(config.gamma, f, i, n);
  const top = barrierTop(config.gamma);
  return {
    lambda,
    /** Stopped past the barrier top: at the escape point. */
    escaped: (f: Float32Array, i: Int32Array, n: number) => absolutePhase(f, i, n) > top,
    /** Stopped at λ_next rather than back in A. */
    reached: (f: Float32Array, i: Int32Array, n: number, next: number) => lambda(f, i, n) > 0.5 * (config.basin + next),
  };
}

/**
 * The FFS variance estimate (Allen, Frenkel & ten Wolde, J. Chem. Phys. 124, 024102 (2006)), to
 * leading order: the flux's relative variance (from the scatter of the walkers' cycles, see
 * fluxStage; 1/N₀ for Poisson crossings) plus the binomial variance of each p_i, (1 − p_i)/(p_i M_i). It neglects the correlation between trials that start
 * from the same stored state, which is small while M_i is not much larger than the number of stored
 * states; test/models/ffs.test.ts checks it against the scatter of independent repetitions.
 */
export function relativeVariance(fluxRelativeVariance: number, stages: Pick<FfsStage, 'probability' | 'trials'>[]): number {
  return fluxRelativeVariance + stages.reduce((v, s) => v + (1 - s.probability) / (s.probability * s.trials), 0);
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
  out[W * n + WORD.armed] = classifier(config).lambda(f, i, n) < config.basin && absolutePhase(f, i, n) < barrierTop(config.gamma) ? 1 : 0;
  out[W * n + WORD.stop] = NOT_FINISHED;
}

/** Runs forward-flux sampling for `config` on `device`. */
export async function runForwardFlux(device: GPUDevice, config: FfsConfig, options: FfsRunOptions = {}): Promise<FfsResult> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let current = device;
  const stagesTotal = config.interfaces.length;
  const classify = classifier(config);
  const batch = (mode: FfsBatchConfig['mode'], trajectories: number, maxSteps: number, seed: number, nextInterface: number, finalStage = false): FfsBatchConfig => ({
    gamma: config.gamma, Q0: config.Q0, theta: config.theta, dt: config.dt, escapeAt: config.escapeAt, basin: config.basin,
    orderParameter: config.orderParameter, mode, nextInterface, finalStage, trajectories, maxSteps, seed,
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

  // Stage 0: the flux through λ₀ from A, counted over whole crossing cycles (see fluxStage).
  const R = config.replicas;
  const f0 = await fluxStage();
  const crossings = f0.crossings.reduce((a, b) => a + b, 0);
  const countedSteps = f0.countedSteps.reduce((a, b) => a + b, 0);
  const flux = {
    crossings, time: countedSteps * config.dt, rate: crossings / (countedSteps * config.dt), relativeError: Math.sqrt(f0.relativeVariance),
    cyclesPerWalker: f0.cyclesPerWalker, escapesDuringFlux: f0.escapes, segments: f0.segments, trajectorySteps: f0.stepsIntegrated,
  };

  // Stages 1 … n: trials from each interface to the next, replica by replica (each from its own
  // pool), all replicas in one batch. Trial k of replica r is batch trajectory r·m + k.
  const m = Math.ceil(config.trials / R);
  let pools = f0.states.map((x) => Uint32Array.from(x));
  const replicaProbability = Array.from({ length: R }, () => 1);
  const stages: FfsStage[] = [];
  let trajectorySteps = f0.stepsIntegrated;
  for (let stage = 1; stage < config.interfaces.length; stage++) {
    const lambda = config.interfaces[stage]!;
    const alive = pools.map((p, r) => (p.length > 0 ? r : -1)).filter((r) => r >= 0);
    if (alive.length === 0) break;
    const M = alive.length * m;
    const seed = batchSeed(config.seed, stage, 0);
    const initial = new Uint32Array(W * M);
    let distinctStarts = 0;
    alive.forEach((r, a) => {
      const pool = pools[r]!;
      const used = new Set<number>();
      for (let k = 0; k < m; k++) {
        // Uniform pick: a 32-bit word of the trial's own Philox block (stream FFS_STREAMS.pick),
        // keyed by its index r·m + k in the full batch, whichever replicas are still alive.
        const bits = streamBits([0, FFS_STREAMS.pick, seedWords(seed).hi, 0], trajectoryKey(r * m + k, seed), config.rng);
        const j = Math.floor((bits[0] / 2 ** 32) * (pool.length / W));
        used.add(j);
        const at = W * (a * m + k);
        initial.set(pool.subarray(W * j, W * j + W), at);
        initial[at + WORD.armed] = 0;
        initial[at + WORD.stop] = NOT_FINISHED;
      }
      distinctStarts += used.size;
    });
    const last = stage === config.interfaces.length - 1;
    const s = await runBatch(batch('trial', M, Math.min(MAX_STEPS, config.maxTrialSteps), seed, lambda, last), initial, stage, 0, M);
    const states = s.states!;
    const f = new Float32Array(states.buffer);
    const iw = new Int32Array(states.buffer);
    let censored = 0;
    let successes = 0;
    const next = pools.map(() => new Uint32Array(0));
    alive.forEach((r, a) => {
      const kept: number[] = [];
      for (let k = 0; k < m; k++) {
        const n = a * m + k;
        if (states[W * n + WORD.stop] === NOT_FINISHED) {
          censored++;
          continue;
        }
        if (last ? classify.escaped(f, iw, n) : classify.reached(f, iw, n, lambda)) for (let w = 0; w < W; w++) kept.push(states[W * n + w]!);
      }
      next[r] = Uint32Array.from(kept);
      replicaProbability[r]! *= kept.length / W / m;
      successes += kept.length / W;
    });
    for (let r = 0; r < R; r++) if (!alive.includes(r)) replicaProbability[r] = 0;
    stages.push({ interface: lambda, trials: M, successes, censored, distinctStarts, probability: successes / M, trajectorySteps: Number(s.steps) });
    trajectorySteps += Number(s.steps);
    pools = next;
  }
  // Each replica's Π p_{r,i} is an independent, unbiased estimate of the crossing probability
  // λ₀ → B; their mean times the flux of all walkers together is the rate. The flux is pooled
  // rather than taken replica by replica because a ratio of sums is biased by about CV²/N (CV of a
  // crossing cycle's length, N the cycles), which for one replica's 100-odd cycles would not be
  // negligible. The error adds the flux's variance (fluxStage, over walkers) and that of the mean
  // product (the replicas' scatter), which owes nothing to a model of the correlations between trials
  // that share a starting state.
  const finished = stages.length === config.interfaces.length - 1;
  const probabilities = replicaProbability.map((p) => (finished ? p : 0));
  const probability = probabilities.reduce((a, b) => a + b, 0) / R;
  const probabilityVariance = probabilities.reduce((a, q) => a + (q - probability) ** 2, 0) / Math.max(1, R - 1) / R;
  const rate = flux.rate * probability;
  const replicaRates = probabilities.map((q) => flux.rate * q);
  const complete = finished && stages.every((x) => x.successes > 0);
  return {
    flux, stages, rate, replicaRates,
    relativeError: rate > 0 ? Math.sqrt(f0.relativeVariance + probabilityVariance / probability ** 2) : Number.NaN,
    binomialRelativeError: complete ? Math.sqrt(relativeVariance(f0.relativeVariance, stages)) : Number.NaN,
    trajectorySteps, wallSeconds: elapsed(), device: current,
  };

  /**
   * The flux run. Each walker starts thermal and first runs to a crossing of λ₀ coming from A: that
   * crossing is its renewal point, and the time before it (equilibration) is not counted. From
   * there it runs exactly K = ⌈N₀/walkers⌉ whole cycles "crossing → back in A → next crossing",
   * each crossing state stored. Stopping each walker after a fixed number of cycles, never at a
   * fixed time, is what keeps the estimate Φ₀ = ΣK / Σ(time of the cycles) free of the
   * inspection-paradox bias: a walker stopped at its first crossing from an arbitrary start (a
   * forward-recurrence time, shorter than a cycle) overestimates the flux, by 10% at N₀ = 512,
   * ΔU/k_BT = 6, Q₀ = 1 in the first version of this driver. A walker that reaches the escape point
   * (left A for B) is counted up to there, put back in A with a fresh thermal state, and
   * re-equilibrates (to its next crossing, not counted).
   */
  async function fluxStage() {
    const lambda0 = config.interfaces[0]!;
    const n = R * Math.ceil(config.walkers / R);
    const K = Math.ceil(config.fluxCrossings / n);
    const EQUILIBRATING = 0, COUNTING = 1, DONE = 2;
    const phase = new Uint8Array(n);
    const cycles = new Float64Array(n);
    const time = new Float64Array(n);
    // Walker w belongs to replica ⌊w/perReplica⌋.
    const perReplica = n / R;
    const stored: number[][] = Array.from({ length: R }, () => []);
    let walkers: Uint32Array<ArrayBuffer> | undefined;
    let escapes = 0, segments = 0, stepsIntegrated = 0, crossingsSeen = 0, counted = 0;
    // Segment length: start short, then aim at about one crossing per four walkers a segment, so a
    // walker that stops early idles for a small share of a segment.
    let segmentSteps = 4096;
    const maxSegments = 100000;
    while (phase.some((p) => p !== DONE)) {
      if (segments >= maxSegments) throw new Error(`forward flux: only ${counted} counted crossings of λ₀ after ${segments} segments`);
      const seed = batchSeed(config.seed, 0, segments);
      const s = await runBatch(batch('flux', n, segmentSteps, seed, lambda0), walkers, 0, counted, K * n);
      const states = s.states!;
      const f = new Float32Array(states.buffer);
      const iw = new Int32Array(states.buffer);
      let steps = 0;
      let crossedHere = 0;
      for (let w = 0; w < n; w++) {
        if (phase[w] === DONE) continue;
        const stop = states[W * w + WORD.stop]!;
        const ran = stop === NOT_FINISHED ? segmentSteps : stop;
        steps += ran;
        if (phase[w] === COUNTING) time[w] = time[w]! + ran;
        if (stop === NOT_FINISHED) continue;
        const escaped = classify.escaped(f, iw, w);
        if (states[W * w + WORD.armed] === 1 && classify.reached(f, iw, w, lambda0)) {
          crossedHere++;
          if (phase[w] === EQUILIBRATING) {
            phase[w] = COUNTING;
          } else {
            cycles[w]!++;
            counted++;
            for (let k = 0; k < W; k++) stored[Math.floor(w / perReplica)]!.push(states[W * w + k]!);
            if (cycles[w] === K) phase[w] = DONE;
          }
        }
        if (escaped) {
          escapes++;
          thermalState(config, stepNormals(w, seed, 0, FFS_STREAMS.reset, config.rng), states, w);
          if (phase[w] === COUNTING) phase[w] = EQUILIBRATING;
        } else {
          states[W * w + WORD.armed] = 0;
          states[W * w + WORD.stop] = NOT_FINISHED;
        }
        // A walker that is done stays stopped, at step 0 (so the device's step sum skips it).
        if (phase[w] === DONE) states[W * w + WORD.stop] = 0;
      }
      if (BigInt(steps) !== s.steps) throw new Error(`forward flux: host and device step counts differ (${steps} vs ${s.steps})`);
      stepsIntegrated += steps;
      crossingsSeen += crossedHere;
      segments++;
      walkers = states;
      const perWalkerStep = crossingsSeen / Math.max(1, stepsIntegrated);
      const wanted = perWalkerStep > 0 ? 0.25 / perWalkerStep : 4 * segmentSteps;
      segmentSteps = Math.max(1024, Math.min(2 ** 24, 4 * segmentSteps, Math.floor(wanted / 4) * 4));
    }
    const byReplica = (x: Float64Array) => Array.from({ length: R }, (_, r) => x.subarray(r * perReplica, (r + 1) * perReplica).reduce((a, b) => a + b, 0));
    const countedSteps = byReplica(time);
    // The ratio estimator's variance over independent walkers (delta method): Σ(c_w − Φ t_w)² / C².
    const phi = counted / countedSteps.reduce((a, b) => a + b, 0);
    let v = 0;
    for (let w = 0; w < n; w++) v += (cycles[w]! - phi * time[w]!) ** 2;
    const relativeVariance = n > 1 ? ((n / (n - 1)) * v) / (counted * counted) : 1 / counted;
    return { crossings: byReplica(cycles), countedSteps, stepsIntegrated, escapes, segments, cyclesPerWalker: K, relativeVariance, states: stored };
  }
}

