import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { date, text } from '../../shared/web/fields.ts';
import { FormBody } from '../../shared/web/form-body.ts';
import { formInput, formValues, validate } from '../../shared/web/form-validation.ts';

function formOf(entries: [string, string][]): FormBody {
  const form = new FormBody();
  for (const [k, v] of entries) form.append(k, v);
  return form;
}

describe('formInput', () => {
  it('nests dash-separated names into objects and lists', () => {
    const input = formInput(
      formOf([
        ['name', 'Ada'],
        ['dateOfBirth-day', '1'],
        ['items-0-name', 'A'],
        ['items-0-address-postcode', 'AN1 2BC'],
        ['items-2-name', 'C'],
        ['csrfToken', 'x'],
      ]),
      ['csrfToken'],
    );
    expect(input).toEqual({
      name: 'Ada',
      dateOfBirth: { day: '1' },
      items: [{ name: 'A', address: { postcode: 'AN1 2BC' } }, { name: 'C' }],
    });
  });

  it('ignores names that could reach a prototype, and huge indexes', () => {
    const input = formInput(
      formOf([
        ['__proto__-polluted', 'yes'],
        ['constructor-prototype-polluted', 'yes'],
        ['items-99-name', 'x'],
        ['a-b-c-d-e-f', 'deep'],
        ['name', 'ok'],
      ]),
    );
    expect(input).toEqual({ name: 'ok' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(input)).toBe(Object.prototype);
  });

  it('keeps repeated values (checkboxes) as a list', () => {
    expect(
      formInput(
        formOf([
          ['x', 'a'],
          ['x', 'b'],
        ]),
      ),
    ).toEqual({ x: ['a', 'b'] });
  });
});

describe('formValues', () => {
  it('flattens a stored input back to field names', () => {
    expect(
      formValues({
        name: 'Ada',
        dateOfBirth: { day: '1', month: 'March' },
        items: [{ address: { town: 'X' } }],
      }),
    ).toEqual({
      name: 'Ada',
      'dateOfBirth-day': '1',
      'dateOfBirth-month': 'March',
      'items-0-address-town': 'X',
    });
  });
});

describe('validate', () => {
  const schema = z.object({
    name: text({ label: 'Full name', max: 10, required: 'Enter your full name' }),
    dateOfBirth: date({ name: 'your date of birth', label: 'Date of birth', today: '2026-01-01' }),
    items: z.optional(z.array(z.object({ name: text({ label: 'Name', max: 3 }) }))),
  });

  it('links each error to its field, in page order, one per field', () => {
    const result = validate(schema, {
      name: '',
      dateOfBirth: { day: '1', year: '2000' },
      items: [{ name: 'ok' }, { name: 'too long' }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.list).toEqual([
      { text: 'Enter your full name', href: '#name' },
      { text: 'Date of birth must include a month', href: '#dateOfBirth-month' },
      { text: 'Name must be 3 characters or fewer', href: '#items-1-name' },
    ]);
    expect(result.errors.byId.dateOfBirth?.parts).toEqual(['month']);
  });
});
