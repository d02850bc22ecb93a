/**
 * The ring-polymer model on the engine (docs/ring-polymer.md): one polymer of P ≤ 32 beads per
 * invocation, its normal modes in registers; never finished early; reduced on the device to exact
 * fixed-point sums of the centroid φ̄, φ̄², the bead second moment m₂ = (1/P)Σ_j φ_j², m₂², the mean
 * bead force f̄ = (1/P)Σ_j f(φ_j) and f̄².
 *
 * The kernel is specialised per configuration: P, the potential, the normal-mode matrix and the
 * per-mode step coefficients are WGSL constants generated here (the uniform declarations have no
 * arrays, and compile-time P lets the compiler unroll the bead loops and keep the polymer in
 * registers). So a model object is made per configuration, its id naming P and a digest of the
 * constants (the engine's pipeline-cache key), and runs with equal constants share pipelines.
 */
import { signed64, type EnsembleModel } from '../../engine/model.js';
import { runEnsemble, type RunOptions, type RunResult } from '../../engine/ensemble.js';
import { ringPolymerDynamics, ringPolymerState, ringPolymerStatistics, wideSum } from '../../engine/wgsl.generated.js';
import { ringPolymerCoefficients } from './coefficients.js';
import type { RingPolymerConfig } from './config.js';

/** Units of the fixed-point sums (shaders/models/ring-polymer/ring_polymer_statistics.wgsl). */
export const FIXED_POINT = 2 ** 20;

/** Philox counter word 1 of the model's noise: distinct from rate (0, 1), switching (2, 3) and harmonic (4, 5). */
export const RING_POLYMER_STREAMS = { steps: 8, initialState: 9 } as const;

export interface RingPolymerStatistics {
  trajectories: number;
  /** Σφ̄, Σφ̄², Σm₂, Σm₂², Σf̄, Σf̄² in units of 2⁻²⁰ (each value rounded once). */
  sums: Record<SumName, bigint>;
  clamped: number;
  /** Each polymer's final normal modes (q̃, p̃ at [n·P + k]), only with keepFinalStates. */
  finalStates?: { modePosition: Float64Array; modeMomentum: Float64Array };
}

/** The sums in the order of the statistics words (two words each), then the clamped count. */
const SUM_NAMES = ['centroid', 'centroidSquared', 'beadSecondMoment', 'beadSecondMomentSquared', 'meanForce', 'meanForceSquared'] as const;
type SumName = (typeof SUM_NAMES)[number];
const STATISTICS_WORDS = 2 * SUM_NAMES.length + 1;

export function emptyRingPolymerStatistics(): RingPolymerStatistics {
  return { trajectories: 0, sums: Object.fromEntries(SUM_NAMES.map((k) => [k, 0n])) as Record<SumName, bigint>, clamped: 0 };
}


/** A WGSL f32 literal of x (rounded once to f32, which is what the kernel computes with). */
const f32Literal = (x: number) => {
  const s = String(Math.fround(x));
  return /[.eE]/.test(s) ? s : `${s}.0`;
};
const f32Array = (name: string, values: ArrayLike<number>) =>
  `const ${name} = array<f32, ${values.length}>(${Array.from(values, f32Literal).join(', ')});`;

/** The generated constants: P for the State, and the potential and step coefficients for the dynamics. */
export function ringPolymerConstants(config: RingPolymerConfig): { state: string; dynamics: string } {
  const c = ringPolymerCoefficients(config);
  const P = config.beads;
  return {
    state: `const BEADS: u32 = ${P}u;\nconst SQRT_BEADS: f32 = ${f32Literal(Math.sqrt(P))};`,
    dynamics: [
      `const POTENTIAL: u32 = ${config.potential === 'harmonic' ? 0 : 1}u;`,
      f32Array('MODES', c.modes),
      f32Array('ROTATION_COS', c.rotationCos),
      f32Array('ROTATION_SIN_OVER_OMEGA', c.rotationSinOverOmega),
      f32Array('ROTATION_OMEGA_SIN', c.rotationOmegaSin),
      f32Array('THERMOSTAT_DAMPING', c.thermostatDamping),
      f32Array('THERMOSTAT_NOISE', c.thermostatNoise),
    ].join('\n'),
  };
}

