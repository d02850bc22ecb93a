/**
 * washboard's command-line host: a thin dispatcher over the engine. Bad input exits 2 with one
 * line naming the parameter; any other failure exits 1.
 */
import { ParameterError } from '../physics/parameters.js';
import { NoAdapterError } from '../engine/node-device.js';
import { processIo, type CommandIo } from './io.js';
import { rateCommand } from './rate.js';

type Command = (argv: string[], io: CommandIo) => Promise<number>;

const commands: Record<string, { run: () => Promise<Command>; summary: string }> = {
  rate: { run: async () => rateCommand, summary: 'escape rate at fixed bias from a trajectory ensemble, beside the analytic rates' },
  switching: { run: async () => (await import('./switching.js')).switchingCommand, summary: 'switching-bias histogram under a current ramp, its Γ(I) and T_esc, beside theory' },
  analyze: { run: async () => (await import('./analyze.js')).analyzeCommand, summary: 'the same analysis of measured switching currents: moments, Γ(I), fit of I_c and T_esc' },
  sweep: { run: async () => (await import('./sweep.js')).sweepCommand, summary: 'a grid of rate or switching runs over T/θ, Q₀, γ or the ramp rate: one CSV/JSON row per point' },
  theory: { run: async () => (await import('./theory.js')).theoryCommand, summary: 'every analytic rate, T₀ and T_esc, dimensionless or for an SI junction' },
  quantum: { run: async () => (await import('./quantum.js')).quantumCommand, summary: 'quantum escape computed: levels and widths, the dissipative bounce B and prefactor, Γ(T) through T₀' },
  qtst: { run: async () => (await import('./qtst.js')).qtstCommand, summary: 'quantum escape simulated: ring polymers on the GPU, centroid barrier by TI, PI-QTST rate × κ' },
  barrier: { run: async () => (await import('./barrier.js')).barrierCommand, summary: 'tunnelling through 1D heterostructures: T(E), WKB, tunnelling times, resonances, J(V)' },
  doublewell: { run: async () => (await import('./doublewell.js')).doublewellCommand, summary: 'double-well splitting (exact and instanton), P_L(t) with decoherence, spin-boson NIBA/HEOM' },
  bjj: { run: async () => (await import('./bjj.js')).bjjCommand, summary: 'bosonic Josephson junction: exact spectrum and doublets, ⟨z⟩(t) exact/mean field/TW, breakdown time vs N' },
  selftest: { run: async () => (await import('./selftest.js')).selftestCommand, summary: 'validates the physics on this adapter: RNG known answers, CPU reference, equilibrium, exact MFPT, Mel\'nikov–Meshkov' },
  bench: { run: async () => (await import('./bench.js')).benchCommand, summary: 'trajectory-steps/s of the production kernel on this adapter, across tunables and sizes' },
  resume: { run: async () => (await import('./resume.js')).resumeCommand, summary: 'continue a run from its checkpoint file (rate, switching or sweep --checkpoint FILE)' },
  merge: { run: async () => (await import('./merge.js')).mergeCommand, summary: 'combine the shard files of a run or sweep (--shard i/N --out FILE) into its report or rows' },
};

const usage = `washboard: escape over and through barriers: GPU Langevin and ring-polymer ensembles of the Josephson phase, and f64 quantum numerics (MQT, tunnelling, double well, bosonic junction)
usage: washboard <command> [options]      (washboard <command> --help for its options)
${Object.entries(commands).map(([name, c]) => `  ${name.padEnd(12)}${c.summary}`).join('\n')}
`;

export async function main(argv: string[], io: CommandIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  try {
    if (!command) throw new ParameterError('command', name, Object.keys(commands).join(', '), 'unknown command');
    return await (await command.run())(rest, io);
  } catch (err) {
    if (err instanceof ParameterError) {
      io.stderr(`washboard: ${err.message}\n`);
      return 2;
    }
    if (err instanceof NoAdapterError) {
      io.stderr(`washboard: ${err.message}\n`);
      return 1;
    }
    io.stderr(`washboard: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}
