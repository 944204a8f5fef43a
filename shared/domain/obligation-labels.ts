import { defaultCheckPolicy } from './statutory-clock.ts';

/**
 * What staff call each obligation, on the case page and in every reminder email alike, so an
 * email item can be found on the page it links to. Checks take the council's own check names.
 */
const OBLIGATION_LABELS: Record<string, string> = {
  'initial-visit': 'Initial visit',
  'regulation-8-visit': 'Next regulation 8 visit',
  'requested-visit': 'Visit asked for by the child, carer or a parent',
  'arrangement-end': 'Private fostering ends (age)',
  'end-review': "Review the young person's needs before private fostering ends",
  'interim-safety-plan': 'Interim police checks and safety plan (DBS delayed)',
  'email-delivery': 'An email about this case could not be delivered',
  'notification-routing': 'A notification could not be routed',
};

const CHECK_LABELS: Record<string, string> = Object.fromEntries(
  defaultCheckPolicy.map((r) => [r.type, r.label]),
);

/** The name staff see for a check type (its configured label). */
export const checkLabel = (type: string): string => CHECK_LABELS[type] ?? type;

/** The name staff see for an obligation kind (`initial-visit`, `check:dbs-carer`, …). */
export function obligationLabel(kind: string): string {
  if (kind.startsWith('check:')) return checkLabel(kind.slice('check:'.length));
  return OBLIGATION_LABELS[kind] ?? kind;
}
