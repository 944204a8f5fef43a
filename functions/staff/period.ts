import { financialYearContaining, type Period } from '../../shared/domain/compliance.ts';
import { compareIsoDates, type IsoDate } from '../../shared/domain/local-date.ts';
import { dateToParts, parseDateParts } from '../../shared/web/fields.ts';
import { type FormErrors, noErrors } from '../../shared/web/form-validation.ts';

/**
 * The reporting period a staff page reads from its query (`from-day`, `from-month`, …): the
 * financial year containing today by default, as the compliance page does. A period with a
 * mistake falls back to the default and carries the errors, so the page shows no figures for it.
 */
export function periodFromQuery(
  query: Record<string, string>,
  today: IsoDate,
): { period: Period; errors: FormErrors; values: Record<string, string> } {
  const fallback = financialYearContaining(today);
  const errors = noErrors();
  const read = (name: 'from' | 'to', label: string, dflt: string) => {
    const given = [`${name}-day`, `${name}-month`, `${name}-year`].some((k) => query[k]);
    if (!given) return dflt;
    const r = parseDateParts(
      { day: query[`${name}-day`], month: query[`${name}-month`], year: query[`${name}-year`] },
      { name: `the ${label.toLowerCase()}`, label, required: true, today },
    );
    if (r.ok && r.iso) return r.iso;
    if (!r.ok) {
      errors.byId[name] = { text: r.message, href: `#${name}-${r.parts[0] ?? 'day'}`, parts: r.parts };
      errors.list.push({ text: r.message, href: `#${name}-${r.parts[0] ?? 'day'}` });
    }
    return dflt;
  };
  let from = read('from', 'Start date', fallback.from);
  let to = read('to', 'End date', fallback.to);
  if (errors.list.length === 0 && compareIsoDates(from, to) > 0) {
    errors.byId.to = { text: 'End date must be on or after the start date', href: '#to-day' };
    errors.list.push({ text: 'End date must be on or after the start date', href: '#to-day' });
  }
  if (errors.list.length > 0) ({ from, to } = fallback);
  const values: Record<string, string> = {};
  for (const [name, iso] of [
    ['from', from],
    ['to', to],
  ] as const) {
    const p = dateToParts(iso);
    values[`${name}-day`] = query[`${name}-day`] ?? p.day;
    values[`${name}-month`] = query[`${name}-month`] ?? p.month;
    values[`${name}-year`] = query[`${name}-year`] ?? p.year;
  }
  return { period: { from, to }, errors, values };
}

/** The period as the query string that reads it back. */
export function periodQuery(p: Period): string {
  const f = dateToParts(p.from);
  const t = dateToParts(p.to);
  return new URLSearchParams({
    'from-day': f.day,
    'from-month': f.month,
    'from-year': f.year,
    'to-day': t.day,
    'to-month': t.month,
    'to-year': t.year,
  }).toString();
}
