/**
 * A metastable well as the quantum-escape solvers see it: q = φ − φ_min measured from the well
 * bottom, V(q) = u(φ_min + q) − u(φ_min) in units of E_J, with V(0) = 0, V″(0) = ω². The
 * particle escapes towards q > 0 over the barrier at q_b and leaves the forbidden region at the
 * exit point q_e > q_b where V(q_e) = 0.
 *
 * Two wells are provided: the exact washboard (physics.md §3) and the cubic well with the same
 * ΔU and ω, which is the potential every closed-form MQT result (Caldeira–Leggett, the overdamped
 * bounce) was derived for; running the same solvers on the cubic is what lets tests compare them
 * with those closed forms exactly.
 */
import { ParameterError } from '../parameters.js';
import { barrierHeight, barrierTop, plasmaFrequency, requireGamma, requirePositive, wellMinimum } from '../potential.js';
import { bisect, integrate } from '../quadrature.js';

export interface MetastableWell {
  /** Human-readable name, e.g. "washboard γ = 0.9". */
  name: string;
  /** V(q), V′(q), V″(q) for real q. */
  V: (q: number) => number;
  dV: (q: number) => number;
  d2V: (q: number) => number;
  /** V at complex q = re + i·im, as [Re V, Im V] (for complex scaling). */
  Vcomplex: (re: number, im: number) => [number, number];
  /** Small-oscillation frequency ω = √V″(0) (units of ω_p0). */
  omega: number;
  /** Barrier-top position q_b and height ΔU = V(q_b); V″(q_b) = −ω_b². */
  barrierPosition: number;
  barrierHeight: number;
  omegaBarrier: number;
  /** Exit point q_e > q_b with V(q_e) = 0. */
  exitPoint: number;
  /** Cubic Taylor coefficients about the bottom: V = ω²q²/2 + αq³ + βq⁴ + … */
  cubicCoefficient: number;
  quarticCoefficient: number;
  /** Left classical turning point (q < 0) at energy E (0 < E ≤ ΔU). */
  leftTurningPoint: (E: number) => number;
}

/** The exact tilted washboard at bias γ (requires 0 < γ < 1). */
export function washboardWell(gamma: number): MetastableWell {
  requireGamma(gamma);
  requirePositive('gamma', gamma);
  const phiMin = wellMinimum(gamma);
  const c = Math.sqrt((1 - gamma) * (1 + gamma));
  const sinMin = gamma;
  const dU = barrierHeight(gamma);
  const qb = barrierTop(gamma) - phiMin;
  // V(q) = −cos(φ_min + q) + cos φ_min − γq = c(1 − cos q) + γ(sin q − q): no cancellation at small q.
  const V = (q: number) => {
    const h = Math.sin(0.5 * q);
    return 2 * c * h * h - sinMin * sMinusSin(q);
  };
  const dV = (q: number) => c * Math.sin(q) + gamma * (Math.cos(q) - 1);
  const d2V = (q: number) => c * Math.cos(q) - gamma * Math.sin(q);
  const Vcomplex = (re: number, im: number): [number, number] => {
    // c(1 − cos z) + γ(sin z − z), z = re + i·im
    const ch = Math.cosh(im);
    const sh = Math.sinh(im);
    const cosRe = Math.cos(re) * ch;
    const cosIm = -Math.sin(re) * sh;
    const sinRe = Math.sin(re) * ch;
    const sinIm = Math.cos(re) * sh;
    return [c * (1 - cosRe) + gamma * (sinRe - re), -c * cosIm + gamma * (sinIm - im)];
  };
  // V decreases past the barrier until the next minimum at q = 2π, where V = −2πγ < 0.
  const qe = bisect(V, qb, 2 * Math.PI);
  return {
    name: `washboard γ = ${gamma}`,
    V,
    dV,
    d2V,
    Vcomplex,
    omega: plasmaFrequency(gamma),
    barrierPosition: qb,
    barrierHeight: dU,
    omegaBarrier: plasmaFrequency(gamma),
    exitPoint: qe,
    cubicCoefficient: -gamma / 6,
    quarticCoefficient: -c / 24,
    leftTurningPoint: (E: number) => {
      // The left wall rises to the previous barrier top at q_b − 2π, ΔU + 2πγ above the bottom.
      return bisect((q) => V(q) - E, qb - 2 * Math.PI, 0);
    },
  };
}

