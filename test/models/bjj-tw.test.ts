import { describe, expect, it } from 'vitest';
import { validateBjjTwParameters, type BjjTwParameters } from '../../src/models/bjj-tw/config.js';
import { twInitialField, twTrajectoryCpu } from '../../src/models/bjj-tw/cpu-reference.js';
import { runBjjTwEnsemble } from '../../src/models/bjj-tw/model.js';
import { twoModeCoherentEvolution } from '../../src/physics/bjj/dynamics.js';
import { exactEigenvectors, exactSpectrum } from '../../src/physics/bjj/spectrum.js';
import { weylTrajectory, wignerEnsemble, wignerSample, type TwoModeField, type WignerInitialState } from '../../src/physics/bjj/truncated-wigner.js';
import { useGpu } from '../support/gpu.js';

/**
 * The truncated-Wigner model of the bosonic Josephson junction on the engine (src/models/bjj-tw).
 *
 * Consistency (not physics): the f32 GPU trajectories against their f64 CPU reference on the same
 * Philox stream, trajectory by trajectory. Tolerance from f32 rounding: an RK4 step of the
 * Weyl equations rounds each of the four amplitudes about a dozen times (rates, axpy, the weighted
 * sum), each by ≤ ε/2 = 2⁻²⁴ relative to |f| = (|α|² + |β|²)^½ (conserved, so the scale of every
 * term). Accumulated linearly over n steps that is ≤ ~6nε|f|; the equations are integrable (one
 * degree of freedom after n_a + n_b), so an early error grows at most linearly in t, by a factor of
 * order one over these times. The initial sample (Box–Muller: log, sqrt, cos/sin; a rescale; atan2
 * for a Fock phase) costs a few dozen ulp more. Bound used: (16n + 64)·ε·|f|, ε = 2⁻²³ (measured
 * worst over 256 trajectories of each of four states: 1.7nε|f| after n = 3351 steps, 17ε|f| for
 * the initial samples; a wrong coefficient or a swapped sign gives O(h|f|) per step, ~1e4 times more).
 *
 * Physics, against things we did not produce:
 *  - U = 0 (Rabi): the equations are linear, TW is exact, and ⟨z⟩(t) is closed form:
 *    two-mode coherent state z(t) = z₀cos 2Jt − √(1 − z₀²) sin φ₀ sin 2Jt; Fock state z₀cos 2Jt.
 *  - U > 0: the exact ⟨n_a − n_b⟩/N̄ of the two-mode coherent state (its Wigner function is exactly
 *    the Gaussian sampled, so the only TW error is the dropped third-order terms), from exact
 *    diagonalisation (src/physics/bjj/dynamics.ts, a Poisson mixture over N), at short times.
 * Each ensemble mean is compared in units of its own standard error, |TW − exact| < 4 SE: a false
 * alarm has probability 6.3e-5 per check for an unbiased estimate. TW's own truncation bias at
 * these times, measured with 2¹⁸ trajectories (seed 11): ≤ 4.3e-4 (N̄ = 50, t ≤ 1.5) and ≤ 2.7e-4
 * (N̄ = 100), i.e. ≤ 0.8 of the SE used here, which raises the false-alarm rate to ≤ 6e-4 per
 * check. Fixed seeds, so the outcome is reproducible.
 */
const EPS = 2 ** -23;
const Z = 4;
const gpu = useGpu();

const norm = (f: TwoModeField) => Math.sqrt(f.aRe ** 2 + f.aIm ** 2 + f.bRe ** 2 + f.bIm ** 2);

