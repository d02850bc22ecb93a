/**
 * `washboard selftest` (issue 11 §7): validates the physics on whatever adapter is present, each
 * check against something the engine did not produce, with its tolerance argued from first
 * principles (docs/selftest.md). The same measurement functions back the engine tests
 * (test/engine/cpu-reference.test.ts, equilibrium.test.ts, mfpt.test.ts, rates.test.ts), so a
 * check here and its test cannot drift apart. The CLI (src/cli/selftest.ts) only prints.
 */
import {
  generatorMismatches, knownAnswerMismatches, normalsAgainstCpu, philoxKnownAnswersOnDevice, PHILOX_KAT,
  threefryKnownAnswersOnDevice, THREEFRY_KAT,
} from '../engine/rng-checks.js';
import type { RngName } from '../engine/philox.js';
import { censoredRateEstimate } from '../physics/estimate.js';
import { overdampedMeanFirstPassageTime } from '../physics/mfpt.js';
import { integrate } from '../physics/quadrature.js';
import { melnikovMeshkovRate } from '../physics/rates.js';
import { barrierTop, plasmaFrequency, thetaFromBarrier, wellMinimum } from '../physics/potential.js';
import { validateEscapeParameters, type InitialState } from './rate/config.js';
import { runEscapeEnsemble } from './rate/model.js';
import { NOT_ESCAPED } from './rate/statistics.js';
import { advanceTrajectory, initialState } from './washboard/cpu-reference.js';
import { gjfCoefficients } from '../engine/gjf.js';
import { validateHarmonicParameters } from './harmonic/config.js';
import { runHarmonicEnsemble } from './harmonic/model.js';
import { gjfMoments } from './harmonic/moments.js';

// ---------------------------------------------------------------------------------------------
// Measurements (shared with the tests)
// ---------------------------------------------------------------------------------------------

export interface CpuReferenceComparison {
  trajectories: number;
  steps: number;
  /** Trajectories that never came within 0.3 of φ_max: compared state by state. */
  inWell: number;
  escapedCpu: number;
  escapedBoth: number;
  sameEscapeStep: number;
  /** Trajectories escaped on one side and not the other. */
  statusMismatch: number;
  worstPhase: number;
  worstVelocity: number;
}

/**
 * GPU trajectories (f32) against the f64 CPU reference on the same random stream, one by one
 * (γ = 0.9, Q₀ = 10, ΔU/k_BT = 3, Δτ = 0.05: a low barrier, so that many reach it in the horizon).
 */
export async function compareWithCpuReference(
  device: GPUDevice, options: { trajectories: number; steps: number; init: InitialState; rng: RngName; seed?: number },
): Promise<CpuReferenceComparison> {
  const { trajectories, steps } = options;
  const config = validateEscapeParameters({
    gamma: 0.9, Q0: 10, barrierOverKT: 3, dt: 0.05, trajectories, maxTime: steps * 0.05, seed: options.seed ?? 20261121,
    init: options.init, rng: options.rng, keepEscapeSteps: true, keepFinalStates: true, stepsPerDispatch: 500,
  });
  const { statistics } = await runEscapeEnsemble(device, config);
  const final = statistics.finalStates!;
  const approach = barrierTop(config.gamma) - 0.3;
  const r: CpuReferenceComparison = { trajectories, steps, inWell: 0, escapedCpu: 0, escapedBoth: 0, sameEscapeStep: 0, statusMismatch: 0, worstPhase: 0, worstVelocity: 0 };
  for (let i = 0; i < trajectories; i++) {
    let highest = -Infinity;
    const s = advanceTrajectory(config, i, initialState(config, i), 0, config.maxSteps, (_, st) => {
      highest = Math.max(highest, st.phase + 2 * Math.PI * st.winding);
    });
    const gpuStep = statistics.escapeSteps![i]!;
    if (s.escapeStep !== NOT_ESCAPED) r.escapedCpu++;
    if ((s.escapeStep === NOT_ESCAPED) !== (gpuStep === NOT_ESCAPED)) r.statusMismatch++;
    if (s.escapeStep !== NOT_ESCAPED && gpuStep !== NOT_ESCAPED) {
      r.escapedBoth++;
      if (s.escapeStep === gpuStep) r.sameEscapeStep++;
    }
    if (highest < approach) {
      r.inWell++;
      const gpuPhase = final.phase[i]! + 2 * Math.PI * final.winding[i]!;
      r.worstPhase = Math.max(r.worstPhase, Math.abs(gpuPhase - (s.phase + 2 * Math.PI * s.winding)));
      r.worstVelocity = Math.max(r.worstVelocity, Math.abs(final.velocity[i]! - s.velocity));
    }
  }
  return r;
}

