/**
 * The engine in a Web Worker, exposed through comlink: the same runEscapeEnsemble as the CLI, on a
 * GPUDevice from navigator.gpu, so the page never blocks while the GPU works. Progress streams back
 * through a callback; cancel() aborts between dispatches.
 */
import * as Comlink from 'comlink';
import { validateEscapeParameters, type EscapeParameters } from '../models/rate/config.js';
import { devicePageSize } from '../engine/ensemble.js';
import { rateModel, runEscapeEnsemble, type EscapeProgress } from '../models/rate/model.js';
import { rateReport, type RateReport } from '../models/rate/report.js';
import { runSwitchingEnsemble } from '../models/switching/model.js';
import { validateSwitchingParameters, type SwitchingParameters } from '../models/switching/config.js';
import { analyzeSimulation, quasiStationarity, theoryMoments } from '../models/switching/report.js';
import { validateBjjTwParameters } from '../models/bjj-tw/config.js';
import { runBjjTwEnsemble } from '../models/bjj-tw/model.js';
import { initialStates, type StateKind } from '../physics/bjj/compare.js';
import { runRingPolymerSwitching, type RingPolymerSwitchingParameters } from '../models/ring-polymer/switching.js';

/** The bosonic junction's truncated-Wigner ensemble, as `washboard bjj --tw-backend gpu` runs it. */
export interface TruncatedWignerRequest {
  N: number;
  J: number;
  U: number;
  kind: StateKind;
  z0: number;
  phi0: number;
  /** Increasing sample times (ħ/J). */
  times: number[];
  trajectories: number;
  seed: number;
}

export interface TruncatedWignerRun {
  times: number[];
  mean: number[];
  standardError: number[];
  trajectories: number;
  device: string;
}

export interface GpuProbe {
  available: boolean;
  /** The adapter, in words, or why there is none. */
  description: string;
}

/** A progress report plus the live survival point it implies for the page in flight. */
export interface RateProgress extends EscapeProgress {
  /** τ reached by the current page's survivors (1/ω_p0). */
  time: number;
  /** Fraction of the current page not yet escaped at `time`. */
  survival: number;
  /** Which point of a sweep this is (0 for a single run). */
  point: number;
}

interface BrowserGpu {
  device: GPUDevice;
  description: string;
}

let gpu: Promise<BrowserGpu> | null = null;
let controller: AbortController | null = null;

async function requestBrowserDevice(): Promise<BrowserGpu> {
  if (!('gpu' in navigator) || !navigator.gpu) throw new Error('navigator.gpu is missing: this browser does not expose WebGPU to workers');
  const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('navigator.gpu gave no adapter (WebGPU is disabled or blocklisted for this GPU)');
  // As the Node host does: ask for the adapter's full buffer limits, so large pages fit.
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
    },
  });
  void device.lost.then(() => {
    gpu = null;
  });
  const info = adapter.info;
  const description = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'WebGPU adapter';
  return { device, description };
}

function browserGpu(): Promise<BrowserGpu> {
  gpu ??= requestBrowserDevice().catch((err: unknown) => {
    gpu = null;
    throw err;
  });
  return gpu;
}

async function runOne(parameters: EscapeParameters, point: number, signal: AbortSignal, onProgress: (p: RateProgress) => void): Promise<RateReport> {
  const config = validateEscapeParameters(parameters);
  const { device, description } = await browserGpu();
  const pageSize = devicePageSize(device, config, rateModel);
  let escapedInFinishedPages = 0;
  const started = performance.now();
  const { statistics } = await runEscapeEnsemble(device, config, {
    signal,
    // A lost device (driver reset, tab backgrounded on some platforms) is replaced and only the
    // unfinished page is redone, as in the CLI.
    requestDevice: async () => {
      gpu = null;
      return (await browserGpu()).device;
    },
    onPage: (r) => {
      escapedInFinishedPages += r.statistics.escaped;
    },
    onProgress: (p) => {
      const inPage = Math.min(pageSize, config.trajectories - (p.page - 1) * pageSize);
      onProgress({ ...p, point, time: p.pageSteps * config.dt, survival: 1 - (p.escaped - escapedInFinishedPages) / inPage });
    },
  });
  const wallSeconds = (performance.now() - started) / 1000;
  return rateReport(config, statistics, { backend: 'webgpu (browser worker)', device: description, wallSeconds });
}

/**
 * One ramp run: the same validation, runSwitchingEnsemble and analysis as `washboard switching`
 * (histogram, exact moments, Fulton–Dunkleberger Γ(γ) and the predicted histograms), in γ.
 */
async function runSwitchingOne(parameters: SwitchingParameters, hbar: number, point: number, signal: AbortSignal, onProgress: (p: SwitchingProgress) => void) {
  const config = validateSwitchingParameters(parameters);
  const { device, description } = await browserGpu();
  const started = performance.now();
  const { statistics } = await runSwitchingEnsemble(device, config, { signal, onProgress: (p) => onProgress({ ...p, point }) });
  const analysis = analyzeSimulation(config, statistics, hbar);
  const theory = theoryMoments(config, hbar);
  return {
    config,
    counts: { trajectories: statistics.trajectories, switched: statistics.switched, switchedWhileHeld: statistics.switchedWhileHeld, unswitched: statistics.trajectories - statistics.switched },
    analysis,
    theory,
    quasiStationary: quasiStationarity(config, analysis, theory),
    run: { backend: 'webgpu (browser worker)', device: description, wallSeconds: (performance.now() - started) / 1000 },
  };
}

