/**
 * The slow theory curves (each switching distribution resolves Γ on thousands of biases) run here,
 * off the page's thread and apart from the engine's worker, so typing never stalls and a GPU run
 * is never held up by a quadrature.
 */
import * as Comlink from 'comlink';
import type { QuantumParameters } from '../physics/quantum.js';
import { switchingTheory, widthTheory } from './theory-curves.js';

const api = {
  switching: (p: QuantumParameters, rampRate: number) => switchingTheory(p, rampRate),
  width: (p: QuantumParameters, rampRate: number) => widthTheory(p, rampRate),
};

export type TheoryApi = typeof api;

Comlink.expose(api);
