/**
 * A small table of conduction-band (Γ-valley) parameters for electron tunnelling. Band edges are
 * relative to the family's reference well material (GaAs, or In0.53Ga0.47As on InP); structures
 * must not mix families, since their offsets are on different scales here.
 *
 * Sources (every number):
 *  - GaAs m* = 0.067 m₀: Vurgaftman, Meyer & Ram-Mohan, J. Appl. Phys. 89, 5815 (2001), Table III.
 *  - AlₓGa₁₋ₓAs Γ-valley mass m* = 0.067 + 0.083x and room-temperature Γ gap
 *    E_g(x) = 1.424 + 1.247x eV (x < 0.45): S. Adachi, J. Appl. Phys. 58, R1 (1985), as tabulated at
 *    http://jas.eng.buffalo.edu/education/semicon/AlGaAs/math.html.
 *  - Valence-band offset GaAs/AlAs 0.53 eV, linear in x: Vurgaftman et al. (2001), valence-band
 *    maxima −0.80 eV (GaAs) and −1.33 eV (AlAs) on their common absolute scale.
 *    Hence ΔE_c(x) = 1.247x − 0.53x = 0.717x eV, i.e. 57% of the Γ-gap difference.
 *  - In0.53Ga0.47As and In0.52Al0.48As lattice-matched to InP: m* = 0.0427 + 0.0683y for
 *    In₁₋ₓ₋ᵧGaₓAlᵧAs on InP (0.0427 for y = 0, 0.0755 for y = 0.48), from "Compositional dependence
 *    of band-gap energy and conduction-band effective mass of In1−x−yGaxAlyAs lattice matched to
 *    InP" (Appl. Phys. Lett., 1982; Raman plasma-frequency measurements).
 *  - ΔE_c(In0.53Ga0.47As/In0.52Al0.48As) = 0.51 eV: X. H. Zhang, "Band offsets at the
 *    InAlGaAs/InAlAs (001) heterostructures lattice matched to an InP substrate", J. Appl. Phys.
 *    (1998), CBO = 0.51 − 0.33z − 0.18z² eV at z = 0.
 * Limitations: Γ valley only (AlGaAs turns indirect above x ≈ 0.45, so larger x is refused);
 * parabolic bands (no non-parabolicity); room-temperature gaps.
 */
import { ParameterError } from '../parameters.js';

export type MaterialFamily = 'GaAs' | 'InP';

export interface Material {
  name: string;
  family: MaterialFamily;
  /** Conduction-band edge relative to the family's reference well (eV). */
  bandEdge: number;
  /** Γ-valley effective mass (m₀). */
  mass: number;
  source: string;
}

const ADACHI = 'Adachi, J. Appl. Phys. 58, R1 (1985); VBO from Vurgaftman et al., J. Appl. Phys. 89, 5815 (2001)';

export function algaas(x: number): Material {
  if (!(x >= 0 && x <= 0.45)) throw new ParameterError('Al fraction x', x, '[0, 0.45]', 'AlGaAs is indirect above x ≈ 0.45 and the table holds Γ-valley values only');
  return {
    name: x === 0 ? 'GaAs' : `Al${x}Ga${Number((1 - x).toFixed(6))}As`,
    family: 'GaAs',
    bandEdge: (1.247 - 0.53) * x,
    mass: 0.067 + 0.083 * x,
    source: x === 0 ? 'Vurgaftman, Meyer & Ram-Mohan, J. Appl. Phys. 89, 5815 (2001)' : ADACHI,
  };
}

export const IN_GA_AS: Material = {
  name: 'In0.53Ga0.47As',
  family: 'InP',
  bandEdge: 0,
  mass: 0.0427,
  source: 'In1−x−yGaxAlyAs on InP, Appl. Phys. Lett. (1982), m* = 0.0427 + 0.0683y at y = 0',
};

export const IN_AL_AS: Material = {
  name: 'In0.52Al0.48As',
  family: 'InP',
  bandEdge: 0.51,
  mass: 0.0427 + 0.0683 * 0.48,
  source: 'mass: Appl. Phys. Lett. (1982), y = 0.48; ΔE_c = 0.51 eV: X. H. Zhang, J. Appl. Phys. (1998)',
};

/** "GaAs", "AlAs"-free names: "Al0.3Ga0.7As", "AlGaAs:0.3", "In0.53Ga0.47As", "InGaAs", "In0.52Al0.48As", "InAlAs". */
export function material(name: string): Material {
  const key = name.trim();
  if (/^GaAs$/i.test(key)) return algaas(0);
  if (/^(InGaAs|In0\.53Ga0\.47As)$/i.test(key)) return IN_GA_AS;
  if (/^(InAlAs|In0\.52Al0\.48As)$/i.test(key)) return IN_AL_AS;
  const m = /^Al(?:GaAs:)?([0-9.]+)(?:Ga([0-9.]+)As)?$/i.exec(key);
  if (m) {
    const x = Number(m[1]);
    if (m[2] !== undefined && Math.abs(Number(m[2]) + x - 1) > 1e-9) throw new ParameterError('material', name, 'AlₓGa₁₋ₓAs with fractions summing to 1');
    return algaas(x);
  }
  throw new ParameterError('material', name, 'GaAs, AlxGa1-xAs (e.g. Al0.3Ga0.7As, x ≤ 0.45), In0.53Ga0.47As, In0.52Al0.48As');
}

export const MATERIAL_TABLE: Material[] = [algaas(0), algaas(0.1), algaas(0.2), algaas(0.3), algaas(0.4), IN_GA_AS, IN_AL_AS];
