/**
 * Plotly figures: the analytic curves of theory-curves.ts, the measured rates of the runs, and the
 * live survival points of a run in flight. Builders are pure (data in, {data, layout} out); the
 * page hands them to Plotly.react. Theory is drawn as lines, simulation as points with error bars.
 */
import type { Data, Layout } from 'plotly.js-dist-min';
import type { RateReport } from '../models/rate/report.js';
import type { SwitchingAnalysis } from '../physics/switching-analysis.js';
import { FITTED_MODEL } from '../physics/switching-analysis.js';
import { boltzmannConstant } from '../physics/constants.js';
import { escapeThetaFromRate } from '../physics/escape.js';
import type { QuantumParameters } from '../physics/quantum.js';
import { melnikovMeshkovRate } from '../physics/rates.js';
import { formatNumber } from '../io/units.js';
import type { TheoryPoint } from './form.js';
import { same, survivalPoints } from './results.js';
import type { ArrheniusTheory, EscapeTemperatureTheory, SwitchingTheory, TurnoverTheory, WidthTheory } from './theory-curves.js';
import { spaced } from './theory-curves.js';

export interface Figure {
  data: Data[];
  layout: Partial<Layout>;
}

/** Display units: dimensionless as computed, or SI for a junction (mK, µA, nA, s⁻¹). */
export interface Scales {
  si: boolean;
  /** θ → displayed T. */
  temperature: number;
  temperatureLabel: string;
  /** 1/θ → displayed 1/T. */
  inverseTemperature: number;
  inverseTemperatureLabel: string;
  /** Γ/ω_p0 → displayed Γ. */
  rate: number;
  rateLabel: string;
  /** γ → displayed bias. */
  bias: number;
  biasLabel: string;
  /** σ in γ → displayed σ. */
  width: number;
  widthLabel: string;
  /** dP/dγ → displayed density. */
  densityLabel: string;
}

export function displayScales(point: TheoryPoint): Scales {
  const j = point.junction;
  if (!j) {
    return {
      si: false,
      temperature: 1, temperatureLabel: 'θ = k<sub>B</sub>T/E<sub>J</sub>',
      inverseTemperature: 1, inverseTemperatureLabel: '1/θ = E<sub>J</sub>/k<sub>B</sub>T',
      rate: 1, rateLabel: 'Γ/ω<sub>p0</sub>',
      bias: 1, biasLabel: 'γ = I/I<sub>c</sub>',
      width: 1, widthLabel: 'σ (in γ)',
      densityLabel: 'P(γ)',
    };
  }
  const kelvinPerTheta = j.josephsonEnergy / boltzmannConstant;
  return {
    si: true,
    temperature: 1e3 * kelvinPerTheta, temperatureLabel: 'T (mK)',
    inverseTemperature: 1 / kelvinPerTheta, inverseTemperatureLabel: '1/T (K<sup>−1</sup>)',
    rate: j.plasmaFrequency0, rateLabel: 'Γ (s<sup>−1</sup>)',
    bias: 1e6 * j.criticalCurrent, biasLabel: 'I (µA)',
    width: 1e9 * j.criticalCurrent, widthLabel: 'σ (nA)',
    densityLabel: 'P(I) (µA<sup>−1</sup>)',
  };
}

export const COLORS = {
  tst: '#7f7f7f',
  kramers: '#1f77b4',
  energyDiffusion: '#bcbd22',
  bhl: '#17becf',
  melnikovMeshkov: '#2ca02c',
  quantum: '#ff7f0e',
  mqt: '#9467bd',
  measured: '#111111',
  live: '#d62728',
};

