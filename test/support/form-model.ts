/**
 * What a question page asks for, read from the page as served (its `<input>`, `<textarea>`,
 * `<select>` and action buttons), so fuzzing follows the form as it is today — a field added to a
 * page is fuzzed without a change here — and plausible values for each, so generated journeys
 * get far enough to submit.
 */

export type FieldKind = 'text' | 'textarea' | 'email' | 'tel' | 'radio' | 'checkbox' | 'select';

export interface FieldModel {
  name: string;
  kind: FieldKind;
  /** Values offered (radios, checkboxes, options). */
  options: string[];
}

export interface FormModel {
  path: string;
  pageId: string;
  fields: FieldModel[];
  /** Values of the page's `name="action"` buttons ("continue", "add", "remove-0", …). */
  actions: string[];
}

const attribute = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
const CONTROL = new Set(['csrfToken', 'returnTo', 'action']);

export function readForm(html: string, path: string, pageId: string): FormModel {
  const fields = new Map<string, FieldModel>();
  const add = (name: string | undefined, kind: FieldKind, option?: string) => {
    if (!name || CONTROL.has(name)) return;
    const field = fields.get(name) ?? { name, kind, options: [] };
    if (option !== undefined && !field.options.includes(option)) field.options.push(option);
    fields.set(name, field);
  };
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    const type = attribute(tag, 'type') ?? 'text';
    if (type === 'hidden' || type === 'submit') continue;
    const kind: FieldKind =
      type === 'radio' || type === 'checkbox' || type === 'email' || type === 'tel' ? type : 'text';
    add(
      attribute(tag, 'name'),
      kind,
      kind === 'radio' || kind === 'checkbox' ? attribute(tag, 'value') : undefined,
    );
  }
  for (const [tag] of html.matchAll(/<textarea\b[^>]*>/g)) add(attribute(tag, 'name'), 'textarea');
  for (const [, open, body] of html.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
    const name = attribute(open ?? '', 'name');
    for (const [option] of (body ?? '').matchAll(/<option\b[^>]*>/g))
      add(name, 'select', attribute(option, 'value'));
  }
  const actions = [...html.matchAll(/<button\b[^>]*>/g)]
    .map(([tag]) => (attribute(tag, 'name') === 'action' ? attribute(tag, 'value') : undefined))
    .filter((v): v is string => v !== undefined);
  return { path, pageId, fields: [...fields.values()], actions: [...new Set(actions)] };
}

/** A value a person might well type or choose for this field. */
export function plausibleValues(field: FieldModel): string[] {
  const name = field.name;
  // A checkbox left unticked first: "I do not know the start date" ticked beside a date is refused.
  if (field.kind === 'checkbox') return ['', ...field.options];
  if (field.options.length) return field.options;
  if (field.kind === 'email' || /email/i.test(name))
    return ['priya.teacher@school.example', 'a.b@council.gov.uk'];
  if (field.kind === 'tel' || /phone/i.test(name))
    return ['07700 900 982', '01632 960001', '+44 808 157 0192'];
  if (/-day$/.test(name)) return ['1', '15', '28', '09'];
  if (/-month$/.test(name)) return ['3', '12', 'March', 'sept'];
  if (/-year$/.test(name)) return /startDate/i.test(name) ? ['2025', '2026'] : ['2012', '2015', '2019'];
  if (/postcode$/i.test(name)) return ['AN1 2BC', 'an12bc', 'EL1 1AA', 'SW1A 1AA'];
  if (/approximateAge$/i.test(name)) return ['12', '14'];
  if (/country$/i.test(name)) return ['France', 'Nigeria'];
  if (/town$/i.test(name)) return ['Anytown', 'Elsewhere'];
  if (/line1$/i.test(name)) return ['1 High Street', 'Flat 2, 17 Larkspur Mews'];
  if (/name$/i.test(name)) return ['Sam Smith', 'Zainab Testchild', 'Ólafur Ñúñez-O’Brien'];
  return ['Some answer', 'Anytown Academy', 'Aunt'];
}
