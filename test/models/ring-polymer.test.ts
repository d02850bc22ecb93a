import { describe, expect, it } from 'vitest';
import { validateRingPolymerParameters, type RingPolymerParameters } from '../../src/models/ring-polymer/config.js';
import { ringPolymerTrajectoryCpu } from '../../src/models/ring-polymer/cpu-reference.js';
import { ringPolymerMoments, runRingPolymerEnsemble } from '../../src/models/ring-polymer/model.js';
import { discreteHarmonicVariances } from '../../src/models/ring-polymer/moments.js';
import { ParameterError } from '../../src/physics/parameters.js';
import { barrierHeight, plasmaFrequency } from '../../src/physics/potential.js';
import { quantumCorrection } from '../../src/physics/quantum.js';
import {
  centroidTstRate, freeRingCentroidSpread, quantumCorrectionFiniteP,
  freeRingFrequency, harmonicBeadSecondMomentSpread, harmonicBeadVariance, harmonicBeadVarianceContinuum, harmonicCentroidVariance,
  harmonicCrossoverTheta, normalModeMatrix, ohmicModeStiffness,
} from '../../src/physics/ring-polymer.js';
import { useGpu } from '../support/gpu.js';

/**
 * The ring-polymer model (docs/ring-polymer.md) against answers it did not produce:
 * - host: the normal-mode matrix against the bead-space spring matrix; the continuum Matsubara sum's
 *   digamma closed form against direct summation and, undamped, against ⟨φ²⟩ = (ħ̃/2ω₀)coth(ħ̃ω₀/2θ);
 *   the finite-P sum's approach to the continuum;
 * - GPU: a consistency test (each polymer's final normal modes against the f64 CPU reference on the
 *   same Philox stream), and the harmonic well with Ohmic damping at θ ≈ 0.51θ₀ and θ ≈ 2.03θ₀
 *   (θ₀ = ħ̃λ/2π, the harmonic crossover): bead and centroid variances against the exact finite-P
 *   Matsubara sums.
 *
 * Statistics: N = 16384 independent polymers (fixed seeds) observed once, after relaxation from a
 * collapsed polymer at φ̄ = 0 (internal modes and centroid position start at 0: the variances must
 * grow to their quantum values). Each variance is compared in units of its exact standard error for
 * Gaussian modes (centroid: σ²√(2/(N−1)); bead: [(2/P²)Σ_k⟨q̃_k²⟩²/N]^{1/2}), |z| < 4: false alarm
 * 6.3e-5 per check, ≤ 2.6e-4 for the four. The scheme's own time-step bias (exact, moments.ts) is
 * below 0.01% here, under 0.05 standard error. Power: the classical answer, the sum without the bath
 * stiffness and the continuum (P → ∞) sum each lie more than 5 standard errors away, and are checked
 * to be distinguishable.
 */
const Z = 4;
const N = 16384;
const base = { hbar: 1, Q0: 1, potential: 'harmonic' as const, omega0Squared: 1 };

