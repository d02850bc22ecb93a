// A/B of the host's wait for the GPU (issue: Dawn spins a CPU core while a map is pending).
// Runs the same rate ensemble with waitBeforeMap = 0 (map at once: Dawn polls for the whole chunk)
// and with the default, interleaved, in one process, and reports wall time, process CPU-seconds
// (all threads: the Node main thread and lavapipe's workers) and whether the statistics agree bit
// for bit. Usage: node bench/wait-before-map.mjs [trajectories] [repeats] [--label L]
import { writeFileSync, mkdirSync } from 'node:fs';
import { requestNodeDevice } from '../dist/engine/node-device.js';
import { WAIT_BEFORE_MAP } from '../dist/engine/ensemble.js';
import { runEscapeEnsemble } from '../dist/models/rate/model.js';
import { validateEscapeParameters } from '../dist/models/rate/config.js';

const args = process.argv.slice(2);
const labelAt = args.indexOf('--label');
const label = labelAt >= 0 ? args.splice(labelAt, 2)[1] : 'lavapipe';
const trajectories = Number(args[0] ?? 4096);
const repeats = Number(args[1] ?? 3);
// Keep the whole NodeGpu reachable: its Dawn instance must outlive the device.
const gpu = await requestNodeDevice();
const device = gpu.device;
// The default job of `npm start`: γ = 0.9, Q₀ = 10, ΔU/k_BT = 6.
const config = validateEscapeParameters({ gamma: 0.9, Q0: 10, barrierOverKT: 6, trajectories, seed: 1 });

async function once(waitBeforeMap) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await runEscapeEnsemble(device, config, { waitBeforeMap });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpuSeconds: (cpu.user + cpu.system) / 1e6, statistics: JSON.stringify(r.statistics, (k, v) => (typeof v === 'bigint' ? v.toString() : v)) };
}

await once(WAIT_BEFORE_MAP); // warm-up: pipelines compiled, buffers allocated
const rows = [];
for (let i = 0; i < repeats; i++) {
  for (const w of i % 2 === 0 ? [0, WAIT_BEFORE_MAP] : [WAIT_BEFORE_MAP, 0]) {
    const r = await once(w);
    rows.push({ waitBeforeMap: w, wall: r.wall, cpuSeconds: r.cpuSeconds, statistics: r.statistics });
    process.stderr.write(`wait ${w}: ${r.wall.toFixed(2)} s wall, ${r.cpuSeconds.toFixed(2)} CPU-s\n`);
  }
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pick = (w, k) => median(rows.filter((r) => r.waitBeforeMap === w).map((r) => r[k]));
const identical = new Set(rows.map((r) => r.statistics)).size === 1;
const summary = {
  format: 'washboard.bench-wait', version: 1, label, trajectories, repeats,
  spin: { wallSeconds: pick(0, 'wall'), cpuSeconds: pick(0, 'cpuSeconds') },
  sleep: { waitBeforeMap: WAIT_BEFORE_MAP, wallSeconds: pick(WAIT_BEFORE_MAP, 'wall'), cpuSeconds: pick(WAIT_BEFORE_MAP, 'cpuSeconds') },
  wallRatio: pick(0, 'wall') / pick(WAIT_BEFORE_MAP, 'wall'),
  cpuRatio: pick(0, 'cpuSeconds') / pick(WAIT_BEFORE_MAP, 'cpuSeconds'),
  statisticsIdentical: identical,
  runs: rows.map(({ statistics, ...r }) => r),
};
mkdirSync('bench/results', { recursive: true });
writeFileSync(`bench/results/wait-before-map-${label}-${trajectories}.json`, JSON.stringify(summary, null, 2) + '\n');
console.log(JSON.stringify(summary, null, 2));
gpu.release();
process.exit(0);
