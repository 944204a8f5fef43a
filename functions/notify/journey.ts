import { applies, errorsFor, type PageContext, type QuestionPage, type Screen } from './page.ts';
import { aboutYouPage } from './pages/about-you.ts';
import { arrangementPage } from './pages/arrangement.ts';
import { carerPage } from './pages/carer.ts';
import { carerPreviousAddressesPage } from './pages/carer-previous-addresses.ts';
import { carerIsNotifying, carerSuitabilityPage } from './pages/carer-suitability.ts';
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
 * The answer records in the order a notifier meets them (issue 3: who you are, the child, the
 * carer and household, parents, brothers and sisters, others involved, the arrangement). Each is
 * kept under its id in the draft; SCREENS says how each is asked.
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
  carerSuitabilityPage,
  parentsPage,
  receivedFromPage,
  siblingsPage,
  othersInvolvedPage,
  arrangementPage,
];

/** A page asked on one screen at its own address. */
const whole = (page: QuestionPage, more: Partial<Screen> = {}): Screen => ({
  id: page.id,
  page,
  path: page.path,
  template: page.template,
  title: page.title,
  ...more,
});

/** One question of a page on a screen of its own; the first keeps the page's address. */
const part = (page: QuestionPage, slug: string | undefined, title: string, keys: string[]): Screen => ({
  id: slug ? `${page.id}-${slug}` : page.id,
  page,
  path: slug ? `${page.path}/${slug}` : page.path,
  template: page.template,
  title,
  keys,
});

/**
 * What the notifier sees, one thing per page (GOV.UK question pages), in order. A page that asked
 * several questions is asked over several screens; a date with "I do not know", an address, or
 * Schedule 1's "purpose and intended duration" stay together as one thing. Whether the child is
 * disabled is asked once, on "Is this private fostering?"; the school is filled in from the
 * notifier's organisation when a school notifies (child-background.ts).
 */
export const SCREENS: readonly Screen[] = [
  // The first screen explains private fostering; its question is "How old is the child?".
  part(eligibilityPage, undefined, 'Is this private fostering?', ['childAge']),
  part(eligibilityPage, 'disabled', 'Is the child disabled?', ['disabled']),
  part(eligibilityPage, 'carer', 'Who is looking after the child?', ['carer']),
  part(eligibilityPage, 'where', 'Where is the child living?', ['setting']),
  part(eligibilityPage, 'how-long', 'How long has the child stayed, or how long will they stay?', [
    'duration',
  ]),
  whole(aboutYouPage),
  whole(contactDetailsPage),
  part(childPage, undefined, 'What is the child’s name?', ['name']),
  part(childPage, 'sex', 'What is the child’s sex?', ['sex']),
  part(childPage, 'date-of-birth', 'What is the child’s date of birth?', ['dateOfBirth', 'approximateAge']),
  whole(childBackgroundPage),
  whole(childAddressPage),
  whole(carerPage),
  whole(carerPreviousAddressesPage),
  whole(householdPage),
  {
    ...part(
      carerSuitabilityPage,
      undefined,
      'Have you, or has anyone who lives in your home, been convicted of or cautioned for an offence?',
      ['convictions', 'convictionsDetails'],
    ),
    appliesTo: carerIsNotifying,
  },
  {
    ...part(
      carerSuitabilityPage,
      'disqualified',
      'Have you, or has anyone who lives in your home, been disqualified from private fostering?',
      ['disqualified'],
    ),
    appliesTo: carerIsNotifying,
  },
  {
    ...part(
      carerSuitabilityPage,
      'prohibited',
      'Has a council ever stopped you, or anyone who lives in your home, from private fostering?',
      ['prohibited'],
    ),
    appliesTo: carerIsNotifying,
  },
  whole(parentsPage),
  whole(receivedFromPage),
  whole(siblingsPage),
  whole(othersInvolvedPage),
  part(arrangementPage, undefined, 'Does the child already live with the carer?', ['childLivesThereNow']),
  part(arrangementPage, 'start-date', 'When did the child start living with the carer, or when will they?', [
    'startDate',
    'startDateUnknown',
  ]),
  part(arrangementPage, 'purpose', 'Why the child is staying with the carer', [
    'purpose',
    'intendedDuration',
  ]),
  part(arrangementPage, 'safety', 'Are you worried about the child’s safety right now?', [
    'immediateSafetyConcern',
  ]),
];

