/**
 * The double well's results as plain data, shared by the CLI verb and the page's worker: the
 * spectrum, the exact ÷ instanton table, P_L(t) coherent and decohering, spin-boson P(t) by NIBA
 * (and the hierarchy), and the coherent–incoherent diagram.
 */
import { ParameterError, requireInRange, requireInteger } from '../parameters.js';
import {
  coherentLeftProbability,
  doubleWellBasis,
  evolveMasterEquation,
  expand,
  expectation,
  twoLevelLeftProbability,
} from './dynamics.js';
import { heomDynamics, heomMaxStep } from './heom.js';
import { barrierOfQuartic, instantonSplitting, quarticWellOfAction, squareDoubleWell } from './potential.js';
import {
  blochRedfield,
  coherenceTemperature,
  effectiveSplitting,
  nibaDynamics,
  ohmicAlpha,
  scalingNibaP,
  type Bath,
  type SpinBoson,
} from './spin-boson.js';
import { fullLine, groundDoublet, sectorState } from './splitting.js';

export interface SpectrumReport {
  s0: number;
  a: number;
  barrier: number;
  evenEnergy: number;
  oddEnergy: number;
  splitting: number;
  directSplitting: number;
  instanton: number;
  instantonLeading: number;
  exactOverInstanton: number;
  levels: { parity: 'even' | 'odd'; index: number; energy: number }[];
}

export interface SquareSpectrumReport {
  V0: number;
  b: number;
  L: number;
  points: number;
  evenEnergy: number;
  oddEnergy: number;
  splitting: number;
  directSplitting: number;
}

/** The square double well in a box (ħ = m = 1), on n intervals of [0, L] (h ≤ 0.002 by default). */
export function squareSpectrumReport(V0: number, b: number, L: number, n = 2 * Math.ceil(L / 0.004)): SquareSpectrumReport {
  const d = groundDoublet(squareDoubleWell(V0, b, L), n);
  return { V0, b, L, points: d.points, evenEnergy: d.even.energy, oddEnergy: d.odd.energy, splitting: d.splitting, directSplitting: d.directSplitting };
}

/** Units ħ = m = ω = 1 (energies in ħω, lengths in ℓ). */
export function spectrumReport(s0: number, levelsPerSector = 3): SpectrumReport {
  const well = quarticWellOfAction(s0);
  const d = groundDoublet(well);
  const levels: SpectrumReport['levels'] = [];
  for (let k = 0; k < levelsPerSector; k++) {
    for (const parity of ['even', 'odd'] as const) {
      const e = k === 0 ? (parity === 'even' ? d.even.energy : d.odd.energy) : sectorState(well, parity, k, d.points - 1).energy;
      levels.push({ parity, index: k, energy: e });
    }
  }
  levels.sort((x, y) => x.energy - y.energy);
  const inst = instantonSplitting(s0, true);
  return {
    s0,
    a: well.xWell,
    barrier: barrierOfQuartic(well.xWell),
    evenEnergy: d.even.energy,
    oddEnergy: d.odd.energy,
    splitting: d.splitting,
    directSplitting: d.directSplitting,
    instanton: inst,
    instantonLeading: instantonSplitting(s0, false),
    exactOverInstanton: d.splitting / inst,
    levels,
  };
}

export interface InstantonRow {
  s0: number;
  exact: number;
  instantonLeading: number;
  instanton: number;
  ratioLeading: number;
  ratio: number;
}

export function instantonTable(actions: readonly number[]): InstantonRow[] {
  return actions.map((s0) => {
    const well = quarticWellOfAction(s0);
    // 40 points per ℓ (h = 0.025ℓ): Numerov error < 1e-7 relative up to S₀/ħ ~ 100.
    const n = 2 * Math.ceil(40 * well.xMax);
    const exact = groundDoublet(well, n).splitting;
    const lead = instantonSplitting(s0, false);
    const inst = instantonSplitting(s0, true);
    return { s0, exact, instantonLeading: lead, instanton: inst, ratioLeading: exact / lead, ratio: exact / inst };
  });
}

