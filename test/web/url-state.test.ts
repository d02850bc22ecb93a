import { describe, expect, it } from 'vitest';
import { DEFAULT_FORM, validateForm, type FormState } from '../../src/web/form.js';
import { formFromQuery, formToQuery } from '../../src/web/url-state.js';

describe('URL state', () => {
  it('writes nothing for the defaults and reads the defaults from an empty query', () => {
    expect(formToQuery(DEFAULT_FORM)).toBe('');
    expect(formFromQuery('')).toEqual(DEFAULT_FORM);
    expect(formFromQuery('?')).toEqual(DEFAULT_FORM);
  });

  it('round-trips every field, units, spaces and non-ASCII included, as typed', () => {
    const form: FormState = {
      ...DEFAULT_FORM,
      mode: 'switching',
      units: 'si',
      temperatureAs: 'theta',
      Ic: '9.5 µA',
      C: '0.35pF',
      R: '1 kΩ',
      T: '20 mK',
      I: '9.3uA',
      'ramp-rate-si': '1 mA/s',
      theta: '0.004',
      seed: '20261121',
      dt: '0.025',
      'max-time': '1e5',
    };
    const query = formToQuery(form);
    expect(formFromQuery(query)).toEqual(form);
    expect(formFromQuery(`?${query}`)).toEqual(form);
    // Only what differs from the defaults is written.
    expect(new URLSearchParams(query).has('gamma')).toBe(false);
    expect(new URLSearchParams(query).get('Ic')).toBe('9.5 µA');
  });

  it('keeps a bad value, so a shared link shows the same error at the same field', () => {
    const form = formFromQuery(formToQuery({ ...DEFAULT_FORM, gamma: '1.5', trajectories: 'many' }));
    expect(form.gamma).toBe('1.5');
    const v = validateForm(form);
    expect(v.errors.gamma).toBe('invalid gamma = 1.5: allowed (0, 1)');
    expect(v.errors.trajectories).toBe('invalid trajectories = "many": not a number; allowed a decimal number');
  });

  it('ignores unknown keys and falls back to the default for an unknown choice', () => {
    const form = formFromQuery('mode=quantum&units=cgs&temperatureAs=kelvin&colour=red&Q=3');
    expect(form).toEqual({ ...DEFAULT_FORM, Q: '3' });
  });
});
