/**
 * The barrier view's data and figure builders in node: what each figure shows, and that the data
 * behind them carries the physics the view promises (a resonance with T ≈ 1, NDR in J(V), times
 * that saturate with width). The numbers themselves are validated in test/physics/barrier.
 */
import { describe, expect, it } from 'vitest';
import { barrierViewData, DEFAULT_FORM } from '../../src/web/barrier-data.js';
import { currentFigure, profileFigure, timesFigure, transmissionFigure } from '../../src/web/barrier-figures.js';
import { formFromState } from '../../src/web/views/barrier.js';

describe('barrier view', () => {
  const data = barrierViewData(DEFAULT_FORM);

  it('profile with |ψ|² on a second axis', () => {
    const f = profileFigure(data);
    expect(f.data.length).toBe(3);
    expect((f.data[2] as { yaxis?: string }).yaxis).toBe('y2');
    expect(Math.max(...data.profile.V)).toBeCloseTo(data.barrierHeight, 12);
  });

  it('T(E) on a log axis with WKB, prefactor and Kemble curves, and the resonance noted', () => {
    const f = transmissionFigure(data);
    expect(f.layout.yaxis?.type).toBe('log');
    expect(f.data.map((d) => d.name)).toEqual(['exact (BenDaniel–Duke)', 'WKB e<sup>−2θ</sup>', 'WKB with prefactor', 'Kemble 1/(1+e<sup>2θ</sup>)']);
    expect(data.resonances[0]!.peakTransmission).toBeGreaterThan(0.999);
    expect(String(f.layout.annotations?.[0]?.text)).toMatch(/resonances/);
  });

  it('times against width: five curves; the phase time saturates (Hartman) while width grows', () => {
    const f = timesFigure(data);
    expect(f.data.length).toBe(5);
    const h = data.hartman!;
    const n = h.width.length;
    expect(Math.abs(h.phase[n - 1]! / h.phase[n - 2]! - 1)).toBeLessThan(1e-3);
  });

  it('J(V) of the double barrier shows negative differential resistance', () => {
    const f = currentFigure(data);
    expect(f.data.length).toBe(1);
    const J = data.current!.J;
    const peak = J.indexOf(Math.max(...J.slice(0, 25)));
    expect(J[peak + 3]!).toBeLessThan(J[peak]!);
  });

  it('reads its form from the URL and falls back to defaults', () => {
    const f = formFromState(new URLSearchParams('kind=single&barrierWidth=3&energy=abc'));
    expect(f.kind).toBe('single');
    expect(f.barrierWidth).toBe(3);
    expect(f.energy).toBe(DEFAULT_FORM.energy);
    expect(currentFigure(barrierViewData({ ...f, energy: 0.1 })).data.length).toBe(0);
  });
});
