/**
 * The one worker layer of the page: a view starts its worker with
 *   wrapWorker<Api>(new Worker(new URL('./x.worker.ts', import.meta.url), { type: 'module' }))
 * (the literal `new Worker(new URL(...))` must stay in the view's file for the bundler to find the
 * worker), and the worker side calls `Comlink.expose(api)`. `release` ends the worker.
 */
import * as Comlink from 'comlink';

export interface WorkerHandle<Api> {
  readonly api: Comlink.Remote<Api>;
  release(): void;
}

export function wrapWorker<Api>(worker: Worker): WorkerHandle<Api> {
  const api = Comlink.wrap<Api>(worker);
  return {
    api,
    release: () => {
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}
