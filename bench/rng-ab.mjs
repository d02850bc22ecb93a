// A/B of the trajectory kernel's random-number generator (Philox4x32-10 against Threefry4x32 at 20
// and 13 rounds), with the method of bench/NOTES.md: the production escape kernel timed by
// benchmarkEscapeKernel (GPU timestamps where available), the variants interleaved round after
// round in one process, medians and best-of reported. Advisory: nothing here is asserted by a test.
// Usage: node bench/rng-ab.mjs [trajectories=65536] [rounds=4] [--label L]
import { writeFileSync, mkdirSync } from 'node:fs';
import { requestNodeDevice } from '../dist/engine/node-device.js';
import { benchmarkEscapeKernel } from '../dist/engine/benchmark.js';
import { RNG_NAMES } from '../dist/engine/philox.js';

const args = process.argv.slice(2);
const labelAt = args.indexOf('--label');
const label = labelAt >= 0 ? args.splice(labelAt, 2)[1] : 'lavapipe';
const trajectories = Number(args[0] ?? 65536);
const rounds = Number(args[1] ?? 4);
const gpu = await requestNodeDevice(); // the whole object: its Dawn instance must outlive the device
const parameters = { gamma: 0.9, Q0: 10, barrierOverKT: 6, dt: 0.05, seed: 1 };
const time = (rng) => benchmarkEscapeKernel(gpu.device, { parameters, trajectories, steps: 2000, stepsPerDispatch: 2000, workgroupSize: 64, repeats: 3, rng });

for (const rng of RNG_NAMES) await time(rng); // warm-up: every pipeline compiled
const samples = Object.fromEntries(RNG_NAMES.map((r) => [r, []]));
for (let round = 0; round < rounds; round++) {
  // Rotate the order each round so that no variant always runs first after a pause.
  const order = RNG_NAMES.map((_, i) => RNG_NAMES[(i + round) % RNG_NAMES.length]);
  for (const rng of order) {
    const t = await time(rng);
    samples[rng].push(t.stepsPerSecond);
    process.stderr.write(`round ${round + 1}/${rounds}  ${rng.padEnd(10)} ${t.stepsPerSecond.toExponential(3)} steps/s (${t.timer})\n`);
  }
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const summary = {
  format: 'washboard.bench-rng', version: 1, label, trajectories, steps: 2000, workgroupSize: 64, rounds,
  adapter: gpu.adapterInfo,
  variants: Object.fromEntries(RNG_NAMES.map((r) => [r, { medianStepsPerSecond: median(samples[r]), bestStepsPerSecond: Math.max(...samples[r]), samples: samples[r] }])),
};
summary.ratios = Object.fromEntries(RNG_NAMES.map((r) => [r, {
  median: summary.variants[r].medianStepsPerSecond / summary.variants.philox.medianStepsPerSecond,
  best: summary.variants[r].bestStepsPerSecond / summary.variants.philox.bestStepsPerSecond,
}]));
mkdirSync('bench/results', { recursive: true });
writeFileSync(`bench/results/rng-ab-${label}-${trajectories}.json`, JSON.stringify(summary, null, 2) + '\n');
console.log(JSON.stringify({ ...summary, variants: undefined }, null, 2));
gpu.release();
process.exit(0);
