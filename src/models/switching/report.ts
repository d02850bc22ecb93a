/**
 * The analysis of a simulated switching run, with no host: the predicted Γ(γ) of each theory, their
 * switching distributions over the whole bias range, and the histogram analysis of the run (exact
 * moments from the GPU's power sums, γ_c = 1). `washboard switching` and the web page both use it.
 */
import { escapeRateDimensionless } from '../../physics/escape.js';
import { ParameterError } from '../../physics/parameters.js';
import { melnikovMeshkovRate } from '../../physics/rates.js';
import { analyzeSwitching, dimensionlessScales, momentsFromPowerSums, type SwitchingAnalysis } from '../../physics/switching-analysis.js';
import { switchingDistribution } from '../../physics/switching.js';
import { rampAdiabaticity, type RampAdiabaticity } from '../../physics/quasi-stationary.js';
import type { SwitchingConfig } from './config.js';
import type { SwitchingStatistics } from './statistics.js';

/** Predicted Γ(γ)/ω_p0: Mel'nikov–Meshkov (classical), and with f_q and MQT when ħ > 0 (escapeRateDimensionless). */
export function switchingPredictions(config: Pick<SwitchingConfig, 'Q0' | 'theta'>, hbar: number): Record<string, (gamma: number) => number> {
  const { Q0, theta } = config;
  const out: Record<string, (gamma: number) => number> = { classical: (gamma) => melnikovMeshkovRate({ gamma, Q0, theta }) };
  if (hbar > 0) out.quantum = (gamma) => escapeRateDimensionless({ gamma, Q0, theta, hbar }).rate;
  return out;
}

/**
 * The predicted switching distribution of each theory over the whole bias range [0, 1) (not just the
 * simulated window: with MQT the switching can move far below it), as mean, σ and skewness.
 */
export function theoryMoments(config: Pick<SwitchingConfig, 'Q0' | 'theta' | 'rampRate'>, hbar: number): Record<string, { mean: number; sd: number; skewness: number }> {
  const out: Record<string, { mean: number; sd: number; skewness: number }> = {};
  for (const [name, rate] of Object.entries(switchingPredictions(config, hbar))) {
    try {
      const d = switchingDistribution({ rate, rampRate: config.rampRate, from: 0, to: 1 - 1e-9 });
      out[name] = { mean: d.mean, sd: d.width, skewness: d.skewness };
    } catch (err) {
      // No switching below the critical bias on this ramp: the theory has no distribution to give.
      if (!(err instanceof ParameterError)) throw err;
    }
  }
  return out;
}

/** The analysis of a simulated run: histogram and exact moments in γ, γ_c = 1 fixed. */
export function analyzeSimulation(config: SwitchingConfig, statistics: SwitchingStatistics, hbar: number): SwitchingAnalysis | null {
  if (statistics.switched < 2) return null;
  const binWidth = config.stepsPerBin * config.rampPerStep;
  return analyzeSwitching({
    histogram: { start: config.gammaStart, binWidth, counts: statistics.counts },
    moments: momentsFromPowerSums(statistics.switched, statistics.powerSums, config.gammaStart, config.rampPerStep),
    rampRate: config.rampRate,
    scales: dimensionlessScales,
    criticalBias: 1,
    predictions: () => switchingPredictions(config, hbar),
  });
}

/**
 * Whether the ramp was slow enough for quasi-stationary escape (physics/quasi-stationary.ts), judged
 * with the Mel'nikov–Meshkov rate (the simulation is classical) at the mean switching bias that the
 * quasi-stationary theory predicts: the check asks whether the theory's own assumption holds where
 * it says switching happens. Not at the histogram's mean: a ramp that is too fast pushes switching
 * towards γ = 1, where the barrier is below k_BT and Γ_MM flattens (at γ̇ = 1e-3, Q₀ = 10, θ = 0.01,
 * d ln Γ/dγ is 31 at the predicted mean 0.963 but 3 at the simulated 0.976), which would pass the
 * very ramp that broke the histogram. The histogram's mean is used only when the theory has no
 * distribution on this ramp; null when neither lies in (0, 1).
 */
export function quasiStationarity(
  config: Pick<SwitchingConfig, 'Q0' | 'theta' | 'rampRate'>,
  analysis: SwitchingAnalysis | null,
  theory: Record<string, { mean: number }>,
): (RampAdiabaticity & { at: 'predicted mean' | 'histogram mean' }) | null {
  const predicted = theory.classical?.mean;
  const gamma = predicted ?? analysis?.moments.mean;
  if (gamma === undefined || !(gamma > 0 && gamma < 1)) return null;
  const { Q0, theta, rampRate } = config;
  const at = predicted !== undefined ? 'predicted mean' : 'histogram mean';
  return { ...rampAdiabaticity({ rate: (g) => melnikovMeshkovRate({ gamma: g, Q0, theta }), gamma, rampRate, Q0 }), at };
}
