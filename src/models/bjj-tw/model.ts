/**
 * The truncated-Wigner (TW) ensemble of the bosonic Josephson junction on the engine: state
 * (α, β) in f32, RK4 on the Weyl-ordered equations (shaders/models/bjj-tw/), reduced on the device
 * to exact fixed-point sums of z = (|α|² − |β|²)/N and z² at each sample time.
 *
 * Sample times: the engine reduces a page once, at the end of its run. Each page is therefore run
 * segment by segment, sample time to sample time, each segment one runEnsemble call that continues
 * the page's saved raw states from the previous sample time (`resumePage`, bit for bit) and keeps
 * its final states for the next (`keepsStates`). The cost is the steps to the last sample time plus
 * one readback and one upload of 20 bytes per trajectory per sample time, not a rerun from t = 0.
 */
import { signed64, type EnsembleModel } from '../../engine/model.js';
import { devicePageSize, runEnsemble, type PageSnapshot, type RunProgress } from '../../engine/ensemble.js';
import { bjjTwDynamics, bjjTwState, bjjTwStatistics, wideSum } from '../../engine/wgsl.generated.js';
import { STREAM_BJJ_INITIAL_STATE } from '../../physics/bjj/truncated-wigner.js';
import type { BjjTwConfig } from './config.js';

/** Units of the fixed-point sums (shaders/models/bjj-tw/bjj_tw_statistics.wgsl). */
export const FIXED_POINT = 2 ** 24;
export const STATE_WORDS = 5;
/** model.initial_kind, as in bjj_tw_state.wgsl. */
export const INITIAL_KINDS = { coherent: 0, 'spin-coherent': 1, fock: 2 } as const;

export interface BjjTwStatistics {
  trajectories: number;
  /** Σz and Σz² in units of 2⁻²⁴ (each value rounded once). */
  sums: { z: bigint; zSquared: bigint };
  /** Values outside the fixed-point range (clamped); 0 in any sensible run. */
  clamped: number;
  /** The page's raw states (State words), when the host asked for them. */
  states?: Uint32Array<ArrayBuffer>;
}


export const bjjTwModel: EnsembleModel<BjjTwConfig, BjjTwStatistics> = {
  id: 'bjj-tw',
  kernel: {
    // The initial stream is wignerSample's (src/physics/bjj/truncated-wigner.ts), so the coherent
    // samples are its draws; the step stream is unused (deterministic equations) and distinct.
    streams: { steps: 10, initialState: STREAM_BJJ_INITIAL_STATE },
    parameters: [
      { name: 'J', type: 'f32' },
      { name: 'U', type: 'f32' },
      { name: 'step', type: 'f32', doc: 'RK4 step h of this segment' },
      { name: 'initial_kind', type: 'u32', doc: 'TW_COHERENT, TW_SPIN_COHERENT or TW_FOCK' },
      { name: 'alpha0', type: 'f32', doc: 'coherent centre: α₀ = √(N(1 + z₀)/2)' },
      { name: 'beta0_re', type: 'f32', doc: 'β₀ = √(N(1 − z₀)/2)e^{iφ₀}' },
      { name: 'beta0_im', type: 'f32' },
      { name: 'total_weyl', type: 'f32', doc: 'N + 1: |α|² + |β|² of a spin-coherent sample' },
      { name: 'fock_na', type: 'f32' },
      { name: 'fock_nb', type: 'f32' },
    ],
    libraries: [],
    state: bjjTwState,
    dynamics: bjjTwDynamics,
    reduce: {
      parameters: [
        { name: 'trajectory_count', type: 'u32' },
        { name: 'inverse_n', type: 'f32', doc: '1/N' },
      ],
      libraries: [wideSum],
      source: bjjTwStatistics,
    },
  },
  stateWords: STATE_WORDS,
  modelParameters(config) {
    const { N, J, U } = config.junction;
    const s = config.state;
    const centre = s.kind === 'fock' ? { a: 0, b: 0, phi: 0 } : { a: Math.sqrt((N * (1 + s.z0)) / 2), b: Math.sqrt((N * (1 - s.z0)) / 2), phi: s.phi0 };
    return {
      J, U, step: config.step, initial_kind: INITIAL_KINDS[s.kind],
      alpha0: centre.a, beta0_re: centre.b * Math.cos(centre.phi), beta0_im: centre.b * Math.sin(centre.phi),
      total_weyl: N + 1, fock_na: s.kind === 'fock' ? s.na : 0, fock_nb: s.kind === 'fock' ? N - s.na : 0,
    };
  },
  reduceParameters: (config, count) => ({ trajectory_count: count, inverse_n: 1 / config.junction.N }),
  statisticsWords: () => 5,
  decode: (_config, count, words) => ({ trajectories: count, sums: { z: signed64(words, 0), zSquared: signed64(words, 2) }, clamped: words[4]! }),
  keepsStates: (config) => config.keepStates,
  decodeStates(_config, _count, states, statistics) {
    statistics.states = new Uint32Array(states);
  },
  empty: () => ({ trajectories: 0, sums: { z: 0n, zSquared: 0n }, clamped: 0 }),
  accumulate(into, part) {
    into.trajectories += part.trajectories;
    into.clamped += part.clamped;
    into.sums.z += part.sums.z;
    into.sums.zSquared += part.sums.zSquared;
    // runBjjTwEnsemble runs one page per call, so a page's states are never joined.
    if (part.states) into.states = part.states;
  },
  finishedCount: () => 0,
};