/** Whether a page is asked of this notifier at all (a page on no applying screen is not). */
export function pageApplies(page: QuestionPage, ctx: PageContext): boolean {
  return SCREENS.some((s) => s.page === page && applies(s, ctx));
}

/** The screens of a page shown to this notifier, in order. */
export function screensOf(page: QuestionPage, ctx: PageContext): Screen[] {
  return SCREENS.filter((s) => s.page === page && applies(s, ctx));
}

/** The screen that asks a field (its "Change" link goes there); the page's first when none does. */
export function screenFor(page: QuestionPage, field: string | undefined): Screen {
  const key = field?.split('-')[0];
  const screens = SCREENS.filter((s) => s.page === page);
  const found = screens.find((s) => !s.keys || (key !== undefined && s.keys.includes(key)));
  return found ?? (screens[0] as Screen);
}

export function isLastScreenOf(screen: Screen, ctx: PageContext): boolean {
  const mine = screensOf(screen.page, ctx);
  return mine[mine.length - 1] === screen;
}

/** Where a screen's Continue leads when there is no branch: the next screen this notifier sees. */
export function pathAfter(screen: Screen, ctx: PageContext): string {
  const index = SCREENS.indexOf(screen);
  return SCREENS.slice(index + 1).find((s) => applies(s, ctx))?.path ?? CHECK_ANSWERS_PATH;
}

/** Added to a page's address when it is opened from a "Change" link on "Check your answers". */
export const CHANGE_QUERY = 'change=check';

/** A page's address opened from "Check your answers", optionally landing on one field. */
export function changePath(path: string, field?: string): string {
  return `${path}?${CHANGE_QUERY}${field ? `#${field}` : ''}`;
}

/**
 * Where Continue leads after a screen is answered. Changing an answer from "Check your answers"
 * goes back there (GOV.UK "Check answers" pattern), not on through every later page; a branch
 * (the eligibility result, the urgent-concern guidance) is still shown, and leads back there too.
 */
export function pathAfterAnswer(
  screen: Screen,
  branch: string | undefined,
  change: boolean,
  ctx: PageContext,
): string {
  if (!change) return branch ?? pathAfter(screen, ctx);
  return branch ? changePath(branch) : CHECK_ANSWERS_PATH;
}

/** The back link: the screen before, with the eligibility result between the check and about you. */
export function pathBefore(screen: Screen, ctx: PageContext): string {
  if (screen.page === aboutYouPage) return ELIGIBILITY_RESULT_PATH;
  const index = SCREENS.indexOf(screen);
  const before = SCREENS.slice(0, Math.max(0, index)).filter((s) => applies(s, ctx));
  return before[before.length - 1]?.path ?? START_PATH;
}

/**
 * The notifier's own details: kept for "Tell us about another child", since a teacher or GP
 * telling us about two children is the same person with the same contact details.
 */
export const NOTIFIER_PAGES: readonly QuestionPage[] = [aboutYouPage, contactDetailsPage];

export const FIRST_QUESTION_PATH = eligibilityPage.path;
export const AFTER_ELIGIBILITY_PATH = aboutYouPage.path;
/** The last screen: "Are you worried about the child's safety right now?". */
export const LAST_QUESTION_PATH = (SCREENS[SCREENS.length - 1] as Screen).path;

/**
 * Where to fix a page's stored input: its first screen (shown to this notifier) whose question is
 * unanswered or wrong, or undefined when the page is done. A draft saved before a page was split
 * across screens resumes at the first question it has no answer for.
 */
export function screenToFix(page: QuestionPage, input: unknown, ctx: PageContext): Screen | undefined {
  const screens = screensOf(page, ctx);
  if (input === undefined) return screens[0];
  const parsed = page.parse(input, ctx);
  if (parsed.ok) return undefined;
  return screens.find((s) => !s.keys || errorsFor(parsed.errors, s.keys).list.length > 0) ?? screens[0];
}
