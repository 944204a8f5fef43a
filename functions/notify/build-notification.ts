import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import {
  CampaignIdSchema,
  type Eligibility,
  type Notification,
  NotificationSchema,
} from '../../shared/domain/notification.ts';
import { answerOf, type PageContext } from './page.ts';
import { aboutYouPage } from './pages/about-you.ts';
import { arrangementPage } from './pages/arrangement.ts';
import { carerPage } from './pages/carer.ts';
import { carerPreviousAddressesPage } from './pages/carer-previous-addresses.ts';
import { carerIsNotifying, carerSuitabilityPage, SUITABILITY_STORED } from './pages/carer-suitability.ts';
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

export interface SubmissionProblem {
  text: string;
  /** The page to fix it on. */
  href: string;
}

/** Identifies the draft in the notification without revealing the cookie value. */
export function submissionIdOf(draftId: string): string {
  return createHash('sha256').update(`submission:${draftId}`).digest('base64url').slice(0, 32);
}

/** "I'm not sure" on the eligibility question is the stored "unknown". */
const CHILD_DISABLED: Record<Eligibility['disabled'], Notification['child']['disabled']> = {
  yes: 'yes',
  no: 'no',
  'not-sure': 'unknown',
};

/**
 * The campaign link a visitor arrived from (campaign-links.ts) is kept in the draft they already
 * have, beside the answers, under this key: no extra cookie, nothing in the pages' forms, and it
 * survives "save and come back later" like every answer. Read back through the notification's own
 * slug check, so a tampered draft cannot put anything else in the record.
 */
export const CAMPAIGN_ANSWER = 'campaign';
const campaignOf = (ctx: PageContext): string | undefined => {
  const parsed = z.safeParse(z.optional(CampaignIdSchema), ctx.answers[CAMPAIGN_ANSWER]);
  return parsed.success ? parsed.data : undefined;
};

const emptyToUndefined = <T>(list: T[] | undefined): T[] | undefined => (list?.length ? list : undefined);

/**
 * The notification from a draft's answers, or what is missing. Regulation 3(4) allows partial
 * notices, so the minimum is only what lets the council act (issue 3): who is notifying and how to
 * reach them, and enough to find the child — a name, or the carer's address.
 */
export function buildNotification(
  ctx: PageContext,
  meta: { reference: string; receivedAt: string; draftId: string },
): { ok: true; notification: Notification } | { ok: false; problems: SubmissionProblem[] } {
  const eligibility = answerOf(eligibilityPage, ctx);
  const aboutYou = answerOf(aboutYouPage, ctx);
  const contact = answerOf(contactDetailsPage, ctx);
  const child = answerOf(childPage, ctx);
  const background = answerOf(childBackgroundPage, ctx);
  const childAddress = answerOf(childAddressPage, ctx);
  const carer = answerOf(carerPage, ctx);
  const previousAddresses = answerOf(carerPreviousAddressesPage, ctx);
  const household = answerOf(householdPage, ctx);
  // Asked only of a carer (journey.ts): an answer left from before the notifier said who they are
  // is not theirs to send.
  const suitability = carerIsNotifying(ctx) ? answerOf(carerSuitabilityPage, ctx) : undefined;
  const parents = answerOf(parentsPage, ctx);
  const receivedFrom = answerOf(receivedFromPage, ctx);
  const siblings = answerOf(siblingsPage, ctx);
  const others = answerOf(othersInvolvedPage, ctx);
  const arrangement = answerOf(arrangementPage, ctx);

  const campaign = campaignOf(ctx);

  const problems: SubmissionProblem[] = [];
  if (!aboutYou) problems.push({ text: 'Tell us who you are and your full name', href: aboutYouPage.path });
  if (!contact?.email && !contact?.phone) {
    problems.push({ text: 'Enter an email address or a phone number', href: contactDetailsPage.path });
  }
  if (!child?.name && !carer?.address) {
    problems.push({ text: "Enter the child's name or the carer's address", href: childPage.path });
  }
  if (!aboutYou || problems.length > 0) return { ok: false, problems };

  const notification: Notification = {
    reference: meta.reference,
    receivedAt: meta.receivedAt,
    submissionId: submissionIdOf(meta.draftId),
    ...(eligibility ? { eligibility } : {}),
    notifier: {
      role: aboutYou.role,
      organisation: aboutYou.organisation,
      name: aboutYou.name ?? '',
      jobTitle: aboutYou.jobTitle,
      workAddress: contact?.workAddress,
      email: contact?.email,
      phone: contact?.phone,
    },
    child: {
      name: child?.name,
      sex: child?.sex,
      dateOfBirth: child?.dateOfBirth,
      approximateAge: child?.approximateAge,
      // Asked once, on "Is this private fostering?".
      disabled: eligibility ? CHILD_DISABLED[eligibility.disabled] : 'unknown',
      placeOfBirth: background?.placeOfBirth,
      religion: background?.religion,
      ethnicity: background?.ethnicity,
      languageAndCulture: background?.languageAndCulture,
      school: background?.school,
      livesAtCarerAddress:
        childAddress?.livesAt === 'carer' ? 'yes' : childAddress?.livesAt === 'elsewhere' ? 'no' : undefined,
      address: childAddress?.address,
    },
    carer: {
      name: carer?.name,
      relationship: carer?.relationship,
      address: carer?.address,
      phone: carer?.phone,
      previousAddresses: emptyToUndefined(previousAddresses),
      household: emptyToUndefined(household),
      ...(suitability
        ? {
            convictions: SUITABILITY_STORED[suitability.convictions],
            convictionsDetails: suitability.convictionsDetails,
            disqualified: SUITABILITY_STORED[suitability.disqualified],
            prohibited: SUITABILITY_STORED[suitability.prohibited],
          }
        : {}),
    },
    parents: emptyToUndefined(parents),
    receivedFrom: receivedFrom?.person,
    siblings: emptyToUndefined(siblings),
    othersInvolved: emptyToUndefined(others),
    ...(campaign ? { campaign } : {}),
    arrangement: {
      childLivesThereNow: arrangement?.childLivesThereNow,
      startDate: arrangement?.startDate,
      startDateKnown: arrangement?.startDateKnown,
      intendedDuration: arrangement?.intendedDuration,
      purpose: arrangement?.purpose,
      immediateSafetyConcern: arrangement?.immediateSafetyConcern,
    },
  };
  // The stored shape is a boundary too: a mismatch between pages and schema fails here, loudly.
  return { ok: true, notification: z.parse(NotificationSchema, notification) };
}
