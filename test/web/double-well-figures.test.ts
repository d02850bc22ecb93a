/**
 * The double-well view's figure builders, fed by the same physics the worker runs. They must show
 * the checks of docs/double-well.md: the doublet below the barrier, P_L(t) following cos²(Δ₀t/2),
 * Δ_eff/Δ₀ falling to 0 at α = 1, and T*(α) = 0 from α = ½ at T = 0.
 */
import { describe, expect, test } from 'vitest';
import { coherenceDiagram, coherentTrace, doubletWaveFunctions } from '../../src/physics/double-well/report.js';
import { effectiveSplitting } from '../../src/physics/double-well/spin-boson.js';
import { diagramFigure, effectiveSplittingFigure, leftProbabilityFigure, potentialFigure } from '../../src/web/views/double-well-figures.js';

type Trace = { name: string; x: number[]; y: (number | null)[] };

describe('double-well figures', () => {
  test('potential: V(x) and the two doublet states, drawn at E₊ < E₋ below the barrier top', () => {
    const wf = doubletWaveFunctions(8);
    const fig = potentialFigure(wf);
    expect(fig.data).toHaveLength(3);
    const v = fig.data[0] as Trace;
    const top = v.y[v.x.findIndex((x) => Math.abs(x) < 1e-12)]!;
    expect(top).toBeCloseTo(1.5, 10); // V₀ = 3S₀/16 ħω
    expect(wf.evenEnergy).toBeLessThan(wf.oddEnergy);
    expect(wf.oddEnergy).toBeLessThan(top);
  });

  test('P_L(t): the two-level curve is cos²(Δ₀t/2) on an axis in periods 2π/Δ₀', () => {
    const trace = coherentTrace(8, 1, 40, [5]);
    const fig = leftProbabilityFigure(trace);
    const two = fig.data[0] as Trace;
    two.x.forEach((p, i) => expect(two.y[i]!).toBeCloseTo(Math.cos(Math.PI * p) ** 2, 10));
    expect(fig.data).toHaveLength(3);
    expect(String((fig.data[2] as Trace).name)).toMatch(/Γ<sub>φ<\/sub> = 5Δ/);
  });

  test('Δ_eff/Δ₀ against α ends at 0 for α ≥ 1', () => {
    const alpha = [0, 0.25, 0.5, 0.75, 0.95, 1];
    const fig = effectiveSplittingFigure([{ ratio: 0.05, alpha, value: alpha.map((a) => effectiveSplitting(1, a, 20)) }]);
    const c = fig.data[0] as Trace;
    expect(c.y[0]).toBe(1);
    expect(c.y[2]!).toBeCloseTo(Math.PI / 40, 12);
    expect(c.y[5]).toBe(0);
  });

  test('diagram: a placeholder while computing, then T*(α) with T* = 0 above α = ½', () => {
    expect(diagramFigure(null, 20).data).toHaveLength(0);
    const rows = coherenceDiagram([0.2, 0.6], 20, 10);
    const fig = diagramFigure(rows, 20);
    const c = fig.data[0] as Trace;
    expect(c.y[0]!).toBeGreaterThan(0);
    expect(c.y[1]).toBe(0);
  });
});
