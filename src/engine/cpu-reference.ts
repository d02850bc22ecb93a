/**
 * The CPU reference: the same GJF integrator and the same Philox stream as
 * shaders/langevin_escape.wgsl, in f64. Tests compare GPU trajectories with it step by step, and
 * `--backend cpu` runs small ensembles with it.
 */
import { escapePoint, gjfCoefficients, initialDistribution, type EscapeConfig } from './config.js';
import { initialStateNormals, stepNormals } from './philox.js';
import { NOT_ESCAPED, statisticsFromEscapeSteps, type EscapeStatistics } from './statistics.js';

export interface TrajectoryState {
  /** Wrapped into [−π, π); the absolute phase is phase + 2π·winding. */
  phase: number;
  velocity: number;
  force: number;
  winding: number;
  escapeStep: number;
}

type ReferenceConfig = Pick<EscapeConfig, 'gamma' | 'Q0' | 'theta' | 'dt' | 'seed' | 'escapeAt' | 'init'>;

function wrap(s: TrajectoryState): void {
  if (s.phase >= Math.PI) {
    s.phase -= 2 * Math.PI;
    s.winding += 1;
  } else if (s.phase < -Math.PI) {
    s.phase += 2 * Math.PI;
    s.winding -= 1;
  }
}

export function initialState(config: ReferenceConfig, trajectoryIndex: number): TrajectoryState {
  const d = initialDistribution(config);
  const z = initialStateNormals(trajectoryIndex, config.seed);
  const s: TrajectoryState = { phase: d.phase + d.phaseSd * z[0], velocity: d.velocitySd * z[1], force: 0, winding: 0, escapeStep: NOT_ESCAPED };
  wrap(s);
  s.force = config.gamma - Math.sin(s.phase);
  if (hasEscaped(s, escapePoint(config.escapeAt))) s.escapeStep = 0;
  return s;
}

function hasEscaped(s: TrajectoryState, e: { phase: number; winding: number }): boolean {
  return s.winding > e.winding || (s.winding === e.winding && s.phase >= e.phase);
}

/**
 * Advances one trajectory from step `fromStep` (a multiple of 4) to `toStep`, stopping at escape.
 * `onStep`, if given, sees the state after every step.
 */
export function advanceTrajectory(
  config: ReferenceConfig,
  trajectoryIndex: number,
  s: TrajectoryState,
  fromStep: number,
  toStep: number,
  onStep?: (step: number, s: TrajectoryState) => void,
): TrajectoryState {
  if (s.escapeStep !== NOT_ESCAPED) return s;
  const c = gjfCoefficients(config);
  const e = escapePoint(config.escapeAt);
  let z = stepNormals(trajectoryIndex, config.seed, fromStep >>> 2);
  for (let step = fromStep; step < toStep; step++) {
    if ((step & 3) === 0 && step !== fromStep) z = stepNormals(trajectoryIndex, config.seed, step >>> 2);
    const noise = z[step & 3]!;
    const fOld = s.force;
    s.phase += c.velocityToPhase * s.velocity + c.forceToPhase * fOld + c.noiseToPhase * noise;
    wrap(s);
    const fNew = config.gamma - Math.sin(s.phase);
    s.velocity = c.velocityDamping * s.velocity + c.halfStep * (c.velocityDamping * fOld + fNew) + c.noiseToVelocity * noise;
    s.force = fNew;
    onStep?.(step + 1, s);
    if (hasEscaped(s, e)) {
      s.escapeStep = step + 1;
      break;
    }
  }
  return s;
}

/** A whole ensemble on the CPU, with the same statistics the GPU engine produces. */
export function runEscapeEnsembleCpu(
  config: EscapeConfig,
  onProgress?: (done: number, escaped: number) => void,
): EscapeStatistics {
  const escapeSteps = new Uint32Array(config.trajectories);
  let escaped = 0;
  for (let i = 0; i < config.trajectories; i++) {
    const s = advanceTrajectory(config, i, initialState(config, i), 0, config.maxSteps);
    escapeSteps[i] = s.escapeStep;
    if (s.escapeStep !== NOT_ESCAPED) escaped++;
    if (onProgress && (i & 255) === 255) onProgress(i + 1, escaped);
  }
  return statisticsFromEscapeSteps(config, escapeSteps, config.keepEscapeSteps);
}
