/** The quantum view's CPU work, off the main thread. */
import * as Comlink from 'comlink';
import { computeQuantumData, computeSwitchingWidths, type QuantumData, type QuantumInput, type SwitchingWidthData } from '../views/quantum-data.js';

const api = {
  compute(input: QuantumInput): QuantumData {
    return computeQuantumData(input);
  },
  switchingWidths(input: QuantumInput, rampRate: number): SwitchingWidthData {
    return computeSwitchingWidths(input, rampRate);
  },
};

export type QuantumWorkerApi = typeof api;
Comlink.expose(api);
