/**
 * T(E) of the stable BenDaniel–Duke solver against closed forms we did not derive from the code:
 * the rectangular barrier with a mass jump, the sech² (Eckart) barrier (Landau & Lifshitz, QM §25,
 * problem 4), the inverted parabola (Kemble's 1/(1 + e^{2πε}) is exact there), plus unitarity and
 * T_L→R = T_R→L over random asymmetric stacks (physics.md §11).
 */
import { describe, expect, it } from 'vitest';
import { eckartBarrier, parabolicBarrier } from '../../../src/physics/barrier/profiles.js';
import { constantStack, discretize, mirrorStack } from '../../../src/physics/barrier/structure.js';
import { scatter } from '../../../src/physics/barrier/transfer.js';

const C = 0.0380998;

/** T = 1/[cosh²κa + ((ξ − ξ⁻¹)/2)² sinh²κa], ξ = κm_w/(k m_b) (E < V₀); the oscillatory form above. */
function rectangleClosedForm(E: number, V0: number, a: number, mw: number, mb: number): number {
  const k = Math.sqrt((mw * E) / C);
  if (E < V0) {
    const kap = Math.sqrt((mb * (V0 - E)) / C);
    const xi = (kap * mw) / (k * mb);
    return 1 / (Math.cosh(kap * a) ** 2 + ((xi - 1 / xi) / 2) ** 2 * Math.sinh(kap * a) ** 2);
  }
  const q = Math.sqrt((mb * (E - V0)) / C);
  const xi = (q * mw) / (k * mb);
  return 1 / (Math.cos(q * a) ** 2 + ((xi + 1 / xi) / 2) ** 2 * Math.sin(q * a) ** 2);
}

describe('rectangular barrier with a mass jump (GaAs lead 0.067, barrier 0.092 m₀)', () => {
  const lead = { V: 0, mass: 0.067 };
  it('matches the closed form from T ≈ 0.1 down to T < 1e-40, with R + T − 1 at rounding level', () => {
    // Tolerance 1e-12 relative: the closed form itself loses ~1e-14 in cosh² + c·sinh² at large κa.
    const rows: [number, number][] = [];
    for (const a of [1, 3, 10, 20, 30, 40, 45]) {
      const st = constantStack(lead, lead, [{ thickness: a, V: 1.0, mass: 0.092 }]);
      const s = scatter(st, 0.1);
      const ref = rectangleClosedForm(0.1, 1.0, a, 0.067, 0.092);
      rows.push([ref, s.transmission / ref - 1]);
      expect(Math.abs(s.transmission / ref - 1)).toBeLessThan(1e-12);
      expect(Math.abs(s.unitarityDefect)).toBeLessThan(1e-14);
    }
    expect(rows.at(-1)![0]).toBeLessThan(1e-40);
  });

  it('matches above the barrier (oscillating form) and differs from plain ψ′ matching', () => {
    for (const E of [1.05, 1.3, 2.0]) {
      const st = constantStack(lead, lead, [{ thickness: 4, V: 1.0, mass: 0.092 }]);
      expect(Math.abs(scatter(st, E).transmission / rectangleClosedForm(E, 1.0, 4, 0.067, 0.092) - 1)).toBeLessThan(1e-12);
    }
    // Plain ψ′ continuity is the closed form with ξ = κ/k (no mass ratio): a different number.
    const st = constantStack(lead, lead, [{ thickness: 5, V: 1.0, mass: 0.092 }]);
    const plain = scatter(st, 0.1, { matching: 'plain' }).transmission;
    const k = Math.sqrt((0.067 * 0.1) / C);
    const kap = Math.sqrt((0.092 * 0.9) / C);
    const xi = kap / k;
    const plainRef = 1 / (Math.cosh(kap * 5) ** 2 + ((xi - 1 / xi) / 2) ** 2 * Math.sinh(kap * 5) ** 2);
    expect(Math.abs(plain / plainRef - 1)).toBeLessThan(1e-12);
    expect(Math.abs(plain / scatter(st, 0.1).transmission - 1)).toBeGreaterThan(0.1);
  });
});

