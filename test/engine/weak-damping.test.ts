import { describe, expect, it } from 'vitest';
import { MIN_DT_OVER_Q0 } from '../../src/engine/gjf.js';
import { validateHarmonicParameters } from '../../src/models/harmonic/config.js';
import { gjfMoments } from '../../src/models/harmonic/moments.js';
import { weakDampingEquilibrium } from '../../src/models/selftest.js';
import { validateEscapeParameters } from '../../src/models/rate/config.js';
import { validateSwitchingParameters } from '../../src/models/switching/config.js';
import { useGpu } from '../support/gpu.js';

/**
 * Equilibrium at weak damping in f32 (issue 11 §1). Near a = 1 the f32 spacing, 6·10⁻⁸, is comparable
 * to GJF's friction per step 1 − a = bΔτ/Q₀ (5·10⁻⁷ at Q₀ = 10⁵, Δτ = 0.05). With a rounded to f32 the
 * kernel's friction was 1 − fround(a): 4.6% low at Q₀ = 10⁵ and 0.14% high at 10⁴, so its kinetic
 * temperature settled at T_kin/T = 1.0486 and 0.9986 (the exact linear chain with those coefficients,
 * bench/weak-damping.mjs; the free-particle table). The kernel now carries 1 − a itself.
 *
 * A direct test of the stationary ⟨v²⟩ at Q₀ = 10⁵ cannot be afforded here: the energy relaxes on
 * Q₀/Δτ = 2·10⁶ steps, so each independent sample costs ~10⁶ steps and 0.5% needs ~10¹¹
 * trajectory-steps (bench/weak-damping.mjs measures it). The harmonic model (x'' = −κx − x'/Q₀ + ξ,
 * a deep well from which nothing escapes) tests the two halves of the fluctuation–dissipation balance
 * instead, at far less cost, against the GJF chain's exact moments (f64 recursion, no sampling):
 *
 * - Fluctuation: the ensemble starts in the chain's stationary state, x ~ N(X, θ/κ),
 *   v ~ N(0, θ(1 − κΔτ²/4)), displaced by X. Its covariance must stay there: the sample variances of x
 *   and v are compared with θ/κ and θ(1 − κΔτ²/4) (exactly gjfMoments' values here) in units of their
 *   standard error σ²√(2/(N−1)) (the ensemble is exactly Gaussian).
 * - Dissipation: the ensemble's mean is the noiseless trajectory, an oscillation whose amplitude
 *   A = √(κx̄² + v̄²/(1 − κΔτ²/4)) (the undamped chain's exact invariant, so f32 phase errors do not
 *   enter) decays as e^{−n(1−a)/2}. X = 500√θ makes the decay stand far above the noise of the mean:
 *   SE(A) = √(θ/N), so the kernel's friction per step is pinned to ±4·SE/(A·n(1−a)/2).
 *
 * For a linear chain T_kin/T is (true friction)/(kernel's friction) when the noise is right, so the
 * amplitude bounds the kinetic temperature to ±0.26% at Q₀ = 10⁵ and ±0.064% at 10⁴ (|z| < 4: a
 * false alarm has probability 6.3·10⁻⁵ per check, 4·10⁻⁴ for the six). Power: the old kernel's
 * expected amplitude (the exact chain with a rounded to f32) lies 71 standard errors off at 10⁵ and
 * 8.5 at 10⁴, asserted below.
 *
 * Measured on the 2-core dev VM (lavapipe), z of (var x, var v, amplitude):
 *   Q₀ = 10⁴: before the fix (−0.57, 0.66, −7.8), after (−0.56, 0.67, 0.39);
 *   Q₀ = 10⁵: before the fix (1.05, 0.82, 53.7), after (0.88, 0.20, −0.09).
 * The old kernel missed by less than 71 at 10⁵ because its f32 product a·v, rounded to nearest, is
 * itself biased (an f32 emulation of that update in JS gives friction 0.965 of the exact value, not
 * the 0.954 of 1 − fround(a) alone); the new update forms the small terms first and rounds v once,
 * and its emulation gives 1.000006.
 *
 * The direct measurement (bench/weak-damping.mjs; raw JSON bench/results/lavapipe-weak-damping.json):
 * κ = θ = 1, Δτ = 0.05, started in the exact stationary state and run for τ = 2Q₀ (86% of the way to
 * the kernel's own stationary state); ratios ⟨δx²⟩κ/θ, ⟨v²⟩/θ(1 − κΔτ²/4) and their mean, each ratio
 * ±0.55% (10⁴: N = 65536, 4·10⁵ steps) or ±1.1% (10⁵: N = 16384, 4·10⁶ steps), the mean ±0.39% / ±0.78%:
 *
 *   Q₀    kernel  seed       ⟨δx²⟩   ⟨v²⟩    mean     (old chain predicts at τ = 2Q₀)
 *   10⁴   before  20261207   0.9999  1.0159  1.0079   (0.9988)
 *   10⁴   after   20261207   1.0011  1.0171  1.0091
 *   10⁴   after   777        0.9992  0.9996  0.9994
 *   10⁵   before  20261207   1.0697  1.0356  1.0526   (1.0414)
 *   10⁵   before  777        1.0400  1.0345  1.0373
 *   10⁵   after   20261207   1.0246  0.9918  1.0082
 *   10⁵   after   777        0.9964  0.9914  0.9939
 *
 * Pooled: at 10⁵ the old kernel runs 4.5% hot (1.0450 ± 0.0055, 8σ) and the new one is at 1.0011 ±
 * 0.0055; at 10⁴ the new one is at 1.0043 ± 0.0028 (the old one's −0.12% is below what this resolves).
 * A run shares its seed's x/v split between the kernels (the 10⁴ ⟨v²⟩ of seed 20261207 is 3σ high in
 * both), so the mean of the two ratios is what tells the kernels apart.
 */
