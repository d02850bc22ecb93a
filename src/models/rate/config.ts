/**
 * Parameters → validated configuration. Everything the kernels need is resolved here, in f64,
 * and every bad value is rejected with a ParameterError before any GPU work starts.
 */
import { DEFAULT_RNG, RNG_NAMES, type RngName } from '../../engine/philox.js';
import { barrierHeight, barrierTop, thetaFromBarrier, wellMinimum } from '../../physics/potential.js';
import { melnikovMeshkovRate } from '../../physics/rates.js';
import { ParameterError, requireInRange, requireInteger } from '../../physics/parameters.js';
import { MAX_STEPS, validateEngineRun } from '../../engine/model.js';
import { requireF32Damping } from '../../engine/gjf.js';

export type InitialState = 'thermal' | 'rest';

/** What a user may set. Temperature is given either as theta = k_BT/E_J or as ΔU/k_BT. */
export interface EscapeParameters {
  gamma: number;
  Q0: number;
  theta?: number;
  barrierOverKT?: number;
  /** Time step Δτ (units of 1/ω_p0). */
  dt?: number;
  trajectories?: number;
  /** Censoring time (units of 1/ω_p0); default 3/Γ_MM, so that about 95% escape. */
  maxTime?: number;
  seed?: number;
  /** Absorbing phase φ_e (absolute, radians); default φ_min + 2π, the next well's minimum. */
  escapeAt?: number;
  init?: InitialState;
  survivalBins?: number;
  /** Trajectories held on the device at once. */
  pageSize?: number;
  /** Fixed steps per dispatch (a multiple of 4); default: adaptive, see targetDispatchSeconds. */
  stepsPerDispatch?: number;
  /** Upper bound on trajectory-steps in one dispatch, so none runs long enough to trip a watchdog. */
  dispatchStepBudget?: number;
  /** Adaptive chunking aims for dispatches of about this length. */
  targetDispatchSeconds?: number;
  workgroupSize?: number;
  /** Copy every trajectory's escape step back to the host (only when asked: it costs bandwidth). */
  keepEscapeSteps?: boolean;
  /** Copy every trajectory's final (phase, velocity, winding) back: for tests and diagnostics. */
  keepFinalStates?: boolean;
  /** The generator of the noise: philox (default), threefry20 or threefry13. */
  rng?: string;
}

export interface EscapeConfig {
  gamma: number;
  Q0: number;
  theta: number;
  dt: number;
  trajectories: number;
  maxSteps: number;
  seed: number;
  escapeAt: number;
  init: InitialState;
  survivalBins: number;
  pageSize: number;
  stepsPerDispatch: number | null;
  dispatchStepBudget: number;
  targetDispatchSeconds: number;
  workgroupSize: number;
  rng: RngName;
  keepEscapeSteps: boolean;
  keepFinalStates: boolean;
}

export const MAX_SURVIVAL_BINS = 256;
export const DEFAULT_TRAJECTORIES = 4096;
export const DEFAULT_DT = 0.05;
export const DEFAULT_PAGE_SIZE = 1 << 20;
export const DEFAULT_DISPATCH_STEP_BUDGET = 2 ** 32;
export const DEFAULT_TARGET_DISPATCH_SECONDS = 0.25;

/**
 * Largest Δτ accepted: it must resolve the plasma oscillation (period 2π/ω_p ≥ 2π, so Δτ ≤ 0.5
 * gives ≥ 12 steps a period) and the velocity relaxation time Q₀ (Δτ ≤ Q₀ keeps the GJF damping
 * factor a = (1 − Δτ/2Q₀)/(1 + Δτ/2Q₀) ≥ 1/3).
 */
export function maxTimeStep(Q0: number): number {
  return Math.min(0.5, Q0);
}

/** Δτ used when none is given: 0.05, or Q₀/5 at strong damping. */
export function defaultTimeStep(Q0: number): number {
  return Math.min(DEFAULT_DT, Q0 / 5);
}

