/**
 * The rate report: one fixed-bias ensemble's measured rate, its interval and survival counts,
 * beside the analytic rates, in plain JSON-ready numbers. Every host builds it here, so the CLI's
 * `washboard rate --json` and the web page write and read the same object.
 */
import { barrierOverKT, type EscapeConfig } from './config.js';
import type { EscapeStatistics } from './statistics.js';
import { censoredRateEstimate, poissonRateUpperBound } from '../../physics/estimate.js';
import { plasmaFrequency, qualityFactor, wellMinimum } from '../../physics/potential.js';
import { kramersRate, melnikovMeshkovRate, tstRate } from '../../physics/rates.js';
import { FORMATS } from '../../io/formats.js';

/** The operating point a host uses when none is given (the CLI's and the page's defaults). */
export const RATE_DEFAULTS = { gamma: 0.9, Q0: 10, barrierOverKT: 6, trajectories: 4096 };

/** Everything a report needs, in plain numbers: the JSON output is exactly this object. */
export function rateReport(config: EscapeConfig, statistics: EscapeStatistics, run: { backend: string; device: string; wallSeconds: number }) {
  const exposure = Number(statistics.exposureSteps) * config.dt;
  const estimate = censoredRateEstimate({ escaped: statistics.escaped, exposure, confidence: 0.95 });
  // With no escape the rate is only bounded above: the relative error is undefined (null, never
  // Infinity, which JSON cannot hold) and the one-sided 95% Poisson bound is the result to quote.
  const measured = {
    ...estimate,
    relativeError: statistics.escaped === 0 ? null : estimate.relativeError,
    rateUpperBound95: statistics.escaped === 0 ? poissonRateUpperBound({ exposure, confidence: 0.95 }) : null,
  };
  const p = { gamma: config.gamma, Q0: config.Q0, theta: config.theta };
  const formulas = { tst: tstRate(p), kramers: kramersRate(p), melnikovMeshkov: melnikovMeshkovRate(p) };
  const { escapeSteps: _omit, ...counts } = statistics;
  return {
    ...FORMATS.rate,
    parameters: {
      gamma: config.gamma, Q0: config.Q0, theta: config.theta, barrierOverKT: barrierOverKT(config),
      dt: config.dt, trajectories: config.trajectories, maxTime: config.maxSteps * config.dt, maxSteps: config.maxSteps,
      seed: config.seed, escapeAt: config.escapeAt, init: config.init, rng: config.rng, integrator: 'GJF',
    },
    derived: { plasmaFrequency: plasmaFrequency(config.gamma), qualityFactor: qualityFactor(config.Q0, config.gamma), wellMinimum: wellMinimum(config.gamma) },
    measured: { ...measured, confidence: 0.95, escaped: statistics.escaped, trajectories: statistics.trajectories, exposure },
    formulas,
    ratios: Object.fromEntries(Object.entries(formulas).map(([k, v]) => [k, measured.rate / v])),
    survival: { stepsPerBin: counts.stepsPerBin, timePerBin: counts.stepsPerBin * config.dt, escapesPerBin: counts.survivalCounts },
    run: { ...run, trajectorySteps: Number(statistics.exposureSteps), stepsPerSecond: Number(statistics.exposureSteps) / run.wallSeconds },
  };
}

export type RateReport = ReturnType<typeof rateReport>;
