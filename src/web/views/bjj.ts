/**
 * The bosonic Josephson junction: exact dynamics beside mean field and truncated Wigner on a log-time
 * axis, the breakdown time of self-trapping against N, the mean-field phase portrait and the exact
 * spectrum with its doublets. All of it runs on the CPU in a worker; where the browser has WebGPU,
 * the truncated-Wigner ensemble also runs on the GPU (src/models/bjj-tw, in the engine's worker) and
 * its raw ⟨z⟩(t) is added to the imbalance plot. Without WebGPU the view works as before.
 */
import { drawFigure } from '../plot-layer.js';
import { placeholderFigure } from '../plots.js';
import { wrapWorker } from '../worker-layer.js';
import type { BjjRequest, BjjWorkerApi } from '../bjj-compute.js';
import type { EngineApi, TruncatedWignerRun } from '../engine.worker.js';
import { breakdownFigure, distributionFigure, imbalanceFigure, portraitFigure, spectrumFigure } from './bjj-figures.js';
import type { View, ViewContext } from './view.js';

/** Trajectories of the GPU truncated-Wigner ensemble: standard error ≤ 1/√n = 0.016, and seconds on a software adapter. */
const GPU_WIGNER_TRAJECTORIES = 4096;

/** Fields, their URL keys and defaults (the CLI's defaults, but a page-sized N and grid). */
export const BJJ_FIELDS = [
  ['N', '20'],
  ['J', '1'],
  ['lambda', '15'],
  ['z0', '0.6'],
  ['phi0', '0'],
  ['t-min', '0.01'],
  ['t-max', '1e25'],
  ['points', '320'],
  ['smoothing', '0.25'],
  ['trajectories', '300'],
  ['seed', '1'],
  ['N-from', '10'],
  ['N-to', '60'],
  ['N-step', '2'],
] as const;

export type BjjField = (typeof BJJ_FIELDS)[number][0];

/** The request for the worker from URL state; numbers are parsed here, checked in the worker. */
export function requestFromState(state: URLSearchParams): BjjRequest {
  const get = (k: BjjField) => Number(state.get(k) ?? BJJ_FIELDS.find(([f]) => f === k)![1]);
  return {
    N: get('N'),
    J: get('J'),
    lambda: get('lambda'),
    kind: state.get('state') === 'fock' ? 'fock' : state.get('state') === 'coherent' ? 'coherent' : 'spin-coherent',
    z0: get('z0'),
    phi0: get('phi0'),
    tMin: get('t-min'),
    tMax: get('t-max'),
    points: get('points'),
    smoothing: get('smoothing'),
    trajectories: get('trajectories'),
    seed: get('seed'),
  };
}