describe('ring polymer: exact sums and modes (host, no sampling)', () => {
  it('the normal-mode matrix is orthogonal and diagonalises the ring springs with ω_k² = 4ω_P² sin²(πk/P) (P = 1 … 9, 16, 32)', () => {
    for (const P of [1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 32]) {
      const C = normalModeMatrix(P);
      // The springs Σ_j ½ω_P²(φ_{j+1} − φ_j)² as a bead-space matrix (ω_P = 1): 2 on the diagonal,
      // −1 to each ring neighbour (P = 2: both neighbours are the same bead; P = 1: no spring).
      const S = (i: number, j: number) => (P === 1 ? 0 : (i === j ? 2 : 0) - ((i + 1) % P === j ? 1 : 0) - ((j + 1) % P === i ? 1 : 0));
      for (let a = 0; a < P; a++) {
        for (let b = 0; b < P; b++) {
          let identity = 0;
          let spring = 0;
          for (let i = 0; i < P; i++) {
            identity += C[i * P + a]! * C[i * P + b]!;
            for (let j = 0; j < P; j++) spring += C[i * P + a]! * S(i, j) * C[j * P + b]!;
          }
          expect(Math.abs(identity - (a === b ? 1 : 0))).toBeLessThan(1e-13);
          const wk = freeRingFrequency(a, P, 1, P); // ω_P = Pθ/ħ̃ = 1
          expect(Math.abs(spring - (a === b ? wk * wk : 0))).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('continuum ⟨φ²⟩: the digamma closed form equals direct summation (under- and overdamped) and, undamped, (ħ̃/2ω₀)coth(ħ̃ω₀/2θ)', () => {
    for (const p of [{ theta: 0.05, Q0: 1 }, { theta: 0.2, Q0: 0.1 }, { theta: 0.03, Q0: 10 }]) {
      const q = { ...p, hbar: 1, omega0Squared: 1 };
      // Σ_n to 2·10⁶ terms, the tail by its integral: relative error ≈ 1e-13 here.
      const nu1 = (2 * Math.PI * q.theta) / q.hbar;
      let sum = 1;
      const M = 2_000_000;
      for (let n = M; n >= 1; n--) { const nu = n * nu1; sum += 2 / (1 + nu * nu + nu / q.Q0); }
      sum += 2 / (nu1 * nu1 * (M + 0.5));
      expect(Math.abs(harmonicBeadVarianceContinuum(q) / (q.theta * sum) - 1)).toBeLessThan(1e-9);
    }
    for (const theta of [0.02, 0.1, 1]) {
      const undamped = 0.5 / Math.tanh(1 / (2 * theta));
      expect(Math.abs(harmonicBeadVarianceContinuum({ theta, hbar: 1, Q0: 1e15, omega0Squared: 1 }) / undamped - 1)).toBeLessThan(1e-9);
    }
  });

  it('the finite-P sum approaches the continuum from below, its error ∝ ln P/P² (Ohmic; 1/P² undamped), at θ = 0.2 and 0.05', () => {
    for (const theta of [0.2, 0.05]) {
      for (const Q0 of [1, Infinity]) {
        const p = { ...base, theta, Q0 };
        const continuum = harmonicBeadVarianceContinuum({ ...p, Q0: Math.min(Q0, 1e15) });
        const Ps = [128, 256, 512, 1024];
        const scaled = Ps.map((P) => (continuum - harmonicBeadVariance({ ...p, beads: P })) * P * P);
        for (const e of scaled) expect(e).toBeGreaterThan(0);
        // Error·P² = a ln P + b: equal steps per doubling of P (a ln 2; a = 0 undamped). The bath's
        // |ν_k| against the ring's ω_k leaves Σ_k (1/Q₀)ν_k⁻³ O(k²/P²) ~ (ln P)/P² (docs/ring-polymer.md).
        const steps = scaled.slice(1).map((e, i) => e - scaled[i]!);
        if (Q0 === Infinity) for (const d of steps) expect(Math.abs(d) / scaled[0]!).toBeLessThan(1e-2);
        else for (let i = 1; i < steps.length; i++) expect(Math.abs(steps[i]! / steps[i - 1]! - 1)).toBeLessThan(0.03);
      }
    }
  });

  it('PI-QTST pieces: the finite-P Wolynes factor tends to f_q (physics.md §4 closed form); the TI quadrature of the classical force gives ΔU', () => {
    const gamma = 0.9, Q0 = 10, theta = barrierHeight(0.9) / 10, hbar = 0.0307592;
    const w2 = plasmaFrequency(gamma) ** 2;
    const fq = quantumCorrection({ gamma, Q0, theta, hbar });
    const fqP = (beads: number) => quantumCorrectionFiniteP({ omegaWellSquared: w2, omegaBarrierSquared: w2, theta, hbar, Q0, beads });
    expect(fqP(1)).toBe(1);
    expect(Math.abs(fqP(4096) / fq - 1)).toBeLessThan(1e-4);
    // Monotone approach from below: 2.4458 (P = 8), 2.4862 (16), 2.4981 (32) against f_q = 2.5028.
    expect(fqP(8)).toBeLessThan(fqP(16));
    expect(fqP(16)).toBeLessThan(fqP(32));
    expect(fqP(32)).toBeLessThan(fq);
    const phi = Array.from({ length: 2001 }, (_, i) => 0.5 + (1.6 * i) / 2000);
    const classical = centroidTstRate(phi, phi.map((x) => gamma - Math.sin(x)), theta);
    expect(Math.abs(classical.barrier / barrierHeight(gamma) - 1)).toBeLessThan(1e-6);
  });

  it('bad input names the parameter and its allowed range', () => {
    const good: RingPolymerParameters = { ...base, beads: 8, theta: 0.1, dt: 0.1, time: 1, trajectories: 1 };
    expect(() => validateRingPolymerParameters({ ...good, beads: 33 })).toThrow(ParameterError);
    expect(() => validateRingPolymerParameters({ ...good, beads: 33 })).toThrow(/beads = 33.*\[1, 32\]/);
    expect(() => validateRingPolymerParameters({ ...good, hbar: 0 })).toThrow(/hbar/);
    expect(() => validateRingPolymerParameters({ ...good, dt: 2.5 })).toThrow(/dt/);
    // P = 32, θ = ħ̃ = Q₀ = 1: Ω_max = (4ω_P² + ν̃_16/Q₀)^{1/2} = (4096 + 32π)^{1/2} = 64.78, so Ω_maxΔt < π needs Δt < 0.0485.
    expect(() => validateRingPolymerParameters({ ...good, beads: 32, theta: 1, dt: 0.05 })).toThrow(/dt = 0.05/);
    expect(() => validateRingPolymerParameters({ ...good, beads: 32, theta: 1, dt: 0.048 })).not.toThrow();
    expect(() => validateRingPolymerParameters({ ...good, potential: 'washboard', gamma: 1.5 })).toThrow(/gamma/);
  });
});

describe('ring polymer on the GPU', () => {
  const gpu = useGpu();

  it('consistency test: each polymer agrees with the f64 CPU reference on the same stream (harmonic P = 8; washboard P = 5, chunks that split ring-polymer steps)', async () => {
    const cases: RingPolymerParameters[] = [
      { ...base, beads: 8, theta: 0.1, dt: 0.1, time: 5, trajectories: 64, seed: 11, initialCentroid: 0.3, initialCentroidSd: 0.2, keepFinalStates: true },
      // P = 5 with 12 engine steps a dispatch: dispatch boundaries fall inside ring-polymer steps.
      { beads: 5, hbar: 0.8, theta: 0.1, Q0: 3, potential: 'washboard', gamma: 0.5, dt: 0.1, time: 5, trajectories: 64, seed: 12, initialCentroid: 0.5, initialCentroidSd: 0.1, stepsPerDispatch: 12, keepFinalStates: true },
      // The constrained centroid (thermodynamic integration): q̃_0 stays exactly where it started.
      { beads: 6, hbar: 0.5, theta: 0.05, Q0: 10, potential: 'washboard', gamma: 0.8, dt: 0.1, time: 5, trajectories: 64, seed: 13, initialCentroid: 1.3, constrainCentroid: true, keepFinalStates: true },
    ];
    for (const p of cases) {
      const config = validateRingPolymerParameters(p);
      const { statistics } = await runRingPolymerEnsemble(gpu.device, config);
      const gpuStates = statistics.finalStates!;
      const P = config.beads;
      if (config.constrainCentroid) {
        for (let i = 0; i < config.trajectories; i++) {
          expect(gpuStates.modePosition[i * P]).toBe(Math.fround(Math.fround(Math.sqrt(P)) * Math.fround(config.initialCentroid)));
          expect(Math.abs(gpuStates.modeMomentum[i * P]!)).toBe(0);
        }
      }
      let worst = 0;
      for (let i = 0; i < config.trajectories; i++) {
        const cpu = ringPolymerTrajectoryCpu(config, i);
        for (let k = 0; k < P; k++) {
          worst = Math.max(worst, Math.abs(cpu.modePosition[k]! - gpuStates.modePosition[i * P + k]!), Math.abs(cpu.modeMomentum[k]! - gpuStates.modeMomentum[i * P + k]!));
        }
      }
      // f32 against f64 over 50 steps of O(1) values: measured worst 1.5e-6 (harmonic) and 2.5e-6 (washboard).
      console.log(`${p.potential}: worst |GPU − CPU| = ${worst.toExponential(2)}`);
      expect(worst, p.potential).toBeLessThan(1e-4);
    }
  });

  it('constrained centroid in the washboard: the mean bead force is the quantum-smeared γ − e^{−s²/2}sin φ̄, not the classical force', async () => {
    // θ/ħ̃ large (ν₁² = 81 ≫ |u″|): the beads spread about φ̄ as the free ring with the bath, s² = θΣ_k 1/Ω_k²
    // (= 0.0400 here; ħ̃²/12θ = 0.0408 undamped, P → ∞), so ⟨f̄⟩ ≈ γ − e^{−s²/2}sin φ̄; the neglected feedback of u″ on the spread is
    // ≲ |cos φ̄|/Ω₁² ≈ 1.2% of the 2% smearing, < 3e-4 in ⟨f̄⟩. N = 4096: standard errors 1–2e-4.
    const p = { beads: 16, hbar: 0.7, theta: 1, Q0: 5, gamma: 0.3 };
    const s2 = freeRingCentroidSpread(p);
    for (const phiBar of [0.6, 1.9]) {
      const config = validateRingPolymerParameters({ ...p, potential: 'washboard', dt: 0.05, time: 6, trajectories: 4096, seed: 77, initialCentroid: phiBar, constrainCentroid: true });
      const m = ringPolymerMoments((await runRingPolymerEnsemble(gpu.device, config)).statistics);
      const smeared = p.gamma - Math.exp(-s2 / 2) * Math.sin(phiBar);
      const classical = p.gamma - Math.sin(phiBar);
      console.log(`φ̄ = ${phiBar}: ⟨f̄⟩ = ${m.meanForce.toFixed(5)} ± ${m.meanForceError.toFixed(5)}, smeared ${smeared.toFixed(5)}, classical ${classical.toFixed(5)}`);
      expect(Math.abs(m.centroidMean - phiBar)).toBeLessThan(1e-6);
      expect(Math.abs(m.meanForce - smeared)).toBeLessThan(Z * m.meanForceError + 3e-4);
      expect(Math.abs(classical - smeared)).toBeGreaterThan(10 * m.meanForceError);
    }
  });

  const theta0 = harmonicCrossoverTheta(base.omega0Squared, base.Q0, base.hbar); // 0.0984
  for (const theta of [0.05, 0.2]) {
    it(`harmonic well, Ohmic Q₀ = 1, P = 16, θ = ${theta} (${(theta / theta0).toFixed(2)}θ₀): bead and centroid variances equal the exact finite-P Matsubara sums (|z| < 4)`, async () => {
      const config = validateRingPolymerParameters({ ...base, beads: 16, theta, dt: 0.05, time: 10, trajectories: N, seed: 2024 + Math.round(theta * 100) });
      const { statistics } = await runRingPolymerEnsemble(gpu.device, config);
      expect(statistics.trajectories).toBe(N);
      expect(statistics.clamped).toBe(0);
      const m = ringPolymerMoments(statistics);
      const bead = harmonicBeadVariance(config);
      const centroid = harmonicCentroidVariance(config);
      const beadError = Math.sqrt(harmonicBeadSecondMomentSpread(config) / N);
      const centroidError = centroid * Math.sqrt(2 / (N - 1));
      const zBead = (m.beadVariance - bead) / beadError;
      const zCentroid = (m.centroidVariance - centroid) / centroidError;
      console.log(`θ = ${theta}: bead ${m.beadVariance.toFixed(5)} ± ${beadError.toFixed(5)} (exact ${bead.toFixed(5)}, z = ${zBead.toFixed(2)}), centroid ${m.centroidVariance.toFixed(5)} ± ${centroidError.toFixed(5)} (exact ${centroid.toFixed(5)}, z = ${zCentroid.toFixed(2)})`);
      expect(Math.abs(zBead)).toBeLessThan(Z);
      expect(Math.abs(zCentroid)).toBeLessThan(Z);
      // The sampled error bar agrees with the Gaussian one it is judged by (within 5%).
      expect(Math.abs(m.beadVarianceError / beadError - 1)).toBeLessThan(0.05);
      // The scheme's exact time-step bias is far below the resolution.
      const discrete = discreteHarmonicVariances(config);
      expect(Math.abs(discrete.bead - bead)).toBeLessThan(0.1 * beadError);
      expect(Math.abs(discrete.centroid - centroid)).toBeLessThan(1e-12);
      // Power: the answers a wrong model would give are each > 5 standard errors from the exact one.
      const withoutBath = harmonicBeadVariance({ ...config, Q0: Infinity });
      const continuum = harmonicBeadVarianceContinuum(config);
      for (const wrong of [theta / base.omega0Squared, withoutBath, continuum]) expect(Math.abs(wrong - bead)).toBeGreaterThan(5 * beadError);
      expect(ohmicModeStiffness(1, 16, theta, 1, 1)).toBeCloseTo(2 * Math.PI * theta, 12);
    });
  }
});
