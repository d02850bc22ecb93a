/**
 * Figures of the bosonic-junction view: pure builders (worker results in, Plotly figure out), so
 * node tests can check them without a browser.
 */
import type { Data } from 'plotly.js-dist-min';
import { baseLayout, belowLegend, line, note, type Figure } from '../plots.js';
import type { BreakdownResult, DynamicsResult, PortraitResult } from '../bjj-compute.js';

export const BJJ_COLORS = {
  exact: '#111111',
  exactRaw: '#bbbbbb',
  meanField: '#1f77b4',
  wigner: '#ff7f0e',
  wkb: '#9467bd',
  even: '#2ca02c',
  odd: '#d62728',
  separatrix: '#d62728',
};

export function imbalanceFigure(d: DynamicsResult, smoothing: number, gpu?: { times: number[]; mean: number[]; trajectories: number }): Figure {
  const layout = baseLayout('Imbalance ⟨z⟩(t): exact, mean field, truncated Wigner', 't (ħ/J)', '⟨z⟩', true, false);
  layout.yaxis = { ...layout.yaxis, range: [-1.05, 1.05] };
  const data: Data[] = [
    { ...line('exact (raw)', d.times, d.exact, BJJ_COLORS.exactRaw), line: { color: BJJ_COLORS.exactRaw, width: 1 } } as Data,
    line(`exact, window κt (κ = ${smoothing})`, d.times, d.exactAveraged, BJJ_COLORS.exact),
    line('mean field, same window', d.times, d.meanFieldAveraged, BJJ_COLORS.meanField, 'dash'),
    line('truncated Wigner (CPU), same window', d.times, d.wignerAveraged, BJJ_COLORS.wigner, 'dot'),
  ];
  if (gpu) data.push({ ...line(`truncated Wigner (GPU, ${gpu.trajectories} trajectories), raw`, gpu.times, gpu.mean, BJJ_COLORS.wigner), line: { color: BJJ_COLORS.wigner, width: 1 } } as Data);
  layout.annotations = note(`doublet weight ${d.summary.trappedWeight.toFixed(3)}, plateau ${d.summary.plateau.toFixed(3)}; mean field: ${d.summary.regime} (Λ_c = ${d.summary.criticalLambda.toPrecision(4)})`);
  belowLegend(layout);
  return { data, layout };
}

export function breakdownFigure(b: BreakdownResult): Figure {
  const layout = baseLayout('Breakdown time of self-trapping against N', 'N', 't (ħ/J)', false, true);
  const Ns = b.points.map((p) => p.N);
  const pow = (v: number | null) => (v === null || !Number.isFinite(v) ? null : Math.pow(10, v));
  const markers = (name: string, ys: (number | null)[], color: string, symbol: 'circle' | 'circle-open' | 'square' | 'diamond' | 'x'): Data => ({
    type: 'scatter',
    mode: 'markers',
    name,
    x: Ns,
    y: ys,
    marker: { color, symbol, size: 7 },
  });
  const fit = b.fits.mean;
  const data: Data[] = [
    markers('t_Δ = πħ/|Δ| (dominant doublet)', b.points.map((p) => pow(p.log10TunnellingTime)), BJJ_COLORS.exact, 'circle'),
    markers('WKB at that doublet', b.points.map((p) => pow(p.log10WkbTunnellingTime)), BJJ_COLORS.wkb, 'circle-open'),
    markers('t̄_Δ (plateau-weighted log-mean)', b.points.map((p) => pow(p.log10MeanTunnellingTime)), BJJ_COLORS.meanField, 'square'),
    markers('t_½ (averaged ⟨z⟩ at half plateau)', b.points.map((p) => pow(p.log10HalfTime)), BJJ_COLORS.wigner, 'diamond'),
    markers('t₀ (first zero of averaged ⟨z⟩)', b.points.map((p) => pow(p.log10FirstZero)), '#7f7f7f', 'x'),
    line(`fit t̄_Δ ∝ exp(${fit.rate.toFixed(3)}·N)`, Ns, Ns.map((N) => Math.exp(fit.intercept + fit.rate * N)), BJJ_COLORS.meanField, 'dash'),
  ];
  layout.annotations = note(`semiclassical N → ∞ rate s(ε₀) = ${b.growthRate.toFixed(4)}; mean field and truncated Wigner: no breakdown`);
  belowLegend(layout);
  return { data, layout };
}

