// High-T validation of PI-QTST × κ (docs/ring-polymer.md §9): at T ≫ T₀ the simulated quantum rate
// must become the classical engine's brute-force rate. γ = 0.9, ΔU/θ = 6, Q₀ = 1 (spatial diffusion,
// where TST × κ is the classical rate) and Q₀ = 10 (underdamped, where energy diffusion depletes the
// classical rate below TST × κ: Mel'nikov–Meshkov). For each Q₀: the classical engine
// (`washboard rate`, N trajectories) once, and `washboard qtst` at ħ̃ = 0.005, 0.01, 0.02
// (T/T₀ ≈ 38 … 5), P beads. Advisory: numbers, not a pass.
// Usage: npm run build && node bench/ring-polymer-high-t.mjs [classical trajectories=32768] [polymers=1024] [P=8] [--label L]
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { barrierHeight, plasmaFrequency } from '../dist/physics/potential.js';
import { quantumCorrectionFiniteP } from '../dist/physics/ring-polymer.js';

const args = process.argv.slice(2);
const labelAt = args.indexOf('--label');
const label = labelAt >= 0 ? args.splice(labelAt, 2)[1] : 'lavapipe';
const classicalN = Number(args[0] ?? 32768);
const polymers = Number(args[1] ?? 1024);
const beads = Number(args[2] ?? 8);
const gamma = 0.9, barrierOverKT = 6;
const theta = barrierHeight(gamma) / barrierOverKT;
const cli = (argv) => JSON.parse(execFileSync('node', ['dist/cli.js', ...argv], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 }));
const rows = [];
console.log(`γ = ${gamma}, ΔU/θ = ${barrierOverKT} (θ = ${theta.toPrecision(6)}), P = ${beads}, ${polymers} polymers × 40 points; classical engine ${classicalN} trajectories`);
console.log('| Q₀ | ħ̃ | T/T₀ | Γ_q = PI-QTST·κ | Γ_cl (engine) | Γ_q/Γ_cl | f_q | f_{q,P} | TST·κ/Γ_cl | MM/Γ_cl | s (qtst) |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const Q0 of [1, 10]) {
  let t0 = performance.now();
  const c = cli(['rate', '--gamma', String(gamma), '--Q', String(Q0), '--barrier-kT', String(barrierOverKT), '--trajectories', String(classicalN), '--json', '--quiet']);
  const classicalSeconds = (performance.now() - t0) / 1000;
  const cl = c.measured.rate, clErr = c.measured.standardError;
  for (const hbar of [0.005, 0.01, 0.02]) {
    t0 = performance.now();
    const q = cli(['qtst', '--gamma', String(gamma), '--Q', String(Q0), '--hbar', String(hbar), '--theta', String(theta), '--beads', String(beads), '--trajectories', String(polymers), '--points', '40', '--json']);
    const seconds = (performance.now() - t0) / 1000;
    const w2 = Math.sqrt(1 - gamma * gamma);
    const fqP = quantumCorrectionFiniteP({ omegaWellSquared: w2, omegaBarrierSquared: w2, theta, hbar, Q0, beads });
    const ratio = q.quantumRate / cl;
    const ratioErr = ratio * Math.hypot(q.quantumRateError / q.quantumRate, clErr / cl);
    const row = {
      Q0, hbar, reducedTemperature: q.reducedTemperature, quantumRate: q.quantumRate, quantumRateError: q.quantumRateError,
      classicalEngineRate: cl, classicalEngineError: clErr, classicalEngineEscaped: c.measured.escaped, classicalSeconds,
      ratio, ratioError: ratioErr, ratioToClassicalTst: q.ratioToClassical, ratioToClassicalTstError: q.ratioToClassicalError,
      wolynes: q.wolynesFactor, wolynesFiniteP: fqP, tstKappaOverEngine: q.classicalRate / cl, melnikovMeshkovOverEngine: c.formulas.melnikovMeshkov / cl, seconds,
    };
    rows.push(row);
    console.log(`| ${Q0} | ${hbar} | ${q.reducedTemperature.toFixed(1)} | ${q.quantumRate.toExponential(4)} ± ${q.quantumRateError.toExponential(1)} | ${cl.toExponential(4)} ± ${clErr.toExponential(1)} | ${ratio.toFixed(4)} ± ${ratioErr.toFixed(4)} | ${q.wolynesFactor.toFixed(4)} | ${fqP.toFixed(4)} | ${row.tstKappaOverEngine.toFixed(4)} | ${row.melnikovMeshkovOverEngine.toFixed(4)} | ${seconds.toFixed(0)} |`);
  }
  console.log(`(Q₀ = ${Q0}: classical engine ${classicalSeconds.toFixed(0)} s, ${c.measured.escaped} escapes; Kramers/Γ_cl = ${(c.formulas.kramers / cl).toFixed(4)})`);
}
mkdirSync('bench/results', { recursive: true });
writeFileSync(`bench/results/ring-polymer-high-t-${label}.json`, JSON.stringify({ label, date: new Date().toISOString(), gamma, barrierOverKT, theta, beads, polymers, classicalTrajectories: classicalN, rows }, null, 2));
