import * as z from 'zod/mini';
import { schemaOnFirstUse } from '../schema-on-first-use.ts';
import { tokenHash } from '../token-hash.ts';
import { type IsoDate, londonDateOf } from './local-date.ts';
import { PersonSchema } from './notification.ts';
import type { WorkingDayCalendar } from './working-days.ts';

/**
 * Asking the notifier for what is missing (issue 12). Ofsted (Cumberland, 2024) found referrals
 * "lacking basic information such as the start date of the arrangement and parents' details". A
 * notice holds whatever Schedule 1 information the notifier is able to give (regulation 3(4) of
 * the Children (Private Arrangements for Fostering) Regulations 2005), so the council may ask for
 * the rest afterwards: staff send a single-use link, to the address the notifier gave, to a page
 * that asks only the Schedule 1 items still missing. The answers join the case as an addition;
 * the notification stays as received.
 */

/** Schedule 1 items a link can ask for: the gaps `informationGaps` reports, one question each. */
export const MISSING_ITEMS = [
  'start-date', // Schedule 1 para 7: when the arrangement began or will begin
  'parents', // Schedule 1 para 4: parents and anyone with parental responsibility
  'child-date-of-birth', // Schedule 1 para 1
  'carer-name', // Schedule 1 para 3
  'carer-postcode', // Schedule 1 para 3: the carer's address
] as const;
export const MissingItemSchema = z.enum(MISSING_ITEMS);
export type MissingItem = z.infer<typeof MissingItemSchema>;

/** Each item's gap, in the words `informationGaps` (notification.ts) uses on the case. */
export const MISSING_ITEM_GAPS: Record<MissingItem, string> = {
  'start-date': 'Start date of the arrangement',
  parents: "Parents' details",
  'child-date-of-birth': "Child's date of birth",
  'carer-name': "Carer's name",
  'carer-postcode': "Carer's postcode",
};

/** The public page's path, before the token (functions/notify/missing-information.ts). */
export const MISSING_INFORMATION_PREFIX = '/missing-information/';

/** How long a link works: two weeks covers a school holiday week and a slow inbox. */
export const MISSING_INFORMATION_LINK_DAYS = 14;

/**
 * An unanswered link is followed up twice, by the reminder sweep: once to the notifier, this many
 * working days after it was sent (an email with the council, the reference and the dates, pointing
 * to the first email: the link itself is stored only hashed, so it cannot be sent again); and once
 * to the case (the allocated caseworker, else the team mailbox), flagged in their reminder digest
 * when the link expires unanswered. No obligation on the statutory clock: asking is good practice,
 * not a duty with a legal due date.
 */
export const MISSING_INFORMATION_REMINDER_WORKING_DAYS = 5;

/** When the sweep reminds the notifier: N working days after the London date sent, at 08:00. */
export function notifierReminderOn(sentAt: Date, calendar: WorkingDayCalendar): IsoDate {
  return calendar.addWorkingDays(londonDateOf(sentAt), MISSING_INFORMATION_REMINDER_WORKING_DAYS).date;
}

/** The items still missing, from the case's gaps (which already count earlier additions). */
export function missingItemsOf(gaps: readonly string[]): MissingItem[] {
  return MISSING_ITEMS.filter((item) => gaps.includes(MISSING_ITEM_GAPS[item]));
}

/** When a link sent at `sentAt` stops working. */
export function linkExpiry(sentAt: Date): Date {
  return new Date(sentAt.getTime() + MISSING_INFORMATION_LINK_DAYS * 24 * 60 * 60 * 1000);
}

/**
 * The token as stored: its SHA-256, so a read of the table (a backup, an export) cannot be used
 * to answer in the notifier's name. The token itself is 32 random bytes, only in the email.
 */
export const hashLinkToken = (token: string): string => tokenHash(token, 'hex');

/** A token as issued: 32 bytes, base64url. Anything else in the path is not looked up. */
export const isLinkToken = (value: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(value);

/** What the notifier added, as stored with the case (an ADDITION item). */
export const AdditionAnswersSchema = schemaOnFirstUse(() =>
  z.object({
    startDate: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
    parents: z.optional(z.array(PersonSchema).check(z.maxLength(2))),
    childDateOfBirth: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
    carerName: z.optional(z.string().check(z.maxLength(200))),
    carerPostcode: z.optional(z.string().check(z.maxLength(10))),
  }),
);
export type AdditionAnswers = z.infer<typeof AdditionAnswersSchema>;

/** The items an addition answers (an item left blank stays missing). */
export function itemsAnswered(a: AdditionAnswers): MissingItem[] {
  const answered: MissingItem[] = [];
  if (a.startDate) answered.push('start-date');
  if (a.parents?.length) answered.push('parents');
  if (a.childDateOfBirth) answered.push('child-date-of-birth');
  if (a.carerName) answered.push('carer-name');
  if (a.carerPostcode) answered.push('carer-postcode');
  return answered;
}

/** The case's gaps once an addition has joined it: the notification's gaps, less what it answers. */
export function gapsAfter(gaps: readonly string[], answers: AdditionAnswers): string[] {
  const filled = new Set(itemsAnswered(answers).map((i) => MISSING_ITEM_GAPS[i]));
  return gaps.filter((g) => !filled.has(g));
}

/** A request as the case keeps it (an INFO-REQUEST item in the case partition). */
export const InformationRequestSchema = schemaOnFirstUse(() =>
  z.object({
    requestId: z.string(),
    items: z.array(MissingItemSchema),
    sentAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    recordedBy: z.string(),
    answeredAt: z.optional(z.iso.datetime()),
    /** The sweep's follow-ups: the notifier reminded, then the case flagged (see above). */
    notifierRemindedAt: z.optional(z.iso.datetime()),
    flaggedAt: z.optional(z.iso.datetime()),
  }),
);
export type InformationRequest = z.infer<typeof InformationRequestSchema>;

export type InformationRequestState = 'sent' | 'answered' | 'expired';
export const INFORMATION_REQUEST_STATE_LABELS: Record<InformationRequestState, string> = {
  sent: 'Sent, waiting for an answer',
  answered: 'Answered',
  expired: 'Expired without an answer',
};

export function informationRequestState(r: InformationRequest, now: Date): InformationRequestState {
  if (r.answeredAt) return 'answered';
  return now.getTime() >= Date.parse(r.expiresAt) ? 'expired' : 'sent';
}

/** An addition as the case keeps it. */
export const CaseAdditionSchema = schemaOnFirstUse(() =>
  z.object({
    requestId: z.string(),
    receivedAt: z.iso.datetime(),
    answers: AdditionAnswersSchema,
  }),
);
export type CaseAddition = z.infer<typeof CaseAdditionSchema>;
