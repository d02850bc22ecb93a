import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEscapeParameters } from '../../src/models/rate/config.js';
import { runEscapeEnsemble } from '../../src/models/rate/model.js';
import { rateReport } from '../../src/models/rate/report.js';
import { formatNumber } from '../../src/io/units.js';
import { parseRateReports } from '../../src/web/results.js';
import { useGpu } from '../support/gpu.js';
import { launchChromium, serveStatic } from './browser.js';

/**
 * The built page in a real browser: Debian's Chromium, headless, with WebGPU on its SwiftShader
 * adapter, which compiles and runs the engine's WGSL for real. The page is built with Vite and
 * served from 127.0.0.1 like any static site.
 */
const root = resolve(import.meta.dirname, '../..');
const outputDir = join(root, 'test-output', 'web');
const siteDir = join(outputDir, 'site');

/** Small enough for SwiftShader on two cores (≈ 1e7 trajectory-steps a second): about 5e6 steps. */
const RUN = { gamma: 0.9, Q0: 10, barrierOverKT: 3, trajectories: 512, seed: 20261121 };

/** Every figure's traces: name and number of points, as Plotly holds them on the element. */
async function traces(page: Page): Promise<Record<string, { name: string; points: number }[]>> {
  return page.evaluate(() => {
    const out: Record<string, { name: string; points: number }[]> = {};
    for (const el of document.querySelectorAll<HTMLElement>('.plot')) {
      const data = (el as unknown as { data?: { name?: string; x?: ArrayLike<unknown> }[] }).data ?? [];
      out[el.id] = data.map((t) => ({ name: t.name ?? '', points: t.x?.length ?? 0 }));
    }
    return out;
  });
}

const PLOTS = ['plot-survival', 'plot-arrhenius', 'plot-turnover', 'plot-escape-temperature', 'plot-switching', 'plot-width'];

async function waitForAllPlots(page: Page): Promise<void> {
  await page.waitForFunction(
    (ids) => ids.every((id) => ((document.getElementById(id) as unknown as { data?: { x?: unknown[] }[] }).data ?? []).some((t) => (t.x?.length ?? 0) > 1)),
    PLOTS,
    { timeout: 120_000 },
  );
}

