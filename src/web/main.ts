/**
 * The classical-escape page: a form whose state lives in the URL, the engine in a worker, the slow
 * theory in another, and Plotly (loaded lazily) for the figures. This file only wires them
 * together; router.ts shows it or one of the other tools' views.
 */
import * as Comlink from 'comlink';
import type { RateReport } from '../models/rate/report.js';
import { barrierHeight } from '../physics/potential.js';
import { fitPowerLaw } from '../physics/switching-analysis.js';
import { rampTooFastNote } from '../physics/quasi-stationary.js';
import { formatNumber } from '../io/units.js';
import type { EngineApi, GpuProbe, RateProgress, SwitchingProgress, SwitchingRun } from './engine.worker.js';
import { validateForm, type FormState, type TextField, type ValidatedForm } from './form.js';
import {
  arrheniusFigure, displayScales, escapeTemperatureFigure, placeholderFigure, survivalFigure, switchingFigure, turnoverFigure, widthFigure,
  type Figure, type LiveSurvival, type SimulatedSwitching,
  type SimulatedWidth,
} from './plots.js';
import { analyzeMeasured, DEFAULT_MEASURED, describeMeasured, escapeHtml, MEASURED_FIELDS, measuredHistogramFigure, measuredRateFigure, type MeasuredField, type MeasuredForm } from './measured.js';
import { parseRateReports, reportsToCsv, reportsToJson } from './results.js';
import { arrheniusTheory, escapeTemperatureTheory, turnoverTheory, TURNOVER_Q0, type ArrheniusTheory, type EscapeTemperatureTheory, type SwitchingTheory, type TurnoverTheory, type WidthTheory } from './theory-curves.js';
import type { TheoryApi } from './theory.worker.js';
import { formFromQuery, formToQuery } from './url-state.js';
import { startRouter } from './router.js';
import { downloadText, drawFigure } from './plot-layer.js';

interface FieldSpec {
  field: TextField;
  label: string;
  placeholder: string;
  hint: string;
}

const OPERATING_POINT: FieldSpec[] = [
  { field: 'gamma', label: 'bias γ = I/I<sub>c</sub>', placeholder: '0.9', hint: 'in (0, 1)' },
  { field: 'Q', label: 'quality factor Q₀ = ω<sub>p0</sub>RC', placeholder: '10', hint: '> 0' },
  { field: 'barrier-kT', label: 'barrier ΔU/k<sub>B</sub>T', placeholder: '6', hint: '> 0' },
  { field: 'theta', label: 'temperature θ = k<sub>B</sub>T/E<sub>J</sub>', placeholder: '0.01', hint: '> 0' },
  { field: 'hbar', label: 'ħ̃ = ħω<sub>p0</sub>/E<sub>J</sub> (theory only)', placeholder: '0.03', hint: '0 = classical' },
];
const JUNCTION: FieldSpec[] = [
  { field: 'Ic', label: 'critical current I<sub>c</sub>', placeholder: '1 µA', hint: 'e.g. 1 µA, 500 nA' },
  { field: 'C', label: 'capacitance C', placeholder: '1 pF', hint: 'e.g. 1 pF' },
  { field: 'R', label: 'shunt resistance R', placeholder: '100 Ω', hint: 'e.g. 100 Ω, 1 kohm' },
  { field: 'T', label: 'temperature T', placeholder: '50 mK', hint: 'e.g. 50 mK' },
  { field: 'I', label: 'bias current I', placeholder: '0.95 µA', hint: 'below I<sub>c</sub>' },
];
const SIMULATION: FieldSpec[] = [
  { field: 'trajectories', label: 'trajectories N', placeholder: '4096', hint: '1 … 2³²' },
  { field: 'seed', label: 'seed', placeholder: '1', hint: 'integer in [0, 2⁵³)' },
  { field: 'dt', label: 'time step Δτ', placeholder: 'min(0.05, Q₀/5)', hint: 'blank: default; ≤ min(0.5, Q₀)' },
  { field: 'max-time', label: 'censoring time (1/ω<sub>p0</sub>)', placeholder: '3/Γ_MM', hint: 'blank: ~95% escape' },
];
const RAMP: FieldSpec[] = [
  { field: 'ramp-rate', label: '--ramp-rate dγ/dτ', placeholder: '1e-6', hint: '> 0' },
  { field: 'ramp-rate-si', label: '--ramp-rate dI/dt', placeholder: '100 µA/s', hint: 'e.g. 100 µA/s' },
  { field: 'gamma-start', label: '--gamma-start', placeholder: 'P_switch = 1e-4', hint: 'blank: where the predicted switching probability is 10⁻⁴' },
  { field: 'gamma-end', label: '--gamma-end', placeholder: 'peak + 15β', hint: 'blank: min(1, peak + 15β); ≤ 2' },
  { field: 'hold', label: '--hold (1/ω<sub>p0</sub>)', placeholder: '3 relaxation times', hint: 'time held at γ_start first' },
  { field: 'wells', label: '--wells K', placeholder: '1', hint: 'switch at φ_min(γ_start) + 2πK' },
  { field: 'bin-width', label: '--bin-width', placeholder: 'σ/10', hint: 'in γ (a current for a junction)' },
];

