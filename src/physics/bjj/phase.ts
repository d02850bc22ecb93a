/**
 * ωt mod 2π for large ωt. The product is formed exactly as a double-double (Veltkamp split),
 * and 2π is subtracted as a double-double too, so that the reduced phase keeps ~1e-16 absolute
 * accuracy while ωt itself runs to ~1e15 and beyond: at t ~ 1e20 ħ/J a splitting of 1e-19 J gives
 * ωt ~ 10, but a splitting of 1e-12 J gives 1e8, where a plain f64 product would already lose
 * eight digits of the phase.
 */

const SPLITTER = 134217729; // 2^27 + 1
const TWO_PI_HI = 6.283185307179586;
const TWO_PI_LO = 2.4492935982947064e-16;

function split(a: number): [number, number] {
  const c = SPLITTER * a;
  const hi = c - (c - a);
  return [hi, a - hi];
}

/** a·b = hi + lo exactly (barring over/underflow). */
export function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  if (!Number.isFinite(p) || Math.abs(a) > 1e290 || Math.abs(b) > 1e290) return [p, 0];
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  const err = ah * bh - p + ah * bl + al * bh + al * bl;
  return [p, err];
}

/** (ω·t) reduced to [−π, π). Exact to ~1e-16 absolute while |ωt| < 2^52·2π. */
export function reducedPhase(omega: number, t: number): number {
  const [hi, lo] = twoProduct(omega, t);
  if (Math.abs(hi) < Math.PI) return hi + lo;
  const k = Math.round(hi / TWO_PI_HI);
  // hi − k·2π with k·2π_hi exact as a double-double, then the small parts.
  const [kh, kl] = twoProduct(k, TWO_PI_HI);
  let r = hi - kh; // exact by Sterbenz when hi ≈ k·2π
  r = r - kl + lo - k * TWO_PI_LO;
  if (r >= Math.PI) r -= TWO_PI_HI;
  else if (r < -Math.PI) r += TWO_PI_HI;
  return r;
}
