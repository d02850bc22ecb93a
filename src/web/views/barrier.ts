/**
 * Barrier view: tunnelling through a GaAs/AlₓGa₁₋ₓAs single or double barrier — the profile with
 * |ψ|², T(E) beside WKB and Kemble, the tunnelling times against width (Hartman), and J(V).
 * The form lives in the URL (ctx.state); the work runs in a worker.
 */
import { DEFAULT_FORM, type BarrierForm } from '../barrier-data.js';
import { currentFigure, profileFigure, timesFigure, transmissionFigure } from '../barrier-figures.js';
import { drawFigure } from '../plot-layer.js';
import { wrapWorker } from '../worker-layer.js';
import type { BarrierWorkerApi } from '../workers/barrier.worker.js';
import type { View } from './view.js';

const FIELDS: { key: keyof BarrierForm; label: string; step: string }[] = [
  { key: 'aluminium', label: 'Al fraction x (≤ 0.45)', step: '0.05' },
  { key: 'barrierWidth', label: 'barrier width (nm)', step: '0.5' },
  { key: 'wellWidth', label: 'well width (nm)', step: '0.5' },
  { key: 'energy', label: 'E for |ψ|² and times (eV)', step: '0.01' },
  { key: 'bias', label: 'bias (V)', step: '0.01' },
  { key: 'temperature', label: 'temperature (K)', step: '1' },
  { key: 'fermiEnergy', label: 'E_F (eV)', step: '0.005' },
];

/** Form from the URL, falling back to the defaults for anything missing or not a number. */
export function formFromState(state: URLSearchParams): BarrierForm {
  const form: BarrierForm = { ...DEFAULT_FORM };
  const kind = state.get('kind');
  if (kind === 'single' || kind === 'double') form.kind = kind;
  for (const f of FIELDS) {
    const raw = state.get(f.key);
    const v = raw === null ? NaN : Number(raw);
    if (Number.isFinite(v)) (form[f.key] as number) = v;
  }
  return form;
}

const view: View = {
  id: 'barrier',
  title: 'Barrier tunnelling',
  summary: 'Transmission, WKB and Kemble, tunnelling times and resonant tunnelling through GaAs/AlGaAs barriers with BenDaniel–Duke matching. Everything runs on the CPU, stable down to T ≈ 1e-40.',
  needsGpu: false,
  mount(root, ctx) {
    const form = formFromState(ctx.state);
    root.innerHTML = '';
    const controls = document.createElement('form');
    controls.className = 'barrier-form';
    const kind = document.createElement('select');
    for (const k of ['double', 'single']) kind.append(new Option(k === 'double' ? 'double barrier' : 'single barrier', k, false, form.kind === k));
    controls.append(labelled('structure', kind));
    const inputs = new Map<keyof BarrierForm, HTMLInputElement>();
    for (const f of FIELDS) {
      const input = document.createElement('input');
      input.type = 'number';
      input.step = f.step;
      input.value = String(form[f.key]);
      inputs.set(f.key, input);
      controls.append(labelled(f.label, input));
    }
    const run = document.createElement('button');
    run.type = 'submit';
    run.textContent = 'compute';
    const status = document.createElement('p');
    status.className = 'status';
    controls.append(run);
    const plots = ['profile', 'transmission', 'times', 'current'].map(() => {
      const el = document.createElement('div');
      el.className = 'plot';
      return el;
    });
    root.append(controls, status, ...plots);
    const worker = wrapWorker<BarrierWorkerApi>(new Worker(new URL('../workers/barrier.worker.ts', import.meta.url), { type: 'module' }));
    let disposed = false;
    const compute = async () => {
      const current: BarrierForm = { ...form, kind: kind.value === 'single' ? 'single' : 'double' };
      for (const f of FIELDS) (current[f.key] as number) = Number(inputs.get(f.key)!.value);
      const state = new URLSearchParams({ kind: current.kind });
      for (const f of FIELDS) state.set(f.key, String(current[f.key]));
      ctx.setState(state);
      status.textContent = 'computing…';
      try {
        const t0 = performance.now();
        const data = await worker.api.compute(current);
        if (disposed) return;
        status.textContent = `done in ${((performance.now() - t0) / 1000).toFixed(2)} s (units: eV, nm, m₀, fs, A/cm²)`;
        await Promise.all([
          drawFigure(plots[0]!, profileFigure(data)),
          drawFigure(plots[1]!, transmissionFigure(data)),
          drawFigure(plots[2]!, timesFigure(data)),
          drawFigure(plots[3]!, currentFigure(data)),
        ]);
      } catch (err) {
        if (!disposed) status.textContent = err instanceof Error ? err.message : String(err);
      }
    };
    controls.addEventListener('submit', (e) => {
      e.preventDefault();
      void compute();
    });
    void compute();
    return () => {
      disposed = true;
      worker.release();
    };
  },
};

function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  const label = document.createElement('label');
  label.append(document.createTextNode(`${text} `), control);
  return label;
}

export default view;
