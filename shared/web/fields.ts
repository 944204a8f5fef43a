import { readFileSync } from 'node:fs';
import { type MetadataJson, parsePhoneNumberFromString } from 'libphonenumber-js/core';
import * as z from 'zod/mini';
import { londonDateOf } from '../domain/local-date.ts';
import { phoneMetadataFile } from './paths.ts';

/**
 * Field schemas for GOV.UK question pages, built on zod/mini. Each takes what a browser posts
 * (strings, or nothing) and returns the normalised value, or issues worded as the GOV.UK Design
 * System recommends. Answers are stored as text, exactly as typed apart from the normalisation
 * named here: hostile input is escaped when rendered, not rewritten.
 */

/**
 * One-line answers: Unicode NFC, and line breaks and tabs become spaces. A browser never sends a
 * line break in an `<input>`; a crafted post could, and a name with CR/LF in it must not reach an
 * email header or a CSV row intact.
 */
export function singleLine(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/[\r\n\t\v\f\u0085\u2028\u2029]+/g, ' ')
    .trim();
}

/** Textarea answers: Unicode NFC and `\n` line endings. */
export function multiLine(raw: string): string {
  return raw.normalize('NFC').replace(/\r\n?/g, '\n').trim();
}

/**
 * The shape of a UK postcode (outward code, space, digit and two letters). A shape check, not a
 * lookup: Royal Mail adds postcodes, and the front door can check an address; rejecting a real
 * one here would lose a notification.
 */
const UK_POSTCODE = /^(GIR 0AA|[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2})$/;

/**
 * A UK postcode in any case and spacing, as `AN1 2BC` (uppercase, one space before the inward
 * code), or undefined when it cannot be a UK postcode.
 */
export function normaliseUkPostcode(raw: string): string | undefined {
  const compact = raw.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (compact.length < 5 || compact.length > 7) return undefined;
  const formatted = `${compact.slice(0, -3)} ${compact.slice(-3)}`;
  return UK_POSTCODE.test(formatted) ? formatted : undefined;
}

/**
 * Ofcom's numbers for drama (07700 900000–900999 mobile, 01632 960000–960999 fixed): the numbers
 * the GOV.UK Design System uses in its phone hints, and ours. libphonenumber's metadata leaves them
 * out as "not in service", so without this the example in our own error message would be refused.
 * Only the full-length number matches: "0770090" is still refused.
 */
const OFCOM_DRAMA_NUMBER = /^(?:7700900\d{3}|1632960\d{3})$/;

/**
 * A phone number in any common UK or international format, checked with libphonenumber-js
 * (Google's metadata, maintained) and written the way a caller would dial it: national format
 * for UK numbers, international format otherwise. `isValid` (the number fits a range its country
 * has assigned), not just `isPossible` (a length the country uses): a length check let a
 * truncated "0770090" or "01632 96" through, and the council could not call back on either.
 * Numbers outside the UK need their country code (+33 …); without one they are read as UK numbers.
 */
let metadata: MetadataJson | undefined;

