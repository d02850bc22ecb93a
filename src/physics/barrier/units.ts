/**
 * Units of the barrier toolkit (physics.md §11): energies in eV, lengths in nm, masses in m₀,
 * times in fs. Every wave number is k = √(m*(E − V)/C) with C = ħ²/2m₀.
 */

/** ħ²/2m₀ in eV·nm² (physics.md §11). */
export const HBAR2_OVER_2M0 = 0.0380998;
/** ħ in eV·fs (CODATA 2018: 6.582119569e-16 eV·s). */
export const HBAR_EV_FS = 0.6582119569;
/** ħ/m₀ in nm²/fs, from the two constants above so that velocities agree with the wave numbers. */
export const HBAR_OVER_M0 = (2 * HBAR2_OVER_2M0) / HBAR_EV_FS;
/** Boltzmann constant in eV/K (CODATA 2018, exact). */
export const BOLTZMANN_EV_PER_K = 8.617333262e-5;

/**
 * Tsu–Esaki prefactor e³m₀/(2π²ħ³) in A·m⁻²·eV⁻² (CODATA 2018 e, m₀, ħ), so that
 * J = prefactor · m*_emitter · k_BT · ∫T(E)N(E)dE with energies in eV.
 */
export const TSU_ESAKI_A_PER_M2_EV2 = (() => {
  const e = 1.602176634e-19;
  const m0 = 9.1093837015e-31;
  const hbar = 1.054571817e-34;
  return (e * e * e * m0) / (2 * Math.PI * Math.PI * hbar * hbar * hbar);
})();

/** Real wave number (E > V) or decay constant (E < V), both ≥ 0, in nm⁻¹. */
export function waveNumber(energy: number, potential: number, mass: number): number {
  return Math.sqrt((mass * Math.abs(energy - potential)) / HBAR2_OVER_2M0);
}
