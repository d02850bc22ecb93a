/**
 * `washboard bjj`: the bosonic Josephson junction (two-mode Bose–Hubbard, physics.md §13).
 *   spectrum   the exact levels and the doublet splittings (flux identity) beside WKB;
 *   dynamics   ⟨z⟩(t) on a log-time grid: exact, mean field and truncated Wigner (CPU orbits, or
 *              with --tw-backend gpu the engine's bjj-tw ensemble), raw and window-averaged,
 *              optionally with P(z, t);
 *   breakdown  the breakdown time of self-trapping against N at fixed Λ and (z₀, φ₀), with fits.
 * All physics lives in src/physics/bjj; this file parses, checks and prints.
 */
import { breakdownScan, fitExponentialGrowth, semiclassicalDoublet, semiclassicalGrowthRate, type BreakdownPoint } from '../physics/bjj/breakdown.js';
import { checkTimeGrid, imbalanceCurves, initialStates, logTimes, type StateKind } from '../physics/bjj/compare.js';
import { criticalLambda, meanFieldEnergy, meanFieldRegime } from '../physics/bjj/mean-field.js';
import { interactionForLambda, lambdaOf, type JunctionParameters } from '../physics/bjj/model.js';
import { exactSpectrum } from '../physics/bjj/spectrum.js';
import { ParameterError, requireInRange, requireInteger } from '../physics/parameters.js';
import { requestNodeDevice } from '../engine/node-device.js';
import { deviceName } from './long-run.js';
import { validateBjjTwParameters } from '../models/bjj-tw/config.js';
import { runBjjTwEnsemble, type BjjTwResult } from '../models/bjj-tw/model.js';
import { parseNumber, parseOptions } from './args.js';
import type { CommandIo } from './io.js';

const OPTIONS = {
  N: { type: 'string' },
  J: { type: 'string' },
  U: { type: 'string' },
  lambda: { type: 'string' },
  state: { type: 'string' },
  z0: { type: 'string' },
  phi0: { type: 'string' },
  't-min': { type: 'string' },
  't-max': { type: 'string' },
  points: { type: 'string' },
  smoothing: { type: 'string' },
  trajectories: { type: 'string' },
  seed: { type: 'string' },
  'tw-backend': { type: 'string' },
  'tw-t-max': { type: 'string' },
  'N-range': { type: 'string' },
  distribution: { type: 'boolean' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const USAGE = `usage: washboard bjj [spectrum|dynamics|breakdown] [options]      (default: dynamics)
  H = −J(a†b + b†a) + (U/2)[n_a(n_a − 1) + n_b(n_b − 1)], z = (n_a − n_b)/N, Λ = UN/2J; ħ = 1,
  energies in the unit of J and U, times in ħ/(that unit).
  model:     --N N (default 20)  --J J (default 1)  --U U | --lambda Λ (default Λ = 15)
  state:     --state spin-coherent|fock|coherent (default spin-coherent)  --z0 z₀ in [−1, 1] (default 0.6)
             --phi0 φ₀ (default 0). A Fock state is |n_a, N − n_a⟩ with n_a = round(N(1 + z₀)/2);
             coherent is the two-mode coherent state with mean N (dynamics only: exact = Poisson
             mixture over N, TW = its exact Gaussian Wigner function; ⟨z⟩ means ⟨n_a − n_b⟩/N).
  dynamics:  --t-min (default 0.01) --t-max (default 1e25) --points (default 12 per decade)
             --smoothing κ in (0, 1] (Gaussian window of width κt; default 0.25)
             --trajectories M (truncated Wigner, default 400) --seed S (default 1)
             --distribution (JSON only: P(z, t) from the exact solution, window-averaged)
             --tw-backend cpu|gpu (default cpu): cpu evaluates each TW trajectory's orbit at any t
             (raw and averaged columns); gpu integrates the ensemble (RK4, f32) on a WebGPU device
             up to --tw-t-max (default min(t-max, 10/J)) and fills z_tw (raw) only, z_tw_avg and
             z_tw_avg_se stay blank; JSON adds wignerRawStandardError.
  breakdown: --N-range FROM:TO[:STEP] (default 10:60:5) at fixed --lambda, --z0, --phi0
  output:    a table (default), --json or --csv; progress on stderr (--quiet to silence).
`;

function num(name: string, text: string | undefined, fallback: number): number {
  const v = parseNumber(`--${name}`, text);
  return v === undefined ? fallback : v;
}

/** x as mantissa×10^e from its log10, so that 1e-3468 prints as well as 1e-19. */
export function formatLog10(log10: number | null, digits = 4): string {
  if (log10 === null || !Number.isFinite(log10)) return '';
  const e = Math.floor(log10);
  let m = Math.pow(10, log10 - e);
  let exp = e;
  if (Number(m.toFixed(digits - 1)) >= 10) {
    m /= 10;
    exp += 1;
  }
  return `${m.toFixed(digits - 1)}e${exp >= 0 ? '+' : ''}${exp}`;
}

function fmt(v: number | null | undefined, digits = 6): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '';
  return Number(v.toPrecision(digits)).toString();
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i]!)).join('  ');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

