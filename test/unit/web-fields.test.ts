import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  address,
  date,
  email,
  londonToday,
  multiLine,
  normalisePhone,
  normaliseUkPostcode,
  parseDateParts,
  parseMonth,
  phone,
  postcode,
  singleLine,
  text,
} from '../../shared/web/fields.ts';

const issues = (schema: z.ZodMiniType, input: unknown) =>
  z.safeParse(schema, input).error?.issues.map((i) => i.message) ?? [];

describe('postcodes', () => {
  it.each([
    ['an12bc', 'AN1 2BC'],
    ['AN1 2BC', 'AN1 2BC'],
    ['  an1   2bc ', 'AN1 2BC'],
    ['sw1a1aa', 'SW1A 1AA'],
    ['ec1a-1bb', 'EC1A 1BB'],
    ['m11aa', 'M1 1AA'],
    ['gir0aa', 'GIR 0AA'],
  ])('normalises %j to %j', (input, expected) => {
    expect(normaliseUkPostcode(input)).toBe(expected);
  });

  it.each(['', 'hello', '12345', 'AN1', 'AN1 2B', 'AAA1 2BC', 'AN1 2BCD'])('rejects %j', (input) => {
    expect(normaliseUkPostcode(input)).toBeUndefined();
  });

  it('normalising is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (s) => {
        const once = normaliseUkPostcode(s);
        if (once !== undefined) expect(normaliseUkPostcode(once)).toBe(once);
      }),
    );
  });

  it('must be a UK postcode where the address must be in the UK, with GOV.UK wording', () => {
    expect(issues(postcode({ uk: true }), 'nope')).toEqual(['Enter a real postcode, like AN1 2BC']);
    expect(z.parse(postcode({ uk: true }), '')).toBeUndefined();
  });

  it('may be a foreign postal code elsewhere', () => {
    expect(z.parse(postcode({ uk: false }), '75001')).toBe('75001');
    expect(z.parse(postcode({ uk: false }), 'an12bc')).toBe('AN1 2BC');
    expect(issues(postcode({ uk: false }), 'x'.repeat(11))).toEqual([
      'Postcode must be 10 characters or fewer',
    ]);
  });
});