/** Splits a polyline where φ wraps around ±π, so the plot draws no chord across the frame. */
function unwrapBreaks(phi: number[], z: number[]): { x: (number | null)[]; y: (number | null)[] } {
  const x: (number | null)[] = [];
  const y: (number | null)[] = [];
  for (let i = 0; i < phi.length; i++) {
    if (i > 0 && Math.abs(phi[i]! - phi[i - 1]!) > Math.PI) {
      x.push(null);
      y.push(null);
    }
    x.push(phi[i]!);
    y.push(z[i]!);
  }
  return { x, y };
}

export function portraitFigure(p: PortraitResult): Figure {
  const layout = baseLayout(`Mean-field phase portrait, Λ = ${p.lambda.toPrecision(4)}`, 'φ', 'z', false, false);
  layout.yaxis = { ...layout.yaxis, range: [-1.02, 1.02] };
  layout.xaxis = { ...layout.xaxis, range: [-Math.PI, Math.PI] };
  const data: Data[] = p.orbits.map((o, i) => {
    const { x, y } = unwrapBreaks(o.phi, o.z);
    return {
      type: 'scatter',
      mode: 'lines',
      name: o.initial ? 'initial state' : 'orbits',
      showlegend: o.initial || i === 0,
      legendgroup: o.initial ? 'initial' : 'orbits',
      x,
      y,
      line: { color: o.initial ? BJJ_COLORS.wigner : '#999999', width: o.initial ? 2.5 : 1 },
    } as Data;
  });
  data.push(line('separatrix H = 1', p.phis, p.separatrix, BJJ_COLORS.separatrix));
  data.push({ ...line('separatrix', p.phis, p.separatrix.map((v) => (v === null ? null : -v)), BJJ_COLORS.separatrix), showlegend: false } as Data);
  belowLegend(layout);
  return { data, layout };
}

export function spectrumFigure(d: DynamicsResult): Figure {
  const layout = baseLayout('Exact spectrum: levels by parity, doublet splittings', 'E (J)', '|Δ| (J)', false, true);
  const even = d.levels.filter((l) => l.parity === 'even');
  const odd = d.levels.filter((l) => l.parity === 'odd');
  const bottom = Math.min(...d.doublets.map((x) => x.log10Splitting), -1) - 2.5;
  const rug = (name: string, levels: typeof even, color: string, offset: number): Data => ({
    type: 'scatter',
    mode: 'markers',
    name,
    x: levels.map((l) => l.energy),
    y: levels.map(() => Math.pow(10, bottom + offset)),
    marker: { color, symbol: 'line-ns-open', size: 12 },
  });
  const data: Data[] = [
    rug('even levels', even, BJJ_COLORS.even, 0.4),
    rug('odd levels', odd, BJJ_COLORS.odd, 0),
    {
      type: 'scatter',
      mode: 'markers',
      name: '|Δ| exact (flux identity)',
      x: d.doublets.map((x) => x.center),
      y: d.doublets.map((x) => Math.pow(10, x.log10Splitting)),
      marker: { color: BJJ_COLORS.exact, size: 7 },
    },
    {
      type: 'scatter',
      mode: 'markers',
      name: '|Δ| WKB',
      x: d.doublets.map((x) => x.center),
      y: d.doublets.map((x) => (x.log10Wkb === null ? null : Math.pow(10, x.log10Wkb))),
      marker: { color: BJJ_COLORS.wkb, symbol: 'circle-open', size: 10 },
    },
  ];
  belowLegend(layout);
  return { data, layout };
}

/** P(z, t) as a heat map over log t: the weight moving from the initial torus to its mirror. */
export function distributionFigure(d: DynamicsResult): Figure {
  const layout = baseLayout('Exact P(z, t), window-averaged', 't (ħ/J)', 'z', true, false);
  if (!d.distribution) {
    layout.annotations = note('P(z, t) needs a fixed N (not the two-mode coherent state)');
    return { data: [], layout };
  }
  const P = d.distribution.P;
  const data: Data[] = [
    {
      type: 'heatmap',
      x: d.times,
      y: d.distribution.z,
      // rows of z, columns of t
      z: d.distribution.z.map((_, n) => P.map((row) => row[n]!)),
      colorscale: 'Viridis',
      colorbar: { title: { text: 'P' } },
    } as Data,
  ];
  layout.showlegend = false;
  return { data, layout };
}
