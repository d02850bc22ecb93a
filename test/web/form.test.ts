import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { validateEscapeParameters } from '../../src/models/rate/config.js';
import { biasJunction, dimensionlessParameters, makeJunction } from '../../src/physics/junction.js';
import { thetaFromBarrier } from '../../src/physics/potential.js';
import { DEFAULT_FORM, validateForm, type FormState, type TextField } from '../../src/web/form.js';

/** What the CLI prints for these arguments: its one stderr line, without the "washboard: " prefix. */
async function cliMessage(argv: string[]): Promise<string> {
  const err: string[] = [];
  const io = { stdout: () => undefined, stderr: (s: string) => void err.push(s), stderrStream: { write: (s: string) => err.push(s) } };
  const code = await main(argv, io);
  expect(code).toBe(2);
  return err.join('').trim().replace(/^washboard: /, '');
}

const form = (changes: Partial<FormState>): FormState => ({ ...DEFAULT_FORM, ...changes });

describe('page form: defaults', () => {
  it('validate cleanly to the rate CLI’s operating point', () => {
    const v = validateForm(DEFAULT_FORM);
    expect(v.errors).toEqual({});
    expect(v.run?.config).toEqual(validateEscapeParameters({ gamma: 0.9, Q0: 10, barrierOverKT: 6, trajectories: 4096, seed: 1 }));
    expect(v.theory?.p).toEqual({ gamma: 0.9, Q0: 10, theta: thetaFromBarrier(0.9, 6), hbar: 0.03 });
    expect(v.theory?.rampRate).toBe(1e-6);
  });

  it('turn an SI junction into the same dimensionless point as the theory library', () => {
    const v = validateForm(form({ units: 'si' }));
    expect(v.errors).toEqual({});
    const j = biasJunction(makeJunction({ criticalCurrent: 1 * 1e-6, capacitance: 1 * 1e-12, resistance: 100 }), { current: 0.95 * 1e-6 });
    expect(v.theory?.p).toEqual(dimensionlessParameters(j, 0.05));
    expect(v.run?.config.Q0).toBe(j.Q0);
    // The SI defaults are meant to be simulable: a barrier of about ten k_BT, just above T₀.
    expect(v.run!.config.theta).toBeCloseTo(dimensionlessParameters(j, 0.05).theta, 15);
  });
});

describe('page form: a bad field shows exactly the CLI’s message', () => {
  // Each case: the page's fields, the field that must be flagged, and the equivalent command line.
  const cases: [Partial<FormState>, TextField, string[]][] = [
    [{ gamma: '1.5' }, 'gamma', ['rate', '--gamma', '1.5']],
    [{ gamma: 'abc' }, 'gamma', ['rate', '--gamma', 'abc']],
    [{ gamma: '' }, 'gamma', ['rate', '--gamma', '']],
    [{ Q: '-3' }, 'Q', ['rate', '--Q', '-3']],
    [{ 'barrier-kT': '0' }, 'barrier-kT', ['rate', '--barrier-kT', '0']],
    [{ temperatureAs: 'theta', theta: '-1' }, 'theta', ['rate', '--theta', '-1']],
    [{ dt: '0.9' }, 'dt', ['rate', '--dt', '0.9']],
    [{ Q: '0.1', dt: '0.2' }, 'dt', ['rate', '--Q', '0.1', '--dt', '0.2']],
    [{ trajectories: '0' }, 'trajectories', ['rate', '--trajectories', '0']],
    [{ trajectories: '2.5' }, 'trajectories', ['rate', '--trajectories', '2.5']],
    [{ seed: '-1' }, 'seed', ['rate', '--seed', '-1']],
    [{ 'barrier-kT': '60' }, 'max-time', ['rate', '--barrier-kT', '60']],
    [{ hbar: '-1' }, 'hbar', ['theory', '--gamma', '0.9', '--Q', '10', '--theta', '0.01', '--hbar', '-1']],
  ];
  for (const [fields, field, argv] of cases) {
    it(`${JSON.stringify(fields)} → ${field}`, async () => {
      const v = validateForm(form(fields));
      expect(v.errors[field]).toBe(await cliMessage(argv));
      expect(v.run).toBeNull();
    });
  }

  const si = ['--Ic', '1uA', '--C', '1pF', '--R', '100ohm', '--T', '50mK', '--I', '0.95uA'];
  const withFlag = (flag: string, value: string) => {
    const argv = ['theory', ...si];
    argv[argv.indexOf(flag) + 1] = value;
    return argv;
  };
  const siCases: [Partial<FormState>, TextField, string[]][] = [
    [{ Ic: '10 xA' }, 'Ic', withFlag('--Ic', '10 xA')],
    [{ Ic: '-1 µA' }, 'Ic', withFlag('--Ic', '-1uA')],
    [{ C: '0 pF' }, 'C', withFlag('--C', '0pF')],
    [{ R: '100 K' }, 'R', withFlag('--R', '100 K')],
    [{ T: '-5 mK' }, 'T', withFlag('--T', '-5mK')],
    [{ I: '2 µA' }, 'I', withFlag('--I', '2uA')],
  ];
  for (const [fields, field, argv] of siCases) {
    it(`SI ${JSON.stringify(fields)} → ${field}`, async () => {
      const v = validateForm(form({ units: 'si', ...fields }));
      expect(v.errors[field]).toBe(await cliMessage(argv));
      expect(v.run).toBeNull();
      expect(v.theory).toBeNull();
    });
  }
});

