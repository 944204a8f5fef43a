import * as z from 'zod/mini';
import type { FormBody } from './form-body.ts';

/**
 * Field naming: a form field's name is its path in the page's input joined with `-`
 * (`dateOfBirth-day`, `address-postcode`, `items-0-name`), and its element id is the same, so a
 * zod issue's path is also the id the error summary links to.
 */

const SEGMENT = /^(?:[a-zA-Z][a-zA-Z0-9]{0,39}|\d{1,2})$/;
const FORBIDDEN = new Set(['constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf']);
/** The most items an "add another" list may post. */
export const MAX_LIST_INDEX = 49;

/**
 * Build the nested input object a page's schema reads from the posted form. Names that do not
 * fit the naming scheme are ignored, so a crafted `__proto__-x` or `constructor` name can only
 * ever be an ignored field, never a prototype change.
 */
export function formInput(form: FormBody, ignore: readonly string[] = []): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const name of form.names()) {
    if (ignore.includes(name)) continue;
    const segments = name.split('-');
    if (segments.length > 5 || !segments.every((s) => SEGMENT.test(s) && !FORBIDDEN.has(s))) continue;
    if (segments.some((s) => /^\d+$/.test(s) && Number(s) > MAX_LIST_INDEX)) continue;
    const values = form.getAll(name);
    const value = values.length > 1 ? values : values[0];
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < segments.length; i++) {
      const key = segments[i] as string;
      const last = i === segments.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(segments[i + 1] as string);
      const slot = Array.isArray(node) ? Number(key) : key;
      if (Array.isArray(node) !== /^\d+$/.test(key)) break; // mixes a list and a field: ignore
      const container = node as Record<string | number, unknown>;
      if (last) {
        container[slot] = value;
      } else {
        const existing = container[slot];
        const wanted = nextIsIndex ? Array.isArray(existing) : isPlainObject(existing);
        if (!wanted) container[slot] = nextIsIndex ? [] : {};
        node = container[slot] as Record<string, unknown> | unknown[];
      }
    }
  }
  return compactArrays(root) as Record<string, unknown>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function compactArrays(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(compactArrays);
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, compactArrays(x)]));
  return v;
}

/** The inverse of formInput: a stored value as the flat `name → string` map the template reads. */
export function formValues(
  value: unknown,
  dateFields: readonly string[] = [],
  prefix = '',
): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined || value === null) return out;
  if (typeof value === 'string' && dateFields.includes(prefix)) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (m) {
      out[`${prefix}-day`] = String(Number(m[3]));
      out[`${prefix}-month`] = String(Number(m[2]));
      out[`${prefix}-year`] = m[1] ?? '';
    }
    return out;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      Object.assign(out, formValues(item, dateFields, prefix ? `${prefix}-${i}` : String(i)));
    });
    return out;
  }
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      Object.assign(out, formValues(v, dateFields, prefix ? `${prefix}-${k}` : k));
    }
    return out;
  }
  if (typeof value === 'boolean') {
    out[prefix] = value ? 'yes' : 'no';
    return out;
  }
  out[prefix] = String(value);
  return out;
}

/** The posted form as the flat map a template reads back after an error, answers kept. */
export function postedValues(form: FormBody): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of form.names()) out[name] = form.get(name) ?? '';
  return out;
}

export interface FieldError {
  text: string;
  href: string;
  /** For a date input: which of day, month and year to highlight. */
  parts?: string[];
}

export interface FormErrors {
  /** For govukErrorSummary, in the order the fields appear. */
  list: { text: string; href: string }[];
  /** For each field's inline error message, by id. */
  byId: Record<string, FieldError>;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FormErrors };

/** Validate a page's input; one error per field (the first), linked to the field. */
export function validate<S extends z.ZodMiniType>(schema: S, input: unknown): Validated<z.output<S>> {
  const result = z.safeParse(schema, input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: toFormErrors(result.error.issues) };
}

export function toFormErrors(
  issues: readonly { path: PropertyKey[]; message: string; params?: Record<string, unknown> }[],
): FormErrors {
  const errors: FormErrors = { list: [], byId: {} };
  for (const issue of issues) addError(errors, issue.path.map(String).join('-'), issue.message, issue.params);
  return errors;
}

/** Add an error found outside a schema (a rule across pages), keeping one per field. */
export function addError(
  errors: FormErrors,
  id: string,
  text: string,
  params?: Record<string, unknown>,
): void {
  if (id in errors.byId) return;
  const parts = Array.isArray(params?.parts) ? (params.parts as string[]) : undefined;
  const href = parts ? `#${id}-${parts[0] ?? 'day'}` : `#${id}`;
  errors.byId[id] = { text, href, ...(parts ? { parts } : {}) };
  errors.list.push({ text, href });
}

export const noErrors = (): FormErrors => ({ list: [], byId: {} });
