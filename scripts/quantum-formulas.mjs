// Prints "formula ÷ computed" for the quantum-escape formulas of src/physics/quantum.ts and
// escape.ts against the computed bounce (src/physics/quantum-escape). Needs `npm run build`.
// Usage: node scripts/quantum-formulas.mjs   (about a minute; output recorded in docs/quantum.md)
import { zeroTemperatureBounce } from '../dist/physics/quantum-escape/bounce.js';
import { quantumRate } from '../dist/physics/quantum-escape/rate.js';
import { cubicWell, washboardWell } from '../dist/physics/quantum-escape/well.js';
import { escapeRateDimensionless } from '../dist/physics/escape.js';
import { crossoverTheta, mqtPrefactor } from '../dist/physics/quantum.js';
import { caldeiraLeggettDamping } from '../dist/physics/constants.js';

const f = (x, d = 4) => (x === null ? '—' : Number(x).toPrecision(d));
const Q0s = [0.1, 0.3, 1, 3, 10, 30, 100, 1000];

console.log('## B at T = 0: formula ÷ computed (B scales as 1/ħ̃, so the ratios do not depend on ħ̃)');
console.log('CL = (36/5)(ΔU/ħω_p)(1 + 0.8723/Q), Q = Q₀ω_p; OD = 3π(ΔU/ħω_p)/Q (overdamped cubic, derived in docs/quantum.md)');
console.log('| Q₀ | cubic: CL ÷ B | cubic: OD ÷ B | washboard γ=0.95: CL ÷ B | γ=0.95: OD ÷ B | γ=0.8: CL ÷ B |');
console.log('|---|---|---|---|---|---|');
for (const Q0 of Q0s) {
  const cells = [];
  for (const well of [cubicWell(1, 1), washboardWell(0.95), washboardWell(0.8)]) {
    const x = well.barrierHeight / well.omega; // ħ̃ = 1
    const Q = Q0 * well.omega;
    const B = zeroTemperatureBounce(well, Q0, 1).exponent;
    cells.push(((36 / 5) * x * (1 + caldeiraLeggettDamping / Q)) / B, (3 * Math.PI * x) / Q / B);
  }
  console.log(`| ${Q0} | ${f(cells[0])} | ${f(cells[1])} | ${f(cells[2])} | ${f(cells[3])} | ${f(cells[4])} |`);
}

console.log('\n## T = 0 prefactor: CL a_q(ω_p/2π) ÷ computed, washboard γ = 0.95, ΔU/ħω_p = 5');
console.log('| Q₀ | computed prefactor (ω_p0) | CL ÷ computed | Γ(0): CL formula ÷ computed |');
console.log('|---|---|---|---|');
{
  const gamma = 0.95;
  const well = washboardWell(gamma);
  const hbar = well.barrierHeight / well.omega / 5;
  for (const Q0 of [1, 10, 100, 1000]) {
    const z = zeroTemperatureBounce(well, Q0, hbar);
    const aq = (mqtPrefactor(gamma, hbar) * well.omega) / (2 * Math.PI);
    const Q = Q0 * well.omega;
    const clRate = aq * Math.exp(-(36 / 5) * 5 * (1 + caldeiraLeggettDamping / Q));
    console.log(`| ${Q0} | ${f(z.prefactor)} | ${f(aq / z.prefactor)} | ${f(clRate / z.rate)} |`);
  }
}

console.log('\n## Γ around T₀: escape.ts (the formula patchwork) ÷ computed, washboard γ = 0.95, ΔU/ħω_p = 5');
console.log('computed: bounce + fluctuation prefactor for ε < −0.6, the uniform crossover result for −0.6 ≤ ε < 10, f_q × Kramers above (the formula side uses Mel\'nikov–Meshkov × f_q there); ε = λ₁/2(θb)^{1/2}');
for (const Q0 of [1, 10]) {
  const gamma = 0.95;
  const well = washboardWell(gamma);
  const hbar = well.barrierHeight / well.omega / 5;
  const th0 = crossoverTheta({ gamma, Q0, hbar });
  console.log(`\nQ₀ = ${Q0}: θ₀ = ${f(th0, 5)}`);
  console.log('| T/T₀ | ε | method | computed Γ/ω_p0 | B | formula Γ/ω_p0 | formula ÷ computed |');
  console.log('|---|---|---|---|---|---|---|');
  for (const t of [0.25, 0.5, 0.7, 0.8, 0.9, 0.94, 0.97, 1, 1.03, 1.06, 1.1, 1.25, 1.5, 2, 3]) {
    const r = quantumRate(gamma, Q0, hbar, t * th0);
    const e = escapeRateDimensionless({ gamma, Q0, hbar, theta: t * th0 }).rate;
    console.log(`| ${t} | ${f(r.crossoverDistance, 3)} | ${r.method} | ${f(r.rate)} | ${f(r.exponent)} | ${f(e)} | ${r.rate === null ? '—' : f(e / r.rate)} |`);
  }
}
