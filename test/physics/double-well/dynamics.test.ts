/**
 * Coherent tunnelling of the continuous double well, and the Caldeira–Leggett master equation
 * (physics.md §12). ħ = m = ω = 1.
 */
import { describe, expect, test } from 'vitest';
import {
  coherentLeftProbability,
  doubleWellBasis,
  evolveMasterEquation,
  expand,
  expectation,
  harmonicBasis,
  lowestEigenvalue,
  masterEquationRate,
  momentumSquared,
  square,
  twoLevelLeftProbability,
} from '../../../src/physics/double-well/dynamics.js';
import { quarticWellOfAction } from '../../../src/physics/double-well/potential.js';
import { groundDoublet } from '../../../src/physics/double-well/splitting.js';
import { integrate } from '../../../src/physics/quadrature.js';

/**
 * Exact second moments of the Caldeira–Leggett oscillator (ħ = m = ω = 1): a linear ODE, integrated
 * here by a fine RK4 independent of the basis code. a = ⟨x²⟩, b = ⟨{x,p}⟩, c = ⟨p²⟩;
 *   ȧ = b + ν², ḃ = 2c − 2a − 2γb, ċ = −b − 4γc + 2D,  D = 2γT, ν² = γ/4T with the Diósi term.
 */
function oscillatorMoments(gamma: number, T: number, diosi: boolean, t: number): [number, number] {
  let a = 0.5;
  let b = 0;
  let c = 0.5;
  const nu2 = diosi ? gamma / (4 * T) : 0;
  const D = 2 * gamma * T;
  const f = (a: number, b: number, c: number) => [b + nu2, 2 * c - 2 * a - 2 * gamma * b, -b - 4 * gamma * c + 2 * D] as const;
  const h = 1e-3;
  for (let s = 0; s < Math.round(t / h); s++) {
    const k1 = f(a, b, c);
    const k2 = f(a + (h / 2) * k1[0], b + (h / 2) * k1[1], c + (h / 2) * k1[2]);
    const k3 = f(a + (h / 2) * k2[0], b + (h / 2) * k2[1], c + (h / 2) * k2[2]);
    const k4 = f(a + h * k3[0], b + h * k3[1], c + h * k3[2]);
    a += (h / 6) * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
    b += (h / 6) * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
    c += (h / 6) * (k1[2] + 2 * k2[2] + 2 * k3[2] + k4[2]);
  }
  return [a, c];
}

describe('coherent tunnelling', () => {
  const well = quarticWellOfAction(8);
  const d = groundDoublet(well);
  const basis = doubleWellBasis(well, 6);

  test('two-level state (ψ₊ − ψ₋)/√2: P_L(t) = cos²(Δ₀t/2) up to its tail in the other well', () => {
    // The localised doublet state has weight 1 − 2|Θ₊₋| ≈ 5e-3 (S₀/ħ = 8) on the wrong side, which bounds
    // the difference; the oscillation frequency is the flux-identity Δ₀.
    const c = new Float64Array(basis.size);
    c[0] = Math.SQRT1_2;
    c[1] = -Math.SQRT1_2;
    const tail = 1 - 2 * Math.abs(basis.left[1]!);
    expect(tail).toBeLessThan(0.01);
    for (const f of [0, 0.25, 0.5, 0.75, 1]) {
      const t = (f * 2 * Math.PI) / d.splitting;
      expect(Math.abs(coherentLeftProbability(basis, c, t) - twoLevelLeftProbability(d.splitting, t))).toBeLessThanOrEqual(tail / 2 + 1e-9);
    }
  });

  test('Gaussian packet in the left well: completeness at t = 0, and transfer to the right at t = π/Δ₀', () => {
    // ψ₀ = π^{−1/4}e^{−(x+a)²/2} is the left well's harmonic ground state, not a two-level state.
    const a = well.xWell;
    const packet = (x: number) => Math.pow(Math.PI, -0.25) * Math.exp(-((x + a) ** 2) / 2);
    const c = expand(basis, packet);
    const weight = c.reduce((s, v) => s + v * v, 0);
    expect(weight).toBeGreaterThan(0.999);
    // P_L(0) by quadrature of |ψ₀|² on x < 0 (closed form ½erfc(−a)… done numerically, independently).
    const direct = integrate((x) => packet(x) ** 2, -a - 12, 0);
    expect(Math.abs(coherentLeftProbability(basis, c, 0) - direct)).toBeLessThan(2e-3);
    // The doublet carries c₊² + c₋² of the packet; at t = π/Δ₀ that part sits on the right, the rest
    // dephases around ½: P_L ≤ ½(1 − c₊² − c₋²) + (left-over tail).
    const doublet = c[0]! ** 2 + c[1]! ** 2;
    expect(doublet).toBeGreaterThan(0.95);
    const pl = coherentLeftProbability(basis, c, Math.PI / d.splitting);
    expect(pl).toBeLessThan(0.5 * (1 - doublet) + 0.03);
  });
});

