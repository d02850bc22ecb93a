/**
 * Double-barrier resonances against the Fabry–Perot (Breit–Wigner) analysis:
 *   T(E) = T₁T₂ / |1 − √(R₁R₂) e^{iφ(E)}|²,  φ = 2kw + arg r₁′ + arg r₂′ (round trip in the well).
 * Resonances sit at φ = 2πn; near one, sin²(φ/2) ≈ (φ′δE/2)², so the full width at half maximum is
 *   Γ = 2(1 − √(R₁R₂))/(φ′(R₁R₂)^{1/4}) ≈ (T₁ + T₂)/φ′(E_r) = ħv(T₁ + T₂)/(2w_eff)
 * with w_eff = w + ħv·∂(arg r_step)/∂E (the penetration into the barriers), and the peak is
 * T_max ≈ 4T₁T₂/(T₁ + T₂)². For thick barriers r′ is the total reflection of a semi-infinite
 * BenDaniel–Duke step, r = (iu + v)/(iu − v) with u = k/m_w, v = κ/m_b, so φ = 2kw + 2(2 atan(u/v) − π)
 * and E_r solves kw/2 = atan(v/u) (the ground state of the finite well). Corrections are O(T) and
 * O(e^{−2κb}).
 */
import { describe, expect, it } from 'vitest';
import { algaas } from '../../../src/physics/barrier/materials.js';
import { doubleBarrier } from '../../../src/physics/barrier/profiles.js';
import { discretize } from '../../../src/physics/barrier/structure.js';
import { currentVoltage, findResonances } from '../../../src/physics/barrier/resonance.js';

const C = 0.0380998;
const barrier = algaas(0.3);
const mw = 0.067;
const V0 = barrier.bandEdge;
const mb = barrier.mass;

function singleBarrierT(E: number, b: number): number {
  const k = Math.sqrt((mw * E) / C);
  const kap = Math.sqrt((mb * (V0 - E)) / C);
  const xi = (kap * mw) / (k * mb);
  return 1 / (Math.cosh(kap * b) ** 2 + ((xi - 1 / xi) / 2) ** 2 * Math.sinh(kap * b) ** 2);
}

/** Ground quasi-bound level (bisection on kw/2 − atan(v/u)) and dφ/dE there. */
function fabryPerot(w: number) {
  const f = (E: number) => {
    const k = Math.sqrt((mw * E) / C);
    const kap = Math.sqrt((mb * (V0 - E)) / C);
    return (k * w) / 2 - Math.atan(kap / mb / (k / mw));
  };
  let lo = 1e-9;
  let hi = V0 - 1e-9;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (f(mid) < 0) lo = mid;
    else hi = mid;
  }
  const E = 0.5 * (lo + hi);
  const k = Math.sqrt((mw * E) / C);
  const kap = Math.sqrt((mb * (V0 - E)) / C);
  const u = k / mw;
  const v = kap / mb;
  const du = 1 / (2 * C * k);
  const dv = -1 / (2 * C * kap);
  const dk = mw / (2 * C * k);
  const dphi = 2 * w * dk + 4 * ((v * du - u * dv) / (u * u + v * v));
  return { E, dphi };
}

describe('double-barrier resonance (GaAs / Al0.3Ga0.7As, well 5 nm)', () => {
  it('position and width match the Fabry–Perot result, with errors shrinking like T', () => {
    const rel: number[] = [];
    for (const b of [5, 7]) {
      const st = discretize(doubleBarrier({ height: V0, barrierWidth: b, wellWidth: 5, barrierMass: mb, wellMass: mw }));
      const [r] = findResonances(st, { max: V0 - 0.01 });
      const fp = fabryPerot(5);
      const T1 = singleBarrierT(fp.E, b);
      const gamma = (2 * T1) / fp.dphi;
      // Position: O(e^{−2κb}) shift from the finite barriers; 1e-3 relative at b = 5 nm.
      expect(Math.abs(r!.energy / fp.E - 1)).toBeLessThan(1e-3);
      expect(r!.peakTransmission).toBeGreaterThan(1 - 1e-9);
      expect(Math.abs(r!.lorentzianWidth / r!.fwhm - 1)).toBeLessThan(1e-3);
      rel.push(Math.abs(r!.fwhm / gamma - 1));
    }
    expect(rel[0]!).toBeLessThan(0.02);
    expect(rel[1]!).toBeLessThan(rel[0]! / 5);
  });

  it('asymmetric barriers: peak T = 4T₁T₂/(T₁ + T₂)² (2%)', () => {
    const st = discretize(doubleBarrier({ height: V0, barrierWidth: 5, barrierWidth2: 6, wellWidth: 5, barrierMass: mb, wellMass: mw }));
    const [r] = findResonances(st, { max: V0 - 0.01 });
    const T1 = singleBarrierT(r!.energy, 5);
    const T2 = singleBarrierT(r!.energy, 6);
    expect(Math.abs(r!.peakTransmission / ((4 * T1 * T2) / (T1 + T2) ** 2) - 1)).toBeLessThan(0.02);
  });

  it('J(V) of the diode has a peak and negative differential resistance', () => {
    const db = doubleBarrier({ height: V0, barrierWidth: 5, wellWidth: 5, barrierMass: mb, wellMass: mw });
    // Its speed is a benchmark's business (bench/), never a test's.
    const jv = currentVoltage(db, Array.from({ length: 41 }, (_, i) => i * 0.01), { temperature: 77, fermiEnergy: 0.02, maxSlice: 0.25 });
    const J = jv.map((p) => p.current);
    const peak = J.indexOf(Math.max(...J.slice(0, 25)));
    // The peak sits where the resonance (≈ 0.071 eV at zero bias, pulled down by ≈ eV/2) crosses the
    // emitter band edge: V ≈ 2E_r ≈ 0.14 V within the grid and the Fermi window.
    expect(jv[peak]!.bias).toBeGreaterThan(0.09);
    expect(jv[peak]!.bias).toBeLessThan(0.16);
    expect(J[peak + 3]!).toBeLessThan(J[peak]! / 5);
    expect(J[0]).toBe(0);
  });
});
