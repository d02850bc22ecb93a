/**
 * Everything the barrier view draws, computed from its form in one pure call (run in a worker):
 * the band-edge profile with |ψ|² at one energy, T(E) with WKB and Kemble, the three times against
 * width (Hartman), and the Tsu–Esaki J(V) of the double barrier.
 */
import { algaas } from '../physics/barrier/materials.js';
import { doubleBarrier, rectangularBarrier } from '../physics/barrier/profiles.js';
import { currentVoltage, findResonances, type Resonance } from '../physics/barrier/resonance.js';
import { semiclassical } from '../physics/barrier/semiclassics.js';
import { applyBias, discretize, totalThickness, type Structure } from '../physics/barrier/structure.js';
import { tunnellingTimes } from '../physics/barrier/times.js';
import { scatter, wavefunction } from '../physics/barrier/transfer.js';

export interface BarrierForm {
  kind: 'single' | 'double';
  /** Al fraction x of the AlₓGa₁₋ₓAs barriers (GaAs leads and well). */
  aluminium: number;
  barrierWidth: number;
  wellWidth: number;
  /** Energy for |ψ|² and the times (eV). */
  energy: number;
  bias: number;
  temperature: number;
  fermiEnergy: number;
}

export const DEFAULT_FORM: BarrierForm = { kind: 'double', aluminium: 0.3, barrierWidth: 5, wellWidth: 5, energy: 0.05, bias: 0, temperature: 77, fermiEnergy: 0.02 };

export interface BarrierViewData {
  form: BarrierForm;
  barrierHeight: number;
  profile: { x: number[]; V: number[]; density: number[] };
  transmission: { E: number[]; T: number[]; wkb: (number | null)[]; wkbPrefactor: (number | null)[]; kemble: (number | null)[] };
  resonances: Resonance[];
  hartman: { width: number[]; dwell: number[]; phase: number[]; tauY: number[]; tauZ: number[]; tauT: number[] } | null;
  current: { V: number[]; J: number[] } | null;
}

export function structureOf(form: BarrierForm, barrierWidth = form.barrierWidth): Structure {
  const b = algaas(form.aluminium);
  const w = algaas(0);
  return form.kind === 'double'
    ? doubleBarrier({ height: b.bandEdge, barrierWidth, wellWidth: form.wellWidth, barrierMass: b.mass, wellMass: w.mass })
    : rectangularBarrier({ height: b.bandEdge, width: barrierWidth, barrierMass: b.mass, leadMass: w.mass });
}

export function barrierViewData(form: BarrierForm): BarrierViewData {
  const base = structureOf(form);
  const structure = applyBias(base, form.bias);
  const stack = discretize(structure, 0.05);
  const height = algaas(form.aluminium).bandEdge;
  const L = totalThickness(structure);
  const xs = Array.from({ length: 401 }, (_, i) => -0.3 * L + (1.6 * L * i) / 400);
  const floor = Math.max(structure.left.V, structure.right.V);
  const psiEnergy = Math.max(form.energy, floor + 1e-6);
  const psi = wavefunction(stack, psiEnergy, xs);
  const V = xs.map((x) => {
    if (x < 0) return structure.left.V;
    if (x >= L) return structure.right.V;
    let start = 0;
    for (let j = 0; j < stack.thickness.length; j++) {
      if (x < start + stack.thickness[j]!) return stack.V[j]!;
      start += stack.thickness[j]!;
    }
    return structure.right.V;
  });
  const Emax = Math.max(floor, height) + 0.5 * Math.max(height, 0.05);
  const E = Array.from({ length: 300 }, (_, i) => floor + ((Emax - floor) * (i + 1)) / 300);
  const T = E.map((e) => scatter(stack, e).transmission);
  const sc = E.map((e) => semiclassical(structure, e));
  const resonances = findResonances(stack, { min: floor, max: Emax });
  let hartman: BarrierViewData['hartman'] = null;
  if (form.energy > floor && form.energy < height) {
    const width = Array.from({ length: 16 }, (_, i) => 0.5 + i * 0.75);
    const times = width.map((w) => tunnellingTimes(discretize(applyBias(structureOf({ ...form, kind: 'single' }, w), 0), 0.05), form.energy));
    hartman = {
      width,
      dwell: times.map((t) => t.dwell),
      phase: times.map((t) => t.phase),
      tauY: times.map((t) => t.larmor.tauY),
      tauZ: times.map((t) => t.larmor.tauZ),
      tauT: times.map((t) => t.larmor.tauT),
    };
  }
  let current: BarrierViewData['current'] = null;
  if (form.kind === 'double') {
    const biases = Array.from({ length: 41 }, (_, i) => (i * 4 * height) / 40);
    const jv = currentVoltage(base, biases, { temperature: form.temperature, fermiEnergy: form.fermiEnergy, maxSlice: 0.2 });
    current = { V: biases, J: jv.map((p) => p.current) };
  }
  return {
    form,
    barrierHeight: height,
    profile: { x: xs, V, density: Array.from(psi.density) },
    transmission: {
      E,
      T,
      wkb: sc.map((s) => (s.regions.length ? s.wkb : null)),
      wkbPrefactor: sc.map((s) => (s.regions.length ? s.wkbWithPrefactor : null)),
      kemble: sc.map((s) => s.kemble),
    },
    resonances,
    hartman,
    current,
  };
}
