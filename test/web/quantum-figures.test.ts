/**
 * The quantum view's data and figure builders in node. The physics is tested in
 * test/physics/quantum-escape/; here: the figures carry what the view promises.
 */
import { describe, expect, it } from 'vitest';
import { computeQuantumData, computeSwitchingWidths } from '../../src/web/views/quantum-data.js';
import { escapeTemperatureFigure, levelsFigure, rateFigure, switchingWidthFigure } from '../../src/web/views/quantum-figures.js';

describe('quantum view figures', () => {
  const d = computeQuantumData({ gamma: 0.95, Q0: 10, hbar: 0.0075 }, 12);
  it('levels sit inside the well, below the barrier top, between their turning points', () => {
    expect(d.levels.length).toBe(6);
    for (const l of d.levels) {
      expect(l.energy).toBeGreaterThan(0);
      expect(l.energy).toBeLessThan(d.barrierHeight);
      expect(l.left).toBeLessThan(0);
      expect(l.right).toBeGreaterThan(0);
    }
    expect(levelsFigure(d).data.length).toBe(1 + d.levels.length);
  });
  it('Γ(T) and T_esc curves: computed is continuous through T₀ (no gaps), the T_esc plateau lies below T₀', () => {
    const r = rateFigure(d);
    expect(r.data.length).toBe(2);
    expect(r.layout.yaxis?.type).toBe('log');
    expect(d.curve.computed.every((v) => v !== null && v > 0)).toBe(true);
    expect(d.plateau).not.toBeNull();
    expect(d.plateau! / d.theta0).toBeLessThan(1);
    expect(escapeTemperatureFigure(d).data.length).toBe(4);
  });
  it('σ(T): flat below T₀ (within 1% from 0.1 to 0.34T₀), larger at 4T₀, on log axes', () => {
    const w = computeSwitchingWidths({ gamma: 0.95, Q0: 30, hbar: 0.0175 }, 1e-8, 4);
    const f = switchingWidthFigure(w);
    expect(f.data.length).toBe(2);
    expect(f.layout.xaxis?.type).toBe('log');
    // Points at 0.1, 0.34, 1.17 and 4 T₀ (log-spaced).
    expect(Math.abs(w.computed[1]! / w.computed[0]! - 1)).toBeLessThan(0.01);
    expect(w.computed[3]! / w.computed[0]!).toBeGreaterThan(1.5);
    // Simulated points (ring polymers) are drawn as markers with their error bars, at T/T₀.
    const g = switchingWidthFigure(w, { theta: [0.5 * w.theta0, w.theta0], width: [1e-3, 2e-3], widthError: [1e-5, 2e-5], beads: 16 });
    expect(g.data.length).toBe(3);
    const sim = g.data[2] as { mode: string; x: number[]; error_y: { array: number[] } };
    expect(sim.mode).toBe('markers');
    expect(sim.x).toEqual([0.5, 1]);
    expect(sim.error_y.array).toEqual([1e-5, 2e-5]);
  });
});