/**
 * The tolerances of compareWithCpuReference: inside the well the damped motion is contracting, so
 * the f32−f64 difference stays at accumulated roundings of φ (ulp ≈ 2.4·10⁻⁷ at φ ≈ 1–2, a random
 * walk of 2000 of them ≈ 10⁻⁵); near φ_max it grows as e^{ω_b t}, so a few trajectories may cross a
 * step earlier or later, or not at all in the horizon.
 */
export function cpuReferenceAgrees(r: CpuReferenceComparison): { pass: boolean; failures: string[] } {
  const failures: string[] = [];
  if (!(r.inWell > r.trajectories / 10)) failures.push(`only ${r.inWell} trajectories stayed in the well`);
  if (!(r.escapedCpu > r.trajectories / 10)) failures.push(`only ${r.escapedCpu} escaped`);
  if (!(r.worstPhase < 2e-5)) failures.push(`|Δφ| = ${r.worstPhase.toExponential(2)} ≥ 2e-5`);
  if (!(r.worstVelocity < 2e-5)) failures.push(`|Δv| = ${r.worstVelocity.toExponential(2)} ≥ 2e-5`);
  if (!(r.sameEscapeStep >= 0.95 * r.escapedBoth)) failures.push(`same escape step for ${r.sameEscapeStep}/${r.escapedBoth} < 95%`);
  if (!(r.statusMismatch <= 0.01 * r.trajectories)) failures.push(`${r.statusMismatch} verdicts differ > 1%`);
  return { pass: failures.length === 0, failures };
}

export interface EquilibriumMeasurement {
  dt: number;
  trajectories: number;
  escaped: number;
  /** ⟨δφ²⟩ over the Boltzmann average of the true well (quadrature), and ⟨v²⟩ over θ(1 − ω²Δτ²/4). */
  phaseRatio: number;
  velocityRatio: number;
  /** ⟨v²⟩/θ, which the on-site correction moves away from 1 at large Δτ. */
  velocityOverTheta: number;
  /** Relative standard error of a sample variance from independent samples, √(2/N). */
  relativeStandardError: number;
}

/**
 * Equilibrium in a deep well (γ = 0.1, θ = 0.01: ΔU/θ ≈ 170, nothing escapes), started at rest at
 * φ_min and run for 100 (50 velocity relaxation times at Q₀ = 1). GJF samples the configurational
 * Boltzmann density of a harmonic well exactly at any stable Δτ, so ⟨(φ − φ_min)²⟩ must equal the
 * Boltzmann average over the true (anharmonic) well; its on-site velocity has variance
 * θ(1 − ω²Δτ²/4), ω = ω_p(γ).
 */
export async function deepWellEquilibrium(device: GPUDevice, options: { dt: number; trajectories: number; seed?: number }): Promise<EquilibriumMeasurement> {
  const gamma = 0.1, theta = 0.01, Q0 = 1;
  const { dt, trajectories } = options;
  const config = validateEscapeParameters({ gamma, Q0, theta, dt, trajectories, maxTime: 100, seed: options.seed ?? 7, init: 'rest', keepFinalStates: true });
  const { statistics } = await runEscapeEnsemble(device, config);
  const { phase, velocity, winding } = statistics.finalStates!;
  const phiMin = wellMinimum(gamma);
  let phase2 = 0, velocity2 = 0;
  for (let i = 0; i < trajectories; i++) {
    phase2 += (phase[i]! + 2 * Math.PI * winding[i]! - phiMin) ** 2;
    velocity2 += velocity[i]! ** 2;
  }
  phase2 /= trajectories;
  velocity2 /= trajectories;
  // Weights relative to the minimum; the well is sampled far into its tails (±1.5 rad ≈ 12σ).
  const u = (x: number) => -Math.cos(x) - gamma * x;
  const w = (x: number) => Math.exp(-(u(x) - u(phiMin)) / theta);
  const z = integrate(w, phiMin - 1.5, phiMin + 1.5);
  const boltzmann = integrate((x) => (x - phiMin) ** 2 * w(x), phiMin - 1.5, phiMin + 1.5) / z;
  const onSite = theta * (1 - (plasmaFrequency(gamma) ** 2 * dt * dt) / 4);
  return {
    dt, trajectories, escaped: statistics.escaped, phaseRatio: phase2 / boltzmann, velocityRatio: velocity2 / onSite,
    velocityOverTheta: velocity2 / theta, relativeStandardError: Math.sqrt(2 / trajectories),
  };
}

