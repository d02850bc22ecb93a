/**
 * The quantum view: the well with its quasi-bound levels, Γ(T) through T₀ computed beside the
 * formulas, T_esc(T) with its plateau, and σ(T) of the switching distribution saturating below T₀.
 * All CPU, in a worker; no WebGPU needed.
 */
import { drawFigure } from '../plot-layer.js';
import { wrapWorker } from '../worker-layer.js';
import type { QuantumWorkerApi } from '../workers/quantum.worker.js';
import type { View } from './view.js';
import { escapeTemperatureFigure, levelsFigure, rateFigure, switchingWidthFigure } from './quantum-figures.js';

const DEFAULTS = { gamma: '0.95', Q0: '10', hbar: '0.0075', ramp: '1e-8' };

const view: View = {
  id: 'quantum',
  title: 'Quantum escape',
  summary: 'Quasi-bound levels, the dissipative bounce and Γ(T) through the crossover T₀, computed from the Hamiltonian and the Caldeira–Leggett action. The formulas washboard used to quote are drawn beside them.',
  needsGpu: false,
  mount(root, ctx) {
    const value = (k: keyof typeof DEFAULTS) => ctx.state.get(k) ?? DEFAULTS[k];
    root.innerHTML = `
      <form class="quantum-form">
        <label>γ = I/I<sub>c</sub> <input name="gamma" value="${value('gamma')}"></label>
        <label>Q<sub>0</sub> <input name="Q0" value="${value('Q0')}"></label>
        <label>ħω<sub>p0</sub>/E<sub>J</sub> <input name="hbar" value="${value('hbar')}"></label>
        <label>ramp dγ/dτ <input name="ramp" value="${value('ramp')}"></label>
        <button type="submit">Compute</button> <span class="status"></span>
      </form>
      <div class="plot levels"></div><div class="plot rate"></div><div class="plot tesc"></div><div class="plot sigma"></div>`;
    const form = root.querySelector('form')!;
    const status = root.querySelector<HTMLElement>('.status')!;
    const handle = wrapWorker<QuantumWorkerApi>(new Worker(new URL('../workers/quantum.worker.ts', import.meta.url), { type: 'module' }));
    const run = async () => {
      const f = new FormData(form);
      const input = { gamma: Number(f.get('gamma')), Q0: Number(f.get('Q0')), hbar: Number(f.get('hbar')) };
      const ramp = Number(f.get('ramp'));
      ctx.setState(new URLSearchParams({ gamma: String(input.gamma), Q0: String(input.Q0), hbar: String(input.hbar), ramp: String(ramp) }));
      status.textContent = 'computing…';
      try {
        const d = await handle.api.compute(input);
        status.textContent = `T₀: θ₀ = ${d.theta0.toPrecision(4)}; ${d.levels.length} levels`;
        await drawFigure(root.querySelector<HTMLElement>('.levels')!, levelsFigure(d));
        await drawFigure(root.querySelector<HTMLElement>('.rate')!, rateFigure(d));
        await drawFigure(root.querySelector<HTMLElement>('.tesc')!, escapeTemperatureFigure(d));
        // σ(T) takes a few seconds more (a switching histogram per temperature): drawn when ready.
        status.textContent += '; computing σ(T)…';
        const widths = await handle.api.switchingWidths(input, ramp);
        status.textContent = `T₀: θ₀ = ${d.theta0.toPrecision(4)}; ${d.levels.length} levels; σ(T) at switching bias γ ≈ ${widths.meanGammaAtLowT.toPrecision(4)}`;
        await drawFigure(root.querySelector<HTMLElement>('.sigma')!, switchingWidthFigure(widths));
      } catch (err) {
        status.textContent = err instanceof Error ? err.message : String(err);
      }
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void run();
    });
    void run();
    return () => handle.release();
  },
};

export default view;
