/**
 * Switching under a linear bias ramp (physics.md §7): parameters → validated configuration.
 *
 * The bias is held at γ_start for an equilibration time, then rises as γ = γ_start + γ̇·(τ − τ_hold).
 * Time is counted in integer steps, so the bias after ramp step k is γ_start + γ̇Δτ·k, formed in f64
 * here and (rounded once per step, never accumulated) in f32 by the shader.
 *
 * Switching criterion: arrival at φ_s = φ_min(γ_start) + 2πK.
 * - K = 1 (the next well's minimum) when the whole ramp lies above the retrapping bias
 *   γ_r ≈ 4/(πQ₀): a particle that crosses the barrier there gains more energy from the tilt per
 *   well (2πγ) than it loses to damping (≈ 8/Q₀), so it runs away, and arrival at the next well is
 *   the switch. This is the absorbing point of the fixed-bias rate, so the two measure the same Γ.
 * - K = RUNNING_STATE_WELLS when γ_start < γ_r (moderate and strong damping): an escaped particle
 *   can retrap in a lower well, so a single phase slip is not a switch to the voltage state. Asking
 *   for the phase to have advanced over many wells is the running-state criterion; where no running
 *   state exists (overdamped), K sets the number of phase slips that counts as a voltage, as a
 *   detector threshold does in an experiment, and the switching bias then depends on K (by ≈ β ln K).
 * Both are the same test in the shader; `criterion` records which applies.
 */
import { initialDistribution, validateEscapeParameters, type EscapeConfig, type InitialState } from '../rate/config.js';
import { MAX_STEPS } from '../../engine/model.js';
import { barrierHeight, wellMinimum } from '../../physics/potential.js';
import { melnikovMeshkovRate } from '../../physics/rates.js';
import { ParameterError, requireInRange, requireInteger } from '../../physics/parameters.js';
import { bisect } from '../../physics/quadrature.js';
import { wellRelaxationTime } from '../../physics/quasi-stationary.js';
import { gumbelSwitching, type GumbelEstimate } from '../../physics/switching.js';

export type SwitchingCriterion = 'next-well' | 'running-state';

export interface SwitchingParameters {
  Q0: number;
  /** θ = k_BT/E_J. */
  theta: number;
  /** γ̇ = dγ/dτ. */
  rampRate: number;
  /** Bias where the ramp starts; default where the predicted switching probability is START_HAZARD. */
  gammaStart?: number;
  /** Bias where the ramp stops; default min(1, γ_peak + END_MARGIN·β). */
  gammaEnd?: number;
  /** Time held at γ_start before the ramp (units of 1/ω_p0); default HOLD_RELAXATION_TIMES relaxation times. */
  holdTime?: number;
  /** K of the switching point φ_min(γ_start) + 2πK; default by regime (see above). */
  wells?: number;
  dt?: number;
  trajectories?: number;
  seed?: number;
  init?: InitialState;
  /** Histogram bin width in γ (rounded to a whole number of ramp steps); default σ/10 of the prediction. */
  binWidth?: number;
  pageSize?: number;
  stepsPerDispatch?: number;
  dispatchStepBudget?: number;
  targetDispatchSeconds?: number;
  workgroupSize?: number;
  /** Copy each trajectory's switching step back (`--currents`). */
  keepSwitchSteps?: boolean;
  keepFinalStates?: boolean;
  /** The generator of the noise (see EscapeParameters.rng). */
  rng?: string;
}

export interface SwitchingConfig extends Omit<EscapeConfig, 'gamma' | 'maxSteps' | 'escapeAt' | 'survivalBins' | 'keepEscapeSteps'> {
  rampRate: number;
  gammaStart: number;
  gammaEnd: number;
  /** γ̇Δτ: bias added per ramp step. */
  rampPerStep: number;
  holdSteps: number;
  rampSteps: number;
  /** holdSteps + rampSteps. */
  maxSteps: number;
  wells: number;
  criterion: SwitchingCriterion;
  /** Absolute phase of the switching point, φ_min(γ_start) + 2πK. */
  switchAt: number;
  stepsPerBin: number;
  binCount: number;
  keepSwitchSteps: boolean;
  /** The classical (Mel'nikov–Meshkov) Gumbel prediction used for the defaults, if it was needed. */
  prediction: GumbelEstimate | null;
  warnings: string[];
}

