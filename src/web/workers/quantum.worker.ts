/** The quantum view's CPU work, off the main thread. */
import * as Comlink from 'comlink';
import { computeQuantumData, type QuantumData, type QuantumInput } from '../views/quantum-data.js';

const api = {
  compute(input: QuantumInput): QuantumData {
    return computeQuantumData(input);
  },
};

export type QuantumWorkerApi = typeof api;
Comlink.expose(api);
