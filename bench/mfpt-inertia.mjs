// The inertial correction of the overdamped MFPT check (issue 11 §5): the engine integrates the full
// Langevin equation, the exact double integral (src/physics/mfpt.ts) is its Q₀ → 0 limit, so
// T_engine/T_exact − 1 = δ(Q₀, Δτ) is the inertial correction plus the integrator's Δτ error. This
// measures δ at several Q₀ on the path Δτ = r·Q₀ (the test's path: the same steps per trajectory at
// every Q₀) plus the test's Q₀ at half its Δτ, and fits δ = c·Q₀^p (free p, weighted least squares
// on a grid of p) and δ = a·Q₀ + b·Q₀². Each trajectory starts at rest at φ_min and runs until it
// reaches φ_min + 2π (horizon 25·T_exact: none is censored). Advisory: the test uses the result.
// Usage: node bench/mfpt-inertia.mjs [barrierOverKT=1] [gamma=0.5] [dtOverQ0=0.2] [trajectories=131072]
//        [Q0 list=0.05,0.1,0.2] [extra Q0:dt=0.1:0.01] [dist=../dist] > results.json
const args = process.argv.slice(2);
const barrierOverKT = Number(args[0] ?? 1), gamma = Number(args[1] ?? 0.5), dtOverQ0 = Number(args[2] ?? 0.2);
const trajectories = Number(args[3] ?? 131072);
const Q0s = (args[4] ?? '0.05,0.1,0.2').split(',').map(Number);
const extra = (args[5] ?? '0.1:0.01').split(',').filter(Boolean).map((s) => s.split(':').map(Number));
const dist = args[6] ?? '../dist';
const { requestNodeDevice } = await import(`${dist}/engine/node-device.js`);
const { validateEscapeParameters } = await import(`${dist}/models/rate/config.js`);
const { runEscapeEnsemble } = await import(`${dist}/models/rate/model.js`);
const { overdampedMeanFirstPassageTime } = await import(`${dist}/physics/mfpt.js`);
const { thetaFromBarrier, wellMinimum } = await import(`${dist}/physics/potential.js`);
const gpu = await requestNodeDevice();
const theta = thetaFromBarrier(gamma, barrierOverKT);
const start = wellMinimum(gamma);

async function measure(Q0, dt, seed) {
  const exact = overdampedMeanFirstPassageTime({ gamma, Q0, theta, start, absorbing: start + 2 * Math.PI });
  const config = validateEscapeParameters({ gamma, Q0, theta, dt, trajectories, maxTime: 25 * exact, init: 'rest', seed, keepEscapeSteps: true });
  const t0 = performance.now();
  const { statistics } = await runEscapeEnsemble(gpu.device, config);
  const seconds = (performance.now() - t0) / 1000;
  let sum = 0, sum2 = 0;
  for (const s of statistics.escapeSteps) { const t = s * dt; sum += t; sum2 += t * t; }
  const n = trajectories, mean = sum / n, variance = (sum2 - n * mean * mean) / (n - 1);
  const row = {
    Q0, dt, dtOverQ0: dt / Q0, seed, trajectories, escaped: statistics.escaped, exact, mean,
    delta: mean / exact - 1, deltaSe: Math.sqrt(variance / n) / exact, cv: Math.sqrt(variance) / mean, seconds,
  };
  process.stderr.write(`Q0 ${Q0} dt ${dt}: δ = ${(100 * row.delta).toFixed(3)}% ± ${(100 * row.deltaSe).toFixed(3)}% (CV ${row.cv.toFixed(3)}, ${seconds.toFixed(0)} s)\n`);
  return row;
}

const rows = [];
let seed = 5000;
for (const Q0 of Q0s) rows.push(await measure(Q0, Number((dtOverQ0 * Q0).toPrecision(12)), ++seed));
for (const [Q0, dt] of extra) rows.push(await measure(Q0, dt, ++seed));

// Fits on the Δτ = r·Q₀ path. δ = c·Q₀^p: for each p on a grid, c by weighted least squares; the p
// with the least χ² (and its 1σ range, Δχ² = 1). And the two-term δ = a·Q₀ + b·Q₀².
const path = rows.filter((r) => Math.abs(r.dtOverQ0 - dtOverQ0) < 1e-9);
const chi2 = (f) => path.reduce((s, r) => s + ((r.delta - f(r.Q0)) / r.deltaSe) ** 2, 0);
let best = null;
const grid = [];
for (let p = 0.25; p <= 4.0001; p += 0.01) {
  let num = 0, den = 0;
  for (const r of path) { const x = r.Q0 ** p, w = 1 / r.deltaSe ** 2; num += w * x * r.delta; den += w * x * x; }
  const c = num / den, x2 = chi2((q) => c * q ** p);
  grid.push({ p, c, x2 });
  if (!best || x2 < best.x2) best = { p, c, x2 };
}
const within = grid.filter((g) => g.x2 <= best.x2 + 1).map((g) => g.p);
// Weighted linear least squares for (a, b).
let s11 = 0, s12 = 0, s22 = 0, t1 = 0, t2 = 0;
for (const r of path) { const w = 1 / r.deltaSe ** 2, x1 = r.Q0, x2 = r.Q0 ** 2; s11 += w * x1 * x1; s12 += w * x1 * x2; s22 += w * x2 * x2; t1 += w * x1 * r.delta; t2 += w * x2 * r.delta; }
const det = s11 * s22 - s12 * s12;
const a = (s22 * t1 - s12 * t2) / det, b = (s11 * t2 - s12 * t1) / det;
const aSe = Math.sqrt(s22 / det), bSe = Math.sqrt(s11 / det);
const out = {
  bench: 'mfpt-inertia', adapter: gpu.adapterInfo?.description, gamma, barrierOverKT, theta, dtOverQ0, rows,
  powerFit: { p: best.p, c: best.c, chi2: best.x2, dof: path.length - 2, pRange1Sigma: [Math.min(...within), Math.max(...within)] },
  linearQuadraticFit: { a, aSe, b, bSe, chi2: chi2((q) => a * q + b * q * q), dof: path.length - 2 },
};
console.log(JSON.stringify(out, null, 1));
gpu.release?.();
process.exit(0);