/** Predicted switching probability before the ramp starts, for the default γ_start. */
export const START_HAZARD = 1e-4;
/** Default γ_end lies this many β beyond the predicted peak (survival there is exp(−e^15)). */
export const END_MARGIN = 15;
export const RUNNING_STATE_WELLS = 10;
export const HOLD_RELAXATION_TIMES = 3;
/** Histogram bins are u32 words after the sums; 2^16 of them is 256 KiB. */
export const MAX_SWITCHING_BINS = 65536;

/** γ_r ≈ 4/(πQ₀): below it an escaped particle can retrap (physics.md §6; the weak-damping form, which overstates γ_r at Q₀ ≲ 1, so errs towards the running-state criterion). */
export function retrappingBias(Q0: number): number {
  return 4 / (Math.PI * Q0);
}

/**
 * The classical Gumbel prediction of the switching distribution (Mel'nikov–Meshkov rate): peak,
 * β and width. Thrown as a ParameterError when the ramp is too fast or too slow for thermally
 * activated switching to happen at a barrier between k_BT and the zero-bias barrier.
 */
export function predictSwitching(Q0: number, theta: number, rampRate: number): GumbelEstimate {
  const rate = (gamma: number) => melnikovMeshkovRate({ gamma, Q0, theta });
  // Switching must happen before the barrier falls to k_BT/2, where activation loses its meaning.
  if (barrierHeight(0) <= 0.5 * theta) {
    throw new ParameterError('theta', theta, `(0, ${barrierHeight(0) / 0.5})`, 'the barrier is below k_BT/2 at zero bias');
  }
  const lo = 1e-3;
  const hi = bisect((g) => barrierHeight(g) - 0.5 * theta, 0, 1 - 1e-12);
  const condition = (g: number) => Math.log(rate(g)) - Math.log(rampRate) + Math.log(logSlopeInverse(rate, g, hi - lo));
  if (condition(lo) > 0) {
    throw new ParameterError('ramp-rate', rampRate, `> ${(rampRate * Math.exp(condition(lo))).toPrecision(3)}`, 'switching would happen before the bias reaches 0.001; give --gamma-start and --gamma-end');
  }
  if (condition(hi) < 0) {
    throw new ParameterError('ramp-rate', rampRate, `< ${(rampRate * Math.exp(condition(hi))).toPrecision(3)}`, 'the ramp outruns thermal activation (switching with ΔU < k_BT/2); give --gamma-start and --gamma-end');
  }
  return gumbelSwitching({ rate, rampRate, bracket: [lo, hi] });
}

function logSlopeInverse(rate: (g: number) => number, g: number, scale: number): number {
  const d = 1e-6 * Math.max(g, scale);
  return (2 * d) / (Math.log(rate(g + d)) - Math.log(rate(g - d)));
}