const SWITCHING_PENDING = 'Choose the switching-histogram mode and Run to add a simulated histogram and its Γ.';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

let form: FormState = formFromQuery(location.search);
let validated: ValidatedForm = validateForm(form);
const reports: RateReport[] = [];
let current: RateReport | null = null;
let live: LiveSurvival | null = null;
let engine: Comlink.Remote<EngineApi> | null = null;
let running = false;
let switchingRun: SwitchingRun | null = null;

// ---------- the form ----------

function fieldHtml(s: FieldSpec): string {
  return `<div class="field" data-field="${s.field}">
    <label for="f-${s.field}">${s.label}</label>
    <input id="f-${s.field}" name="${s.field}" type="text" inputmode="decimal" spellcheck="false" placeholder="${s.placeholder}" aria-describedby="e-${s.field}" />
    <small class="hint">${s.hint}</small>
    <div class="field-error" id="e-${s.field}" role="alert"></div>
  </div>`;
}

function radios(name: string, options: [string, string][]): string {
  return options.map(([value, label]) => `<label class="radio"><input type="radio" name="${name}" value="${value}" /> ${label}</label>`).join('');
}

function buildForm(): void {
  $('form').innerHTML = `
    <fieldset><legend>Mode</legend>${radios('mode', [
      ['rate', 'fixed-bias rate'],
      ['switching', 'switching histogram'],
      ['sweep', 'sweep σ(T) over a decade of T'],
    ])}</fieldset>
    <fieldset><legend>Parameters</legend>${radios('units', [['dimensionless', 'dimensionless'], ['si', 'SI junction']])}
      <div class="group" data-units="dimensionless">
        ${fieldHtml(OPERATING_POINT[0]!)}${fieldHtml(OPERATING_POINT[1]!)}
        <div class="temperature-as">temperature as ${radios('temperatureAs', [['barrier-kT', 'ΔU/k<sub>B</sub>T'], ['theta', 'θ']])}</div>
        ${fieldHtml(OPERATING_POINT[2]!)}${fieldHtml(OPERATING_POINT[3]!)}${fieldHtml(OPERATING_POINT[4]!)}
      </div>
      <div class="group" data-units="si">${JUNCTION.map(fieldHtml).join('')}<p id="junction-derived" class="hint"></p></div>
    </fieldset>
    <fieldset><legend>Simulation</legend>${SIMULATION.map(fieldHtml).join('')}</fieldset>
    <fieldset><legend>Switching ramp</legend>${RAMP.map(fieldHtml).join('')}</fieldset>`;
}

function showForm(): void {
  for (const input of $('form').querySelectorAll<HTMLInputElement>('input[type=text]')) input.value = form[input.name as TextField];
  for (const input of $('form').querySelectorAll<HTMLInputElement>('input[type=radio]')) {
    input.checked = form[input.name as 'mode' | 'units' | 'temperatureAs'] === input.value;
  }
}

