/**
 * An independent, time-dependent check of the phase time: a Gaussian packet evolved by
 * Crank–Nicolson through the same barrier, and the mean arrival time of its transmitted flux at a
 * detector behind the barrier, compared with the same packet in free space on the same grid (so
 * that the lattice and Crank–Nicolson dispersion cancel to first order).
 *
 * H = −(ħ²/2) d/dx (1/m*) d/dx + V on a uniform grid (masses on the half-points, i.e. the
 * BenDaniel–Duke operator); (1 + iΔtH/2ħ)ψⁿ⁺¹ = (1 − iΔtH/2ħ)ψⁿ solved by the Thomas algorithm
 * with the LU factors computed once. Hard walls far away; the run ends before any wall echo can
 * reach the detector.
 */
import { HBAR2_OVER_2M0, HBAR_EV_FS, HBAR_OVER_M0 } from './units.js';

export interface PacketSetup {
  /** Band edge V(x) (eV) and mass m*(x) (m₀); the barrier occupies [0, L]. */
  potential: (x: number) => number;
  mass: (x: number) => number;
  barrierLength: number;
  /** Central energy above the (flat, V = 0) incident lead (eV). */
  energy: number;
  /** Position spread of the initial packet (nm); the energy spread is ≈ 2E·(1/2σ_x)/k₀. */
  sigmaX: number;
  /** Mass of the incident lead (m₀). */
  leadMass: number;
  dx?: number;
  dt?: number;
  /** Detector distance behind the barrier (nm). */
  detectorGap?: number;
}

export interface PacketResult {
  /** ⟨t⟩ at the detector with the barrier, minus without it (fs). */
  delay: number;
  /** ∫j dt at the detector with the barrier (the packet's transmission probability). */
  transmittedProbability: number;
  /** Energy spread σ_E of the initial packet (eV). */
  energySpread: number;
  x0: number;
  detector: number;
  grid: { dx: number; dt: number; points: number; steps: number };
}

interface Run {
  arrival: number;
  transmitted: number;
}

function evolve(V: Float64Array, mHalf: Float64Array, psi0re: Float64Array, psi0im: Float64Array, dx: number, dt: number, steps: number, detector: number, massAtDetector: number): Run {
  const n = V.length;
  // H ψ_j = −C₀[(ψ_{j+1} − ψ_j)/m_{j+½} − (ψ_j − ψ_{j−1})/m_{j−½}]/dx² + V_j ψ_j, with C₀ = ħ²/2m₀.
  const c = HBAR2_OVER_2M0 / (dx * dx);
  const off = new Float64Array(n); // H_{j,j+1} = −c/m_{j+½}
  const diag = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const mp = j < n - 1 ? mHalf[j]! : mHalf[n - 2]!;
    const mm = j > 0 ? mHalf[j - 1]! : mHalf[0]!;
    diag[j] = c / mp + c / mm + V[j]!;
    off[j] = j < n - 1 ? -c / mp : 0;
  }
  const a = dt / (2 * HBAR_EV_FS); // (1 + i a H)
  // Thomas LU of A = 1 + iaH: A_jj = 1 + i a diag_j, A_{j,j+1} = A_{j+1,j} = i a off_j (complex).
  const cpRe = new Float64Array(n);
  const cpIm = new Float64Array(n);
  const invRe = new Float64Array(n);
  const invIm = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let br = 1;
    let bi = a * diag[j]!;
    if (j > 0) {
      // b − a_j c'_{j−1}, a_j = i a off_{j−1}
      const lr = 0;
      const li = a * off[j - 1]!;
      br -= lr * cpRe[j - 1]! - li * cpIm[j - 1]!;
      bi -= lr * cpIm[j - 1]! + li * cpRe[j - 1]!;
    }
    const d = br * br + bi * bi;
    invRe[j] = br / d;
    invIm[j] = -bi / d;
    // c'_j = (i a off_j) / b
    const ur = 0;
    const ui = a * off[j]!;
    cpRe[j] = ur * invRe[j]! - ui * invIm[j]!;
    cpIm[j] = ur * invIm[j]! + ui * invRe[j]!;
  }
  let re = psi0re.slice();
  let im = psi0im.slice();
  let rr = new Float64Array(n);
  let ri = new Float64Array(n);
  let tSum = 0;
  let jSum = 0;
  const k = detector;
  const fluxScale = HBAR_OVER_M0 / massAtDetector / dx;
  let prev = fluxScale * (re[k]! * im[k + 1]! - im[k]! * re[k + 1]!);
  for (let step = 1; step <= steps; step++) {
    // One pass: rhs = (1 − iaH)ψ, then the forward sweep d′_j = (rhs_j − a_j d′_{j−1})/b′_j.
    let pr = 0;
    let pi = 0;
    for (let j = 0; j < n; j++) {
      let hr = diag[j]! * re[j]!;
      let hi = diag[j]! * im[j]!;
      if (j > 0) {
        hr += off[j - 1]! * re[j - 1]!;
        hi += off[j - 1]! * im[j - 1]!;
      }
      if (j < n - 1) {
        hr += off[j]! * re[j + 1]!;
        hi += off[j]! * im[j + 1]!;
      }
      let xr = re[j]! + a * hi;
      let xi = im[j]! - a * hr;
      if (j > 0) {
        const li = a * off[j - 1]!;
        xr += li * pi;
        xi -= li * pr;
      }
      pr = xr * invRe[j]! - xi * invIm[j]!;
      pi = xr * invIm[j]! + xi * invRe[j]!;
      rr[j] = pr;
      ri[j] = pi;
    }
    for (let j = n - 2; j >= 0; j--) {
      const xr = rr[j + 1]!;
      const xi = ri[j + 1]!;
      rr[j] = rr[j]! - (cpRe[j]! * xr - cpIm[j]! * xi);
      ri[j] = ri[j]! - (cpRe[j]! * xi + cpIm[j]! * xr);
    }
    const tr = re;
    const ti = im;
    re = rr;
    im = ri;
    rr = tr;
    ri = ti;
    const now = fluxScale * (re[k]! * im[k + 1]! - im[k]! * re[k + 1]!);
    // trapezoid in time for ∫j dt and ∫t j dt
    tSum += 0.5 * dt * ((step - 1) * dt * prev + step * dt * now);
    jSum += 0.5 * dt * (prev + now);
    prev = now;
  }
  return { arrival: tSum / jSum, transmitted: jSum };
}

