// The ring-polymer model's harmonic validation table and throughput (docs/ring-polymer.md): bead
// and centroid variances of the harmonic well with Ohmic damping (ω₀ = 1, Q₀ = 1, ħ̃ = 1) against
// the exact finite-P Matsubara sums, for θ = 0.05 (0.51θ₀) and 0.2 (2.03θ₀) and P = 8, 16, 32, and
// polymer-steps/s and bead-steps/s of each run (pipelines built first by a small run of the same
// constants, so compile time is not counted). Advisory: nothing here is asserted (the fast checks
// are test/models/ring-polymer.test.ts).
// Usage: npm run build && node bench/ring-polymer.mjs [trajectories=16384] [--label L]
import { mkdirSync, writeFileSync } from 'node:fs';
import { requestNodeDevice } from '../dist/engine/node-device.js';
import { validateRingPolymerParameters } from '../dist/models/ring-polymer/config.js';
import { ringPolymerMoments, runRingPolymerEnsemble } from '../dist/models/ring-polymer/model.js';
import { harmonicBeadSecondMomentSpread, harmonicBeadVariance, harmonicBeadVarianceContinuum, harmonicCentroidVariance, harmonicCrossoverTheta } from '../dist/physics/ring-polymer.js';

const args = process.argv.slice(2);
const labelAt = args.indexOf('--label');
const label = labelAt >= 0 ? args.splice(labelAt, 2)[1] : 'lavapipe';
const N = Number(args[0] ?? 16384);
const gpu = await requestNodeDevice();
const base = { hbar: 1, Q0: 1, potential: 'harmonic', omega0Squared: 1, dt: 0.05, time: 10 };
const theta0 = harmonicCrossoverTheta(1, 1, 1);
const rows = [];
console.log(`| θ/θ₀ | P | bead var (sim) | exact finite-P | z | centroid var (sim) | exact θ/ω₀² | z | continuum | polymer-steps/s | bead-steps/s |`);
console.log(`|---|---|---|---|---|---|---|---|---|---|---|`);
for (const theta of [0.05, 0.2]) {
  for (const beads of [8, 16, 32]) {
    const p = { ...base, theta, beads, seed: 7000 + beads + Math.round(100 * theta) };
    await runRingPolymerEnsemble(gpu.device, validateRingPolymerParameters({ ...p, trajectories: 64, time: 0.2 }));
    const config = validateRingPolymerParameters({ ...p, trajectories: N });
    const t0 = performance.now();
    const { statistics } = await runRingPolymerEnsemble(gpu.device, config);
    const seconds = (performance.now() - t0) / 1000;
    const m = ringPolymerMoments(statistics);
    const bead = harmonicBeadVariance(config);
    const beadError = Math.sqrt(harmonicBeadSecondMomentSpread(config) / N);
    const centroid = harmonicCentroidVariance(config);
    const centroidError = centroid * Math.sqrt(2 / (N - 1));
    const row = {
      theta, thetaOverTheta0: theta / theta0, beads, trajectories: N, polymerSteps: config.polymerSteps, seconds,
      beadVariance: m.beadVariance, beadError, beadExact: bead, zBead: (m.beadVariance - bead) / beadError,
      centroidVariance: m.centroidVariance, centroidError, centroidExact: centroid, zCentroid: (m.centroidVariance - centroid) / centroidError,
      continuum: harmonicBeadVarianceContinuum(config), polymerStepsPerSecond: (N * config.polymerSteps) / seconds,
    };
    rows.push(row);
    console.log(`| ${row.thetaOverTheta0.toFixed(2)} | ${beads} | ${m.beadVariance.toFixed(5)} ± ${beadError.toFixed(5)} | ${bead.toFixed(5)} | ${row.zBead.toFixed(2)} | ${m.centroidVariance.toFixed(5)} ± ${centroidError.toFixed(5)} | ${centroid.toFixed(5)} | ${row.zCentroid.toFixed(2)} | ${row.continuum.toFixed(5)} | ${row.polymerStepsPerSecond.toExponential(2)} | ${(row.polymerStepsPerSecond * beads).toExponential(2)} |`);
  }
}
mkdirSync('bench/results', { recursive: true });
writeFileSync(`bench/results/ring-polymer-${label}.json`, JSON.stringify({ label, date: new Date().toISOString(), rows }, null, 2));
gpu.release();
