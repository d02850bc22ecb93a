/**
 * Tunnelling times (physics.md §11; Büttiker, PRB 27, 6178 (1983); Hauge & Støvneng, RMP 61, 917
 * (1989)), all in fs, for the state incident from the left lead.
 *
 * Conventions: the "barrier region" is the whole stack, [0, L]. The incident wave is e^{ik_L x}
 * and the transmitted wave t·e^{ik_R(x−L)}, so the phase time ħ∂(arg t)/∂E is the delay between
 * the incident peak reaching x = 0 and the transmitted peak leaving x = L (free propagation
 * outside [0, L] is already subtracted). Larmor times use a uniform shift δV of the band edge over
 * [0, L] (the Zeeman energy of a field confined to the barrier): τ_y = −ħ∂(arg t)/∂V,
 * τ_z = −ħ∂(ln|t|)/∂V, τ_T = √(τ_y² + τ_z²).
 */
import { ParameterError } from '../parameters.js';
import type { Stack } from './structure.js';
import { probabilityInside, scatter, velocity } from './transfer.js';
import { HBAR_EV_FS } from './units.js';

function wrap(phase: number): number {
  return phase - 2 * Math.PI * Math.round(phase / (2 * Math.PI));
}

function shifted(stack: Stack, dV: number): Stack {
  return { ...stack, V: stack.V.map((v) => v + dV) };
}

/**
 * Central difference with one Richardson step (error O(h⁴)) of a phase-like function, whose
 * differences are taken modulo 2π so that branch jumps of arg do not enter.
 */
function phaseDerivative(f: (x: number) => number, x: number, h: number): number {
  const d = (s: number) => wrap(f(x + s) - f(x - s)) / (2 * s);
  return (4 * d(h / 2) - d(h)) / 3;
}

function plainDerivative(f: (x: number) => number, x: number, h: number): number {
  const d = (s: number) => (f(x + s) - f(x - s)) / (2 * s);
  return (4 * d(h / 2) - d(h)) / 3;
}

/** Energy step for derivatives: small against the distance to the lead edges and to narrow resonances. */
function energyStep(stack: Stack, energy: number, h?: number): number {
  const room = energy - Math.max(stack.left.V, stack.right.V);
  if (!(room > 0)) throw new ParameterError('energy', energy, `> ${Math.max(stack.left.V, stack.right.V)} eV`, 'times need propagating states in both leads');
  return Math.min(h ?? 1e-6, room / 4);
}

/** Dwell time τ_D = ∫₀ᴸ|ψ|²dx / j_in with j_in = ħk_L/m_L (incident amplitude 1). */
export function dwellTime(stack: Stack, energy: number): number {
  energyStep(stack, energy);
  const s = scatter(stack, energy);
  return probabilityInside(stack, energy) / velocity(s.kLeft, stack.left.mass);
}

/** Phase (Wigner) time ħ ∂(arg t)/∂E. */
export function phaseTime(stack: Stack, energy: number, h?: number): number {
  const step = energyStep(stack, energy, h);
  return HBAR_EV_FS * phaseDerivative((E) => scatter(stack, E).logT.im, energy, step);
}

/** Phase time of reflection ħ ∂(arg r)/∂E (reference plane x = 0). */
export function reflectionPhaseTime(stack: Stack, energy: number, h?: number): number {
  const step = energyStep(stack, energy, h);
  return HBAR_EV_FS * phaseDerivative((E) => {
    const r = scatter(stack, E).r;
    return Math.atan2(r.im, r.re);
  }, energy, step);
}

export interface LarmorTimes {
  /** τ_y for transmitted particles: −ħ∂(arg t)/∂V. */
  tauY: number;
  /** τ_z for transmitted particles: −ħ∂ln|t|/∂V. */
  tauZ: number;
  /** Büttiker's traversal time √(τ_y² + τ_z²). */
  tauT: number;
  /** τ_y for reflected particles: −ħ∂(arg r)/∂V. */
  tauYReflected: number;
  tauZReflected: number;
}

export function larmorTimes(stack: Stack, energy: number, h = 1e-6): LarmorTimes {
  energyStep(stack, energy);
  const at = (dV: number) => scatter(shifted(stack, dV), energy);
  const cache = new Map<number, ReturnType<typeof at>>();
  const get = (dV: number) => {
    let v = cache.get(dV);
    if (!v) cache.set(dV, (v = at(dV)));
    return v;
  };
  const tauY = -HBAR_EV_FS * phaseDerivative((dV) => get(dV).logT.im, 0, h);
  const tauZ = -HBAR_EV_FS * plainDerivative((dV) => get(dV).logT.re, 0, h);
  const tauYReflected = -HBAR_EV_FS * phaseDerivative((dV) => {
    const r = get(dV).r;
    return Math.atan2(r.im, r.re);
  }, 0, h);
  const tauZReflected = -HBAR_EV_FS * plainDerivative((dV) => {
    const r = get(dV).r;
    return 0.5 * Math.log(r.re * r.re + r.im * r.im);
  }, 0, h);
  return { tauY, tauZ, tauT: Math.hypot(tauY, tauZ), tauYReflected, tauZReflected };
}

export interface TunnellingTimes {
  energy: number;
  dwell: number;
  phase: number;
  larmor: LarmorTimes;
  /** Time to cross [0, L] at the incident group velocity (classical reference, fs). */
  freeTraversal: number;
}

export function tunnellingTimes(stack: Stack, energy: number): TunnellingTimes {
  const s = scatter(stack, energy);
  const L = stack.thickness.reduce((a, b) => a + b, 0);
  return {
    energy,
    dwell: dwellTime(stack, energy),
    phase: phaseTime(stack, energy),
    larmor: larmorTimes(stack, energy),
    freeTraversal: L / velocity(s.kLeft, stack.left.mass),
  };
}