export function normalisePhone(raw: string): string | undefined {
  const trimmed = raw.trim();
  if (!/^[0-9+()\-.\s]+$/.test(trimmed.replace(/\s*(ext\.?|x)\s*\d+$/i, ''))) return undefined;
  // The same metadata as `import … from 'libphonenumber-js'` (its "min" set), read when first needed.
  metadata ??= JSON.parse(readFileSync(phoneMetadataFile(), 'utf8')) as MetadataJson;
  const parsed = parsePhoneNumberFromString(trimmed, 'GB', metadata);
  if (!parsed) return undefined;
  const drama = parsed.countryCallingCode === '44' && OFCOM_DRAMA_NUMBER.test(parsed.nationalNumber);
  if (!parsed.isValid() && !drama) return undefined;
  return parsed.countryCallingCode === '44' ? parsed.formatNational() : parsed.formatInternational();
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** A month as a number 1–12, from digits or a name ("March", "mar", "Sept"), else undefined. */
export function parseMonth(raw: string): number | undefined {
  const value = raw.trim().toLowerCase().replace(/\.$/, '');
  if (/^\d{1,2}$/.test(value)) {
    const n = Number(value);
    return n >= 1 && n <= 12 ? n : undefined;
  }
  if (value.length < 3) return undefined;
  const index = MONTHS.findIndex((m) => m.startsWith(value) || (value === 'sept' && m === 'september'));
  return index === -1 ? undefined : index + 1;
}

export interface DateRules {
  /** For "Enter …": "the child's date of birth". */
  name: string;
  /** For "… must be a real date": "Date of birth". */
  label: string;
  required?: boolean;
  /** Must be today or earlier. */
  past?: boolean;
  /** The latest allowed date, as ISO, with the message when it is later. */
  latest?: { iso: string; message: string };
  /** The earliest allowed date, as ISO, with the message when it is earlier. */
  earliest?: { iso: string; message: string };
  /** Today, as ISO (YYYY-MM-DD) in Europe/London: passed in, never read from the clock here. */
  today: string;
}

type DatePart = 'day' | 'month' | 'year';
export type DateResult =
  | { ok: true; iso: string | undefined }
  | { ok: false; message: string; parts: DatePart[] };

const joinParts = (parts: string[]) =>
  parts.length === 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;

/** Read a GOV.UK date input (day, month, year) with the Design System's error wording. */
export function parseDateParts(
  input: { day?: string | undefined; month?: string | undefined; year?: string | undefined },
  rules: DateRules,
): DateResult {
  const day = (input.day ?? '').trim();
  const month = (input.month ?? '').trim();
  const year = (input.year ?? '').trim();
  if (!day && !month && !year) {
    return rules.required
      ? { ok: false, message: `Enter ${rules.name}`, parts: ['day', 'month', 'year'] }
      : { ok: true, iso: undefined };
  }
  const missing = (['day', 'month', 'year'] as const).filter((p) => !{ day, month, year }[p]);
  if (missing.length > 0) {
    return {
      ok: false,
      message: `${rules.label} must include a ${joinParts([...missing])}`,
      parts: [...missing],
    };
  }
  const d = /^\d{1,2}$/.test(day) ? Number(day) : Number.NaN;
  const m = parseMonth(month);
  if (!/^\d+$/.test(year) || year.length !== 4) {
    if (Number.isNaN(d) || m === undefined) {
      return { ok: false, message: `${rules.label} must be a real date`, parts: ['day', 'month', 'year'] };
    }
    return { ok: false, message: 'Year must include 4 numbers', parts: ['year'] };
  }
  const y = Number(year);
  const bad: DatePart[] = [];
  if (Number.isNaN(d) || d < 1 || d > 31) bad.push('day');
  if (m === undefined) bad.push('month');
  if (bad.length === 0 && m !== undefined) {
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCDate() !== d) bad.push('day');
  }
  if (bad.length > 0 || m === undefined) {
    return { ok: false, message: `${rules.label} must be a real date`, parts: bad.length ? bad : ['day'] };
  }
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (rules.past && iso > rules.today) {
    return {
      ok: false,
      message: `${rules.label} must be today or in the past`,
      parts: ['day', 'month', 'year'],
    };
  }
  if (rules.latest && iso > rules.latest.iso) {
    return { ok: false, message: rules.latest.message, parts: ['day', 'month', 'year'] };
  }
  if (rules.earliest && iso < rules.earliest.iso) {
    return { ok: false, message: rules.earliest.message, parts: ['day', 'month', 'year'] };
  }
  return { ok: true, iso };
}

/** The form's view of a stored ISO date. */
export function dateToParts(iso: string | undefined): { day: string; month: string; year: string } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  if (!match) return { day: '', month: '', year: '' };
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] ?? '' };
}

// ---- zod field schemas ----------------------------------------------------------------------

const maybeString = z.optional(z.string());

export interface TextOptions {
  /** Used in "<label> must be N characters or fewer". */
  label: string;
  max: number;
  /** The "Enter …" message; omitted makes the field optional. */
  required?: string;
  multiline?: boolean;
}

/** Free text: normalised, limited, optionally required; empty becomes undefined. */
export function text(options: TextOptions) {
  return z.pipe(
    maybeString,
    z.transform((raw, ctx): string | undefined => {
      const value = (options.multiline ? multiLine : singleLine)(raw ?? '');
      if (value === '') {
        if (options.required) ctx.issues.push({ code: 'custom', message: options.required, input: raw });
        return undefined;
      }
      if (value.length > options.max) {
        ctx.issues.push({
          code: 'custom',
          message: `${options.label} must be ${options.max} characters or fewer`,
          input: '',
        });
      }
      return value;
    }),
  );
}

export interface WholeNumberOptions {
  /** Used in "<label> must be a whole number". */
  label: string;
  min: number;
  max: number;
}

/**
 * A whole number typed in a text box (GOV.UK asks for numbers with `inputmode="numeric"`, not
 * `type="number"`), kept as the digits typed: "14", not "fourteen" or "about 14", so a caseworker
 * can compare it and a report can count it. Empty is undefined (optional).
 */
export function wholeNumber(options: WholeNumberOptions) {
  return z.pipe(
    maybeString,
    z.transform((raw, ctx): string | undefined => {
      const value = singleLine(raw ?? '');
      if (value === '') return undefined;
      if (!/^\d{1,3}$/.test(value)) {
        ctx.issues.push({
          code: 'custom',
          message: `${options.label} must be a whole number, like 14`,
          input: '',
        });
        return undefined;
      }
      const n = Number(value);
      if (n < options.min || n > options.max) {
        ctx.issues.push({
          code: 'custom',
          message: `${options.label} must be between ${options.min} and ${options.max}`,
          input: '',
        });
        return undefined;
      }
      return String(n);
    }),
  );
}

