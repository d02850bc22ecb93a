import { describe, expect, it } from 'vitest';
import { validateEscapeParameters } from '../../src/models/rate/config.js';
import { rateReport } from '../../src/models/rate/report.js';
import { statisticsFromEscapeSteps } from '../../src/models/rate/statistics.js';
import { boltzmannConstant } from '../../src/physics/constants.js';
import { DEFAULT_FORM, validateForm } from '../../src/web/form.js';
import { arrheniusFigure, displayScales, survivalFigure, widthFigure } from '../../src/web/plots.js';
import { arrheniusTheory, type WidthTheory } from '../../src/web/theory-curves.js';

type Trace = { name?: string; x?: number[]; y?: (number | null)[] };
const trace = (data: unknown[], prefix: string) => (data as Trace[]).find((t) => t.name?.startsWith(prefix));

describe('figures', () => {
  it('show an SI junction in s⁻¹ against 1/T in K⁻¹, converted with its E_J and ω_p0', () => {
    const t = validateForm({ ...DEFAULT_FORM, units: 'si' }).theory!;
    const j = t.junction!;
    const theory = arrheniusTheory(t.p);
    const fig = arrheniusFigure(theory, t.p, displayScales(t), []);
    const mm = trace(fig.data, "Mel'nikov")!;
    expect(mm.y![10]).toBeCloseTo(theory.melnikovMeshkov[10]! * j.plasmaFrequency0, 6);
    expect(mm.x![10]).toBeCloseTo(theory.inverseTheta[10]! * (boltzmannConstant / j.josephsonEnergy), 9);
    expect(fig.layout.yaxis?.title).toEqual({ text: 'Γ (s<sup>−1</sup>)' });
  });

  it('put a run on the Arrhenius plot only at its own γ and Q₀, with its 95% interval', () => {
    const v = validateForm(DEFAULT_FORM);
    const config = validateEscapeParameters({ ...v.run!.parameters, trajectories: 100, maxTime: 100 });
    const steps = Array.from({ length: 100 }, (_, i) => 10 * i);
    const report = rateReport(config, statisticsFromEscapeSteps(config, steps), { backend: 'test', device: 'none', wallSeconds: 1 });
    const other = { ...report, parameters: { ...report.parameters, Q0: 3 } };
    const fig = arrheniusFigure(arrheniusTheory(v.theory!.p), v.theory!.p, displayScales(v.theory!), [report, other]);
    const points = (fig.data as (Trace & { error_y?: { array: number[]; arrayminus: number[] } })[]).find((t) => t.name?.startsWith('simulation'))!;
    expect(points.x).toEqual([1 / config.theta]);
    expect(points.error_y!.array[0]).toBeCloseTo(report.measured.upper - report.measured.rate, 15);
    expect(points.error_y!.arrayminus[0]).toBeCloseTo(report.measured.rate - report.measured.lower, 15);
  });

  it('survival before a run: exp(−Γ_MM τ) over the engine’s default horizon 3/Γ_MM', () => {
    const p = validateForm(DEFAULT_FORM).theory!.p;
    const fig = survivalFigure(p, null, null, null);
    const line = fig.data[0] as Trace;
    expect(line.y![line.y!.length - 1]).toBeCloseTo(Math.exp(-3), 12);
    expect(fig.data).toHaveLength(1);
  });

  it('label T₀ on a log axis at log10 of its value, as Plotly places annotations there', () => {
    const t = validateForm(DEFAULT_FORM).theory!;
    const theory: WidthTheory = { theta: [1e-3, 1e-2], width: [1e-3, 4e-3], powerLaw: [8e-4, 4e-3], plateau: 1e-3, crossoverTheta: 3e-3 };
    const fig = widthFigure(theory, t.p, displayScales(t));
    expect(fig.layout.shapes?.[0]?.x0).toBe(3e-3);
    expect(fig.layout.annotations?.[0]?.x).toBeCloseTo(Math.log10(3e-3), 12);
  });
});

describe('figureCsv (every plot\'s "Download data as CSV")', () => {
  it('writes one row per point in long form, names without HTML, nulls empty, quotes where needed', async () => {
    const { figureCsv, line } = await import('../../src/web/plots.js');
    const csv = figureCsv([line('Γ<sub>MM</sub>', [1, 2], [0.5, null], '#000'), line('a, "b"', [3], [4], '#000')]);
    expect(csv).toBe('trace,x,y\nΓMM,1,0.5\nΓMM,2,\n"a, ""b""",3,4\n');
  });
  it('a heatmap gives one row per cell with its z', async () => {
    const { figureCsv } = await import('../../src/web/plots.js');
    const csv = figureCsv([{ type: 'heatmap', name: 'P', x: [0, 1], y: [10, 20], z: [[1, 2], [3, 4]] }]);
    expect(csv.trim().split('\n')).toEqual(['trace,x,y,z', 'P,0,10,1', 'P,1,10,2', 'P,0,20,3', 'P,1,20,4']);
  });
});
