/**
 * The workbench's router: one view at a time, addressed by the hash.
 * - no hash, `#/escape`: classical escape (rate, switching, sweep) — the page's original form,
 *   whose state stays in the query string so that old links keep working;
 * - `#/measured`: the same page at its measured-data (analyze) section;
 * - `#/about`: the landing overview, two sentences per tool;
 * - `#/<id>?<query>`: a view of the registry (views/registry.ts), mounted into #view-root with its
 *   own URL state (the query after the id). Views load lazily; their workers start on mount.
 */
import { VIEWS } from './views/registry.js';
import type { View } from './views/view.js';

interface Tool {
  id: string;
  title: string;
  summary: string;
}

/** The tools that live in the original page (main.ts), described like the registry's views. */
const BUILT_IN: Tool[] = [
  {
    id: 'escape',
    title: 'Classical escape',
    summary:
      'Langevin ensembles of the junction phase on your GPU: escape rates, switching histograms under a ramp and sweeps, each beside the analytic rates (Kramers, Mel’nikov–Meshkov). Use it to check a rate formula against simulation or to predict a switching experiment.',
  },
  {
    id: 'measured',
    title: 'Measured data',
    summary:
      'Load measured switching currents and get the histogram, the escape rate Γ(I) by Fulton–Dunkleberger inversion and the fitted junction parameters, as washboard analyze does. No GPU needed.',
  },
];

const views = new Map<string, View>();
let unmount: (() => void) | void = undefined;
let mountedId: string | null = null;

function parseHash(): { id: string; query: string } {
  const h = location.hash.replace(/^#\/?/, '');
  const [id = '', query = ''] = h.split('?');
  return { id, query };
}

async function loadViews(): Promise<void> {
  const loaded = await Promise.all(VIEWS.map(async (v) => (await v.load()).default));
  for (const v of loaded) views.set(v.id, v);
}

function tools(): Tool[] {
  return [...BUILT_IN, ...VIEWS.map((v) => views.get(v.id)).filter((v): v is View => v !== undefined)];
}

function renderNav(nav: HTMLElement, active: string): void {
  const link = (id: string, title: string) => `<a href="${id === 'escape' ? location.pathname + location.search : `#/${id}`}" data-view="${id}"${id === active ? ' aria-current="page"' : ''}>${title}</a>`;
  nav.innerHTML = [link('about', 'Overview'), ...tools().map((t) => link(t.id, t.title))].join('');
}

function renderAbout(root: HTMLElement): void {
  root.innerHTML = `<section class="about"><h2>The tools</h2><dl>${tools()
    .map((t) => `<dt><a href="${t.id === 'escape' ? location.pathname + location.search : `#/${t.id}`}">${t.title}</a></dt><dd>${t.summary}</dd>`)
    .join('')}</dl></section>`;
}

async function route(webgpu: () => boolean): Promise<void> {
  const { id, query } = parseHash();
  const escapeMain = document.getElementById('escape-main')!;
  const viewRoot = document.getElementById('view-root')!;
  const nav = document.getElementById('tools-nav')!;
  const active = id === '' ? 'escape' : id;
  renderNav(nav, active);
  // The no-WebGPU banner speaks for the simulations: shown on the classical-escape page only.
  document.body.dataset.view = views.has(id) || id === 'about' ? id : 'escape';
  if (mountedId !== null && mountedId !== id) {
    unmount?.();
    unmount = undefined;
    mountedId = null;
    viewRoot.innerHTML = '';
  }
  const view = views.get(id);
  if (id === 'about' || view) {
    escapeMain.hidden = true;
    viewRoot.hidden = false;
    if (id === 'about') {
      renderAbout(viewRoot);
      mountedId = 'about';
    } else if (mountedId !== id) {
      mountedId = id;
      unmount = view!.mount(viewRoot, {
        state: new URLSearchParams(query),
        setState: (s) => history.replaceState(null, '', `${location.pathname}${location.search}#/${id}${s.toString() ? `?${s}` : ''}`),
        webgpu: webgpu(),
      });
    }
    return;
  }
  // Classical escape (no hash, #/escape, or an unknown id) and measured data live in main.ts's page.
  escapeMain.hidden = false;
  viewRoot.hidden = true;
  if (id === 'measured') document.getElementById('measured-form')?.scrollIntoView();
}

/** Starts the router; `webgpu` reports whether main.ts's probe found an adapter. */
export async function startRouter(webgpu: () => boolean): Promise<void> {
  await loadViews();
  window.addEventListener('hashchange', () => void route(webgpu));
  await route(webgpu);
}
