/**
 * The quantum view: the well with its quasi-bound levels, Γ(T) through T₀ computed beside the
 * formulas, T_esc(T) with its plateau, and σ(T) of the switching distribution saturating below T₀.
 * All CPU, in a worker; no WebGPU needed. Optionally (a button, WebGPU in the engine worker) σ from
 * the simulated rate, ring polymers at a few temperatures (docs/ring-polymer.md §10).
 */
import * as Comlink from 'comlink';
import type { EngineApi } from '../engine.worker.js';
import { drawFigure } from '../plot-layer.js';
import { wrapWorker } from '../worker-layer.js';
import type { QuantumWorkerApi } from '../workers/quantum.worker.js';
import type { View } from './view.js';
import { escapeTemperatureFigure, levelsFigure, rateFigure, switchingWidthFigure, type SimulatedWidths } from './quantum-figures.js';
import type { SwitchingWidthData } from './quantum-data.js';

/**
 * The simulated σ(T) points: T/T₀ (at the cold switching bias) and the run size. P = 16 converges σ to
 * ~2% down to 0.64T₀ (docs/ring-polymer.md §10); 256 polymers × 30 grid points × 5 biases per point
 * keep a point to seconds on a GPU (about a minute on a software rasteriser).
 */
const SIMULATED_T_OVER_T0 = [0.65, 0.8, 1, 1.5, 2.5];
const SIMULATION = { beads: 16, trajectories: 256, points: 30, nodes: 5, dt: 0.05, seed: 1 };

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
      <p><button type="button" class="simulate" disabled>Simulate σ(T): ring polymers on the GPU</button> <span class="sim-status"></span></p>
      <div class="plot levels"></div><div class="plot rate"></div><div class="plot tesc"></div><div class="plot sigma"></div>`;
    const form = root.querySelector('form')!;
    const status = root.querySelector<HTMLElement>('.status')!;
    const handle = wrapWorker<QuantumWorkerApi>(new Worker(new URL('../workers/quantum.worker.ts', import.meta.url), { type: 'module' }));
    const simulate = root.querySelector<HTMLButtonElement>('.simulate')!;
    const simStatus = root.querySelector<HTMLElement>('.sim-status')!;
    // The engine worker (WebGPU) starts only when asked: the view itself needs no GPU.
    let engineWorker: Worker | null = null;
    let current: { widths: SwitchingWidthData; input: { Q0: number; hbar: number }; ramp: number } | null = null;
    const simulateWidths = async () => {
      if (!current) return;
      const { widths, input, ramp } = current;
      simulate.disabled = true;
      engineWorker ??= new Worker(new URL('../engine.worker.ts', import.meta.url), { type: 'module' });
      const engine = Comlink.wrap<EngineApi>(engineWorker);
      try {
        const probe = await engine.probe();
        if (!probe.available) throw new Error(`no WebGPU: ${probe.description}`);
        const thetas = SIMULATED_T_OVER_T0.map((t) => t * widths.theta0);
        const points: SimulatedWidths = { theta: [], width: [], widthError: [], beads: SIMULATION.beads };
        await engine.runQtstSwitching(
          { ...SIMULATION, Q0: input.Q0, hbar: input.hbar, rampRate: ramp },
          thetas,
          Comlink.proxy((done: number, total: number, point: number) => {
            simStatus.textContent = `T/T₀ = ${SIMULATED_T_OVER_T0[point]}: bias ${done}/${total} (${probe.description})`;
          }),
          Comlink.proxy((r: { theta: number; width: number; widthError: number }) => {
            points.theta.push(r.theta);
            points.width.push(r.width);
            points.widthError.push(r.widthError);
            void drawFigure(root.querySelector<HTMLElement>('.sigma')!, switchingWidthFigure(widths, points));
          }),
        );
        simStatus.textContent = `simulated σ at T/T₀ = ${SIMULATED_T_OVER_T0.join(', ')} (P = ${SIMULATION.beads}, ${SIMULATION.trajectories} polymers × ${SIMULATION.points} points × ${SIMULATION.nodes} biases each)`;
      } catch (err) {
        simStatus.textContent = err instanceof Error ? err.message : String(err);
      } finally {
        simulate.disabled = false;
      }
    };
    simulate.addEventListener('click', () => void simulateWidths());
    const run = async () => {
      const f = new FormData(form);
      const input = { gamma: Number(f.get('gamma')), Q0: Number(f.get('Q0')), hbar: Number(f.get('hbar')) };
      const ramp = Number(f.get('ramp'));
      ctx.setState(new URLSearchParams({ gamma: String(input.gamma), Q0: String(input.Q0), hbar: String(input.hbar), ramp: String(ramp) }));
      status.textContent = 'computing…';
      current = null;
      simulate.disabled = true;
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
        current = { widths, input, ramp };
        simulate.disabled = false;
      } catch (err) {
        status.textContent = err instanceof Error ? err.message : String(err);
      }
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void run();
    });
    void run();
    return () => {
      handle.release();
      engineWorker?.terminate();
    };
  },
};

export default view;