/** s − sin s without cancellation at small s. */
function sMinusSin(s: number): number {
  if (Math.abs(s) > 0.5) return s - Math.sin(s);
  const s2 = s * s;
  let term = (s * s2) / 6;
  let sum = 0;
  for (let k = 4; k < 40; k += 2) {
    sum += term;
    term *= -s2 / (k * (k + 1));
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return sum;
}

/**
 * The cubic well V = (ω²/2)q²(1 − q/q_e) with barrier ΔU = (2/27)ω²q_e² at q_b = 2q_e/3 and
 * ω_b = ω. It is the γ → 1 limit of the washboard, and the potential of the Caldeira–Leggett
 * formulas.
 */
export function cubicWell(barrier: number, omega: number): MetastableWell {
  requirePositive('barrier', barrier);
  requirePositive('omega', omega);
  const qe = Math.sqrt((27 * barrier) / (2 * omega * omega));
  const a = 0.5 * omega * omega;
  const b = a / qe;
  return {
    name: `cubic ΔU = ${barrier}, ω = ${omega}`,
    V: (q) => a * q * q - b * q * q * q,
    dV: (q) => 2 * a * q - 3 * b * q * q,
    d2V: (q) => 2 * a - 6 * b * q,
    Vcomplex: (re, im) => {
      const re2 = re * re - im * im;
      const im2 = 2 * re * im;
      const re3 = re2 * re - im2 * im;
      const im3 = re2 * im + im2 * re;
      return [a * re2 - b * re3, a * im2 - b * im3];
    },
    omega,
    barrierPosition: (2 * qe) / 3,
    barrierHeight: barrier,
    omegaBarrier: omega,
    exitPoint: qe,
    cubicCoefficient: -b,
    quarticCoefficient: 0,
    leftTurningPoint: (E: number) => {
      let lo = -1;
      while (a * lo * lo - b * lo * lo * lo < E) lo *= 2;
      return bisect((q) => a * q * q - b * q * q * q - E, lo, 0);
    },
  };
}

/**
 * Undamped zero-temperature bounce quantities of any well by quadrature:
 *   action S_B = 2∫₀^{q_e} √(2V) dq (units of E_J/ω_p0, so the exponent is S_B/ħ̃), and
 *   the tail amplitude 𝒬 of q_B(τ) ≈ 𝒬 e^{−ω|τ|}, ln 𝒬 = ln q_e + ∫₀^{q_e} [ω/√(2V) − 1/q] dq,
 * from τ(q) = ∫_q^{q_e} dq′/√(2V) (energy conservation on the bounce). For the cubic 𝒬 = 4q_e.
 */
export function undampedBounce(well: MetastableWell): { action: number; tailAmplitude: number } {
  const qe = well.exitPoint;
  const w = well.omega;
  const vel = (q: number) => Math.sqrt(2 * Math.max(0, well.V(q)));
  const S = 2 * integrate(vel, 0, qe, { breakpoints: [well.barrierPosition], relTol: 1e-13 });
  const small = 1e-3 * qe;
  const alpha = well.cubicCoefficient;
  const beta = well.quarticCoefficient;
  const w2 = w * w;
  const integrand = (q: number) => {
    // Near q = 0 the difference cancels; there ω/√(2V) − 1/q = −α/ω² + (3α²/2ω⁴ − β/ω²)q + O(q²).
    if (q < small) return -alpha / w2 + ((1.5 * alpha * alpha) / (w2 * w2) - beta / w2) * q;
    return w / vel(q) - 1 / q;
  };
  const qb = well.barrierPosition;
  // Past the barrier, q = q_e − s² removes the inverse-square-root end point of 1/√(2V).
  const slopeAtExit = Math.abs(well.dV(qe));
  const outer = (s: number) => {
    const v = well.V(qe - s * s);
    return v > 0 && s > 1e-7 ? (2 * s * w) / Math.sqrt(2 * v) : (2 * w) / Math.sqrt(2 * slopeAtExit);
  };
  const lnQ =
    Math.log(qe) +
    integrate(integrand, 0, qb, { breakpoints: [small], relTol: 1e-12 }) +
    integrate(outer, 0, Math.sqrt(qe - qb), { relTol: 1e-12 }) -
    Math.log(qe / qb);
  return { action: S, tailAmplitude: Math.exp(lnQ) };
}

/**
 * Instanton (Caldeira–Leggett undamped, any potential) ground-state decay width:
 *   Γ₀ = ω𝒬 √(ω/πħ̃) e^{−S_B/ħ̃}.
 * For the cubic well it is 12ω(3ΔU/2πħ̃ω)^{1/2}e^{−36ΔU/5ħ̃ω} (physics.md §5). Leading order in ħ̃.
 */
export function instantonGroundWidth(well: MetastableWell, hbar: number): number {
  requirePositive('hbar', hbar);
  const { action, tailAmplitude } = undampedBounce(well);
  const w = well.omega;
  return w * tailAmplitude * Math.sqrt(w / (Math.PI * hbar)) * Math.exp(-action / hbar);
}

/** Throws unless the well is metastable for this ħ̃: at least one Bohr–Sommerfeld level below ΔU. */
export function requireQuasiBoundLevel(barrierAction: number, hbar: number): void {
  const levels = Math.floor(barrierAction / (2 * Math.PI * hbar) + 0.5);
  if (levels < 1) {
    throw new ParameterError(
      'hbar',
      hbar,
      `(0, ${barrierAction / Math.PI})`,
      'the barrier holds no quasi-bound level (Bohr–Sommerfeld ∮p dφ at the barrier top < πħ̃), so the well is not metastable',
    );
  }
}
