/**
 * Switching at experimental ramp rates (issue 13 §4, docs/rare-events.md): Γ(γ) measured by
 * forward-flux sampling at a few biases over the switching window, ln Γ interpolated in the bias,
 * and the Fulton–Dunkleberger distribution with the errors of its moments and density propagated
 * from the nodes' (src/physics/switching-from-rates.ts). Direct simulation of a ramp of dγ/dτ ~ 10⁻⁹
 * would take ~10⁹ steps per trajectory; here each node costs one FFS rate, whatever the ramp.
 *
 * The window is placed with the Mel'nikov–Meshkov rate (only to know where to look): the biases where
 * its cumulative exponent H = −ln S runs over WINDOW_H. FFS rates differ from Mel'nikov–Meshkov by
 * 0.8–1.05 (docs/rare-events.md), which moves H by as much, well inside that window.
 */
import { melnikovMeshkovRate } from '../../physics/rates.js';
import { barrierHeight } from '../../physics/potential.js';
import { ParameterError, requireInRange, requireInteger } from '../../physics/parameters.js';
import { bisect } from '../../physics/quadrature.js';
import { switchingDistribution, type SwitchingDistribution } from '../../physics/switching.js';
import { nodeBiases, switchingFromRateNodes, switchingQuantiles, WINDOW_H, type NodeSwitching } from '../../physics/switching-from-rates.js';
import { validateFfsParameters, type FfsParameters } from './config.js';
import { runForwardFlux, type FfsProgress } from './driver.js';

/** Where the Mel'nikov–Meshkov ramp starts: far below any switching of interest (ΔU(0.3) = 1.4E_J). */
export const FORMULA_FROM = 0.3;
export const DEFAULT_SWITCHING_NODES = 6;
/**
 * No node below this barrier (k_BT): the energy basin is E < k_BT/2, and a rate at ΔU ≲ k_BT is not
 * an activated rate. The window's high end is cut here (the survival left there is reported as the
 * escaped fraction); a ramp whose Mel'nikov–Meshkov mean switching bias lies below MIN_MEAN_BARRIER
 * is refused: it is fast enough to simulate directly.
 */
export const MIN_NODE_BARRIER = 1;
export const MIN_MEAN_BARRIER = 2;

export interface FfsSwitchingParameters extends Omit<FfsParameters, 'gamma' | 'barrierOverKT' | 'interfaces' | 'basin'> {
  Q0: number;
  theta: number;
  /** Ramp dγ/dτ (τ in 1/ω_p0). */
  rampRate: number;
  /** Rate biases over the window (≥ 4: the not-a-knot spline). */
  nodes?: number;
}

export interface FfsSwitchingNode {
  gamma: number;
  barrierOverKT: number;
  /** Γ/ω_p0 by FFS and the standard error of its logarithm (the replicas' scatter and the flux's). */
  rate: number;
  lnRateError: number;
  melnikovMeshkov: number;
  orderParameter: string;
  trajectorySteps: number;
  seconds: number;
}

export interface FfsSwitchingResult {
  nodes: FfsSwitchingNode[];
  /** The bias window [from, to] the ramp covers. */
  window: [number, number];
  /** From the simulated nodes, with error propagation. */
  simulated: NodeSwitching;
  /** Mel'nikov–Meshkov through Fulton–Dunkleberger over [FORMULA_FROM, 1). */
  melnikovMeshkov: SwitchingDistribution;
  trajectorySteps: number;
  wallSeconds: number;
}

/** Fulton–Dunkleberger from the Mel'nikov–Meshkov rate (physics.md §4, §7). */
export function melnikovMeshkovSwitching(Q0: number, theta: number, rampRate: number): SwitchingDistribution {
  return switchingDistribution({ rate: (gamma) => melnikovMeshkovRate({ gamma, Q0, theta }), rampRate, from: FORMULA_FROM, to: 1 - 1e-9 });
}

