import { it } from 'vitest';
import { appendFileSync } from 'node:fs';
import { validateFfsParameters } from '../../src/models/ffs/config.js';
import { runForwardFlux } from '../../src/models/ffs/driver.js';
import { useGpu } from '../support/gpu.js';
import { melnikovMeshkovRate } from '../../src/physics/rates.js';
import { validateEscapeParameters } from '../../src/models/rate/config.js';
import { runEscapeEnsemble } from '../../src/models/rate/model.js';
import { rateReport } from '../../src/models/rate/report.js';
import { overdampedMeanFirstPassageTime } from '../../src/physics/mfpt.js';
const gpu = useGpu();
const cases = JSON.parse(process.env.CASES ?? '[]');
it('smoke', async () => {
  for (const c of cases) {
    const cfg = validateFfsParameters({ gamma: 0.9, ...c, dt: c.dt });
    if (c.direct) { c.directOnly = true; }
    const r = await runForwardFlux(gpu.device, cfg);
    const mm = melnikovMeshkovRate({ gamma: cfg.gamma, Q0: cfg.Q0, theta: cfg.theta });
    let direct = '';
    if (c.direct) {
      const e = validateEscapeParameters({ gamma: 0.9, Q0: c.Q0, barrierOverKT: c.barrierOverKT, trajectories: c.direct, seed: 5, dt: c.dt });
      const res = await runEscapeEnsemble(gpu.device, e);
      const rep = rateReport(e, res.statistics, { backend: 'gpu', device: '', wallSeconds: res.wallSeconds });
      direct = `direct ${rep.measured.rate.toExponential(4)} ±${(100 * rep.measured.relativeError!).toFixed(1)}% ${res.wallSeconds.toFixed(1)}s`;
    }
    const T = c.Q0 <= 0.1 ? overdampedMeanFirstPassageTime({ gamma: cfg.gamma, Q0: cfg.Q0, theta: cfg.theta }) : NaN;
    appendFileSync('/tmp/rare/out.txt', [JSON.stringify(c), `ffs ${r.rate.toExponential(4)} ±${(100 * r.relativeError).toFixed(1)}% bin ±${(100 * r.binomialRelativeError).toFixed(1)}% ${r.wallSeconds.toFixed(1)}s steps ${r.trajectorySteps.toExponential(2)} N0=${r.flux.crossings} esc=${r.flux.escapesDuringFlux} p=${r.stages.map((s) => s.probability.toFixed(3)).join(',')} cens=${r.stages.map((s) => s.censored).join(',')}`, `MM ratio ${(r.rate / mm).toFixed(3)}`, `k*MFPT ${(r.rate * T).toFixed(4)}`, direct].join(' ') + '\n');
  }
}, 600000);
