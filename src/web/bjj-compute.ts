/**
 * The bosonic-junction view's CPU work: exact spectrum and dynamics, mean-field and truncated-Wigner
 * orbits, the breakdown scan. Everything returned is plain data (structured-clone friendly). The
 * worker (workers/bjj.worker.ts) only exposes this object, so node tests can call it directly.
 */
import { breakdownScan, fitExponentialGrowth, semiclassicalDoublet, semiclassicalGrowthRate, type BreakdownPoint, type ExponentialFit } from '../physics/bjj/breakdown.js';
import { checkTimeGrid, imbalanceCurves, logTimes, type StateKind } from '../physics/bjj/compare.js';
import { criticalLambda, meanFieldRegime, meanFieldTrajectory, separatrix } from '../physics/bjj/mean-field.js';
import { validateJunction } from '../physics/bjj/model.js';
import { orbitPeriod } from '../physics/bjj/orbit.js';
import { ParameterError, requireInRange } from '../physics/parameters.js';

export interface BjjRequest {
  N: number;
  J: number;
  lambda: number;
  kind: StateKind;
  z0: number;
  phi0: number;
  tMin: number;
  tMax: number;
  points: number;
  smoothing: number;
  trajectories: number;
  seed: number;
}

export interface DynamicsResult {
  times: number[];
  exact: (number | null)[];
  exactAveraged: number[];
  meanFieldAveraged: number[];
  wignerAveraged: number[];
  levels: { energy: number; parity: 'even' | 'odd'; doublet: number }[];
  /** Window-averaged P(z, t): z values and one row per time (null for the two-mode coherent state). */
  distribution: { z: number[]; P: number[][] } | null;
  doublets: { rank: number; center: number; log10Splitting: number; log10Wkb: number | null }[];
  summary: { plateau: number; trappedWeight: number; regime: string; criticalLambda: number; z0: number };
}

export interface PortraitResult {
  lambda: number;
  phis: number[];
  separatrix: (number | null)[];
  orbits: { phi: number[]; z: number[]; initial: boolean }[];
}