describe('Caldeira–Leggett master equation', () => {
  test('harmonic oscillator: ⟨x²⟩(t), ⟨p²⟩(t) equal the exact moment equations, with and without the Diósi term', () => {
    // Truncation at M levels is the only error: it falls from ~1e-4 (M = 12) to < 3e-6 (M = 16).
    for (const lindblad of [false, true]) {
      const errs = [12, 16].map((M) => {
        const ho = harmonicBasis(M);
        const c = new Float64Array(M);
        c[0] = 1;
        const h = evolveMasterEquation(ho, { gamma: 0.25, temperature: 1, lindblad }, c, 2, 4);
        const x2 = square(ho, ho.x);
        const p2 = momentumSquared(ho);
        let e = 0;
        for (const k of [1, 2, 4]) {
          const [a, cc] = oscillatorMoments(0.25, 1, lindblad, 2 * k);
          e = Math.max(e, Math.abs(expectation(ho, h.re[k]!, x2) - a), Math.abs(expectation(ho, h.re[k]!, p2) - cc));
        }
        return e;
      });
      expect(errs[1]!).toBeLessThan(3e-6);
      expect(errs[1]!).toBeLessThan(0.1 * errs[0]!);
    }
  });

  test('position representation: ∂ₜρ(x, x′) of a cat state, off-diagonal decay −D(x − x′)²ρ (physics.md §12)', () => {
    // The basis code (matrix elements, p_nm = i(E_n − E_m)x_nm) against the master equation written
    // in position space, for ρ = |ψ⟩⟨ψ|, ψ ∝ g(x − x₀) + g(x + x₀) in the oscillator (ħ = m = ω = 1):
    //   ∂ₜρ = (i/2)(∂ₓ² − ∂ₓ′²)ρ − i(V − V′)ρ − γ(x − x′)(∂ₓ − ∂ₓ′)ρ − D(x − x′)²ρ [+ (γ/8T)(∂ₓ + ∂ₓ′)²ρ].
    // M = 40 Hermite functions hold the cat (mean n = x₀²/2 = 2) to ~1e-12.
    const M = 40;
    const ho = harmonicBasis(M);
    const x0 = 2;
    const g = (x: number) => Math.pow(Math.PI, -0.25) * Math.exp(-(x * x) / 2);
    const norm = 1 / Math.sqrt(2 * (1 + Math.exp(-x0 * x0)));
    const psi = (x: number) => norm * (g(x - x0) + g(x + x0));
    const d1 = (x: number) => norm * (-(x - x0) * g(x - x0) - (x + x0) * g(x + x0));
    const d2 = (x: number) => norm * (((x - x0) ** 2 - 1) * g(x - x0) + ((x + x0) ** 2 - 1) * g(x + x0));
    // Coherent-state coefficients of the same cat: c_n ∝ (1 + (−1)ⁿ)αⁿ/√n!, α = x₀/√2.
    const alpha = x0 / Math.SQRT2;
    const c = new Float64Array(M);
    let f = 1;
    for (let n = 0; n < M; n++) {
      if (n > 0) f *= alpha / Math.sqrt(n);
      c[n] = n % 2 === 0 ? f : 0;
    }
    const cn = Math.sqrt(c.reduce((s, v) => s + v * v, 0));
    const rho = { re: new Float64Array(M * M), im: new Float64Array(M * M) };
    for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) rho.re[i * M + j] = (c[i]! * c[j]!) / (cn * cn);
    const hermite = (x: number) => {
      const h = new Float64Array(M);
      h[0] = g(x);
      h[1] = Math.SQRT2 * x * h[0]!;
      for (let n = 1; n + 1 < M; n++) h[n + 1] = Math.sqrt(2 / (n + 1)) * x * h[n]! - Math.sqrt(n / (n + 1)) * h[n - 1]!;
      return h;
    };
    for (const lindblad of [false, true]) {
      const bath = { gamma: 0.05, temperature: 10, lindblad };
      const D = 2 * bath.gamma * bath.temperature;
      const rate = masterEquationRate(ho, bath, rho);
      for (const [x, y] of [[x0, -x0], [1, -1], [1.3, -0.4], [-2, 0.7]] as const) {
        const hx = hermite(x);
        const hy = hermite(y);
        let re = 0;
        let im = 0;
        for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) {
          re += rate.re[i * M + j]! * hx[i]! * hy[j]!;
          im += rate.im[i * M + j]! * hx[i]! * hy[j]!;
        }
        const r0 = psi(x) * psi(y);
        let expRe = -D * (x - y) ** 2 * r0 - bath.gamma * (x - y) * (d1(x) * psi(y) - psi(x) * d1(y));
        if (lindblad) expRe += (bath.gamma / (8 * bath.temperature)) * (d2(x) * psi(y) + 2 * d1(x) * d1(y) + psi(x) * d2(y));
        const expIm = 0.5 * (d2(x) * psi(y) - psi(x) * d2(y)) - 0.5 * (x * x - y * y) * r0;
        expect(Math.abs(re - expRe)).toBeLessThan(1e-9);
        expect(Math.abs(im - expIm)).toBeLessThan(1e-9);
      }
    }
  });

  test('low temperature: the plain equation drives ρ non-positive (⟨x²⟩⟨p²⟩ → T² < ¼); the Lindblad form does not', () => {
    const M = 12;
    const ho = harmonicBasis(M);
    const c = new Float64Array(M);
    c[0] = 1;
    const plain = evolveMasterEquation(ho, { gamma: 0.2, temperature: 0.1 }, c, 20, 2);
    const x2 = square(ho, ho.x);
    const p2 = momentumSquared(ho);
    const last = plain.re[2]!;
    expect(expectation(ho, last, x2) * expectation(ho, last, p2)).toBeLessThan(0.25);
    expect(lowestEigenvalue(ho, last, plain.im[2]!)).toBeLessThan(-1e-3);
    const lind = evolveMasterEquation(ho, { gamma: 0.2, temperature: 0.1, lindblad: true }, c, 20, 2);
    expect(lowestEigenvalue(ho, lind.re[2]!, lind.im[2]!)).toBeGreaterThan(-1e-10);
  });

  /**
   * The doublet under decoherence. Two-level reduction: ρ_LR decays at Γ_φ = D(x_L − x_R)²/ħ² with
   * x_L − x_R = 2x₊₋, and ⟨σ_z⟩'s slow rate is the Bloch eigenvalue λ = [Γ_φ − (Γ_φ² − 4Δ₀²)^{1/2}]/2
   * → Δ₀²/Γ_φ (quantum-Zeno-like). Run at T = ħω/4, where the Lindblad form's upward rate out of the
   * ground doublet, ∝ (μ − νħω)², vanishes for a harmonic spacing: the doublet is then isolated up
   * to the anharmonic spacing (measured deviations below grow with γ through the excited doublet).
   */
  function slowRate(s0: number, ratio: number, levels = 3) {
    const well = quarticWellOfAction(s0);
    const d = groundDoublet(well);
    const b = doubleWellBasis(well, levels);
    const x01 = b.x[1]!;
    const T = 0.25;
    const gphi = ratio * d.splitting;
    const gamma = gphi / (8 * T * x01 * x01);
    const c = new Float64Array(b.size);
    c[0] = Math.SQRT1_2;
    c[1] = -Math.SQRT1_2;
    const tEnd = ratio > 2 ? (1.5 * gphi) / d.splitting ** 2 : (3 * Math.PI) / d.splitting;
    const r = evolveMasterEquation(b, { gamma, temperature: T, lindblad: true }, c, tEnd / 100, 100);
    const PL = r.re.map((rr) => expectation(b, rr, b.left));
    const rate = -Math.log((PL[100]! - 0.5) / (PL[50]! - 0.5)) / (r.t[100]! - r.t[50]!);
    const bloch = (gphi - Math.sqrt(Math.max(0, gphi * gphi - 4 * d.splitting ** 2))) / 2;
    return { PL, rate, bloch, zeno: d.splitting ** 2 / gphi };
  }

  test('coherent below Γ_φ = 2Δ₀ (P_L overshoots ½), incoherent above', () => {
    expect(Math.min(...slowRate(8, 0.5).PL)).toBeLessThan(0.45);
    const strong = slowRate(8, 5).PL;
    for (let i = 1; i < strong.length; i++) expect(strong[i]!).toBeLessThanOrEqual(strong[i - 1]! + 1e-12);
  });

  test('incoherent hopping rate (S₀/ħ = 12): Bloch eigenvalue within 2 % at Γ_φ = 3, 5 Δ₀; Δ₀²/Γ_φ within 6 % at 10Δ₀', () => {
    // Measured: rate/λ = 1.0015, 1.008, 1.032 at Γ_φ/Δ₀ = 3, 5, 10; rate·Γ_φ/Δ₀² = 1.043 at 10.
    for (const ratio of [3, 5]) {
      const r = slowRate(12, ratio);
      expect(Math.abs(r.rate / r.bloch - 1)).toBeLessThan(0.02);
    }
    const z = slowRate(12, 10);
    expect(Math.abs(z.rate / z.zeno - 1)).toBeLessThan(0.06);
  });

  test('the excess over the two-level rate is a finite-barrier effect: it shrinks as S₀/ħ grows (8 → 10 → 12)', () => {
    // At strong dephasing the continuous model also hops through the thermally reached excited doublet,
    // whose splitting is larger; that channel fades with depth (measured 12 %, 5.5 %, 3.2 % at Γ_φ = 10Δ₀).
    const excess = [8, 10, 12].map((s0) => {
      const r = slowRate(s0, 10);
      return r.rate / r.bloch - 1;
    });
    expect(excess[1]!).toBeLessThan(excess[0]!);
    expect(excess[2]!).toBeLessThan(excess[1]!);
  });

  test('Γ_φ = D(x − x′)²/ħ² with x − x′ = 2x₊₋: the same law for a different separation (S₀/ħ = 10)', () => {
    const r = slowRate(10, 5);
    expect(Math.abs(r.rate / r.bloch - 1)).toBeLessThan(0.02);
  });

  test('basis convergence: 2 → 3 levels per sector changes the hopping rate by < 2 %', () => {
    const a = slowRate(12, 5, 2).rate;
    const b = slowRate(12, 5, 3).rate;
    expect(Math.abs(a / b - 1)).toBeLessThan(0.02);
  });
});
