/**
 * The ring polymer of the junction phase (physics.md §10) and its exact Gaussian answers.
 *
 * Units (physics.md §1, §10): energy E_J, time 1/ω_p0, unit mass (H = p²/2 + u(φ), p = φ′),
 * θ = k_BT/E_J, ħ̃ = ħω_p0/E_J. A polymer of P beads φ_j is sampled at θ_P = Pθ with
 *   H_P = Σ_j [p_j²/2 + ½ω_P²(φ_{j+1} − φ_j)² + u(φ_j)] + Σ_k ½(ν̃_k/Q₀) q̃_k²,   ω_P = Pθ/ħ̃,
 * where q̃_k = Σ_j C_jk φ_j are the orthonormal real normal modes (normalModeMatrix). The last term is
 * the Caldeira–Leggett Ohmic bath, exact in imaginary time: in the Matsubara modes of the continuum
 * action its quadratic form is (Θ/2ħ̃)Σ_n (|ν_n|/Q₀)|φ_n|², and with Σ_j φ_j² = PΣ_n|φ_n|² = Σ_k q̃_k²
 * this is (1/θ_P)Σ_k ½(ν̃_k/Q₀)q̃_k² with the Matsubara frequency ν̃_k = 2π|k|θ/ħ̃, k folded to
 * |k| ≤ P/2 (the Matsubara choice of §10, not the ring's ω_k). Derivation: docs/ring-polymer.md.
 */

/** ω_P = Pθ/ħ̃: the spring frequency between neighbouring beads. */
export function beadSpringFrequency(beads: number, theta: number, hbar: number): number {
  return (beads * theta) / hbar;
}

/** The index of mode k folded to its Matsubara number |n| ≤ P/2 (cos and sin partners share it). */
export function foldedModeIndex(k: number, beads: number): number {
  return Math.min(k, beads - k);
}

/** Free-ring normal-mode frequency ω_k = 2ω_P sin(πk/P) (the same for a mode and its partner). */
export function freeRingFrequency(k: number, beads: number, theta: number, hbar: number): number {
  return 2 * beadSpringFrequency(beads, theta, hbar) * Math.sin((Math.PI * foldedModeIndex(k, beads)) / beads);
}

/** ν̃_k = 2π|k|θ/ħ̃, k folded: the Matsubara frequency the Ohmic kernel sees on mode k. */
export function matsubaraFrequency(k: number, beads: number, theta: number, hbar: number): number {
  return (2 * Math.PI * foldedModeIndex(k, beads) * theta) / hbar;
}

/** ν̃_k/Q₀: the Ohmic bath's exact extra stiffness on normal mode k (0 on the centroid). */
export function ohmicModeStiffness(k: number, beads: number, theta: number, hbar: number, Q0: number): number {
  return matsubaraFrequency(k, beads, theta, hbar) / Q0;
}

/**
 * The orthonormal real DFT of P beads, C[j·P + k] = C_jk (bead j, mode k), φ_j = Σ_k C_jk q̃_k:
 *   k = 0: 1/√P (the centroid mode, q̃_0 = √P φ̄);
 *   1 ≤ k < P/2: √(2/P) cos(2πjk/P);   k = P/2 (P even): (−1)^j/√P;
 *   P/2 < k < P: √(2/P) sin(2πjk/P)   (the partner of mode P − k).
 * C is orthogonal, so q̃_k = Σ_j C_jk φ_j and Σ_j φ_j² = Σ_k q̃_k².
 */
export function normalModeMatrix(beads: number): Float64Array {
  const P = beads;
  const c = new Float64Array(P * P);
  for (let j = 0; j < P; j++) {
    for (let k = 0; k < P; k++) {
      const angle = (2 * Math.PI * ((j * k) % P)) / P;
      let v: number;
      if (k === 0) v = 1 / Math.sqrt(P);
      else if (2 * k < P) v = Math.sqrt(2 / P) * Math.cos(angle);
      else if (2 * k === P) v = (j % 2 === 0 ? 1 : -1) / Math.sqrt(P);
      else v = Math.sqrt(2 / P) * Math.sin(angle);
      c[j * P + k] = v;
    }
  }
  return c;
}

