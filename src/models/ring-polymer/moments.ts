/**
 * The exact stationary variances of the discrete ring-polymer step for a harmonic well, at finite
 * Δt: each normal mode is an independent linear Gaussian chain x ← Mx + gz (coefficients.ts), so its
 * stationary covariance Σ solves the discrete Lyapunov equation Σ = MΣMᵀ + ggᵀ (three unknowns,
 * solved here directly). This is the time-step bias of the scheme, not a physical answer: the tests
 * use it to show that the bias is small beside their statistical resolution.
 */
import { ringPolymerCoefficients } from './coefficients.js';
import type { RingPolymerConfig } from './config.js';

type Config = Pick<RingPolymerConfig, 'beads' | 'theta' | 'hbar' | 'Q0' | 'dt' | 'omega0Squared'>;

/** Stationary ⟨q̃_k²⟩ and ⟨p̃_k²⟩ of mode k of the B A O A B chain. */
export function discreteModeVariance(config: Config, k: number): { position: number; momentum: number } {
  const c = ringPolymerCoefficients(config);
  const h = c.halfStep;
  const K = config.omega0Squared;
  const mul = (a: number[], b: number[]) => [a[0]! * b[0]! + a[1]! * b[2]!, a[0]! * b[1]! + a[1]! * b[3]!, a[2]! * b[0]! + a[3]! * b[2]!, a[2]! * b[1]! + a[3]! * b[3]!];
  const kick = [1, 0, -h * K, 1];
  const rotation = [c.rotationCos[k]!, c.rotationSinOverOmega[k]!, -c.rotationOmegaSin[k]!, c.rotationCos[k]!];
  const damping = [1, 0, 0, 1 - c.thermostatDamping[k]!];
  const first = mul(rotation, kick); // B then A
  const last = mul(kick, rotation); // A then B
  const [m11, m12, m21, m22] = mul(last, mul(damping, first)) as [number, number, number, number];
  const sigma = c.thermostatNoise[k]!;
  const g = [last[1]! * sigma, last[3]! * sigma];
  // (I − T)(a, b, c) = (g₁², g₁g₂, g₂²), T the map Σ ↦ MΣMᵀ on (Σqq, Σqp, Σpp).
  const A = [
    [1 - m11 * m11, -2 * m11 * m12, -m12 * m12],
    [-m11 * m21, 1 - (m11 * m22 + m12 * m21), -m12 * m22],
    [-m21 * m21, -2 * m21 * m22, 1 - m22 * m22],
  ];
  const rhs = [g[0]! * g[0]!, g[0]! * g[1]!, g[1]! * g[1]!];
  const det3 = (m: number[][]) =>
    m[0]![0]! * (m[1]![1]! * m[2]![2]! - m[1]![2]! * m[2]![1]!) - m[0]![1]! * (m[1]![0]! * m[2]![2]! - m[1]![2]! * m[2]![0]!) + m[0]![2]! * (m[1]![0]! * m[2]![1]! - m[1]![1]! * m[2]![0]!);
  const d = det3(A);
  const column = (i: number) => A.map((row, r) => row.map((v, j) => (j === i ? rhs[r]! : v)));
  return { position: det3(column(0)) / d, momentum: det3(column(2)) / d };
}

/** The discrete chain's stationary bead variance (1/P)Σ_k⟨q̃_k²⟩ and centroid variance ⟨q̃_0²⟩/P. */
export function discreteHarmonicVariances(config: Config): { bead: number; centroid: number } {
  let sum = 0;
  let centroid = 0;
  for (let k = 0; k < config.beads; k++) {
    const v = discreteModeVariance(config, k).position;
    sum += v;
    if (k === 0) centroid = v / config.beads;
  }
  return { bead: sum / config.beads, centroid };
}
