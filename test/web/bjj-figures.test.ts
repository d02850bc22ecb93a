import { describe, expect, it } from 'vitest';
import { bjjApi } from '../../src/web/bjj-compute.js';
import { breakdownFigure, distributionFigure, imbalanceFigure, portraitFigure, spectrumFigure } from '../../src/web/views/bjj-figures.js';
import { requestFromState } from '../../src/web/views/bjj.js';

describe('bosonic-junction view (figure builders and worker API in node)', () => {
  const request = { ...requestFromState(new URLSearchParams('N=12&points=300&trajectories=20')) };

  it('dynamics → ⟨z⟩(t) on a log axis with exact, mean field and TW, and the spectrum with doublets', () => {
    const out = bjjApi.dynamics(request);
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const fig = imbalanceFigure(out.value, request.smoothing);
    expect(fig.layout.xaxis?.type).toBe('log');
    expect(fig.data.map((d) => d.name)).toEqual([
      'exact (raw)',
      'exact, window κt (κ = 0.25)',
      'mean field, same window',
      'truncated Wigner (CPU), same window',
    ]);
    // With the GPU ensemble's raw ⟨z⟩ (what the view adds where WebGPU exists): one more trace.
    const withGpu = imbalanceFigure(out.value, request.smoothing, { times: [0.1, 0.2], mean: [0.6, 0.59], trajectories: 4096 });
    expect(withGpu.data.at(-1)?.name).toBe('truncated Wigner (GPU, 4096 trajectories), raw');
    const heat = distributionFigure(out.value);
    const z = (heat.data[0] as { z: number[][] }).z;
    expect(z).toHaveLength(13); // rows: z_n, n = 0 … N
    // each column (one time) is a probability distribution
    for (const col of [0, 150, 299]) expect(z.reduce((a, row) => a + row[col]!, 0)).toBeCloseTo(1, 9);
    const spec = spectrumFigure(out.value);
    expect(spec.layout.yaxis?.type).toBe('log');
    expect((spec.data[2] as { x: number[] }).x.length).toBe(out.value.doublets.length);
  });

  it('bad input comes back as the CLI’s message, not an exception', () => {
    const out = bjjApi.dynamics({ ...request, points: 20 });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatch(/cannot resolve/);
    const z = bjjApi.dynamics({ ...request, z0: 1.5 });
    expect(z.ok).toBe(false);
  });

  it('phase portrait: separatrix on both sides, orbits without chords across φ = ±π', () => {
    const p = bjjApi.portrait(15, 0.6, 0);
    const fig = portraitFigure(p);
    expect(fig.data.filter((d) => (d.name ?? '').startsWith('separatrix'))).toHaveLength(2);
    for (const d of fig.data) {
      const x = (d as { x: (number | null)[] }).x;
      for (let i = 1; i < x.length; i++) if (x[i] !== null && x[i - 1] !== null) expect(Math.abs(x[i]! - x[i - 1]!)).toBeLessThan(Math.PI);
    }
  });

  it('breakdown scan → log-scale times against N with the fit', () => {
    const out = bjjApi.breakdown(10, 20, 5, 15, 0.6, 0, 'spin-coherent');
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const fig = breakdownFigure(out.value);
    expect(fig.layout.yaxis?.type).toBe('log');
    expect(fig.data).toHaveLength(6);
  });
});
