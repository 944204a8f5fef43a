import type { CouncilContact } from '../config.ts';
import { formatLongDate, type IsoDate } from '../domain/local-date.ts';
import { NOTIFIER_ROLE_LABELS, type NotifierRole } from '../domain/notification.ts';
import { obligationLabel, obligationRuleInWords } from '../domain/obligation-labels.ts';
import { digestByCase } from '../domain/reminder-digest.ts';
import type { Reminder } from '../domain/reminders.ts';
import type { Email } from './mailer.ts';

/**
 * Email bodies carry a reference, dates, the notifier's role (from a fixed list) and a link to the
 * signed-in case page. Never a child's name or address, and no free text typed by a member of the
 * public (issue 13): a URL typed as an organisation became a link in a council email. Emails
 * leave the council's systems; everything else is on the case page.
 */

// Made on the first email, not at import: the first Intl.DateTimeFormat in a process loads ICU
// data, which the notify function's first page view need not pay (issue 16).
let londonTimeFormat: Intl.DateTimeFormat | undefined;
const londonTime = (instant: Date): string => {
  londonTimeFormat ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    dateStyle: 'long',
    timeStyle: 'short',
  });
  return londonTimeFormat.format(instant);
};

export interface ManagerAlertInput {
  councilName: string;
  reference: string;
  receivedAt: string;
  notifierRole: NotifierRole;
  initialVisitDue: IsoDate;
  initialVisitBasis: string;
  urgent: boolean;
  gaps: string[];
  caseUrl: string;
}

export function managerAlert(input: ManagerAlertInput, to: string): Email {
  const lines = [
    `A private fostering notification has been received.`,
    '',
    input.urgent
      ? 'URGENT: the notifier is concerned about the child’s immediate safety. Act on this today.\n'
      : undefined,
    `Reference: ${input.reference}`,
    `Received: ${londonTime(new Date(input.receivedAt))}`,
    `From: ${NOTIFIER_ROLE_LABELS[input.notifierRole]} (the organisation is on the case page)`,
    `Initial visit due by: ${formatLongDate(input.initialVisitDue)}`,
    `Why: ${input.initialVisitBasis}`,
    input.gaps.length ? `\nNot given in the notification: ${input.gaps.join('; ')}.` : undefined,
    '',
    `Open the case (sign-in required): ${input.caseUrl}`,
    '',
    `${input.councilName} private fostering service`,
  ];
  return {
    to: [to],
    subject: `${input.urgent ? 'URGENT: ' : ''}Private fostering notification ${input.reference}`,
    tags: { reference: input.reference, purpose: 'manager-alert' },
    text: lines.filter((l) => l !== undefined).join('\n'),
  };
}

export interface AcknowledgementInput {
  councilName: string;
  reference: string;
  initialVisitDue: IsoDate;
  /** How to reach the council; the email has only the 999 advice without it. */
  contact?: CouncilContact;
}

/** "Contact us" and the emergency advice, as plain-text lines for a notifier's email. */
function contactLines(councilName: string, contact: CouncilContact | undefined): string[] {
  if (!contact) return ['If you think a child is in immediate danger, call 999.'];
  return [
    'Contact us',
    `${councilName} children’s services`,
    `Phone: ${contact.phone}`,
    ...(contact.email ? [`Email: ${contact.email}`] : []),
    '',
    'This service is not for emergencies. If you think a child is in immediate danger, call 999.',
    `Evenings, nights, weekends and bank holidays: call the emergency duty team on ${contact.outOfHoursPhone}.`,
  ];
}

const feedbackLines = (contact: CouncilContact | undefined): string[] =>
  contact?.feedbackUrl ? ['', `Tell us what you thought of this service: ${contact.feedbackUrl}`] : [];

