/**
 * The harmonic model in f64 on the host, trajectory by trajectory, with the GPU's Philox streams
 * (the same normals): a reference for the kernel's arithmetic, which differs only by f32 rounding.
 */
import { gjfCoefficients } from '../../engine/gjf.js';
import { initialStateNormals, stepNormals } from '../../engine/philox.js';
import type { HarmonicConfig } from './config.js';
import { harmonicModel } from './model.js';

/** Final (x, v) of trajectory `index` after config.maxSteps steps. */
export function harmonicTrajectoryCpu(config: HarmonicConfig, index: number): { position: number; velocity: number } {
  const c = gjfCoefficients(config);
  const { steps, initialState } = harmonicModel.kernel.streams;
  const z0 = initialStateNormals(index, config.seed, initialState, config.rng);
  let x = config.initialPosition + config.initialPositionSd * z0[0];
  let v = config.initialVelocitySd * z0[1];
  let f = -config.kappa * x;
  let block = stepNormals(index, config.seed, 0, steps, config.rng);
  for (let n = 0; n < config.maxSteps; n++) {
    if (n % 4 === 0) block = stepNormals(index, config.seed, n / 4, steps, config.rng);
    const z = block[n % 4]!;
    x = x + (c.velocityToPhase * v + c.forceToPhase * f + c.noiseToPhase * z);
    const fNew = -config.kappa * x;
    v = v + (c.halfStep * (f + fNew) - c.frictionLoss * (v + c.halfStep * f) + c.noiseToVelocity * z);
    f = fNew;
  }
  return { position: x, velocity: v };
}