function showValidation(): void {
  const si = form.units === 'si';
  for (const group of document.querySelectorAll<HTMLElement>('.group')) group.hidden = group.dataset.units !== form.units;
  const hidden: Partial<Record<TextField, boolean>> = {
    theta: form.temperatureAs !== 'theta',
    'barrier-kT': form.temperatureAs !== 'barrier-kT',
    'ramp-rate': si,
    'ramp-rate-si': !si,
    'max-time': form.mode !== 'rate',
  };
  for (const el of $('form').querySelectorAll<HTMLElement>('.field')) {
    const field = el.dataset.field as TextField;
    el.hidden = Boolean(hidden[field]);
    const message = validated.errors[field] ?? '';
    $(`e-${field}`).textContent = message;
    $<HTMLInputElement>(`f-${field}`).setAttribute('aria-invalid', message ? 'true' : 'false');
  }
  const t = validated.theory;
  $('junction-derived').innerHTML = t?.junction
    ? `γ = ${fmt(t.p.gamma)}, Q₀ = ${fmt(t.p.Q0)}, θ = ${fmt(t.p.theta)}, ħ̃ = ${fmt(t.p.hbar)}, ΔU/k<sub>B</sub>T = ${fmt(barrierHeight(t.p.gamma) / t.p.theta)}`
    : '';
  const modeNote = $('mode-note');
  modeNote.hidden = form.mode === 'rate';
  modeNote.textContent = form.mode === 'switching'
    ? 'Run ramps the bias at --ramp-rate from --gamma-start and histograms the switching bias, as washboard switching does.'
    : form.mode === 'sweep' ? `Run: ${SWEEP_POINTS} switching runs at temperatures spanning a decade around this one (θ/√10 … θ·√10), their σ on the σ(T) plot with the fitted exponent.` : '';
  updateButtons();
}

let theoryTimer: number | undefined;
function onFormChange(): void {
  validated = validateForm(form);
  showValidation();
  const query = formToQuery(form);
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
  clearTimeout(theoryTimer);
  theoryTimer = window.setTimeout(() => void drawTheory(), 250);
}

function wireForm(): void {
  $('form').addEventListener('input', (e) => {
    const input = e.target as HTMLInputElement;
    if (input.type === 'radio') (form as Record<string, string>)[input.name] = input.value;
    else form[input.name as TextField] = input.value;
    onFormChange();
  });
}

// ---------- plots ----------

async function draw(id: string, figure: Figure): Promise<void> {
  await drawFigure($(id), figure);
}

const PLOT_IDS = ['plot-survival', 'plot-arrhenius', 'plot-turnover', 'plot-escape-temperature', 'plot-switching', 'plot-width'];

interface FastTheory {
  arrhenius: ArrheniusTheory;
  turnover: TurnoverTheory;
  escapeTemperature: EscapeTemperatureTheory;
}
let fast: FastTheory | null = null;
let slow: { switching: SwitchingTheory | null; width: WidthTheory | null; error: string | null } = { switching: null, width: null, error: null };

/** Redraws every figure that depends on the theory point (all of them). */
async function drawTheory(): Promise<void> {
  const t = validated.theory;
  if (!t) {
    // Keep the last good curves while a field is being fixed; with none yet, say what is missing.
    if (!fast) await Promise.all(PLOT_IDS.map((id) => draw(id, placeholderFigure('Fix the flagged fields to draw the theory.'))));
    return;
  }
  fast = {
    arrhenius: arrheniusTheory(t.p),
    turnover: turnoverTheory(t.p),
    escapeTemperature: escapeTemperatureTheory(t.p),
  };
  slow = { switching: null, width: null, error: null };
  void requestSlowTheory();
  await Promise.all([drawResults(), drawSlow()]);
}

/** Redraws the figures that show simulation results. */
async function drawResults(): Promise<void> {
  const t = validated.theory;
  if (!t || !fast) return;
  const scales = displayScales(t);
  const horizon = validated.run ? validated.run.config.maxSteps * validated.run.config.dt : null;
  await Promise.all([
    draw('plot-survival', survivalFigure(t.p, horizon, current, live)),
    draw('plot-arrhenius', arrheniusFigure(fast.arrhenius, t.p, scales, reports)),
    draw('plot-turnover', turnoverFigure(fast.turnover, t.p, scales, reports)),
    draw('plot-escape-temperature', escapeTemperatureFigure(fast.escapeTemperature, t.p, scales, reports)),
  ]);
}

async function drawSlow(): Promise<void> {
  const t = validated.theory;
  if (!t) return;
  const scales = displayScales(t);
  const pending = slow.error ?? (switchingRun ? 'Simulated run: histogram, expected counts and Γ from the inversion.' : SWITCHING_PENDING);
  await Promise.all([draw('plot-switching', switchingFigure(slow.switching, scales, pending, simulatedSwitching())), draw('plot-width', widthFigure(slow.width, t.p, scales, widthPoints))]);
}

let theoryWorker: Comlink.Remote<TheoryApi> | null = null;
let slowBusy = false;
let slowAgain = false;

