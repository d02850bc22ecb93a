/**
 * The one plotting layer of the page: every view draws a pure `Figure` (data + layout, built by a
 * figure builder that tests can call without a browser) through `drawFigure`. Plotly loads lazily
 * here, once, for all views. Every plot's toolbar exports PNG (2× scale), SVG and its data as CSV.
 */
import type { Config, PlotlyHTMLElement } from 'plotly.js-dist-min';
import { figureCsv, type Figure } from './plots.js';

export type { Figure };

type PlotlyModule = typeof import('plotly.js-dist-min');
let plotlyModule: Promise<PlotlyModule> | null = null;
export const loadPlotly = () =>
  (plotlyModule ??= import('plotly.js-dist-min').then((m) => (m as unknown as { default: PlotlyModule }).default ?? m));

/** Save text as a file (the browser's download). */
export function downloadText(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// One config object per plot name, made once: Plotly.react compares the config it is given with the
// last one, and fresh click closures on every call made it replot from scratch each time — on the
// classical page, redrawn at every progress tick, that froze the page after a run.
const configs = new Map<string, Partial<Config>>();

function plotConfig(Plotly: PlotlyModule, name: string): Partial<Config> {
  let config = configs.get(name);
  if (!config) {
    config = makeConfig(Plotly, name);
    configs.set(name, config);
  }
  return config;
}

function makeConfig(Plotly: PlotlyModule, name: string): Partial<Config> {
  const filename = `washboard-${name}`;
  return {
    responsive: true,
    displaylogo: false,
    toImageButtonOptions: { format: 'png', filename, scale: 2 },
    modeBarButtonsToAdd: [
      {
        name: 'download-svg',
        title: 'Download plot as SVG',
        icon: Plotly.Icons.camera,
        click: (gd: PlotlyHTMLElement) => void Plotly.downloadImage(gd, { format: 'svg', filename, width: null, height: null } as unknown as Parameters<PlotlyModule['downloadImage']>[1]),
      },
      {
        name: 'download-csv',
        title: 'Download data as CSV',
        icon: Plotly.Icons.disk,
        click: (gd: PlotlyHTMLElement) => downloadText(`${filename}.csv`, 'text/csv', figureCsv(gd.data as unknown as Figure['data'])),
      },
    ],
  };
}

/** Draw (or redraw) a figure into an element; `name` names its exported files (default: the element's id). */
export async function drawFigure(el: HTMLElement, figure: Figure, name?: string): Promise<void> {
  const Plotly = await loadPlotly();
  const fileName = name ?? (el.id ? el.id.replace(/^plot-/, '') : (el.dataset.plot ?? 'plot'));
  await Plotly.react(el, figure.data, figure.layout, plotConfig(Plotly, fileName));
}
