import { defaultCheckPolicy } from './statutory-clock.ts';

/**
 * What staff call each obligation, on the case page and in every reminder email alike, so an
 * email item can be found on the page it links to. Checks take the council's own check names.
 */
const OBLIGATION_LABELS: Record<string, string> = {
  'front-door-decision': 'Front door decision on the notification',
  'initial-visit': 'Initial visit',
  'move-in-visit': 'Visit after the child moved in',
  'regulation-8-visit': 'Next regulation 8 visit',
  'requested-visit': 'Visit asked for by the child, carer or a parent',
  'arrangement-end': 'Private fostering ends (age)',
  'end-review': "Review the young person's needs before private fostering ends",
  'interim-safety-plan': 'Interim police checks and safety plan (DBS delayed)',
  'email-delivery': 'An email about this case could not be delivered',
  'notification-routing': 'A notification could not be routed',
  'notice-routing': 'A change or ending notice could not be routed',
  'transfer-acknowledgement': 'The receiving council acknowledges the transfer notice',
  'missing-information': 'Information asked of the notifier, not given',
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

/**
 * Why an obligation is owed, in general words, for emails. The computed basis on the case page
 * names dates that can identify the child (a date of birth, that the child is disabled), so an
 * email carries only the rule; the full reasoning stays behind sign-in.
 */
const RULES_IN_WORDS: Record<string, string> = {
  'front-door-decision':
    'Decide the next step within one working day of the notification (Working Together to Safeguard Children 2023).',
  'move-in-visit': 'Visit within 7 working days of being told the child has moved in (regulation 7).',
  'initial-visit': 'Visit within 7 working days of being told of the arrangement (regulations 4 and 7).',
  'regulation-8-visit':
    'Visit at least every 6 weeks in the first year and every 12 weeks after that (regulation 8).',
  'requested-visit': 'Visit when the child, the carer or a parent reasonably asks (regulation 8).',
  'arrangement-end': 'The arrangement ends when the young person reaches the age limit (section 66).',
  'end-review': 'Review the young person’s needs before the arrangement ends at the age limit.',
  'interim-safety-plan': 'A DBS check is delayed: interim police checks and a safety plan (local practice).',
  'email-delivery': 'An email about this case could not be delivered.',
  'notification-routing': 'A notification could not be routed after repeated attempts.',
  'notice-routing': 'A change or ending notice could not be routed after repeated attempts.',
  'transfer-acknowledgement':
    'The council the child has moved to should acknowledge the transfer notice within 5 working days (local practice between councils).',
  'missing-information':
    'The notifier was sent a link asking for missing information and a reminder, and has not answered.',
};

/** The rule behind an obligation, safe to put in an email (no dates or facts about the child). */
export function obligationRuleInWords(kind: string): string {
  if (kind.startsWith('check:')) return 'Safeguarding checks the council requires (local procedure).';
  return RULES_IN_WORDS[kind] ?? 'See the case page.';
}
