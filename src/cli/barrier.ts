/**
 * `washboard barrier`: transmission, reflection, semiclassics, tunnelling times, resonances and the
 * Tsu–Esaki J(V) of a one-dimensional effective-mass structure. Units: eV, nm, m₀, fs, A/cm².
 * All physics lives in src/physics/barrier; this file parses, runs and prints.
 */
import { readFileSync } from 'node:fs';
import { ParameterError, requireInRange, requireInteger } from '../physics/parameters.js';
import { algaas, material, MATERIAL_TABLE } from '../physics/barrier/materials.js';
import { doubleBarrier, eckartBarrier, parabolicBarrier, rectangularBarrier, triangularBarrier } from '../physics/barrier/profiles.js';
import { currentVoltage, findResonances } from '../physics/barrier/resonance.js';
import { semiclassical } from '../physics/barrier/semiclassics.js';
import { structureFromSpec, type StructureSpec } from '../physics/barrier/spec.js';
import { applyBias, discretize, hasSlicedSegments, mirror, type Structure } from '../physics/barrier/structure.js';
import { tunnellingTimes } from '../physics/barrier/times.js';
import { scatter } from '../physics/barrier/transfer.js';
import { parseNumber, parseOptions } from './args.js';
import type { CommandIo } from './io.js';