export interface WaveFunctions {
  x: number[];
  potential: number[];
  even: number[];
  odd: number[];
  evenEnergy: number;
  oddEnergy: number;
}

/** The doublet's wave functions on the whole line, thinned to about `samples` points. */
export function doubletWaveFunctions(s0: number, samples = 400): WaveFunctions {
  const well = quarticWellOfAction(s0);
  const d = groundDoublet(well);
  const e = fullLine(d.even);
  const o = fullLine(d.odd);
  const stride = Math.max(1, Math.floor(e.x.length / samples));
  const x: number[] = [];
  const potential: number[] = [];
  const even: number[] = [];
  const odd: number[] = [];
  // Sample symmetrically about the origin, so x = 0 (the barrier top) is one of the points.
  const centre = (e.x.length - 1) / 2;
  for (let i = centre % stride; i < e.x.length; i += stride) {
    const xi = e.x[i]!;
    if (Math.abs(xi) > well.xWell + 4) continue;
    x.push(xi);
    potential.push(well.V(Math.abs(xi)));
    even.push(e.psi[i]!);
    odd.push(o.psi[i]!);
  }
  return { x, potential, even, odd, evenEnergy: d.even.energy, oddEnergy: d.odd.energy };
}

export interface CoherentTrace {
  s0: number;
  splitting: number;
  /** t in units of ħ/ħω; tΔ₀ alongside. */
  t: number[];
  twoLevel: number[];
  packet: number[];
  /** P_L(t) under the Lindblad-form Caldeira–Leggett equation, one series per Γ_φ/Δ₀. */
  decohering: { dephasingOverSplitting: number; gamma: number; temperature: number; PL: number[] }[];
}

/**
 * P_L(t) of the quartic well: the two-level state, a Gaussian packet (the left well's harmonic
 * ground state), and the two-level state under decoherence at rates Γ_φ = r·Δ₀ (T = ħω/4, see
 * dynamics.test.ts for why). `periods` is t_max in units of 2π/Δ₀.
 */
export function coherentTrace(s0: number, periods: number, steps: number, dephasing: readonly number[]): CoherentTrace {
  requireInRange('periods', periods, { min: 0, minInclusive: false, max: 1000, maxInclusive: true });
  requireInteger('steps', steps, { min: 2, max: 20000, minInclusive: true, maxInclusive: true });
  // Eight samples per tunnelling period is the least that shows the oscillation at all.
  if (steps < 8 * periods) {
    throw new ParameterError('steps', steps, `[${Math.ceil(8 * periods)}, 20000]`, 'time grid cannot resolve Δ₀ (need ≥ 8 points per period 2π/Δ₀)');
  }
  for (const r of dephasing) requireInRange('dephasing Γ_φ/Δ₀', r, { min: 0, minInclusive: true, max: 1000, maxInclusive: true });
  const well = quarticWellOfAction(s0);
  const d = groundDoublet(well);
  const basis = doubleWellBasis(well, 4);
  const tMax = (periods * 2 * Math.PI) / d.splitting;
  const dt = tMax / steps;
  const t = Array.from({ length: steps + 1 }, (_, k) => k * dt);
  const a = well.xWell;
  const packetC = expand(basis, (x) => Math.pow(Math.PI, -0.25) * Math.exp(-((x + a) ** 2) / 2));
  const c = new Float64Array(basis.size);
  c[0] = Math.SQRT1_2;
  c[1] = -Math.SQRT1_2;
  const small = doubleWellBasis(well, 3);
  const cs = new Float64Array(small.size);
  cs[0] = Math.SQRT1_2;
  cs[1] = -Math.SQRT1_2;
  const temperature = 0.25;
  const x01 = small.x[1]!;
  const decohering = dephasing.map((r) => {
    const gamma = (r * d.splitting) / (8 * temperature * x01 * x01);
    const h = evolveMasterEquation(small, { gamma, temperature, lindblad: true }, cs, dt, steps);
    return { dephasingOverSplitting: r, gamma, temperature, PL: h.re.map((rho) => expectation(small, rho, small.left)) };
  });
  return {
    s0,
    splitting: d.splitting,
    t,
    twoLevel: t.map((tt) => twoLevelLeftProbability(d.splitting, tt)),
    packet: t.map((tt) => coherentLeftProbability(basis, packetC, tt)),
    decohering,
  };
}

