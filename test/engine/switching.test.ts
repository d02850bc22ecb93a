import { describe, expect, it } from 'vitest';
import { advanceSwitchingTrajectory, initialSwitchingState } from '../../src/models/washboard/cpu-reference.js';
import { getPipeline } from '../../src/engine/programs.js';
import { switchingStatisticsProgram } from '../../src/models/switching/model.js';
import { NOT_ESCAPED } from '../../src/models/rate/statistics.js';
import { pageStatistics, runSwitchingEnsemble, SUM_WORDS } from '../../src/models/switching/model.js';
import { RUNNING_STATE_WELLS, validateSwitchingParameters, type SwitchingParameters } from '../../src/models/switching/config.js';
import { switchingStatisticsFromSteps } from '../../src/models/switching/statistics.js';
import { philox4x32_10 } from '../../src/engine/philox.js';
import { barrierTop } from '../../src/physics/potential.js';
import { useGpu } from '../support/gpu.js';

/**
 * The ramp kernel against the f64 CPU reference with the same Philox streams, the exactness of the
 * GPU reduction, split invariance, and the switching criterion.
 */
describe('switching under a bias ramp on the GPU', () => {
  const gpu = useGpu();

  it('agrees with the CPU reference per trajectory, through the hold and the ramp', async () => {
    // 100 steps held at γ_start = 0.85, then 1900 ramp steps of 1e-5 (to γ = 0.869); ΔU/θ ≈ 3 so
    // many switch inside the window. Tolerances argued as in cpu-reference.test.ts: the in-well
    // motion contracts, so f32 and f64 paths stay within accumulated f32 rounding (≈ 1e-5 over 2000
    // steps); near the barrier top differences grow as e^{ω_b t}, which can move a switch by a few
    // steps for a few trajectories.
    const trajectories = 512;
    const config = validateSwitchingParameters({
      Q0: 10, theta: 0.03, rampRate: 2e-4, dt: 0.05, gammaStart: 0.85, gammaEnd: 0.869, holdTime: 5, trajectories, seed: 20261122,
      keepSwitchSteps: true, keepFinalStates: true, stepsPerDispatch: 500,
    });
    expect(config.holdSteps).toBe(100);
    expect(config.maxSteps).toBe(2000);
    const { statistics } = await runSwitchingEnsemble(gpu.device, config);
    const final = statistics.finalStates!;
    const approach = barrierTop(config.gammaEnd) - 0.3;
    let inWell = 0, worstPhase = 0, worstVelocity = 0, switchedCpu = 0, switchedBoth = 0, sameStep = 0, mismatch = 0;
    for (let i = 0; i < trajectories; i++) {
      let highest = -Infinity;
      const s = advanceSwitchingTrajectory(config, i, initialSwitchingState(config, i), 0, config.maxSteps, (_, st) => {
        highest = Math.max(highest, st.phase + 2 * Math.PI * st.winding);
      });
      const gpuStep = statistics.switchSteps![i]!;
      if (s.escapeStep !== NOT_ESCAPED) switchedCpu++;
      if ((s.escapeStep === NOT_ESCAPED) !== (gpuStep === NOT_ESCAPED)) mismatch++;
      if (s.escapeStep !== NOT_ESCAPED && gpuStep !== NOT_ESCAPED) {
        switchedBoth++;
        if (s.escapeStep === gpuStep) sameStep++;
      }
      if (highest < approach) {
        inWell++;
        worstPhase = Math.max(worstPhase, Math.abs(final.phase[i]! + 2 * Math.PI * final.winding[i]! - (s.phase + 2 * Math.PI * s.winding)));
        worstVelocity = Math.max(worstVelocity, Math.abs(final.velocity[i]! - s.velocity));
      }
    }
    expect(inWell).toBeGreaterThan(trajectories / 10);
    expect(switchedCpu).toBeGreaterThan(trajectories / 10);
    expect(worstPhase).toBeLessThan(2e-5);
    expect(worstVelocity).toBeLessThan(2e-5);
    expect(sameStep).toBeGreaterThanOrEqual(0.95 * switchedBoth);
    expect(mismatch).toBeLessThanOrEqual(0.01 * trajectories);
  });

  it('reduces arbitrary switching steps exactly, multi-word carries included', async () => {
    // Synthetic states straight into the reduction kernel: steps up to 2^32 − 2 make k³ ≈ 2^96, so
    // every word of the 128-bit sum and every carry path is exercised; some are held, some never switch.
    const count = 5000;
    const config = { holdSteps: 1000, stepsPerBin: 1 << 22, binCount: 1024, keepSwitchSteps: false, keepFinalStates: false };
    const steps = new Uint32Array(count);
    for (let i = 0; i < count; i++) {
      const [a, b] = philox4x32_10([i, 7, 0, 0], [12345, 678]);
      steps[i] = a % 10 === 0 ? NOT_ESCAPED : a % 10 === 1 ? b % 1001 : Math.min(b, 0xfffffffe);
    }
    const states = new Uint32Array(5 * count);
    steps.forEach((s, i) => (states[5 * i + 4] = s));
    const device = gpu.device;
    const pipeline = await getPipeline(device, switchingStatisticsProgram(64));
    const make = (data: Uint32Array<ArrayBuffer>, usage: number) => {
      const b = device.createBuffer({ size: Math.max(16, data.byteLength), usage: usage | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(b, 0, data);
      return b;
    };
    const params = make(new Uint32Array([count, config.holdSteps, config.stepsPerBin, config.binCount]), GPUBufferUsage.UNIFORM);
    const stateBuffer = make(states, GPUBufferUsage.STORAGE);
    const words = 4 * (SUM_WORDS + config.binCount);
    const out = device.createBuffer({ size: words, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    const staging = device.createBuffer({ size: words, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
    const encoder = device.createCommandEncoder();
    encoder.clearBuffer(out);
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [params, stateBuffer, out].map((buffer, binding) => ({ binding, resource: { buffer } })) }));
    pass.dispatchWorkgroups(Math.ceil(count / 64));
    pass.end();
    encoder.copyBufferToBuffer(out, 0, staging, 0, words);
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const gpuStats = pageStatistics(config, count, new Uint32Array(staging.getMappedRange().slice(0)));
    const host = switchingStatisticsFromSteps(config, steps);
    expect(host.powerSums[2]).toBeGreaterThan(2n ** 100n);
    expect(host.switchedWhileHeld).toBeGreaterThan(300);
    expect(gpuStats.switched).toBe(host.switched);
    expect(gpuStats.switchedWhileHeld).toBe(host.switchedWhileHeld);
    expect(gpuStats.powerSums).toEqual(host.powerSums);
    expect(gpuStats.counts).toEqual(host.counts);
    for (const b of [params, stateBuffer, out, staging]) b.destroy();
  });

  const base: SwitchingParameters = { Q0: 5, theta: 0.02, rampRate: 2e-4, dt: 0.05, trajectories: 3000, seed: 99, keepSwitchSteps: true };

  it('gives the same histogram, sums and switching steps however the run is split', async () => {
    const run = async (extra: Partial<SwitchingParameters>) => (await runSwitchingEnsemble(gpu.device, validateSwitchingParameters({ ...base, ...extra }))).statistics;
    const reference = await run({ pageSize: 3000, stepsPerDispatch: 40000 });
    expect(reference.switched).toBe(3000);
    for (const split of [{ pageSize: 1000, stepsPerDispatch: 4 * 37 }, { pageSize: 777, stepsPerDispatch: 1000 }, { pageSize: 64, stepsPerDispatch: 4000 }, {}]) {
      const other = await run(split);
      expect(other.powerSums).toEqual(reference.powerSums);
      expect(other.counts).toEqual(reference.counts);
      expect(other.switchedWhileHeld).toBe(reference.switchedWhileHeld);
      expect(other.switchSteps).toEqual(reference.switchSteps);
    }
    // The GPU sums equal the host's from the same per-trajectory steps.
    const config = validateSwitchingParameters(base);
    expect(switchingStatisticsFromSteps(config, reference.switchSteps!).powerSums).toEqual(reference.powerSums);
    const otherSeed = await run({ seed: 100 });
    expect(otherSeed.switchSteps).not.toEqual(reference.switchSteps);
  });

  it('chooses the switching criterion by the retrapping bias 4/(πQ₀)', () => {
    const weak = validateSwitchingParameters({ Q0: 10, theta: 0.01, rampRate: 1e-4 });
    expect(weak.gammaStart).toBeGreaterThan(4 / (Math.PI * 10));
    expect([weak.wells, weak.criterion]).toEqual([1, 'next-well']);
    const strong = validateSwitchingParameters({ Q0: 0.5, theta: 0.01, rampRate: 1e-4 });
    expect([strong.wells, strong.criterion]).toEqual([RUNNING_STATE_WELLS, 'running-state']);
    expect(validateSwitchingParameters({ Q0: 0.5, theta: 0.01, rampRate: 1e-4, wells: 1 }).warnings.join(' ')).toMatch(/retrap/);
  });

  it('above the retrapping bias, a switch runs away: K = 4 wells adds only the run-down time', async () => {
    // Same seed, same noise: each trajectory is identical up to its first arrival, so the K = 4 step
    // can only be later; a running particle (φ′ → γQ₀ ≈ 9) covers three more wells in a few τ.
    const p = { ...base, Q0: 10, trajectories: 1000, gammaStart: 0.8 };
    const one = (await runSwitchingEnsemble(gpu.device, validateSwitchingParameters({ ...p, wells: 1 }))).statistics.switchSteps!;
    const four = (await runSwitchingEnsemble(gpu.device, validateSwitchingParameters({ ...p, wells: 4 }))).statistics.switchSteps!;
    let worst = 0;
    for (let i = 0; i < one.length; i++) {
      expect(one[i]).not.toBe(NOT_ESCAPED);
      expect(four[i]!).toBeGreaterThanOrEqual(one[i]!);
      worst = Math.max(worst, four[i]! - one[i]!);
    }
    expect(worst * 0.05).toBeLessThan(20);
  });

  it('below it, escaped particles retrap: K = 1 counts phase slips that K = 10 does not', async () => {
    // Q₀ = 0.5: no running state below γ ≈ 1, every slip ends in the next well. Reaching 10 wells
    // then needs ten slips, so the switch comes much later than the first slip for most trajectories.
    const p = { ...base, Q0: 0.5, theta: 0.05, rampRate: 1e-3, trajectories: 500 };
    const one = (await runSwitchingEnsemble(gpu.device, validateSwitchingParameters({ ...p, wells: 1 }))).statistics.switchSteps!;
    const ten = (await runSwitchingEnsemble(gpu.device, validateSwitchingParameters({ ...p, wells: 10 }))).statistics.switchSteps!;
    let delayed = 0;
    for (let i = 0; i < one.length; i++) if (ten[i]! - one[i]! > 20 / 0.05) delayed++;
    expect(delayed).toBeGreaterThan(0.5 * one.length);
  });
});
