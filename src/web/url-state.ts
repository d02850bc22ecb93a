/**
 * The form lives in the URL's query string, so a plot can be shared as a link. Fields are kept as
 * typed (a bad value survives the round trip and is flagged again on arrival), and only fields
 * that differ from the defaults are written, which keeps links short and lets defaults improve.
 */
import { DEFAULT_FORM, MODES, TEMPERATURE_AS, TEXT_FIELDS, UNITS, type FormState } from './form.js';

const CHOICES = { mode: MODES, units: UNITS, temperatureAs: TEMPERATURE_AS } as const;

export function formToQuery(form: FormState): string {
  const query = new URLSearchParams();
  for (const key of [...(Object.keys(CHOICES) as (keyof typeof CHOICES)[]), ...TEXT_FIELDS]) {
    if (form[key] !== DEFAULT_FORM[key]) query.set(key, form[key]);
  }
  return query.toString();
}

/** Reads a query string; unknown keys are ignored and an unknown choice falls back to its default. */
export function formFromQuery(search: string): FormState {
  const query = new URLSearchParams(search);
  const form: FormState = { ...DEFAULT_FORM };
  for (const field of TEXT_FIELDS) {
    const value = query.get(field);
    if (value !== null) form[field] = value;
  }
  const pick = <K extends keyof typeof CHOICES>(key: K): FormState[K] => {
    const value = query.get(key);
    return ((CHOICES[key] as readonly string[]).includes(value ?? '') ? value : DEFAULT_FORM[key]) as FormState[K];
  };
  form.mode = pick('mode');
  form.units = pick('units');
  form.temperatureAs = pick('temperatureAs');
  return form;
}