export interface BreakdownResult {
  points: BreakdownPoint[];
  fits: Record<'tunnelling' | 'mean' | 'half' | 'zero', ExponentialFit>;
  growthRate: number;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

function guard<T>(f: () => T): Outcome<T> {
  try {
    return { ok: true, value: f() };
  } catch (err) {
    if (err instanceof ParameterError) return { ok: false, error: err.message };
    throw err;
  }
}

export const bjjApi = {
  dynamics(r: BjjRequest): Outcome<DynamicsResult> {
    return guard(() => {
      if (!(r.J > 0)) throw new ParameterError('J', r.J, 'J > 0', 'the tunnelling amplitude must be positive');
      if (!(r.lambda > 0)) throw new ParameterError('Λ', r.lambda, 'Λ > 0', 'Λ = UN/2J with U, J > 0');
      requireInRange('z0', r.z0, { min: -1, max: 1, minInclusive: true, maxInclusive: true });
      const U = (2 * r.J * r.lambda) / r.N;
      const params = { N: r.N, J: r.J, U };
      validateJunction(params);
      if (r.N > 400) throw new ParameterError('N', r.N, 'N ≤ 400 in the page', 'use the CLI for larger N');
      checkTimeGrid(params, r.tMin, r.tMax, r.points, r.smoothing);
      const c = imbalanceCurves({ params, kind: r.kind, z0: r.z0, phi0: r.phi0, smoothing: r.smoothing, trajectories: r.trajectories, seed: r.seed }, logTimes(r.tMin, r.tMax, r.points));
      return {
        times: c.times,
        exact: c.exact,
        exactAveraged: c.exactSmoothed,
        meanFieldAveraged: c.meanFieldSmoothed,
        wignerAveraged: c.wignerSmoothed,
        levels: c.spectrum.levels.map((l) => ({ energy: l.energy, parity: l.parity, doublet: l.doublet })),
        distribution:
          r.kind === 'coherent'
            ? null
            : {
                z: Array.from({ length: r.N + 1 }, (_, n) => (2 * n - r.N) / r.N),
                P: c.times.map((t) => Array.from(c.evolution.distribution(t, r.smoothing))),
              },
        doublets: c.spectrum.doublets.map((d) => {
          const w = semiclassicalDoublet(params, d.center);
          return { rank: d.rank, center: d.center, log10Splitting: d.log10Splitting, log10Wkb: w ? w.log10Splitting : null };
        }),
        summary: {
          plateau: c.evolution.plateau,
          trappedWeight: c.evolution.trappedWeight,
          regime: meanFieldRegime(r.lambda, { z: c.z0, phi: r.phi0 }),
          criticalLambda: criticalLambda(c.z0, r.phi0),
          z0: c.z0,
        },
      };
    });
  },

  portrait(lambda: number, z0: number, phi0: number): PortraitResult {
    const phis = Array.from({ length: 241 }, (_, i) => -Math.PI + (2 * Math.PI * i) / 240);
    const upper = Array.from(separatrix(lambda, phis), (v) => (Number.isFinite(v) ? v : null));
    const starts: { z: number; phi: number; initial: boolean }[] = [];
    for (const z of [-0.9, -0.7, -0.5, -0.3, -0.1, 0.1, 0.3, 0.5, 0.7, 0.9]) starts.push({ z, phi: 0, initial: false });
    for (const z of [0.2, 0.6, 0.95, -0.2, -0.6, -0.95]) starts.push({ z, phi: Math.PI, initial: false });
    starts.push({ z: z0, phi: phi0, initial: true });
    const orbits = starts.map((s) => {
      const period = orbitPeriod(lambda, s);
      const taus = Array.from({ length: 301 }, (_, i) => (i * (Number.isFinite(period) ? period : 20)) / 300);
      const t = meanFieldTrajectory(lambda, s, taus);
      return { phi: Array.from(t.phi), z: Array.from(t.z), initial: s.initial };
    });
    return { lambda, phis, separatrix: upper, orbits };
  },

  breakdown(from: number, to: number, step: number, lambda: number, z0: number, phi0: number, kind: StateKind): Outcome<BreakdownResult> {
    return guard(() => {
      if (!(Number.isInteger(from) && from >= 1)) throw new ParameterError('N from', from, 'an integer ≥ 1');
      if (!(Number.isInteger(to) && to >= from && to <= 200)) throw new ParameterError('N to', to, `an integer in [${from}, 200]`);
      if (!(Number.isInteger(step) && step >= 1)) throw new ParameterError('N step', step, 'an integer ≥ 1');
      if (meanFieldRegime(lambda, { z: z0, phi: phi0 }) !== 'self-trapped') {
        throw new ParameterError('Λ', lambda, `Λ > Λ_c = ${criticalLambda(z0, phi0).toPrecision(4)}`, 'the mean-field state is not self-trapped');
      }
      const Ns: number[] = [];
      for (let N = from; N <= to; N += step) Ns.push(N);
      if (kind === 'coherent') throw new ParameterError('state', kind, 'spin-coherent or fock', 'the breakdown scan needs fixed-N states');
      const points = breakdownScan(Ns, lambda, z0, phi0, { initial: kind });
      const fit = (k: keyof BreakdownPoint) => fitExponentialGrowth(Ns, points.map((p) => p[k] as number | null));
      return {
        points,
        fits: { tunnelling: fit('log10TunnellingTime'), mean: fit('log10MeanTunnellingTime'), half: fit('log10HalfTime'), zero: fit('log10FirstZero') },
        growthRate: semiclassicalGrowthRate(lambda, z0, phi0),
      };
    });
  },
};

export type BjjWorkerApi = typeof bjjApi;
