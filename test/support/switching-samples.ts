import { philox4x32_10 } from '../../src/engine/philox.js';
import { switchingDistribution } from '../../src/physics/switching.js';

/** Uniforms in (0, 1) from Philox, keyed by a seed: reproducible test draws. */
export function uniforms(count: number, seed: number): number[] {
  const out: number[] = [];
  for (let block = 0; out.length < count; block++) {
    for (const w of philox4x32_10([block, 0, 0, 0], [seed >>> 0, 0x5eed])) out.push((w + 0.5) / 2 ** 32);
  }
  return out.slice(0, count);
}

/**
 * Switching biases drawn from the Fulton–Dunkleberger law of `rate` under ramp ẋ, by inverting the
 * survival S(x) = u (ln S interpolated linearly on switchingDistribution's fine grid).
 */
export function sampleSwitching(rate: (x: number) => number, rampRate: number, from: number, to: number, count: number, seed: number): number[] {
  const d = switchingDistribution({ rate, rampRate, from, to, points: 20001 });
  const logS = d.survival.map((s) => Math.log(s));
  return uniforms(count, seed).map((u) => {
    const target = Math.log(u);
    let lo = 0;
    let hi = logS.length - 1;
    if (target <= logS[hi]!) return d.x[hi]!;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (logS[mid]! > target) lo = mid;
      else hi = mid;
    }
    const f = (target - logS[lo]!) / (logS[hi]! - logS[lo]!);
    return d.x[lo]! + f * (d.x[hi]! - d.x[lo]!);
  });
}

/** Gumbel (minimum) draws with location μ and scale β: the asymptotic switching law. */
export function sampleGumbelMin(mu: number, beta: number, count: number, seed: number): number[] {
  return uniforms(count, seed).map((u) => mu + beta * Math.log(-Math.log(u)));
}
