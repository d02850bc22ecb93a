// Prints the docs table of a `washboard qtst --ramp-rate … --sweep T=… --json` run (docs/ring-polymer.md
// §10), with the classical engine's simulated σ from bench/results/sigma-vs-T-1uA-50fF-800ohm.csv
// where a temperature matches (±1%).
// Usage: node bench/ring-polymer-sigma-table.mjs RUN.json [RUN2.json …]
import { readFileSync } from 'node:fs';

const engine = (() => {
  try {
    const [head, ...lines] = readFileSync('bench/results/sigma-vs-T-1uA-50fF-800ohm.csv', 'utf8').trim().split('\n');
    const h = head.split(',');
    return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [h[i], Number(v)])));
  } catch { return []; }
})();
const nA = (x) => (x * 1e9).toFixed(2);
console.log('| T (K) | T/T₀ | P | σ simulated (nA) | σ computed | σ computed, same 5 nodes | σ formula | σ classical (MM) | σ classical engine (sim.) | ⟨I⟩ simulated (nA) | ⟨I⟩ computed | Γ_sim/Γ_computed at the nodes | s |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const file of process.argv.slice(2)) {
  const j = JSON.parse(readFileSync(file, 'utf8'));
  for (const r of j.rows) {
    const e = engine.find((x) => Math.abs(x.T_K / r.T - 1) < 0.01);
    const ratios = r.nodes.map((n) => n.rate / n.computedRate);
    console.log(`| ${r.T.toFixed(4)} | ${r.reducedTemperature.toFixed(3)} | ${j.input.beads} | ${nA(r.simulated.width)} ± ${nA(r.simulated.widthError)} | ${nA(r.computed.width)} | ${nA(r.computedAtNodes.width)} | ${nA(r.formula.width)} | ${nA(r.classical.width)} | ${e ? `${nA(e.sd_A)} ± ${nA(e.sd_error_A)}` : '—'} | ${nA(r.simulated.mean)} ± ${nA(r.simulated.meanError)} | ${nA(r.computed.mean)} | ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} | ${r.wallSeconds.toFixed(0)} |`);
  }
}