export interface WeakDampingMeasurement {
  Q0: number;
  steps: number;
  trajectories: number;
  clamped: number;
  /** Sample variances of x and v against the GJF chain's exact stationary values, in standard errors. */
  zPosition: number;
  zVelocity: number;
  /** The mean's oscillation amplitude against the exact chain's (its decay is the friction), in standard errors. */
  zAmplitude: number;
  /** Where the kernel before issue 11 (a rounded to f32) would put the amplitude, in the same units. */
  zOldKernel: number;
  /** The relative bound on the kernel's friction per step, hence on T_kin/T − 1, that |z| < 4 gives. */
  frictionBound: number;
}

/**
 * Equilibrium at weak damping in f32 (issue 11 §1; the reasoning is in test/engine/weak-damping.test.ts):
 * the harmonic model (κ = 1, θ = 10⁻⁴, Δτ = 0.05) started in the GJF chain's stationary state displaced
 * by 500√θ. The sample variances must stay at the chain's exact values, and the mean's amplitude must
 * decay at the exact friction 1 − a per step — which an f32 damping factor a gets wrong near a = 1.
 */
export async function weakDampingEquilibrium(device: GPUDevice, options: { Q0: number; steps: number; trajectories: number; seed: number }): Promise<WeakDampingMeasurement> {
  const kappa = 1, dt = 0.05, theta = 1e-4, X = 500;
  const { Q0, steps, trajectories: N, seed } = options;
  const positionVariance = theta / kappa;
  const velocityVariance = theta * (1 - (kappa * dt * dt) / 4);
  const amplitude = (m: { meanPosition: number; meanVelocity: number }) => Math.sqrt(kappa * m.meanPosition ** 2 + m.meanVelocity ** 2 / (1 - (kappa * dt * dt) / 4));
  const config = validateHarmonicParameters({
    kappa, Q0, theta, dt, time: steps * dt, trajectories: N, seed,
    initialPosition: X * Math.sqrt(theta), initialPositionSd: Math.sqrt(positionVariance), initialVelocitySd: Math.sqrt(velocityVariance),
    keepFinalStates: true,
  });
  const exact = gjfMoments(config, config.maxSteps);
  const { statistics } = await runHarmonicEnsemble(device, config);
  const { position, velocity } = statistics.finalStates!;
  let mx = 0, mv = 0;
  for (let i = 0; i < N; i++) { mx += position[i]!; mv += velocity[i]!; }
  mx /= N;
  mv /= N;
  let vx = 0, vv = 0;
  for (let i = 0; i < N; i++) { vx += (position[i]! - mx) ** 2; vv += (velocity[i]! - mv) ** 2; }
  vx /= N - 1;
  vv /= N - 1;
  const varianceSe = Math.sqrt(2 / (N - 1));
  const amplitudeSe = Math.sqrt(theta / N);
  const c = gjfCoefficients(config);
  const a = (1 - dt / (2 * Q0)) / (1 + dt / (2 * Q0));
  const old = gjfMoments(config, config.maxSteps, { ...c, frictionLoss: 1 - Math.fround(a) });
  return {
    Q0, steps: config.maxSteps, trajectories: N, clamped: statistics.clamped,
    zPosition: (vx / exact.varPosition - 1) / varianceSe,
    zVelocity: (vv / exact.varVelocity - 1) / varianceSe,
    zAmplitude: (amplitude({ meanPosition: mx, meanVelocity: mv }) - amplitude(exact)) / amplitudeSe,
    zOldKernel: (amplitude(old) - amplitude(exact)) / amplitudeSe,
    frictionBound: (4 * amplitudeSe) / (amplitude(exact) * (config.maxSteps * c.frictionLoss) / 2),
  };
}

