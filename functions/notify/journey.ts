import type { QuestionPage } from './page.ts';
import { aboutYouPage } from './pages/about-you.ts';
import { arrangementPage } from './pages/arrangement.ts';
import { carerPage } from './pages/carer.ts';
import { carerPreviousAddressesPage } from './pages/carer-previous-addresses.ts';
import { childPage } from './pages/child.ts';
import { childAddressPage } from './pages/child-address.ts';
import { childBackgroundPage } from './pages/child-background.ts';
import { contactDetailsPage } from './pages/contact-details.ts';
import { eligibilityPage } from './pages/eligibility.ts';
import { householdPage } from './pages/household.ts';
import { othersInvolvedPage } from './pages/others-involved.ts';
import { parentsPage } from './pages/parents.ts';
import { receivedFromPage } from './pages/received-from.ts';
import { siblingsPage } from './pages/siblings.ts';

export const START_PATH = '/';
export const ELIGIBILITY_RESULT_PATH = '/is-this-private-fostering/result';
export const URGENT_PATH = '/urgent-concern';
export const CHECK_ANSWERS_PATH = '/check-answers';
export const CONFIRMATION_PATH = '/confirmation';

/**
 * The question pages in the order a notifier meets them (issue 3: who you are, the child, the
 * carer and household, parents, brothers and sisters, others involved, the arrangement). Branches
 * (the eligibility result, the urgent-concern guidance) are each page's `next`.
 */
export const JOURNEY: readonly QuestionPage[] = [
  eligibilityPage,
  aboutYouPage,
  contactDetailsPage,
  childPage,
  childBackgroundPage,
  childAddressPage,
  carerPage,
  carerPreviousAddressesPage,
  householdPage,
  parentsPage,
  receivedFromPage,
  siblingsPage,
  othersInvolvedPage,
  arrangementPage,
];

/** Where a page's Continue leads when the page has no branch of its own. */
export function pathAfter(page: QuestionPage): string {
  const index = JOURNEY.indexOf(page);
  return JOURNEY[index + 1]?.path ?? CHECK_ANSWERS_PATH;
}

/** Added to a page's address when it is opened from a "Change" link on "Check your answers". */
export const CHANGE_QUERY = 'change=check';

/** A page's address opened from "Check your answers", optionally landing on one field. */
export function changePath(path: string, field?: string): string {
  return `${path}?${CHANGE_QUERY}${field ? `#${field}` : ''}`;
}

/**
 * Where Continue leads after a page is answered. Changing an answer from "Check your answers"
 * goes back there (GOV.UK "Check answers" pattern), not on through every later page; a branch
 * (the eligibility result, the urgent-concern guidance) is still shown, and leads back there too.
 */
export function pathAfterAnswer(page: QuestionPage, branch: string | undefined, change: boolean): string {
  if (!change) return branch ?? pathAfter(page);
  return branch ? changePath(branch) : CHECK_ANSWERS_PATH;
}

/** The back link: the page before, with the eligibility result between the check and about you. */
export function pathBefore(page: QuestionPage): string {
  if (page === aboutYouPage) return ELIGIBILITY_RESULT_PATH;
  const index = JOURNEY.indexOf(page);
  return index > 0 ? (JOURNEY[index - 1]?.path ?? START_PATH) : START_PATH;
}

/**
 * The notifier's own details: kept for "Tell us about another child", since a teacher or GP
 * telling us about two children is the same person with the same contact details.
 */
export const NOTIFIER_PAGES: readonly QuestionPage[] = [aboutYouPage, contactDetailsPage];

export const FIRST_QUESTION_PATH = eligibilityPage.path;
export const AFTER_ELIGIBILITY_PATH = aboutYouPage.path;
export const LAST_QUESTION_PATH = arrangementPage.path;
