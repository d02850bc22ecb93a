// Convergence of the escape rate in the time step Δτ (issue 11 §4), in the style of DiffEqGPU.jl's
// SDE convergence tests: the rate Γ̂(Δτ) (censored estimate, physics.md §6) at 3–4 step sizes, each
// with its own seed (independent runs), then a weighted least-squares fit Γ(Δτ) = Γ₀ + cΔτ^p — for
// each p on a grid, (Γ₀, c) are linear; the p of least χ² and its 1σ range (Δχ² = 1) — and the fit
// with p fixed at 2, GJF's order for configurational averages. Reports Γ₀ ± σ against the finest step:
// z = (Γ̂(Δτ_min) − Γ₀)/√(σ² + σ²_min) (a conservative z, since Γ₀ is partly determined by that point).
// Advisory: nothing here is asserted by a test (test/engine/rates.test.ts asserts a small version).
// Usage: node bench/dt-convergence.mjs [Q0 list=10,100] [dt list=0.2,0.1,0.05,0.025] [trajectories=65536]
//        [barrierOverKT=4] [gamma=0.9] [dist=../dist] [seedBase=9000] [earlier results.json to merge] > results.json
// A second invocation with another seedBase adds step sizes to an earlier run (its rows are merged per
// Q₀ before fitting), so every row has its own seed.
const args = process.argv.slice(2);
const Q0s = (args[0] ?? '10,100').split(',').map(Number);
const dts = (args[1] ?? '0.2,0.1,0.05,0.025').split(',').map(Number);
const trajectories = Number(args[2] ?? 65536);
const barrierOverKT = Number(args[3] ?? 4), gamma = Number(args[4] ?? 0.9);
const dist = args[5] ?? '../dist';
const seedBase = Number(args[6] ?? 9000);
const earlier = args[7] ? JSON.parse((await import('node:fs')).readFileSync(args[7], 'utf8')).results : [];
const { requestNodeDevice } = await import(`${dist}/engine/node-device.js`);
const { validateEscapeParameters } = await import(`${dist}/models/rate/config.js`);
const { runEscapeEnsemble } = await import(`${dist}/models/rate/model.js`);
const { censoredRateEstimate, extrapolateToZeroStep } = await import(`${dist}/physics/estimate.js`);
const { melnikovMeshkovRate } = await import(`${dist}/physics/rates.js`);
const gpu = await requestNodeDevice();

/** Γ(Δτ) = r0 + cΔτ^p for fixed p (src/physics/estimate.ts), in this script's field names. */
function fitFixedPower(rows, p) {
  const f = extrapolateToZeroStep(rows.map((r) => ({ dt: r.dt, value: r.rate, error: r.rateSe })), p);
  return { p, r0: f.limit, r0Se: f.limitError, c: f.c, cSe: f.cError, chi2: f.chi2, dof: f.dof };
}

const results = [];
let seed = seedBase;
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
  for (const r of earlier.find((e) => e.Q0 === Q0)?.rows ?? []) if (!rows.some((x) => x.seed === r.seed)) rows.push(r);
  rows.sort((a, b) => b.dt - a.dt);
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
