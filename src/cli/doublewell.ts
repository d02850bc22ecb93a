/**
 * `washboard doublewell`: the symmetric double well and its dissipative two-level reduction
 * (physics.md §12). All physics lives in src/physics/double-well; this file parses and prints.
 */
import {
  coherenceDiagram,
  coherentTrace,
  describeBath,
  instantonTable,
  spectrumReport,
  spinBosonTrace,
  squareSpectrumReport,
} from '../physics/double-well/report.js';
import type { Bath, SpinBoson } from '../physics/double-well/spin-boson.js';
import { ParameterError, requireInRange, requireInteger } from '../physics/parameters.js';
import { formatNumber } from '../io/units.js';
import { parseNumber, parseOptions } from './args.js';
import type { CommandIo } from './io.js';

const OPTIONS = {
  show: { type: 'string' },
  s0: { type: 'string' },
  square: { type: 'string' },
  periods: { type: 'string' },
  steps: { type: 'string' },
  dephasing: { type: 'string' },
  alpha: { type: 'string' },
  'omega-c': { type: 'string' },
  T: { type: 'string' },
  bias: { type: 'string' },
  bath: { type: 'string' },
  lambda: { type: 'string' },
  cutoff: { type: 'string' },
  't-max': { type: 'string' },
  dt: { type: 'string' },
  heom: { type: 'boolean' },
  depth: { type: 'string' },
  matsubara: { type: 'string' },
  't-high': { type: 'string' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const SHOWS = ['spectrum', 'instanton', 'coherent', 'spin-boson', 'diagram'] as const;
type Show = (typeof SHOWS)[number];

const USAGE = `usage: washboard doublewell [--show WHAT] [options] [--json | --csv]
  V(x) = (mω²/8a²)(x² − a²)² in units ħ = m = ω = 1; S₀/ħ = (2/3)a² (physics.md §12).
  --show spectrum     (default) levels, Δ₀ by the flux identity and directly, instanton ratio
         --s0 S        S₀/ħ (default 8; the doublet must lie below the barrier top, S₀/ħ ≳ 2.8)
         --square V0,b,L   instead: square double well in a box (ħ = m = 1), barrier V0 on |x| < b, walls at ±L
  --show instanton    exact ÷ instanton splittings   --s0 LIST (default 3,4,6,8,12,16,24,32,48,64)
  --show coherent     P_L(t): two-level, Gaussian packet, and decohering (Caldeira–Leggett, Lindblad form)
         --s0 S --periods P (t_max = P·2π/Δ₀, default 2) --steps N (default 200)
         --dephasing LIST  Γ_φ/Δ₀ values (default 0.5,5)
  --show spin-boson   P(t) = ⟨σ_z⟩ by NIBA (+ hierarchy with --heom), units of Δ₀ (ħ = k_B = 1)
         --bath ohmic --alpha A --omega-c WC     (defaults 0.2, 20)
         --bath drude --lambda L --cutoff G       (defaults 0.3, 5; α = L/πG)
         --T T (default 0) --bias EPS (default 0) --t-max (default 20) --dt (default 0.1/max(cutoff, T))
         --heom [--depth L (6)] [--matsubara K (2)]   (Drude bath, T > 0)
  --show diagram      coherent–incoherent boundary T*(α) of the unbiased Ohmic NIBA, and Δ_eff/Δ₀
         --alpha LIST (default 0.05,0.1,0.2,0.3,0.4,0.5,0.6) --omega-c WC (20) --t-high T (10)
`;

function list(flag: string, text: string): number[] {
  return text.split(',').map((s) => parseNumber(flag, s)!);
}

function table(header: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((v) => (typeof v === 'number' ? formatNumber(v, 7) : v)));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => String(r[i]).length)));
  const line = (r: string[]) => r.map((v, i) => String(v).padStart(widths[i]!)).join('  ');
  return [line(header), ...cells.map((r) => line(r.map(String)))].join('\n') + '\n';
}

function csv(header: string[], rows: (string | number | null)[][]): string {
  return [header.join(','), ...rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(','))].join('\n') + '\n';
}

function json(show: Show, body: object): string {
  return JSON.stringify({ format: 'washboard.doublewell', version: 1, show, units: unitsOf(show), ...body }, null, 2) + '\n';
}

function unitsOf(show: Show): string {
  return show === 'spin-boson' || show === 'diagram' ? 'ħ = k_B = 1, frequencies and T in units of Δ₀' : 'ħ = m = ω = 1: energies in ħω, lengths in (ħ/mω)^{1/2}, t in 1/ω';
}

