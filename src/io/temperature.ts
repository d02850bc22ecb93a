/**
 * The temperature as the flags give it, one rule for every verb: `--theta θ` (k_BT/E_J), or
 * `--barrier-kT B` (ΔU(γ)/k_BT at the bias γ, so θ = ΔU(γ)/B), never both. `washboard rate` applies
 * the same rule in its configuration (src/models/rate/config.ts), with the same message.
 */
import { ParameterError, requireInRange } from '../physics/parameters.js';
import { thetaFromBarrier } from '../physics/potential.js';

/**
 * θ from whichever of θ and ΔU/k_BT was given (already parsed numbers), at bias γ; undefined when
 * neither was. `flag` turns a parameter name into the name an error should show ("--theta" for
 * the verbs whose messages carry the dashes).
 */
export function thetaFromTemperatureFlags(
  given: { theta?: number; barrierOverKT?: number },
  gamma: number,
  flag: (name: 'theta' | 'barrier-kT') => string = (name) => name,
): number | undefined {
  const { theta, barrierOverKT } = given;
  if (theta !== undefined && barrierOverKT !== undefined) {
    throw new ParameterError(flag('barrier-kT'), barrierOverKT, 'either --theta or --barrier-kT, not both');
  }
  if (barrierOverKT !== undefined) return thetaFromBarrier(gamma, requireInRange(flag('barrier-kT'), barrierOverKT, { min: 0 }));
  if (theta !== undefined) return requireInRange(flag('theta'), theta, { min: 0 });
  return undefined;
}
