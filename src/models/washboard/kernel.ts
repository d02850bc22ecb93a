/**
 * The tilted washboard (RCSJ, physics.md §1-2) as engine WGSL: the state, dynamics and uniforms that
 * the rate model (fixed bias) and the switching model (bias ramp) share. They differ in their RNG
 * streams, their reductions and what they keep of a trajectory.
 */
import type { ModelKernel } from '../../engine/model.js';
import type { UniformField, UniformValues } from '../../engine/uniforms.js';
import { gjf, washboardAbsorbing, washboardDynamics, washboardState } from '../../engine/wgsl.generated.js';
import { escapePoint } from '../rate/config.js';
import { gjfCoefficients } from '../../engine/gjf.js';
import type { FinalStates } from '../rate/statistics.js';

/** Words of one State: phase, velocity, force (f32), winding (i32), stop step (u32). */
export const STATE_WORDS = 5;

/** ModelParams of shaders/models/washboard/washboard_dynamics.wgsl. */
export const WASHBOARD_PARAMETERS: readonly UniformField[] = [
  { name: 'gamma_start', type: 'f32', doc: 'bias at step 0 (the fixed bias of a rate run)' },
  { name: 'ramp_per_step', type: 'f32', doc: 'gamma_dot * dt, added per step once the hold is over (0 for a fixed bias)' },
  { name: 'hold_steps', type: 'u32', doc: 'steps held at gamma_start before the ramp begins' },
  { name: 'friction_loss', type: 'f32', doc: 'GJF coefficients (lib/gjf.wgsl), formed in f64 on the host' },
  { name: 'velocity_to_phase', type: 'f32' },
  { name: 'force_to_phase', type: 'f32' },
  { name: 'half_step', type: 'f32' },
  { name: 'noise_to_phase', type: 'f32' },
  { name: 'noise_to_velocity', type: 'f32' },
  { name: 'target_phase', type: 'f32', doc: 'absorbing point phi = target_phase + 2 pi target_winding, target_phase in [-pi, pi)' },
  { name: 'target_winding', type: 'i32' },
  { name: 'initial_phase', type: 'f32', doc: 'initial state: phase ~ N(initial_phase, initial_phase_sd^2), velocity ~ N(0, initial_velocity_sd^2)' },
  { name: 'initial_phase_sd', type: 'f32' },
  { name: 'initial_velocity_sd', type: 'f32' },
];

export interface WashboardDrive {
  Q0: number;
  theta: number;
  dt: number;
  gammaStart: number;
  rampPerStep: number;
  holdSteps: number;
  /** Absolute phase of the absorbing point. */
  target: number;
  initial: { phase: number; phaseSd: number; velocitySd: number };
}

export function washboardParameters(d: WashboardDrive): UniformValues {
  const c = gjfCoefficients(d);
  const t = escapePoint(d.target);
  return {
    gamma_start: d.gammaStart, ramp_per_step: d.rampPerStep, hold_steps: d.holdSteps,
    friction_loss: c.frictionLoss, velocity_to_phase: c.velocityToPhase, force_to_phase: c.forceToPhase,
    half_step: c.halfStep, noise_to_phase: c.noiseToPhase, noise_to_velocity: c.noiseToVelocity,
    target_phase: t.phase, target_winding: t.winding,
    initial_phase: d.initial.phase, initial_phase_sd: d.initial.phaseSd, initial_velocity_sd: d.initial.velocitySd,
  };
}

/**
 * The washboard step (init_state, step_state) without an absorbing test: a model that stops its
 * trajectories elsewhere (the forward-flux model's interfaces) appends its own `finished`.
 */
export const WASHBOARD_STEP = washboardDynamics;

/**
 * A washboard model's kernel: the shared state and dynamics with its own streams and reduction. The
 * dynamics are the step followed by the absorbing point (shaders/models/washboard/washboard_absorbing.wgsl);
 * the two files joined are byte for byte the single file they were split from, so kernel digests
 * (and run files) are unchanged.
 */
export function washboardKernel(streams: ModelKernel['streams'], reduce: ModelKernel['reduce']): ModelKernel {
  return { streams, parameters: WASHBOARD_PARAMETERS, libraries: [gjf], state: washboardState, dynamics: washboardDynamics + washboardAbsorbing, reduce };
}

/** Each trajectory's stop step (the last word of its state). */
export function stopSteps(states: ArrayBuffer, count: number): Uint32Array {
  const u = new Uint32Array(states);
  return Uint32Array.from({ length: count }, (_, n) => u[STATE_WORDS * n + 4]!);
}

/** Each trajectory's final phase (wrapped), velocity and winding. */
export function finalStates(states: ArrayBuffer, count: number): FinalStates {
  const f = new Float32Array(states);
  const i = new Int32Array(states);
  return {
    phase: Float64Array.from({ length: count }, (_, n) => f[STATE_WORDS * n]!),
    velocity: Float64Array.from({ length: count }, (_, n) => f[STATE_WORDS * n + 1]!),
    winding: Int32Array.from({ length: count }, (_, n) => i[STATE_WORDS * n + 3]!),
  };
}