describe('bjj-tw consistency: the f32 GPU trajectories follow their f64 CPU reference (same Philox stream)', () => {
  const states: WignerInitialState[] = [
    { kind: 'coherent', z0: 0.6, phi0: 0.3 },
    { kind: 'spin-coherent', z0: 0.6, phi0: 0 },
    { kind: 'fock', na: 16 },
    { kind: 'fock', na: 0 },
  ];
  const base = { N: 20, J: 1, U: 0.75, trajectories: 256, seed: 3, keepFinalStates: true, pageSize: 100 };

  it('initial samples agree to (64ε)|f|; the coherent ones are wignerSample’s draws', async () => {
    for (const state of states) {
      const config = validateBjjTwParameters({ ...base, state, times: [0] });
      const r = await runBjjTwEnsemble(gpu.device, config);
      const f = r.finalStates!;
      for (let i = 0; i < base.trajectories; i++) {
        const cpu = twInitialField(config, i);
        if (state.kind !== 'fock') expect(cpu).toEqual(wignerSample(base.N, state, i, base.seed));
        const d = Math.max(Math.abs(cpu.aRe - f.aRe[i]!), Math.abs(cpu.aIm - f.aIm[i]!), Math.abs(cpu.bRe - f.bRe[i]!), Math.abs(cpu.bIm - f.bIm[i]!));
        expect(d, `${state.kind} #${i}`).toBeLessThan(64 * EPS * norm(cpu));
      }
    }
  });

  it('amplitudes after n = 3351 RK4 steps (t = 4, three pages) agree to (16n + 64)ε|f|', async () => {
    for (const state of states) {
      const config = validateBjjTwParameters({ ...base, state, times: [0.5, 1.7, 4] });
      const n = config.maxSteps;
      expect(n).toBe(3351);
      const r = await runBjjTwEnsemble(gpu.device, config);
      const f = r.finalStates!;
      for (let i = 0; i < base.trajectories; i++) {
        const cpu = twTrajectoryCpu(config, i).at(-1)!;
        const d = Math.max(Math.abs(cpu.aRe - f.aRe[i]!), Math.abs(cpu.aIm - f.aIm[i]!), Math.abs(cpu.bRe - f.bRe[i]!), Math.abs(cpu.bIm - f.bIm[i]!));
        expect(d, `${state.kind} #${i}`).toBeLessThan((16 * n + 64) * EPS * norm(cpu));
      }
    }
  });

  it('its ⟨z⟩(t) is the CPU TW ensemble’s (wignerEnsemble, same seed) to the f32 bound, and its integer sums do not depend on the page size', async () => {
    const p: BjjTwParameters = { ...base, state: { kind: 'coherent', z0: 0.6, phi0: 0.3 }, times: [0.5, 1.7, 4], keepFinalStates: false };
    const config = validateBjjTwParameters(p);
    const r = await runBjjTwEnsemble(gpu.device, config);
    const cpu = wignerEnsemble(config.junction, p.state, p.times, base.trajectories, base.seed);
    // |Δz| ≤ 2|f||Δf|·2/N per trajectory with |Δf| as above and |f|² ≤ 2(N + 1) (5σ of these samples).
    const bound = (2 * 2 * 2 * (base.N + 1) * (16 * config.maxSteps + 64) * EPS) / base.N;
    p.times.forEach((_, k) => expect(Math.abs(r.mean[k]! - cpu.mean[k]!)).toBeLessThan(bound));
    const paged = await runBjjTwEnsemble(gpu.device, validateBjjTwParameters({ ...p, pageSize: 37 }));
    expect(paged.statistics.map((s) => s.sums)).toEqual(r.statistics.map((s) => s.sums));
  });
});

describe('bjj-tw physics: truncated Wigner on the GPU against exact answers', () => {
  it('U = 0 (Rabi, TW exact): ⟨z⟩(t) of a two-mode coherent state and of two Fock states equals the closed form (|z| < 4 SE)', async () => {
    const N = 40;
    const J = 1;
    const times = [0.3, 0.8, 1.5, 3];
    const cases: { state: WignerInitialState; exact: (t: number) => number }[] = [
      { state: { kind: 'coherent', z0: 0.5, phi0: 0.7 }, exact: (t) => 0.5 * Math.cos(2 * J * t) - Math.sqrt(1 - 0.25) * Math.sin(0.7) * Math.sin(2 * J * t) },
      { state: { kind: 'fock', na: 30 }, exact: (t) => 0.5 * Math.cos(2 * J * t) },
      { state: { kind: 'fock', na: 40 }, exact: (t) => Math.cos(2 * J * t) },
    ];
    for (const { state, exact } of cases) {
      const r = await runBjjTwEnsemble(gpu.device, validateBjjTwParameters({ N, J, U: 0, state, times, trajectories: 16384, seed: 21 }));
      expect(r.statistics.every((s) => s.clamped === 0)).toBe(true);
      times.forEach((t, k) => expect(Math.abs(r.mean[k]! - exact(t)), `${state.kind} t = ${t}`).toBeLessThan(Z * r.standardError[k]!));
    }
  });

  it('U > 0: ⟨z⟩(t) of the two-mode coherent state (N̄ = 50 and 100, Λ = 2.5, z₀ = 0.3) matches exact diagonalisation for t ≤ 1.5 ħ/J (|z| < 4 SE), where mean field is off by > 8 SE', async () => {
    const times = [0.5, 1, 1.5];
    for (const [N, U] of [[50, 0.1], [100, 0.05]] as const) {
      const z0 = 0.3;
      const mixture = twoModeCoherentEvolution(N, 1, U, z0, 0, (q) => {
        const s = exactSpectrum(q);
        return { spectrum: s, vectors: exactEigenvectors(s) };
      });
      const r = await runBjjTwEnsemble(gpu.device, validateBjjTwParameters({ N, J: 1, U, state: { kind: 'coherent', z0, phi0: 0 }, times, trajectories: 32768, seed: 5 + N }));
      times.forEach((t, k) => expect(Math.abs(r.mean[k]! - mixture.imbalance(t)), `N̄ = ${N}, t = ${t}`).toBeLessThan(Z * r.standardError[k]!));
      // Power: the mean-field orbit from the centre of the Wigner cloud misses the early dephasing.
      const centre = { aRe: Math.sqrt((N * (1 + z0)) / 2), aIm: 0, bRe: Math.sqrt((N * (1 - z0)) / 2), bIm: 0 };
      const meanField = weylTrajectory({ N, J: 1, U }, centre, times, 1e-3).difference.at(-1)! / N;
      expect(Math.abs(meanField - mixture.imbalance(1.5))).toBeGreaterThan(8 * r.standardError.at(-1)!);
    }
  });
});