const Z = 4;
const N = 4096;
const kappa = 1;
const dt = 0.05;
const theta = 1e-4; // X = 5: inside the fixed-point range of the device sums (x² < 4095)

describe('equilibrium at weak damping in f32 (harmonic model, Δτ = 0.05)', () => {
  const gpu = useGpu();

  // The measurement (src/models/selftest.ts) is the one `washboard selftest` runs at Q₀ = 10⁵.
  for (const [Q0, steps, seed] of [[1e4, 1e5, 1104], [1e5, 2e5, 1105]] as const) {
    it(`Q₀ = ${Q0}: keeps the stationary variances and damps the mean at the exact rate (the old f32 a would be caught)`, async () => {
      const m = await weakDampingEquilibrium(gpu.device, { Q0, steps, trajectories: N, seed });
      expect(m.steps).toBe(steps);
      console.log(`Q0 = ${Q0}: z(var x) = ${m.zPosition.toFixed(2)}, z(var v) = ${m.zVelocity.toFixed(2)}, z(amplitude) = ${m.zAmplitude.toFixed(2)}; ` +
        `old kernel's amplitude at z = ${m.zOldKernel.toFixed(1)}; friction (T_kin) bound ±${(100 * m.frictionBound).toFixed(3)}%`);
      expect(m.clamped).toBe(0);
      expect(Math.abs(m.zPosition)).toBeLessThan(Z);
      expect(Math.abs(m.zVelocity)).toBeLessThan(Z);
      expect(Math.abs(m.zAmplitude)).toBeLessThan(Z);
      // Power: the old kernel's expected amplitude is more than 8 standard errors away, so it would
      // pass the amplitude check with probability < Φ(4 − 8) = 3·10⁻⁵.
      expect(Math.abs(m.zOldKernel)).toBeGreaterThan(8);
    });
  }

  it("starts in the exact chain's stationary state (its covariance is preserved by the exact chain)", () => {
    const config = validateHarmonicParameters({
      kappa, Q0: 1e5, theta, dt, time: 2e5 * dt, trajectories: N, seed: 1,
      initialPosition: 500 * Math.sqrt(theta), initialPositionSd: Math.sqrt(theta / kappa), initialVelocitySd: Math.sqrt(theta * (1 - (kappa * dt * dt) / 4)),
    });
    const exact = gjfMoments(config, config.maxSteps);
    expect(Math.abs(exact.varPosition / (theta / kappa) - 1)).toBeLessThan(1e-9);
    expect(Math.abs(exact.varVelocity / (theta * (1 - (kappa * dt * dt) / 4)) - 1)).toBeLessThan(1e-9);
  });

  it('refuses a Q₀ whose friction per step f32 cannot resolve, with the usual one-line error', () => {
    const Q0 = 2 * (dt / MIN_DT_OVER_Q0);
    expect(() => validateHarmonicParameters({ kappa, Q0, theta, dt, time: 1, trajectories: 1 })).toThrow(/^invalid Q = .*float32 cannot resolve/);
    expect(() => validateEscapeParameters({ gamma: 0.5, Q0, theta: 0.1, dt, trajectories: 1, maxTime: 1 })).toThrow(/^invalid Q = /);
    expect(() => validateSwitchingParameters({ Q0, theta: 0.1, rampRate: 1e-3, dt, gammaStart: 0.5, gammaEnd: 0.9, trajectories: 1 })).toThrow(/^invalid Q = /);
    // Just inside: accepted.
    expect(validateHarmonicParameters({ kappa, Q0: dt / MIN_DT_OVER_Q0, theta, dt, time: 1, trajectories: 1 }).Q0).toBe(dt / MIN_DT_OVER_Q0);
  });
});
