/**
 * Figures of the barrier view: pure builders (data in, Figure out) that node tests can call.
 */
import type { Data } from 'plotly.js-dist-min';
import type { BarrierViewData } from './barrier-data.js';
import { baseLayout, belowLegend, line, note, type Figure } from './plots.js';

const C = { exact: '#1f77b4', wkb: '#7f7f7f', wkbP: '#2ca02c', kemble: '#ff7f0e', density: '#d62728', dwell: '#1f77b4', phase: '#9467bd', tauY: '#2ca02c', tauZ: '#bcbd22', tauT: '#ff7f0e' };

/** Band edge V(x) and |ψ(x)|² (scaled into the plot, in its own axis). */
export function profileFigure(d: BarrierViewData): Figure {
  const layout = baseLayout(`Band edge and |ψ|² at E = ${d.form.energy} eV`, 'x (nm)', 'V(x) (eV)', false, false);
  layout.yaxis2 = { title: { text: '|ψ(x)|² (incident amplitude 1)' }, overlaying: 'y', side: 'right', showgrid: false, rangemode: 'tozero' };
  layout.margin = { ...layout.margin, r: 72 };
  // With a right-hand axis a legend beside the plot covers its tick labels (seen at 1366×768).
  belowLegend(layout);
  const data: Data[] = [
    line('V(x)', d.profile.x, d.profile.V, '#111111'),
    { ...line('E', [d.profile.x[0]!, d.profile.x.at(-1)!], [d.form.energy, d.form.energy], C.wkb, 'dot') },
    { ...line('|ψ|²', d.profile.x, d.profile.density, C.density), yaxis: 'y2' } as Data,
  ];
  return { data, layout };
}

export function transmissionFigure(d: BarrierViewData): Figure {
  const layout = baseLayout('Transmission T(E)', 'E (eV)', 'T', false, true);
  const t = d.transmission;
  const data: Data[] = [
    line('exact (BenDaniel–Duke)', t.E, t.T, C.exact),
    line('WKB e<sup>−2θ</sup>', t.E, t.wkb, C.wkb, 'dot'),
    line('WKB with prefactor', t.E, t.wkbPrefactor, C.wkbP, 'dash'),
    line('Kemble 1/(1+e<sup>2θ</sup>)', t.E, t.kemble, C.kemble, 'dashdot'),
  ];
  if (d.resonances.length) layout.annotations = note(`resonances: ${d.resonances.map((r) => `${r.energy.toFixed(4)} eV (Γ = ${(r.fwhm * 1e3).toPrecision(3)} meV)`).join(', ')}`);
  return { data, layout };
}

export function timesFigure(d: BarrierViewData): Figure {
  const layout = baseLayout(`Tunnelling times against width, E = ${d.form.energy} eV`, 'barrier width d (nm)', 'τ (fs)', false, false);
  const h = d.hartman;
  if (!h) {
    layout.annotations = note('choose an energy below the barrier top for the tunnelling times');
    return { data: [], layout };
  }
  return {
    data: [
      line('dwell τ<sub>D</sub>', h.width, h.dwell, C.dwell),
      line('phase τ<sub>φ</sub>', h.width, h.phase, C.phase),
      line('Larmor τ<sub>y</sub>', h.width, h.tauY, C.tauY, 'dot'),
      line('Larmor τ<sub>z</sub>', h.width, h.tauZ, C.tauZ, 'dot'),
      line('Büttiker τ<sub>T</sub>', h.width, h.tauT, C.tauT, 'dash'),
    ],
    layout,
  };
}

export function currentFigure(d: BarrierViewData): Figure {
  const layout = baseLayout(`Tsu–Esaki J(V), T = ${d.form.temperature} K, E<sub>F</sub> = ${d.form.fermiEnergy} eV`, 'V (V)', 'J (A/cm²)', false, false);
  if (!d.current) {
    layout.annotations = note('J(V) is drawn for the double barrier');
    return { data: [], layout };
  }
  return { data: [line('J(V)', d.current.V, d.current.J, C.exact)], layout };
}
