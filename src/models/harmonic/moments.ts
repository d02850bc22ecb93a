/**
 * Exact moments of the harmonic model, two ways:
 * - the continuous process (dt → 0): mean and variances of x(t), v(t) from a sharp start (x₀, 0),
 *   Chandrasekhar, Rev. Mod. Phys. 15, 1 (1943), ch. II §3 (the Brownian oscillator), underdamped case;
 * - the GJF chain itself at finite Δt: the step is linear in (x, v, z), so the mean and covariance
 *   propagate exactly, m ← M m and C ← M C Mᵀ + g gᵀ (no sampling). Its stationary position variance
 *   is θ/κ at any stable Δt (Grønbech-Jensen & Farago, Mol. Phys. 111, 983 (2013)).
 */
import { gjfCoefficients } from '../../engine/gjf.js';

type GjfCoefficients = ReturnType<typeof gjfCoefficients>;

export interface OscillatorMoments {
  meanPosition: number;
  meanVelocity: number;
  varPosition: number;
  varVelocity: number;
  covariance: number;
}

/** The continuous process at time t from x(0) = x₀, v(0) = 0 (underdamped: κ > 1/(4Q₀²)). */
export function continuumMoments(p: { kappa: number; Q0: number; theta: number; initialPosition: number }, t: number): OscillatorMoments {
  const g = 1 / p.Q0;
  const w1 = Math.sqrt(p.kappa - g * g / 4);
  if (!(w1 > 0)) throw new Error('continuumMoments: only the underdamped oscillator (κ > 1/(4Q₀²))');
  const decay = Math.exp(-g * t / 2);
  const [c, s] = [Math.cos(w1 * t), Math.sin(w1 * t)];
  const e = Math.exp(-g * t);
  const s2 = Math.sin(2 * w1 * t);
  return {
    meanPosition: p.initialPosition * decay * (c + (g / (2 * w1)) * s),
    meanVelocity: -p.initialPosition * decay * (p.kappa / w1) * s,
    varPosition: (p.theta / p.kappa) * (1 - (e / (w1 * w1)) * (w1 * w1 + (g * g / 2) * s * s + (g * w1 / 2) * s2)),
    varVelocity: p.theta * (1 - (e / (w1 * w1)) * (w1 * w1 + (g * g / 2) * s * s - (g * w1 / 2) * s2)),
    covariance: ((g * p.theta) / (w1 * w1)) * e * s * s,
  };
}

/** One GJF step of x'' = −κx − x'/Q₀ + ξ as the linear map (x, v, z) → (x', v'), in f64. */
function gjfLinearStep(p: { kappa: number }, c: GjfCoefficients, x: number, v: number, z: number): [number, number] {
  const fOld = -p.kappa * x;
  const xNew = x + c.velocityToPhase * v + c.forceToPhase * fOld + c.noiseToPhase * z;
  const fNew = -p.kappa * xNew;
  // a·v + (Δτ/2)(a·f_n + f_{n+1}) + b·β_n of physics.md §2 with a = 1 − (1 − a), grouped so that
  // 1 − a keeps its full f64 precision at large Q₀.
  return [xNew, v - c.frictionLoss * (v + c.halfStep * fOld) + c.halfStep * (fOld + fNew) + c.noiseToVelocity * z];
}

/**
 * The GJF chain's moments after `steps` steps from x ~ N(x₀, σ_x²), v ~ N(0, σ_v²) independent.
 * Exact up to f64 rounding: the map is linear and the noise Gaussian and independent of the state.
 * `coefficients` (default: the exact ones of physics.md §2) lets a test ask what a chain with
 * other coefficients, e.g. rounded ones, would give.
 */
export function gjfMoments(
  p: { kappa: number; Q0: number; theta: number; dt: number; initialPosition: number; initialPositionSd?: number; initialVelocitySd?: number },
  steps: number,
  coefficients: GjfCoefficients = gjfCoefficients(p),
): OscillatorMoments {
  // Columns of M and the noise vector g, from the map applied to unit inputs.
  const [mxx, mvx] = gjfLinearStep(p, coefficients, 1, 0, 0);
  const [mxv, mvv] = gjfLinearStep(p, coefficients, 0, 1, 0);
  const [gx, gv] = gjfLinearStep(p, coefficients, 0, 0, 1);
  let [mx, mv] = [p.initialPosition, 0];
  let [cxx, cxv, cvv] = [(p.initialPositionSd ?? 0) ** 2, 0, (p.initialVelocitySd ?? 0) ** 2];
  for (let n = 0; n < steps; n++) {
    [mx, mv] = [mxx * mx + mxv * mv, mvx * mx + mvv * mv];
    // C ← M C Mᵀ + g gᵀ
    const ax = mxx * cxx + mxv * cxv, av = mxx * cxv + mxv * cvv; // row x of M C
    const bx = mvx * cxx + mvv * cxv, bv = mvx * cxv + mvv * cvv; // row v of M C
    [cxx, cxv, cvv] = [ax * mxx + av * mxv + gx * gx, ax * mvx + av * mvv + gx * gv, bx * mvx + bv * mvv + gv * gv];
  }
  return { meanPosition: mx, meanVelocity: mv, varPosition: cxx, varVelocity: cvv, covariance: cxv };
}
