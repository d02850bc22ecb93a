/**
 * The harmonic model: a damped harmonic oscillator x'' = −κx − x'/Q₀ + ξ(t), ⟨ξ(t)ξ(t')⟩ = 2θ/Q₀ δ(t−t')
 * (unit mass; the washboard's units and noise convention, physics.md §1-2), integrated by GJF and
 * observed at a fixed time. Its ensemble is Gaussian with a mean and covariance known in closed form,
 * so it checks the engine independently of the washboard.
 */
import { DEFAULT_RNG } from '../../engine/philox.js';
import { requireInRange } from '../../physics/parameters.js';
import { MAX_STEPS, validateEngineRun } from '../../engine/model.js';
import { requireF32Damping } from '../../engine/gjf.js';
import type { EngineConfig } from '../../engine/model.js';

export interface HarmonicParameters {
  /** κ = ω₀², the spring constant (unit mass). */
  kappa: number;
  Q0: number;
  /** θ = k_BT in the energy unit of κx². */
  theta: number;
  dt: number;
  /** The time t at which the ensemble is observed (rounded to whole steps). */
  time: number;
  trajectories: number;
  seed?: number;
  /** Initial state: x ~ N(x₀, σ_x²), v ~ N(0, σ_v²). */
  initialPosition?: number;
  initialPositionSd?: number;
  initialVelocitySd?: number;
  pageSize?: number;
  stepsPerDispatch?: number;
  workgroupSize?: number;
  keepFinalStates?: boolean;
}

export interface HarmonicConfig extends EngineConfig {
  kappa: number;
  Q0: number;
  theta: number;
  dt: number;
  initialPosition: number;
  initialPositionSd: number;
  initialVelocitySd: number;
  keepFinalStates: boolean;
}

export function validateHarmonicParameters(p: HarmonicParameters): HarmonicConfig {
  const kappa = requireInRange('kappa', p.kappa, { min: 0 });
  const Q0 = requireInRange('Q', p.Q0, { min: 0 });
  const theta = requireInRange('theta', p.theta, { min: 0, minInclusive: true });
  // GJF is stable for a harmonic force when ω₀Δt < 2.
  const dt = requireInRange('dt', p.dt, { min: 0, max: 2 / Math.sqrt(kappa) });
  requireF32Damping(Q0, dt);
  const time = requireInRange('time', p.time, { min: 0, max: MAX_STEPS * dt, maxInclusive: true });
  const maxSteps = Math.max(1, Math.round(time / dt));
  const { trajectories, seed, pageSize, stepsPerDispatch, workgroupSize } = validateEngineRun(p, { pageSize: 1 << 20 });
  return {
    kappa, Q0, theta, dt, maxSteps, trajectories, seed, pageSize, stepsPerDispatch, workgroupSize,
    dispatchStepBudget: 2 ** 32, targetDispatchSeconds: 0.25, rng: DEFAULT_RNG,
    initialPosition: requireInRange('initial-position', p.initialPosition ?? 0, { min: -1000, max: 1000, minInclusive: true, maxInclusive: true }),
    initialPositionSd: requireInRange('initial-position-sd', p.initialPositionSd ?? 0, { min: 0, minInclusive: true }),
    initialVelocitySd: requireInRange('initial-velocity-sd', p.initialVelocitySd ?? 0, { min: 0, minInclusive: true }),
    keepFinalStates: p.keepFinalStates ?? false,
  };
}
