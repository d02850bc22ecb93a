/**
 * The truncated-Wigner (TW) ensemble of the bosonic Josephson junction (physics.md §13) on the
 * engine: configuration. The ensemble is observed at ascending sample times t₁ < t₂ < …; between
 * consecutive times it takes the steps `weylTrajectory` takes (src/physics/bjj/truncated-wigner.ts):
 * n = ⌈(t_k − t_{k−1})/h_max⌉ RK4 steps of h = (t_k − t_{k−1})/n, so the GPU, its f64 CPU reference
 * and the CPU TW integrate with the very same steps.
 */
import { DEFAULT_RNG } from '../../engine/philox.js';
import { MAX_STEPS, validateEngineRun, type EngineConfig } from '../../engine/model.js';
import { ParameterError, requireInRange, requireInteger } from '../../physics/parameters.js';
import { validateJunction, type JunctionParameters } from '../../physics/bjj/model.js';
import { defaultWeylStep, type WignerInitialState } from '../../physics/bjj/truncated-wigner.js';

export interface BjjTwParameters extends JunctionParameters {
  readonly state: WignerInitialState;
  /** Sample times (ħ = 1, in the inverse unit of J and U), ascending, ≥ 0. */
  readonly times: readonly number[];
  readonly trajectories: number;
  readonly seed?: number;
  /** Largest RK4 step (default `defaultWeylStep`: 0.02/(J + U(N + 1))). */
  readonly maxStep?: number;
  readonly pageSize?: number;
  readonly workgroupSize?: number;
  /** Keep every trajectory's final amplitudes (for the per-trajectory check against the CPU). */
  readonly keepFinalStates?: boolean;
}

/** The steps from one sample time to the next: `steps` RK4 steps of `step`. */
export interface Segment {
  readonly time: number;
  readonly steps: number;
  readonly step: number;
  /** Steps from t = 0 to this sample time. */
  readonly stepsTo: number;
}

export interface BjjTwConfig extends EngineConfig {
  readonly junction: JunctionParameters;
  readonly state: WignerInitialState;
  readonly segments: readonly Segment[];
  /** RK4 step of the segment being run (set per segment by runBjjTwEnsemble). */
  readonly step: number;
  /** Whether the host reads the raw states back (to continue the next segment, or to keep them). */
  readonly keepStates: boolean;
  readonly keepFinalStates: boolean;
}

/** The step schedule of `weylTrajectory` for these sample times. */
export function segmentsFor(times: readonly number[], maxStep: number): Segment[] {
  const out: Segment[] = [];
  let now = 0;
  let stepsTo = 0;
  for (const time of times) {
    const steps = Math.ceil((time - now) / maxStep);
    if (steps > 0) {
      stepsTo += steps;
      out.push({ time, steps, step: (time - now) / steps, stepsTo });
      now = time;
    } else out.push({ time, steps: 0, step: 0, stepsTo });
  }
  return out;
}

export function validateBjjTwParameters(p: BjjTwParameters): BjjTwConfig {
  const junction = { N: p.N, J: p.J, U: p.U };
  validateJunction(junction);
  // f32 amplitudes: |α|² ~ N must stay far inside f32's exact-integer range for z to keep ~1e-7.
  requireInteger('N', p.N, { min: 1, max: 1e6, minInclusive: true, maxInclusive: true });
  const state = p.state;
  if (state.kind === 'fock') requireInteger('na', state.na, { min: 0, max: p.N, minInclusive: true, maxInclusive: true });
  else {
    requireInRange('z0', state.z0, { min: -1, max: 1, minInclusive: true, maxInclusive: true });
    if (!Number.isFinite(state.phi0)) throw new ParameterError('phi0', state.phi0, 'a finite angle');
  }
  if (p.times.length === 0) throw new ParameterError('times', '(none)', 'at least one sample time');
  p.times.forEach((t, i) => {
    if (!(Number.isFinite(t) && t >= 0)) throw new ParameterError('times', t, 't ≥ 0');
    if (i > 0 && !(t > p.times[i - 1]!)) throw new ParameterError('times', t, `ascending (after ${p.times[i - 1]})`);
  });
  const maxStep = requireInRange('max-step', p.maxStep ?? defaultWeylStep(junction), { min: 0 });
  const segments = segmentsFor(p.times, maxStep);
  const totalSteps = segments.at(-1)!.stepsTo;
  if (totalSteps > MAX_STEPS) throw new ParameterError('times', p.times.at(-1)!, `t ≤ ${MAX_STEPS * maxStep}`, `${totalSteps} RK4 steps exceed the engine's step counter`);
  // Two trajectories at least (a standard error); ≤ 2^26 a page keeps the fixed-point sums below 2^63
  // (bjj_tw_statistics.wgsl). Dispatches are sized by the engine (no fixed steps per dispatch).
  const { trajectories, seed, pageSize, workgroupSize } = validateEngineRun({ ...p, stepsPerDispatch: undefined }, { pageSize: 1 << 20, minTrajectories: 2 });
  return {
    junction, state, segments, step: segments[0]!.step, keepStates: false, keepFinalStates: p.keepFinalStates ?? false,
    maxSteps: totalSteps, trajectories, seed, pageSize, stepsPerDispatch: null, workgroupSize,
    dispatchStepBudget: 2 ** 32, targetDispatchSeconds: 0.25, rng: DEFAULT_RNG,
  };
}
