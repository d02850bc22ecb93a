// A/B of Dawn's toggles on the production escape kernel: none (the default) against
// skip_validation, disable_robustness and both, each on its own Dawn instance, interleaved round
// after round in one process (method of bench/NOTES.md). Advisory: nothing here is asserted.
// Usage: node bench/dawn-toggles.mjs [trajectories=65536] [rounds=4] [--label L]
import { writeFileSync, mkdirSync } from 'node:fs';
import { requestNodeDevice } from '../dist/engine/node-device.js';
import { benchmarkEscapeKernel } from '../dist/engine/benchmark.js';

const args = process.argv.slice(2);
const labelAt = args.indexOf('--label');
const label = labelAt >= 0 ? args.splice(labelAt, 2)[1] : 'lavapipe';
const trajectories = Number(args[0] ?? 65536);
const rounds = Number(args[1] ?? 4);
const variants = {
  none: [],
  skip_validation: ['enable-dawn-features=skip_validation'],
  disable_robustness: ['enable-dawn-features=disable_robustness'],
  both: ['enable-dawn-features=skip_validation,disable_robustness'],
};
// Every NodeGpu stays referenced until the end: a collected Dawn instance takes its device down.
const gpus = {};
for (const [name, dawnFlags] of Object.entries(variants)) gpus[name] = await requestNodeDevice({ dawnFlags });
const parameters = { gamma: 0.9, Q0: 10, barrierOverKT: 6, dt: 0.05, seed: 1 };
const time = (name) => benchmarkEscapeKernel(gpus[name].device, { parameters, trajectories, steps: 2000, stepsPerDispatch: 2000, workgroupSize: 64, repeats: 3 });
const names = Object.keys(variants);
for (const n of names) await time(n); // warm-up
const samples = Object.fromEntries(names.map((n) => [n, []]));
for (let round = 0; round < rounds; round++) {
  for (const n of names.map((_, i) => names[(i + round) % names.length])) {
    const t = await time(n);
    samples[n].push(t.stepsPerSecond);
    process.stderr.write(`round ${round + 1}/${rounds}  ${n.padEnd(18)} ${t.stepsPerSecond.toExponential(3)} steps/s (${t.timer})\n`);
  }
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const summary = {
  format: 'washboard.bench-dawn-toggles', version: 1, label, trajectories, steps: 2000, workgroupSize: 64, rounds,
  adapter: gpus.none.adapterInfo,
  variants: Object.fromEntries(names.map((n) => [n, { flags: variants[n], medianStepsPerSecond: median(samples[n]), bestStepsPerSecond: Math.max(...samples[n]), samples: samples[n] }])),
};
summary.ratios = Object.fromEntries(names.map((n) => [n, { median: summary.variants[n].medianStepsPerSecond / summary.variants.none.medianStepsPerSecond, best: summary.variants[n].bestStepsPerSecond / summary.variants.none.bestStepsPerSecond }]));
mkdirSync('bench/results', { recursive: true });
writeFileSync(`bench/results/dawn-toggles-${label}-${trajectories}.json`, JSON.stringify(summary, null, 2) + '\n');
console.log(JSON.stringify({ ...summary, variants: undefined }, null, 2));
for (const g of Object.values(gpus)) g.release();
process.exit(0);
