/**
 * The page is a workbench of views, one per tool. A view is its own module: it owns its form, its
 * URL state and its figures, and it draws through the shared plotting layer (../plot-layer.ts) and
 * runs slow work in a worker through the shared worker layer (../worker-layer.ts). The router
 * (../main.ts) shows one view at a time, addressed by `#/<id>?<its own query>`.
 */

/** What the router hands a mounted view. */
export interface ViewContext {
  /** This view's own URL state (the query after `#/<id>?`). */
  readonly state: URLSearchParams;
  /** Replace this view's URL state (the router writes it into the address without reloading). */
  setState(state: URLSearchParams): void;
  /** Whether `navigator.gpu` gave an adapter. Views with needsGpu false must work without it. */
  readonly webgpu: boolean;
}

/** A view module's default export. */
export interface View {
  /** Address: `#/<id>`. */
  readonly id: string;
  /** Shown in the navigation. */
  readonly title: string;
  /** Two sentences for the landing view: what the tool is for. */
  readonly summary: string;
  /** True when the view cannot do its main job without WebGPU. */
  readonly needsGpu: boolean;
  /** Build the view inside root; return a function that releases its workers and listeners. */
  mount(root: HTMLElement, ctx: ViewContext): (() => void) | void;
}
