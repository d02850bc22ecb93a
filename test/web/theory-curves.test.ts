import { describe, expect, it } from 'vitest';
import { escapeThetaPlateau } from '../../src/physics/escape.js';
import { barrierHeight } from '../../src/physics/potential.js';
import { crossoverTheta } from '../../src/physics/quantum.js';
import { switchingDistribution } from '../../src/physics/switching.js';
import { arrheniusTheory, escapeTemperatureTheory, rateOfBias, switchingTheory, turnoverTheory, widthTheory } from '../../src/web/theory-curves.js';

// The page's default operating point: γ = 0.9, Q₀ = 10, ΔU/k_BT = 6, ħ̃ = 0.03.
const p = { gamma: 0.9, Q0: 10, theta: barrierHeight(0.9) / 6, hbar: 0.03 };
const theta0 = crossoverTheta(p);

describe('theory curves the page draws', () => {
  it('Arrhenius: spans T₀ and the operating point; each quantum formula only on its side of T₀', () => {
    const a = arrheniusTheory(p);
    const thetas = a.inverseTheta.map((x) => 1 / x);
    expect(Math.min(...thetas)).toBeLessThan(theta0);
    expect(Math.max(...thetas)).toBeGreaterThan(p.theta);
    expect(a.crossoverTheta).toBe(theta0);
    thetas.forEach((t, i) => {
      expect(a.quantumCorrected[i] === null).toBe(t <= theta0);
      expect(a.mqt[i] === null).toBe(t > theta0);
      // A_MM ≤ 1 and κ ≤ 1: Mel'nikov–Meshkov ≤ Kramers ≤ TST everywhere.
      expect(a.melnikovMeshkov[i]!).toBeLessThanOrEqual(a.kramers[i]! * (1 + 1e-12));
      expect(a.kramers[i]!).toBeLessThanOrEqual(a.tst[i]!);
    });
    // Above T₀ quantum fluctuations only help: f_q > 1.
    a.quantumCorrected.forEach((v, i) => v !== null && expect(v).toBeGreaterThan(a.melnikovMeshkov[i]!));
  });

  it('classical parameters (ħ̃ = 0) draw no quantum curve', () => {
    const a = arrheniusTheory({ ...p, hbar: 0 });
    expect(a.crossoverTheta).toBeNull();
    expect(a.mqtZeroTemperature).toBeNull();
    expect(a.quantumCorrected.every((v) => v === null)).toBe(true);
  });

  it('turnover: Mel’nikov–Meshkov peaks at moderate damping and meets both limits', () => {
    const t = turnoverTheory(p);
    const peak = t.melnikovMeshkov.indexOf(Math.max(...t.melnikovMeshkov));
    expect(t.Q0[peak]!).toBeGreaterThan(1);
    expect(t.Q0[peak]!).toBeLessThan(100);
    // Overdamped side: MM → Kramers; underdamped side: MM → energy diffusion (Δ ≪ 1).
    expect(t.melnikovMeshkov[0]! / t.kramers[0]!).toBeCloseTo(1, 6);
    const last = t.Q0.length - 1;
    expect(t.melnikovMeshkov[last]! / t.energyDiffusion[last]!).toBeGreaterThan(0.8);
    expect(t.energyDiffusion[0]).toBeNull();
  });

  it('T_esc: ≈ T well above T₀, and on the MQT plateau well below it', () => {
    const e = escapeTemperatureTheory(p);
    const plateau = escapeThetaPlateau(p);
    expect(e.plateau).toBe(plateau);
    e.theta.forEach((t, i) => {
      const esc = e.thetaEsc[i];
      if (esc === null || esc === undefined) return;
      if (t < 0.5 * theta0) expect(Math.abs(esc / plateau - 1)).toBeLessThan(0.05);
      if (t > 2.5 * theta0) expect(Math.abs(esc / t - 1)).toBeLessThan(0.15);
    });
  });

  // The normalisation is a check (a sum the library does not form); the equalities below are wiring:
  // the page's curve must come from the library's switchingDistribution with the page's rate, and
  // the library's moments are tested against independent values in test/physics/switching.test.ts.
  it('switching: the FD density is normalized, and (wiring) the page shows the library’s moments', () => {
    const s = switchingTheory(p, 1e-6);
    const h = s.gamma[1]! - s.gamma[0]!;
    const mass = s.density.reduce((a, b) => a + b, 0) * h;
    expect(mass).toBeCloseTo(1, 3);
    const direct = switchingDistribution({ rate: rateOfBias(p), rampRate: 1e-6, from: 0, to: 1 - 1e-9, points: 801 });
    expect(s.mean).toBe(direct.mean);
    expect(s.width).toBe(direct.width);
    expect(s.rate[0]).toBe(rateOfBias(p)(s.rateGamma[0]!));
  });

  it('σ(T): grows as T^{2/3} well above T₀ and saturates at the MQT plateau well below it', () => {
    const w = widthTheory(p, 1e-6);
    const n = w.theta.length;
    const slope = Math.log(w.width[n - 1]! / w.width[n - 3]!) / Math.log(w.theta[n - 1]! / w.theta[n - 3]!);
    expect(slope).toBeGreaterThan(0.55);
    expect(slope).toBeLessThan(0.8);
    expect(Math.abs(w.width[0]! / w.plateau! - 1)).toBeLessThan(0.05);
    expect(w.powerLaw[n - 1]).toBe(w.width[n - 1]);
  });
});