describe('page form: what a bad field blocks', () => {
  it('flags every bad field at once, not just the first', () => {
    const v = validateForm(form({ gamma: '2', dt: 'x', trajectories: '0', seed: '1.5' }));
    expect(Object.keys(v.errors).sort()).toEqual(['dt', 'gamma', 'seed', 'trajectories']);
    expect(v.run).toBeNull();
    expect(v.theory).toBeNull();
  });

  it('a bad run field stops the run but not the theory plots', () => {
    const v = validateForm(form({ trajectories: '0' }));
    expect(v.run).toBeNull();
    expect(v.theory?.p.gamma).toBe(0.9);
  });

  it('a bad ramp stops the switching prediction and the run, not the other plots', () => {
    const v = validateForm(form({ 'ramp-rate': '-1' }));
    expect(v.errors['ramp-rate']).toBe('invalid ramp-rate = -1: allowed (0, ∞)');
    expect(v.run).toBeNull();
    expect(v.theory?.p.gamma).toBe(0.9);
    expect(v.theory?.rampRate).toBeNull();
    const bad = validateForm(form({ units: 'si', 'ramp-rate-si': '5 A' }));
    expect(bad.errors['ramp-rate-si']).toMatch(/^invalid ramp-rate = "5 A": unknown unit suffix "A"/);
  });

  it('an SI ramp is converted to dγ/dτ with the junction', () => {
    const v = validateForm(form({ units: 'si', 'ramp-rate-si': '1 mA/s' }));
    const j = v.theory!.junction!;
    expect(v.theory!.rampRate).toBeCloseTo(1e-3 / (j.criticalCurrent * j.plasmaFrequency0), 20);
  });

  it('blank Δτ and censoring time take the CLI defaults', () => {
    const v = validateForm(form({ Q: '0.1', dt: ' ', 'max-time': '' }));
    expect(v.run?.config.dt).toBe(0.02);
    expect(v.run?.parameters.dt).toBeUndefined();
  });
});

describe('switching mode: the ramp fields are the switching CLI flags, checked by its rules', () => {
  it('builds the parameters validateSwitchingParameters gets from the CLI, and flags what the CLI rejects', async () => {
    const ok = validateForm(form({ mode: 'switching', 'barrier-kT': '', temperatureAs: 'theta', theta: '0.02', hbar: '0', 'ramp-rate': '1e-4', trajectories: '256', seed: '3' }));
    expect(ok.switching?.parameters).toMatchObject({ Q0: 10, theta: 0.02, rampRate: 1e-4, trajectories: 256, seed: 3 });
    expect(ok.switching?.config.binCount).toBeGreaterThan(1);
    expect(validateForm(form({ 'ramp-rate': '1e-4' })).switching).toBeNull();
    for (const [changes, argv, field] of [
      [{ 'gamma-start': '0.9', 'gamma-end': '0.8' }, ['--gamma-start', '0.9', '--gamma-end', '0.8'], 'gamma-end'],
      [{ wells: '0' }, ['--wells', '0'], 'wells'],
      [{ hold: 'long' }, ['--hold', 'long'], 'hold'],
    ] as [Partial<FormState>, string[], TextField][]) {
      const v = validateForm(form({ mode: 'switching', temperatureAs: 'theta', theta: '0.01', ...changes }));
      expect(v.switching).toBeNull();
      expect(v.errors[field]).toBe(await cliMessage(['switching', '--theta', '0.01', ...argv]));
    }
  });
});
