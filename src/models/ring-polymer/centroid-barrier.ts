/**
 * The centroid free-energy barrier of the washboard by constrained-centroid thermodynamic integration
 * (docs/ring-polymer.md §7), and the path-integral quantum transition-state (PI-QTST) rate from it.
 *
 * At each grid point φ̄_i an ensemble of polymers is run with the centroid held at φ̄_i (internal modes
 * thermalised by PILE-L from a collapsed start); ⟨f̄⟩_i = −dF/dφ̄ at φ̄_i, with its standard error from
 * the polymers' spread (independent polymers, one sample each). centroidTstRate turns the grid into
 * Γ_PI-QTST; the same quadrature on the classical force f(φ) = γ − sin φ gives classical TST, so the
 * ratio Γ_q/Γ_cl carries little quadrature error; times classical TST on a fine grid it gives the
 * quantum rate with the grid's quadrature error divided out. Its standard error is propagated linearly from the
 * per-point errors (∂ ln Γ/∂⟨f̄⟩_i by finite differences).
 */
import { barrierTop, wellMinimum } from '../../physics/potential.js';
import { centroidTstRate } from '../../physics/ring-polymer.js';
import { validateRingPolymerParameters } from './config.js';
import { ringPolymerMoments, runRingPolymerEnsemble } from './model.js';

export interface CentroidBarrierParameters {
  beads: number;
  hbar: number;
  theta: number;
  Q0: number;
  gamma: number;
  dt: number;
  /** Relaxation time of each constrained run (the internal modes relax at ≳ Ω_1). */
  time: number;
  /** Polymers per grid point. */
  trajectories: number;
  /** Grid point i runs with seed·points + i: runs with distinct seeds share no noise. */
  seed: number;
  /** Grid from φ_min − below to φ_max + above, `points` points. */
  below: number;
  above: number;
  points: number;
}

export interface CentroidBarrierResult {
  phi: number[];
  meanForce: number[];
  meanForceError: number[];
  freeEnergy: number[];
  /** F(φ*) − F(φ_min) and classical ΔU by the same quadrature. */
  barrier: number;
  classicalBarrier: number;
  /** Γ_PI-QTST and classical TST by the grid's quadrature. */
  rate: number;
  classicalRate: number;
  /**
   * Classical TST by the same formula on a 4001-point grid (quadrature error negligible), and the
   * quantum rate with the grid's quadrature error divided out: ratio × classicalRateFine.
   */
  classicalRateFine: number;
  rateCorrected: number;
  /** Γ_PI-QTST/Γ_TST (classical) and its standard error (propagated). */
  ratio: number;
  ratioError: number;
}

export async function runCentroidBarrier(device: GPUDevice, p: CentroidBarrierParameters, onPoint?: (i: number) => void): Promise<CentroidBarrierResult> {
  const from = wellMinimum(p.gamma) - p.below;
  const to = barrierTop(p.gamma) + p.above;
  const phi = Array.from({ length: p.points }, (_, i) => from + ((to - from) * i) / (p.points - 1));
  const meanForce: number[] = [];
  const meanForceError: number[] = [];
  for (let i = 0; i < phi.length; i++) {
    const config = validateRingPolymerParameters({
      beads: p.beads, hbar: p.hbar, theta: p.theta, Q0: p.Q0, potential: 'washboard', gamma: p.gamma, dt: p.dt, time: p.time,
      trajectories: p.trajectories, seed: p.seed * p.points + i, initialCentroid: phi[i]!, constrainCentroid: true,
    });
    const m = ringPolymerMoments((await runRingPolymerEnsemble(device, config)).statistics);
    meanForce.push(m.meanForce);
    meanForceError.push(m.meanForceError);
    onPoint?.(i);
  }
  // The well's minimum is looked for in the well's half, before (φ_min + φ_max)/2 (centroidTstRate):
  // below T₀ the centroid free energy falls steeply beyond about φ_max − 0.3.
  const top = (wellMinimum(p.gamma) + barrierTop(p.gamma)) / 2;
  const quantum = centroidTstRate(phi, meanForce, p.theta, top);
  const classical = centroidTstRate(phi, phi.map((x) => p.gamma - Math.sin(x)), p.theta, top);
  // Linear propagation: d ln Γ = Σ_i (∂ ln Γ/∂f_i) δf_i, the δf_i independent.
  let variance = 0;
  for (let i = 0; i < phi.length; i++) {
    const h = 1e-6;
    const bumped = meanForce.slice();
    bumped[i] = bumped[i]! + h;
    const derivative = (Math.log(centroidTstRate(phi, bumped, p.theta, top).rate) - Math.log(quantum.rate)) / h;
    variance += (derivative * meanForceError[i]!) ** 2;
  }
  const ratio = quantum.rate / classical.rate;
  const fine = Array.from({ length: 4001 }, (_, i) => from + ((to - from) * i) / 4000);
  const classicalRateFine = centroidTstRate(fine, fine.map((x) => p.gamma - Math.sin(x)), p.theta, top).rate;
  return {
    phi, meanForce, meanForceError, freeEnergy: quantum.freeEnergy, barrier: quantum.barrier, classicalBarrier: classical.barrier,
    rate: quantum.rate, classicalRate: classical.rate, classicalRateFine, rateCorrected: ratio * classicalRateFine, ratio, ratioError: ratio * Math.sqrt(variance),
  };
}
