import { it } from 'vitest';
import { appendFileSync } from 'node:fs';
import { validateFfsParameters } from '../../src/models/ffs/config.js';
import { runForwardFlux } from '../../src/models/ffs/driver.js';
import { useGpu } from '../support/gpu.js';
import { melnikovMeshkovRate } from '../../src/physics/rates.js';
const gpu = useGpu();
it('smoke', async () => {
  for (const c of JSON.parse(process.env.CASES ?? '[]')) {
    const cfg = validateFfsParameters({ gamma: 0.9, ...c });
    const r = await runForwardFlux(gpu.device, cfg);
    const mm = melnikovMeshkovRate({ gamma: cfg.gamma, Q0: cfg.Q0, theta: cfg.theta });
    appendFileSync('/tmp/rare/out.txt', `${JSON.stringify(c)} ffs ${r.rate.toExponential(4)} ±${(100 * r.relativeError).toFixed(1)}% bin ±${(100 * r.binomialRelativeError).toFixed(1)}% ${r.wallSeconds.toFixed(1)}s steps ${r.trajectorySteps.toExponential(2)} flux ${r.flux.rate.toExponential(3)} K=${r.flux.cyclesPerWalker} p=${r.stages.map((s) => s.probability.toFixed(3)).join(',')} cens=${r.stages.reduce((a, s) => a + s.censored, 0)} MM ratio ${(r.rate / mm).toFixed(3)}\n`);
  }
}, 600000);
