// Convergence of the escape rate in the time step Δτ (issue 11 §4), in the style of DiffEqGPU.jl's
// SDE convergence tests: the rate Γ̂(Δτ) (censored estimate, physics.md §6) at 3–4 step sizes, each
// with its own seed (independent runs), then a weighted least-squares fit Γ(Δτ) = Γ₀ + cΔτ^p — for
// each p on a grid, (Γ₀, c) are linear; the p of least χ² and its 1σ range (Δχ² = 1) — and the fit
// with p fixed at 2, GJF's order for configurational averages. Reports Γ₀ ± σ against the finest step:
// z = (Γ̂(Δτ_min) − Γ₀)/√(σ² + σ²_min) (a conservative z, since Γ₀ is partly determined by that point).
// Advisory: nothing here is asserted by a test (test/engine/rates.test.ts asserts a small version).
// Usage: node bench/dt-convergence.mjs [Q0 list=10,100] [dt list=0.2,0.1,0.05,0.025] [trajectories=65536]
//        [barrierOverKT=4] [gamma=0.9] [dist=../dist] > results.json
const args = process.argv.slice(2);
const Q0s = (args[0] ?? '10,100').split(',').map(Number);
const dts = (args[1] ?? '0.2,0.1,0.05,0.025').split(',').map(Number);
const trajectories = Number(args[2] ?? 65536);
const barrierOverKT = Number(args[3] ?? 4), gamma = Number(args[4] ?? 0.9);
const dist = args[5] ?? '../dist';
const { requestNodeDevice } = await import(`${dist}/engine/node-device.js`);
const { validateEscapeParameters } = await import(`${dist}/models/rate/config.js`);
const { runEscapeEnsemble } = await import(`${dist}/models/rate/model.js`);
const { censoredRateEstimate } = await import(`${dist}/physics/estimate.js`);
const { melnikovMeshkovRate } = await import(`${dist}/physics/rates.js`);
const gpu = await requestNodeDevice();

/** Weighted least squares of y = r0 + c·x^p for fixed p: r0, c, their standard errors, χ². */
function fitFixedPower(rows, p) {
  let S = 0, Sx = 0, Sxx = 0, Sy = 0, Sxy = 0;
  for (const r of rows) { const w = 1 / r.rateSe ** 2, x = r.dt ** p; S += w; Sx += w * x; Sxx += w * x * x; Sy += w * r.rate; Sxy += w * x * r.rate; }
  const det = S * Sxx - Sx * Sx;
  const r0 = (Sxx * Sy - Sx * Sxy) / det, c = (S * Sxy - Sx * Sy) / det;
  const chi2 = rows.reduce((s, r) => s + ((r.rate - r0 - c * r.dt ** p) / r.rateSe) ** 2, 0);
  return { p, r0, r0Se: Math.sqrt(Sxx / det), c, cSe: Math.sqrt(S / det), chi2, dof: rows.length - 2 };
}

const results = [];
let seed = 9000;
for (const Q0 of Q0s) {
  const rows = [];
  for (const dt of dts) {
    const config = validateEscapeParameters({ gamma, Q0, barrierOverKT, dt, trajectories, seed: ++seed });
    const t0 = performance.now();
    const { statistics } = await runEscapeEnsemble(gpu.device, config);
    const seconds = (performance.now() - t0) / 1000;
    const e = censoredRateEstimate({ escaped: statistics.escaped, exposure: Number(statistics.exposureSteps) * dt });
    rows.push({ dt, seed, trajectories, escaped: statistics.escaped, rate: e.rate, rateSe: e.standardError, seconds });
    process.stderr.write(`Q0 ${Q0} dt ${dt}: Γ = ${e.rate.toExponential(5)} ± ${(100 * e.relativeError).toFixed(2)}% (${statistics.escaped} escaped, ${seconds.toFixed(0)} s)\n`);
  }
  let best = null;
  const grid = [];
  for (let p = 0.5; p <= 4.0001; p += 0.01) {
    const f = fitFixedPower(rows, p);
    grid.push(f);
    if (!best || f.chi2 < best.chi2) best = f;
  }
  const within = grid.filter((g) => g.chi2 <= best.chi2 + 1).map((g) => g.p);
  const finest = rows.reduce((a, b) => (a.dt < b.dt ? a : b));
  const compare = (f) => ({ ...f, finestMinusR0: finest.rate - f.r0, z: (finest.rate - f.r0) / Math.hypot(f.r0Se, finest.rateSe), finestOverR0: finest.rate / f.r0 });
  results.push({
    Q0, gamma, barrierOverKT, melnikovMeshkov: melnikovMeshkovRate({ gamma, Q0, theta: validateEscapeParameters({ gamma, Q0, barrierOverKT, trajectories: 1 }).theta }), rows,
    freeFit: { ...compare(best), pRange1Sigma: [Math.min(...within), Math.max(...within)] },
    p2Fit: compare(fitFixedPower(rows, 2)),
    p1Fit: compare(fitFixedPower(rows, 1)),
  });
}
console.log(JSON.stringify({ bench: 'dt-convergence', adapter: gpu.adapterInfo?.description, results }, null, 1));
gpu.release?.();
process.exit(0);