/** The node biases: the Mel'nikov–Meshkov window, equally spaced in ln(1 − γ). */
export function ffsSwitchingPlan(p: Pick<FfsSwitchingParameters, 'Q0' | 'theta' | 'rampRate' | 'nodes'>) {
  requireInRange('Q', p.Q0, { min: 0 });
  requireInRange('theta', p.theta, { min: 0 });
  requireInRange('ramp-rate', p.rampRate, { min: 0 });
  const nodes = requireInteger('nodes', p.nodes ?? DEFAULT_SWITCHING_NODES, { min: 4, minInclusive: true, max: 50, maxInclusive: true });
  const formula = melnikovMeshkovSwitching(p.Q0, p.theta, p.rampRate);
  const [from, windowEnd] = switchingQuantiles(formula, WINDOW_H) as [number, number];
  const barrierKT = (g: number) => barrierHeight(g) / p.theta;
  if (barrierKT(formula.mean) < MIN_MEAN_BARRIER) {
    throw new ParameterError('ramp-rate', p.rampRate, `ramps that switch with ΔU > ${MIN_MEAN_BARRIER} k_BT`, `Mel'nikov–Meshkov puts the mean switching at ΔU = ${barrierKT(formula.mean).toFixed(2)} k_BT; use --method direct`);
  }
  const to = barrierKT(windowEnd) >= MIN_NODE_BARRIER ? windowEnd : bisect((g) => barrierKT(g) - MIN_NODE_BARRIER, formula.mean, windowEnd);
  return { formula, window: [from, to] as [number, number], gammas: nodeBiases(from, to, nodes) };
}

export async function runFfsSwitching(
  device: GPUDevice,
  p: FfsSwitchingParameters,
  options: { onNode?: (done: number, total: number, node: FfsSwitchingNode | null) => void; onProgress?: (node: number, progress: FfsProgress) => void } = {},
): Promise<FfsSwitchingResult> {
  const { formula, window, gammas } = ffsSwitchingPlan(p);
  const seed = p.seed ?? 1;
  // Validate every node before the first runs: a bad flag fails at once, not after minutes.
  const configs = gammas.map((gamma, i) => {
    const { nodes: _n, rampRate: _r, ...rest } = p;
    // Distinct seeds per node: independent nodes, as the error propagation assumes.
    return validateFfsParameters({ ...rest, gamma, seed: seed * gammas.length + i });
  });
  const started = performance.now();
  const nodes: FfsSwitchingNode[] = [];
  let trajectorySteps = 0;
  options.onNode?.(0, configs.length, null);
  for (const [i, config] of configs.entries()) {
    const t0 = performance.now();
    const r = await runForwardFlux(device, config, { onProgress: (x) => options.onProgress?.(i, x) });
    if (!(r.rate > 0) || !Number.isFinite(r.relativeError)) {
      // Too few trials for this node's barrier: a one-line error naming the flag to raise.
      throw new ParameterError('trials', config.trials, `more than ${config.trials}`, `no trajectory reached the escape point at γ = ${config.gamma.toPrecision(6)} (ΔU/k_BT = ${(barrierHeight(config.gamma) / config.theta).toFixed(1)})`);
    }
    trajectorySteps += r.trajectorySteps;
    const node: FfsSwitchingNode = {
      gamma: config.gamma, barrierOverKT: barrierHeight(config.gamma) / config.theta,
      // The relative error of Γ is the standard error of ln Γ to first order.
      rate: r.rate, lnRateError: r.relativeError,
      melnikovMeshkov: melnikovMeshkovRate({ gamma: config.gamma, Q0: config.Q0, theta: config.theta }),
      orderParameter: config.orderParameter, trajectorySteps: r.trajectorySteps, seconds: (performance.now() - t0) / 1000,
    };
    nodes.push(node);
    options.onNode?.(i + 1, configs.length, node);
  }
  const simulated = switchingFromRateNodes(nodes, p.rampRate, window[0], window[1]);
  return { nodes, window, simulated, melnikovMeshkov: formula, trajectorySteps, wallSeconds: (performance.now() - started) / 1000 };
}
