/**
 * The forward-flux model (docs/rare-events.md): the washboard GJF dynamics of the rate model
 * (shaders/models/washboard/washboard_dynamics.wgsl, unchanged) with the interfaces of forward-flux
 * sampling as its stopping rule (shaders/models/ffs/ffs_interfaces.wgsl). One runEnsemble call is
 * one batch of a stage: either a segment of the flux run in A (mode 'flux'), or the trials from one
 * interface to the next (mode 'trial'). The host driver (driver.ts) strings the batches together,
 * handing each one its initial raw states through the engine's `resumePage` and reading every
 * trajectory's final state back (`keepsStates`).
 */
import type { EngineConfig, EnsembleModel } from '../../engine/model.js';
import { ffsInterfaces, ffsState, ffsStatistics, gjf, wideSum } from '../../engine/wgsl.generated.js';
import { initialDistribution } from '../rate/config.js';
import { WASHBOARD_PARAMETERS, WASHBOARD_STEP, washboardParameters } from '../washboard/kernel.js';
import type { FfsConfig } from './config.js';
import { barrierTop, wellMinimum } from '../../physics/potential.js';

/** Words of one State: phase, velocity, force (f32), winding (i32), armed (u32), stop step (u32). */
export const FFS_STATE_WORDS = 6;
export const WORD = { phase: 0, velocity: 1, force: 2, winding: 3, armed: 4, stop: 5 } as const;
/** model.mode and model.coordinate, as in shaders/models/ffs/ffs_state.wgsl. */
export const FFS_MODES = { flux: 0, trial: 1 } as const;
export const FFS_COORDINATES = { phase: 0, energy: 1 } as const;
export type OrderParameter = keyof typeof FFS_COORDINATES;
/** Philox streams: the steps and initial states of the flux run; the host's picks and resets. */
export const FFS_STREAMS = { steps: 20, initialState: 21, pick: 22, reset: 23 } as const;

/** One batch: the stage's configuration plus what the kernel needs to know of this batch. */
export interface FfsBatchConfig extends EngineConfig, Pick<FfsConfig, 'gamma' | 'Q0' | 'theta' | 'dt' | 'escapeAt' | 'basin' | 'orderParameter'> {
  mode: keyof typeof FFS_MODES;
  /** λ₀ in the flux stage, λ_i in stage i (unused in the last stage, whose target is the escape point). */
  nextInterface: number;
  finalStage: boolean;
}

export interface FfsStatistics {
  trajectories: number;
  /** Stopped at all (device count). */
  stopped: number;
  /** Σ min(stop step, steps run): the steps integrated (device sum). */
  steps: bigint;
  /** The raw final states (FFS_STATE_WORDS words each), in trajectory order. */
  states?: Uint32Array<ArrayBuffer>;
}

export const ffsModel: EnsembleModel<FfsBatchConfig, FfsStatistics> = {
  id: 'ffs',
  kernel: {
    streams: { steps: FFS_STREAMS.steps, initialState: FFS_STREAMS.initialState },
    parameters: [
      ...WASHBOARD_PARAMETERS,
      { name: 'mode', type: 'u32', doc: 'FFS_FLUX or FFS_TRIAL' },
      { name: 'basin', type: 'f32', doc: 'lambda_A: below it a trajectory is back in A' },
      { name: 'next_interface', type: 'f32', doc: 'lambda_0 (flux stage) or lambda_i (trials of stage i)' },
      { name: 'escape', type: 'f32', doc: 'the escape point phi_e: B' },
      { name: 'coordinate', type: 'u32', doc: 'FFS_PHASE or FFS_ENERGY' },
      { name: 'final_stage', type: 'u32', doc: '1: success is reaching the escape point' },
      { name: 'well_phase', type: 'f32', doc: 'phi_min, for the energy above the well bottom' },
      { name: 'well_cos', type: 'f32', doc: 'cos(phi_min)' },
      { name: 'barrier_top', type: 'f32', doc: 'phi_max: A is lambda < basin below it' },
    ],
    libraries: [gjf],
    state: ffsState,
    dynamics: WASHBOARD_STEP + ffsInterfaces,
    reduce: {
      parameters: [
        { name: 'trajectory_count', type: 'u32' },
        { name: 'steps_run', type: 'u32' },
      ],
      libraries: [wideSum],
      source: ffsStatistics,
    },
  },
  stateWords: FFS_STATE_WORDS,
  modelParameters: (config) => ({
    ...washboardParameters({
      ...config, gammaStart: config.gamma, rampPerStep: 0, holdSteps: 0, target: config.escapeAt,
      initial: initialDistribution({ ...config, init: 'thermal' }),
    }),
    mode: FFS_MODES[config.mode], basin: config.basin, next_interface: config.nextInterface, escape: config.escapeAt,
    coordinate: FFS_COORDINATES[config.orderParameter], final_stage: config.finalStage ? 1 : 0,
    well_phase: wellMinimum(config.gamma), well_cos: Math.cos(wellMinimum(config.gamma)), barrier_top: barrierTop(config.gamma),
  }),
  reduceParameters: (_config, count, stepsRun) => ({ trajectory_count: count, steps_run: stepsRun }),
  statisticsWords: () => 4,
  decode: (_config, count, words) => ({ trajectories: count, stopped: words[1]!, steps: (BigInt(words[3]!) << 32n) | BigInt(words[2]!) }),
  keepsStates: () => true,
  decodeStates(_config, _count, states, statistics) {
    statistics.states = new Uint32Array(states);
  },
  empty: () => ({ trajectories: 0, stopped: 0, steps: 0n }),
  accumulate(into, part) {
    into.trajectories += part.trajectories;
    into.stopped += part.stopped;
    into.steps += part.steps;
    if (part.states) {
      const joined = new Uint32Array((into.states?.length ?? 0) + part.states.length);
      if (into.states) joined.set(into.states);
      joined.set(part.states, into.states?.length ?? 0);
      into.states = joined;
    }
  },
  finishedCount: (s) => s.stopped,
  trajectorySteps: (s) => Number(s.steps),
};
