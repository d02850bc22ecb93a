import { describe, expect, it } from 'vitest';
import { compareWithCpuReference } from '../../src/models/selftest.js';
import { useGpu } from '../support/gpu.js';

/**
 * The GPU integrates in f32, the CPU reference in f64, from the same Philox stream, so the two
 * paths of one trajectory differ only by rounding. How far they drift apart is physics:
 *  - inside the well the damped, noise-driven motion is contracting, so the difference stays at
 *    the level of accumulated f32 roundings of φ (ulp ≈ 2.4e-7 at φ ≈ 1–2; a random walk of 2000
 *    of them is ≈ 1e-5), which is the tolerance used below;
 *  - near the barrier top φ_max the motion is unstable, and any difference grows as e^{ω_b t}, so a
 *    trajectory that lingers there may cross a few steps earlier or later, or not at all, in f32.
 * The test asserts the first tightly and bounds how many trajectories the second can affect. The
 * comparison (src/models/selftest.ts) is the one `washboard selftest` runs on a user's adapter.
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
      const r = await compareWithCpuReference(gpu.device, { trajectories, steps, init, rng });
      // Both kinds of trajectory are well represented.
      expect(r.inWell).toBeGreaterThan(trajectories / 10);
      expect(r.escapedCpu).toBeGreaterThan(trajectories / 10);
      // Contracting region: agreement at f32 rounding level.
      expect(r.worstPhase).toBeLessThan(2e-5);
      expect(r.worstVelocity).toBeLessThan(2e-5);
      // Unstable region: the same escape step for ≥ 95% of the escapes, and the escaped/survived
      // verdict differs for at most 1% of all trajectories (those crossing within a few steps of
      // the horizon or hesitating at φ_max).
      expect(r.sameEscapeStep).toBeGreaterThanOrEqual(0.95 * r.escapedBoth);
      expect(r.statusMismatch).toBeLessThanOrEqual(0.01 * trajectories);
    });
  }
});