/**
 * The exact overdamped MFPT check (physics.md §6): γ = 0.5, ΔU/k_BT = 1, Q₀ = 0.1, Δτ = 0.02, from rest
 * at φ_min to φ_min + 2π. The engine integrates the full Langevin equation, the double integral is
 * its Q₀ → 0 limit; their ratio differs from 1 by the inertial correction (plus the Δτ error), which
 * bench/mfpt-inertia.mjs measured (bench/results/mfpt-inertia-lavapipe.json, 2¹⁸ trajectories per
 * point, Δτ = 0.2·Q₀):
 *   Q₀ = 0.05, 0.1, 0.2, 0.4: δ = +0.51, +1.24, +3.62, +10.78% (± 0.12%); Q₀ = 0.1 at Δτ = 0.01: +1.26%;
 *   δ = aQ₀ + bQ₀², a = 0.085 ± 0.009, b = 0.46 ± 0.03; a free constant term fits −0.12 ± 0.19%.
 * The check expects T_exact·(1 + δ(0.1)) with δ(0.1) = 1.243 ± 0.119% (the measured point, not the fit).
 * A low barrier keeps each trajectory short (T ≈ 250, 1.25·10⁴ steps) and its coefficient of
 * variation (0.86) small, so a 1% engine error is affordable to see.
 */
export const MFPT_CHECK = {
  gamma: 0.5, barrierOverKT: 1, Q0: 0.1, dt: 0.02,
  /** T_engine/T_exact − 1 at this Q₀ and Δτ, and its standard error (bench/mfpt-inertia.mjs). */
  inertialCorrection: 0.01243,
  inertialCorrectionSe: 0.00119,
} as const;

export interface MfptMeasurement {
  trajectories: number;
  escaped: number;
  exact: number;
  mean: number;
  /** Standard error of the mean, from the sample variance. */
  standardError: number;
  /** Σ escape steps from the GPU reduction × Δτ / N: the same mean, summed on the device. */
  reducedMean: number;
}

export async function overdampedMfpt(device: GPUDevice, options: { trajectories: number; seed?: number; Q0?: number; dt?: number; barrierOverKT?: number }): Promise<MfptMeasurement> {
  const { gamma } = MFPT_CHECK;
  const Q0 = options.Q0 ?? MFPT_CHECK.Q0, dt = options.dt ?? MFPT_CHECK.dt;
  const theta = thetaFromBarrier(gamma, options.barrierOverKT ?? MFPT_CHECK.barrierOverKT);
  const { trajectories } = options;
  const start = wellMinimum(gamma);
  const exact = overdampedMeanFirstPassageTime({ gamma, Q0, theta, start, absorbing: start + 2 * Math.PI });
  // The escape-time tail is exponential with mean ≈ exact; at 25 means nothing is left running.
  const config = validateEscapeParameters({ gamma, Q0, theta, dt, trajectories, maxTime: 25 * exact, init: 'rest', seed: options.seed ?? 31337, keepEscapeSteps: true });
  const { statistics } = await runEscapeEnsemble(device, config);
  let sum = 0;
  for (const s of statistics.escapeSteps!) sum += s * dt;
  const mean = sum / trajectories;
  let variance = 0;
  for (const s of statistics.escapeSteps!) variance += (s * dt - mean) ** 2;
  variance /= trajectories - 1;
  return {
    trajectories, escaped: statistics.escaped, exact, mean, standardError: Math.sqrt(variance / trajectories),
    reducedMean: (Number(statistics.exposureSteps) * dt) / trajectories,
  };
}

export interface RateMeasurement {
  Q0: number;
  dt: number;
  trajectories: number;
  escaped: number;
  rate: number;
  /** 1/√N_esc. */
  relativeError: number;
  melnikovMeshkov: number;
}

/**
 * The escape rate at γ = 0.9 and ΔU/k_BT = 6 unless given (censored estimate, physics.md §6; default
 * horizon 3/Γ_MM), beside Mel'nikov–Meshkov.
 */