/** Final amplitudes of each trajectory (f32 values), index = trajectory − first. */
export interface TwAmplitudes {
  aRe: Float32Array;
  aIm: Float32Array;
  bRe: Float32Array;
  bIm: Float32Array;
}

export interface BjjTwResult {
  readonly times: Float64Array;
  /** ⟨z⟩ = ⟨|α|² − |β|²⟩_W / N at each sample time. */
  readonly mean: Float64Array;
  /** Standard error of that mean over trajectories. */
  readonly standardError: Float64Array;
  /** Quantum variance of z: ⟨z²⟩_W − ½N⁻² − ⟨z⟩² (as wignerEnsemble). */
  readonly variance: Float64Array;
  /** The exact integer sums behind them, per sample time. */
  readonly statistics: readonly BjjTwStatistics[];
  readonly trajectories: number;
  /** RK4 trajectory-steps integrated. */
  readonly trajectorySteps: number;
  readonly wallSeconds: number;
  /** With keepFinalStates: every trajectory's amplitudes at the last sample time. */
  readonly finalStates?: TwAmplitudes;
  readonly device: GPUDevice;
}

export interface BjjTwRunOptions {
  onProgress?: (p: { trajectoriesDone: number; trajectories: number; time: number; run: RunProgress | null }) => void;
  signal?: AbortSignal;
  requestDevice?: () => Promise<GPUDevice>;
}

function unpack(states: Uint32Array, into: TwAmplitudes, at: number): void {
  const f = new Float32Array(states.buffer, states.byteOffset, states.length);
  for (let n = 0; n < states.length / STATE_WORDS; n++) {
    into.aRe[at + n] = f[STATE_WORDS * n]!;
    into.aIm[at + n] = f[STATE_WORDS * n + 1]!;
    into.bRe[at + n] = f[STATE_WORDS * n + 2]!;
    into.bIm[at + n] = f[STATE_WORDS * n + 3]!;
  }
}

/** ⟨z⟩, its standard error and the quantum variance of z from the exact sums. */
export function imbalanceMoments(s: BjjTwStatistics, N: number): { mean: number; standardError: number; variance: number } {
  const M = s.trajectories;
  const mean = Number(s.sums.z) / FIXED_POINT / M;
  const second = Number(s.sums.zSquared) / FIXED_POINT / M;
  return { mean, standardError: Math.sqrt(Math.max(0, second - mean * mean) / Math.max(1, M - 1)), variance: second - 0.5 / (N * N) - mean * mean };
}

/**
 * The TW ensemble on `device`: pages of trajectories, each run to every sample time in turn from
 * its saved states (see the file's comment). Statistics depend only on the configuration, never on
 * the page size.
 */
export async function runBjjTwEnsemble(device: GPUDevice, config: BjjTwConfig, options: BjjTwRunOptions = {}): Promise<BjjTwResult> {
  const started = performance.now();
  const K = config.segments.length;
  const totals = config.segments.map(() => bjjTwModel.empty(config));
  const pageSize = devicePageSize(device, config, bjjTwModel);
  const finalStates = config.keepFinalStates
    ? { aRe: new Float32Array(config.trajectories), aIm: new Float32Array(config.trajectories), bRe: new Float32Array(config.trajectories), bIm: new Float32Array(config.trajectories) }
    : undefined;
  let trajectorySteps = 0;
  let current = device;
  for (let first = 0; first < config.trajectories; first += pageSize) {
    const page = { first, count: Math.min(pageSize, config.trajectories - first) };
    let saved: PageSnapshot | undefined;
    for (let k = 0; k < K; k++) {
      const segment = config.segments[k]!;
      const last = k === K - 1;
      const segmentConfig: BjjTwConfig = { ...config, maxSteps: segment.stepsTo, step: segment.step, keepStates: !last || config.keepFinalStates };
      // A resumed page starts where the last segment ended, which need not be a multiple of 4
      // steps: only the (unused) per-step normals are aligned to blocks of four.
      const result = await runEnsemble(current, bjjTwModel, segmentConfig, {
        ranges: [page],
        resumePage: saved,
        signal: options.signal,
        requestDevice: options.requestDevice,
        onProgress: options.onProgress && ((run) => options.onProgress!({ trajectoriesDone: first, trajectories: config.trajectories, time: segment.time, run })),
      });
      current = result.device;
      trajectorySteps += page.count * segment.steps;
      const { states, ...sums } = result.statistics;
      bjjTwModel.accumulate(totals[k]!, sums);
      if (states) saved = { first: page.first, count: page.count, stepReached: segment.stepsTo, states };
      if (last && finalStates && states) unpack(states, finalStates, first);
    }
    options.onProgress?.({ trajectoriesDone: first + page.count, trajectories: config.trajectories, time: config.segments.at(-1)!.time, run: null });
  }
  const N = config.junction.N;
  const moments = totals.map((s) => imbalanceMoments(s, N));
  return {
    times: Float64Array.from(config.segments, (s) => s.time),
    mean: Float64Array.from(moments, (m) => m.mean),
    standardError: Float64Array.from(moments, (m) => m.standardError),
    variance: Float64Array.from(moments, (m) => m.variance),
    statistics: totals,
    trajectories: config.trajectories,
    trajectorySteps,
    wallSeconds: (performance.now() - started) / 1000,
    finalStates,
    device: current,
  };
}
