/**
 * Forward-flux sampling (docs/rare-events.md): parameters → validated configuration. The washboard
 * itself (γ, Q₀, θ, Δτ, the absorbing point, seed, rng, tuning) is validated exactly as the rate
 * model validates it, so both methods answer the same question; what is added here is the
 * interfaces and the sizes of the stages.
 */
import { DEFAULT_PAGE_SIZE, validateEscapeParameters, type EscapeParameters } from '../rate/config.js';
import { barrierHeight, barrierTop, washboardPotential, wellMinimum } from '../../physics/potential.js';
import { ParameterError, requireInRange, requireInteger } from '../../physics/parameters.js';
import { MAX_STEPS } from '../../engine/model.js';
import type { RngName } from '../../engine/philox.js';
import type { OrderParameter } from './model.js';

export interface FfsParameters extends Omit<EscapeParameters, 'maxTime' | 'init' | 'survivalBins' | 'keepEscapeSteps' | 'keepFinalStates' | 'trajectories'> {
  /** Trials launched from each interface (M). */
  trials?: number;
  /** Trajectories of the flux run in A (stage 0). */
  walkers?: number;
  /** Crossings of λ₀ to collect in stage 0 (N₀); default = trials. */
  fluxCrossings?: number;
  /** The order parameter λ: the absolute phase (default) or the energy above the well bottom. */
  orderParameter?: string;
  /** Spacing of the interfaces below the barrier top, in units of k_BT of potential energy. */
  interfaceSpacing?: number;
  /** Explicit interfaces λ₀ < λ₁ < … (phases below the escape point, or energies), instead of the spacing rule. */
  interfaces?: number[];
  /** The basin boundary λ_A (in the order parameter's units); default φ_min (phase) or k_BT/2 (energy). */
  basin?: number;
  /** Independent FFS runs inside each batch; the rate is their mean, its error their scatter. */
  replicas?: number;
  /** A trial still running after this time (1/ω_p0) is counted as a failure (and reported). */
  maxTrialTime?: number;
}

export interface FfsConfig {
  gamma: number;
  Q0: number;
  theta: number;
  dt: number;
  seed: number;
  /** The absorbing point φ_e of the rate model: the last interface. */
  escapeAt: number;
  orderParameter: OrderParameter;
  basin: number;
  /** λ₀ … λ_{n−1} in the order parameter's units, then λ_n = escapeAt (B, a phase, whatever the coordinate). */
  interfaces: number[];
  trials: number;
  walkers: number;
  replicas: number;
  fluxCrossings: number;
  maxTrialSteps: number;
  pageSize: number;
  dispatchStepBudget: number;
  targetDispatchSeconds: number;
  workgroupSize: number;
  rng: RngName;
}

export const DEFAULT_TRIALS = 4096;
export const DEFAULT_WALKERS = 1024;
export const DEFAULT_INTERFACE_SPACING = 1;
export const DEFAULT_REPLICAS = 16;