function mount(root: HTMLElement, ctx: ViewContext): () => void {
  const worker = wrapWorker<BjjWorkerApi>(new Worker(new URL('../workers/bjj.worker.ts', import.meta.url), { type: 'module' }));
  root.innerHTML = '';
  const form = document.createElement('form');
  form.className = 'bjj-form';
  const inputs = new Map<string, HTMLInputElement>();
  for (const [key, fallback] of BJJ_FIELDS) {
    const label = document.createElement('label');
    label.textContent = `${key} `;
    const input = document.createElement('input');
    input.name = key;
    input.value = ctx.state.get(key) ?? fallback;
    input.size = 7;
    label.append(input);
    form.append(label, ' ');
    inputs.set(key, input);
  }
  const stateSelect = document.createElement('select');
  for (const k of ['spin-coherent', 'fock', 'coherent']) stateSelect.append(new Option(k, k, false, ctx.state.get('state') === k));
  form.append('state ', stateSelect, ' ');
  const run = document.createElement('button');
  run.type = 'submit';
  run.textContent = 'Run dynamics';
  const scan = document.createElement('button');
  scan.type = 'button';
  scan.textContent = 'Scan breakdown vs N';
  const status = document.createElement('p');
  status.className = 'bjj-status';
  form.append(run, ' ', scan);
  const figures = ['imbalance', 'distribution', 'breakdown', 'portrait', 'spectrum'].map((id) => {
    const div = document.createElement('div');
    div.className = `bjj-figure bjj-${id}`;
    div.style.minHeight = '420px';
    return div;
  });
  root.append(form, status, ...figures);
  const [imbalanceEl, distributionEl, breakdownEl, portraitEl, spectrumEl] = figures as [HTMLDivElement, HTMLDivElement, HTMLDivElement, HTMLDivElement, HTMLDivElement];
  void drawFigure(breakdownEl, placeholderFigure('Scan breakdown vs N to fill this plot'));

  const readState = () => {
    const s = new URLSearchParams();
    for (const [k, input] of inputs) s.set(k, input.value.trim());
    s.set('state', stateSelect.value);
    ctx.setState(s);
    return s;
  };

  let alive = true;
  // The GPU ensemble: started lazily on the first dynamics run, only where navigator.gpu exists.
  let engine: ReturnType<typeof wrapWorker<EngineApi>> | null = null;
  const gpuWigner = async (r: BjjRequest, times: number[]): Promise<TruncatedWignerRun | string> => {
    if (!('gpu' in navigator) || !navigator.gpu) return 'no WebGPU: truncated Wigner on the CPU only';
    engine ??= wrapWorker<EngineApi>(new Worker(new URL('../engine.worker.ts', import.meta.url), { type: 'module' }));
    // Raw ⟨z⟩ is meaningful while the ensemble has not dephased into noise: up to 10/J, as the CLI.
    const sampled = times.filter((t) => t <= Math.min(r.tMax, 10 / r.J));
    if (sampled.length === 0) return 'no grid time ≤ 10/J for the GPU ensemble';
    try {
      const U = (2 * r.J * r.lambda) / r.N;
      return await engine.api.runTruncatedWigner({ N: r.N, J: r.J, U, kind: r.kind, z0: r.z0, phi0: r.phi0, times: sampled, trajectories: GPU_WIGNER_TRAJECTORIES, seed: r.seed });
    } catch (err) {
      return `truncated Wigner on the GPU failed: ${err instanceof Error ? err.message : String(err)}`;
    }
  };
  const runDynamics = async () => {
    const s = readState();
    const r = requestFromState(s);
    status.textContent = 'computing…';
    const out = await worker.api.dynamics(r);
    if (!alive) return;
    if (!out.ok) {
      status.textContent = out.error;
      return;
    }
    status.textContent = `N = ${r.N}, U = ${((2 * r.J * r.lambda) / r.N).toPrecision(4)}, prepared z₀ = ${out.value.summary.z0.toPrecision(4)}`;
    await drawFigure(imbalanceEl, imbalanceFigure(out.value, r.smoothing));
    await drawFigure(distributionEl, distributionFigure(out.value));
    await drawFigure(spectrumEl, spectrumFigure(out.value));
    const portrait = await worker.api.portrait(r.lambda, out.value.summary.z0, r.phi0);
    if (alive) await drawFigure(portraitEl, portraitFigure(portrait));
    const gpu = await gpuWigner(r, out.value.times);
    if (!alive) return;
    if (typeof gpu === 'string') {
      status.textContent += `; ${gpu}`;
      return;
    }
    status.textContent += `; truncated Wigner on the GPU: ${gpu.trajectories} trajectories (${gpu.device})`;
    await drawFigure(imbalanceEl, imbalanceFigure(out.value, r.smoothing, gpu));
  };
  const runScan = async () => {
    const s = readState();
    const r = requestFromState(s);
    const n = (k: string) => Number(s.get(k));
    status.textContent = 'scanning N…';
    const out = await worker.api.breakdown(n('N-from'), n('N-to'), n('N-step'), r.lambda, r.z0, r.phi0, r.kind);
    if (!alive) return;
    if (!out.ok) {
      status.textContent = out.error;
      return;
    }
    status.textContent = `breakdown: d ln t̄_Δ/dN = ${out.value.fits.mean.rate.toFixed(4)} ± ${out.value.fits.mean.rateError.toFixed(4)}; WKB s(ε₀) = ${out.value.growthRate.toFixed(4)}`;
    await drawFigure(breakdownEl, breakdownFigure(out.value));
  };
  const onSubmit = (e: Event) => {
    e.preventDefault();
    void runDynamics();
  };
  const onScan = () => void runScan();
  form.addEventListener('submit', onSubmit);
  scan.addEventListener('click', onScan);
  void runDynamics();
  return () => {
    alive = false;
    form.removeEventListener('submit', onSubmit);
    scan.removeEventListener('click', onScan);
    worker.release();
    engine?.release();
  };
}

const view: View = {
  id: 'bjj',
  title: 'Bosonic Josephson junction',
  summary:
    'Self-trapping in a two-mode Bose–Hubbard junction: exact quantum dynamics to t ~ 10²⁰ ħ/J beside mean field and truncated Wigner. It shows the exact imbalance tunnelling between the two self-trapped tori on a time that grows exponentially with N, where the classical descriptions stay trapped forever.',
  needsGpu: false,
  mount,
};

export default view;
