// PI-QTST through the crossover (docs/ring-polymer.md §8): one junction (γ = 0.9, Q₀ = 10,
// ħ̃ = 0.0307592, so that ΔU/θ = 10 at T = 2T₀) at T/T₀ = 2, 1.2, 1.0, 0.8, 0.6. Γ_q = Γ_PI-QTST·κ, with
// κ Kramers' transmission factor at Q(γ) (the classical/Grote–Hynes factor, Ohmic), against the
// computed rate of src/physics/quantum-escape/rate.ts (f_q × Kramers above T₀, the periodic bounce with
// its fluctuation prefactor below). Advisory: numbers, not a pass.
// Usage: npm run build && node bench/ring-polymer-crossover.mjs [trajectories=1024] [points=40] [P list=16,32] [--label L]
import { mkdirSync, writeFileSync } from 'node:fs';
import { requestNodeDevice } from '../dist/engine/node-device.js';
import { runCentroidBarrier } from '../dist/models/ring-polymer/centroid-barrier.js';
import { kramersFactor, qualityFactor } from '../dist/physics/potential.js';
import { crossoverTheta } from '../dist/physics/quantum.js';
import { quantumRate } from '../dist/physics/quantum-escape/rate.js';

const args = process.argv.slice(2);
const labelAt = args.indexOf('--label');
const label = labelAt >= 0 ? args.splice(labelAt, 2)[1] : 'lavapipe';
const trajectories = Number(args[0] ?? 1024);
const points = Number(args[1] ?? 40);
const beadList = (args[2] ?? '16,32').split(',').map(Number);
const gamma = 0.9, Q0 = 10, hbar = 0.0307592;
const theta0 = crossoverTheta({ gamma, Q0, hbar });
const kappa = kramersFactor(qualityFactor(Q0, gamma));
console.log(`γ = ${gamma}, Q₀ = ${Q0}, ħ̃ = ${hbar}, θ₀ = ${theta0.toPrecision(6)}, κ = ${kappa.toFixed(4)}`);
console.log('| T/T₀ | P | Γ_PI-QTST·κ | computed Γ (method) | ratio | Γ_cl (Kramers) | s |');
console.log('|---|---|---|---|---|---|---|');
const gpu = await requestNodeDevice();
const rows = [];
for (const t of (process.env.T_OVER_T0 ?? '2,1.2,1,0.8,0.6').split(',').map(Number)) {
  const theta = t * theta0;
  let reference;
  try { reference = quantumRate(gamma, Q0, hbar, theta); } catch (e) { reference = { rate: null, method: `failed: ${e.message}` }; }
  for (const beads of beadList) {
    const t0 = performance.now();
    const r = await runCentroidBarrier(gpu.device, { beads, hbar, theta, Q0, gamma, dt: 0.05, time: t < 1.1 ? 16 : 8, trajectories, seed: 1, below: 0.6, above: 0.15, points });
    const seconds = (performance.now() - t0) / 1000;
    const rate = r.rateCorrected * kappa; // the grid's quadrature error divided out (centroid-barrier.ts)
    const error = (r.ratioError / r.ratio) * rate;
    const row = { reducedTemperature: t, theta, beads, rate, error, classicalRate: r.classicalRateFine * kappa, reference: reference.rate, method: reference.method, barrier: r.barrier, seconds };
    rows.push(row);
    const ratio = reference.rate ? (rate / reference.rate).toFixed(3) : '—';
    console.log(`| ${t} | ${beads} | ${rate.toExponential(4)} ± ${error.toExponential(1)} | ${reference.rate ? reference.rate.toExponential(4) : 'none'} (${reference.method}) | ${ratio} | ${row.classicalRate.toExponential(4)} | ${seconds.toFixed(0)} |`);
  }
}
mkdirSync('bench/results', { recursive: true });
writeFileSync(`bench/results/ring-polymer-crossover-${label}.json`, JSON.stringify({ label, date: new Date().toISOString(), gamma, Q0, hbar, theta0, kappa, trajectories, points, rows }, null, 2));
gpu.release();