/** One of a fixed set of answers (radios); the message is the "Select …" wording. */
export function choice<const T extends readonly [string, ...string[]]>(
  values: T,
  message: string,
  required = true,
) {
  return z.pipe(
    maybeString,
    z.transform((raw, ctx): T[number] | undefined => {
      if (!raw) {
        if (required) ctx.issues.push({ code: 'custom', message, input: raw });
        return undefined;
      }
      if (!values.includes(raw)) {
        ctx.issues.push({ code: 'custom', message, input: '' });
        return undefined;
      }
      return raw as T[number];
    }),
  );
}

/** A checkbox: true when posted with its value. */
export function checkbox(value = 'yes') {
  return z.pipe(
    z.optional(z.union([z.string(), z.array(z.string())])),
    z.transform((raw) => (Array.isArray(raw) ? raw.includes(value) : raw === value)),
  );
}

const EMAIL = z.email();

export function email(options: { required?: string } = {}) {
  return z.pipe(
    maybeString,
    z.transform((raw, ctx): string | undefined => {
      const value = singleLine(raw ?? '');
      if (value === '') {
        if (options.required) ctx.issues.push({ code: 'custom', message: options.required, input: raw });
        return undefined;
      }
      if (value.length > 254) {
        ctx.issues.push({
          code: 'custom',
          message: 'Email address must be 254 characters or fewer',
          input: '',
        });
        return undefined;
      }
      if (!z.safeParse(EMAIL, value).success) {
        ctx.issues.push({
          code: 'custom',
          message: 'Enter an email address in the correct format, like name@example.com',
          input: '',
        });
        return undefined;
      }
      return value;
    }),
  );
}

export function phone(options: { required?: string; label?: string } = {}) {
  return z.pipe(
    maybeString,
    z.transform((raw, ctx): string | undefined => {
      const value = singleLine(raw ?? '');
      if (value === '') {
        if (options.required) ctx.issues.push({ code: 'custom', message: options.required, input: raw });
        return undefined;
      }
      const normalised = value.length <= 40 ? normalisePhone(value) : undefined;
      if (!normalised) {
        ctx.issues.push({
          code: 'custom',
          message: `Enter a ${options.label ?? 'phone number'} in the correct format, like 01632 960 001, 07700 900 982 or +44 808 157 0192`,
          input: '',
        });
        return undefined;
      }
      return normalised;
    }),
  );
}

/**
 * A postcode. `uk: true` for addresses that must be in the UK (the carer's home, the child's):
 * normalised to `AN1 2BC` or rejected. Otherwise (parents abroad, previous addresses) a UK
 * postcode is still normalised, and anything else is kept as a postal code up to 10 characters.
 */
export function postcode(options: { uk: boolean; label?: string }) {
  return z.pipe(
    maybeString,
    z.transform((raw, ctx): string | undefined => {
      const value = singleLine(raw ?? '');
      if (value === '') return undefined;
      const uk = normaliseUkPostcode(value);
      if (uk) return uk;
      if (options.uk) {
        ctx.issues.push({ code: 'custom', message: 'Enter a real postcode, like AN1 2BC', input: '' });
        return undefined;
      }
      if (value.length > 10) {
        ctx.issues.push({
          code: 'custom',
          message: `${options.label ?? 'Postcode'} must be 10 characters or fewer`,
          input: '',
        });
        return undefined;
      }
      return value.toUpperCase();
    }),
  );
}

/** A GOV.UK date input posted as `<name>-day`, `<name>-month`, `<name>-year`. */
export function date(rules: DateRules) {
  return z.pipe(
    z.optional(z.object({ day: maybeString, month: maybeString, year: maybeString })),
    z.transform((raw, ctx): string | undefined => {
      const result = parseDateParts(raw ?? {}, rules);
      if (result.ok) return result.iso;
      ctx.issues.push({
        code: 'custom',
        message: result.message,
        input: '',
        params: { parts: result.parts },
      });
      return undefined;
    }),
  );
}

/**
 * An address as line 1, line 2, town, postcode and country, all optional (country is shown only
 * where an address may be abroad). Returns undefined when nothing was entered, so an
 * empty address is "not given" rather than an object of blanks.
 */
export function address(options: { ukPostcode: boolean; label?: string }) {
  const prefix = options.label ? `${options.label}: ` : '';
  return z.pipe(
    z.optional(
      z.object({
        line1: text({ label: `${prefix}Address line 1`, max: 200 }),
        line2: text({ label: `${prefix}Address line 2`, max: 200 }),
        town: text({ label: `${prefix}Town or city`, max: 100 }),
        postcode: postcode({ uk: options.ukPostcode, label: `${prefix}Postcode` }),
        country: text({ label: `${prefix}Country`, max: 100 }),
      }),
    ),
    z.transform((value) => {
      if (!value) return undefined;
      const entries = Object.entries(value).filter(([, v]) => v !== undefined);
      return entries.length ? (Object.fromEntries(entries) as typeof value) : undefined;
    }),
  );
}

/** Today's date in Europe/London as ISO: the council's day, not UTC's. */
export function londonToday(now: Date): string {
  return londonDateOf(now);
}