export async function escapeRateAt(device: GPUDevice, options: { Q0: number; dt: number; trajectories: number; seed?: number; barrierOverKT?: number }): Promise<RateMeasurement> {
  const { Q0, dt, trajectories } = options;
  const config = validateEscapeParameters({ gamma: 0.9, Q0, barrierOverKT: options.barrierOverKT ?? 6, dt, trajectories, seed: options.seed ?? 2718 });
  const { statistics } = await runEscapeEnsemble(device, config);
  const estimate = censoredRateEstimate({ escaped: statistics.escaped, exposure: Number(statistics.exposureSteps) * dt });
  return { Q0, dt, trajectories, escaped: statistics.escaped, rate: estimate.rate, relativeError: estimate.relativeError, melnikovMeshkov: melnikovMeshkovRate(config) };
}

// ---------------------------------------------------------------------------------------------
// The self-test
// ---------------------------------------------------------------------------------------------

export interface SelftestCheck {
  id: string;
  title: string;
  pass: boolean;
  /** What was measured and what it was compared with, in words and numbers. */
  result: string;
  /** Why the tolerance is what it is. */
  tolerance: string;
  values: Record<string, number | string | boolean>;
  seconds: number;
}

export interface SelftestOptions {
  quick: boolean;
  onProgress?: (message: string) => void;
}

