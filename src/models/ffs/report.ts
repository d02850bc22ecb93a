/**
 * The rate report of a forward-flux run, in the shape of the direct method's (src/models/rate/report.ts):
 * the same `parameters`, `derived`, `measured`, `formulas` and `ratios`, with `method: 'splitting'`
 * and a `splitting` section (the flux and the per-interface table) instead of `survival`.
 */
import { FORMATS } from '../../io/formats.js';
import { barrierHeight, plasmaFrequency, qualityFactor, washboardPotential, wellMinimum } from '../../physics/potential.js';
import { kramersRate, melnikovMeshkovRate, tstRate } from '../../physics/rates.js';
import type { FfsConfig } from './config.js';
import type { FfsResult } from './driver.js';

/** z of a two-sided 95% normal interval. */
const Z95 = 1.959963984540054;

export function splittingRateReport(config: FfsConfig, result: FfsResult, run: { backend: string; device: string; wallSeconds: number }) {
  const e = result.relativeError;
  const ok = result.rate > 0 && Number.isFinite(e);
  const measured = {
    rate: result.rate,
    // A normal interval on ln k (the product of probabilities is closer to log-normal than normal).
    lower: ok ? result.rate * Math.exp(-Z95 * e) : 0,
    upper: ok ? result.rate * Math.exp(Z95 * e) : null,
    standardError: ok ? result.rate * e : null,
    relativeError: ok ? e : null,
    binomialRelativeError: Number.isFinite(result.binomialRelativeError) ? result.binomialRelativeError : null,
    confidence: 0.95,
  };
  const p = { gamma: config.gamma, Q0: config.Q0, theta: config.theta };
  const formulas = { tst: tstRate(p), kramers: kramersRate(p), melnikovMeshkov: melnikovMeshkovRate(p) };
  const u0 = washboardPotential(config.gamma, wellMinimum(config.gamma));
  return {
    ...FORMATS.rate,
    method: 'splitting' as const,
    parameters: {
      gamma: config.gamma, Q0: config.Q0, theta: config.theta, barrierOverKT: barrierHeight(config.gamma) / config.theta,
      dt: config.dt, seed: config.seed, escapeAt: config.escapeAt, rng: config.rng, integrator: 'GJF',
      trials: config.trials, walkers: config.walkers, replicas: config.replicas, fluxCrossings: config.fluxCrossings, basin: config.basin,
      maxTrialTime: config.maxTrialSteps * config.dt,
    },
    derived: { plasmaFrequency: plasmaFrequency(config.gamma), qualityFactor: qualityFactor(config.Q0, config.gamma), wellMinimum: wellMinimum(config.gamma) },
    measured,
    formulas,
    ratios: Object.fromEntries(Object.entries(formulas).map(([k, v]) => [k, result.rate / v])),
    splitting: {
      orderParameter: config.orderParameter,
      flux: { ...result.flux, interface: config.interfaces[0]! },
      basin: config.basin,
      interfaces: result.stages.map((s, i) => ({
        index: i + 1, lambda: s.interface,
        // U(λ_i) − U(φ_min) for a phase interface, λ_i itself for an energy one; the last is B (a phase).
        energyOverKT: (config.orderParameter === 'energy' && i < config.interfaces.length - 2 ? s.interface : washboardPotential(config.gamma, s.interface) - u0) / config.theta,
        trials: s.trials, successes: s.successes, probability: s.probability, censored: s.censored, distinctStarts: s.distinctStarts, trajectorySteps: s.trajectorySteps,
      })),
      replicaRates: result.replicaRates,
    },
    run: { ...run, trajectorySteps: result.trajectorySteps, stepsPerSecond: result.trajectorySteps / run.wallSeconds },
  };
}

export type SplittingRateReport = ReturnType<typeof splittingRateReport>;
