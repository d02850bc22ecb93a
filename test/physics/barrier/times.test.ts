/**
 * Tunnelling times against closed forms: Büttiker's dwell time of a rectangular barrier
 * (PRB 27, 6178 (1983); equal to his τ_y for a symmetric barrier), the Hartman limit of the phase
 * time 2m/(ħkκ), the Hauge–Støvneng identity τ_D = T τ_y^T + R τ_y^R, and an independent
 * Crank–Nicolson wave packet for the phase time.
 */
import { describe, expect, it } from 'vitest';
import { constantStack } from '../../../src/physics/barrier/structure.js';
import { scatter } from '../../../src/physics/barrier/transfer.js';
import { dwellTime, larmorTimes, phaseTime } from '../../../src/physics/barrier/times.js';
import { stationaryDelay, wavePacketDelay } from '../../../src/physics/barrier/wavepacket.js';

const C = 0.0380998;
const HBAR = 0.6582119569;
const m = 0.067;
const lead = { V: 0, mass: m };

/**
 * Büttiker (1983), Eq. for τ_y of a rectangle (= τ_D when symmetric), re-derived from
 * ∫₀ᵈ|ψ|²dx/(ħk/m) with ψ = t[cosh κ(x−d) + (ik/κ) sinh κ(x−d)]:
 * τ_D = (mk/ħκ)·[2κd(κ² − k²) + k₀² sinh 2κd]/[4k²κ² + k₀⁴ sinh²κd], k₀² = k² + κ².
 */
function buttikerDwell(E: number, V0: number, d: number): number {
  const k = Math.sqrt((m * E) / C);
  const kap = Math.sqrt((m * (V0 - E)) / C);
  const k02 = k * k + kap * kap;
  const hbarOverM = (2 * C) / HBAR / m; // ħ/m* in nm²/fs
  return ((k / (hbarOverM * kap)) * (2 * kap * d * (kap * kap - k * k) + k02 * Math.sinh(2 * kap * d))) / (4 * k * k * kap * kap + k02 * k02 * Math.sinh(kap * d) ** 2);
}

describe('dwell and Larmor times of a rectangular barrier', () => {
  it('dwell time matches Büttiker’s closed form to 1e-12 from thin to opaque barriers', () => {
    for (const d of [0.5, 2, 5, 15]) {
      for (const E of [0.02, 0.1, 0.25]) {
        const st = constantStack(lead, lead, [{ thickness: d, V: 0.3, mass: m }]);
        expect(Math.abs(dwellTime(st, E) / buttikerDwell(E, 0.3, d) - 1)).toBeLessThan(1e-12);
      }
    }
  });

  it('τ_y equals the dwell time for a symmetric barrier (Büttiker) to 1e-8 (finite-difference step)', () => {
    const st = constantStack(lead, lead, [{ thickness: 3, V: 0.3, mass: m }]);
    const l = larmorTimes(st, 0.1);
    expect(Math.abs(l.tauY / buttikerDwell(0.1, 0.3, 3) - 1)).toBeLessThan(1e-8);
    expect(l.tauT).toBeCloseTo(Math.hypot(l.tauY, l.tauZ), 12);
  });

  it('Hauge–Støvneng identity τ_D = T τ_y^T + R τ_y^R on an asymmetric stack with mass jumps (1e-7)', () => {
    const st = constantStack({ V: 0, mass: 0.067 }, { V: -0.05, mass: 0.05 }, [
      { thickness: 2, V: 0.25, mass: 0.09 },
      { thickness: 3, V: 0.0, mass: 0.067 },
      { thickness: 1.5, V: 0.35, mass: 0.1 },
    ]);
    const E = 0.12;
    const s = scatter(st, E);
    const l = larmorTimes(st, E);
    const combo = s.transmission * l.tauY + s.reflection * l.tauYReflected;
    expect(Math.abs(combo / dwellTime(st, E) - 1)).toBeLessThan(1e-7);
  });
});

describe('phase time', () => {
  it('saturates with width at the Hartman value 2m/(ħkκ) (error ∝ e^{−2κd})', () => {
    const E = 0.1;
    const k = Math.sqrt((m * E) / C);
    const kap = Math.sqrt((m * 0.2) / C);
    const hartman = (2 * m * HBAR) / (2 * C * k * kap);
    const errs = [4, 8, 12].map((d) => phaseTime(constantStack(lead, lead, [{ thickness: d, V: 0.3, mass: m }]), E) / hartman - 1);
    expect(Math.abs(errs[2]!)).toBeLessThan(3e-6);
    // Fitted decay rate of the error per nm, against 2κ.
    const rate = Math.log(Math.abs(errs[0]!) / Math.abs(errs[1]!)) / 4;
    expect(Math.abs(rate / (2 * kap) - 1)).toBeLessThan(0.02);
  });

  it('a Crank–Nicolson wave packet is delayed as the phase time predicts (independent time-dependent check)', () => {
    // Barrier 0.3 eV × 2 nm, GaAs mass, E₀ = 0.15 eV (T ≈ 0.40). σ_x = 60 nm, so σ_E ≈ 4.9 meV
    // (3% of E₀). Prediction: each k arrives at (x_d − x₀ − L)/v + τ_φ(k), weighted by |φ(k)|²T(k),
    // minus the free packet on the same grid. Tolerance 1e-3 relative: the lattice (dx = 0.1 nm)
    // changes the barrier's T and phase at O(κ²dx²) ≈ 1e-3.
    const L = 2;
    const st = constantStack(lead, lead, [{ thickness: L, V: 0.3, mass: m }]);
    const setup = { potential: (x: number) => (x >= 0 && x < L ? 0.3 : 0), mass: () => m, barrierLength: L, energy: 0.15, sigmaX: 60, leadMass: m, dx: 0.1 };
    const r = wavePacketDelay(setup);
    const predicted = stationaryDelay((E) => phaseTime(st, E), (E) => scatter(st, E).transmission, { ...setup, x0: r.x0, detector: r.detector });
    expect(r.energySpread).toBeLessThan(0.005);
    expect(Math.abs(r.delay / predicted - 1)).toBeLessThan(1e-3);
    // The transmitted probability is the spectral average of T: a second, amplitude check.
    expect(Math.abs(r.transmittedProbability / scatter(st, 0.15).transmission - 1)).toBeLessThan(0.01);
  });
});
