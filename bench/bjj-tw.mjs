// Truncated Wigner (TW) of the bosonic Josephson junction: throughput of the engine's GPU ensemble
// (src/models/bjj-tw, f32 RK4) beside the CPU TW on the same machine in the same run: the f64 RK4
// ensemble `wignerEnsemble` (the same integrator, steps and sample times) and the CLI's default CPU
// backend `wignerOrbits` (one Fourier orbit per trajectory, evaluated at any t). Pipelines are built
// by a small GPU run first, so compile time is reported separately. Also checks that the GPU and CPU
// RK4 ensembles agree (|Δ⟨z⟩| in units of the CPU's standard error). Advisory: nothing asserted.
// Usage: npm run build && node bench/bjj-tw.mjs [gpuTrajectories=65536] [cpuTrajectories=2048] [--label L]
import { mkdirSync, writeFileSync } from 'node:fs';
import { requestNodeDevice } from '../dist/engine/node-device.js';
import { validateBjjTwParameters } from '../dist/models/bjj-tw/config.js';
import { runBjjTwEnsemble } from '../dist/models/bjj-tw/model.js';
import { wignerEnsemble } from '../dist/physics/bjj/truncated-wigner.js';
import { logTimes, wignerOrbits, wignerImbalance } from '../dist/physics/bjj/compare.js';

const args = process.argv.slice(2);
const labelAt = args.indexOf('--label');
const label = labelAt >= 0 ? args.splice(labelAt, 2)[1] : 'lavapipe';
const gpuM = Number(args[0] ?? 65536);
const cpuM = Number(args[1] ?? 2048);
const gpu = await requestNodeDevice();
const info = gpu.adapterInfo;
const adapter = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ');
const cases = [
  { name: 'N=20 Λ=15 spin-coherent z0=0.6 (self-trapped), t ≤ 5', N: 20, J: 1, U: 1.5, state: { kind: 'spin-coherent', z0: 0.6, phi0: 0 }, tMax: 5 },
  { name: 'N=100 Λ=2.5 coherent z0=0.3, t ≤ 10', N: 100, J: 1, U: 0.05, state: { kind: 'coherent', z0: 0.3, phi0: 0 }, tMax: 10 },
];
const rows = [];
for (const c of cases) {
  const times = logTimes(0.01, c.tMax, 40);
  const junction = { N: c.N, J: c.J, U: c.U };
  const t0 = performance.now();
  await runBjjTwEnsemble(gpu.device, validateBjjTwParameters({ ...junction, state: c.state, times: [0.01], trajectories: 64, seed: 1 }));
  const compileSeconds = (performance.now() - t0) / 1000;
  const config = validateBjjTwParameters({ ...junction, state: c.state, times, trajectories: gpuM, seed: 1 });
  const gpuRuns = [];
  let g;
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    g = await runBjjTwEnsemble(gpu.device, config);
    gpuRuns.push((performance.now() - t) / 1000);
  }
  const gpuSeconds = Math.min(...gpuRuns);
  let t = performance.now();
  const cpu = wignerEnsemble(junction, c.state, times, cpuM, 1);
  const cpuSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const orbits = wignerOrbits(junction, c.state, cpuM, 1);
  for (const time of times) wignerImbalance(orbits, c.J, time);
  const orbitSeconds = (performance.now() - t) / 1000;
  // The first cpuM GPU trajectories are the CPU's (same Philox stream, same steps).
  const head = await runBjjTwEnsemble(gpu.device, validateBjjTwParameters({ ...junction, state: c.state, times, trajectories: cpuM, seed: 1 }));
  const agreement = Math.max(...times.map((_, k) => Math.abs(head.mean[k] - cpu.mean[k]) / cpu.standardError[k]));
  const steps = config.maxSteps;
  const row = {
    case: c.name, sampleTimes: times.length, rk4StepsPerTrajectory: steps,
    gpu: { trajectories: gpuM, seconds: gpuSeconds, repeats: gpuRuns, compileSeconds, trajectoriesPerSecond: gpuM / gpuSeconds, trajectoryStepsPerSecond: (gpuM * steps) / gpuSeconds },
    cpuRk4: { trajectories: cpuM, seconds: cpuSeconds, trajectoriesPerSecond: cpuM / cpuSeconds, trajectoryStepsPerSecond: (cpuM * steps) / cpuSeconds },
    cpuOrbits: { trajectories: cpuM, seconds: orbitSeconds, trajectoriesPerSecond: cpuM / orbitSeconds, note: 'Fourier orbit per trajectory (CLI default), evaluated at the same sample times' },
    speedupOverCpuRk4: (gpuM / gpuSeconds) / (cpuM / cpuSeconds),
    maxGpuCpuDifferenceInCpuStandardErrors: agreement,
    finalMeanGpu: g.mean.at(-1), finalStandardErrorGpu: g.standardError.at(-1),
  };
  rows.push(row);
  console.log(`${c.name}: ${steps} RK4 steps/trajectory; GPU ${row.gpu.trajectoriesPerSecond.toExponential(3)} traj/s (${row.gpu.trajectoryStepsPerSecond.toExponential(3)} steps/s, compile ${compileSeconds.toFixed(2)} s); ` +
    `CPU RK4 ${row.cpuRk4.trajectoriesPerSecond.toExponential(3)} traj/s (${row.cpuRk4.trajectoryStepsPerSecond.toExponential(3)} steps/s); CPU orbits ${row.cpuOrbits.trajectoriesPerSecond.toExponential(3)} traj/s; ` +
    `GPU/CPU-RK4 ${row.speedupOverCpuRk4.toFixed(1)}x; max |Δ⟨z⟩| = ${agreement.toExponential(2)} CPU SE`);
}
mkdirSync('bench/results', { recursive: true });
writeFileSync(`bench/results/bjj-tw-${label}.json`, JSON.stringify({ label, adapter, machine: '2-core dev VM (shared)', date: new Date().toISOString(), rows }, null, 2));
gpu.release();
process.exit(0);
