/**
 * Switching under a bias ramp from the simulated quantum rate (docs/ring-polymer.md §10, issue 15 §4):
 * Γ_q(γ) = Γ_PI-QTST·κ by ring polymers (centroid-barrier.ts) at a few biases over the switching
 * window, ln Γ interpolated in the bias (interpolatedRate), and the Fulton–Dunkleberger distribution
 * with the errors of its mean and width propagated from the nodes' (switchingFromRateNodes).
 *
 * The window is placed with the computed rate of src/physics/quantum-escape/ (only to know where to
 * look; its own σ is reported beside): the biases where the computed cumulative exponent H = −ln S
 * runs from WINDOW_H[0] to WINDOW_H[1]. The simulated rate differs from the computed one by a factor
 * 0.8–5 (docs/ring-polymer.md §8, §10), which moves H by as much, well inside that window: the ramp
 * starts at its low end (the switching before it, H ≲ 10⁻⁴, is neglected) and ends at its high end
 * (survival ≤ e^{−5}; the escaped fraction is reported). The low end matters: the distribution's long
 * tail toward low bias carries its width, and starting at H = 10⁻³ instead narrows σ by 1.4%
 * (measured with the computed rate; 0.05% at 10⁻⁵, where five nodes interpolate to ≤ 0.1%).
 */
import { escapeRateDimensionless } from '../../physics/escape.js';
import { kramersFactor, qualityFactor } from '../../physics/potential.js';
import { crossoverTheta } from '../../physics/quantum.js';
import { quantumRate } from '../../physics/quantum-escape/rate.js';
import { quantumSwitching, type QuantumSwitching } from '../../physics/quantum-escape/switching.js';
import { interpolatedRate, nodeBiases, switchingFromRateNodes, switchingQuantiles, WINDOW_H, type NodeSwitching } from '../../physics/switching-from-rates.js';
import { switchingDistribution } from '../../physics/switching.js';
import { requireInteger } from '../../physics/parameters.js';
import { runCentroidBarrier, type CentroidBarrierParameters } from './centroid-barrier.js';

/** The window's cumulative exponents H = −ln S of the computed distribution (shared with forward-flux switching). */
export { WINDOW_H };

export interface RingPolymerSwitchingParameters extends Omit<CentroidBarrierParameters, 'gamma' | 'time' | 'below' | 'above'> {
  /** Ramp dγ/dτ (τ in 1/ω_p0). */
  rampRate: number;
  /** Rate biases over the window (≥ 4: the not-a-knot spline). */
  nodes: number;
  /** Relaxation per grid point; default 8 above 1.1T₀(γ), 16 below (as in docs/ring-polymer.md §8). */
  time?: number;
}

export interface RingPolymerSwitchingNode {
  gamma: number;
  reducedTemperature: number;
  /** Γ_q = Γ_PI-QTST·κ and the standard error of its logarithm. */
  rate: number;
  lnRateError: number;
  /** The computed rate of quantum-escape/rate.ts at the same bias. */
  computedRate: number;
  computedMethod: string;
  centroidBarrier: number;
  seconds: number;
}

export interface RingPolymerSwitchingResult {
  nodes: RingPolymerSwitchingNode[];
  /** From the simulated nodes. */
  simulated: NodeSwitching;
  /** From the computed rate (its own nodes and window: quantumSwitching). */
  computed: QuantumSwitching;
  /** The computed rate through the simulation's nodes only: the interpolation error of `nodes` biases. */
  computedAtNodes: ReturnType<typeof switchingDistribution>;
  window: [number, number];
  /**
   * physics.md's formula rate (escape.ts: Mel'nikov–Meshkov × f_q above 2T₀, Caldeira–Leggett MQT with
   * its T² enhancement below T₀, interpolated between) and the classical one (ħ̃ = 0: Mel'nikov–Meshkov),
   * each through Fulton–Dunkleberger over [FORMULA_FROM, 1).
   */
  formula: ReturnType<typeof switchingDistribution>;
  classical: ReturnType<typeof switchingDistribution>;
}

/** Where the formula ramps start: far below any switching of interest (ΔU(0.3) = 1.4E_J). */
export const FORMULA_FROM = 0.3;

/** Fulton–Dunkleberger from physics.md's formula rate at (Q₀, ħ̃, θ); ħ̃ = 0 is the classical Mel'nikov–Meshkov rate. */
export function formulaSwitching(Q0: number, hbar: number, theta: number, rampRate: number): ReturnType<typeof switchingDistribution> {
  return switchingDistribution({ rate: (gamma) => escapeRateDimensionless({ gamma, Q0, hbar, theta }).rate, rampRate, from: FORMULA_FROM, to: 1 - 1e-9 });
}

export async function runRingPolymerSwitching(
  device: GPUDevice,
  p: RingPolymerSwitchingParameters,
  onNode?: (done: number, total: number) => void,
): Promise<RingPolymerSwitchingResult> {
  requireInteger('nodes', p.nodes, { min: 4, minInclusive: true, max: 50, maxInclusive: true });
  const computed = quantumSwitching({ Q0: p.Q0, hbar: p.hbar, theta: p.theta, rampRate: p.rampRate });
  const [from, to] = switchingQuantiles(computed.distribution, WINDOW_H) as [number, number];
  const gammas = nodeBiases(from, to, p.nodes);
  const nodes: RingPolymerSwitchingNode[] = [];
  for (const [i, gamma] of gammas.entries()) {
    const theta0 = crossoverTheta({ gamma, Q0: p.Q0, hbar: p.hbar });
    const time = p.time ?? (p.theta > 1.1 * theta0 ? 8 : 16);
    const started = performance.now();
    // Distinct seeds per node (a node's grid points use seed·points + j): no shared noise.
    const r = await runCentroidBarrier(device, { ...p, gamma, time, seed: p.seed * p.nodes + i, below: 0.6, above: 0.15 });
    const kappa = kramersFactor(qualityFactor(p.Q0, gamma));
    const c = quantumRate(gamma, p.Q0, p.hbar, p.theta);
    nodes.push({
      gamma, reducedTemperature: p.theta / theta0, rate: r.rateCorrected * kappa, lnRateError: r.ratioError / r.ratio,
      computedRate: c.rate, computedMethod: c.method, centroidBarrier: r.barrier, seconds: (performance.now() - started) / 1000,
    });
    onNode?.(i + 1, gammas.length);
  }
  const simulated = switchingFromRateNodes(nodes, p.rampRate, from, to);
  const computedAtNodes = switchingDistribution({ rate: interpolatedRate(nodes.map((n) => ({ gamma: n.gamma, rate: n.computedRate }))), rampRate: p.rampRate, from, to });
  return {
    nodes, simulated, computed, computedAtNodes, window: [from, to],
    formula: formulaSwitching(p.Q0, p.hbar, p.theta, p.rampRate), classical: formulaSwitching(p.Q0, 0, p.theta, p.rampRate),
  };
}
