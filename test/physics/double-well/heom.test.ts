/**
 * The hierarchy (Tanimura–Kubo, Drude–Lorentz bath) against exact limits, and NIBA against it.
 *
 * No published table of numbers for a biased Drude spin-boson model could be verified here. The
 * benchmark is the one QuTiP's HEOM solver is itself tested against (qutip/qutip,
 * qutip/tests/solver/heom/test_bofin_solvers.py, DrudeLorentzPureDephasingModel), run in its exact
 * configuration, plus limits that are exact and published in closed form:
 *  - pure dephasing (Δ₀ = 0): |ρ_{↑↓}(t)| = ½ e^{−Q′(t)} with the full bath correlation function
 *    (e.g. Breuer & Petruccione, The Theory of Open Quantum Systems (2002) §4.2; Weiss ch. 18),
 *    Q′ computed here by direct quadrature of J(ω)coth(ω/2T)(1 − cos ωt)/ω², not by Matsubara sums;
 *  - weak coupling: the equilibrium ⟨σ_z⟩ = (ε/Ω)tanh(Ω/2T) of the bare two-level system, reached
 *    at the golden-rule (Bloch–Redfield) rate γ₁ = (Δ₀²/2Ω²)J(Ω)coth(Ω/2T).
 */
import { describe, expect, test } from 'vitest';
import { heomDynamics, hierarchySize } from '../../../src/physics/double-well/heom.js';
import { blochRedfield, nibaDynamics, spectralDensity, type DrudeBath } from '../../../src/physics/double-well/spin-boson.js';
import { integrate } from '../../../src/physics/quadrature.js';

function dephasingExponent(bath: DrudeBath, t: number): number {
  const T = bath.temperature;
  const f = (w: number) => (w === 0 ? 0 : (spectralDensity(bath, w) / (w * w) / Math.tanh(w / (2 * T))) * (2 * Math.sin((w * t) / 2) ** 2) / Math.PI);
  const breaks = [0.01, 0.1, 1, 10, 100];
  for (let k = 1; (2 * Math.PI * k) / t < 400; k++) breaks.push((2 * Math.PI * k) / t);
  return integrate(f, 0, 20000, { breakpoints: breaks, relTol: 1e-11, maxIntervals: 20000 });
}