describe('phone numbers', () => {
  it.each([
    ['07700 900 982', '07700 900982'],
    ['07700900982', '07700 900982'],
    ['+44 7700 900982', '07700 900982'],
    ['(01632) 960 001', '01632 960001'],
    ['020 7946 0000', '020 7946 0000'],
    ['+44 808 157 0192', '0808 157 0192'],
    ['+33 1 23 45 67 89', '+33 1 23 45 67 89'],
    ['0161 496 0000', '0161 496 0000'],
    ['07123 456789', '07123 456789'],
    ['+1 202 555 0143', '+1 202 555 0143'],
    ['+234 803 123 4567', '+234 803 123 4567'],
  ])('accepts %j as %j', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  // Truncated numbers have a length some UK number has, but are in no range that is assigned: the
  // council could not call them back.
  it.each([
    '123',
    'call me',
    '0770090098212345',
    '+44',
    '07700 900 98a',
    '0770090',
    '01632 96',
    '07700 90098',
    '020 7946 000',
    '+33 1 23',
  ])('rejects %j', (input) => {
    expect(normalisePhone(input)).toBeUndefined();
  });

  it('gives the GOV.UK message', () => {
    expect(issues(phone(), 'abc')).toEqual([
      'Enter a phone number in the correct format, like 01632 960 001, 07700 900 982 or +44 808 157 0192',
    ]);
    expect(z.parse(phone(), '  ')).toBeUndefined();
    expect(issues(phone({ required: 'Enter a phone number' }), '')).toEqual(['Enter a phone number']);
  });
});

describe('email addresses', () => {
  it('accepts a real address and refuses others with the GOV.UK message', () => {
    expect(z.parse(email(), ' name@example.com ')).toBe('name@example.com');
    expect(issues(email(), 'name@')).toEqual([
      'Enter an email address in the correct format, like name@example.com',
    ]);
    expect(issues(email(), 'a@b.com\r\nBcc: x@y.com')).toEqual([
      'Enter an email address in the correct format, like name@example.com',
    ]);
    expect(issues(email(), `${'a'.repeat(250)}@b.com`)).toEqual([
      'Email address must be 254 characters or fewer',
    ]);
  });
});

describe('months', () => {
  it.each([
    ['3', 3],
    ['03', 3],
    ['12', 12],
    ['March', 3],
    ['mar', 3],
    ['MAR.', 3],
    ['sept', 9],
    ['Sep', 9],
    ['december', 12],
  ])('reads %j as %d', (input, expected) => {
    expect(parseMonth(input)).toBe(expected);
  });

  it.each(['0', '13', 'ma', 'marchy', 'foo', ''])('refuses %j', (input) => {
    expect(parseMonth(input)).toBeUndefined();
  });
});

describe('dates', () => {
  const rules = { name: "the child's date of birth", label: 'Date of birth', today: '2026-06-15' };

  it('reads day, month (as a number or a name) and year', () => {
    expect(parseDateParts({ day: '5', month: 'March', year: '2015' }, rules)).toEqual({
      ok: true,
      iso: '2015-03-05',
    });
    expect(parseDateParts({ day: '05', month: '03', year: '2015' }, rules)).toEqual({
      ok: true,
      iso: '2015-03-05',
    });
  });

  it('is optional unless required', () => {
    expect(parseDateParts({}, rules)).toEqual({ ok: true, iso: undefined });
    expect(parseDateParts({}, { ...rules, required: true })).toMatchObject({
      ok: false,
      message: "Enter the child's date of birth",
    });
  });

  it('names the missing parts', () => {
    expect(parseDateParts({ day: '5', year: '2015' }, rules)).toEqual({
      ok: false,
      message: 'Date of birth must include a month',
      parts: ['month'],
    });
    expect(parseDateParts({ year: '2015' }, rules)).toMatchObject({
      message: 'Date of birth must include a day and month',
      parts: ['day', 'month'],
    });
  });

  it('refuses impossible dates and short years', () => {
    expect(parseDateParts({ day: '31', month: 'feb', year: '2015' }, rules)).toMatchObject({
      message: 'Date of birth must be a real date',
      parts: ['day'],
    });
    expect(parseDateParts({ day: '29', month: '2', year: '2016' }, rules)).toEqual({
      ok: true,
      iso: '2016-02-29',
    });
    expect(parseDateParts({ day: '5', month: 'smarch', year: '2015' }, rules)).toMatchObject({
      message: 'Date of birth must be a real date',
      parts: ['month'],
    });
    expect(parseDateParts({ day: '5', month: '3', year: '15' }, rules)).toMatchObject({
      message: 'Year must include 4 numbers',
      parts: ['year'],
    });
  });

  it('applies past, earliest and latest', () => {
    expect(parseDateParts({ day: '16', month: '6', year: '2026' }, { ...rules, past: true })).toMatchObject({
      message: 'Date of birth must be today or in the past',
    });
    expect(parseDateParts({ day: '15', month: '6', year: '2026' }, { ...rules, past: true }).ok).toBe(true);
    expect(
      parseDateParts(
        { day: '1', month: '1', year: '1980' },
        { ...rules, earliest: { iso: '1990-01-01', message: 'Too early' } },
      ),
    ).toMatchObject({ message: 'Too early' });
  });

  it('round-trips every real date', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString().slice(0, 10);
          const [y, m, day] = iso.split('-');
          expect(parseDateParts({ day, month: m, year: y }, rules)).toEqual({ ok: true, iso });
        },
      ),
    );
  });

  it('reports the first wrong part in the issue, for the error summary link', () => {
    const result = z.safeParse(date(rules), { day: '5', month: '', year: '2015' });
    expect(result.error?.issues[0]).toMatchObject({
      message: 'Date of birth must include a month',
      params: { parts: ['month'] },
    });
  });

  it('takes today from Europe/London, not UTC', () => {
    expect(londonToday(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonToday(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });
});

describe('text', () => {
  it('keeps hostile text as text, but one-line answers lose line breaks', () => {
    expect(singleLine('  <script>alert(1)</script>\r\nBcc: x@y.com ')).toBe(
      '<script>alert(1)</script> Bcc: x@y.com',
    );
    expect(multiLine('line one\r\nline two\rthree  ')).toBe('line one\nline two\nthree');
    expect(singleLine('Zoe\u0308')).toBe('Zoë');
  });

  it('limits length with the GOV.UK message, and empty is not given', () => {
    const name = text({ label: 'Full name', max: 5, required: 'Enter your full name' });
    expect(issues(name, '')).toEqual(['Enter your full name']);
    expect(issues(name, '   ')).toEqual(['Enter your full name']);
    expect(issues(name, 'abcdef')).toEqual(['Full name must be 5 characters or fewer']);
    expect(z.parse(text({ label: 'x', max: 5 }), '')).toBeUndefined();
  });

  it('gives an address only when something was entered', () => {
    expect(z.parse(address({ ukPostcode: true }), { line1: '', town: '', postcode: '' })).toBeUndefined();
    expect(z.parse(address({ ukPostcode: true }), { line1: '1 High St', postcode: 'an12bc' })).toEqual({
      line1: '1 High St',
      postcode: 'AN1 2BC',
    });
  });
});
