/**
 * Figure builders of the quantum view (data in, Figure out), testable in node.
 */
import type { Data } from 'plotly.js-dist-min';
import { baseLayout, COLORS, line, type Figure } from '../plots.js';
import type { QuantumData, SwitchingWidthData } from './quantum-data.js';

/** The well V(φ) with each quasi-bound level drawn between its turning points, its width Γ_n in the hover text. */
export function levelsFigure(d: QuantumData): Figure {
  const data: Data[] = [line('V(φ) − V(φ<sub>min</sub>)', d.potential.q, d.potential.V, '#333')];
  for (const l of d.levels) {
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: `n = ${l.n}`,
      x: [l.left, l.right],
      y: [l.energy, l.energy],
      line: { width: 2 },
      hovertext: `E<sub>${l.n}</sub> = ${l.energy.toPrecision(5)} E<sub>J</sub>, Γ<sub>${l.n}</sub> = ${l.width.toPrecision(3)} ω<sub>p0</sub>`,
      hoverinfo: 'text',
      showlegend: false,
    });
  }
  return { data, layout: baseLayout('Quasi-bound levels of the well (complex scaling)', 'φ − φ<sub>min</sub>', 'energy / E<sub>J</sub>', false, false) };
}

/** Γ(T) computed (bounce below T₀, the uniform crossover result through it, f_q × Kramers above) beside the formula patchwork of escape.ts. */
export function rateFigure(d: QuantumData): Figure {
  const x = d.curve.theta.map((t) => t / d.theta0);
  const layout = baseLayout('Escape rate through the crossover', 'T/T<sub>0</sub>', 'Γ/ω<sub>p0</sub>', false, true);
  return {
    data: [line('computed', x, d.curve.computed, COLORS.quantum), line('formulas (escape.ts)', x, d.curve.formula, '#888', 'dash')],
    layout,
  };
}

/** T_esc(T) with the computed plateau; T_esc by Γ = (ω_p/2π)exp(−ΔU/k_BT_esc). */
export function escapeTemperatureFigure(d: QuantumData): Figure {
  const x = d.curve.theta.map((t) => t / d.theta0);
  const data: Data[] = [
    line('computed', x, d.curve.computedEscape.map((t) => (t === null ? null : t / d.theta0)), COLORS.quantum),
    line('formulas (escape.ts)', x, d.curve.formulaEscape.map((t) => (t === null ? null : t / d.theta0)), '#888', 'dash'),
    line('T<sub>esc</sub> = T', x, x, '#bbb', 'dot'),
  ];
  if (d.plateau !== null) data.push(line('plateau (T = 0 bounce)', [x[0]!, x[x.length - 1]!], [d.plateau / d.theta0, d.plateau / d.theta0], '#d62728', 'dot'));
  return { data, layout: baseLayout('Escape temperature', 'T/T<sub>0</sub>', 'T<sub>esc</sub>/T<sub>0</sub>', false, false) };
}

/** Simulated σ points (ring polymers on the GPU, docs/ring-polymer.md §10), one standard error each. */
export interface SimulatedWidths {
  theta: number[];
  width: number[];
  widthError: number[];
  beads: number;
}

/**
 * σ(T) of the switching distribution: the saturation below T₀ that is the signature of MQT; with
 * `simulated`, the σ from the simulated rate Γ_PI-QTST·κ as points with error bars.
 */
export function switchingWidthFigure(d: SwitchingWidthData, simulated?: SimulatedWidths): Figure {
  const x = d.theta.map((t) => t / d.theta0);
  const layout = baseLayout(`Switching width, dγ/dτ = ${d.rampRate.toPrecision(3)}`, 'T/T<sub>0</sub>', 'σ<sub>γ</sub>', true, true);
  const data: Data[] = [line('computed Γ (Fulton–Dunkleberger)', x, d.computed, COLORS.quantum), line('formulas (escape.ts)', x, d.formula, '#888', 'dash')];
  if (simulated && simulated.theta.length > 0) {
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: `simulated: ring polymers, P = ${simulated.beads} (PI-QTST × κ)`,
      x: simulated.theta.map((t) => t / d.theta0),
      y: simulated.width,
      error_y: { type: 'data', array: simulated.widthError, color: '#d62728', thickness: 1 },
      marker: { color: '#d62728', size: 7 },
    });
  }
  return { data, layout };
}