export type SwitchingRun = Awaited<ReturnType<typeof runSwitchingOne>>;
export interface SwitchingProgress extends EscapeProgress {
  /** Which point of a sweep this is (0 for a single run). */
  point: number;
}

function startRun(): AbortSignal {
  controller?.abort(cancelled());
  controller = new AbortController();
  return controller.signal;
}

function cancelled(): Error {
  const err = new Error('run cancelled');
  err.name = 'AbortError';
  return err;
}

const api = {
  /** Whether this worker can get a GPUDevice, and which. */
  async probe(): Promise<GpuProbe> {
    try {
      return { available: true, description: (await browserGpu()).description };
    } catch (err) {
      return { available: false, description: (err as Error).message };
    }
  },

  /** ⟨z⟩(t) of the truncated-Wigner ensemble on the GPU (src/models/bjj-tw), raw (no window). */
  async runTruncatedWigner(r: TruncatedWignerRequest): Promise<TruncatedWignerRun> {
    const { device, description } = await browserGpu();
    const config = validateBjjTwParameters({ N: r.N, J: r.J, U: r.U, state: initialStates(r.N, r.kind, r.z0, r.phi0).wigner, times: r.times, trajectories: r.trajectories, seed: r.seed });
    const result = await runBjjTwEnsemble(device, config);
    return { times: r.times, mean: Array.from(result.mean), standardError: Array.from(result.standardError), trajectories: r.trajectories, device: description };
  },

  /** One fixed-bias ensemble: the report `washboard rate --json` would print for it. */
  async runRate(parameters: EscapeParameters, onProgress: (p: RateProgress) => void): Promise<RateReport> {
    return runOne(parameters, 0, startRun(), onProgress);
  },

  /**
   * The Kramers turnover: one ensemble per Q₀ at the same bias and temperature. Each point uses
   * the default Δτ = min(0.05, Q₀/5) and censoring time, since one Δτ cannot suit every Q₀.
   */
  async runTurnover(
    parameters: EscapeParameters,
    Q0s: number[],
    onProgress: (p: RateProgress) => void,
    onReport: (r: RateReport, point: number) => void,
  ): Promise<RateReport[]> {
    const signal = startRun();
    const reports: RateReport[] = [];
    for (const [point, Q0] of Q0s.entries()) {
      const report = await runOne({ ...parameters, Q0, dt: undefined, maxTime: undefined }, point, signal, onProgress);
      reports.push(report);
      onReport(report, point);
    }
    return reports;
  },

  /** One switching histogram: what `washboard switching --json` reports (in γ), for the page. */
  async runSwitching(parameters: SwitchingParameters, hbar: number, onProgress: (p: SwitchingProgress) => void): Promise<SwitchingRun> {
    return runSwitchingOne(parameters, hbar, 0, startRun(), onProgress);
  },

  /**
   * σ(T): one switching run per temperature θ (what `washboard sweep switching --over theta=…`
   * runs), with the ramp defaults recomputed at each θ as the CLI does.
   */
  async runSwitchingSweep(
    parameters: SwitchingParameters,
    hbar: number,
    thetas: number[],
    onProgress: (p: SwitchingProgress) => void,
    onPoint: (r: SwitchingRun, point: number) => void,
  ): Promise<SwitchingRun[]> {
    const signal = startRun();
    const runs: SwitchingRun[] = [];
    for (const [point, theta] of thetas.entries()) {
      const r = await runSwitchingOne({ ...parameters, theta }, hbar, point, signal, onProgress);
      runs.push(r);
      onPoint(r, point);
    }
    return runs;
  },

  /**
   * σ(T) from the simulated quantum rate (ring polymers, PI-QTST × κ at a few biases; what
   * `washboard qtst --ramp-rate R --sweep theta=…` runs), one temperature θ at a time.
   */
  async runQtstSwitching(
    parameters: Omit<RingPolymerSwitchingParameters, 'theta'>,
    thetas: number[],
    onProgress: (done: number, total: number, point: number) => void,
    onPoint: (r: { theta: number; width: number; widthError: number; mean: number; meanError: number }, point: number) => void,
  ): Promise<void> {
    const signal = startRun();
    const { device } = await browserGpu();
    for (const [point, theta] of thetas.entries()) {
      signal.throwIfAborted();
      const r = await runRingPolymerSwitching(device, { ...parameters, theta }, (done, total) => {
        onProgress(done, total, point);
      });
      const s = r.simulated;
      onPoint({ theta, width: s.distribution.width, widthError: s.widthError, mean: s.distribution.mean, meanError: s.meanError }, point);
    }
  },

  cancel(): void {
    controller?.abort(cancelled());
  },
};

export type EngineApi = typeof api;

Comlink.expose(api);