export async function doublewellCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values: v } = parseOptions(argv, OPTIONS);
  if (v.help) {
    io.stdout(USAGE);
    return 0;
  }
  const show = (v.show ?? 'spectrum') as Show;
  if (!SHOWS.includes(show)) throw new ParameterError('--show', v.show, SHOWS.join(', '), 'unknown view');
  if (v.json && v.csv) throw new ParameterError('--csv', true, 'one of --json, --csv', 'choose one output format');
  const num = (flag: keyof typeof OPTIONS, fallback: number): number => {
    const text = v[flag];
    return typeof text === 'string' ? parseNumber(`--${flag}`, text)! : fallback;
  };

  if (v.square && show !== 'spectrum') throw new ParameterError('--square', v.square, '--show spectrum', 'a user potential is offered for the spectrum only');
  if (show === 'spectrum' && v.square) {
    const parts = list('--square', v.square);
    if (parts.length !== 3) throw new ParameterError('--square', v.square, 'V0,b,L', 'three numbers');
    const r = squareSpectrumReport(parts[0]!, parts[1]!, parts[2]!);
    if (v.json) return io.stdout(json(show, { units: 'ħ = m = 1 (the square well is given in these units)', well: 'square', report: r })), 0;
    const rows: (string | number)[][] = [
      ['V₀', r.V0], ['b', r.b], ['L', r.L], ['grid points', r.points],
      ['E₊', r.evenEnergy], ['E₋', r.oddEnergy],
      ['Δ₀ (flux identity)', r.splitting], ['E₋ − E₊ (direct)', r.directSplitting],
    ];
    if (v.csv) return io.stdout(csv(['quantity', 'value'], rows)), 0;
    io.stdout(table(['quantity', 'value'], rows));
    return 0;
  }

  if (show === 'spectrum') {
    const r = spectrumReport(num('s0', 8));
    if (v.json) return io.stdout(json(show, { report: r })), 0;
    const rows: (string | number)[][] = [
      ['S₀/ħ', r.s0], ['a/ℓ', r.a], ['V₀/ħω', r.barrier],
      ['E₊/ħω', r.evenEnergy], ['E₋/ħω', r.oddEnergy],
      ['Δ₀/ħω (flux identity)', r.splitting], ['E₋ − E₊ (direct)', r.directSplitting],
      ['Δ₀ instanton (1 − 71ħ/72S₀)', r.instanton], ['Δ₀ instanton, leading', r.instantonLeading],
      ['exact ÷ instanton', r.exactOverInstanton],
    ];
    if (v.csv) return io.stdout(csv(['quantity', 'value'], rows)), 0;
    io.stdout(table(['quantity', 'value'], rows));
    io.stdout('\nlevels:\n' + table(['parity', 'k', 'E/ħω'], r.levels.map((l) => [l.parity, l.index, l.energy])));
    return 0;
  }

  if (show === 'instanton') {
    const actions = v.s0 ? list('--s0', v.s0) : [3, 4, 6, 8, 12, 16, 24, 32, 48, 64];
    if (actions.length > 40) throw new ParameterError('--s0', v.s0, 'at most 40 values');
    for (const s of actions) requireInRange('--s0', s, { min: 2, minInclusive: true, max: 300, maxInclusive: true });
    const rows = instantonTable(actions);
    const header = ['S0/hbar', 'exact', 'instanton_leading', 'instanton_corrected', 'exact/leading', 'exact/corrected'];
    const data = rows.map((r) => [r.s0, r.exact, r.instantonLeading, r.instanton, r.ratioLeading, r.ratio]);
    if (v.json) return io.stdout(json(show, { rows })), 0;
    if (v.csv) return io.stdout(csv(header, data)), 0;
    io.stdout(table(header, data));
    return 0;
  }

  if (show === 'coherent') {
    const s0 = num('s0', 8);
    const periods = num('periods', 2);
    const steps = num('steps', 200);
    requireInteger('--steps', steps, { min: 2, max: 20000, minInclusive: true, maxInclusive: true });
    const dephasing = v.dephasing ? list('--dephasing', v.dephasing) : [0.5, 5];
    if (dephasing.length > 6) throw new ParameterError('--dephasing', v.dephasing, 'at most 6 values');
    const r = coherentTrace(s0, periods, steps, dephasing);
    if (v.json) return io.stdout(json(show, { trace: r })), 0;
    const header = ['t', 't*Delta0', 'PL_two_level', 'PL_packet', ...r.decohering.map((d) => `PL_dephasing_${d.dephasingOverSplitting}`)];
    const data = r.t.map((t, k) => [t, t * r.splitting, r.twoLevel[k]!, r.packet[k]!, ...r.decohering.map((d) => d.PL[k]!)]);
    if (v.csv) return io.stdout(csv(header, data)), 0;
    io.stdout(`# S₀/ħ = ${s0}, Δ₀/ħω = ${formatNumber(r.splitting, 7)}; decoherence at T = ħω/4, Γ_φ = D(2x₊₋)²/ħ²\n`);
    const stride = Math.max(1, Math.floor(data.length / 40));
    io.stdout(table(header, data.filter((_, k) => k % stride === 0 || k === data.length - 1)));
    return 0;
  }

  if (show === 'spin-boson') {
    const kind = v.bath ?? 'ohmic';
    if (kind !== 'ohmic' && kind !== 'drude') throw new ParameterError('--bath', kind, 'ohmic, drude');
    const T = num('T', 0);
    const bath: Bath = kind === 'ohmic'
      ? { kind, alpha: num('alpha', 0.2), omegaC: num('omega-c', 20), temperature: T }
      : { kind, lambda: num('lambda', 0.3), gamma: num('cutoff', 5), temperature: T };
    if (bath.kind === 'drude') {
      requireInRange('--T', T, { min: 0, minInclusive: false });
      requireInRange('--lambda', bath.lambda, { min: 0, minInclusive: true });
      requireInRange('--cutoff', bath.gamma, { min: 0, minInclusive: false });
    }
    const sb: SpinBoson = { delta: 1, bias: num('bias', 0), bath };
    const cutoff = bath.kind === 'ohmic' ? bath.omegaC : bath.gamma;
    const dt = num('dt', 0.1 / Math.max(cutoff, T, 1));
    const tMax = num('t-max', 20);
    const heom = v.heom ? { depth: num('depth', 6), matsubara: num('matsubara', 2) } : undefined;
    if (heom) {
      requireInteger('--depth', heom.depth, { min: 1, max: 20, minInclusive: true, maxInclusive: true });
      requireInteger('--matsubara', heom.matsubara, { min: 0, max: 6, minInclusive: true, maxInclusive: true });
    }
    if (heom) io.stderr('doublewell: running the hierarchy…\n');
    const r = spinBosonTrace(sb, tMax, dt, heom);
    if (v.json) return io.stdout(json(show, { bath, bias: sb.bias, trace: r })), 0;
    const header = ['t', 'P_NIBA', ...(r.scaling ? ['P_scaling_limit'] : []), ...(r.heom ? ['P_HEOM'] : [])];
    const data = r.t.map((t, k) => [t, r.niba[k]!, ...(r.scaling ? [r.scaling[k]!] : []), ...(r.heom ? [r.heom[k]!] : [])]);
    if (v.csv) return io.stdout(csv(header, data)), 0;
    io.stdout(`# ${describeBath(bath)}, ε = ${sb.bias}; Δ_eff/Δ₀ = ${r.effectiveSplitting === null ? 'n/a' : formatNumber(r.effectiveSplitting, 6)}\n`);
    io.stdout(`# Bloch–Redfield: γ₁ = ${formatNumber(r.blochRedfield.relaxation, 5)}, coherence decay ${formatNumber(r.blochRedfield.coherenceDecay, 5)}, P_eq = ${formatNumber(r.blochRedfield.equilibrium, 5)}${r.heomAdos ? `; hierarchy: ${r.heomAdos} ADOs` : ''}\n`);
    const stride = Math.max(1, Math.floor(data.length / 40));
    io.stdout(table(header, data.filter((_, k) => k % stride === 0 || k === data.length - 1)));
    return 0;
  }

  // diagram
  const alphas = v.alpha ? list('--alpha', v.alpha) : [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
  if (alphas.length > 30) throw new ParameterError('--alpha', v.alpha, 'at most 30 values');
  io.stderr(`doublewell: ${alphas.length} coherence boundaries by bisection…\n`);
  const rows = coherenceDiagram(alphas, num('omega-c', 20), num('t-high', 10));
  const header = ['alpha', 'Delta_eff/Delta0', 'T*/Delta0'];
  const data = rows.map((r) => [r.alpha, r.effectiveRatio ?? (r.alpha >= 1 ? 0 : null), r.coherenceTemperature]);
  if (v.json) return io.stdout(json(show, { omegaC: num('omega-c', 20), rows })), 0;
  if (v.csv) return io.stdout(csv(header, data)), 0;
  io.stdout(table(header, data.map((r) => r.map((x) => (x === null ? 'n/a' : x)))));
  return 0;
}