describe('hierarchy: exact limits', () => {
  test('hierarchy size is C(L + K + 1, K + 1)', () => {
    expect(hierarchySize(4, 0)).toBe(5);
    expect(hierarchySize(10, 2)).toBe(286);
  });

  test('pure dephasing: |ρ↑↓(t)| = ½e^{−Q′(t)}, error shrinking with the Matsubara count K', () => {
    // The terminator treats the dropped Matsubara terms as white noise; what it misses is their
    // short memory, Σ_{k>K} c_k/ν_k² ~ K⁻², times ½e^{−Q′}: 1.3e-4 predicted at K = 4 (T = γ/2).
    const bath: DrudeBath = { kind: 'drude', lambda: 0.5, gamma: 2, temperature: 1 };
    const exact = [1, 2, 3].map((t) => 0.5 * Math.exp(-dephasingExponent(bath, t)));
    const errs = ([[6, 0, 0.01], [8, 1, 0.01], [8, 2, 0.01], [8, 4, 0.004]] as const).map(([L, K, dt]) => {
      const r = heomDynamics({ delta: 0, bias: 1, bath }, { depth: L, matsubara: K, tMax: 3, dt, initial: 'superposition', preparation: 'factorised' });
      return Math.max(...[1, 2, 3].map((t, i) => Math.abs(Math.hypot(r.coherenceRe[Math.round(t / dt)]!, r.coherenceIm[Math.round(t / dt)]!) - exact[i]!)));
    });
    for (let i = 1; i < errs.length; i++) expect(errs[i]!).toBeLessThan(errs[i - 1]!);
    expect(errs[3]!).toBeLessThan(2e-4);
  });

  test('QuTiP\'s HEOM benchmark: Drude–Lorentz pure dephasing, λ = 0.025, γ = 0.05, T = 1/0.95, K = 2, depth 14', () => {
    // The configuration of qutip/qutip, qutip/tests/solver/heom/test_bofin_solvers.py
    // (DrudeLorentzPureDephasingModel, test_pure_dephasing_model_bosonic_bath): Q = σ_z there, so
    // λ here (Q = σ_z/2) is 4 × 0.025; ρ↑↓(t) on t = 0…10 against ½e^{−Q′(t)} by quadrature, where QuTiP
    // asserts atol 1e-3.
    const bath: DrudeBath = { kind: 'drude', lambda: 4 * 0.025, gamma: 0.05, temperature: 1 / 0.95 };
    const dt = 0.01;
    const r = heomDynamics({ delta: 0, bias: 0, bath }, { depth: 14, matsubara: 2, tMax: 10, dt, initial: 'superposition', preparation: 'factorised' });
    let worst = 0;
    for (let k = 1; k <= 20; k++) {
      const t = 0.5 * k;
      const i = Math.round(t / dt);
      const exact = 0.5 * Math.exp(-dephasingExponent(bath, t));
      worst = Math.max(worst, Math.abs(Math.hypot(r.coherenceRe[i]!, r.coherenceIm[i]!) - exact));
    }
    // QuTiP's own bar is 1e-3; measured here 4.4e-5, so hold it to 1e-4 (the terminator's missed
    // short memory, Σ_{k>2}c_k/ν_k², is of that order at this T).
    expect(worst).toBeLessThan(1e-4);
  });

  test('biased, low T, weak coupling: hierarchy relaxes to (ε/Ω)tanh(Ω/2T) at the golden-rule rate γ₁; NIBA to tanh(ε/2T)', () => {
    // α = λ/πγ = 0.016: the exact equilibrium and rate differ from their weak-coupling forms by O(α).
    // The oscillating part (frequency Ω) is removed by averaging P over one period 2π/Ω.
    const sb = { delta: 1, bias: 1, bath: { kind: 'drude' as const, lambda: 0.1, gamma: 2, temperature: 0.25 } };
    const dt = 0.05;
    const r = heomDynamics(sb, { depth: 4, matsubara: 3, tMax: 500, dt });
    const br = blochRedfield(sb);
    const period = (2 * Math.PI) / br.omega;
    const mean = (t: number) => {
      const i0 = Math.round(t / dt);
      const w = Math.round(period / dt);
      let s = 0;
      for (let i = 0; i < w; i++) s += r.P[i0 + i]!;
      return s / w;
    };
    const pInf = mean(490 - period);
    // Measured 0.70167 against 0.70218: 3 % covers O(α).
    expect(Math.abs(pInf / br.equilibrium - 1)).toBeLessThan(0.03);
    // γ₁ = (Δ₀²/2Ω²)J(Ω)coth(Ω/2T) = 0.02374; measured 0.02420 (Lamb shift and O(α)): 5 %.
    const rate = Math.log((mean(40) - pInf) / (mean(160) - pInf)) / 120;
    expect(Math.abs(rate / br.relaxation - 1)).toBeLessThan(0.05);
    const niba = nibaDynamics(sb, { tMax: 200, dt: 0.02 });
    const nibaInf = niba.P[niba.P.length - 1]!;
    expect(Math.abs(nibaInf - Math.tanh(1 / (2 * 0.25)))).toBeLessThan(0.01);
    expect(nibaInf / pInf - 1).toBeGreaterThan(0.3);
  });
});

describe('NIBA against the hierarchy where NIBA should hold (consistency of two methods)', () => {
  test('unbiased, α ≈ 0.02, T = Δ₀: hierarchy converged in K, and NIBA within 0.005 of it', () => {
    // Depth is converged by L = 6 here (L = 8 changes nothing at 1e-12); the Matsubara count sets
    // the error (measured against K = 4: 0.012, 0.0033, 0.00096 for K = 1, 2, 3, i.e. ~K⁻²).
    // NIBA is exact to O(α) at ε = 0; measured NIBA − hierarchy(K = 4) = 0.0016.
    const sb = { delta: 1, bias: 0, bath: { kind: 'drude' as const, lambda: 0.3, gamma: 5, temperature: 1 } };
    const runs = [1, 2, 3].map((K) => heomDynamics(sb, { depth: 6, matsubara: K, tMax: 10, dt: 0.01 }).P);
    const n = nibaDynamics(sb, { tMax: 10, dt: 0.01 });
    const dist = (a: Float64Array, b: Float64Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
    const d12 = dist(runs[0]!, runs[1]!);
    const d23 = dist(runs[1]!, runs[2]!);
    expect(d23).toBeLessThan(0.5 * d12);
    expect(d23).toBeLessThan(4e-3);
    expect(dist(runs[2]!, n.P)).toBeLessThan(0.005);
  });
});
