import { describe, expect, it } from 'vitest';
import { initialStateNormals, stepNormals } from '../../src/engine/philox.js';
import { initialDistribution, validateEscapeParameters } from '../../src/models/rate/config.js';
import { runEscapeEnsemble } from '../../src/models/rate/model.js';
import { NOT_ESCAPED } from '../../src/models/rate/statistics.js';
import { advanceTrajectory, initialState } from '../../src/models/washboard/cpu-reference.js';
import { useGpu } from '../support/gpu.js';

/**
 * Winding when a step crosses many wells (issue 11 §2). A thermal start at θ = 2.5·10⁵ gives
 * velocities ~N(0, 500²); at Q₀ = 10⁴ they barely decay, and at Δτ = 0.1 a particle at |v| = 500
 * advances 50 rad, eight turns, per step, forward or backward (26 for the fastest here). A wrap that
 * corrects one turn a step undercounts: the winding lags, the wrapped phase grows without bound (and
 * with it f32's spacing and sin's error), and the target 200 wells on is met late. (Δτ = 0.1 keeps
 * the stochasticity parameter of this kicked rotor, Δτ² = 0.01, small, so that f32 and f64
 * histories do not part chaotically; at Δτ = 0.5 single trajectories drifted 0.7 rad apart.)
 *
 * The count is checked against an integration that never wraps: the same GJF step (physics.md §2)
 * with the same Philox normals in f64 on the absolute phase φ, sin taken of the large argument (V8's
 * Math.sin reduces its argument exactly), the escape being φ ≥ escapeAt and the winding
 * floor((φ + π)/2π). It shares no wrapping code with the kernel or the CPU reference.
 */
describe('winding with many turns per step', () => {
  const gpu = useGpu();

  it('counts every turn (up to 26 a step, both ways): absolute phase and escape step as an unwrapped f64 integration gives them', async () => {
    const trajectories = 64;
    const config = validateEscapeParameters({
      gamma: 0.5, Q0: 1e4, theta: 2.5e5, dt: 0.1, trajectories, maxTime: 6, seed: 1111, init: 'thermal',
      escapeAt: 2 * Math.PI * 200, keepEscapeSteps: true, keepFinalStates: true,
    });
    const { statistics } = await runEscapeEnsemble(gpu.device, config);
    const final = statistics.finalStates!;

    const { gamma, Q0, theta, dt } = config;
    const b = 1 / (1 + dt / (2 * Q0)), a = (1 - dt / (2 * Q0)) * b, sigma = Math.sqrt((2 * theta * dt) / Q0);
    let maxTurnsPerStep = 0, escapedBoth = 0, sameEscapeStep = 0, compared = 0, worstPhase = 0;
    const medianPhase: number[] = [];
    for (let i = 0; i < trajectories; i++) {
      // The unwrapped integration.
      const d = initialDistribution(config);
      const z0 = initialStateNormals(i, config.seed, undefined, config.rng);
      let phi = d.phase + d.phaseSd * z0[0], v = d.velocitySd * z0[1], f = gamma - Math.sin(phi);
      let escapeStep = phi >= config.escapeAt ? 0 : NOT_ESCAPED;
      let block = stepNormals(i, config.seed, 0, undefined, config.rng);
      for (let n = 0; n < config.maxSteps && escapeStep === NOT_ESCAPED; n++) {
        if (n % 4 === 0) block = stepNormals(i, config.seed, n / 4, undefined, config.rng);
        const beta = sigma * block[n % 4]!;
        const next = phi + b * dt * v + ((b * dt * dt) / 2) * f + ((b * dt) / 2) * beta;
        const fNext = gamma - Math.sin(next);
        v = a * v + (dt / 2) * (a * f + fNext) + b * beta;
        maxTurnsPerStep = Math.max(maxTurnsPerStep, Math.abs(Math.floor((next + Math.PI) / (2 * Math.PI)) - Math.floor((phi + Math.PI) / (2 * Math.PI))));
        phi = next;
        f = fNext;
        if (phi >= config.escapeAt) escapeStep = n + 1;
      }

      const gpuStep = statistics.escapeSteps![i]!;
      // The wrapped phase is always in [−π, π), however far the particle ran.
      expect(final.phase[i]!).toBeGreaterThanOrEqual(-Math.PI);
      expect(final.phase[i]!).toBeLessThan(Math.PI);
      if (escapeStep !== NOT_ESCAPED && gpuStep !== NOT_ESCAPED) {
        escapedBoth++;
        if (gpuStep === escapeStep) sameEscapeStep++;
      }
      if (gpuStep === escapeStep) {
        // The same history: the absolute phase φ_wrapped + 2π·winding agrees with the unwrapped one
        // (a turn lost or counted twice would be 2π off).
        compared++;
        const dphi = Math.abs(final.phase[i]! + 2 * Math.PI * final.winding[i]! - phi);
        medianPhase.push(dphi);
        worstPhase = Math.max(worstPhase, dphi);
      }
      // The f64 CPU reference, through its own wrap, counts exactly the turns of the unwrapped f64
      // integration (same arithmetic up to the wrap's rounding, ~1e-13 rad).
      const cpu = advanceTrajectory(config, i, initialState(config, i), 0, config.maxSteps);
      expect(cpu.escapeStep, `trajectory ${i}`).toBe(escapeStep);
      expect(cpu.winding, `trajectory ${i}`).toBe(Math.floor((phi + Math.PI) / (2 * Math.PI)));
      expect(Math.abs(cpu.phase + 2 * Math.PI * cpu.winding - phi)).toBeLessThan(1e-6);
    }
    medianPhase.sort((x, y) => x - y);
    console.log(`winding: up to ${maxTurnsPerStep} turns in one step; ${escapedBoth} escaped in both, ${sameEscapeStep} at the same step; ` +
      `${compared} compared, |Δφ| median ${medianPhase[medianPhase.length >> 1]!.toExponential(2)}, worst ${worstPhase.toExponential(2)}`);
    // The case exercises what it claims to: many turns in one step, forward and backward, and a
    // good share of the trajectories reach the target 200 wells on.
    expect(maxTurnsPerStep).toBeGreaterThanOrEqual(5);
    expect(escapedBoth).toBeGreaterThan(trajectories / 4);
    // As in cpu-reference.test.ts, f32 and f64 histories may part where the motion is unstable; here
    // they all agree on the step of arrival (measured), and ≥ 90% is required.
    expect(sameEscapeStep).toBeGreaterThanOrEqual(0.9 * escapedBoth);
    expect(compared).toBeGreaterThanOrEqual(0.9 * trajectories);
    // f32 against f64 over 60 steps: the wrapped phase is rounded to 2.4·10⁻⁷ a step, and the velocity
    // (|v| < 2048, spacing ≤ 1.2·10⁻⁴) to half its spacing, which moves φ by bΔτ = 0.1 times that
    // in every later step; even if every rounding had the same sign, |Δφ| ≤ 60·2.4·10⁻⁷ +
    // (60²/2)·0.1·6·10⁻⁵ ≈ 0.011 rad. Measured: median 1.2·10⁻⁴, worst 2.6·10⁻³. A turn lost or
    // counted twice is 2π.
    expect(worstPhase).toBeLessThan(0.02);
  });
});