/** Asks the theory worker for the switching curves; while it is busy only the latest request waits. */
async function requestSlowTheory(): Promise<void> {
  if (slowBusy) {
    slowAgain = true;
    return;
  }
  const t = validated.theory;
  if (!t) return;
  if (t.rampRate === null) {
    slow = { switching: null, width: null, error: 'Fix the ramp to see the switching prediction.' };
    void drawSlow();
    return;
  }
  theoryWorker ??= Comlink.wrap<TheoryApi>(new Worker(new URL('./theory.worker.ts', import.meta.url), { type: 'module' }));
  slowBusy = true;
  const key = JSON.stringify(t);
  try {
    const [switching, width] = await Promise.all([theoryWorker.switching(t.p, t.rampRate), theoryWorker.width(t.p, t.rampRate)]);
    if (JSON.stringify(validated.theory) === key) slow = { switching, width, error: null };
  } catch (err) {
    if (JSON.stringify(validated.theory) === key) slow = { switching: null, width: null, error: (err as Error).message };
  } finally {
    slowBusy = false;
  }
  if (slowAgain) {
    slowAgain = false;
    void requestSlowTheory();
  } else {
    void drawSlow();
  }
}

// ---------- runs ----------

function updateButtons(): void {
  const gpuReady = $('gpu-status').dataset.state === 'ready';
  const canRun = gpuReady && !running && validated.run !== null && form.mode === 'rate';
  $<HTMLButtonElement>('run').disabled = !(canRun || (gpuReady && !running && form.mode !== 'rate' && validated.switching !== null));
  $<HTMLButtonElement>('run-turnover').disabled = !canRun;
  $<HTMLButtonElement>('cancel').disabled = !running;
  const none = reports.length === 0;
  for (const id of ['export-json', 'export-csv', 'clear-results']) $<HTMLButtonElement>(id).disabled = none;
}

function setMeasured(state: string, html: string, report?: RateReport): void {
  const out = $('measured');
  out.dataset.state = state;
  out.innerHTML = html;
  if (report) {
    out.dataset.rate = String(report.measured.rate);
    out.dataset.escaped = String(report.measured.escaped);
    out.dataset.trajectories = String(report.measured.trajectories);
    out.dataset.exposure = String(report.measured.exposure);
  }
}

function describe(r: RateReport): string {
  const m = r.measured;
  const result = m.rateUpperBound95 === null
    ? `Γ̂/ω<sub>p0</sub> = <b>${fmt(m.rate)}</b>, 95% CI [${fmt(m.lower)}, ${fmt(m.upper)}], ±${(100 * m.relativeError!).toFixed(1)}%`
    : `<b>no escapes</b>; Γ/ω<sub>p0</sub> &lt; <b>${fmt(m.rateUpperBound95)}</b> at 95% (one-sided, exposure Σt = ${fmt(m.exposure)}/ω<sub>p0</sub>)`;
  return `${result}<br>
    N<sub>esc</sub> = ${m.escaped} of ${m.trajectories}; ${m.rateUpperBound95 === null
      ? `Γ̂/Γ<sub>MM</sub> = ${fmt(r.ratios.melnikovMeshkov ?? NaN)}, Γ̂/Γ<sub>Kramers</sub> = ${fmt(r.ratios.kramers ?? NaN)}`
      : `Γ/Γ<sub>MM</sub> &lt; ${fmt(m.rateUpperBound95 / r.formulas.melnikovMeshkov)}`}<br>
    <small>${r.run.device}, ${fmt(r.run.wallSeconds)} s, ${fmt(r.run.stepsPerSecond)} trajectory-steps/s</small>`;
}

let runStarted = 0;
/** The censoring time of the run in flight, so live points fill a fixed axis. */
let runHorizon = 0;
let runKind: 'rate' | 'turnover' = 'rate';
let firstPointPending = false;
let framePending = false;

