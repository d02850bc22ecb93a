/**
 * The ring-polymer model in f64 on the host, polymer by polymer, with the GPU's Philox streams (the
 * same normals, engine step nP + k feeding mode k's thermostat in ring-polymer step n): a reference
 * for the kernel's arithmetic, which differs from it only by f32 rounding.
 */
import { initialStateNormals, stepNormals } from '../../engine/philox.js';
import { ringPolymerCoefficients } from './coefficients.js';
import type { RingPolymerConfig } from './config.js';
import { RING_POLYMER_STREAMS } from './model.js';

function beadForce(config: RingPolymerConfig, phi: number): number {
  return config.potential === 'harmonic' ? -config.omega0Squared * phi : config.gamma - Math.sin(phi);
}

/** Final normal modes (q̃_k, p̃_k) of polymer `index` after config.polymerSteps steps. */
export function ringPolymerTrajectoryCpu(config: RingPolymerConfig, index: number): { modePosition: Float64Array; modeMomentum: Float64Array } {
  const P = config.beads;
  const c = ringPolymerCoefficients(config);
  const { steps, initialState } = RING_POLYMER_STREAMS;
  const q = new Float64Array(P);
  const p = new Float64Array(P);
  const f = new Float64Array(P);
  const force = new Float64Array(P);
  const updateForces = () => {
    for (let j = 0; j < P; j++) {
      let phi = 0;
      for (let k = 0; k < P; k++) phi += c.modes[j * P + k]! * q[k]!;
      force[j] = beadForce(config, phi);
    }
    for (let k = 0; k < P; k++) {
      let s = 0;
      for (let j = 0; j < P; j++) s += c.modes[j * P + k]! * force[j]!;
      f[k] = s;
    }
  };
  const mobility = config.constrainCentroid ? 0 : 1;
  const kick = () => {
    for (let k = 0; k < P; k++) p[k] = p[k]! + c.halfStep * f[k]!;
    p[0] = p[0]! * mobility;
  };
  const rotate = () => {
    for (let k = 0; k < P; k++) {
      const x = q[k]!, v = p[k]!;
      q[k] = c.rotationCos[k]! * x + c.rotationSinOverOmega[k]! * v;
      p[k] = c.rotationCos[k]! * v - c.rotationOmegaSin[k]! * x;
    }
  };
  const z0 = initialStateNormals(index, config.seed, initialState, config.rng);
  q[0] = Math.sqrt(P) * (config.initialCentroid + config.initialCentroidSd * z0[0]);
  p[0] = mobility * Math.sqrt(P * config.theta) * z0[1];
  updateForces();
  let block = stepNormals(index, config.seed, 0, steps, config.rng);
  for (let step = 0; step < config.maxSteps; step++) {
    if (step % 4 === 0) block = stepNormals(index, config.seed, step / 4, steps, config.rng);
    const z = block[step % 4]!;
    const mode = step % P;
    if (mode === 0) { kick(); rotate(); }
    p[mode] = p[mode]! - c.thermostatDamping[mode]! * p[mode]! + c.thermostatNoise[mode]! * z;
    p[0] = p[0]! * mobility;
    if (mode === P - 1) { rotate(); updateForces(); kick(); }
  }
  return { modePosition: q, modeMomentum: p };
}
