import { it } from 'vitest';
import { validateFfsParameters } from '../../src/models/ffs/config.js';
import { runForwardFlux } from '../../src/models/ffs/driver.js';
import { useGpu } from '../../test/support/gpu.js';
import { melnikovMeshkovRate } from '../../src/physics/rates.js';
const gpu = useGpu();
it('smoke', async () => {
  const c = validateFfsParameters({ gamma: 0.9, Q0: 1, barrierOverKT: 6, trials: 1024, seed: 1 });
  console.log(c.interfaces);
  const r = await runForwardFlux(gpu.device, c);
  console.log(JSON.stringify({ ...r, device: undefined }, null, 1));
  console.log('MM', melnikovMeshkovRate({ gamma: 0.9, Q0: 1, theta: c.theta }));
}, 300000);