describe('unitarity and reciprocity over random asymmetric stacks (consistency: no closed form)', () => {
  it('R + T = 1 to 1e-12 and T_L→R = T_R→L to 1e-10 relative for 200 random structures', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    let worstU = 0;
    let worstRecip = 0;
    for (let n = 0; n < 200; n++) {
      const layers = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => ({ thickness: 0.5 + 6 * rand(), V: -0.2 + 0.8 * rand(), mass: 0.04 + 0.1 * rand() }));
      const left = { V: -0.1 * rand(), mass: 0.04 + 0.1 * rand() };
      const right = { V: -0.3 * rand(), mass: 0.04 + 0.1 * rand() };
      const st = constantStack(left, right, layers);
      const E = 0.01 + 0.6 * rand();
      const s = scatter(st, E);
      const back = scatter(mirrorStack(st), E);
      worstU = Math.max(worstU, Math.abs(s.unitarityDefect), Math.abs(back.unitarityDefect));
      if (s.transmission > 1e-250) worstRecip = Math.max(worstRecip, Math.abs(back.transmission / s.transmission - 1));
    }
    expect(worstU).toBeLessThan(1e-12);
    expect(worstRecip).toBeLessThan(1e-10);
  });
});

describe('smooth profiles by slicing', () => {
  it('sech² barrier converges to the Landau–Lifshitz closed form at second order in the slice width', () => {
    const V0 = 0.3;
    const a = 2;
    const m = 0.067;
    const E = 0.15;
    const k = Math.sqrt((m * E) / C);
    const s = (m * V0 * a * a) / C; // 8mU₀/ħ²α² = 4s
    const sh = Math.sinh(Math.PI * k * a) ** 2;
    const ref = sh / (sh + Math.cosh((Math.PI / 2) * Math.sqrt(4 * s - 1)) ** 2);
    const hs = [0.2, 0.1, 0.05, 0.025];
    const errs = hs.map((h) => scatter(discretize(eckartBarrier({ height: V0, range: a, mass: m }), h), E).transmission / ref - 1);
    // Fitted order: slope of log|err| against log h (least squares).
    const xs = hs.map(Math.log);
    const ys = errs.map((e) => Math.log(Math.abs(e)));
    const mx = xs.reduce((p, q) => p + q) / xs.length;
    const my = ys.reduce((p, q) => p + q) / ys.length;
    const order = xs.reduce((acc, x, i) => acc + (x - mx) * (ys[i]! - my), 0) / xs.reduce((acc, x) => acc + (x - mx) ** 2, 0);
    expect(order).toBeGreaterThan(1.95);
    expect(order).toBeLessThan(2.05);
    expect(Math.abs(errs.at(-1)!)).toBeLessThan(2e-5);
    // Richardson on the last two slice widths removes the h² term.
    const T1 = (1 + errs[2]!) * ref;
    const T2 = (1 + errs[3]!) * ref;
    expect(Math.abs((4 * T2 - T1) / 3 / ref - 1)).toBeLessThan(1e-7);
  });

  it('inverted parabola tends to 1/(1 + e^{2π(V₀−E)/ħω}) as its truncation depth grows (error ∝ 1/depth)', () => {
    // Truncating the parabola where it meets flat leads leaves a kink whose reflection shrinks as
    // the leads' kinetic energy grows; at depth 16 eV the worst deviation is below 1e-3.
    const hw = 0.03;
    const errAt = (depth: number) => {
      const st = discretize(parabolicBarrier({ height: 0.3, hbarOmega: hw, mass: 0.067, depth }), 0.01);
      let worst = 0;
      for (const E of [0.2, 0.26, 0.3, 0.33]) {
        const exact = 1 / (1 + Math.exp((2 * Math.PI * (0.3 - E)) / hw));
        worst = Math.max(worst, Math.abs(scatter(st, E).transmission / exact - 1));
      }
      return worst;
    };
    expect(errAt(16)).toBeLessThan(1e-3);
    expect(errAt(16)).toBeLessThan(errAt(2));
  });
});
