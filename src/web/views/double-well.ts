/**
 * The double well: its doublet, P_L(t) coherent and decohering, the renormalised splitting Δ_eff/Δ₀
 * and the coherent–incoherent diagram (physics.md §12). State: s0, dephasing, wc.
 */
import { drawFigure } from '../plot-layer.js';
import { wrapWorker } from '../worker-layer.js';
import type { DoubleWellApi } from '../workers/double-well.worker.js';
import { diagramFigure, effectiveSplittingFigure, leftProbabilityFigure, potentialFigure } from './double-well-figures.js';
import type { View } from './view.js';

const DEFAULTS = { s0: '8', dephasing: '0.5,5', wc: '20' };

function numbers(text: string): number[] | null {
  const v = text.split(',').map((s) => Number(s.trim()));
  return v.length > 0 && v.every((x) => Number.isFinite(x) && x >= 0) ? v : null;
}

const view: View = {
  id: 'double-well',
  title: 'Double well',
  summary: 'Exact tunnel splitting of a symmetric double well beside the instanton formula, coherent and decohering tunnelling P_L(t). The spin-boson reduction: Δ_eff falling to zero at α = 1 and the coherent–incoherent boundary.',
  needsGpu: false,
  mount(root, ctx) {
    // The view's own copy of its URL state: read once, replaced on each submit.
    let state = new URLSearchParams(ctx.state);
    const get = (k: keyof typeof DEFAULTS) => state.get(k) ?? DEFAULTS[k];
    root.innerHTML = `
      <form class="dw-form">
        <label>S<sub>0</sub>/ħ <input name="s0" value="${get('s0')}" size="5"></label>
        <label>Γ<sub>φ</sub>/Δ<sub>0</sub> <input name="dephasing" value="${get('dephasing')}" size="10"></label>
        <label>ω<sub>c</sub>/Δ<sub>0</sub> (diagram) <input name="wc" value="${get('wc')}" size="5"></label>
        <button type="submit">Compute</button>
        <span class="dw-status"></span>
      </form>
      <div class="dw-plot" data-plot="potential"></div>
      <div class="dw-plot" data-plot="left"></div>
      <div class="dw-plot" data-plot="effective"></div>
      <div class="dw-plot" data-plot="diagram"></div>`;
    const form = root.querySelector('form')!;
    const status = root.querySelector<HTMLElement>('.dw-status')!;
    const plot = (name: string) => root.querySelector<HTMLElement>(`[data-plot="${name}"]`)!;
    const worker = wrapWorker<DoubleWellApi>(new Worker(new URL('../workers/double-well.worker.ts', import.meta.url), { type: 'module' }));
    let generation = 0;

    const run = async () => {
      const gen = ++generation;
      const s0 = Number(get('s0'));
      const dephasing = numbers(get('dephasing'));
      const wc = Number(get('wc'));
      if (!(s0 >= 3 && s0 <= 60) || !dephasing || dephasing.length > 4 || !(wc > 1 && wc <= 200)) {
        status.textContent = 'S₀/ħ in [3, 60], up to 4 values Γ_φ/Δ₀ ≥ 0, ω_c/Δ₀ in (1, 200]';
        return;
      }
      status.textContent = 'computing…';
      try {
        const [wf, trace, curves] = await Promise.all([
          worker.api.waveFunctions(s0),
          worker.api.coherent(s0, 2, dephasing),
          worker.api.effective([0.1, 0.05, 0.01]),
        ]);
        if (gen !== generation) return;
        await drawFigure(plot('potential'), potentialFigure(wf));
        await drawFigure(plot('left'), leftProbabilityFigure(trace));
        await drawFigure(plot('effective'), effectiveSplittingFigure(curves));
        await drawFigure(plot('diagram'), diagramFigure(null, wc));
        const alphas = [0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6];
        const rows = await worker.api.diagram(alphas, wc, 15);
        if (gen !== generation) return;
        await drawFigure(plot('diagram'), diagramFigure(rows, wc));
        status.textContent = `Δ₀/ħω = ${trace.splitting.toPrecision(6)}`;
      } catch (err) {
        if (gen === generation) status.textContent = err instanceof Error ? err.message : String(err);
      }
    };

    const onSubmit = (e: Event) => {
      e.preventDefault();
      const data = new FormData(form);
      const next = new URLSearchParams();
      for (const k of Object.keys(DEFAULTS)) next.set(k, String(data.get(k) ?? ''));
      state = next;
      ctx.setState(next);
      void run();
    };
    form.addEventListener('submit', onSubmit);
    void run();
    return () => {
      generation++;
      form.removeEventListener('submit', onSubmit);
      worker.release();
    };
  },
};

export default view;