describe('the web page in headless Chromium', () => {
  const gpu = useGpu();
  let browser: Browser;
  let server: Awaited<ReturnType<typeof serveStatic>>;

  beforeAll(async () => {
    mkdirSync(outputDir, { recursive: true });
    await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir: siteDir, emptyOutDir: true } });
    server = await serveStatic(siteDir);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws the theory, flags bad input, cancels, and measures the same rate as the Node engine', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1300 }, acceptDownloads: true });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(server.url);

    // Theory needs no simulation: every figure has data before anything runs.
    await waitForAllPlots(page);
    await page.waitForFunction(() => document.getElementById('gpu-status')?.dataset.state !== 'probing', null, { timeout: 60_000 });
    expect(await page.getAttribute('#gpu-status', 'data-state')).toBe('ready');
    const before = await traces(page);
    expect(before['plot-arrhenius']!.map((t) => t.name)).toEqual(expect.arrayContaining(['TST', 'Kramers', "Mel'nikov–Meshkov", 'MQT at T = 0']));

    // A bad field shows the CLI's message, goes into the URL, and blocks the run until fixed.
    await page.fill('#f-gamma', '1.5');
    expect(await page.textContent('#e-gamma')).toBe('invalid gamma = 1.5: allowed (0, 1)');
    expect(await page.isDisabled('#run')).toBe(true);
    expect(new URL(page.url()).searchParams.get('gamma')).toBe('1.5');
    await page.fill('#f-gamma', '0.9');
    expect(await page.textContent('#e-gamma')).toBe('');
    expect(await page.isEnabled('#run')).toBe(true);

    // The default run (4096 trajectories at ΔU/k_BT = 6) takes a while here: cancel it once it reports progress.
    await page.click('#run');
    await page.waitForFunction(() => /escaped/.test(document.getElementById('progress-text')?.textContent ?? ''), null, { timeout: 120_000 });
    await page.click('#cancel');
    await page.waitForFunction(() => document.getElementById('measured')?.dataset.state === 'cancelled', null, { timeout: 120_000 });
    expect(await page.isEnabled('#run')).toBe(true);

    // Now a small run, set through the fields.
    await page.fill('#f-barrier-kT', String(RUN.barrierOverKT));
    await page.fill('#f-trajectories', String(RUN.trajectories));
    await page.fill('#f-seed', String(RUN.seed));
    await page.click('#run');
    await page.waitForFunction(() => ['done', 'error'].includes(document.getElementById('measured')?.dataset.state ?? ''), null, { timeout: 240_000 });
    expect(await page.getAttribute('#measured', 'data-state')).toBe('done');
    const shownRate = Number(await page.getAttribute('#measured', 'data-rate'));
    const shownText = (await page.textContent('#measured')) ?? '';
    const firstPointMs = Number(await page.getAttribute('#measured', 'data-first-point-ms'));
    // The full report, as the user gets it: through the Export JSON button.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
    const [shown] = parseRateReports(readFileSync(await download.path(), 'utf8'));
    expect(shown!.measured.rate).toBe(shownRate);
    expect(shownText).toContain(formatNumber(shownRate, 4));
    expect(shownText).toContain(`of ${RUN.trajectories}`);

    // The same seed and parameters on the Node engine (Dawn on lavapipe, or a GPU).
    const config = validateEscapeParameters(RUN);
    const { statistics, wallSeconds } = await runEscapeEnsemble(gpu.device, config);
    const node = rateReport(config, statistics, { backend: 'gpu', device: 'node', wallSeconds });
    expect(shown!.parameters).toEqual(node.parameters);
    const moved = shown!.survival.escapesPerBin.reduce((sum, c, k) => sum + Math.abs(c - node.survival.escapesPerBin[k]!), 0);
    console.log(
      `page (${shown!.run.device}): N_esc = ${shown!.measured.escaped}, exposure = ${shown!.measured.exposure}, rate = ${shown!.measured.rate}; ` +
        `node: N_esc = ${node.measured.escaped}, exposure = ${node.measured.exposure}, rate = ${node.measured.rate}; ` +
        `Σ|Δ escapes per bin| = ${moved}; Run → first plotted point ${firstPointMs} ms`,
    );
    // Same Philox stream and the same f32 integrator, so the two runs are the same trajectories
    // but for how each implementation rounds sin and log. Inside the well the motion contracts and
    // such differences stay at rounding level; only a trajectory lingering at the barrier top can
    // be tipped across a few steps earlier or later, or sent back into the well to escape at an
    // unrelated later time (test/engine/cpu-reference.test.ts bounds these at ≤ 1% of trajectories
    // changing status and ≤ 5% of escapes changing step, for f32 against f64). So:
    //  - the escapes per survival bin agree but for the few moved ones: Σ|Δ| ≤ 2 × 5% of N_esc
    //    (runs with different seeds differ by Σ|Δ| ≈ 250–310 here, so this identifies the stream);
    //  - N_esc agrees within 1% of N;
    //  - the exposure differs only through moved trajectories, each by at most the horizon;
    //  - so the rate agrees far inside its own statistical error 1/√N_esc ≈ 5%: within 2%.
    const nEsc = node.measured.escaped;
    expect(moved).toBeLessThanOrEqual(2 * 0.05 * nEsc);
    expect(Math.abs(shown!.measured.escaped - nEsc)).toBeLessThanOrEqual(0.01 * RUN.trajectories);
    expect(Math.abs(shown!.measured.exposure - node.measured.exposure)).toBeLessThanOrEqual((moved / 2 + 1) * node.parameters.maxTime);
    expect(Math.abs(shown!.measured.rate / node.measured.rate - 1)).toBeLessThan(0.02);
    expect(firstPointMs).toBeGreaterThan(0);

    // The run landed on the plots: survival points and fit, and a point on the Arrhenius plot.
    await waitForAllPlots(page); // the switching curves are recomputed for the new temperature
    const after = await traces(page);
    expect(after['plot-survival']!.find((t) => t.name.startsWith('simulation'))?.points).toBe(config.survivalBins);
    expect(after['plot-survival']!.some((t) => t.name.startsWith('fit exp'))).toBe(true);
    expect(after['plot-arrhenius']!.find((t) => t.name.startsWith('simulation'))?.points).toBe(1);
    for (const id of PLOTS) expect(after[id]!.some((t) => t.points > 1), id).toBe(true);

    await page.screenshot({ path: join(outputDir, 'page.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('runs a small switching histogram and analyses a measured switching-current file', async () => {
    // The laptop size of issue 19 first: the switching view must hold up at 1366×768.
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // A fast ramp and few trajectories, ramped past γ = 1 so that every trajectory switches.
    const N = 256;
    await page.goto(`${server.url}?mode=switching&temperatureAs=theta&theta=0.02&hbar=0&ramp-rate=1e-3&gamma-end=1.3&trajectories=${N}&seed=7`);
    // While the worker computes the prediction: the switching and σ(T) panels show a title only.
    await page.locator('#plot-switching').screenshot({ path: join(outputDir, 'switching-1366-computing.png') });
    await page.locator('#plot-width').screenshot({ path: join(outputDir, 'width-1366-computing.png') });
    await page.waitForFunction(() => document.getElementById('gpu-status')?.dataset.state !== 'probing', null, { timeout: 60_000 });
    expect(await page.getAttribute('#gpu-status', 'data-state')).toBe('ready');
    await page.waitForFunction(() => !(document.getElementById('run') as HTMLButtonElement).disabled, null, { timeout: 60_000 });
    await page.click('#run');
    await page.waitForFunction(() => ['done', 'error'].includes(document.getElementById('measured')?.dataset.state ?? ''), null, { timeout: 240_000 });
    expect(await page.textContent('#measured')).not.toContain('Run failed');
    expect(Number(await page.getAttribute('#measured', 'data-switched'))).toBe(N);
    const histogram = await page.evaluate(() => {
      const data = (document.getElementById('plot-switching') as unknown as { data?: { name?: string; x?: number[]; customdata?: number[] }[] }).data ?? [];
      const t = data.find((d) => (d.name ?? '').startsWith('simulated histogram'));
      return t && { bins: t.x?.length ?? 0, count: (t.customdata ?? []).reduce((a, b) => a + b, 0) };
    });
    expect(histogram?.bins).toBeGreaterThan(1);
    expect(histogram?.count).toBe(N);
    // γ̇ = 1e-3 is too fast for quasi-stationary escape: the page says so beside the χ².
    expect(await page.textContent('#ramp-too-fast')).toMatch(/ramp too fast for quasi-stationary escape/);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(outputDir, 'switching-1366.png'), fullPage: true });
    await page.locator('#plot-switching').screenshot({ path: join(outputDir, 'switching-plot-1366.png') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForTimeout(500); // Plotly's responsive resize
    await page.screenshot({ path: join(outputDir, 'switching-1920.png'), fullPage: true });
    await page.locator('#plot-switching').screenshot({ path: join(outputDir, 'switching-plot-1920.png') });
    await page.setViewportSize({ width: 1600, height: 1300 });

    // A measured file needs no GPU: the analysis shows the moments, and both figures fill.
    const lines = ['I (uA)'];
    for (let i = 1; i <= 400; i++) lines.push((9.5 + 0.02 * Math.log(-Math.log(i / 401))).toFixed(6));
    await page.fill('#m-ramp-rate', '1mA/s');
    await page.fill('#m-C', '5pF');
    await page.fill('#m-R', '100ohm');
    await page.fill('#m-T', '250mK');
    await page.setInputFiles('#load-switching', { name: 'lab.txt', mimeType: 'text/plain', buffer: Buffer.from(lines.join('\n')) });
    await page.waitForFunction(() => document.getElementById('measured-analysis')?.dataset.state === 'done', null, { timeout: 60_000 });
    expect(await page.getAttribute('#measured-analysis', 'data-values')).toBe('400');
    const measured = await traces(page);
    expect(measured['plot-measured-histogram']!.some((t) => t.name.startsWith('measured') && t.points > 1)).toBe(true);
    expect(measured['plot-measured-rate']!.some((t) => t.points > 1)).toBe(true);
    // A bad flag shows the CLI's message under its field.
    await page.fill('#m-ramp-rate', 'fast');
    await page.waitForFunction(() => document.getElementById('measured-analysis')?.dataset.state === 'error', null, { timeout: 60_000 });
    expect(await page.textContent('#me-ramp-rate')).toMatch(/^invalid ramp-rate = "fast"/);

    await page.screenshot({ path: join(outputDir, 'switching.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('navigates the workbench: the overview names every tool, and each CPU view draws its figures (screenshots at 1366×768 and 1920×1080)', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${server.url}#/about`);
    await page.waitForSelector('#view-root .about dt');
    const tools = await page.$$eval('#view-root .about dt', (dts) => dts.map((d) => d.textContent));
    expect(tools).toEqual(['Classical escape', 'Measured data', expect.any(String), expect.any(String), expect.any(String), expect.any(String)]);
    expect(await page.isHidden('#escape-main')).toBe(true);
    await page.screenshot({ path: join(outputDir, 'about-1366.png'), fullPage: true });
    // Figures with data each view promises (quantum: levels, Γ(T), T_esc, σ(T); barrier: profile,
    // T(E), times, J(V); double well: potential, P_L(t), Δ_eff, diagram; bjj: at least ⟨z⟩(t) and one more).
    const expected: Record<string, number> = { quantum: 4, barrier: 4, 'double-well': 4, bjj: 2 };
    for (const [id, count] of Object.entries(expected)) {
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.goto(`${server.url}#/${id}`);
      await page.waitForFunction(
        (n) => [...document.querySelectorAll('#view-root .js-plotly-plot')].filter((el) => ((el as unknown as { data?: { x?: unknown[] }[] }).data ?? []).some((t) => (t.x?.length ?? 0) > 1)).length >= n,
        count,
        { timeout: 180_000 },
      );
      expect(await page.isHidden('#escape-main')).toBe(true);
      expect(await page.getAttribute(`#tools-nav a[data-view="${id}"]`, 'aria-current')).toBe('page');
      // Every plot's toolbar has the SVG and CSV exports beside Plotly's PNG.
      for (const title of ['Download plot as SVG', 'Download data as CSV']) {
        expect(await page.locator(`#view-root .modebar-btn[data-title="${title}"]`).count()).toBeGreaterThanOrEqual(count);
      }
      if (id === 'bjj') {
        // SwiftShader has WebGPU: the truncated-Wigner ensemble also runs on it and joins the plot.
        await page.waitForFunction(() => /truncated Wigner on the GPU: \d+ trajectories/.test(document.querySelector('.bjj-status')?.textContent ?? ''), null, { timeout: 180_000 });
        const names = await page.evaluate(() => ((document.querySelector('.bjj-imbalance') as unknown as { data?: { name?: string }[] }).data ?? []).map((t) => t.name ?? ''));
        expect(names.some((n) => n.startsWith('truncated Wigner (GPU'))).toBe(true);
      }
      if (id === 'quantum') {
        const plot = page.locator('#view-root .js-plotly-plot').nth(1);
        await plot.hover();
        const [csv] = await Promise.all([page.waitForEvent('download'), plot.locator('.modebar-btn[data-title="Download data as CSV"]').click()]);
        expect(csv.suggestedFilename()).toMatch(/^washboard-.*\.csv$/);
        expect(readFileSync((await csv.path())!, 'utf8')).toMatch(/^trace,x,y\ncomputed,/);
        await plot.hover();
        const [svg] = await Promise.all([page.waitForEvent('download'), plot.locator('.modebar-btn[data-title="Download plot as SVG"]').click()]);
        expect(svg.suggestedFilename()).toMatch(/\.svg$/);
        expect(readFileSync((await svg.path())!, 'utf8')).toContain('<svg');
      }
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(outputDir, `view-${id}-1366.png`), fullPage: true });
      await page.setViewportSize({ width: 1920, height: 1080 });
      await page.waitForTimeout(500); // Plotly's responsive resize
      await page.screenshot({ path: join(outputDir, `view-${id}-1920.png`), fullPage: true });
    }
    // Back to classical escape: the original page, its form in the query string.
    await page.click('#tools-nav a[data-view="escape"]');
    await page.waitForFunction(() => !document.getElementById('escape-main')!.hidden);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('runs a σ(T) sweep of switching runs and plots each σ beside the theory', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1300 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // Five tiny ramps across a decade of θ around 0.02; past γ = 1 every trajectory switches.
    await page.goto(`${server.url}?mode=sweep&temperatureAs=theta&theta=0.02&hbar=0&ramp-rate=1e-3&gamma-end=1.3&trajectories=64&seed=3`);
    await page.waitForFunction(() => document.getElementById('gpu-status')?.dataset.state !== 'probing', null, { timeout: 60_000 });
    await page.waitForFunction(() => !(document.getElementById('run') as HTMLButtonElement).disabled, null, { timeout: 60_000 });
    await page.click('#run');
    await page.waitForFunction(() => ['done', 'error'].includes(document.getElementById('measured')?.dataset.state ?? ''), null, { timeout: 300_000 });
    expect(await page.textContent('#measured')).toMatch(/σ ∝ T\s*n, n = /);
    expect(await page.getAttribute('#measured', 'data-sweep-points')).toBe('5');
    const simulated = await page.evaluate(() => {
      const data = (document.getElementById('plot-width') as unknown as { data?: { name?: string; x?: number[]; y?: number[] }[] }).data ?? [];
      const t = data.find((d) => (d.name ?? '').startsWith('simulation'));
      return t && { x: t.x ?? [], y: t.y ?? [] };
    });
    expect(simulated?.x).toHaveLength(5);
    // Widths grow with temperature (the classical law), point by point across the decade.
    const y = simulated!.y;
    for (let i = 1; i < y.length; i++) expect(y[i]!).toBeGreaterThan(y[i - 1]!);
    await page.screenshot({ path: join(outputDir, 'sweep.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('without WebGPU says so plainly and still draws every theory plot', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1300 } });
    // As in a browser without WebGPU: no navigator.gpu at all.
    await page.addInitScript(() => {
      delete (Navigator.prototype as unknown as { gpu?: unknown }).gpu;
    });
    await page.goto(`${server.url}?units=si`);
    await waitForAllPlots(page);
    expect(await page.isVisible('#no-webgpu')).toBe(true);
    const banner = (await page.textContent('#no-webgpu')) ?? '';
    expect(banner).toContain('No WebGPU here');
    expect(banner).toContain('--enable-unsafe-webgpu');
    expect(banner).toContain('theory plots');
    expect(await page.isDisabled('#run')).toBe(true);
    expect(await page.getAttribute('#gpu-status', 'data-state')).toBe('unavailable');
    await page.screenshot({ path: join(outputDir, 'no-webgpu.png'), fullPage: true });
    await page.close();
  });
});