export function wavePacketDelay(setup: PacketSetup): PacketResult {
  const dx = setup.dx ?? 0.1;
  const m0 = setup.leadMass;
  const k0 = Math.sqrt((m0 * setup.energy) / HBAR2_OVER_2M0);
  const sigma = setup.sigmaX;
  const gap = setup.detectorGap ?? 20;
  const L = setup.barrierLength;
  const x0 = -6 * sigma;
  const detectorX = L + gap;
  // The slowest significant component (k₀ − 4σ_k) must pass the detector with its tail.
  const sigmaK = 1 / (2 * sigma);
  const vSlow = (HBAR_OVER_M0 * (k0 - 4 * sigmaK)) / m0;
  const tEnd = (detectorX - x0 + 6 * sigma) / vSlow;
  const vFast = (HBAR_OVER_M0 * (k0 + 4 * sigmaK)) / m0;
  // Walls: the reflected and transmitted packets must not bring an echo back to the detector by tEnd.
  const xMin = x0 - 6 * sigma - 0.5 * vFast * tEnd;
  const xMax = detectorX + 0.5 * vFast * tEnd + 6 * sigma;
  const n = Math.ceil((xMax - xMin) / dx) + 1;
  const dt = setup.dt ?? 0.05 * HBAR_EV_FS / setup.energy;
  const steps = Math.ceil(tEnd / dt);
  const xs = Float64Array.from({ length: n }, (_, j) => xMin + j * dx);
  const detector = Math.round((detectorX - xMin) / dx);
  const psiRe = new Float64Array(n);
  const psiIm = new Float64Array(n);
  const norm = Math.pow(2 * Math.PI * sigma * sigma, -0.25);
  for (let j = 0; j < n; j++) {
    const u = xs[j]! - x0;
    const amp = norm * Math.exp(-(u * u) / (4 * sigma * sigma));
    psiRe[j] = amp * Math.cos(k0 * u);
    psiIm[j] = amp * Math.sin(k0 * u);
  }
  const half = (f: (x: number) => number) => Float64Array.from({ length: n - 1 }, (_, j) => f(xs[j]! + 0.5 * dx));
  const withBarrier = evolve(
    Float64Array.from(xs, (x) => setup.potential(x)),
    half(setup.mass),
    psiRe,
    psiIm,
    dx,
    dt,
    steps,
    detector,
    setup.mass(detectorX),
  );
  const free = evolve(new Float64Array(n), new Float64Array(n - 1).fill(m0), psiRe, psiIm, dx, dt, steps, detector, m0);
  return {
    delay: withBarrier.arrival - free.arrival,
    transmittedProbability: withBarrier.transmitted,
    energySpread: (2 * setup.energy * sigmaK) / k0,
    x0,
    detector: xs[detector]! + 0.5 * dx,
    grid: { dx, dt, points: n, steps },
  };
}

/**
 * What stationary scattering predicts for the same packet: each component k arrives at
 * (x_d − x₀ − L)/v(k) + τ_φ(k), weighted by |φ(k)|²T(k), minus the free arrival (x_d − x₀)/v(k)
 * weighted by |φ(k)|². With σ_E → 0 this tends to τ_φ(E₀) − L/v₀.
 */
export function stationaryDelay(
  phaseTimeAt: (E: number) => number,
  transmissionAt: (E: number) => number,
  setup: { energy: number; sigmaX: number; leadMass: number; barrierLength: number; x0: number; detector: number },
): number {
  const m = setup.leadMass;
  const k0 = Math.sqrt((m * setup.energy) / HBAR2_OVER_2M0);
  const sk = 1 / (2 * setup.sigmaX);
  let wT = 0;
  let tT = 0;
  let w0 = 0;
  let t0 = 0;
  const N = 400;
  for (let i = 0; i <= N; i++) {
    const k = k0 + sk * (-6 + (12 * i) / N);
    if (k <= 0) continue;
    const E = (HBAR2_OVER_2M0 * k * k) / m;
    const v = (HBAR_OVER_M0 * k) / m;
    const weight = Math.exp(-2 * setup.sigmaX * setup.sigmaX * (k - k0) * (k - k0)) * (i === 0 || i === N ? 0.5 : 1);
    const T = transmissionAt(E);
    wT += weight * T;
    tT += weight * T * ((setup.detector - setup.x0 - setup.barrierLength) / v + phaseTimeAt(E));
    w0 += weight;
    t0 += (weight * (setup.detector - setup.x0)) / v;
  }
  return tT / wT - t0 / w0;
}
