/**
 * The ring-polymer model's configuration (physics.md §10; docs/ring-polymer.md): P beads of the
 * junction phase in the units of physics.md (energy E_J, time 1/ω_p0, unit mass, θ = k_BT/E_J,
 * ħ̃ = ħω_p0/E_J), in a harmonic well u = ½ω₀²φ² (the exact check) or the washboard
 * u = −cos φ − γφ, with the Ohmic Caldeira–Leggett bath of quality factor Q₀.
 */
import { DEFAULT_RNG } from '../../engine/philox.js';
import { MAX_STEPS, validateEngineRun, type EngineConfig } from '../../engine/model.js';
import { ParameterError, requireInRange, requireInteger } from '../../physics/parameters.js';
import { freeRingFrequency, ohmicModeStiffness } from '../../physics/ring-polymer.js';

/** Beads are held in registers, one polymer per invocation: P ≤ 32 (docs/ring-polymer.md). */
export const MAX_BEADS = 32;

export type RingPolymerPotential = 'harmonic' | 'washboard';

export interface RingPolymerParameters {
  beads: number;
  /** ħ̃ = ħω_p0/E_J (> 0). */
  hbar: number;
  theta: number;
  Q0: number;
  potential: RingPolymerPotential;
  /** ω₀² of the harmonic well (potential 'harmonic'). */
  omega0Squared?: number;
  /** γ = I/I_c of the washboard (potential 'washboard'). */
  gamma?: number;
  dt: number;
  /** The time at which the ensemble is observed (rounded to whole ring-polymer steps). */
  time: number;
  trajectories: number;
  seed?: number;
  /** Initial centroid φ̄ ~ N(φ̄₀, σ²); the internal modes start at 0 (a collapsed polymer). */
  initialCentroid?: number;
  initialCentroidSd?: number;
  /**
   * Hold the centroid fixed at its initial value (its momentum kept 0): the constrained-centroid
   * ensemble, whose mean bead force is −dF/dφ̄ of the centroid free energy.
   */
  constrainCentroid?: boolean;
  pageSize?: number;
  /** Engine steps per dispatch: a multiple of 4 (an engine step is one mode's thermostat kick). */
  stepsPerDispatch?: number;
  workgroupSize?: number;
  keepFinalStates?: boolean;
}

export interface RingPolymerConfig extends EngineConfig {
  beads: number;
  hbar: number;
  theta: number;
  Q0: number;
  potential: RingPolymerPotential;
  omega0Squared: number;
  gamma: number;
  dt: number;
  /** Whole ring-polymer steps; the engine runs maxSteps = polymerSteps·P of its own steps. */
  polymerSteps: number;
  initialCentroid: number;
  initialCentroidSd: number;
  constrainCentroid: boolean;
  keepFinalStates: boolean;
}

export function validateRingPolymerParameters(p: RingPolymerParameters): RingPolymerConfig {
  const beads = requireInteger('beads', p.beads, { min: 1, minInclusive: true, max: MAX_BEADS, maxInclusive: true });
  const hbar = requireInRange('hbar', p.hbar, { min: 0 });
  const theta = requireInRange('theta', p.theta, { min: 0 });
  const Q0 = requireInRange('Q', p.Q0, { min: 0 });
  if (p.potential !== 'harmonic' && p.potential !== 'washboard') throw new ParameterError('potential', p.potential, "'harmonic' or 'washboard'");
  const omega0Squared = p.potential === 'harmonic' ? requireInRange('omega0-squared', p.omega0Squared ?? 1, { min: 0 }) : 0;
  const gamma = p.potential === 'washboard' ? requireInRange('gamma', p.gamma ?? 0, { min: -1, max: 1 }) : 0;
  // The external force is integrated by velocity Verlet kicks (the springs and the bath exactly):
  // stable while ω Δt < 2 for the stiffest external curvature (ω₀, or 1 for the washboard).
  const curvature = p.potential === 'harmonic' ? Math.sqrt(omega0Squared) : 1;
  // The exact ring rotations resonate with the external kicks near Ω_kΔt/2 = π (the bias of a harmonic
  // mode reaches 2% at Ω_kΔt/2 = 3.2, 3·10⁻⁴ at 1.6: moments.ts); Ω_maxΔt < π keeps well clear of it.
  let stiffest = 0;
  for (let k = 1; k < beads; k++) {
    const wk = freeRingFrequency(k, beads, theta, hbar);
    stiffest = Math.max(stiffest, Math.sqrt(wk * wk + ohmicModeStiffness(k, beads, theta, hbar, Q0)));
  }
  const dtMax = Math.min(2 / curvature, stiffest > 0 ? Math.PI / stiffest : Infinity);
  const dt = requireInRange('dt', p.dt, { min: 0, max: dtMax });
  const maxPolymerSteps = Math.floor(MAX_STEPS / beads);
  const time = requireInRange('time', p.time, { min: 0, max: maxPolymerSteps * dt, maxInclusive: true });
  const polymerSteps = Math.max(1, Math.round(time / dt));
  const { trajectories, seed, pageSize, stepsPerDispatch, workgroupSize } = validateEngineRun(p, { pageSize: 1 << 18 });
  return {
    beads, hbar, theta, Q0, potential: p.potential, omega0Squared, gamma, dt, polymerSteps,
    maxSteps: polymerSteps * beads, trajectories, seed, pageSize, stepsPerDispatch, workgroupSize,
    dispatchStepBudget: 2 ** 32, targetDispatchSeconds: 0.25, rng: DEFAULT_RNG,
    initialCentroid: requireInRange('initial-centroid', p.initialCentroid ?? 0, { min: -1000, max: 1000, minInclusive: true, maxInclusive: true }),
    initialCentroidSd: requireInRange('initial-centroid-sd', p.initialCentroidSd ?? 0, { min: 0, minInclusive: true }),
    constrainCentroid: p.constrainCentroid ?? false,
    keepFinalStates: p.keepFinalStates ?? false,
  };
}
