/**
 * Quantum rates (physics.md §4–5) in the same dimensionless units as the classical ones: energies
 * in E_J, frequencies in ω_p0, θ = k_BT/E_J and ħ expressed as ħ̃ = ħω_p0/E_J = (8E_C/E_J)^{1/2}
 * (the parameter `hbar`). Then ħω/k_BT = ħ̃·ω/θ, and 1/RC = ω_p0/Q₀ becomes 1/Q₀.
 *
 * hbar = 0 is the classical limit: T₀ = 0, f_q = 1 and no tunnelling.
 */
import { caldeiraLeggettDamping } from './constants.js';
import { ParameterError, requireInRange, requireInteger } from './parameters.js';
import { barrierHeight, kramersFactor, plasmaFrequency, qualityFactor, requireGamma, requirePositive } from './potential.js';
import { requireRateParameters, type RateParameters } from './rates.js';
import { logAbsGamma, logGamma } from './special.js';

export interface QuantumParameters extends RateParameters {
  /** ħω_p0/E_J, the size of ħ in these units; 0 means classical. */
  hbar: number;
}

export type DampingParameters = Omit<QuantumParameters, 'theta'>;

export function requireHbar(hbar: number): number {
  return requireInRange('hbar', hbar, { min: 0, minInclusive: true });
}

/**
 * λ = (ω_b² + 1/(4R²C²))^{1/2} − 1/(2RC) in units of ω_p0: the unstable barrier-top rate with
 * damping. Equal to ω_b·κ(Q(γ)) because ω_b/(2Q(γ)) = 1/(2Q₀).
 */
export function barrierTopGrowthRate(gamma: number, Q0: number): number {
  return plasmaFrequency(gamma) * kramersFactor(qualityFactor(Q0, gamma));
}

/**
 * Crossover θ₀ = k_BT₀/E_J = ħ̃λ/(2π) (Grabert & Weiss 1984): below it the thermal saddle stops
 * being the dominant escape path, and f_q has its first pole.
 */
export function crossoverTheta(p: DampingParameters): number {
  requireGamma(p.gamma);
  requirePositive('Q0', p.Q0);
  requireHbar(p.hbar);
  return (p.hbar * barrierTopGrowthRate(p.gamma, p.Q0)) / (2 * Math.PI);
}

function requireAboveCrossover(p: QuantumParameters): void {
  requireRateParameters(p);
  requireHbar(p.hbar);
  const theta0 = crossoverTheta(p);
  if (!(p.theta > theta0)) {
    throw new ParameterError('theta', p.theta, `(${theta0}, ∞)`, 'f_q exists only above the crossover θ₀');
  }
}

/**
 * Quantum correction f_q as the Matsubara product Π_{n≥1}(ω_p² + ν_n² + ν_n/RC)/(−ω_b² + ν_n² + ν_n/RC),
 * ν_n = 2πnk_BT/ħ (Wolynes 1981; Grabert & Weiss 1984). The log-terms fall off as 2ω_p²/ν_n², so
 * after `terms` factors the remainder is added from its expansion in 1/n to O(n⁻⁴), summed by the
 * midpoint rule with its Euler–Maclaurin correction, leaving an error O(N⁻⁴).
 */
export function quantumCorrectionProduct(p: QuantumParameters, terms = 2000): number {
  requireAboveCrossover(p);
  requireInteger('terms', terms, { min: 1, minInclusive: true });
  if (p.hbar === 0) return 1;
  const w2 = plasmaFrequency(p.gamma) ** 2; // ω_p² = ω_b²
  const nu1 = (2 * Math.PI * p.theta) / p.hbar;
  const friction = 1 / p.Q0;
  let logSum = 0;
  for (let n = 1; n <= terms; n++) {
    const nu = n * nu1;
    const common = nu * nu + nu * friction;
    logSum += Math.log1p((2 * w2) / (common - w2));
  }
  // With A = 2ω²/ν₁², b = 1/(Q₀ν₁), c = ω²/ν₁², each log-term is
  //   A n⁻² − Ab n⁻³ + [A(b² + c) − A²/2] n⁻⁴ + O(n⁻⁵);
  // Σ_{n>N} f(n) = ∫_{N+½}^∞ f + f′(N+½)/24 + …, and f′/24 adds −A/(12m³).
  const m = terms + 0.5;
  const A = (2 * w2) / (nu1 * nu1);
  const b = 1 / (p.Q0 * nu1);
  const c = w2 / (nu1 * nu1);
  logSum += A / m - (A * b) / (2 * m * m) + (A * (b * b + c) - (A * A) / 2 - A / 4) / (3 * m * m * m);
  return Math.exp(logSum);
}

/**
 * Quantum correction f_q in closed form Γ(1+μ/ν)Γ(1−λ/ν)/[Γ(1+a₊/ν)Γ(1+a₋/ν)], ν = 2πk_BT/ħ.
 * For Q(γ) > ½ the a± are complex conjugates and the denominator is |Γ(1 + a₊/ν)|², so a
 * complex log-gamma is needed there; the real factors use @stdlib's gammaln.
 */