export function notifierAcknowledgement(input: AcknowledgementInput, to: string): Email {
  return {
    to: [to],
    subject: `We have received your private fostering notification ${input.reference}`,
    tags: { reference: input.reference, purpose: 'notifier-acknowledgement' },
    text: [
      `Thank you. ${input.councilName} has received your private fostering notification.`,
      '',
      `Your reference is ${input.reference}. Please quote it if you contact us.`,
      '',
      'What happens next',
      `A social worker will visit the child and the carer by ${formatLongDate(input.initialVisitDue)}, within 7 working days, as the law requires.`,
      'We may contact you for more information.',
      '',
      ...contactLines(input.councilName, input.contact),
      ...feedbackLines(input.contact),
      '',
      `${input.councilName} private fostering service`,
    ].join('\n'),
  };
}

export interface SaveAndReturnInput {
  councilName: string;
  /** The single-use link: `<public base URL>/resume/<token>`. */
  link: string;
  expiresAt: Date;
  contact?: CouncilContact;
}

/**
 * "Save and come back later": the link only. No answers, no child's name and no reference: the
 * address was typed on the form and is not yet known to be the notifier's own, and the email
 * leaves the council's systems. (A reference would also name a case that does not exist yet.)
 */
export function saveAndReturnLink(input: SaveAndReturnInput, to: string): Email {
  return {
    to: [to],
    subject: `Continue telling ${input.councilName} about a private fostering arrangement`,
    tags: { purpose: 'save-and-return' },
    text: [
      `You started to tell ${input.councilName} about a private fostering arrangement, and asked us to save your answers.`,
      '',
      'To carry on where you left off, open this link:',
      input.link,
      '',
      `The link works once, and until ${londonTime(input.expiresAt)}. After that your answers are deleted and you would need to start again.`,
      '',
      'If you did not ask for this email, you can ignore it.',
      '',
      ...contactLines(input.councilName, input.contact),
      '',
      `${input.councilName} private fostering service`,
    ].join('\n'),
  };
}

const STAGE_WORDS: Record<Reminder['stage'], string> = {
  'due-soon': 'Due soon',
  'due-today': 'Due today',
  overdue: 'OVERDUE',
  escalation: 'OVERDUE (escalated to you as designated manager)',
  'delivery-failure': 'Delivery problem',
};

function howLate(daysOverdue: number): string {
  if (daysOverdue <= 0) return '';
  return ` (${daysOverdue} day${daysOverdue === 1 ? '' : 's'} ago)`;
}

/**
 * One email per recipient: each obligation once, at its current stage, grouped by case (the
 * reference and the link), the most overdue first, in the words of the case page. Reference and
 * link only: nothing about the child. "Why" is the rule in general words, never the case page's
 * basis, which can name the child's date of birth or that the child is disabled; a notice of a
 * failed delivery keeps its basis, which is the sweep's own text about an email.
 */
export function reminderDigest(
  councilName: string,
  recipient: string,
  reminders: Reminder[],
  caseUrl: (reference: string) => string,
  today: IsoDate,
): Email {
  const overdue = reminders.some((r) => r.stage === 'overdue' || r.stage === 'escalation');
  const cases = digestByCase(reminders, today).map(({ reference, items }) =>
    [
      `Case: ${reference}`,
      `Open the case: ${caseUrl(reference)}`,
      ...items.map(({ reminder: r, daysOverdue }) =>
        [
          `- ${STAGE_WORDS[r.stage]}: ${obligationLabel(r.obligation)}`,
          `  Due by: ${formatLongDate(r.due)}${howLate(daysOverdue)}`,
          `  Why: ${r.stage === 'delivery-failure' ? r.basis : obligationRuleInWords(r.obligation)}`,
        ].join('\n'),
      ),
    ].join('\n'),
  );
  return {
    to: [recipient],
    subject: `${overdue ? 'Overdue: ' : ''}Private fostering: ${reminders.length} item${reminders.length === 1 ? '' : 's'} due`,
    // A digest may cover several cases; a bounce escalates the whole digest's recipient.
    tags: {
      purpose: 'reminder-digest',
      ...(reminders.length === 1 ? { reference: reminders[0]?.reference } : {}),
    },
    text: [
      'These private fostering duties need your attention, the most overdue first:',
      '',
      cases.join('\n\n'),
      '',
      `${councilName} private fostering service`,
    ].join('\n'),
  };
}