const OPTIONS = {
  file: { type: 'string' },
  profile: { type: 'string' },
  layers: { type: 'string' },
  height: { type: 'string' },
  width: { type: 'string' },
  well: { type: 'string' },
  width2: { type: 'string' },
  'barrier-mass': { type: 'string' },
  mass: { type: 'string' },
  barrier: { type: 'string' },
  'well-material': { type: 'string' },
  'hbar-omega': { type: 'string' },
  depth: { type: 'string' },
  range: { type: 'string' },
  field: { type: 'string' },
  bias: { type: 'string' },
  energy: { type: 'string' },
  energies: { type: 'string' },
  'max-slice': { type: 'string' },
  wkb: { type: 'boolean' },
  plain: { type: 'boolean' },
  times: { type: 'boolean' },
  resonances: { type: 'boolean' },
  'bias-sweep': { type: 'string' },
  temperature: { type: 'string' },
  fermi: { type: 'string' },
  materials: { type: 'boolean' },
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const USAGE = `usage: washboard barrier STRUCTURE [--energy START:STOP:COUNT | --energies E1,E2,...] [--wkb] [--plain]
                        [--times] [--resonances] [--bias V] [--bias-sweep START:STOP:COUNT --temperature K --fermi E_F]
                        [--max-slice NM] [--json | --csv]
  Units: energies eV, lengths nm, masses m₀, times fs, current density A/cm²; ħ²/2m₀ = 0.0380998 eV·nm².
  STRUCTURE, one of:
    --file S.json        {"left":{"material":"GaAs"},"right":{...},"layers":[{"thickness":5,"material":"Al0.3Ga0.7As"},
                          {"thickness":5,"V":0,"mass":0.067},{"thickness":10,"V0":0.3,"V1":0,"mass":0.067},
                          {"thickness":8,"points":[[0,0],[4,0.3],[8,0]],"mass":0.067}]}
    --layers "5:Al0.3Ga0.7As,5:GaAs,5:Al0.3Ga0.7As" or "T:V:MASS,..." (leads: V = 0, mass of the end layers)
    --profile rect       --height V0 --width A [--barrier-mass MB] [--mass M]   (or --barrier Al0.3Ga0.7As)
    --profile double     --barrier Al0.3Ga0.7As --width B --well W [--width2 B2]  (or --height/--barrier-mass/--mass)
    --profile parabolic  --height V0 --hbar-omega HW --mass M [--depth D]
    --profile eckart     --height V0 --range A --mass M        (V = V0/cosh²(x/A))
    --profile triangular --height PHI --field F(V/nm) --mass M (Fowler–Nordheim)
  Every row reports R+T−1 and T_R→L/T_L→R − 1 (reciprocity, nonzero only by rounding). --plain adds T with plain ψ′
  continuity (wrong where masses jump). Sliced (linear/smooth) layers report the change of T when the
  slice width is halved (max over the grid) and its fitted order.
  --materials prints the materials table with sources.
`;

type Values = ReturnType<typeof parseOptions<typeof OPTIONS>>['values'];

function numberOf(values: Values, name: keyof typeof OPTIONS, fallback?: number): number {
  const raw = values[name];
  if (raw === undefined || typeof raw !== 'string') {
    if (fallback === undefined) throw new ParameterError(`--${name}`, 'missing', 'a number', 'this profile needs it');
    return fallback;
  }
  return parseNumber(`--${name}`, raw)!;
}

function grid(name: string, text: string): number[] {
  const m = /^([^:]+):([^:]+):([^:]+)$/.exec(text.trim());
  if (!m) throw new ParameterError(name, text, 'START:STOP:COUNT');
  const a = parseNumber(name, m[1]!)!;
  const b = parseNumber(name, m[2]!)!;
  const n = parseNumber(`${name} count`, m[3]!)!;
  requireInteger(`${name} count`, n, { min: 1, max: 100000, minInclusive: true, maxInclusive: true });
  return n === 1 ? [a] : Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
}

export function structureFromOptions(values: Values): Structure {
  const given = ['file', 'profile', 'layers'].filter((k) => values[k as keyof Values] !== undefined);
  if (given.length !== 1) throw new ParameterError('structure', given.join(', ') || 'none', 'exactly one of --file, --profile, --layers');
  if (values.file) {
    let spec: StructureSpec;
    try {
      spec = JSON.parse(readFileSync(values.file, 'utf8')) as StructureSpec;
    } catch (err) {
      throw new ParameterError('--file', values.file, 'a readable JSON structure file', (err as Error).message.split('\n')[0]);
    }
    return structureFromSpec(spec);
  }
  if (values.layers) {
    const layers = values.layers.split(',').map((item, i) => {
      const parts = item.split(':');
      const where = `layer ${i + 1}`;
      const thickness = parseNumber(`${where} thickness`, parts[0] ?? '')!;
      if (parts.length === 2) return { thickness, material: parts[1]!.trim() };
      if (parts.length === 3) return { thickness, V: parseNumber(`${where} V`, parts[1]!)!, mass: parseNumber(`${where} mass`, parts[2]!)! };
      throw new ParameterError(`${where}`, item, 'THICKNESS:MATERIAL or THICKNESS:V:MASS');
    });
    return structureFromSpec({ layers });
  }
  const barrierMat = values.barrier ? material(values.barrier) : undefined;
  const wellMat = values['well-material'] ? material(values['well-material']) : algaas(0);
  const height = barrierMat ? barrierMat.bandEdge - wellMat.bandEdge : numberOf(values, 'height');
  const mass = numberOf(values, 'mass', wellMat.mass);
  const barrierMass = barrierMat ? barrierMat.mass : numberOf(values, 'barrier-mass', mass);
  switch (values.profile) {
    case 'rect':
      return rectangularBarrier({ height, width: numberOf(values, 'width'), barrierMass, leadMass: mass });
    case 'double':
      return doubleBarrier({ height, barrierWidth: numberOf(values, 'width'), barrierWidth2: numberOf(values, 'width2', numberOf(values, 'width')), wellWidth: numberOf(values, 'well'), barrierMass, wellMass: mass });
    case 'parabolic':
      return parabolicBarrier({ height, hbarOmega: numberOf(values, 'hbar-omega'), mass, depth: numberOf(values, 'depth', 1) });
    case 'eckart':
      return eckartBarrier({ height, range: numberOf(values, 'range'), mass });
    case 'triangular':
      return triangularBarrier({ height, field: numberOf(values, 'field'), mass });
    default:
      throw new ParameterError('--profile', values.profile, 'rect, double, parabolic, eckart, triangular');
  }
}

function fmt(v: number | null | undefined, digits = 6): string {
  if (v === null || v === undefined) return '';
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(digits))) : v.toExponential(digits - 1);
}

function table(header: string[], rows: string[][]): string {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padStart(w[i]!)).join('  ');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