/** FNV-1a, 32 bits: a short name for the constants in the pipeline-cache key. */
function digest(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

const models = new Map<string, EnsembleModel<RingPolymerConfig, RingPolymerStatistics>>();

/** The model for this configuration's constants (one object, and so one set of pipelines, per set of constants). */
export function ringPolymerModel(config: RingPolymerConfig): EnsembleModel<RingPolymerConfig, RingPolymerStatistics> {
  const constants = ringPolymerConstants(config);
  const id = `ring-polymer-P${config.beads}-${digest(constants.state + constants.dynamics)}`;
  let model = models.get(id);
  if (model) return model;
  const P = config.beads;
  const stateWords = 3 * P + 1;
  model = {
    id,
    kernel: {
      streams: RING_POLYMER_STREAMS,
      parameters: [
        { name: 'omega0_squared', type: 'f32', doc: 'ω₀² of the harmonic well (POTENTIAL 0)' },
        { name: 'bias', type: 'f32', doc: 'γ = I/I_c of the washboard (POTENTIAL 1)' },
        { name: 'half_step', type: 'f32', doc: 'Δt/2, the B kick' },
        { name: 'initial_centroid', type: 'f32' },
        { name: 'initial_centroid_sd', type: 'f32' },
        { name: 'centroid_momentum_sd', type: 'f32', doc: '(Pθ)^{1/2}: the centroid mode momentum at θ_P' },
        { name: 'centroid_mobility', type: 'f32', doc: '1: free centroid; 0: constrained (p̃_0 held at 0)' },
      ],
      libraries: [],
      state: `${constants.state}\n${ringPolymerState}`,
      dynamics: `${constants.dynamics}\n${ringPolymerDynamics}`,
      reduce: { parameters: [{ name: 'trajectory_count', type: 'u32' }], libraries: [wideSum], source: ringPolymerStatistics },
    },
    stateWords,
    modelParameters(c) {
      return {
        omega0_squared: c.omega0Squared, bias: c.gamma, half_step: c.dt / 2,
        initial_centroid: c.initialCentroid, initial_centroid_sd: c.initialCentroidSd, centroid_momentum_sd: Math.sqrt(c.beads * c.theta),
        centroid_mobility: c.constrainCentroid ? 0 : 1,
      };
    },
    reduceParameters: (_c, count) => ({ trajectory_count: count }),
    statisticsWords: () => STATISTICS_WORDS,
    decode(_c, count, words) {
      return {
        trajectories: count,
        sums: Object.fromEntries(SUM_NAMES.map((k, i) => [k, signed64(words, 2 * i)])) as Record<SumName, bigint>,
        clamped: words[STATISTICS_WORDS - 1]!,
      };
    },
    keepsStates: (c) => c.keepFinalStates,
    decodeStates(_c, count, states, statistics) {
      const f = new Float32Array(states);
      const q = new Float64Array(count * P);
      const p = new Float64Array(count * P);
      for (let n = 0; n < count; n++) {
        for (let k = 0; k < P; k++) {
          q[n * P + k] = f[stateWords * n + k]!;
          p[n * P + k] = f[stateWords * n + P + k]!;
        }
      }
      statistics.finalStates = { modePosition: q, modeMomentum: p };
    },
    empty: emptyRingPolymerStatistics,
    accumulate(into, part) {
      into.trajectories += part.trajectories;
      into.clamped += part.clamped;
      for (const k of SUM_NAMES) into.sums[k] += part.sums[k];
      if (part.finalStates) {
        const join = (a: Float64Array | undefined, b: Float64Array) => (a ? Float64Array.from([...a, ...b]) : b);
        into.finalStates = { modePosition: join(into.finalStates?.modePosition, part.finalStates.modePosition), modeMomentum: join(into.finalStates?.modeMomentum, part.finalStates.modeMomentum) };
      }
    },
    finishedCount: () => 0,
  };
  models.set(id, model);
  return model;
}

export function runRingPolymerEnsemble(device: GPUDevice, config: RingPolymerConfig, options: RunOptions<RingPolymerStatistics> = {}): Promise<RunResult<RingPolymerStatistics>> {
  return runEnsemble(device, ringPolymerModel(config), config, options);
}

/**
 * Sample estimates from the exact sums (independent polymers), with standard errors from the sums of squares:
 * ⟨φ̄²⟩ − ⟨φ̄⟩² (centroid variance) and ⟨m₂⟩ − ⟨φ̄⟩² (bead variance: ⟨φ_j⟩ = ⟨φ̄⟩).
 */
export function ringPolymerMoments(s: RingPolymerStatistics) {
  const n = s.trajectories;
  const mean = (sum: bigint) => Number(sum) / FIXED_POINT / n;
  const centroidMean = mean(s.sums.centroid);
  const centroidSecond = mean(s.sums.centroidSquared);
  const m2 = mean(s.sums.beadSecondMoment);
  const m2Spread = (mean(s.sums.beadSecondMomentSquared) - m2 * m2) * (n / (n - 1));
  const force = mean(s.sums.meanForce);
  const forceSpread = (mean(s.sums.meanForceSquared) - force * force) * (n / (n - 1));
  return {
    centroidMean,
    centroidVariance: ((centroidSecond - centroidMean * centroidMean) * n) / (n - 1),
    beadVariance: m2 - centroidMean * centroidMean,
    /** The standard error of ⟨m₂⟩ from the sample spread of m₂ (the ⟨φ̄⟩² correction is O(1/N)). */
    beadVarianceError: Math.sqrt(m2Spread / n),
    /** ⟨f̄⟩, the mean bead force (constrained centroid: −dF/dφ̄), and its standard error. */
    meanForce: force,
    meanForceError: Math.sqrt(Math.max(forceSpread, 0) / n),
  };
}
