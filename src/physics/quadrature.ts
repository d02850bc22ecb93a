/**
 * Adaptive Gauss–Kronrod quadrature (7-point Gauss embedded in the 15-point Kronrod rule).
 *
 * Every integral in the theory library goes through here. Global adaptive subdivision (always
 * split the interval with the largest error estimate) copes with the endpoint square-root
 * singularities of the action integral and with the narrow Boltzmann peaks of the MFPT integrals,
 * provided callers pass the potential's extrema as breakpoints so no peak hides between nodes.
 */

// Abscissae and weights of the 15-point Kronrod rule and its embedded 7-point Gauss rule on
// [−1, 1] (standard published values; exactness to degree 22 and 13 is checked in the tests).
const KRONROD_NODES = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
  0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
  0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0.0,
] as const;
const KRONROD_WEIGHTS = [
  0.02293532201052922496373200805897, 0.063092092629978553290700663189204,
  0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
  0.16900472663926790282658342659855, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
] as const;
// Gauss weights belong to the odd-indexed Kronrod nodes 1, 3, 5 and the centre node 7.
const GAUSS_WEIGHTS = [
  0.129484966168869693270611432679082, 0.27970539148927666790146777142378,
  0.381830050505118944950369775488975, 0.417959183673469387755102040816327,
] as const;

export interface QuadratureOptions {
  /** Relative tolerance on the total; default 1e-12. */
  relTol?: number;
  /** Absolute tolerance on the total; default 0. */
  absTol?: number;
  /** Largest number of subintervals before giving up refinement; default 2000. */
  maxIntervals?: number;
  /**
   * Skip a panel between consecutive breakpoints when |f| at both its ends is below this fraction
   * of the largest |f| at any breakpoint. Only sound when f is monotone on every panel, e.g. when
   * the breakpoints include every extremum of a Boltzmann factor; then the skipped mass is at most
   * this fraction times the panel width.
   */
  negligibleEndValue?: number;
}

export interface QuadratureResult {
  value: number;
  /** Sum of the per-interval |Kronrod − Gauss| estimates (pessimistic for smooth integrands). */
  error: number;
  intervals: number;
}

interface Piece {
  a: number;
  b: number;
  value: number;
  error: number;
}

function kronrod15(f: (x: number) => number, a: number, b: number): Piece {
  const centre = 0.5 * (a + b);
  const half = 0.5 * (b - a);
  const fc = f(centre);
  let kronrod = fc * KRONROD_WEIGHTS[7];
  let gauss = fc * GAUSS_WEIGHTS[3];
  for (let i = 0; i < 7; i++) {
    const dx = half * KRONROD_NODES[i]!;
    const pair = f(centre - dx) + f(centre + dx);
    kronrod += KRONROD_WEIGHTS[i]! * pair;
    if (i % 2 === 1) gauss += GAUSS_WEIGHTS[(i - 1) / 2]! * pair;
  }
  const value = kronrod * half;
  const error = Math.abs((kronrod - gauss) * half);
  return { a, b, value, error };
}

/**
 * ∫ f over the union of [points[i], points[i+1]], refining globally. `points` must be finite and
 * increasing; interior points are where the integrand has a kink, a peak or a singular derivative.
 */
export function integrateWithError(
  f: (x: number) => number,
  points: readonly number[],
  options: QuadratureOptions = {},
): QuadratureResult {
  const relTol = options.relTol ?? 1e-12;
  const absTol = options.absTol ?? 0;
  const maxIntervals = options.maxIntervals ?? 2000;
  if (points.length < 2) throw new Error('integrate: need at least two points');
  const pieces: Piece[] = [];
  const ends = options.negligibleEndValue === undefined ? undefined : points.map((x) => Math.abs(f(x)));
  const floor = ends === undefined ? 0 : (options.negligibleEndValue ?? 0) * Math.max(...ends);
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    if (!(Number.isFinite(a) && Number.isFinite(b)) || b < a) {
      throw new Error(`integrate: breakpoints must be finite and increasing (got ${a}, ${b})`);
    }
    if (ends !== undefined && Math.max(ends[i]!, ends[i + 1]!) < floor) continue;
    if (b > a) pieces.push(kronrod15(f, a, b));
  }
  if (pieces.length === 0) return { value: 0, error: 0, intervals: 0 };
  let value = 0;
  let error = 0;
  const total = () => {
    value = 0;
    error = 0;
    for (const p of pieces) {
      value += p.value;
      error += p.error;
    }
  };
  total();
  while (pieces.length < maxIntervals && error > Math.max(absTol, relTol * Math.abs(value))) {
    let worst = 0;
    for (let i = 1; i < pieces.length; i++) if (pieces[i]!.error > pieces[worst]!.error) worst = i;
    const p = pieces[worst]!;
    const mid = 0.5 * (p.a + p.b);
    // Below this width the interval cannot be split further in f64.
    if (!(mid > p.a && mid < p.b)) break;
    pieces[worst] = kronrod15(f, p.a, mid);
    pieces.push(kronrod15(f, mid, p.b));
    total();
  }
  if (!Number.isFinite(value)) throw new Error('integrate: integrand produced a non-finite value');
  return { value, error, intervals: pieces.length };
}

/** ∫ f over [a, b] (or over breakpoints), adaptive Gauss–Kronrod; see integrateWithError. */
export function integrate(
  f: (x: number) => number,
  a: number,
  b: number,
  options: QuadratureOptions & { breakpoints?: readonly number[] } = {},
): number {
  const inner = (options.breakpoints ?? []).filter((x) => x > a && x < b);
  inner.sort((x, y) => x - y);
  return integrateWithError(f, [a, ...inner, b], options).value;
}

/**
 * Breakpoints x0 and x0 ± width·2^k inside (lo, hi). A peak of that width at x0 is then covered
 * by panels that grow geometrically away from it, so a 15-point panel never straddles a peak it
 * cannot resolve (a peak much narrower than one panel's node spacing is otherwise invisible).
 */
export function gradedBreakpoints(x0: number, width: number, lo: number, hi: number): number[] {
  const out: number[] = [];
  if (x0 > lo && x0 < hi) out.push(x0);
  if (!(width > 0)) return out;
  for (let d = width; x0 - d > lo; d *= 2) out.push(x0 - d);
  for (let d = width; x0 + d < hi; d *= 2) out.push(x0 + d);
  return out.sort((a, b) => a - b);
}

/** Root of a continuous f on [lo, hi] where f(lo) and f(hi) have opposite signs (bisection). */
export function bisect(f: (x: number) => number, lo: number, hi: number): number {
  let flo = f(lo);
  if (flo === 0) return lo;
  const fhi = f(hi);
  if (fhi === 0) return hi;
  if (Math.sign(flo) === Math.sign(fhi)) throw new Error(`bisect: root not bracketed in [${lo}, ${hi}]`);
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (!(mid > lo && mid < hi)) break;
    const fm = f(mid);
    if (fm === 0) return mid;
    if (Math.sign(fm) === Math.sign(flo)) {
      lo = mid;
      flo = fm;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}
