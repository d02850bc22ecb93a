/**
 * The quantum view's data and figure builders in node. The physics is tested in
 * test/physics/quantum-escape/; here: the figures carry what the view promises.
 */
import { describe, expect, it } from 'vitest';
import { computeQuantumData } from '../../src/web/views/quantum-data.js';
import { escapeTemperatureFigure, levelsFigure, rateFigure } from '../../src/web/views/quantum-figures.js';

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
});