const pct = (x: number, d = 2) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(d)}%`;

/** Runs every check on `device`, in order; a check that throws is a FAIL with the error as its result. */
export async function runSelftest(device: GPUDevice, options: SelftestOptions): Promise<SelftestCheck[]> {
  const { quick } = options;
  const checks: SelftestCheck[] = [];
  const run = async (id: string, title: string, body: () => Promise<Omit<SelftestCheck, 'id' | 'title' | 'seconds'>>) => {
    options.onProgress?.(`selftest: ${title}…`);
    const t0 = performance.now();
    let c: Omit<SelftestCheck, 'id' | 'title' | 'seconds'>;
    try {
      c = await body();
    } catch (e) {
      c = { pass: false, result: `error: ${e instanceof Error ? e.message : String(e)}`, tolerance: '', values: {} };
    }
    checks.push({ id, title, ...c, seconds: (performance.now() - t0) / 1000 });
  };

  const blocks = quick ? 1 << 12 : 1 << 16;
  await run('rng-philox', 'Philox4x32-10 on the device', async () => {
    const kat = knownAnswerMismatches(PHILOX_KAT, await philoxKnownAnswersOnDevice(device));
    const bits = (await generatorMismatches(device, blocks)).philox;
    return {
      pass: kat === 0 && bits === 0,
      result: `Random123 known answers ${PHILOX_KAT.length - kat}/${PHILOX_KAT.length}; ${bits} of ${4 * blocks} words differ from the CPU mirror`,
      tolerance: 'exact: integer arithmetic has no rounding, so any difference is a compiler or driver fault',
      values: { knownAnswerMismatches: kat, knownAnswerRows: PHILOX_KAT.length, wordMismatches: bits, words: 4 * blocks },
    };
  });
  await run('rng-threefry', 'Threefry4x32 on the device', async () => {
    const { loop, unrolled } = await threefryKnownAnswersOnDevice(device);
    const kat = knownAnswerMismatches(THREEFRY_KAT, loop) + knownAnswerMismatches(THREEFRY_KAT, unrolled);
    const rows = THREEFRY_KAT.length + unrolled.filter((b) => b !== null).length;
    const m = await generatorMismatches(device, blocks);
    const bits = m.threefry13 + m.threefry20;
    return {
      pass: kat === 0 && bits === 0,
      result: `Random123 known answers ${rows - kat}/${rows} (13, 20, 72 rounds; loop and unrolled); ${bits} of ${16 * blocks} words differ from the CPU mirror (13 and 20 rounds)`,
      tolerance: 'exact: add, rotate and xor on u32 have no rounding',
      values: { knownAnswerMismatches: kat, knownAnswerRows: rows, wordMismatches: bits, words: 16 * blocks },
    };
  });
  await run('rng-normals', 'Box–Muller normals against f64', async () => {
    const n = quick ? 1024 : 4096;
    const r = await normalsAgainstCpu(device, n);
    return {
      pass: r.worstRatio <= 1,
      result: `${4 * n} normals: worst |z_f32 − z_f64| ${r.worst.toExponential(2)} (${r.worstAwayFromZero.toExponential(2)} where r > 0.1), worst error/bound ${r.worstRatio.toFixed(3)} ≤ 1`,
      tolerance: "per-value ulp bound: WGSL's log accuracy, 2-ulp sqrt, 2-ulp sin/cos on (−π, π) as lavapipe and native GPU functions give (WGSL promises only 2⁻¹¹, which would fail here)",
      values: { normals: 4 * n, worstError: r.worst, worstErrorAwayFromZero: r.worstAwayFromZero, worstRatioToBound: r.worstRatio },
    };
  });

  const cases: { init: InitialState; rng: RngName }[] = quick
    ? [{ init: 'thermal', rng: 'philox' }]
    : [{ init: 'thermal', rng: 'philox' }, { init: 'rest', rng: 'philox' }, { init: 'thermal', rng: 'threefry20' }, { init: 'thermal', rng: 'threefry13' }];
  const trajectories = quick ? 256 : 512;
  for (const { init, rng } of cases) {
    await run(`cpu-reference-${rng}-${init}`, `per-trajectory agreement with the f64 CPU reference (${rng}, init ${init})`, async () => {
      const r = await compareWithCpuReference(device, { trajectories, steps: 2000, init, rng });
      const verdict = cpuReferenceAgrees(r);
      return {
        pass: verdict.pass,
        result: `${r.trajectories} trajectories × ${r.steps} steps (γ 0.9, Q₀ 10, ΔU/k_BT 3): in-well worst |Δφ| ${r.worstPhase.toExponential(2)}, |Δv| ${r.worstVelocity.toExponential(2)} (< 2e-5; ${r.inWell} in well); ` +
          `same escape step ${r.sameEscapeStep}/${r.escapedBoth} (≥ 95%), verdicts differ ${r.statusMismatch} (≤ 1%)${verdict.pass ? '' : `; ${verdict.failures.join('; ')}`}`,
        tolerance: 'f32 roundings of φ (ulp 2.4e-7) random-walk to ~1e-5 over 2000 steps where the motion contracts; at φ_max differences grow as e^{ω_b t}, so only escape-step agreement is asked there',
        values: { ...r },
      };
    });
  }

  // Full: 2²⁰ trajectories put the bound at ±0.55%.
  const equilibria = quick ? [{ dt: 0.5, n: 1 << 16 }] : [{ dt: 0.5, n: 1 << 20 }, { dt: 0.1, n: 1 << 20 }];
  for (const { dt, n } of equilibria) {
    await run(`equilibrium-dt${dt}`, `deep-well equilibrium at Δτ = ${dt}`, async () => {
      const m = await deepWellEquilibrium(device, { dt, trajectories: n });
      const bound = 4 * m.relativeStandardError;
      const resolved = dt === 0.5 ? Math.abs(m.velocityOverTheta - 1) > bound : true;
      const pass = m.escaped === 0 && Math.abs(m.phaseRatio - 1) < bound && Math.abs(m.velocityRatio - 1) < bound && resolved;
      return {
        pass,
        result: `${m.trajectories} trajectories (γ 0.1, θ 0.01, Q₀ 1): ⟨δφ²⟩/Boltzmann − 1 = ${pct(m.phaseRatio - 1)}, ⟨v²⟩/θ(1 − ω²Δτ²/4) − 1 = ${pct(m.velocityRatio - 1)} (bound ±${pct(bound).slice(1)})` +
          (dt === 0.5 ? `; ⟨v²⟩/θ − 1 = ${pct(m.velocityOverTheta - 1)} must lie outside it (the on-site correction resolved)` : ''),
        tolerance: `4 standard errors of a variance, 4√(2/N) (two-sided 99.994%); GJF's configurational density is exact for a harmonic well at any Δτ, the quadrature is over the true well`,
        values: { ...m, bound },
      };
    });
  }

  // Weak damping in f32 (full run only: 8·10⁸ trajectory-steps). The kernel's friction per step
  // 1 − a = 5·10⁻⁷ at Q₀ = 10⁵ is within a few f32 spacings of a = 1, so a device that contracts or
  // reorders the update differently would show here.
  if (!quick) {
    await run('weak-damping', 'equilibrium at weak damping in f32 (harmonic, Q₀ = 10⁵)', async () => {
      const m = await weakDampingEquilibrium(device, { Q0: 1e5, steps: 2e5, trajectories: 4096, seed: 1105 });
      const pass = m.clamped === 0 && Math.abs(m.zPosition) < 4 && Math.abs(m.zVelocity) < 4 && Math.abs(m.zAmplitude) < 4;
      return {
        pass,
        result: `${m.trajectories} oscillators × ${m.steps} steps (κ 1, θ 1e-4, Δτ 0.05): z(var x) = ${m.zPosition.toFixed(2)}, z(var v) = ${m.zVelocity.toFixed(2)}, ` +
          `z(amplitude decay) = ${m.zAmplitude.toFixed(2)} (|z| < 4; an f32-rounded damping factor would give ${m.zOldKernel.toFixed(0)}): kernel friction, hence T_kin/T, within ±${pct(m.frictionBound).slice(1)}`,
        tolerance: "4 standard errors (two-sided 99.994%) against the GJF chain's exact moments (f64 recursion, no sampling): variances for the fluctuation, the mean's decay for the dissipation",
        values: { ...m },
      };
    });
  }

  const mfptTrajectories = quick ? 1 << 14 : 1 << 19;
  await run('mfpt', 'exact overdamped mean first-passage time', async () => {
    const m = await overdampedMfpt(device, { trajectories: mfptTrajectories });
    const expected = m.exact * (1 + MFPT_CHECK.inertialCorrection);
    const sigma = Math.hypot(m.standardError / m.exact, MFPT_CHECK.inertialCorrectionSe);
    const z = (m.mean / expected - 1) / sigma;
    const sumsAgree = Math.abs(m.reducedMean / m.mean - 1) < 1e-6;
    return {
      pass: m.escaped === m.trajectories && Math.abs(z) < 3.29 && sumsAgree,
      result: `${m.trajectories} trajectories (γ 0.5, ΔU/k_BT 1, Q₀ ${MFPT_CHECK.Q0}, Δτ ${MFPT_CHECK.dt}): T/T_exact − 1 = ${pct(m.mean / m.exact - 1)} ± ${pct(m.standardError / m.exact).slice(1)}, ` +
        `expected ${pct(MFPT_CHECK.inertialCorrection)} ± ${pct(MFPT_CHECK.inertialCorrectionSe).slice(1)} (inertial correction); z = ${z.toFixed(2)} (|z| < 3.29)`,
      tolerance: 'no asymptotic error: the double integral is exact for Q₀ → 0 and the measured inertial correction is added; 3.29σ is two-sided 99.9%',
      values: { ...m, expected, relativeSigma: sigma, z, inertialCorrection: MFPT_CHECK.inertialCorrection, inertialCorrectionSe: MFPT_CHECK.inertialCorrectionSe },
    };
  });

  await run('melnikov-meshkov', "Mel'nikov–Meshkov point", async () => {
    const m = await escapeRateAt(device, { Q0: 1, dt: 0.05, trajectories: quick ? 2048 : 65536 });
    const ratio = m.rate / m.melnikovMeshkov;
    const bound = 0.15 + 3.29 * m.relativeError;
    return {
      pass: Math.abs(ratio - 1) < bound && m.escaped > 0.8 * m.trajectories,
      result: `${m.trajectories} trajectories (γ 0.9, Q₀ 1, ΔU/k_BT 6, Δτ 0.05), ${m.escaped} escaped: Γ/Γ_MM − 1 = ${pct(ratio - 1, 1)} ± ${pct(m.relativeError, 1).slice(1)} (bound ±${pct(bound, 1).slice(1)})`,
      tolerance: "the formula is asymptotic in ΔU/k_BT: at 5–10 a correct simulation sits a few % up to 15% from it (physics.md §8), plus 3.29/√N_esc (two-sided 99.9%); catches gross errors only",
      values: { ...m, ratio, bound },
    };
  });
  return checks;
}
