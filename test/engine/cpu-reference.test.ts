import { describe, expect, it } from 'vitest';
import { validateEscapeParameters } from '../../src/models/rate/config.js';
import { advanceTrajectory, initialState } from '../../src/models/washboard/cpu-reference.js';
import { runEscapeEnsemble } from '../../src/models/rate/model.js';
import { NOT_ESCAPED } from '../../src/models/rate/statistics.js';
import { barrierTop } from '../../src/physics/potential.js';
import { useGpu } from '../support/gpu.js';

/**
 * The GPU integrates in f32, the CPU reference in f64, from the same Philox stream, so the two
 * paths of one trajectory differ only by rounding. How far they drift apart is physics:
 *  - inside the well the damped, noise-driven motion is contracting, so the difference stays at
 *    the level of accumulated f32 roundings of φ (ulp ≈ 2.4e-7 at φ ≈ 1–2; a random walk of 2000
 *    of them is ≈ 1e-5), which is the tolerance used below;
 *  - near the barrier top φ_max the motion is unstable, and any difference grows as e^{ω_b t}, so a
 *    trajectory that lingers there may cross a few steps earlier or later, or not at all, in f32.
 * The test asserts the first tightly and bounds how many trajectories the second can affect.
 */
describe('GPU trajectories against the CPU reference (same Philox stream)', () => {
  const gpu = useGpu();
  const trajectories = 512;
  const steps = 2000;

  // Every generator the engine offers is checked the same way: the GPU's stream_*.wgsl and the CPU's
  // streamBits must give the same noise, bit for bit, or the trajectories would not agree at all.
  const cases = [
    { init: 'thermal', rng: 'philox' }, { init: 'rest', rng: 'philox' },
    { init: 'thermal', rng: 'threefry20' }, { init: 'thermal', rng: 'threefry13' },
  ] as const;
  for (const { init, rng } of cases) {
    it(`agree per trajectory over ${steps} steps (γ = 0.9, Q₀ = 10, ΔU/k_BT = 3, init ${init}, ${rng})`, async () => {
      // A low barrier, so that many trajectories reach the barrier and escape inside the horizon.
      const config = validateEscapeParameters({
        gamma: 0.9, Q0: 10, barrierOverKT: 3, dt: 0.05, trajectories, maxTime: steps * 0.05, seed: 20261121, init, rng,
        keepEscapeSteps: true, keepFinalStates: true, stepsPerDispatch: 500,
      });
      const { statistics } = await runEscapeEnsemble(gpu.device, config);
      const final = statistics.finalStates!;
      const approach = barrierTop(config.gamma) - 0.3;
      let inWell = 0, worstPhase = 0, worstVelocity = 0, escapedCpu = 0, escapedBoth = 0, sameEscapeStep = 0, statusMismatch = 0;
      for (let i = 0; i < trajectories; i++) {
        let highest = -Infinity;
        const s = advanceTrajectory(config, i, initialState(config, i), 0, config.maxSteps, (_, st) => {
          highest = Math.max(highest, st.phase + 2 * Math.PI * st.winding);
        });
        const gpuStep = statistics.escapeSteps![i]!;
        if (s.escapeStep !== NOT_ESCAPED) escapedCpu++;
        if ((s.escapeStep === NOT_ESCAPED) !== (gpuStep === NOT_ESCAPED)) statusMismatch++;
        if (s.escapeStep !== NOT_ESCAPED && gpuStep !== NOT_ESCAPED) {
          escapedBoth++;
          if (s.escapeStep === gpuStep) sameEscapeStep++;
        }
        if (highest < approach) {
          inWell++;
          const gpuPhase = final.phase[i]! + 2 * Math.PI * final.winding[i]!;
          worstPhase = Math.max(worstPhase, Math.abs(gpuPhase - (s.phase + 2 * Math.PI * s.winding)));
          worstVelocity = Math.max(worstVelocity, Math.abs(final.velocity[i]! - s.velocity));
        }
      }
      // Both kinds of trajectory are well represented.
      expect(inWell).toBeGreaterThan(trajectories / 10);
      expect(escapedCpu).toBeGreaterThan(trajectories / 10);
      // Contracting region: agreement at f32 rounding level.
      expect(worstPhase).toBeLessThan(2e-5);
      expect(worstVelocity).toBeLessThan(2e-5);
      // Unstable region: the same escape step for ≥ 95% of the escapes, and the escaped/survived
      // verdict differs for at most 1% of all trajectories (those crossing within a few steps of
      // the horizon or hesitating at φ_max).
      expect(sameEscapeStep).toBeGreaterThanOrEqual(0.95 * escapedBoth);
      expect(statusMismatch).toBeLessThanOrEqual(0.01 * trajectories);
    });
  }
});