function csvText(header: string[], rows: string[][]): string {
  return [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

function defaultEnergies(structure: Structure): number[] {
  const floor = Math.max(structure.left.V, structure.right.V);
  const stack = discretize(structure, 0.5);
  const top = Math.max(floor, ...stack.V);
  const hi = top > floor ? floor + 1.5 * (top - floor) : floor + 0.5;
  return Array.from({ length: 31 }, (_, i) => floor + ((hi - floor) * (i + 1)) / 31);
}

export async function barrierCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseOptions(argv, OPTIONS);
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (values.materials) {
    const header = ['material', 'E_c (eV)', 'm* (m0)', 'source'];
    const rows = MATERIAL_TABLE.map((m) => [m.name, fmt(m.bandEdge), fmt(m.mass), m.source]);
    io.stdout(values.json ? JSON.stringify({ format: 'washboard.barrier', version: 1, materials: MATERIAL_TABLE }, null, 2) + '\n' : values.csv ? csvText(header, rows.map((r) => r.map((c) => JSON.stringify(c)))) : table(header, rows));
    return 0;
  }
  if (values.json && values.csv) throw new ParameterError('--json/--csv', 'both', 'one output format');
  const base = structureFromOptions(values);
  const units = { energy: 'eV', length: 'nm', mass: 'm0', time: 'fs', current: 'A/cm^2', hbar2Over2m0: 0.0380998 };

  if (values['bias-sweep']) {
    const biases = grid('--bias-sweep', values['bias-sweep']);
    const sweepSlice = numberOf(values, 'max-slice', 0.2);
    requireInRange('--max-slice', sweepSlice, { min: 0 });
    const temperature = numberOf(values, 'temperature', 77);
    const fermiEnergy = numberOf(values, 'fermi', 0.02);
    requireInRange('--temperature', temperature, { min: 0 });
    requireInRange('--fermi', fermiEnergy, { min: 0, minInclusive: true });
    const t0 = performance.now();
    const jv = currentVoltage(base, biases, { temperature, fermiEnergy, maxSlice: sweepSlice });
    const elapsed = (performance.now() - t0) / 1000;
    // Slicing control: the same current at half the slice width, on up to 4 biases.
    const probe = biases.filter((_, i) => i % Math.max(1, Math.ceil(biases.length / 4)) === 0);
    const half = currentVoltage(base, probe, { temperature, fermiEnergy, maxSlice: sweepSlice / 2 });
    const sliceChange = Math.max(...half.map((h) => {
      const full = jv.find((p) => p.bias === h.bias)!;
      return h.current === 0 && full.current === 0 ? 0 : Math.abs(full.current / h.current - 1);
    }));
    const header = ['V (V)', 'J (A/cm^2)', 'resonances (eV)'];
    const rows = jv.map((p) => [fmt(p.bias), fmt(p.current), p.resonances.map((e) => fmt(e, 5)).join(' ')]);
    if (values.json) {
      io.stdout(JSON.stringify({ format: 'washboard.barrier', version: 1, units, kind: 'current-voltage', temperature, fermiEnergy, maxSlice: sweepSlice, sliceHalvingChange: sliceChange, seconds: elapsed, points: jv }, null, 2) + '\n');
    } else if (values.csv) {
      io.stdout(csvText(['bias_V', 'J_A_per_cm2'], jv.map((p) => [String(p.bias), String(p.current)])));
    } else {
      io.stdout(`# Tsu–Esaki J(V): T = ${temperature} K, E_F = ${fermiEnergy} eV above the emitter edge, bias linear across all layers\n`);
      io.stdout(`# slices ≤ ${sweepSlice} nm; halving them changes J by ≤ ${fmt(sliceChange, 2)} (relative); ${fmt(elapsed, 3)} s\n`);
      io.stdout(table(header, rows));
    }
    return 0;
  }

  const maxSlice = numberOf(values, 'max-slice', 0.05);
  requireInRange('--max-slice', maxSlice, { min: 0 });
  const bias = numberOf(values, 'bias', 0);
  const structure = applyBias(base, bias);
  const sliced = hasSlicedSegments(structure);
  const stack = discretize(structure, maxSlice);
  const mirrored = discretize(mirror(structure), maxSlice);
  const energies = values.energies
    ? values.energies.split(',').map((e) => parseNumber('--energies', e)!)
    : values.energy
      ? grid('--energy', values.energy)
      : defaultEnergies(structure);
  const rows = energies.map((E) => {
    const s = scatter(stack, E);
    const back = energies.length > 0 ? scatter(mirrored, E) : s;
    const row: Record<string, number | null> = {
      E,
      T: s.transmission,
      R: s.reflection,
      'R+T-1': s.unitarityDefect,
      // Relative, so that reciprocity is visible at T ≈ 1e-40 too.
      'T_RL/T_LR-1': s.transmission > 0 ? back.transmission / s.transmission - 1 : null,
    };
    if (values.plain) row['T_plain'] = scatter(stack, E, { matching: 'plain' }).transmission;
    if (values.wkb) {
      const sc = semiclassical(structure, E);
      row['T_WKB'] = sc.wkb;
      row['T_WKB·P'] = sc.wkbWithPrefactor;
      row['T_Kemble'] = sc.kemble;
      row['theta'] = sc.theta;
    }
    if (values.times) {
      const t = tunnellingTimes(stack, E);
      row['tau_dwell'] = t.dwell;
      row['tau_phase'] = t.phase;
      row['tau_y'] = t.larmor.tauY;
      row['tau_z'] = t.larmor.tauZ;
      row['tau_T'] = t.larmor.tauT;
    }
    return row;
  });
  let convergence: { sliceHalvingChange: number; order: number | null } | null = null;
  if (sliced) {
    const T = (h: number) => energies.map((E) => scatter(discretize(structure, h), E).transmission);
    const t1 = T(maxSlice);
    const t2 = T(maxSlice / 2);
    const t4 = T(maxSlice / 4);
    // Report the worst energy: its relative change on halving and the order fitted from three widths.
    let change = 0;
    let worst = -1;
    for (let i = 0; i < energies.length; i++) {
      if (!(t2[i]! > 0)) continue;
      const c = Math.abs(t1[i]! / t2[i]! - 1);
      if (c >= change) {
        change = c;
        worst = i;
      }
    }
    let order: number | null = null;
    if (worst >= 0) {
      const a = t1[worst]! - t2[worst]!;
      const b = t2[worst]! - t4[worst]!;
      if (a !== 0 && b !== 0) order = Math.log2(Math.abs(a / b));
    }
    convergence = { sliceHalvingChange: change, order };
  }
  const resonances = values.resonances ? findResonances(stack, { min: Math.min(...energies), max: Math.max(...energies) }) : null;
  if (values.json) {
    io.stdout(JSON.stringify({ format: 'washboard.barrier', version: 1, units, bias, matching: 'BenDaniel–Duke', layers: stack.thickness.length, convergence, rows, resonances }, null, 2) + '\n');
    return 0;
  }
  const header = Object.keys(rows[0] ?? { E: 0 });
  const cells = rows.map((r) => header.map((k) => fmt(r[k])));
  if (values.csv) {
    io.stdout(csvText(header, cells));
    return 0;
  }
  io.stdout(`# units: E in eV, lengths nm, masses m₀, times fs; BenDaniel–Duke matching; bias ${bias} V\n`);
  if (convergence) io.stdout(`# sliced layers ≤ ${maxSlice} nm: halving changes T by ≤ ${fmt(convergence.sliceHalvingChange, 2)} (relative), fitted order ${fmt(convergence.order, 3)}\n`);
  io.stdout(table(header, cells));
  if (resonances) {
    io.stdout(`\nresonances (eV): energy, peak T, FWHM, Lorentzian width\n`);
    io.stdout(table(['E_r', 'T_peak', 'FWHM', 'Gamma_Lorentz'], resonances.map((r) => [fmt(r.energy, 8), fmt(r.peakTransmission), fmt(r.fwhm, 4), fmt(r.lorentzianWidth, 4)])));
  }
  return 0;
}
