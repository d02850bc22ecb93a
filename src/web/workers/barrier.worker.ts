/** The barrier view's CPU work, off the main thread. */
import * as Comlink from 'comlink';
import { barrierViewData, type BarrierForm } from '../barrier-data.js';

const api = {
  compute(form: BarrierForm) {
    return barrierViewData(form);
  },
};

export type BarrierWorkerApi = typeof api;
Comlink.expose(api);
