import {
  MISSING_INFORMATION_LINK_DAYS,
  MISSING_ITEM_GAPS,
  type MissingItem,
  missingItemsOf,
} from '../../../shared/domain/missing-information.ts';
import { defineCaseAction } from './action.ts';

/**
 * Ask the notifier for what is missing (issue 12): a single-use link, by email, to a page that
 * asks only the Schedule 1 items still missing. Offered only when something is missing and the
 * notification gave an email address: the link goes to that address and no other, so the form
 * has no address field (staff never type one). The link itself is made and sent once the request
 * is recorded (case-actions.ts), and the page is the notify function's (missing-information.ts).
 */
export const requestMissingInformationAction = defineCaseAction<MissingItem[]>({
  id: 'request-missing-information',
  changeType: 'request-missing-information',
  template: 'request-missing-information.njk',
  title: (reference) => `Ask the notifier for what is missing: case ${reference}`,
  linkText: () => 'Ask the notifier for what is missing',
  doneMessage: 'The notifier has been sent a link to tell us what is missing',
  applies: (snapshot) =>
    snapshot.caseRecord.status === 'open' &&
    Boolean(snapshot.notification?.notifier.email) &&
    missingItemsOf(snapshot.caseRecord.gaps).length > 0,
  notApplicable: 'Nothing is missing, or the notifier gave no email address',
  viewData: (ctx) => ({
    items: missingItemsOf(ctx.snapshot.caseRecord.gaps).map((i) => MISSING_ITEM_GAPS[i]),
    days: MISSING_INFORMATION_LINK_DAYS,
  }),
  // Nothing to fill in: the items are the case's gaps as they stand when the form is sent.
  parse: (_input, ctx) => ({ ok: true, value: missingItemsOf(ctx.snapshot.caseRecord.gaps) }),
  toChange: (items) => ({ type: 'request-missing-information', items }),
});