function onProgress(p: RateProgress): void {
  $<HTMLProgressElement>('progress').value = p.trajectoriesDone / p.trajectories;
  const point = (runKind === 'turnover' ? `Q₀ = ${TURNOVER_Q0[p.point]}, ` : '') + (p.pages > 1 ? `page ${p.page}/${p.pages}, ` : '');
  $('progress-text').textContent = `${point}escaped ${p.escaped}/${p.trajectories}, ${p.stepsPerSecond.toExponential(2)} steps/s, ETA ≤ ${Math.ceil(p.etaSeconds)} s`;
  if (!live || (live.time.length && p.time < live.time[live.time.length - 1]!)) live = { time: [0], survival: [1] };
  live.time.push(p.time);
  live.survival.push(p.survival);
  if (framePending) return;
  framePending = true;
  requestAnimationFrame(() => {
    framePending = false;
    const t = validated.theory;
    if (!t || !live || !running) return;
    void draw('plot-survival', survivalFigure(t.p, Math.max(runHorizon, p.time), null, live)).then(() => {
      if (firstPointPending) {
        firstPointPending = false;
        $('measured').dataset.firstPointMs = String(Math.round(performance.now() - runStarted));
      }
    });
  });
}

/** How a run that threw ends: cancelled by the user, or failed with the engine's message. */
function failedOutcome(e: Error): () => void {
  if (e.name !== 'AbortError') return () => setMeasured('error', `Run failed: ${escapeHtml(e.message)}`);
  $('progress-text').textContent = 'cancelled';
  return () => setMeasured('cancelled', 'Run cancelled.');
}

async function run(kind: 'rate' | 'turnover'): Promise<void> {
  if (!engine || !validated.run || running) return;
  running = true;
  live = null;
  runStarted = performance.now();
  firstPointPending = true;
  updateButtons();
  setMeasured('running', kind === 'rate' ? 'running…' : `running Q₀ sweep over ${TURNOVER_Q0.join(', ')}…`);
  const parameters = validated.run.parameters;
  runKind = kind;
  runHorizon = kind === 'rate' ? validated.run.config.maxSteps * validated.run.config.dt : 0;
  // The outcome is shown only once the figures hold it, so "done" means done everywhere.
  let outcome: () => void;
  try {
    if (kind === 'rate') {
      const report = await engine.runRate(parameters, Comlink.proxy(onProgress));
      addReports([report]);
      outcome = () => setMeasured('done', describe(report), report);
    } else {
      await engine.runTurnover(parameters, TURNOVER_Q0, Comlink.proxy(onProgress), Comlink.proxy((r: RateReport, i: number) => {
        addReports([r]);
        setMeasured('running', `Q₀ sweep: ${i + 1} of ${TURNOVER_Q0.length} done<br>${describe(r)}`, r);
      }));
      outcome = () => setMeasured('done', `Q₀ sweep done (${TURNOVER_Q0.length} points).<br>${current ? describe(current) : ''}`, current ?? undefined);
    }
    $('progress-text').textContent = 'done';
  } catch (err) {
    outcome = failedOutcome(err as Error);
  }
  running = false;
  live = null;
  await drawResults();
  outcome();
  updateButtons();
}

/** The σ(T) sweep: log-spaced over a decade centred on the form's temperature. */
const SWEEP_POINTS = 5;
let widthPoints: SimulatedWidth[] = [];

async function runWidthSweep(): Promise<void> {
  if (!engine || !validated.switching || running) return;
  const { parameters, hbar } = validated.switching;
  const thetas = Array.from({ length: SWEEP_POINTS }, (_, k) => parameters.theta * 10 ** (k / (SWEEP_POINTS - 1) - 0.5));
  running = true;
  widthPoints = [];
  updateButtons();
  setMeasured('running', `running ${SWEEP_POINTS} switching runs…`);
  let outcome: () => void;
  try {
    await engine.runSwitchingSweep(parameters, hbar, thetas, Comlink.proxy(onSwitchingProgress), Comlink.proxy((r: SwitchingRun, point: number) => {
      if (r.analysis) widthPoints.push({ theta: thetas[point]!, sd: r.analysis.moments.sd, sdError: r.analysis.moments.sdError });
      void drawSlow();
    }));
    $('progress-text').textContent = 'done';
    outcome = () => {
      const fit = widthPoints.length >= 2 ? fitPowerLaw(widthPoints.map((w) => ({ x: w.theta, y: w.sd, error: w.sdError }))) : null;
      setMeasured('done', `σ(T) from ${widthPoints.length} switching runs` + (fit ? `: σ ∝ T<sup>n</sup>, n = ${fmt(fit.exponent)} ± ${fmt(fit.exponentError)} (χ² = ${fmt(fit.chiSquare)}/${fit.degreesOfFreedom}); the classical T<sup>2/3</sup> law holds at a fixed switching barrier, and at a fixed ramp the local exponent is somewhat lower (docs/switching.md)` : ''));
      $('measured').dataset.sweepPoints = String(widthPoints.length);
    };
  } catch (err) {
    outcome = failedOutcome(err as Error);
  }
  running = false;
  await drawSlow();
  outcome();
  updateButtons();
}

