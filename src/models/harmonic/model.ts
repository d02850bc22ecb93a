/**
 * The harmonic model on the engine: state (x, v, f), GJF dynamics with a linear force, never
 * finished early, reduced on the device to exact fixed-point sums of x, x², v, v².
 */
import { signed64, type EnsembleModel } from '../../engine/model.js';
import { runEnsemble, type RunOptions, type RunResult } from '../../engine/ensemble.js';
import { gjfCoefficients } from '../../engine/gjf.js';
import { gjf, harmonicDynamics, harmonicState, harmonicStatistics, wideSum } from '../../engine/wgsl.generated.js';
import type { HarmonicConfig } from './config.js';

/** Units of the fixed-point sums (shaders/models/harmonic/harmonic_statistics.wgsl). */
export const FIXED_POINT = 2 ** 20;
const STATE_WORDS = 4;

export interface HarmonicStatistics {
  trajectories: number;
  /** Σx, Σx², Σv, Σv² in units of 2⁻²⁰ (each value rounded once). */
  sums: { position: bigint; positionSquared: bigint; velocity: bigint; velocitySquared: bigint };
  /** Values outside the fixed-point range (clamped); 0 in any sensible run. */
  clamped: number;
  /** Each trajectory's final (x, v), only with keepFinalStates. */
  finalStates?: { position: Float64Array; velocity: Float64Array };
}

export function emptyHarmonicStatistics(): HarmonicStatistics {
  return { trajectories: 0, sums: { position: 0n, positionSquared: 0n, velocity: 0n, velocitySquared: 0n }, clamped: 0 };
}


export const harmonicModel: EnsembleModel<HarmonicConfig, HarmonicStatistics> = {
  id: 'harmonic',
  kernel: {
    streams: { steps: 4, initialState: 5 },
    parameters: [
      { name: 'kappa', type: 'f32' },
      { name: 'friction_loss', type: 'f32', doc: 'GJF coefficients (lib/gjf.wgsl)' },
      { name: 'velocity_to_phase', type: 'f32' },
      { name: 'force_to_phase', type: 'f32' },
      { name: 'half_step', type: 'f32' },
      { name: 'noise_to_phase', type: 'f32' },
      { name: 'noise_to_velocity', type: 'f32' },
      { name: 'initial_position', type: 'f32' },
      { name: 'initial_position_sd', type: 'f32' },
      { name: 'initial_velocity_sd', type: 'f32' },
    ],
    libraries: [gjf],
    state: harmonicState,
    dynamics: harmonicDynamics,
    reduce: { parameters: [{ name: 'trajectory_count', type: 'u32' }], libraries: [wideSum], source: harmonicStatistics },
  },
  stateWords: STATE_WORDS,
  modelParameters(config) {
    const c = gjfCoefficients(config);
    return {
      kappa: config.kappa, friction_loss: c.frictionLoss, velocity_to_phase: c.velocityToPhase, force_to_phase: c.forceToPhase,
      half_step: c.halfStep, noise_to_phase: c.noiseToPhase, noise_to_velocity: c.noiseToVelocity,
      initial_position: config.initialPosition, initial_position_sd: config.initialPositionSd, initial_velocity_sd: config.initialVelocitySd,
    };
  },
  reduceParameters: (_config, count) => ({ trajectory_count: count }),
  statisticsWords: () => 9,
  decode(_config, count, words) {
    return {
      trajectories: count,
      sums: { position: signed64(words, 0), positionSquared: signed64(words, 2), velocity: signed64(words, 4), velocitySquared: signed64(words, 6) },
      clamped: words[8]!,
    };
  },
  keepsStates: (config) => config.keepFinalStates,
  decodeStates(_config, count, states, statistics) {
    const f = new Float32Array(states);
    statistics.finalStates = {
      position: Float64Array.from({ length: count }, (_, n) => f[STATE_WORDS * n]!),
      velocity: Float64Array.from({ length: count }, (_, n) => f[STATE_WORDS * n + 1]!),
    };
  },
  empty: emptyHarmonicStatistics,
  accumulate(into, part) {
    into.trajectories += part.trajectories;
    into.clamped += part.clamped;
    for (const k of ['position', 'positionSquared', 'velocity', 'velocitySquared'] as const) into.sums[k] += part.sums[k];
    if (part.finalStates) {
      const join = (a: Float64Array | undefined, b: Float64Array) => (a ? Float64Array.from([...a, ...b]) : b);
      into.finalStates = { position: join(into.finalStates?.position, part.finalStates.position), velocity: join(into.finalStates?.velocity, part.finalStates.velocity) };
    }
  },
  finishedCount: () => 0,
};

export function runHarmonicEnsemble(device: GPUDevice, config: HarmonicConfig, options: RunOptions<HarmonicStatistics> = {}): Promise<RunResult<HarmonicStatistics>> {
  return runEnsemble(device, harmonicModel, config, options);
}

/** Sample mean and (unbiased) variance of x and v from the exact sums. */
export function sampleMoments(s: HarmonicStatistics) {
  const n = s.trajectories;
  const moment = (sum: bigint) => Number(sum) / FIXED_POINT / n;
  const mx = moment(s.sums.position), mv = moment(s.sums.velocity);
  return {
    meanPosition: mx,
    meanVelocity: mv,
    varPosition: ((moment(s.sums.positionSquared) - mx * mx) * n) / (n - 1),
    varVelocity: ((moment(s.sums.velocitySquared) - mv * mv) * n) / (n - 1),
  };
}
