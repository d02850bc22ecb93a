/**
 * The one plotting layer of the page: every view draws a pure `Figure` (data + layout, built by a
 * figure builder that tests can call without a browser) through `drawFigure`. Plotly loads lazily
 * here, once, for all views.
 */
import type { Figure } from './plots.js';

export type { Figure };

type PlotlyModule = typeof import('plotly.js-dist-min');
let plotlyModule: Promise<PlotlyModule> | null = null;
export const loadPlotly = () =>
  (plotlyModule ??= import('plotly.js-dist-min').then((m) => (m as unknown as { default: PlotlyModule }).default ?? m));

/** Draw (or redraw) a figure into an element. */
export async function drawFigure(el: HTMLElement, figure: Figure): Promise<void> {
  const Plotly = await loadPlotly();
  await Plotly.react(el, figure.data, figure.layout, { responsive: true, displaylogo: false });
}
