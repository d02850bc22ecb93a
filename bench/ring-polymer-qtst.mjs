// PI-QTST by constrained-centroid thermodynamic integration at T = 2T₀ (docs/ring-polymer.md §7):
// Γ_q/Γ_cl (centroid TST over classical TST, the same quadrature) against the Wolynes f_q of
// physics.md §4 and the finite-P harmonic f_{q,P}. Washboard γ = 0.9, Q₀ = 10, ΔU/θ = 10, ħ̃ chosen so
// that θ = 2θ₀. Advisory: the number is reported, not asserted.
// Usage: npm run build && node bench/ring-polymer-qtst.mjs [trajectories=2048] [points=36] [P list=8,16] [--label L]
import { mkdirSync, writeFileSync } from 'node:fs';
import { requestNodeDevice } from '../dist/engine/node-device.js';
import { runCentroidBarrier } from '../dist/models/ring-polymer/centroid-barrier.js';
import { barrierHeight, plasmaFrequency } from '../dist/physics/potential.js';
import { barrierTopGrowthRate, crossoverTheta, quantumCorrection } from '../dist/physics/quantum.js';
import { quantumCorrectionFiniteP } from '../dist/physics/ring-polymer.js';

const args = process.argv.slice(2);
const labelAt = args.indexOf('--label');
const label = labelAt >= 0 ? args.splice(labelAt, 2)[1] : 'lavapipe';
const trajectories = Number(args[0] ?? 2048);
const points = Number(args[1] ?? 36);
const beadList = (args[2] ?? '8,16').split(',').map(Number);
const ratioT = Number(process.env.T_OVER_T0 ?? 2);
const gamma = 0.9, Q0 = 10;
const theta = barrierHeight(gamma) / 10;
// θ = (T/T₀)·θ₀ = (T/T₀)·ħ̃λ/2π  ⇒  ħ̃ = 2πθ/((T/T₀)λ)
const hbar = (2 * Math.PI * theta) / (ratioT * barrierTopGrowthRate(gamma, Q0));
const theta0 = crossoverTheta({ gamma, Q0, hbar });
const fq = quantumCorrection({ gamma, Q0, theta, hbar });
const w2 = plasmaFrequency(gamma) ** 2;
console.log(`γ = ${gamma}, Q₀ = ${Q0}, θ = ${theta.toPrecision(6)}, ħ̃ = ${hbar.toPrecision(6)}, θ/θ₀ = ${(theta / theta0).toFixed(3)}, ΔU/θ = 10, f_q = ${fq.toFixed(4)}`);
const gpu = await requestNodeDevice();
const rows = [];
// Each P once (seed 1), then P = 16 with five more seeds: the spread of the six checks the error bar.
const runs = beadList.map((beads) => ({ beads, seed: 1 }));
if (beadList.includes(16)) for (const seed of [2, 3, 4, 5, 6]) runs.push({ beads: 16, seed });
for (const { beads, seed } of runs) {
  const t0 = performance.now();
  const r = await runCentroidBarrier(gpu.device, { beads, hbar, theta, Q0, gamma, dt: 0.05, time: 8, trajectories, seed, below: 0.6, above: 0.15, points });
  const seconds = (performance.now() - t0) / 1000;
  const fqP = quantumCorrectionFiniteP({ omegaWellSquared: w2, omegaBarrierSquared: w2, theta, hbar, Q0, beads });
  rows.push({ beads, seed, seconds, ...r, fq, fqP });
  console.log(`P = ${beads} (seed ${seed}): ΔF/θ = ${(r.barrier / theta).toFixed(4)} (classical quadrature ΔU/θ = ${(r.classicalBarrier / theta).toFixed(4)}), Γ_q/Γ_cl = ${r.ratio.toFixed(4)} ± ${r.ratioError.toFixed(4)}, f_q,P = ${fqP.toFixed(4)}, f_q = ${fq.toFixed(4)}, ratio/f_q = ${(r.ratio / fq).toFixed(4)}, ${seconds.toFixed(0)} s`);
}
const repeated = rows.filter((r) => r.beads === 16).map((r) => r.ratio);
if (repeated.length > 1) {
  const mean = repeated.reduce((a, b) => a + b) / repeated.length;
  const sd = Math.sqrt(repeated.reduce((a, b) => a + (b - mean) ** 2, 0) / (repeated.length - 1));
  const propagated = rows.find((r) => r.beads === 16).ratioError;
  console.log(`P = 16, ${repeated.length} seeds: Γ_q/Γ_cl = ${mean.toFixed(4)} ± ${(sd / Math.sqrt(repeated.length)).toFixed(4)} (repetition sd ${sd.toFixed(4)} against the propagated ${propagated.toFixed(4)}), ratio/f_q = ${(mean / fq).toFixed(4)} ± ${(sd / Math.sqrt(repeated.length) / fq).toFixed(4)}`);
}
mkdirSync('bench/results', { recursive: true });
writeFileSync(`bench/results/ring-polymer-qtst-${label}-T${ratioT}.json`, JSON.stringify({ label, date: new Date().toISOString(), gamma, Q0, theta, hbar, theta0, fq, trajectories, points, rows }, null, 2));
gpu.release();
