import { it } from 'vitest';
import { appendFileSync } from 'node:fs';
import { useGpu } from '../support/gpu.js';
import { validateEscapeParameters } from '../../src/models/rate/config.js';
import { runEscapeEnsemble } from '../../src/models/rate/model.js';
import { rateReport } from '../../src/models/rate/report.js';
const gpu = useGpu();
it('direct', async () => {
  for (const c of JSON.parse(process.env.DIRECT ?? '[]')) {
    const e = validateEscapeParameters({ gamma: 0.9, ...c });
    const res = await runEscapeEnsemble(gpu.device, e);
    const rep = rateReport(e, res.statistics, { backend: 'gpu', device: '', wallSeconds: res.wallSeconds });
    appendFileSync('/tmp/rare/direct.txt', `${JSON.stringify(c)} direct ${rep.measured.rate.toExponential(4)} ±${(100 * rep.measured.relativeError!).toFixed(2)}% ${res.wallSeconds.toFixed(1)}s steps ${Number(res.statistics.exposureSteps).toExponential(2)}\n`);
  }
}, 600000);