export interface HarmonicRingPolymer {
  /** ω₀² of the harmonic well u = ½ω₀²φ². */
  omega0Squared: number;
  theta: number;
  hbar: number;
  Q0: number;
  beads: number;
}

/**
 * ⟨q̃_k²⟩ = θ_P/(ω₀² + ω_k² + ν̃_k/Q₀): the exact stationary variance of normal mode k of the
 * harmonic ring polymer (each mode an independent Gaussian of H_P at θ_P).
 */
export function harmonicModeVariance(p: HarmonicRingPolymer, k: number): number {
  const wk = freeRingFrequency(k, p.beads, p.theta, p.hbar);
  return (p.beads * p.theta) / (p.omega0Squared + wk * wk + ohmicModeStiffness(k, p.beads, p.theta, p.hbar, p.Q0));
}

/**
 * The exact finite-P Matsubara sum for the bead-position variance of the harmonic well with Ohmic
 * damping: ⟨φ_j²⟩_P = (1/P)Σ_k⟨q̃_k²⟩ = θ Σ_{k=0}^{P−1} 1/(ω₀² + ω_k² + ν̃_k/Q₀).
 */
export function harmonicBeadVariance(p: HarmonicRingPolymer): number {
  let sum = 0;
  for (let k = 0; k < p.beads; k++) sum += harmonicModeVariance(p, k);
  return sum / p.beads;
}

/**
 * ⟨φ̄²⟩ = ⟨q̃_0²⟩/P = θ/ω₀²: the centroid's variance, the n = 0 term of the sum alone, classical at
 * every P, θ and Q₀ (the bath and the springs do not act on the centroid of a harmonic polymer).
 */
export function harmonicCentroidVariance(p: HarmonicRingPolymer): number {
  return harmonicModeVariance(p, 0) / p.beads;
}

/**
 * The variance of (1/P)Σ_j φ_j² over polymers (Gaussian modes): (2/P²)Σ_k⟨q̃_k²⟩², for error bars.
 */
export function harmonicBeadSecondMomentSpread(p: HarmonicRingPolymer): number {
  let sum = 0;
  for (let k = 0; k < p.beads; k++) sum += harmonicModeVariance(p, k) ** 2;
  return (2 * sum) / (p.beads * p.beads);
}

/** ψ(x + iy) for complex argument: recurrence to |z| ≥ 20, then the asymptotic series. */
export function complexDigamma(x: number, y: number): [number, number] {
  let re = x;
  let sumRe = 0;
  let sumIm = 0;
  while (re * re + y * y < 400) {
    // ψ(z) = ψ(z + 1) − 1/z
    const d = re * re + y * y;
    sumRe -= re / d;
    sumIm += y / d;
    re += 1;
  }
  // ψ(w) ~ ln w − 1/(2w) − Σ_k B_{2k}/(2k w^{2k})
  const r = Math.hypot(re, y);
  const arg = Math.atan2(y, re);
  let vRe = Math.log(r) - (0.5 * Math.cos(-arg)) / r;
  let vIm = arg - (0.5 * Math.sin(-arg)) / r;
  const coefficients = [1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760, 1 / 12];
  for (let k = 0; k < coefficients.length; k++) {
    const n = 2 * (k + 1);
    vRe -= (coefficients[k]! * Math.cos(-n * arg)) / Math.pow(r, n);
    vIm -= (coefficients[k]! * Math.sin(-n * arg)) / Math.pow(r, n);
  }
  return [vRe + sumRe, vIm + sumIm];
}