export function validateSwitchingParameters(p: SwitchingParameters): SwitchingConfig {
  const Q0 = requireInRange('Q', p.Q0, { min: 0 });
  const theta = requireInRange('theta', p.theta, { min: 0 });
  const rampRate = requireInRange('ramp-rate', p.rampRate, { min: 0 });
  let prediction: GumbelEstimate | null = null;
  const predicted = () => (prediction ??= predictSwitching(Q0, theta, rampRate));

  // γ_start > 0: the well and its thermal start are those of a biased junction (the fixed-bias
  // engine, which checks the start, takes γ in (0, 1)); a fast ramp whose predicted start falls
  // below zero starts at the same 10⁻³ that bounds predictSwitching's search.
  const gammaStart = p.gammaStart === undefined
    ? Math.max(1e-3, predicted().peak - Math.log(1 / START_HAZARD) * predicted().beta)
    : requireInRange('gamma-start', p.gammaStart, { min: 0, max: 1 });
  // (the well, and with it the thermal start, exists only for γ_start < 1)
  const gammaEnd = p.gammaEnd === undefined
    ? Math.min(1, predicted().peak + END_MARGIN * predicted().beta)
    : requireInRange('gamma-end', p.gammaEnd, { min: gammaStart, max: 2, maxInclusive: true });
  if (!(gammaEnd > gammaStart)) throw new ParameterError('gamma-end', gammaEnd, `(${gammaStart}, 2]`, 'the predicted switching lies below --gamma-start');

  // The options shared with the fixed-bias engine are checked by its own validation, at γ_start.
  const base = validateEscapeParameters({
    gamma: gammaStart, Q0, theta, dt: p.dt, trajectories: p.trajectories, seed: p.seed, init: p.init, maxTime: p.dt ?? 1e-9,
    pageSize: p.pageSize, stepsPerDispatch: p.stepsPerDispatch, dispatchStepBudget: p.dispatchStepBudget,
    targetDispatchSeconds: p.targetDispatchSeconds, workgroupSize: p.workgroupSize, keepFinalStates: p.keepFinalStates, rng: p.rng,
  });
  const { dt } = base;
  const rampPerStep = rampRate * dt;
  const holdTime = requireInRange('hold', p.holdTime ?? HOLD_RELAXATION_TIMES * wellRelaxationTime(Q0, gammaStart), { min: 0, minInclusive: true });
  const holdSteps = Math.ceil(holdTime / dt - 1e-9);
  const rampSteps = Math.ceil((gammaEnd - gammaStart) / rampPerStep - 1e-9);
  if (holdSteps + rampSteps > MAX_STEPS) {
    throw new ParameterError('ramp-rate', rampRate, `≥ ${((gammaEnd - gammaStart) / ((MAX_STEPS - holdSteps) * dt)).toPrecision(3)} at this Δτ and range`, `the ramp would take ${holdSteps + rampSteps} steps, more than the ${MAX_STEPS} a u32 step counter holds`);
  }

  const retrapping = gammaStart < retrappingBias(Q0);
  const wells = requireInteger('wells', p.wells ?? (retrapping ? RUNNING_STATE_WELLS : 1), { min: 1, max: 1000, minInclusive: true, maxInclusive: true });
  const criterion: SwitchingCriterion = wells >= RUNNING_STATE_WELLS ? 'running-state' : 'next-well';
  const warnings: string[] = [];
  if (retrapping && wells < RUNNING_STATE_WELLS) {
    warnings.push(`γ_start = ${gammaStart.toPrecision(4)} < 4/(πQ₀) = ${retrappingBias(Q0).toPrecision(4)}: escaped particles can retrap, so K = ${wells} well(s) may count phase slips that are not switches`);
  }

  const binWidth = p.binWidth ?? (p.gammaStart === undefined || p.gammaEnd === undefined ? predicted().width / 10 : (gammaEnd - gammaStart) / 200);
  requireInRange('bin-width', binWidth, { min: 0 });
  const stepsPerBin = Math.max(1, Math.round(binWidth / rampPerStep));
  const binCount = Math.floor(rampSteps / stepsPerBin) + 1;
  if (binCount > MAX_SWITCHING_BINS) {
    throw new ParameterError('bin-width', binWidth, `≥ ${((gammaEnd - gammaStart) / (MAX_SWITCHING_BINS - 1)).toPrecision(3)}`, `${binCount} bins over [γ_start, γ_end], more than ${MAX_SWITCHING_BINS}`);
  }
  const holdRisk = melnikovMeshkovRate({ gamma: gammaStart, Q0, theta }) * holdSteps * dt;
  if (holdRisk > 1e-3) warnings.push(`predicted switching probability while held at γ_start is ${holdRisk.toPrecision(2)}: lower --gamma-start or --hold`);

  const { gamma: _g, maxSteps: _m, escapeAt: _e, survivalBins: _s, keepEscapeSteps: _k, ...shared } = base;
  return {
    ...shared,
    rampRate, gammaStart, gammaEnd, rampPerStep, holdSteps, rampSteps, maxSteps: holdSteps + rampSteps,
    wells, criterion, switchAt: wellMinimum(gammaStart) + 2 * Math.PI * wells,
    stepsPerBin, binCount, keepSwitchSteps: p.keepSwitchSteps ?? false, prediction, warnings,
  };
}

/** The bias at ramp step k, in f64: the switching bias of a trajectory that switched there. */
export function biasAtRampStep(config: Pick<SwitchingConfig, 'gammaStart' | 'rampPerStep'>, k: number): number {
  return config.gammaStart + config.rampPerStep * k;
}

/** Ramp step of a switch after `step` steps: 0 while held. */
export function rampStepOf(config: Pick<SwitchingConfig, 'holdSteps'>, step: number): number {
  return Math.max(0, step - config.holdSteps);
}

/** The thermal harmonic sample at γ_start (see initialDistribution). */
export function switchingInitialDistribution(config: Pick<SwitchingConfig, 'gammaStart' | 'theta' | 'init'>) {
  return initialDistribution({ gamma: config.gammaStart, theta: config.theta, init: config.init });
}
