/**
 * The double-well view's CPU work (Numerov levels, the master-equation propagator, NIBA bisections)
 * off the page's thread.
 */
import * as Comlink from 'comlink';
import { coherenceDiagram, coherentTrace, doubletWaveFunctions } from '../../physics/double-well/report.js';
import { effectiveSplitting } from '../../physics/double-well/spin-boson.js';

function effectiveCurves(ratios: number[]) {
  const alpha = Array.from({ length: 100 }, (_, i) => i / 100);
  return ratios.map((ratio) => ({
    ratio,
    alpha: [...alpha, 1, 1.05],
    value: [
      ...alpha.map((a) => {
        try {
          return effectiveSplitting(1, a, 1 / ratio);
        } catch {
          return null;
        }
      }),
      0,
      0,
    ],
  }));
}

const api = {
  waveFunctions: (s0: number) => doubletWaveFunctions(s0),
  coherent: (s0: number, periods: number, dephasing: number[]) => coherentTrace(s0, periods, Math.max(200, Math.ceil(60 * periods)), dephasing),
  effective: (ratios: number[]) => effectiveCurves(ratios),
  diagram: (alphas: number[], omegaC: number, tHigh: number) => coherenceDiagram(alphas, omegaC, tHigh),
};

export type DoubleWellApi = typeof api;

Comlink.expose(api);