/**
 * The continuum (P → ∞) limit: ⟨φ²⟩ = θ Σ_{n∈ℤ} 1/(ω₀² + ν_n² + |ν_n|/Q₀), ν_n = 2πnθ/ħ̃. With
 * ν_n² + ν_n/Q₀ + ω₀² = (ν_n + a₊)(ν_n + a₋), a± = 1/(2Q₀) ± (1/(4Q₀²) − ω₀²)^{1/2}, and
 * Σ_{n≥1} 1/((n + x)(n + y)) = [ψ(1 + x) − ψ(1 + y)]/(x − y) (x, y = a±/ν₁):
 *   ⟨φ²⟩ = θ/ω₀² + (2θ/ν₁²)[ψ(1 + a₊/ν₁) − ψ(1 + a₋/ν₁)]/((a₊ − a₋)/ν₁).
 * Underdamped (a± complex conjugate, a± = u ± iv): the bracket is Im ψ(1 + (u + iv)/ν₁)/(v/ν₁).
 */
export function harmonicBeadVarianceContinuum(p: Omit<HarmonicRingPolymer, 'beads'>): number {
  const nu1 = (2 * Math.PI * p.theta) / p.hbar;
  const u = 0.5 / p.Q0;
  const disc = u * u - p.omega0Squared;
  let bracket: number;
  if (disc < 0) {
    const v = Math.sqrt(-disc);
    bracket = complexDigamma(1 + u / nu1, v / nu1)[1] / (v / nu1);
  } else if (disc > 0) {
    const root = Math.sqrt(disc);
    const x = (u + root) / nu1;
    const y = p.omega0Squared / (u + root) / nu1;
    bracket = (complexDigamma(1 + x, 0)[0] - complexDigamma(1 + y, 0)[0]) / (x - y);
  } else {
    // Critical damping: the limit x → y is the trigamma ψ′(1 + x), by a central difference.
    const x = u / nu1;
    const h = 1e-5 * (1 + x);
    bracket = (complexDigamma(1 + x + h, 0)[0] - complexDigamma(1 + x - h, 0)[0]) / (2 * h);
  }
  return p.theta / p.omega0Squared + ((2 * p.theta) / (nu1 * nu1)) * bracket;
}

/**
 * The harmonic analogue of the crossover: θ₀ = ħ̃λ/2π with λ = (ω₀² + 1/4Q₀²)^{1/2} − 1/2Q₀
 * (physics.md §5, §10, with the barrier frequency ω_b replaced by the well's ω₀), the temperature
 * below which ħ̃ω₀/θ is large enough for the Matsubara modes n ≠ 0 to matter at order one.
 */
export function harmonicCrossoverTheta(omega0Squared: number, Q0: number, hbar: number): number {
  const lambda = Math.sqrt(omega0Squared + 0.25 / (Q0 * Q0)) - 0.5 / Q0;
  return (hbar * lambda) / (2 * Math.PI);
}

/**
 * The finite-P Wolynes factor: the exact Γ_PI-QTST/Γ_TST of a harmonic well (ω_p) and parabolic barrier
 * (ω_b) for the P-bead polymer with the Ohmic stiffness (each internal mode k counted once),
 *   f_{q,P} = Π_{k=1}^{P−1} [(ω_p² + Ω_k²)/(−ω_b² + Ω_k²)]^{1/2},   Ω_k² = ω_k² + ν̃_k/Q₀,
 * which tends to physics.md §4's f_q = Π_{n≥1}(ω_p² + ν_n² + ν_n/Q₀)/(−ω_b² + ν_n² + ν_n/Q₀) as P → ∞
 * (the ±n pair of modes gives the n-th factor). NaN below the finite-P crossover (Ω_1² ≤ ω_b²).
 */
export function quantumCorrectionFiniteP(p: { omegaWellSquared: number; omegaBarrierSquared: number; theta: number; hbar: number; Q0: number; beads: number }): number {
  let log = 0;
  for (let k = 1; k < p.beads; k++) {
    const wk = freeRingFrequency(k, p.beads, p.theta, p.hbar);
    const stiffness = wk * wk + ohmicModeStiffness(k, p.beads, p.theta, p.hbar, p.Q0);
    if (!(stiffness > p.omegaBarrierSquared)) return NaN;
    log += 0.5 * Math.log((p.omegaWellSquared + stiffness) / (stiffness - p.omegaBarrierSquared));
  }
  return Math.exp(log);
}