export function quantumCorrection(p: QuantumParameters): number {
  requireAboveCrossover(p);
  if (p.hbar === 0) return 1;
  const wp = plasmaFrequency(p.gamma);
  return Math.exp(logMatsubaraProduct(wp, wp, 1 / p.Q0, (2 * Math.PI * p.theta) / p.hbar, 1));
}

/**
 * ln Π_{n≥first}(ω_w² + ν_n² + ην_n)/(−ω_b² + ν_n² + ην_n), ν_n = nν, η = 1/Q₀ (0 undamped), in
 * closed form. The numerator's roots are −a± = −η/2 ∓ (η²/4 − ω_w²)^{1/2}, the denominator's λ and
 * −μ = −(λ + η), so Π_{n≥1}(n + x/ν) over roots gives ratios of Γ(first + x/ν): f_q is first = 1,
 * and first = 2 is f_q with its n = 1 factor removed, finite through T₀ (Γ(2 − λ/ν) needs only
 * ν > λ/2). ω_w and ω_b are both ω_p for the washboard; the crossover formula passes a general well's.
 */
export function logMatsubaraProduct(omegaWell: number, omegaBarrier: number, friction: number, nu: number, first: 1 | 2): number {
  const halfFriction = 0.5 * friction;
  const lambda = Math.sqrt(omegaBarrier * omegaBarrier + halfFriction * halfFriction) - halfFriction;
  const mu = lambda + friction;
  const disc = halfFriction * halfFriction - omegaWell * omegaWell;
  let logDenominator: number;
  if (disc >= 0) {
    const root = Math.sqrt(disc);
    // a₋ = ω_w²/a₊ avoids cancelling η/2 − root.
    const aPlus = halfFriction + root;
    const aMinus = (omegaWell * omegaWell) / aPlus;
    logDenominator = logGamma(first + aPlus / nu) + logGamma(first + aMinus / nu);
  } else {
    logDenominator = 2 * logAbsGamma(first + halfFriction / nu, Math.sqrt(-disc) / nu);
  }
  return logGamma(first + mu / nu) + logGamma(first - lambda / nu) - logDenominator;
}

/** ΔU/ħω_p at the bias: the number that sets every tunnelling exponent. */
export function barrierOverQuantum(gamma: number, hbar: number): number {
  requirePositive('hbar', hbar);
  return barrierHeight(gamma) / (hbar * plasmaFrequency(gamma));
}

/** a_q = (864π ΔU/ħω_p)^{1/2}, the Caldeira–Leggett prefactor for the cubic well. */
export function mqtPrefactor(gamma: number, hbar: number): number {
  return Math.sqrt(864 * Math.PI * barrierOverQuantum(gamma, hbar));
}

/**
 * Zero-temperature MQT rate with ohmic damping (Caldeira–Leggett 1983, cubic potential), Γ/ω_p0:
 *   a_q (ω_p/2π) exp[−(36/5)(ΔU/ħω_p)(1 + 0.87/Q)],  Q = Q(γ), 0.87 = 45ζ(3)/(2π³),
 * with the exact ΔU in place of the cubic one (the two agree to (1−γ)/20).
 */
export function mqtRate(p: DampingParameters): number {
  requireGamma(p.gamma);
  requirePositive('Q0', p.Q0);
  const x = barrierOverQuantum(p.gamma, p.hbar);
  const Q = qualityFactor(p.Q0, p.gamma);
  const exponent = (36 / 5) * x * (1 + caldeiraLeggettDamping / Q);
  return mqtPrefactor(p.gamma, p.hbar) * (plasmaFrequency(p.gamma) / (2 * Math.PI)) * Math.exp(-exponent);
}

/**
 * ln[Γ(T)/Γ(0)] ≈ (36π/Q)(ΔU/ħω_p)(k_BT/ħω_p)²: leading-order thermal enhancement of MQT at
 * weak damping (Grabert, Olschowski & Weiss, PRB 36, 1931 (1987)); meant for T below T₀.
 */
export function mqtLogThermalEnhancement(p: QuantumParameters): number {
  requireGamma(p.gamma);
  requirePositive('Q0', p.Q0);
  requireInRange('theta', p.theta, { min: 0, minInclusive: true });
  const x = barrierOverQuantum(p.gamma, p.hbar);
  const t = p.theta / (p.hbar * plasmaFrequency(p.gamma));
  return ((36 * Math.PI) / qualityFactor(p.Q0, p.gamma)) * x * t * t;
}

/** MQT rate at temperature: Γ_q(0)·exp(enhancement), Γ/ω_p0. */
export function mqtRateAtTemperature(p: QuantumParameters): number {
  return mqtRate(p) * Math.exp(mqtLogThermalEnhancement(p));
}