function simulatedSwitching(): SimulatedSwitching | null {
  return switchingRun && { analysis: switchingRun.analysis, trajectories: switchingRun.counts.trajectories, switched: switchingRun.counts.switched };
}

function onSwitchingProgress(p: SwitchingProgress): void {
  $<HTMLProgressElement>('progress').value = p.trajectoriesDone / p.trajectories;
  $('progress-text').textContent = `${p.pages > 1 ? `page ${p.page}/${p.pages}, ` : ''}switched ${p.escaped}/${p.trajectories}, ${p.stepsPerSecond.toExponential(2)} steps/s, ETA ≤ ${Math.ceil(p.etaSeconds)} s`;
}

function describeSwitching(r: SwitchingRun): string {
  const c = r.counts;
  const a = r.analysis;
  const lines = [`switched <b>${c.switched}</b> of ${c.trajectories}` + (c.switchedWhileHeld ? ` (${c.switchedWhileHeld} while held)` : '') + (c.unswitched ? `, ${c.unswitched} not by γ_end` : '') +
    `; γ: ${fmt(r.config.gammaStart)} → ${fmt(r.config.gammaEnd)}, bins of ${fmt(r.config.stepsPerBin * r.config.rampPerStep)}`];
  if (a) {
    const m = a.moments;
    lines.push(`⟨γ⟩ = ${fmt(m.mean)} ± ${fmt(m.meanError)}, σ = ${fmt(m.sd)} ± ${fmt(m.sdError)}, skewness = ${fmt(m.skewness)} ± ${fmt(m.skewnessError)}`);
    for (const [name, t] of Object.entries(r.theory)) lines.push(`${name === 'classical' ? "Mel'nikov–Meshkov" : 'MM × f<sub>q</sub> / MQT'}: ⟨γ⟩ = ${fmt(t.mean)}, σ = ${fmt(t.sd)}` + (a.overlays[name]?.test ? `, χ² = ${fmt(a.overlays[name]!.test!.chiSquare)}/${a.overlays[name]!.test!.degreesOfFreedom}, p = ${fmt(a.overlays[name]!.test!.pValue)}` : ''));
    const tooFast = rampTooFastNote(r.quasiStationary);
    if (tooFast) lines.push(`<span class="warning" id="ramp-too-fast">${escapeHtml(tooFast)}<br><small>${escapeHtml(r.quasiStationary!.criterion)}</small></span>`);
    if (a.fit) lines.push(`escape-temperature fit over ${a.fit.points} bins: θ<sub>esc</sub> = ${fmt(a.fit.escapeEnergy)} ± ${fmt(a.fit.escapeEnergyError)}`);
  } else {
    lines.push('fewer than two switches: nothing to analyse');
  }
  for (const w of r.config.warnings) lines.push(`warning: ${escapeHtml(w)}`);
  lines.push(`<small>${r.run.device}, ${fmt(r.run.wallSeconds)} s</small>`);
  return lines.join('<br>');
}

async function runSwitching(): Promise<void> {
  if (!engine || !validated.switching || running) return;
  running = true;
  updateButtons();
  setMeasured('running', 'running the switching ramp…');
  let outcome: () => void;
  try {
    const r = await engine.runSwitching(validated.switching.parameters, validated.switching.hbar, Comlink.proxy(onSwitchingProgress));
    switchingRun = r;
    $('progress-text').textContent = 'done';
    outcome = () => {
      setMeasured('done', describeSwitching(r));
      const out = $('measured');
      out.dataset.switched = String(r.counts.switched);
      out.dataset.trajectories = String(r.counts.trajectories);
    };
  } catch (err) {
    outcome = failedOutcome(err as Error);
  }
  running = false;
  await drawSlow();
  outcome();
  updateButtons();
}

function addReports(list: RateReport[]): void {
  reports.push(...list);
  current = list[list.length - 1] ?? current;
  showResultsTable();
  void drawResults();
}