export interface SpinBosonTrace {
  alpha: number;
  effectiveSplitting: number | null;
  blochRedfield: ReturnType<typeof blochRedfield>;
  t: number[];
  niba: number[];
  /** Scaling-limit closed form (T = 0, ε = 0, Ohmic, α < 1) where it applies. */
  scaling: number[] | null;
  heom: number[] | null;
  heomAdos: number | null;
}

export function spinBosonTrace(sb: SpinBoson, tMax: number, dt: number, heom?: { depth: number; matsubara: number }): SpinBosonTrace {
  const niba = nibaDynamics(sb, { tMax, dt });
  const alpha = ohmicAlpha(sb.bath);
  const ohmic = sb.bath.kind === 'ohmic' ? sb.bath : null;
  let de: number | null = null;
  if (ohmic && alpha < 1) {
    try {
      de = effectiveSplitting(sb.delta, alpha, ohmic.omegaC);
    } catch {
      de = null;
    }
  }
  const t = Array.from(niba.t);
  const scaling = ohmic && ohmic.temperature === 0 && sb.bias === 0 && alpha < 1 && de !== null
    ? t.map((tt) => scalingNibaP(sb.delta, alpha, ohmic.omegaC, tt))
    : null;
  let h: number[] | null = null;
  let ados: number | null = null;
  if (heom) {
    if (sb.bath.kind !== 'drude') throw new ParameterError('--heom', 'ohmic', '--bath drude', 'the hierarchy needs the Drude–Lorentz bath');
    // The hierarchy may need a finer step than NIBA: an integer subdivision, sampled back.
    const sub = Math.ceil(dt / heomMaxStep(sb, heom.depth, heom.matsubara));
    const r = heomDynamics(sb, { depth: heom.depth, matsubara: heom.matsubara, tMax: (t.length - 1) * dt, dt: dt / sub });
    h = t.map((_, k) => r.P[Math.min(r.P.length - 1, k * sub)]!);
    ados = r.ados;
  }
  return { alpha, effectiveSplitting: de, blochRedfield: blochRedfield(sb), t, niba: Array.from(niba.P), scaling, heom: h, heomAdos: ados };
}

export interface DiagramRow {
  alpha: number;
  /** Δ_eff/Δ₀ at T = 0 (null outside the formula's scaling regime). */
  effectiveRatio: number | null;
  /** NIBA coherence temperature T* in units of Δ₀ (0: incoherent already at T = 0). */
  coherenceTemperature: number;
}

/** The (α, T) diagram of the unbiased Ohmic NIBA: T*(α) below which P(t) still oscillates. */
export function coherenceDiagram(alphas: readonly number[], omegaC: number, tHigh: number): DiagramRow[] {
  requireInRange('omega_c', omegaC, { min: 1, minInclusive: false, max: 1000, maxInclusive: true });
  requireInRange('T_high', tHigh, { min: 0, minInclusive: false, max: 1000, maxInclusive: true });
  return alphas.map((alpha) => {
    requireInRange('alpha', alpha, { min: 0, minInclusive: false, max: 2, maxInclusive: true });
    let ratio: number | null = null;
    try {
      ratio = effectiveSplitting(1, alpha, omegaC);
    } catch {
      ratio = null;
    }
    const dt = 0.2 / Math.max(omegaC, tHigh);
    return { alpha, effectiveRatio: ratio, coherenceTemperature: coherenceTemperature(1, alpha, omegaC, tHigh, 20, dt) };
  });
}

export function describeBath(bath: Bath): string {
  return bath.kind === 'ohmic'
    ? `Ohmic α = ${bath.alpha}, ω_c = ${bath.omegaC}, T = ${bath.temperature}`
    : `Drude–Lorentz λ = ${bath.lambda}, γ = ${bath.gamma}, T = ${bath.temperature} (α = λ/πγ = ${(bath.lambda / (Math.PI * bath.gamma)).toPrecision(4)})`;
}

