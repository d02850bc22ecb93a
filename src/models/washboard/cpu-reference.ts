/**
 * The CPU reference: the same GJF integrator and the same Philox streams as
 * shaders/models/washboard/washboard_dynamics.wgsl (composed into the engine kernel shaders/engine/trajectories.wgsl), in f64. Tests compare GPU trajectories with it step by step, and
 * `--backend cpu` runs small ensembles with it.
 */
import { escapePoint, initialDistribution, type EscapeConfig } from '../rate/config.js';
import { gjfCoefficients } from '../../engine/gjf.js';
import { initialStateNormals, stepNormals, STREAM_SWITCHING_INITIAL_STATE, STREAM_SWITCHING_STEPS, type Block } from '../../engine/philox.js';
import { biasAtRampStep, rampStepOf, switchingInitialDistribution, type SwitchingConfig } from '../switching/config.js';
import { switchingStatisticsFromSteps, type SwitchingStatistics } from '../switching/statistics.js';
import { NOT_ESCAPED, statisticsFromEscapeSteps, type EscapeStatistics } from '../rate/statistics.js';

export interface TrajectoryState {
  /** Wrapped into [−π, π); the absolute phase is phase + 2π·winding. */
  phase: number;
  velocity: number;
  force: number;
  winding: number;
  escapeStep: number;
}

type ReferenceConfig = Pick<EscapeConfig, 'gamma' | 'Q0' | 'theta' | 'dt' | 'seed' | 'escapeAt' | 'init'> & Partial<Pick<EscapeConfig, 'rng'>>;

/** wrap_phase of washboard_dynamics.wgsl in f64: any number of turns, one turn being exactly −2π. */
function wrap(s: TrajectoryState): void {
  if (s.phase >= Math.PI || s.phase < -Math.PI) {
    let turns = Math.floor((s.phase + Math.PI) / (2 * Math.PI));
    s.phase -= turns * (2 * Math.PI);
    if (s.phase >= Math.PI) {
      s.phase -= 2 * Math.PI;
      turns += 1;
    } else if (s.phase < -Math.PI) {
      s.phase += 2 * Math.PI;
      turns -= 1;
    }
    s.winding += turns;
  }
}

export function initialState(config: ReferenceConfig, trajectoryIndex: number): TrajectoryState {
  return startingState(initialDistribution(config), config.gamma, escapePoint(config.escapeAt), initialStateNormals(trajectoryIndex, config.seed, undefined, config.rng));
}

function startingState(d: { phase: number; phaseSd: number; velocitySd: number }, gamma: number, absorbing: Point, z: Block): TrajectoryState {
  const s: TrajectoryState = { phase: d.phase + d.phaseSd * z[0], velocity: d.velocitySd * z[1], force: 0, winding: 0, escapeStep: NOT_ESCAPED };
  wrap(s);
  s.force = gamma - Math.sin(s.phase);
  if (hasReached(s, absorbing)) s.escapeStep = 0;
  return s;
}

type Point = { phase: number; winding: number };

function hasReached(s: TrajectoryState, e: Point): boolean {
  return s.winding > e.winding || (s.winding === e.winding && s.phase >= e.phase);
}

/** One GJF step (shaders/lib/gjf.wgsl with the washboard force): f_{n+1} = f(φ_{n+1}, γ_{n+1}) with the bias at the end of the step. */
function gjfStep(s: TrajectoryState, c: ReturnType<typeof gjfCoefficients>, gammaNew: number, noise: number): void {
  const fOld = s.force;
  s.phase += c.velocityToPhase * s.velocity + c.forceToPhase * fOld + c.noiseToPhase * noise;
  wrap(s);
  const fNew = gammaNew - Math.sin(s.phase);
  s.velocity = s.velocity + (c.halfStep * (fOld + fNew) - c.frictionLoss * (s.velocity + c.halfStep * fOld) + c.noiseToVelocity * noise);
  s.force = fNew;
}

/** Steps `fromStep` (a multiple of 4) … `toStep` with the bias after each step from `biasAt`, stopping on arrival at `absorbing`. */
function integrate(
  s: TrajectoryState,
  c: ReturnType<typeof gjfCoefficients>,
  normals: (block: number) => Block,
  biasAt: (step: number) => number,
  absorbing: Point,
  fromStep: number,
  toStep: number,
  onStep?: (step: number, s: TrajectoryState) => void,
): TrajectoryState {
  if (s.escapeStep !== NOT_ESCAPED) return s;
  let z = normals(fromStep >>> 2);
  for (let step = fromStep; step < toStep; step++) {
    if ((step & 3) === 0 && step !== fromStep) z = normals(step >>> 2);
    gjfStep(s, c, biasAt(step + 1), z[step & 3]!);
    onStep?.(step + 1, s);
    if (hasReached(s, absorbing)) {
      s.escapeStep = step + 1;
      break;
    }
  }
  return s;
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
  const gamma = config.gamma;
  return integrate(s, gjfCoefficients(config), (block) => stepNormals(trajectoryIndex, config.seed, block, undefined, config.rng), () => gamma, escapePoint(config.escapeAt), fromStep, toStep, onStep);
}

type RampReferenceConfig = Pick<SwitchingConfig, 'gammaStart' | 'rampPerStep' | 'holdSteps' | 'Q0' | 'theta' | 'dt' | 'seed' | 'switchAt' | 'init'> & Partial<Pick<SwitchingConfig, 'rng'>>;

/** A switching trajectory's initial state: the thermal sample at γ_start from the switching streams. */
export function initialSwitchingState(config: RampReferenceConfig, trajectoryIndex: number): TrajectoryState {
  const z = initialStateNormals(trajectoryIndex, config.seed, STREAM_SWITCHING_INITIAL_STATE, config.rng);
  return startingState(switchingInitialDistribution(config), config.gammaStart, escapePoint(config.switchAt), z);
}

/**
 * advanceTrajectory under the bias ramp of shaders/langevin_switching.wgsl: held at γ_start for
 * holdSteps, then γ = γ_start + γ̇Δτ·k after ramp step k. `escapeStep` becomes the switching step.
 */
export function advanceSwitchingTrajectory(
  config: RampReferenceConfig,
  trajectoryIndex: number,
  s: TrajectoryState,
  fromStep: number,
  toStep: number,
  onStep?: (step: number, s: TrajectoryState) => void,
): TrajectoryState {
  const normals = (block: number) => stepNormals(trajectoryIndex, config.seed, block, STREAM_SWITCHING_STEPS, config.rng);
  const biasAt = (step: number) => biasAtRampStep(config, rampStepOf(config, step));
  return integrate(s, gjfCoefficients(config), normals, biasAt, escapePoint(config.switchAt), fromStep, toStep, onStep);
}

/** A whole switching ensemble on the CPU, with the statistics the GPU engine produces. */
export function runSwitchingEnsembleCpu(config: SwitchingConfig, onProgress?: (done: number, switched: number) => void): SwitchingStatistics {
  const steps = new Uint32Array(config.trajectories);
  let switched = 0;
  for (let i = 0; i < config.trajectories; i++) {
    steps[i] = advanceSwitchingTrajectory(config, i, initialSwitchingState(config, i), 0, config.maxSteps).escapeStep;
    if (steps[i] !== NOT_ESCAPED) switched++;
    if (onProgress && (i & 255) === 255) onProgress(i + 1, switched);
  }
  return switchingStatisticsFromSteps(config, steps, config.keepSwitchSteps);
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