function showResultsTable(): void {
  $('results-table').querySelector('tbody')!.innerHTML = reports
    .map((r, i) => {
      const p = r.parameters;
      const m = r.measured;
      return `<tr data-index="${i}" class="${r === current ? 'current' : ''}"><td>${fmt(p.gamma)}</td><td>${fmt(p.Q0)}</td><td>${fmt(p.barrierOverKT)}</td>
        <td>${m.escaped}/${m.trajectories}</td>${m.rateUpperBound95 === null
          ? `<td>${fmt(m.rate)} [${fmt(m.lower)}, ${fmt(m.upper)}]</td><td>${fmt(r.ratios.melnikovMeshkov ?? NaN)}</td>`
          : `<td>&lt; ${fmt(m.rateUpperBound95)} (no escapes)</td><td>&lt; ${fmt(m.rateUpperBound95 / r.formulas.melnikovMeshkov)}</td>`}</tr>`;
    })
    .join('');
  updateButtons();
}

// ---------- files ----------

const download = downloadText;

async function loadJson(files: FileList): Promise<void> {
  $('load-error').textContent = '';
  try {
    const loaded: RateReport[] = [];
    for (const file of files) loaded.push(...parseRateReports(await file.text()));
    // Show the theory of the last loaded run, so its points land on their curves.
    const p = loaded[loaded.length - 1]!.parameters;
    form = { ...form, units: 'dimensionless', temperatureAs: 'theta', gamma: String(p.gamma), Q: String(p.Q0), theta: String(p.theta), dt: String(p.dt), trajectories: String(p.trajectories), seed: String(p.seed) };
    showForm();
    onFormChange();
    addReports(loaded);
    setMeasured('done', describe(current!), current!);
  } catch (err) {
    $('load-error').textContent = (err as Error).message;
  }
}

function wireActions(): void {
  $('run').addEventListener('click', () => void (form.mode === 'switching' ? runSwitching() : form.mode === 'sweep' ? runWidthSweep() : run('rate')));
  $('run-turnover').addEventListener('click', () => void run('turnover'));
  $('cancel').addEventListener('click', () => void engine?.cancel());
  $('export-json').addEventListener('click', () => download('washboard-results.json', 'application/json', reportsToJson(reports)));
  $('export-csv').addEventListener('click', () => download('washboard-results.csv', 'text/csv', reportsToCsv(reports)));
  $('clear-results').addEventListener('click', () => {
    reports.length = 0;
    current = null;
    showResultsTable();
    setMeasured('idle', '');
    void drawResults();
  });
  $<HTMLInputElement>('load-json').addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement;
    if (input.files?.length) void loadJson(input.files).finally(() => (input.value = ''));
  });
  $('results-table').addEventListener('click', (e) => {
    const row = (e.target as HTMLElement).closest('tr[data-index]') as HTMLElement | null;
    if (!row) return;
    current = reports[Number(row.dataset.index)] ?? current;
    showResultsTable();
    if (current) setMeasured('done', describe(current), current);
    void drawResults();
  });
  $('copy-link').addEventListener('click', () => {
    void navigator.clipboard?.writeText(location.href).then(
      () => ($('copy-link').textContent = 'Link copied'),
      () => ($('copy-link').textContent = 'Copy the address bar'),
    );
  });
}

// ---------- measured switching currents (washboard analyze) ----------

const MEASURED_SPECS: Record<MeasuredField, { label: string; placeholder: string; hint: string }> = {
  'ramp-rate': { label: 'ramp dI/dt', placeholder: '1e-3A/s', hint: 'required, e.g. 2mA/s' },
  C: { label: 'capacitance C', placeholder: '5pF', hint: 'required' },
  R: { label: 'shunt resistance R', placeholder: '100ohm', hint: 'required' },
  T: { label: 'bath temperature T', placeholder: 'none', hint: 'adds the predicted P(I)' },
  Ic: { label: 'stated I<sub>c</sub>', placeholder: 'none', hint: 'currents above it are errors' },
  column: { label: 'CSV column', placeholder: '1', hint: 'header name or 1-based index' },
  'bin-width': { label: 'bin width', placeholder: 'σ/8', hint: 'e.g. 2nA' },
  'min-count': { label: 'min count', placeholder: '10', hint: 'switches and survivors per Γ bin' },
};

const measuredForm: MeasuredForm = { ...DEFAULT_MEASURED };
let measuredFile: { name: string; text: string } | null = null;