/** The phase in [φ_min, φ_max] where U(φ) − U(φ_min) = energy (0 ≤ energy ≤ ΔU), by bisection. */
export function phaseAtEnergy(gamma: number, energy: number): number {
  const lo0 = wellMinimum(gamma);
  const u0 = washboardPotential(gamma, lo0);
  let lo = lo0;
  let hi = barrierTop(gamma);
  for (let k = 0; k < 200 && hi - lo > 1e-15; k++) {
    const mid = 0.5 * (lo + hi);
    if (washboardPotential(gamma, mid) - u0 < energy) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * The default interfaces: the phases where the potential has risen by spacing·k_BT, 2·spacing·k_BT, …
 * (stopping half a spacing below the top, where the phase spacing diverges), then the barrier top
 * φ_max, then the escape point. Equal steps in U/k_BT give each stage a probability of the same
 * order (about e^{−spacing} times a prefactor in the overdamped limit).
 */
export function defaultInterfaces(gamma: number, theta: number, escapeAt: number, spacing: number): number[] {
  const dU = barrierHeight(gamma) / theta;
  const out: number[] = [];
  for (let j = 1; j * spacing < dU - 0.5 * spacing; j++) out.push(phaseAtEnergy(gamma, j * spacing * theta));
  const top = barrierTop(gamma);
  if (out.length === 0 || escapeAt > top) out.push(top);
  out.push(escapeAt);
  return out.filter((x, i, a) => i === 0 || x > a[i - 1]!);
}

/**
 * Energy interfaces (E above the well bottom): spacing·k_BT, 2·spacing·k_BT, … below ΔU − spacing/2,
 * then ΔU itself, then B (the escape point, a phase). E ≥ ΔU does not mean escape, so B stays
 * the rate model's absorbing point.
 */
export function defaultEnergyInterfaces(gamma: number, theta: number, escapeAt: number, spacing: number): number[] {
  const dU = barrierHeight(gamma);
  const out: number[] = [];
  for (let j = 1; j * spacing * theta < dU - 0.5 * spacing * theta; j++) out.push(j * spacing * theta);
  out.push(dU);
  out.push(escapeAt);
  return out;
}

/**
 * The phase below Q₀ = 2, the energy from there on (docs/rare-events.md): measured, the phase works
 * at Q₀ = 0.05 and 1 up to ΔU/k_BT = 20 and fails at Q₀ = 3 and 10 from ΔU/k_BT = 15 (estimates
 * 3.4× and 0.4× Mel'nikov–Meshkov with 60–80% replica errors), where the energy agrees with
 * Mel'nikov–Meshkov and, at ΔU/k_BT = 6, with brute force; the energy is poor at Q₀ = 1 (its last
 * stage, E ≥ ΔU → φ_e, succeeds 2% of the time). Q₀ = 2 itself is not measured.
 */
export function defaultOrderParameter(Q0: number): OrderParameter {
  return Q0 < 2 ? 'phase' : 'energy';
}

export function validateFfsParameters(p: FfsParameters): FfsConfig {
  // The washboard's own checks (and messages) are the rate model's.
  const base = validateEscapeParameters({ ...p, trajectories: 1, maxTime: 1, init: 'thermal' });
  const trials = requireInteger('trials', p.trials ?? DEFAULT_TRIALS, { min: 2, minInclusive: true, max: 2 ** 24, maxInclusive: true });
  const walkers = requireInteger('walkers', p.walkers ?? Math.min(DEFAULT_WALKERS, trials), { min: 1, minInclusive: true, max: 2 ** 24, maxInclusive: true });
  const fluxCrossings = requireInteger('flux-crossings', p.fluxCrossings ?? trials, { min: 1, minInclusive: true, max: 2 ** 26, maxInclusive: true });
  const replicas = requireInteger('replicas', p.replicas ?? DEFAULT_REPLICAS, { min: 2, minInclusive: true, max: 1024, maxInclusive: true });
  if (trials < 2 * replicas) throw new ParameterError('trials', trials, `[${2 * replicas}, 2^24] (at least 2 per replica, ${replicas} replicas)`);
  if (walkers < replicas) throw new ParameterError('walkers', walkers, `[${replicas}, 2^24] (at least 1 per replica, ${replicas} replicas)`);
  const orderParameter = (p.orderParameter ?? defaultOrderParameter(base.Q0)) as OrderParameter;
  if (orderParameter !== 'phase' && orderParameter !== 'energy') throw new ParameterError('order-parameter', String(p.orderParameter), 'phase or energy');
  const phiMin = wellMinimum(base.gamma);
  const dU = barrierHeight(base.gamma);
  const basin = orderParameter === 'phase'
    ? requireInRange('basin', p.basin ?? phiMin, { min: phiMin - Math.PI, max: barrierTop(base.gamma) })
    : requireInRange('basin', p.basin ?? 0.5 * base.theta, { min: 0, max: dU });
  // λ below the escape point (phase) or the barrier (energy): the last interface is B itself.
  const top = orderParameter === 'phase' ? base.escapeAt : dU;
  let interfaces: number[];
  if (p.interfaces !== undefined) {
    if (p.interfaces.length === 0) throw new ParameterError('interfaces', '(none)', 'at least one value between the basin and B');
    p.interfaces.forEach((x, i) => {
      requireInRange('interfaces', x, { min: i === 0 ? basin : p.interfaces![i - 1]!, max: top, maxInclusive: orderParameter === 'energy' });
    });
    interfaces = [...p.interfaces, base.escapeAt];
  } else {
    const spacing = requireInRange('interface-spacing', p.interfaceSpacing ?? DEFAULT_INTERFACE_SPACING, { min: 0, max: 100, maxInclusive: true });
    interfaces = orderParameter === 'phase'
      ? defaultInterfaces(base.gamma, base.theta, base.escapeAt, spacing)
      : defaultEnergyInterfaces(base.gamma, base.theta, base.escapeAt, spacing);
  }
  if (!(interfaces[0]! > basin)) throw new ParameterError('basin', basin, `(−∞, ${interfaces[0]}) (below the first interface λ₀)`);
  const maxTrialTime = requireInRange('max-trial-time', p.maxTrialTime ?? MAX_STEPS * base.dt, { min: 0, max: MAX_STEPS * base.dt, maxInclusive: true });
  const maxTrialSteps = Math.max(4, Math.ceil(maxTrialTime / base.dt));
  return {
    gamma: base.gamma, Q0: base.Q0, theta: base.theta, dt: base.dt, seed: base.seed, escapeAt: base.escapeAt, orderParameter,
    basin, interfaces, trials, walkers, replicas, fluxCrossings, maxTrialSteps,
    pageSize: p.pageSize ?? DEFAULT_PAGE_SIZE, // validated above (the rate model caps it at its one trajectory)
     dispatchStepBudget: base.dispatchStepBudget, targetDispatchSeconds: base.targetDispatchSeconds,
    workgroupSize: base.workgroupSize, rng: base.rng,
  };
}
