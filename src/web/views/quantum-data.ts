/**
 * What the quantum view draws, computed on the CPU (in its worker): the well with its quasi-bound
 * levels, Γ(T) computed beside the formula patchwork of escape.ts, and T_esc(T) with its plateau.
 * Pure: no DOM, no Plotly; node tests call it.
 */
import { escapeRateDimensionless, escapeThetaFromRate } from '../../physics/escape.js';
import { barrierHeight, plasmaFrequency, wellMinimum } from '../../physics/potential.js';
import { crossoverTheta } from '../../physics/quantum.js';
import { zeroTemperatureBounce } from '../../physics/quantum-escape/bounce.js';
import { quasiBoundLevels } from '../../physics/quantum-escape/levels.js';
import { quantumRate } from '../../physics/quantum-escape/rate.js';
import { quantumSwitching } from '../../physics/quantum-escape/switching.js';
import { switchingDistribution } from '../../physics/switching.js';
import { washboardWell } from '../../physics/quantum-escape/well.js';

export interface QuantumInput {
  gamma: number;
  Q0: number;
  hbar: number;
}

export interface QuantumData {
  input: QuantumInput;
  /** φ − φ_min and V(φ) − V(φ_min) over the well and barrier. */
  potential: { q: number[]; V: number[] };
  levels: { n: number; energy: number; width: number; left: number; right: number }[];
  barrierHeight: number;
  theta0: number;
  /** θ grid with computed (bounce, uniform crossover, f_q × Kramers) and formula rates, and T_esc of each. */
  curve: { theta: number[]; computed: (number | null)[]; formula: number[]; computedEscape: (number | null)[]; formulaEscape: (number | null)[] };
  plateau: number | null;
}

export function computeQuantumData(input: QuantumInput, points = 40): QuantumData {
  const { gamma, Q0, hbar } = input;
  const well = washboardWell(gamma);
  const qs: number[] = [];
  const Vs: number[] = [];
  const lo = well.leftTurningPoint(well.barrierHeight * 0.999) - 0.1;
  const hi = well.exitPoint + 0.3;
  for (let i = 0; i <= 200; i++) {
    const q = lo + ((hi - lo) * i) / 200;
    qs.push(q);
    Vs.push(well.V(q));
  }
  const levels = quasiBoundLevels(well, hbar).levels.map((l) => ({
    n: l.n,
    energy: l.energy,
    width: l.width,
    left: well.leftTurningPoint(l.energy),
    right: rightTurningPoint(well.V, l.energy, well.barrierPosition),
  }));
  const theta0 = crossoverTheta({ gamma, Q0, hbar });
  const attempt = plasmaFrequency(gamma) / (2 * Math.PI);
  const esc = (r: number | null) => (r !== null && r > 0 && r < attempt ? escapeThetaFromRate(gamma, r) : null);
  const theta: number[] = [];
  const computed: (number | null)[] = [];
  const formula: number[] = [];
  for (let i = 0; i < points; i++) {
    const t = theta0 * (0.2 + (2.8 * i) / (points - 1));
    theta.push(t);
    computed.push(quantumRate(gamma, Q0, hbar, t).rate);
    formula.push(escapeRateDimensionless({ gamma, Q0, hbar, theta: t }).rate);
  }
  const z = zeroTemperatureBounce(well, Q0, hbar);
  return {
    input,
    potential: { q: qs, V: Vs },
    levels,
    barrierHeight: barrierHeight(gamma),
    theta0,
    curve: { theta, computed, formula, computedEscape: computed.map(esc), formulaEscape: formula.map(esc) },
    plateau: esc(z.rate),
  };
}

function rightTurningPoint(V: (q: number) => number, E: number, qb: number): number {
  let a = 0;
  let b = qb;
  for (let i = 0; i < 100; i++) {
    const m = 0.5 * (a + b);
    if (V(m) < E) a = m;
    else b = m;
  }
  return a;
}

/** Where φ_min sits, for axis labels in φ rather than q. */
export function phiOffset(gamma: number): number {
  return wellMinimum(gamma);
}

export interface SwitchingWidthData {
  rampRate: number;
  /** θ₀ at the T → 0 mean switching bias: the temperature scale of the σ(T) plot. */
  theta0: number;
  meanGammaAtLowT: number;
  theta: number[];
  /** σ of the Fulton–Dunkleberger distribution from the computed Γ(γ) (quantum-escape/switching.ts). */
  computed: number[];
  /** σ from the formula patchwork of escape.ts (null where it fails). */
  formula: (number | null)[];
}

/** σ(T) from the computed rates beside the formulas', over 0.1–4 θ₀ (log-spaced), for ramp dγ/dτ. */
export function computeSwitchingWidths(input: QuantumInput, rampRate: number, points = 12, onPoint?: (done: number, total: number) => void): SwitchingWidthData {
  const { Q0, hbar } = input;
  // The temperature scale: θ₀ at the bias where a cold junction switches.
  const cold = quantumSwitching({ Q0, hbar, theta: 0.05 * crossoverTheta({ gamma: input.gamma, Q0, hbar }), rampRate });
  const theta0 = crossoverTheta({ gamma: cold.distribution.mean, Q0, hbar });
  const theta: number[] = [];
  const computed: number[] = [];
  const formula: (number | null)[] = [];
  for (let i = 0; i < points; i++) {
    const t = theta0 * 0.1 * Math.pow(40, i / (points - 1));
    theta.push(t);
    computed.push(quantumSwitching({ Q0, hbar, theta: t, rampRate }).distribution.width);
    try {
      formula.push(switchingDistribution({ rate: (gamma) => escapeRateDimensionless({ gamma, Q0, hbar, theta: t }).rate, rampRate, from: 0.3, to: 1 - 1e-9 }).width);
    } catch {
      formula.push(null);
    }
    onPoint?.(i + 1, points);
  }
  return { rampRate, theta0, meanGammaAtLowT: cold.distribution.mean, theta, computed, formula };
}