function buildMeasuredForm(): void {
  $('measured-form').innerHTML = MEASURED_FIELDS.map((f) => {
    const s = MEASURED_SPECS[f];
    return `<div class="field" data-measured="${f}">
      <label for="m-${f}">${s.label}</label>
      <input id="m-${f}" name="${f}" type="text" spellcheck="false" placeholder="${s.placeholder}" aria-describedby="me-${f}" />
      <small class="hint">--${f}: ${s.hint}</small>
      <div class="field-error" id="me-${f}" role="alert"></div>
    </div>`;
  }).join('');
  $('measured-form').addEventListener('input', (e) => {
    const input = e.target as HTMLInputElement;
    measuredForm[input.name as MeasuredField] = input.value;
    void analyzeMeasuredFile();
  });
  $<HTMLInputElement>('load-switching').addEventListener('change', (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    void file.text().then((text) => {
      measuredFile = { name: file.name, text };
      input.value = '';
      return analyzeMeasuredFile();
    });
  });
}

/** Runs the analyze report on the loaded file; a bad flag or line is shown where the CLI would stop. */
async function analyzeMeasuredFile(): Promise<void> {
  for (const f of MEASURED_FIELDS) {
    $(`me-${f}`).textContent = '';
    $<HTMLInputElement>(`m-${f}`).setAttribute('aria-invalid', 'false');
  }
  $('e-measured-file').textContent = '';
  const out = $('measured-analysis');
  if (!measuredFile) return;
  const outcome = analyzeMeasured(measuredFile.text, measuredFile.name, measuredForm);
  if (outcome.error) {
    const { field, message } = outcome.error;
    if (field === 'file') $('e-measured-file').textContent = message;
    else {
      $(`me-${field}`).textContent = message;
      $<HTMLInputElement>(`m-${field}`).setAttribute('aria-invalid', 'true');
    }
    out.dataset.state = 'error';
    out.innerHTML = '';
    return;
  }
  const r = outcome.report;
  await Promise.all([draw('plot-measured-histogram', measuredHistogramFigure(r)), draw('plot-measured-rate', measuredRateFigure(r))]);
  out.innerHTML = describeMeasured(r);
  out.dataset.values = String(r.file.values);
  out.dataset.state = 'done';
}

// ---------- WebGPU ----------

const ENABLE_WEBGPU = `WebGPU is on by default in Chrome and Edge 113 or later (Windows, macOS, ChromeOS, Android), in Safari 26
  and in Firefox 141 or later on Windows. On Linux start Chrome or Chromium with
  <code>--enable-unsafe-webgpu --enable-features=Vulkan</code> (or turn on <code>chrome://flags/#enable-unsafe-webgpu</code>);
  in Firefox Nightly set <code>dom.webgpu.enabled</code>. The page must come from <code>https://</code> or <code>localhost</code>.`;

function noWebGpu(why: string): void {
  const banner = $('no-webgpu');
  banner.hidden = false;
  banner.innerHTML = `<strong>No WebGPU here, so simulations cannot run.</strong> ${why}<br>${ENABLE_WEBGPU}<br>
    Everything else works without it: the theory plots, loading results written by <code>washboard rate --json</code>, and exports.`;
  const status = $('gpu-status');
  status.dataset.state = 'unavailable';
  status.textContent = 'WebGPU: unavailable';
  updateButtons();
}

async function probeGpu(): Promise<void> {
  if (!('gpu' in navigator) || !navigator.gpu) {
    noWebGpu(window.isSecureContext ? 'This browser does not expose <code>navigator.gpu</code>.' : 'This page is not in a secure context, and browsers expose <code>navigator.gpu</code> only there.');
    return;
  }
  engine = Comlink.wrap<EngineApi>(new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' }));
  const probe: GpuProbe = await engine.probe();
  if (!probe.available) {
    noWebGpu(`The browser exposes WebGPU, but the engine's worker got no device: ${escapeHtml(probe.description)}.`);
    return;
  }
  const status = $('gpu-status');
  status.dataset.state = 'ready';
  status.textContent = `WebGPU: ${probe.description}`;
  updateButtons();
}

// ---------- helpers and start ----------

const fmt = (v: number) => formatNumber(v, 4);


buildForm();
buildMeasuredForm();
void draw('plot-measured-histogram', placeholderFigure('Load a switching-current file to analyse it.'));
void draw('plot-measured-rate', placeholderFigure('Γ(I) from the measured histogram appears here.'));
showForm();
wireForm();
wireActions();
showValidation();
void drawTheory();
void probeGpu();
// The other tools' views (views/registry.ts) and the overview, by the address's hash.
void startRouter(() => $('gpu-status').dataset.state === 'ready');
