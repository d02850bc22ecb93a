/**
 * Figure builders of the double-well view: pure functions from the physics' plain data to a
 * Plotly {data, layout}, so node tests can check them without a browser.
 */
import type { CoherentTrace, DiagramRow, WaveFunctions } from '../../physics/double-well/report.js';
import { baseLayout, COLORS, line, note, type Figure } from '../plots.js';

const DEPHASING_COLORS = [COLORS.mqt, COLORS.quantum, COLORS.bhl, COLORS.energyDiffusion, COLORS.live, COLORS.tst];

/** V(x) with the doublet's wave functions drawn at their energies (scaled to be visible). */
export function potentialFigure(wf: WaveFunctions): Figure {
  const vMax = Math.max(...wf.potential.filter((v) => Number.isFinite(v)));
  const top = Math.min(vMax, 3 * wf.potential[Math.floor(wf.potential.length / 2)]! + 1);
  const peak = Math.max(...wf.even.map(Math.abs), ...wf.odd.map(Math.abs));
  const scale = (0.35 * top) / peak;
  const layout = baseLayout('Potential and the tunnelling doublet', 'x/ℓ', 'V/ħω,  E<sub>±</sub> + cψ<sub>±</sub>', false, false);
  layout.yaxis = { ...layout.yaxis, range: [-0.45 * top, 1.1 * top] };
  return {
    data: [
      line('V(x)', wf.x, wf.potential.map((v) => (v <= 1.2 * top ? v : null)), COLORS.measured),
      line('ψ<sub>+</sub> (even)', wf.x, wf.even.map((p) => wf.evenEnergy + scale * p), COLORS.kramers),
      line('ψ<sub>−</sub> (odd)', wf.x, wf.odd.map((p) => wf.oddEnergy + scale * p), COLORS.live, 'dash'),
    ],
    layout,
  };
}

/** P_L(t) against tΔ₀/2π: two-level, Gaussian packet, and each decohering series. */
export function leftProbabilityFigure(trace: CoherentTrace): Figure {
  const periods = trace.t.map((t) => (t * trace.splitting) / (2 * Math.PI));
  const layout = baseLayout(`P<sub>L</sub>(t), S<sub>0</sub>/ħ = ${trace.s0}`, 'tΔ<sub>0</sub>/2πħ', 'P<sub>L</sub>', false, false);
  layout.yaxis = { ...layout.yaxis, range: [-0.02, 1.02] };
  return {
    data: [
      line('two-level cos²(Δ<sub>0</sub>t/2ħ)', periods, trace.twoLevel, COLORS.tst, 'dot'),
      line('Gaussian packet (exact)', periods, trace.packet, COLORS.kramers),
      ...trace.decohering.map((d, i) =>
        line(`Γ<sub>φ</sub> = ${d.dephasingOverSplitting}Δ<sub>0</sub> (Caldeira–Leggett)`, periods, d.PL, DEPHASING_COLORS[i % DEPHASING_COLORS.length]!, 'dash'),
      ),
    ],
    layout,
  };
}

/** Δ_eff/Δ₀ against α for several Δ₀/ω_c; null where the closed form is outside its regime. */
export function effectiveSplittingFigure(curves: { ratio: number; alpha: number[]; value: (number | null)[] }[]): Figure {
  const colors = [COLORS.kramers, COLORS.melnikovMeshkov, COLORS.quantum, COLORS.mqt];
  const layout = baseLayout('Renormalised splitting (Leggett et al. 1987)', 'α', 'Δ<sub>eff</sub>/Δ<sub>0</sub>', false, false);
  layout.xaxis = { ...layout.xaxis, range: [0, 1.05] };
  layout.yaxis = { ...layout.yaxis, range: [0, 1.02] };
  layout.shapes = [{ type: 'line', xref: 'x', yref: 'paper', x0: 1, x1: 1, y0: 0, y1: 1, line: { color: COLORS.tst, dash: 'dot', width: 1.5 } }];
  layout.annotations = note('α ≥ 1: localised (Δ<sub>eff</sub> = 0)', 0.9);
  return {
    data: curves.map((c, i) => line(`Δ<sub>0</sub>/ω<sub>c</sub> = ${c.ratio}`, c.alpha, c.value, colors[i % colors.length]!)),
    layout,
  };
}

/** The NIBA coherence temperature T*(α): coherent below the curve, incoherent above. */
export function diagramFigure(rows: DiagramRow[] | null, omegaC: number): Figure {
  const layout = baseLayout(`Coherent–incoherent boundary (NIBA, ω<sub>c</sub> = ${omegaC}Δ<sub>0</sub>)`, 'α', 'k<sub>B</sub>T*/ħΔ<sub>0</sub>', false, false);
  if (!rows) {
    layout.annotations = note('computing T*(α)…', 0.5);
    return { data: [], layout };
  }
  layout.xaxis = { ...layout.xaxis, range: [0, Math.max(0.7, ...rows.map((r) => r.alpha)) ] };
  layout.annotations = [
    { text: 'coherent', xref: 'x', yref: 'y', x: Math.min(...rows.map((r) => r.alpha)) + 0.02, y: 0.3, showarrow: false, xanchor: 'left', font: { color: COLORS.kramers } },
    { text: 'incoherent', xref: 'paper', yref: 'paper', x: 0.7, y: 0.85, showarrow: false, font: { color: COLORS.live } },
  ];
  return {
    data: [
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'T*(α)',
        x: rows.map((r) => r.alpha),
        y: rows.map((r) => r.coherenceTemperature),
        line: { color: COLORS.measured, width: 2 },
        fill: 'tozeroy',
        fillcolor: 'rgba(31,119,180,0.12)',
      },
    ],
    layout,
  };
}