function csv(header: string[], rows: string[][]): string {
  return [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

interface Common {
  N: number;
  J: number;
  lambda: number;
  U: number;
  kind: StateKind;
  z0: number;
  phi0: number;
}

function parseCommon(values: Record<string, string | boolean | undefined>, needU: boolean): Common {
  const N = num('N', values.N as string | undefined, 20);
  requireInteger('--N', N, { min: 1, max: 20000, minInclusive: true, maxInclusive: true });
  const J = num('J', values.J as string | undefined, 1);
  if (!(J > 0)) throw new ParameterError('--J', J, 'J > 0', 'the tunnelling amplitude must be positive');
  let U: number;
  let lambda: number;
  if (values.U !== undefined && values.lambda !== undefined) throw new ParameterError('--U', values.U, 'either --U or --lambda', 'both given');
  if (values.U !== undefined) {
    U = num('U', values.U as string, NaN);
    if (!(U > 0)) throw new ParameterError('--U', U, 'U > 0', 'self-trapping needs repulsive bosons');
    lambda = lambdaOf({ N, J, U });
  } else {
    lambda = num('lambda', values.lambda as string | undefined, 15);
    if (!(lambda > 0)) throw new ParameterError('--lambda', lambda, 'Λ > 0', 'Λ = UN/2J with U, J > 0');
    U = interactionForLambda(lambda, N, J);
  }
  if (!needU && !Number.isFinite(U)) U = 0;
  const stateText = (values.state as string | undefined) ?? 'spin-coherent';
  if (stateText !== 'spin-coherent' && stateText !== 'fock' && stateText !== 'coherent') throw new ParameterError('--state', stateText, 'spin-coherent, fock or coherent');
  const z0 = num('z0', values.z0 as string | undefined, 0.6);
  requireInRange('--z0', z0, { min: -1, max: 1, minInclusive: true, maxInclusive: true });
  const phi0 = num('phi0', values.phi0 as string | undefined, 0);
  if (!Number.isFinite(phi0)) throw new ParameterError('--phi0', phi0, 'a finite angle');
  return { N, J, lambda, U, kind: stateText, z0, phi0 };
}

export async function bjjCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseOptions(argv, OPTIONS, true);
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (positionals.length > 1) throw new ParameterError('argument', positionals.slice(1).join(' '), 'one of spectrum, dynamics, breakdown');
  const verb = positionals[0] ?? 'dynamics';
  if (verb !== 'spectrum' && verb !== 'dynamics' && verb !== 'breakdown') throw new ParameterError('argument', verb, 'spectrum, dynamics or breakdown', 'unknown view');
  if (values.json && values.csv) throw new ParameterError('--csv', true, 'either --json or --csv', 'both given');
  const progress = (s: string) => {
    if (!values.quiet) io.stderr(`bjj: ${s}\n`);
  };
  const common = parseCommon(values, true);
  if (verb === 'spectrum') return spectrumView(common, values, io, progress);
  if (verb === 'dynamics') return await dynamicsView(common, values, io, progress);
  return breakdownView(common, values, io, progress);
}

function header(c: Common) {
  return {
    N: c.N,
    J: c.J,
    U: c.U,
    lambda: c.lambda,
    state: c.kind,
    z0: c.z0,
    phi0: c.phi0,
  };
}

function spectrumView(c: Common, values: Record<string, unknown>, io: CommandIo, progress: (s: string) => void): number {
  const p: JunctionParameters = { N: c.N, J: c.J, U: c.U };
  progress(`diagonalising the parity blocks of size ${Math.ceil((c.N + 1) / 2)}`);
  const s = exactSpectrum(p);
  const rows = s.doublets.map((d) => {
    const wkb = semiclassicalDoublet(p, d.center);
    return {
      rank: d.rank,
      center: d.center,
      log10Splitting: d.log10Splitting,
      log10TunnellingTime: Math.log10(Math.PI) - d.log10Splitting,
      log10WkbSplitting: wkb ? wkb.log10Splitting : null,
    };
  });
  if (values.json) {
    io.stdout(
      JSON.stringify(
        {
          format: 'washboard.bjj',
          version: 1,
          view: 'spectrum',
          parameters: header(c),
          energyUnit: 'J',
          levels: s.levels.map((l) => ({ energy: l.energy, parity: l.parity, doublet: l.doublet })),
          doublets: rows.map((r) => ({ ...r, splitting: -Math.pow(10, r.log10Splitting) })),
          conventions: 'splitting = E_odd − E_even (< 0: the even partner is higher); tunnellingTime = πħ/|Δ|',
        },
        null,
        1,
      ) + '\n',
    );
    return 0;
  }
  const head = ['rank', 'E_center', '|Δ|', 'πħ/|Δ|', '|Δ|_WKB', 'Δ/Δ_WKB'];
  const body = rows.map((r) => [
    String(r.rank),
    fmt(r.center, 12),
    formatLog10(r.log10Splitting),
    formatLog10(r.log10TunnellingTime),
    formatLog10(r.log10WkbSplitting),
    r.log10WkbSplitting === null ? '' : fmt(Math.pow(10, r.log10Splitting - r.log10WkbSplitting), 5),
  ]);
  if (values.csv) {
    io.stdout(csv(['rank', 'E_center', 'log10_abs_splitting', 'log10_tunnelling_time', 'log10_wkb_splitting'], rows.map((r) => [String(r.rank), String(r.center), String(r.log10Splitting), String(r.log10TunnellingTime), r.log10WkbSplitting === null ? '' : String(r.log10WkbSplitting)])));
    return 0;
  }
  const levels = s.levels;
  io.stdout(
    `bosonic Josephson junction: N = ${c.N}, J = ${c.J}, U = ${fmt(c.U)}, Λ = UN/2J = ${fmt(c.lambda)}\n` +
      `${levels.length} levels from ${fmt(levels[0]!.energy, 10)} to ${fmt(levels.at(-1)!.energy, 10)}; ${s.doublets.length} doublets (self-trapped pairs) from the top\n` +
      `Δ = E_odd − E_even from the parity-block flux identity; WKB: Landau–Lifshitz (ħω/π)e^{−θ}\n\n` +
      table(head, body),
  );
  return 0;
}

/** The GPU TW ensemble's ⟨z⟩ at the grid times up to tTwMax (the rest null). */
async function gpuWigner(p: JunctionParameters, c: Common, times: number[], tTwMax: number, trajectories: number, seed: number, progress: (s: string) => void): Promise<{ result: BjjTwResult; mean: (number | null)[]; standardError: (number | null)[]; device: string }> {
  const sampled = times.filter((t) => t <= tTwMax);
  const config = validateBjjTwParameters({ ...p, state: initialStates(p.N, c.kind, c.z0, c.phi0).wigner, times: sampled, trajectories, seed });
  const gpu = await requestNodeDevice();
  try {
    const device = deviceName(gpu);
    progress(`truncated Wigner on the GPU (${device}): ${trajectories} trajectories, ${config.maxSteps} RK4 steps to t = ${sampled.at(-1)}`);
    let last = 0;
    const result = await runBjjTwEnsemble(gpu.device, config, {
      onProgress: (q) => {
        const now = performance.now();
        if (now - last > 2000) {
          last = now;
          progress(`  t = ${fmt(q.time, 4)}, ${q.trajectoriesDone} of ${q.trajectories} trajectories done`);
        }
      },
    });
    const pad = <T>(xs: ArrayLike<T>) => times.map((_, i) => (i < xs.length ? (xs[i] as T) : null));
    return { result, mean: pad(Array.from(result.mean)), standardError: pad(Array.from(result.standardError)), device };
  } finally {
    gpu.release();
  }
}

async function dynamicsView(c: Common, values: Record<string, unknown>, io: CommandIo, progress: (s: string) => void): Promise<number> {
  const p: JunctionParameters = { N: c.N, J: c.J, U: c.U };
  if (c.N > 2000) throw new ParameterError('--N', c.N, 'N ≤ 2000 for dynamics', 'the eigenvectors take (N + 1)² doubles');
  if (values.distribution && c.kind === 'coherent') throw new ParameterError('--distribution', true, '--state spin-coherent or fock', 'P(z, t) needs a fixed N');
  const tMin = num('t-min', values['t-min'] as string | undefined, 0.01);
  const tMax = num('t-max', values['t-max'] as string | undefined, 1e25);
  const kappa = num('smoothing', values.smoothing as string | undefined, 0.25);
  const decades = Math.log10(tMax / tMin);
  const points = num('points', values.points as string | undefined, Math.max(2, Math.ceil(12 * (Number.isFinite(decades) ? Math.max(decades, 0) : 1)) + 1));
  checkTimeGrid(p, tMin, tMax, points, kappa);
  const backend = (values['tw-backend'] as string | undefined) ?? 'cpu';
  if (backend !== 'cpu' && backend !== 'gpu') throw new ParameterError('--tw-backend', backend, 'cpu or gpu');
  const trajectories = num('trajectories', values.trajectories as string | undefined, 400);
  // The GPU holds 2^20 trajectories a page; the CPU orbits cost ~1 ms each.
  requireInteger('--trajectories', trajectories, { min: 2, max: backend === 'gpu' ? 2 ** 26 : 1e6, minInclusive: true, maxInclusive: true });
  const seed = num('seed', values.seed as string | undefined, 1);
  requireInteger('--seed', seed, { min: 0, max: 2 ** 53 - 1, minInclusive: true, maxInclusive: true });
  if (backend === 'cpu' && values['tw-t-max'] !== undefined) throw new ParameterError('--tw-t-max', values['tw-t-max'], '--tw-backend gpu', 'the CPU orbits cover every time');
  const tTwMax = num('tw-t-max', values['tw-t-max'] as string | undefined, Math.min(tMax, 10 / c.J));
  if (!(tTwMax >= tMin)) throw new ParameterError('--tw-t-max', tTwMax, `≥ t-min = ${tMin}`, 'no grid time left for the GPU ensemble');
  const times = logTimes(tMin, tMax, points);
  const curves = imbalanceCurves({ params: p, kind: c.kind, z0: c.z0, phi0: c.phi0, smoothing: kappa, trajectories, seed, wigner: backend === 'cpu' }, times, progress);
  const gpuTw = backend === 'gpu' ? await gpuWigner(p, c, times, tTwMax, trajectories, seed, progress) : null;
  const twRaw = gpuTw ? gpuTw.mean : curves.wigner;
  const mf = { z: curves.z0, phi: c.phi0 };
  const regime = meanFieldRegime(c.lambda, mf);
  const lc = criticalLambda(curves.z0, c.phi0);
  const ev = curves.evolution;
  const dominant = ev.doublets[0];
  const summary = {
    meanFieldEnergy: meanFieldEnergy(c.lambda, mf),
    criticalLambda: lc,
    meanFieldRegime: regime,
    plateau: ev.plateau,
    trappedWeight: ev.trappedWeight,
    dominantDoublet: dominant ? { rank: dominant.rank, weight: dominant.weight, log10Splitting: dominant.log10Splitting, log10TunnellingTime: Math.log10(Math.PI) - dominant.log10Splitting } : null,
    exactRawUntil: curves.exactRawUntil,
    meanFieldRawUntil: curves.meanFieldRawUntil,
    meanFieldLongTime: curves.meanFieldOrbit.average,
  };
  const columns = ['t', 'z_exact', 'z_exact_avg', 'z_meanfield', 'z_meanfield_avg', 'z_tw', 'z_tw_avg', 'z_tw_avg_se'];
  const rows = times.map((t, i) => [
    values.csv ? String(t) : t.toExponential(3),
    fmt(curves.exact[i], 6),
    fmt(curves.exactSmoothed[i], 6),
    fmt(curves.meanField[i], 6),
    fmt(curves.meanFieldSmoothed[i], 6),
    fmt(twRaw[i], 6),
    fmt(curves.wignerSmoothed[i], 6),
    fmt(curves.wignerStandardError[i], 3),
  ]);
  if (values.json) {
    const out: Record<string, unknown> = {
      format: 'washboard.bjj',
      version: 1,
      view: 'dynamics',
      parameters: { ...header(c), preparedZ0: curves.z0, smoothing: kappa, trajectories, seed, twBackend: backend, ...(gpuTw ? { twTMax: tTwMax } : {}) },
      conventions: {
        time: 'ħ/J units of the input (ħ = 1); mean field uses τ = 2Jt/ħ internally',
        averaged: 'Gaussian window of width κt (each frequency ω damped by exp(−(ωκt)²/2))',
        wigner:
          c.kind === 'fock'
            ? 'Fock state in the Gaussian approximation (|α|² = n + ½ + ξ/2, uniform phase)'
            : c.kind === 'coherent'
              ? 'two-mode coherent state: exact Gaussian Wigner function'
              : 'coherent-state Gaussian rescaled to |α|² + |β|² = N + 1 (fixed-N approximation of the spin-coherent state)',
        raw: 'null where the raw phases are beyond their accuracy (see summary)',
        ...(gpuTw
          ? {
              wignerBackend: `GPU ensemble (${gpuTw.device}): RK4 on the Weyl equations in f32, raw ⟨z⟩ at grid times ≤ twTMax (null beyond); no window average` +
                (c.kind === 'fock' ? '; Fock relative phase from two normals (same distribution as the CPU sample)' : ''),
            }
          : {}),
      },
      summary,
      times,
      exact: curves.exact,
      exactAveraged: curves.exactSmoothed,
      meanField: curves.meanField,
      meanFieldAveraged: curves.meanFieldSmoothed,
      wigner: twRaw,
      ...(gpuTw ? { wignerRawStandardError: gpuTw.standardError, wignerTrajectorySteps: gpuTw.result.trajectorySteps, wignerWallSeconds: gpuTw.result.wallSeconds } : {}),
      wignerAveraged: curves.wignerSmoothed,
      wignerStandardError: curves.wignerStandardError,
      doublets: ev.doublets,
    };
    if (values.distribution) {
      progress('P(z, t)');
      out.distribution = { z: Array.from({ length: c.N + 1 }, (_, n) => (2 * n - c.N) / c.N), P: times.map((t) => Array.from(ev.distribution(t, kappa))) };
    }
    io.stdout(JSON.stringify(out) + '\n');
    return 0;
  }
  if (values.csv) {
    io.stdout(csv(columns, rows));
    return 0;
  }
  const dom = summary.dominantDoublet;
  io.stdout(
    `bosonic Josephson junction: N = ${c.N}, J = ${c.J}, U = ${fmt(c.U)}, Λ = ${fmt(c.lambda)}; ${c.kind} state at z₀ = ${fmt(curves.z0)}, φ₀ = ${fmt(c.phi0)}\n` +
      `mean field: H = ${fmt(summary.meanFieldEnergy)}, Λ_c = ${fmt(lc)} → ${regime}; long-time z = ${fmt(summary.meanFieldLongTime)}\n` +
      `exact: weight on doublets ${fmt(ev.trappedWeight, 4)}, plateau ⟨z⟩ = ${fmt(ev.plateau, 4)}` +
      (dom ? `; dominant doublet #${dom.rank}: |Δ| = ${formatLog10(dom.log10Splitting)}, πħ/|Δ| = ${formatLog10(dom.log10TunnellingTime)}\n` : '\n') +
      `columns: raw signals, and _avg = averaged over a Gaussian window of width ${kappa}·t; raw exact blank beyond t = ${fmt(curves.exactRawUntil, 3)}\n` +
      (gpuTw
        ? `truncated Wigner: GPU ensemble on ${gpuTw.device}, ${trajectories} trajectories, ${gpuTw.result.trajectorySteps} trajectory-steps in ${fmt(gpuTw.result.wallSeconds, 3)} s; z_tw raw to t = ${fmt(tTwMax, 4)}, no window average\n\n`
        : '\n') +
      table(columns, rows),
  );
  return 0;
}

function parseRange(text: string | undefined): number[] {
  const spec = text ?? '10:60:5';
  const m = /^(\d+):(\d+)(?::(\d+))?$/.exec(spec.trim());
  if (!m) throw new ParameterError('--N-range', spec, 'FROM:TO[:STEP] with integers', 'malformed range');
  const from = Number(m[1]);
  const to = Number(m[2]);
  const step = m[3] === undefined ? 1 : Number(m[3]);
  if (from < 1) throw new ParameterError('--N-range', spec, 'FROM ≥ 1', 'N < 1');
  if (!(to >= from) || step < 1) throw new ParameterError('--N-range', spec, 'FROM ≤ TO and STEP ≥ 1');
  if (to > 400) throw new ParameterError('--N-range', spec, 'TO ≤ 400', 'the scan evolves every N exactly');
  const Ns: number[] = [];
  for (let N = from; N <= to; N += step) Ns.push(N);
  return Ns;
}

function breakdownView(c: Common, values: Record<string, unknown>, io: CommandIo, progress: (s: string) => void): number {
  if (values.U !== undefined) throw new ParameterError('--U', values.U, '--lambda', 'the scan holds Λ fixed, so U = 2JΛ/N changes with N');
  if (c.kind === 'coherent') throw new ParameterError('--state', c.kind, 'spin-coherent or fock', 'the breakdown scan needs fixed-N states');
  const Ns = parseRange(values['N-range'] as string | undefined);
  const kappa = num('smoothing', values.smoothing as string | undefined, 0.25);
  requireInRange('--smoothing', kappa, { min: 0, max: 1, minInclusive: false, maxInclusive: true });
  const lc = criticalLambda(c.z0, c.phi0);
  if (meanFieldRegime(c.lambda, { z: c.z0, phi: c.phi0 }) !== 'self-trapped') {
    throw new ParameterError('--lambda', c.lambda, `Λ > Λ_c = ${fmt(lc)} for z₀ = ${c.z0}, φ₀ = ${c.phi0}`, 'the mean-field state is not self-trapped, so there is nothing to break down');
  }
  const points = breakdownScan(Ns, c.lambda, c.z0, c.phi0, { J: c.J, initial: c.kind, smoothing: kappa, onProgress: (N) => progress(`N = ${N} done`) });
  const keys = ['log10TunnellingTime', 'log10MeanTunnellingTime', 'log10HalfTime', 'log10FirstZero', 'log10WkbTunnellingTime', 'log10WkbAtInitialEnergy'] as const;
  const fits = Object.fromEntries(keys.map((k) => [k, fitExponentialGrowth(Ns, points.map((q: BreakdownPoint) => q[k]))]));
  const s = semiclassicalGrowthRate(c.lambda, c.z0, c.phi0);
  if (values.json) {
    io.stdout(
      JSON.stringify({
        format: 'washboard.bjj',
        version: 1,
        view: 'breakdown',
        parameters: { ...header(c), U: null, smoothing: kappa },
        definitions: {
          tunnellingTime: 'πħ/|Δ| of the dominant doublet (largest contribution to the ⟨z⟩ plateau)',
          halfTime: 'first time the window-averaged ⟨z⟩ falls to half its plateau',
          firstZero: 'first zero of the window-averaged ⟨z⟩ (= tunnellingTime/2 for a single doublet)',
          wkbTunnellingTime: 'πħ/Δ_WKB at the dominant doublet’s energy (Landau–Lifshitz)',
          meanTunnellingTime: '10^(plateau-weighted mean of log10(πħ/|Δ_j|)) over the populated doublets',
          wkbAtInitialEnergy: 'πħ/Δ_WKB at the initial state’s mean energy ⟨ψ₀|H|ψ₀⟩',
        },
        points,
        fits,
        semiclassicalGrowthRate: s,
      }) + '\n',
    );
    return 0;
  }
  const head = ['N', 'U', 'rank', 'weight', '|Δ|', 't_Δ=πħ/|Δ|', 't_WKB', 't̄_Δ', 't_WKB(⟨H⟩)', 't_½', 't₀', 'plateau'];
  const rows = points.map((q) => [
    String(q.N),
    fmt(q.U, 5),
    String(q.dominantRank),
    fmt(q.dominantWeight, 3),
    formatLog10(q.log10Splitting),
    formatLog10(q.log10TunnellingTime),
    formatLog10(q.log10WkbTunnellingTime),
    formatLog10(q.log10MeanTunnellingTime),
    formatLog10(q.log10WkbAtInitialEnergy),
    formatLog10(q.log10HalfTime),
    formatLog10(q.log10FirstZero),
    fmt(q.plateau, 4),
  ]);
  if (values.csv) {
    io.stdout(csv(['N', 'U', 'dominant_rank', 'dominant_weight', 'log10_splitting', 'log10_t_tunnel', 'log10_t_wkb', 'log10_t_tunnel_mean', 'log10_t_wkb_initial', 'log10_t_half', 'log10_t_zero', 'plateau', 'trapped_weight'], points.map((q) => [q.N, q.U, q.dominantRank, q.dominantWeight, q.log10Splitting, q.log10TunnellingTime, q.log10WkbTunnellingTime ?? '', q.log10MeanTunnellingTime, q.log10WkbAtInitialEnergy ?? '', q.log10HalfTime ?? '', q.log10FirstZero ?? '', q.plateau, q.trappedWeight].map(String))));
    return 0;
  }
  const fitLine = (name: string, k: (typeof keys)[number]) => {
    const f = fits[k]!;
    return `  ${name.padEnd(12)} d ln t/dN = ${fmt(f.rate, 4)} ± ${fmt(f.rateError, 2)}   (t ≈ ${fmt(Math.exp(f.intercept), 4)}·e^{${fmt(f.rate, 4)}N}, ${f.points} points)\n`;
  };
  io.stdout(
    `breakdown of self-trapping: Λ = ${fmt(c.lambda)} (Λ_c = ${fmt(lc)}), ${c.kind} state at z₀ = ${c.z0}, φ₀ = ${c.phi0}, J = ${c.J}; times in ħ/J\n` +
      `window κ = ${kappa}; mean field and truncated Wigner: never (each orbit keeps the sign of z)\n\n` +
      table(head, rows) +
      `\nexponential fits ln t = a + rate·N:\n` +
      fitLine('t_Δ', 'log10TunnellingTime') +
      fitLine('t_WKB', 'log10WkbTunnellingTime') +
      fitLine('t̄_Δ', 'log10MeanTunnellingTime') +
      fitLine('t_WKB(⟨H⟩)', 'log10WkbAtInitialEnergy') +
      fitLine('t_½', 'log10HalfTime') +
      fitLine('t₀', 'log10FirstZero') +
      `  semiclassical N → ∞ rate s(ε₀) = ∫₀^{z₁} arccosh[(ε₀ − Λz²/2)/√(1 − z²)] dz = ${fmt(s, 5)}\n`,
  );
  return 0;
}
