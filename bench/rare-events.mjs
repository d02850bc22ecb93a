// Forward-flux sampling (docs/rare-events.md) against the exact overdamped MFPT, brute force and
// Mel'nikov–Meshkov at barriers brute force cannot reach, with wall times. Advisory: nothing here is
// asserted by a test (test/models/ffs.test.ts holds the fast checks).
// Usage: node bench/rare-events.mjs OUT.json 'CASES' [dist-dir=../dist]
//   CASES: JSON list of {gamma?, Q0, barrierOverKT, trials, seed?, walkers?, replicas?, orderParameter?, direct?: trajectories}
// Each case appends one record to OUT.json (a JSON array), so a long list can be run in pieces.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
const [out, casesJson] = process.argv.slice(2, 4);
const dist = process.argv[4] ?? '../dist';
const { requestNodeDevice } = await import(`${dist}/engine/node-device.js`);
const { validateFfsParameters } = await import(`${dist}/models/ffs/config.js`);
const { runForwardFlux } = await import(`${dist}/models/ffs/driver.js`);
const { validateEscapeParameters } = await import(`${dist}/models/rate/config.js`);
const { runEscapeEnsemble } = await import(`${dist}/models/rate/model.js`);
const { rateReport } = await import(`${dist}/models/rate/report.js`);
const { overdampedMeanFirstPassageTime } = await import(`${dist}/physics/mfpt.js`);
const { melnikovMeshkovRate, kramersRate } = await import(`${dist}/physics/rates.js`);
const gpu = await requestNodeDevice();
const device = gpu.adapterInfo ? `${gpu.adapterInfo.vendor} ${gpu.adapterInfo.architecture} ${gpu.adapterInfo.device}` : 'webgpu';
for (const c of JSON.parse(casesJson)) {
  const gamma = c.gamma ?? 0.9;
  const config = validateFfsParameters({ gamma, Q0: c.Q0, barrierOverKT: c.barrierOverKT, trials: c.trials, walkers: c.walkers, replicas: c.replicas, seed: c.seed ?? 1, orderParameter: c.orderParameter });
  const r = await runForwardFlux(gpu.device, config);
  const p = { gamma, Q0: config.Q0, theta: config.theta };
  const record = {
    case: c, orderParameter: config.orderParameter, dt: config.dt, interfaces: config.interfaces.length,
    ffs: { rate: r.rate, relativeError: r.relativeError, binomialRelativeError: r.binomialRelativeError, wallSeconds: r.wallSeconds, trajectorySteps: r.trajectorySteps,
      flux: r.flux, probabilities: r.stages.map((s) => s.probability), censored: r.stages.reduce((a, s) => a + s.censored, 0) },
    melnikovMeshkov: melnikovMeshkovRate(p), ratioMelnikovMeshkov: r.rate / melnikovMeshkovRate(p), ratioKramers: r.rate / kramersRate(p),
  };
  if (c.Q0 <= 0.1) {
    const T = overdampedMeanFirstPassageTime(p);
    record.exactMfpt = T;
    record.rateTimesMfpt = r.rate * T;
  }
  if (c.direct) {
    const e = validateEscapeParameters({ gamma, Q0: c.Q0, barrierOverKT: c.barrierOverKT, trajectories: c.direct, seed: (c.seed ?? 1) + 1000 });
    const d = await runEscapeEnsemble(gpu.device, e);
    const rep = rateReport(e, d.statistics, { backend: 'gpu', device, wallSeconds: d.wallSeconds });
    record.direct = { rate: rep.measured.rate, relativeError: rep.measured.relativeError, wallSeconds: d.wallSeconds, trajectorySteps: Number(d.statistics.exposureSteps) };
    record.ratioToDirect = r.rate / rep.measured.rate;
    record.combinedSigma = Math.hypot(r.relativeError, rep.measured.relativeError);
  }
  const all = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : [];
  all.push(record);
  writeFileSync(out, `${JSON.stringify(all, null, 1)}\n`);
  console.log(JSON.stringify({ case: c, lambda: config.orderParameter, rate: r.rate, err: r.relativeError, bin: r.binomialRelativeError, s: r.wallSeconds, mm: record.ratioMelnikovMeshkov, kT: record.rateTimesMfpt, direct: record.direct, ratioToDirect: record.ratioToDirect }));
}
gpu.release();
process.exit(0);
