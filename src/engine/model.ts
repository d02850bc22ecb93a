/**
 * The contract between the ensemble engine and a model (docs/architecture.md).
 *
 * The engine owns paging, chunked dispatches, live-list compaction, the RNG streams, device-loss
 * recovery and snapshots, progress and the pipeline cache (ensemble.ts, programs.ts), and run files
 * (checkpoint.ts). A model owns what a trajectory is and what is kept of an ensemble: its WGSL
 * state, initial state, step and absorbing test; its uniforms; its GPU reduction to integer
 * statistics and how the host decodes and adds them up.
 */
import { ParameterError, requireInteger } from '../physics/parameters.js';
import type { RngName } from './philox.js';
import type { UniformField, UniformValues } from './uniforms.js';

/** Stop steps are u32 with one value (NOT_FINISHED) reserved for "still running". */
export const MAX_STEPS = 0xfffffffe;

/** What the engine needs of any model's configuration: the ensemble and how to run it. */
export interface EngineConfig {
  trajectories: number;
  /** Steps after which a trajectory that has not finished is censored (≤ 0xFFFFFFFE). */
  maxSteps: number;
  seed: number;
  /** Trajectories held on the device at once. */
  pageSize: number;
  /** Fixed steps per dispatch (a multiple of 4), or null for adaptive dispatches. */
  stepsPerDispatch: number | null;
  /** Upper bound on trajectory-steps in one dispatch. */
  dispatchStepBudget: number;
  /** Adaptive chunking aims for dispatches of about this length. */
  targetDispatchSeconds: number;
  workgroupSize: number;
  /** The counter-based generator of the trajectories' noise (part of the run's identity). */
  rng: RngName;
}

/**
 * The 64-bit two's-complement integer at words[at] (low) and words[at + 1] (high) of a reduction's
 * statistics, as lib/wide_sum.wgsl leaves a signed fixed-point sum there.
 */
export function signed64(words: Uint32Array, at: number): bigint {
  return BigInt.asIntN(64, (BigInt(words[at + 1]!) << 32n) | BigInt(words[at]!));
}

/** The ensemble-size and dispatch options every model takes, as a user gives them. */
export interface EngineRunInput {
  trajectories: number;
  seed?: number;
  pageSize?: number;
  stepsPerDispatch?: number;
  workgroupSize?: number;
}

/**
 * Validates the options every model shares, with the same one-line messages in every verb:
 * trajectories (Philox keys them by a u32 index), seed (an integer double), page size (≤ 2²⁶ keeps
 * every model's fixed-point page sums in range), steps per dispatch (a multiple of 4: one Philox
 * block feeds four steps, so chunk boundaries on block boundaries keep runs split-invariant), and
 * the workgroup size.
 */
export function validateEngineRun(
  p: EngineRunInput,
  defaults: { pageSize: number; minTrajectories?: number },
): Pick<EngineConfig, 'trajectories' | 'seed' | 'pageSize' | 'stepsPerDispatch' | 'workgroupSize'> {
  const trajectories = requireInteger('trajectories', p.trajectories, { min: defaults.minTrajectories ?? 1, minInclusive: true, max: 2 ** 32, maxInclusive: true });
  const seed = requireInteger('seed', p.seed ?? 1, { min: 0, minInclusive: true, max: Number.MAX_SAFE_INTEGER, maxInclusive: true });
  const pageSize = Math.min(trajectories, requireInteger('page-size', p.pageSize ?? defaults.pageSize, { min: 1, minInclusive: true, max: 2 ** 26, maxInclusive: true }));
  let stepsPerDispatch: number | null = null;
  if (p.stepsPerDispatch !== undefined) {
    requireInteger('steps-per-dispatch', p.stepsPerDispatch, { min: 4, minInclusive: true, max: MAX_STEPS, maxInclusive: true });
    if (p.stepsPerDispatch % 4 !== 0) throw new ParameterError('steps-per-dispatch', p.stepsPerDispatch, 'a multiple of 4 in [4, 4294967294]');
    stepsPerDispatch = p.stepsPerDispatch;
  }
  const workgroupSize = requireInteger('workgroup-size', p.workgroupSize ?? 64, { min: 1, minInclusive: true, max: 256, maxInclusive: true });
  if (![32, 64, 128, 256].includes(workgroupSize)) throw new ParameterError('workgroup-size', workgroupSize, '32, 64, 128 or 256');
  return { trajectories, seed, pageSize, stepsPerDispatch, workgroupSize };
}

/** A model's WGSL, as the engine composes it into its trajectory and reduction kernels. */
export interface ModelKernel {
  /**
   * Philox counter word 1 of the model's two uses of a trajectory's key: the noise of its steps and
   * its initial state. Distinct models use distinct streams, so that runs of two models with the
   * same seed draw independent noise.
   */
  readonly streams: { readonly steps: number; readonly initialState: number };
  /** The fields of the model's uniforms, read in WGSL as `model` (struct ModelParams). */
  readonly parameters: readonly UniformField[];
  /** WGSL the dynamics need (e.g. lib/gjf.wgsl), composed before `state`. */
  readonly libraries: readonly string[];
  /** `struct State { ..., stop_step: u32 }` and any constants: shared by dynamics and reduction. */
  readonly state: string;
  /** `init_state(z: vec4<f32>) -> State`, `step_state(s, step, z)` and `finished(s) -> bool`. */
  readonly dynamics: string;
  readonly reduce: {
    /** The fields of the reduction's uniforms, read in WGSL as `params` (struct ReduceParams). */
    readonly parameters: readonly UniformField[];
    /** WGSL the reduction needs (e.g. lib/wide_sum.wgsl), composed after `state`. */
    readonly libraries: readonly string[];
    /**
     * Entry point `reduce`, with bindings 0: `params`, 1: `states` (read), 2: `statistics`
     * (array<atomic<u32>>, cleared by the engine). One invocation per trajectory of the page.
     */
    readonly source: string;
  };
}

export interface EnsembleModel<C extends EngineConfig, S> {
  /** Names the model in pipeline-cache keys, kernel digests and run files. */
  readonly id: string;
  readonly kernel: ModelKernel;
  /** 32-bit words of one State; the last is the stop step. */
  readonly stateWords: number;
  /** Values of the model's uniforms (the same for every page and chunk). */
  modelParameters(config: C): UniformValues;
  /** Values of the reduction's uniforms for a page of `count` trajectories run `stepsRun` steps. */
  reduceParameters(config: C, count: number, stepsRun: number): UniformValues;
  /** u32 words of the reduction's output. */
  statisticsWords(config: C): number;
  /** A page's statistics from the reduction's words. */
  decode(config: C, count: number, words: Uint32Array): S;
  /** Whether the host wants the raw states of each finished page (per-trajectory output). */
  keepsStates(config: C): boolean;
  /** Adds what is kept of each trajectory, from a page's raw states, to its statistics. */
  decodeStates(config: C, count: number, states: ArrayBuffer, statistics: S): void;
  empty(config: C): S;
  /** Adds the statistics of a disjoint, later set of trajectories into `into`. */
  accumulate(into: S, part: S): void;
  /** Trajectories of these statistics that finished (escaped, switched) before being censored. */
  finishedCount(statistics: S): number;
  /** Trajectory-steps integrated, when the statistics know it exactly (else the engine's bound). */
  trajectorySteps?(statistics: S): number;
}
