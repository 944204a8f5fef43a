import { financialYearContaining, type Period } from '../../../shared/domain/compliance.ts';
import { compareIsoDates } from '../../../shared/domain/local-date.ts';
import { dateToParts, parseDateParts } from '../../../shared/web/fields.ts';
import { addError, type FormErrors, noErrors } from '../../../shared/web/form-validation.ts';

/**
 * A period (and, for the bulk export, "changed since") read from GOV.UK date inputs in a GET query,
 * as the compliance page reads its period: the financial year containing today by default, and a
 * mistake reported with the GOV.UK error summary rather than silently replaced.
 */
export interface PeriodQuery {
  period: Period;
  since: string | undefined;
  errors: FormErrors;
  values: Record<string, string>;
  /** The same selection as query parameters, for download links. */
  query: string;
}

export function readPeriodQuery(
  query: Record<string, string>,
  today: string,
  withSince = false,
): PeriodQuery {
  const fallback = financialYearContaining(today);
  const errors = noErrors();
  const read = (name: string, label: string): string | undefined => {
    const r = parseDateParts(
      { day: query[`${name}-day`], month: query[`${name}-month`], year: query[`${name}-year`] },
      { name: `the ${label.toLowerCase()}`, label, required: false, today },
    );
    if (!r.ok) {
      addError(errors, name, r.message, { parts: r.parts });
      return undefined;
    }
    return r.iso;
  };
  const from = read('from', 'Start date') ?? fallback.from;
  const to = read('to', 'End date') ?? fallback.to;
  const since = withSince ? read('since', 'Changed since date') : undefined;
  if (errors.list.length === 0 && compareIsoDates(from, to) > 0) {
    addError(errors, 'to', 'End date must be on or after the start date', { parts: ['day'] });
  }
  const values: Record<string, string> = {};
  const params = new URLSearchParams();
  for (const [name, iso] of [
    ['from', from],
    ['to', to],
    ['since', since],
  ] as const) {
    const p = dateToParts(iso);
    for (const part of ['day', 'month', 'year'] as const) {
      const key = `${name}-${part}`;
      values[key] = query[key] ?? p[part];
      if (iso) params.set(key, p[part]);
    }
  }
  return { period: { from, to }, since, errors, values, query: params.toString() };
}