export function validateEscapeParameters(p: EscapeParameters): EscapeConfig {
  const gamma = requireInRange('gamma', p.gamma, { min: 0, max: 1 });
  const Q0 = requireInRange('Q', p.Q0, { min: 0 });
  if (p.theta !== undefined && p.barrierOverKT !== undefined) {
    throw new ParameterError('barrier-kT', p.barrierOverKT, 'either --theta or --barrier-kT, not both');
  }
  let theta: number;
  if (p.barrierOverKT !== undefined) {
    theta = thetaFromBarrier(gamma, requireInRange('barrier-kT', p.barrierOverKT, { min: 0 }));
  } else if (p.theta !== undefined) {
    theta = requireInRange('theta', p.theta, { min: 0 });
  } else {
    throw new ParameterError('theta', 'missing', '(0, ∞)', 'give the temperature as --theta or --barrier-kT');
  }
  const dtMax = maxTimeStep(Q0);
  const dt = requireInRange('dt', p.dt ?? defaultTimeStep(Q0), { min: 0, max: dtMax, maxInclusive: true });
  requireF32Damping(Q0, dt);
  const { trajectories, seed, pageSize, stepsPerDispatch, workgroupSize } = validateEngineRun(
    { ...p, trajectories: p.trajectories ?? DEFAULT_TRAJECTORIES },
    { pageSize: DEFAULT_PAGE_SIZE },
  );

  const maxTime = p.maxTime ?? 3 / melnikovMeshkovRate({ gamma, Q0, theta });
  const maxTimeAllowed = MAX_STEPS * dt;
  requireInRange('max-time', maxTime, { min: 0, max: maxTimeAllowed, maxInclusive: true });
  const maxSteps = Math.max(1, Math.ceil(maxTime / dt - 1e-9));

  const escapeAt = p.escapeAt ?? wellMinimum(gamma) + 2 * Math.PI;
  requireInRange('escape-at', escapeAt, { min: barrierTop(gamma), max: 2 * Math.PI * 1000, maxInclusive: true });

  const init = p.init ?? 'thermal';
  if (init !== 'thermal' && init !== 'rest') throw new ParameterError('init', init, 'thermal or rest');

  const survivalBins = requireInteger('survival-bins', p.survivalBins ?? 128, { min: 1, minInclusive: true, max: MAX_SURVIVAL_BINS, maxInclusive: true });
  const dispatchStepBudget = requireInRange('dispatch-step-budget', p.dispatchStepBudget ?? DEFAULT_DISPATCH_STEP_BUDGET, { min: 4, minInclusive: true, maxInclusive: true });
  const targetDispatchSeconds = requireInRange('target-dispatch-seconds', p.targetDispatchSeconds ?? DEFAULT_TARGET_DISPATCH_SECONDS, { min: 0, max: 10, maxInclusive: true });

  const rng = p.rng ?? DEFAULT_RNG;
  if (!(RNG_NAMES as readonly string[]).includes(rng)) throw new ParameterError('rng', rng, RNG_NAMES.join(', '));

  return {
    gamma, Q0, theta, dt, trajectories, maxSteps, seed, escapeAt, init, survivalBins, pageSize,
    stepsPerDispatch, dispatchStepBudget, targetDispatchSeconds, workgroupSize, rng: rng as RngName,
    keepEscapeSteps: p.keepEscapeSteps ?? false,
    keepFinalStates: p.keepFinalStates ?? false,
  };
}

/** ΔU/k_BT of a configuration, for reports. */
export function barrierOverKT(config: Pick<EscapeConfig, 'gamma' | 'theta'>): number {
  return barrierHeight(config.gamma) / config.theta;
}

/** The absorbing point as (phase in [−π, π), winding), so the shader compares integers first. */
export function escapePoint(escapeAt: number): { phase: number; winding: number } {
  const winding = Math.floor((escapeAt + Math.PI) / (2 * Math.PI));
  return { phase: escapeAt - 2 * Math.PI * winding, winding };
}

/**
 * The initial distribution: a thermal sample of the harmonic well, phase ~ N(φ_min, θ/ω_p²) and
 * velocity ~ N(0, θ) with ω_p² = √(1−γ²), or the particle at rest at φ_min.
 */
export function initialDistribution(config: Pick<EscapeConfig, 'gamma' | 'theta' | 'init'>) {
  const phase = wellMinimum(config.gamma);
  if (config.init === 'rest') return { phase, phaseSd: 0, velocitySd: 0 };
  return { phase, phaseSd: Math.sqrt(config.theta / Math.sqrt(1 - config.gamma ** 2)), velocitySd: Math.sqrt(config.theta) };
}