const FONT = { family: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', size: 13 };

export function baseLayout(title: string, xTitle: string, yTitle: string, xLog: boolean, yLog: boolean): Partial<Layout> {
  return {
    title: { text: title, font: { size: 15 } },
    font: FONT,
    margin: { l: 72, r: 16, t: 40, b: 56 },
    xaxis: { title: { text: xTitle }, type: xLog ? 'log' : 'linear', exponentformat: 'power', showline: true, mirror: true, zeroline: false },
    yaxis: { title: { text: yTitle }, type: yLog ? 'log' : 'linear', exponentformat: 'power', showline: true, mirror: true, zeroline: false },
    legend: { bgcolor: 'rgba(255,255,255,0.8)', bordercolor: '#ccc', borderwidth: 1, font: { size: 11 } },
    hovermode: 'closest',
    showlegend: true,
  };
}

export function line(name: string, x: number[], y: (number | null)[], color: string, dash: 'solid' | 'dash' | 'dot' | 'dashdot' = 'solid'): Data {
  return { type: 'scatter', mode: 'lines', name, x, y, line: { color, dash, width: 2 }, connectgaps: false };
}

/**
 * A horizontal legend under the axes, for plots whose curves fill the whole frame. It is anchored to
 * the bottom of the figure (container coordinates), not at a fraction of the plot height below the
 * axes, which ran into the x-axis title on short plots with tall tick labels (the turnover plot at
 * 1920×1080); the bottom margin holds the tick labels, the axis title and up to three legend rows.
 */
export function belowLegend(layout: Partial<Layout>, bottomMargin = 130): void {
  layout.legend = { ...layout.legend, orientation: 'h', x: 0, xanchor: 'left', yref: 'container', y: 0.005, yanchor: 'bottom', bordercolor: 'rgba(0,0,0,0)' } as Layout['legend'];
  layout.margin = { ...layout.margin, b: bottomMargin };
}

/** A note on an empty plot, e.g. what will fill it. */
export function note(text: string, y = 0.04): Partial<Layout>['annotations'] {
  return [{ text, xref: 'paper', yref: 'paper', x: 0.02, y, xanchor: 'left', yanchor: 'bottom', showarrow: false, font: { size: 11, color: '#666' } }];
}

/** A vertical line at x with a label above it (Plotly places annotations on a log axis by log10 x). */
function verticalMarker(x: number, label: string, logAxis = false): Pick<Layout, 'shapes' | 'annotations'> {
  return {
    shapes: [{ type: 'line', xref: 'x', yref: 'paper', x0: x, x1: x, y0: 0, y1: 1, line: { color: COLORS.mqt, dash: 'dot', width: 1.5 } }],
    annotations: [{ text: label, xref: 'x', yref: 'paper', x: logAxis ? Math.log10(x) : x, y: 1, yanchor: 'bottom', showarrow: false, font: { color: COLORS.mqt } }],
  };
}

function logRange(values: (number | null)[], padDecades = 0.3): [number, number] {
  const logs = values.filter((v): v is number => v !== null && v > 0 && Number.isFinite(v)).map(Math.log10);
  return [Math.min(...logs) - padDecades, Math.max(...logs) + padDecades];
}

/**
 * Measured points of the given reports, with their 95% intervals as asymmetric error bars; a run
 * with no escapes has no point on a log axis, so it is drawn as its one-sided 95% upper bound (▼).
 */
function measuredPoints(name: string, all: readonly RateReport[], x: (r: RateReport) => number, scale: number): Data[] {
  const reports = all.filter((r) => r.measured.rateUpperBound95 === null);
  const bounds = all.filter((r) => r.measured.rateUpperBound95 !== null);
  const data: Data[] = [];
  if (reports.length) data.push({
    type: 'scatter',
    mode: 'markers',
    name,
    x: reports.map(x),
    y: reports.map((r) => r.measured.rate * scale),
    error_y: {
      type: 'data',
      symmetric: false,
      array: reports.map((r) => (r.measured.upper - r.measured.rate) * scale),
      arrayminus: reports.map((r) => (r.measured.rate - r.measured.lower) * scale),
      color: COLORS.measured,
    },
    marker: { color: COLORS.measured, size: 8, symbol: 'circle' },
  });
  if (bounds.length) data.push({
    type: 'scatter',
    mode: 'markers',
    name: `${name}: no escapes, 95% upper bound`,
    x: bounds.map(x),
    y: bounds.map((r) => r.measured.rateUpperBound95! * scale),
    marker: { color: COLORS.measured, size: 9, symbol: 'triangle-down-open' },
  });
  return data;
}

export interface LiveSurvival {
  time: number[];
  survival: number[];
}

/**
 * Survival S(τ): the run's binned survival with binomial errors and its fitted exponential
 * exp(−Γ̂τ) (Γ̂ the censored estimate), beside exp(−Γ_MM τ); live points while a run is in flight.
 */
export function survivalFigure(p: QuantumParameters, horizon: number | null, report: RateReport | null, live: LiveSurvival | null): Figure {
  const params = report ? { gamma: report.parameters.gamma, Q0: report.parameters.Q0, theta: report.parameters.theta } : p;
  const mm = melnikovMeshkovRate(params);
  // Without a run, the engine's default censoring time 3/Γ_MM.
  const end = report ? report.parameters.maxTime : (horizon ?? 3 / mm);
  const t = spaced(0, end, 120);
  const data: Data[] = [line(`exp(−Γ<sub>MM</sub>τ), Γ<sub>MM</sub> = ${fmt(mm)}`, t, t.map((x) => Math.exp(-mm * x)), COLORS.melnikovMeshkov, 'dash')];
  if (report) {
    const s = survivalPoints(report);
    data.push({
      type: 'scatter', mode: 'markers', name: `simulation, N = ${report.measured.trajectories}`,
      x: s.time, y: s.survival, error_y: { type: 'data', array: s.error, color: '#555', thickness: 1 },
      marker: { color: COLORS.measured, size: 4 },
    });
    const rate = report.measured.rate;
    data.push(line(`fit exp(−Γ̂τ), Γ̂ = ${fmt(rate)}`, t, t.map((x) => Math.exp(-rate * x)), COLORS.measured));
  }
  if (live && live.time.length > 0) {
    data.push({ type: 'scatter', mode: 'lines+markers', name: 'running (current page)', x: live.time, y: live.survival, marker: { color: COLORS.live, size: 5 }, line: { color: COLORS.live, width: 1 } });
  }
  const layout = baseLayout('Survival probability', 'τ = ω<sub>p0</sub>t', 'S(τ)', false, true);
  layout.legend = { ...layout.legend, x: 0.99, xanchor: 'right', y: 0.99 };
  layout.yaxis!.range = [Math.log10(0.02), 0.05];
  if (!report && !live) layout.annotations = note('Press Run to add the simulated survival curve.');
  return { data, layout };
}

/** Γ against 1/T with TST, Kramers, Mel'nikov–Meshkov, MM × f_q and MQT; T₀ marked. */
export function arrheniusFigure(theory: ArrheniusTheory, p: QuantumParameters, scales: Scales, reports: readonly RateReport[]): Figure {
  const x = theory.inverseTheta.map((v) => v * scales.inverseTemperature);
  const r = (ys: (number | null)[]) => ys.map((v) => (v === null ? null : v * scales.rate));
  const data: Data[] = [
    line('TST', x, r(theory.tst), COLORS.tst, 'dot'),
    line('Kramers', x, r(theory.kramers), COLORS.kramers, 'dash'),
    line("Mel'nikov–Meshkov", x, r(theory.melnikovMeshkov), COLORS.melnikovMeshkov),
  ];
  if (theory.crossoverTheta !== null) {
    // f_q diverges at T₀; between T₀ and 2T₀ (where the escape rate bridges to MQT) it is drawn dotted.
    const theta0 = theory.crossoverTheta;
    const fq = r(theory.quantumCorrected);
    const valid = fq.map((v, i) => (1 / theory.inverseTheta[i]! >= 2 * theta0 ? v : null));
    const near = fq.map((v, i) => (1 / theory.inverseTheta[i]! < 2.1 * theta0 ? v : null));
    data.push(line('MM × f<sub>q</sub> (quantum-corrected, T ≥ 2T₀)', x, valid, COLORS.quantum));
    data.push({ ...line('MM × f<sub>q</sub>, T₀ < T < 2T₀', x, near, COLORS.quantum, 'dot'), showlegend: false } as Data);
    data.push(line('MQT (Caldeira–Leggett, T² enhanced)', x, r(theory.mqt), COLORS.mqt));
    data.push(line('MQT at T = 0', [x[0]!, x[x.length - 1]!], r([theory.mqtZeroTemperature, theory.mqtZeroTemperature]), COLORS.mqt, 'dot'));
  }
  const matching = reports.filter((rep) => same(rep.parameters.gamma, p.gamma) && same(rep.parameters.Q0, p.Q0));
  if (matching.length) data.push(...measuredPoints('simulation (classical Langevin)', matching, (rep) => scales.inverseTemperature / rep.parameters.theta, scales.rate));
  const layout = baseLayout(`Arrhenius plot at γ = ${fmt(p.gamma)}, Q₀ = ${fmt(p.Q0)}`, scales.inverseTemperatureLabel, scales.rateLabel, false, true);
  const [bottom] = logRange([...r(theory.melnikovMeshkov), ...r(theory.mqt), ...r(theory.tst)]);
  const [, top] = logRange(r(theory.tst));
  layout.yaxis!.range = [bottom, top + 0.3];
  if (theory.crossoverTheta !== null) Object.assign(layout, verticalMarker(scales.inverseTemperature / theory.crossoverTheta, 'T₀'));
  else layout.annotations = note('ħ̃ = 0: classical parameters, so no quantum curves and no T₀.');
  layout.legend = { ...layout.legend, x: 0.99, xanchor: 'right', y: 0.99 };
  return { data, layout };
}

/** Γ against Q₀ (log–log) at fixed bias and temperature, with the simulated turnover. */
export function turnoverFigure(theory: TurnoverTheory, p: QuantumParameters, scales: Scales, reports: readonly RateReport[]): Figure {
  const r = (ys: (number | null)[]) => ys.map((v) => (v === null ? null : v * scales.rate));
  const data: Data[] = [
    line('TST', theory.Q0, r(theory.tst), COLORS.tst, 'dot'),
    line('Kramers', theory.Q0, r(theory.kramers), COLORS.kramers, 'dash'),
    line('energy diffusion (Δ ≤ 1)', theory.Q0, r(theory.energyDiffusion), COLORS.energyDiffusion, 'dashdot'),
    line('Büttiker–Harris–Landauer', theory.Q0, r(theory.bhl), COLORS.bhl, 'dot'),
    line("Mel'nikov–Meshkov", theory.Q0, r(theory.melnikovMeshkov), COLORS.melnikovMeshkov),
  ];
  const matching = reports.filter((rep) => same(rep.parameters.gamma, p.gamma) && same(rep.parameters.theta, p.theta));
  if (matching.length) data.push(...measuredPoints('simulation', matching, (rep) => rep.parameters.Q0, scales.rate));
  const layout = baseLayout(`Kramers turnover at γ = ${fmt(p.gamma)}, θ = ${fmt(p.theta)}`, 'Q₀ = ω<sub>p0</sub>RC', scales.rateLabel, true, true);
  const [bottom, top] = logRange(r(theory.melnikovMeshkov));
  layout.yaxis!.range = [bottom, top + 0.2];
  if (!matching.length) layout.annotations = note('Press “Run Q₀ sweep” to simulate the turnover.');
  belowLegend(layout);
  return { data, layout };
}

/** T_esc against T, with T_esc = T, the MQT plateau and T₀; measured T_esc from the runs. */
export function escapeTemperatureFigure(theory: EscapeTemperatureTheory, p: QuantumParameters, scales: Scales, reports: readonly RateReport[]): Figure {
  const x = theory.theta.map((t) => t * scales.temperature);
  const data: Data[] = [
    line('T<sub>esc</sub> (regime-aware escape rate)', x, theory.thetaEsc.map((t) => (t === null ? null : t * scales.temperature)), COLORS.melnikovMeshkov),
    line('T<sub>esc</sub> = T', [0, x[x.length - 1]!], [0, x[x.length - 1]!], COLORS.tst, 'dot'),
  ];
  if (theory.plateau !== null) data.push(line('MQT plateau', [0, x[x.length - 1]!], [theory.plateau * scales.temperature, theory.plateau * scales.temperature], COLORS.mqt, 'dash'));
  const matching = reports.filter((r) => same(r.parameters.gamma, p.gamma) && same(r.parameters.Q0, p.Q0) && r.measured.escaped > 0);
  if (matching.length) {
    const esc = (rate: number, r: RateReport) => escapeThetaFromRate(r.parameters.gamma, rate) * scales.temperature;
    data.push({
      type: 'scatter', mode: 'markers', name: 'simulation',
      x: matching.map((r) => r.parameters.theta * scales.temperature),
      y: matching.map((r) => esc(r.measured.rate, r)),
      error_y: {
        type: 'data', symmetric: false, color: COLORS.measured,
        array: matching.map((r) => esc(r.measured.upper, r) - esc(r.measured.rate, r)),
        arrayminus: matching.map((r) => esc(r.measured.rate, r) - (r.measured.lower > 0 ? esc(r.measured.lower, r) : 0)),
      },
      marker: { color: COLORS.measured, size: 8 },
    });
  }
  const layout = baseLayout(`Escape temperature at γ = ${fmt(p.gamma)}, Q₀ = ${fmt(p.Q0)}`, scales.temperatureLabel, scales.si ? 'T<sub>esc</sub> (mK)' : 'θ<sub>esc</sub>', false, false);
  if (theory.crossoverTheta !== null) Object.assign(layout, verticalMarker(theory.crossoverTheta * scales.temperature, 'T₀'));
  layout.annotations = [
    ...(layout.annotations ?? []),
    ...(note('Convention: Γ ≡ (ω<sub>p</sub>/2π)·exp(−ΔU/k<sub>B</sub>T<sub>esc</sub>)', 0.9) ?? []),
  ];
  layout.legend = { ...layout.legend, x: 0.99, xanchor: 'right', y: 0.02, yanchor: 'bottom' };
  return { data, layout };
}

/** A simulated switching run as the figure needs it: the analysis in γ and the trajectories run. */
export interface SimulatedSwitching {
  analysis: SwitchingAnalysis | null;
  trajectories: number;
  switched: number;
}

const OVERLAY_NAMES: Record<string, string> = { [FITTED_MODEL]: 'fitted T<sub>esc</sub> model', classical: "Mel'nikov–Meshkov", quantum: 'MM × f<sub>q</sub> / MQT' };

/** The simulated histogram as a density (raw counts kept in customdata), the predictions' expected densities, and Γ from the inversion. */
function simulatedSwitchingTraces(sim: SimulatedSwitching, scales: Scales): Data[] {
  const a = sim.analysis;
  if (!a || !a.bins.length) return [];
  const width = a.bins[0]!.high - a.bins[0]!.low;
  const toDensity = (count: number) => count / (sim.switched * width * scales.bias);
  const centre = a.bins.map((b) => ((b.low + b.high) / 2) * scales.bias);
  const data: Data[] = [{
    type: 'bar', name: `simulated histogram, ${sim.switched} of ${sim.trajectories} switched`, x: centre, y: a.bins.map((b) => toDensity(b.count)),
    customdata: a.bins.map((b) => b.count), hovertemplate: '%{x}: %{customdata} switches<extra></extra>',
    width: width * scales.bias, marker: { color: 'rgba(17,17,17,0.35)' }, xaxis: 'x', yaxis: 'y',
  } as Data];
  for (const name of Object.keys(a.overlays)) {
    data.push({ ...line(`expected: ${OVERLAY_NAMES[name] ?? name}`, centre, a.bins.map((b) => (b.expected[name] === undefined ? null : toDensity(b.expected[name]!))), name === 'quantum' ? COLORS.quantum : name === FITTED_MODEL ? COLORS.kramers : COLORS.melnikovMeshkov, 'dot'), xaxis: 'x', yaxis: 'y' } as Data);
  }
  const used = a.bins.filter((b) => b.rate !== null);
  data.push({
    type: 'scatter', mode: 'markers', name: 'Γ from the simulated histogram (FD inversion)', xaxis: 'x2', yaxis: 'y2',
    x: used.map((b) => ((b.low + b.high) / 2) * scales.bias), y: used.map((b) => b.rate! * scales.rate),
    error_y: { type: 'data', array: used.map((b) => b.rateError! * scales.rate), color: COLORS.measured }, marker: { color: COLORS.measured, size: 6 },
  } as Data);
  return data;
}

/**
 * The Fulton–Dunkleberger prediction P(I) over Γ(I) on the switching window (two panels stacked, one
 * bias axis, so each panel has the full width and its tick labels room), with a simulated run when
 * there is one; the legend sits under the lower panel, off the data. While the prediction is being
 * computed the title says so and, with nothing to show yet, no axes are drawn (an empty axis with
 * Plotly's default range would suggest a result).
 */
export function switchingFigure(theory: SwitchingTheory | null, scales: Scales, pending: string, simulated: SimulatedSwitching | null = null): Figure {
  const v = scales.si ? 'I' : 'γ';
  const status = theory ? pending : `computing the Fulton–Dunkleberger prediction…${pending ? ` ${pending}` : ''}`;
  const title = `Switching: Fulton–Dunkleberger P(${v}) and Γ(${v})<br><span style="font-size:11px;color:#666">${status}</span>`;
  const layout = baseLayout(title, '', scales.densityLabel, false, false);
  layout.margin = { ...layout.margin, t: 64 };
  layout.grid = { rows: 2, columns: 1, pattern: 'independent', roworder: 'top to bottom', ygap: 0.12 };
  // The upper panel shares the lower one's bias axis: same range, labels only once (below).
  layout.xaxis = { ...layout.xaxis, matches: 'x2', showticklabels: false };
  layout.xaxis2 = { title: { text: scales.biasLabel }, showline: true, mirror: true, exponentformat: 'power' };
  layout.yaxis2 = { title: { text: scales.rateLabel }, type: 'log', showline: true, mirror: true, exponentformat: 'power' };
  belowLegend(layout, 140);
  const sim = simulated ? simulatedSwitchingTraces(simulated, scales) : [];
  if (!theory) {
    if (sim.length === 0) return { data: [], layout: hideAxes(layout) };
    return { data: sim, layout };
  }
  const x = theory.gamma.map((g) => g * scales.bias);
  const density = theory.density.map((d) => d / scales.bias);
  const data: Data[] = [
    { ...line(`FD prediction, ⟨${v}⟩ = ${fmt(theory.mean * scales.bias)}, σ = ${fmt(theory.width * scales.width)}${scales.si ? ' nA' : ''}`, x, density, COLORS.melnikovMeshkov), xaxis: 'x', yaxis: 'y' } as Data,
    { ...line(`Γ(${v}): escape rate`, theory.rateGamma.map((g) => g * scales.bias), theory.rate.map((r) => r * scales.rate), COLORS.kramers), xaxis: 'x2', yaxis: 'y2' } as Data,
    ...sim,
  ];
  // Show the switching window: most of the mass lies within a few σ, skewed to low bias.
  const range: [number, number] = [(theory.mean - 7 * theory.width) * scales.bias, (theory.mean + 4 * theory.width) * scales.bias];
  layout.xaxis2 = { ...layout.xaxis2, range };
  return { data, layout };
}

/** The layout with its axes (and legend) hidden: a figure with nothing to plot yet, only a title. */
function hideAxes(layout: Partial<Layout>): Partial<Layout> {
  const hidden = { visible: false, showgrid: false, zeroline: false };
  return { ...layout, xaxis: { ...layout.xaxis, ...hidden }, yaxis: { ...layout.yaxis, ...hidden }, xaxis2: { ...layout.xaxis2, ...hidden }, yaxis2: { ...layout.yaxis2, ...hidden }, showlegend: false };
}

/** One simulated point of a σ(T) sweep, in θ and γ. */
export interface SimulatedWidth {
  theta: number;
  sd: number;
  sdError: number;
}

/** σ against T: the FD width, the T^{2/3} law and the MQT plateau, with simulated σ(T) points. */
export function widthFigure(theory: WidthTheory | null, p: QuantumParameters, scales: Scales, simulated: readonly SimulatedWidth[] = []): Figure {
  const layout = baseLayout(`Switching width at Q₀ = ${fmt(p.Q0)}`, scales.temperatureLabel, scales.widthLabel, true, true);
  // While the widths are computed: the title says so, and no empty log axis (Plotly's default
  // 10⁻¹…10⁶ range) stands in for a result.
  if (!theory) {
    layout.title = { ...(layout.title as object), text: `Switching width at Q₀ = ${fmt(p.Q0)}<br><span style="font-size:11px;color:#666">computing σ(T) of the Fulton–Dunkleberger distribution…</span>` };
    return { data: [], layout: hideAxes(layout) };
  }
  const x = theory.theta.map((t) => t * scales.temperature);
  const data: Data[] = [
    { ...line('σ of the FD distribution', x, theory.width.map((w) => w * scales.width), COLORS.melnikovMeshkov), mode: 'lines+markers', marker: { size: 5 } } as Data,
    line('σ ∝ T<sup>2/3</sup>', x, theory.powerLaw.map((w) => w * scales.width), COLORS.tst, 'dash'),
  ];
  if (theory.plateau !== null) data.push(line('MQT plateau', [x[0]!, x[x.length - 1]!], [theory.plateau * scales.width, theory.plateau * scales.width], COLORS.mqt, 'dot'));
  if (simulated.length > 0) {
    data.push({
      type: 'scatter', mode: 'markers', name: 'simulation (classical Langevin)',
      x: simulated.map((s) => s.theta * scales.temperature), y: simulated.map((s) => s.sd * scales.width),
      error_y: { type: 'data', array: simulated.map((s) => s.sdError * scales.width), visible: true },
      marker: { color: '#000', size: 7 },
    } as Data);
  }
  if (theory.crossoverTheta !== null) Object.assign(layout, verticalMarker(theory.crossoverTheta * scales.temperature, 'T₀', true));
  // Under the axes: inside, it would cover the MQT plateau, which runs the whole width.
  belowLegend(layout);
  return { data, layout };
}

/** An empty frame with a message, for a figure that has nothing valid to show yet. */
export function placeholderFigure(message: string): Figure {
  return {
    data: [],
    layout: {
      font: FONT,
      xaxis: { visible: false },
      yaxis: { visible: false },
      annotations: [{ text: message, xref: 'paper', yref: 'paper', x: 0.5, y: 0.5, showarrow: false, font: { size: 13, color: '#666' } }],
    },
  };
}

const fmt = (v: number) => formatNumber(v, 4);

/**
 * A figure's data as CSV in long form, one row per point: `trace,x,y` (and `z` for heatmaps, one row
 * per cell), with trace names stripped of HTML. What a plot's "Download data as CSV" button saves.
 */
export function figureCsv(data: readonly Data[]): string {
  const plain = (s: unknown) => String(s ?? '').replace(/<[^>]*>/g, '');
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const text = typeof v === 'number' ? String(v) : plain(v);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const heatmap = data.some((t) => (t as { z?: unknown }).z !== undefined);
  const rows = [heatmap ? 'trace,x,y,z' : 'trace,x,y'];
  for (const t of data) {
    const tr = t as { name?: string; x?: ArrayLike<unknown>; y?: ArrayLike<unknown>; z?: ArrayLike<ArrayLike<unknown>> };
    const name = cell(tr.name ?? '');
    if (tr.z !== undefined) {
      const z = tr.z;
      for (let i = 0; i < z.length; i++) {
        for (let j = 0; j < (z[i]?.length ?? 0); j++) rows.push([name, cell(tr.x?.[j]), cell(tr.y?.[i]), cell(z[i]![j])].join(','));
      }
      continue;
    }
    const n = Math.max(tr.x?.length ?? 0, tr.y?.length ?? 0);
    for (let i = 0; i < n; i++) rows.push([name, cell(tr.x?.[i]), cell(tr.y?.[i]), ...(heatmap ? [''] : [])].join(','));
  }
  return rows.join('\n') + '\n';
}
