// Kinetic and configurational temperature of the harmonic model at weak damping (issue 11 §1):
// x'' = −κx − x'/Q₀ + ξ, started in the GJF chain's exact stationary state, x ~ N(0, θ/κ),
// v ~ N(0, θ(1 − κΔτ²/4)), and run for `time`. A correct kernel keeps both ratios at 1; a kernel
// whose friction per step is off by a factor relaxes towards T_kin/T = (true friction)/(kernel's
// friction) on the energy relaxation time Q₀. Advisory: nothing here is asserted by a test.
// Usage: node bench/weak-damping.mjs Q0 time trajectories [dist-dir=../dist] [seed=20261207]
const [Q0, time, trajectories] = process.argv.slice(2, 5).map(Number);
const dist = process.argv[5] ?? '../dist';
const seed = Number(process.argv[6] ?? 20261207);
const { requestNodeDevice } = await import(`${dist}/engine/node-device.js`);
const { validateHarmonicParameters } = await import(`${dist}/models/harmonic/config.js`);
const { runHarmonicEnsemble, sampleMoments } = await import(`${dist}/models/harmonic/model.js`);
const gpu = await requestNodeDevice();
const kappa = 1, theta = 1, dt = 0.05;
const onSiteVelocityVariance = theta * (1 - (kappa * dt * dt) / 4);
const config = validateHarmonicParameters({
  kappa, Q0, theta, dt, time, trajectories, seed,
  initialPositionSd: Math.sqrt(theta / kappa), initialVelocitySd: Math.sqrt(onSiteVelocityVariance),
});
// The expected ratios after config.maxSteps steps of the linear chain whose friction is the exact
// 1 − a (f64), and of the one whose a is rounded to f32 (the kernel before issue 11): the mean and
// covariance propagate exactly, C ← M C Mᵀ + g gᵀ (src/models/harmonic/moments.ts), in f64.
function chainRatios(damping) {
  const b = 1 / (1 + dt / (2 * Q0)), sigma = Math.sqrt((2 * theta * dt) / Q0), h = dt / 2;
  const step = (x, v, z) => { const f = -kappa * x; const xn = x + b * dt * v + (b * dt * dt / 2) * f + (b * dt / 2) * sigma * z; return [xn, v - damping * v + h * ((1 - damping) * f - kappa * xn) + b * sigma * z]; };
  const [mxx, mvx] = step(1, 0, 0), [mxv, mvv] = step(0, 1, 0), [gx, gv] = step(0, 0, 1);
  let cxx = theta / kappa, cxv = 0, cvv = onSiteVelocityVariance;
  for (let n = 0; n < config.maxSteps; n++) {
    const ax = mxx * cxx + mxv * cxv, av = mxx * cxv + mxv * cvv, bx = mvx * cxx + mvv * cxv, bv = mvx * cxv + mvv * cvv;
    [cxx, cxv, cvv] = [ax * mxx + av * mxv + gx * gx, ax * mvx + av * mvv + gx * gv, bx * mvx + bv * mvv + gv * gv];
  }
  return { position: cxx / (theta / kappa), velocity: cvv / onSiteVelocityVariance };
}
const exactDamping = (dt / Q0) / (1 + dt / (2 * Q0)); // 1 − a = bΔτ/Q₀
const a = (1 - dt / (2 * Q0)) / (1 + dt / (2 * Q0));
const expected = { exactFriction: chainRatios(exactDamping), frictionFromF32a: chainRatios(1 - Math.fround(a)) };
const started = performance.now();
const { statistics } = await runHarmonicEnsemble(gpu.device, config);
const seconds = (performance.now() - started) / 1000;
const m = sampleMoments(statistics);
const se = Math.sqrt(2 / (trajectories - 1)); // relative standard error of a Gaussian variance
const out = {
  Q0, dt, kappa, theta, time, seed, steps: config.maxSteps, trajectories, seconds, stepsPerSecond: (trajectories * config.maxSteps) / seconds,
  clamped: statistics.clamped, adapter: gpu.adapterInfo?.description ?? gpu.adapterInfo,
  positionRatio: m.varPosition / (theta / kappa), velocityRatio: m.varVelocity / onSiteVelocityVariance, relativeStandardError: se,
  // x and v are independent in the stationary state: the mean of the two ratios has error se/√2.
  energyRatio: (m.varPosition / (theta / kappa) + m.varVelocity / onSiteVelocityVariance) / 2, energyStandardError: se / Math.SQRT2, expected,
};
console.log(JSON.stringify(out));
gpu.release?.();
process.exit(0);