/**
 * Centroid transition-state theory (Voth, Chandler & Miller, J. Chem. Phys. 91, 7749 (1989); Gillan
 * 1987) from the mean force on a grid of centroid positions, unit mass:
 *   Γ = (θ/2π)^{1/2} e^{−F(φ*)/θ} / ∫_well e^{−F(φ̄)/θ} dφ̄,   F(φ̄) = −∫ ⟨f̄⟩_φ̄ dφ̄,
 * with φ* the maximum of F beyond the well. F by the cumulative trapezoid rule on the grid; the well's
 * minimum is searched among the grid points with φ < `wellBefore` (default: all), since below T₀ the
 * centroid free energy can fall beyond the barrier (polymers reaching down the washboard) below its value
 * in the well; φ* is the largest F after that minimum, refined by the parabola through the largest grid
 * value and its neighbours; the well integral is the trapezoid rule up to the grid point of φ*. With the classical force f(φ) in place of ⟨f̄⟩ this is classical
 * TST, the same quadrature, (ω_p/2π)e^{−ΔU/θ} for a harmonic well.
 */
export function centroidTstRate(phi: readonly number[], meanForce: readonly number[], theta: number, wellBefore = Infinity): { rate: number; barrier: number; freeEnergy: number[] } {
  const n = phi.length;
  if (n < 3 || meanForce.length !== n) throw new RangeError('centroidTstRate: need ≥ 3 grid points and one force per point');
  const F = [0];
  for (let i = 1; i < n; i++) F.push(F[i - 1]! - 0.5 * (phi[i]! - phi[i - 1]!) * (meanForce[i]! + meanForce[i - 1]!));
  // The barrier: the largest F after the well's minimum.
  let iMin = 0;
  for (let i = 1; i < n && phi[i]! < wellBefore; i++) if (F[i]! < F[iMin]!) iMin = i;
  let iTop = iMin;
  for (let i = iMin; i < n; i++) if (F[i]! > F[iTop]!) iTop = i;
  let top = F[iTop]!;
  if (iTop > 0 && iTop < n - 1) {
    const [a, b, c] = [F[iTop - 1]!, F[iTop]!, F[iTop + 1]!];
    const curvature = a - 2 * b + c;
    if (curvature < 0) top = b - (c - a) ** 2 / (8 * curvature);
  }
  const fMin = F[iMin]!;
  let Z = 0;
  for (let i = 1; i <= iTop; i++) Z += 0.5 * (phi[i]! - phi[i - 1]!) * (Math.exp(-(F[i]! - fMin) / theta) + Math.exp(-(F[i - 1]! - fMin) / theta));
  const barrier = top - fMin;
  return { rate: (Math.sqrt(theta / (2 * Math.PI)) * Math.exp(-barrier / theta)) / Z, barrier, freeEnergy: F.map((x) => x - fMin) };
}

/**
 * The leading quantum smearing of a constrained centroid's mean force in the washboard: beads spread
 * about φ̄ as a Gaussian of variance s² = (1/P)Σ_{k≥1}⟨q̃_k²⟩ of the free ring with the bath,
 * s² = θ Σ_{k=1}^{P−1} 1/(ω_k² + ν̃_k/Q₀) (→ ħ̃²/12θ undamped, P → ∞), so ⟨f̄⟩ ≈ γ − e^{−s²/2} sin φ̄.
 * The neglected feedback of u″ = cos φ on the spread is of relative order |cos φ̄|/Ω_1² in s².
 */
export function freeRingCentroidSpread(p: { beads: number; theta: number; hbar: number; Q0: number }): number {
  let sum = 0;
  for (let k = 1; k < p.beads; k++) {
    const wk = freeRingFrequency(k, p.beads, p.theta, p.hbar);
    sum += 1 / (wk * wk + ohmicModeStiffness(k, p.beads, p.theta, p.hbar, p.Q0));
  }
  return p.theta * sum;
}
