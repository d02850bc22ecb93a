/**
 * CODATA 2018 exact SI constants (the 2019 SI fixes e, h and k_B exactly; ħ and Φ₀ follow).
 */
export const elementaryCharge = 1.602176634e-19; // C
export const planckConstant = 6.62607015e-34; // J s
export const reducedPlanckConstant = planckConstant / (2 * Math.PI); // J s
export const boltzmannConstant = 1.380649e-23; // J/K
export const fluxQuantum = planckConstant / (2 * elementaryCharge); // Wb

/** Apéry's constant ζ(3). */
export const zeta3 = 1.2020569031595942;

/** Euler–Mascheroni constant γ_E (the Gumbel mean offset). */
export const eulerGamma = 0.5772156649015329;

/**
 * Caldeira–Leggett damping coefficient of the MQT exponent, 45ζ(3)/(2π³) = 0.8723, usually
 * quoted as 0.87 (physics.md §5).
 */
export const caldeiraLeggettDamping = (45 * zeta3) / (2 * Math.PI ** 3);
