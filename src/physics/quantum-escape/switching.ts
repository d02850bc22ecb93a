/**
 * Switching under a bias ramp with the computed quantum rate Γ(γ; θ) of rate.ts (bounce, uniform
 * crossover or f_q × Kramers, whichever holds at each bias), by Fulton–Dunkleberger (physics.md §7).
 *
 * A bounce costs ~0.1 s, and a histogram needs thousands of rate values, so ln Γ is computed at a
 * few biases and interpolated by a not-a-knot cubic spline in ln(1 − γ), in which ln Γ is smooth
 * (ΔU ∝ (1 − γ)^{3/2}, ω_p ∝ (1 − γ)^{1/4}). Two stages: a coarse scan over the biases where the
 * barrier is between 2 and 150 "effective temperatures" finds where the switching happens, then
 * `nodes` biases are placed over that window. The interpolation error is estimated by repeating the
 * last stage with every other window node and is reported (`halvingChange`).
 */
import { barrierHeight, plasmaFrequency, requirePositive } from '../potential.js';
import { ParameterError, requireInRange, requireInteger } from '../parameters.js';
import { bisect } from '../quadrature.js';
import { interpolatedRate } from '../switching-from-rates.js';
import { switchingDistribution, type SwitchingDistribution } from '../switching.js';
import { quantumRate, type QuantumRatePoint } from './rate.js';

export interface QuantumSwitchingInput {
  Q0: number;
  /** ħ̃ = ħω_p0/E_J. */
  hbar: number;
  /** θ = k_BT/E_J (0 allowed: the T = 0 bounce). */
  theta: number;
  /** Ramp dγ/dτ, τ in 1/ω_p0 (it decides where the rates are needed). */
  rampRate: number;
  /** Rate nodes over the switching window (default 13, odd ≥ 7). */
  nodes?: number;
  /** Called after each rate node (they are the slow part). */
  onNode?: (done: number, total: number) => void;
}

export interface QuantumRateCurve {
  /** Γ(γ)/ω_p0 interpolated through the computed nodes. */
  rate: (gamma: number) => number;
  /** The same with every other window node dropped (for the interpolation error). */
  coarserRate: (gamma: number) => number;
  /** The computed rates, in increasing γ. */
  nodes: Array<{ gamma: number; rate: number; method: QuantumRatePoint['method'] }>;
  /** The bias range the scan covered (outside it the rate at its ends is held). */
  from: number;
  to: number;
}

export interface QuantumSwitching {
  distribution: SwitchingDistribution;
  nodes: QuantumRateCurve['nodes'];
  /** Relative change of mean and width when every other window node is dropped. */
  halvingChange: { mean: number; width: number };
}

// The coarse scan covers ΔU/θ_eff from 150 down to 2, θ_eff = max(θ, ħω_p/7.2) (the escape
// temperature's quantum plateau of physics.md §5, used only to place the scan).
const SCAN_BARRIER_HIGH = 150;
const SCAN_BARRIER_LOW = 2;
const SCAN_NODES = 10;

/** The computed Γ(γ; θ) as an interpolated curve, resolved where a ramp dγ/dτ switches. */
export function quantumRateCurve(input: QuantumSwitchingInput): QuantumRateCurve {
  const { Q0, hbar, theta, rampRate } = input;
  requirePositive('Q0', Q0);
  requirePositive('hbar', hbar);
  requireInRange('theta', theta, { min: 0, minInclusive: true });
  requireInRange('rampRate', rampRate, { min: 0, minInclusive: false });
  const nodes = input.nodes ?? 13;
  requireInteger('nodes', nodes, { min: 7, minInclusive: true });
  if (nodes % 2 === 0) throw new ParameterError('nodes', nodes, 'an odd integer ≥ 7', 'the halving estimate drops every other node');

  const effectiveBarrier = (gamma: number) => barrierHeight(gamma) / Math.max(theta, (hbar * plasmaFrequency(gamma)) / 7.2);
  const gammaAt = (target: number) => (effectiveBarrier(1e-6) <= target ? 1e-6 : bisect((g) => effectiveBarrier(g) - target, 1e-6, 1 - 1e-12));
  const gammaLow = gammaAt(SCAN_BARRIER_HIGH);
  const gammaHigh = gammaAt(SCAN_BARRIER_LOW);
  const v = (gamma: number) => Math.log1p(-gamma);
  const fromV = (x: number) => -Math.expm1(x);

  const total = SCAN_NODES + nodes;
  let done = 0;
  const computed = new Map<number, QuantumRatePoint>();
  const rateAt = (gamma: number): QuantumRatePoint => {
    let r = computed.get(gamma);
    if (!r) {
      r = quantumRate(gamma, Q0, hbar, theta);
      if (!(r.rate > 0) || !Number.isFinite(r.rate)) {
        throw new ParameterError('rate', r.rate, '(0, ∞)', `the computed rate at γ = ${gamma} is not a positive number`);
      }
      computed.set(gamma, r);
      input.onNode?.(++done, total);
    }
    return r;
  };
  const curveThrough = (gammas: number[]): ((gamma: number) => number) =>
    interpolatedRate([...new Set(gammas)].map((gamma) => ({ gamma, rate: rateAt(gamma).rate })));

  const scan = Array.from({ length: SCAN_NODES }, (_, i) => fromV(v(gammaLow) + ((v(gammaHigh) - v(gammaLow)) * i) / (SCAN_NODES - 1)));
  const coarse = switchingDistribution({ rate: curveThrough(scan), rampRate, from: gammaLow, to: gammaHigh });
  // The window: where the cumulative exponent H = −ln S runs from 1e-6 to 40, padded by a quarter.
  const H = coarse.survival.map((s) => -Math.log(s));
  const first = Math.max(0, H.findIndex((h) => h > 1e-6));
  const lastIndex = H.findIndex((h) => h > 40);
  const last = lastIndex < 0 ? H.length - 1 : lastIndex;
  const lo = v(coarse.x[first]!);
  const hi = v(coarse.x[last]!);
  const pad = 0.25 * (lo - hi);
  const vStart = Math.min(v(gammaLow), lo + pad);
  const vEnd = Math.max(v(gammaHigh), hi - pad);
  const window = Array.from({ length: nodes }, (_, i) => fromV(vStart + ((vEnd - vStart) * i) / (nodes - 1)));
  const outside = scan.filter((g) => v(g) > vStart || v(g) < vEnd);
  const rate = curveThrough([...outside, ...window]);
  const coarserRate = curveThrough([...outside, ...window.filter((_, i) => i % 2 === 0)]);
  return {
    rate,
    coarserRate,
    nodes: [...computed.entries()].sort((a, b) => a[0] - b[0]).map(([gamma, r]) => ({ gamma, rate: r.rate, method: r.method })),
    from: gammaLow,
    to: gammaHigh,
  };
}

/** The Fulton–Dunkleberger distribution over γ from the computed rate curve. */
export function quantumSwitching(input: QuantumSwitchingInput): QuantumSwitching {
  const curve = quantumRateCurve(input);
  const over = (rate: (gamma: number) => number) => switchingDistribution({ rate, rampRate: input.rampRate, from: curve.from, to: curve.to });
  const fine = over(curve.rate);
  const half = over(curve.coarserRate);
  return {
    distribution: fine,
    nodes: curve.nodes,
    halvingChange: { mean: Math.abs(half.mean / fine.mean - 1), width: Math.abs(half.width / fine.width - 1) },
  };
}
