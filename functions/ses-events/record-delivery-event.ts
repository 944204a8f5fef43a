import * as z from 'zod/mini';
import { dailyBounceBasis, dailyBounceEscalation } from '../../shared/domain/bounce-escalation.ts';
import { normaliseReference } from '../../shared/domain/reference.ts';
import type { Reminder } from '../../shared/domain/reminders.ts';
import type { CaseEvent } from '../../shared/domain/stored-case.ts';
import type { BouncedAddresses } from '../../shared/store/bounced-addresses.ts';
import type { DeliveryFailureStore } from '../../shared/store/delivery-failures.ts';

/**
 * SES event publishing (configuration set → SNS), the fields we use. SES adds more (headers,
 * diagnostic codes); they are dropped here and never stored or logged.
 * https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html
 */
const RecipientSchema = z.object({ emailAddress: z.string() });
const MailSchema = z.object({
  messageId: z.string().check(z.regex(/^[A-Za-z0-9._-]{1,200}$/, 'mail.messageId')),
  timestamp: z.iso.datetime({ offset: true }),
  destination: z._default(z.array(z.string()), []),
  /** Our message tags (shared/mail/mailer.ts): `reference` and `purpose`, each a one-item list. */
  tags: z._default(z.record(z.string(), z.array(z.string())), {}),
});

export const SesDeliveryEventSchema = z.discriminatedUnion('eventType', [
  z.object({
    eventType: z.literal('Bounce'),
    mail: MailSchema,
    bounce: z.object({
      bounceType: z.string(),
      bounceSubType: z.optional(z.string()),
      bouncedRecipients: z.array(RecipientSchema),
      timestamp: z.iso.datetime({ offset: true }),
      feedbackId: z.optional(z.string()),
    }),
  }),
  z.object({
    eventType: z.literal('Complaint'),
    mail: MailSchema,
    complaint: z.object({
      complainedRecipients: z.array(RecipientSchema),
      timestamp: z.iso.datetime({ offset: true }),
      feedbackId: z.optional(z.string()),
      complaintFeedbackType: z.optional(z.string()),
    }),
  }),
  z.object({
    eventType: z.literal('Reject'),
    mail: MailSchema,
    reject: z.object({ reason: z.optional(z.string()) }),
  }),
  z.object({
    eventType: z.literal('DeliveryDelay'),
    mail: MailSchema,
    deliveryDelay: z.object({
      delayType: z.optional(z.string()),
      delayedRecipients: z._default(z.array(RecipientSchema), []),
      timestamp: z.iso.datetime({ offset: true }),
      expirationTime: z.optional(z.string()),
    }),
  }),
]);
export type SesDeliveryEvent = z.infer<typeof SesDeliveryEventSchema>;

const HANDLED_EVENT_TYPES = new Set(['Bounce', 'Complaint', 'Reject', 'DeliveryDelay']);
const SnsEnvelopeSchema = z.object({ Type: z.literal('Notification'), Message: z.string() });

/**
 * The SES event in an SQS message body: inside an SNS envelope (the subscription), or bare (a
 * message someone re-sent by hand). Undefined for an event type we do not handle (Send, Delivery:
 * not published by the configuration set, ignored if someone turns them on). Throws if malformed,
 * so the message is retried and then dead-lettered.
 */
export function parseDeliveryEvent(body: string): SesDeliveryEvent | undefined {
  let payload: unknown = JSON.parse(body);
  const envelope = z.safeParse(SnsEnvelopeSchema, payload);
  if (envelope.success) payload = JSON.parse(envelope.data.Message);
  const type = z.safeParse(z.object({ eventType: z.string() }), payload);
  if (type.success && !HANDLED_EVENT_TYPES.has(type.data.eventType)) return undefined;
  return z.parse(SesDeliveryEventSchema, payload);
}

/** Reminders that cannot name one case (a digest covering several) are escalated under this. */
export const NO_CASE_REFERENCE = 'NO-CASE';

export interface DeliveryEventDependencies {
  store: DeliveryFailureStore;
  /** Addresses that bounced an acknowledgement, so route does not send them another. */
  bouncedAddresses: Pick<BouncedAddresses, 'record'>;
  designatedManager: string;
  now: Date;
}

export type DeliveryEventKind = 'bounce' | 'complaint' | 'reject' | 'delay';

export interface DeliveryEventOutcome {
  kind: DeliveryEventKind;
  /** The case the email was about, from its `reference` tag. */
  reference: string | undefined;
  purpose: string | undefined;
  /** The event was written to the case now (false: no case, or already written). */
  recorded: boolean;
  /**
   * `raised`: a reminder to the designated manager is waiting for the sweep; `already`: raised by an
   * earlier delivery of this event; `not-needed`: the email still arrived or may (complaint,
   * delay); `manager-unreachable`: the undelivered email was to the designated manager, so an
   * escalation would bounce the same way; an operator is alarmed instead; `counted`: a bounced
   * acknowledgement, counted in the day's single escalation (shared/domain/bounce-escalation.ts).
   */
  escalation: 'raised' | 'already' | 'not-needed' | 'manager-unreachable' | 'counted';
}

const PURPOSE_WORDS: Record<string, string> = {
  'manager-alert': 'new-notification alert',
  'notifier-acknowledgement': 'acknowledgement to the notifier',
  'reminder-digest': 'reminder email',
};

/**
 * Records what SES reported about one email on its case, and escalates an email that was not
 * delivered (bounce, reject) to the designated manager: a failed email is never silently dropped
 * (design: "A bounced or failed email is itself escalated"). Idempotent per SES event.
 */
export async function recordDeliveryEvent(
  event: SesDeliveryEvent,
  deps: DeliveryEventDependencies,
): Promise<DeliveryEventOutcome> {
  const { mail } = event;
  const reference = normaliseTag(mail.tags.reference?.[0]);
  const purpose = mail.tags.purpose?.[0];
  const facts = describe(event);

  let recorded = false;
  if (reference) {
    const caseEvent: CaseEvent = {
      event: facts.event,
      by: 'system',
      at: facts.at,
      details: {
        sesMessageId: mail.messageId,
        ...(purpose ? { purpose } : {}),
        ...facts.details,
        recipients: facts.recipients.length,
      },
    };
    recorded = await deps.store.recordEvent(reference, `${facts.event}-${facts.id}`, caseEvent);
  }

  // A save-and-return link goes to a member of the public about an unsent draft: there is no case
  // to act on, and escalating would put their address in a manager's inbox.
  if (facts.kind === 'complaint' || facts.kind === 'delay' || purpose === 'save-and-return') {
    return { kind: facts.kind, reference, purpose, recorded, escalation: 'not-needed' };
  }
  const manager = deps.designatedManager.toLowerCase();
  const recipients = facts.recipients.length > 0 ? facts.recipients : mail.destination;
  if (recipients.length > 0 && recipients.every((r) => r.toLowerCase() === manager)) {
    return { kind: facts.kind, reference, purpose, recorded, escalation: 'manager-unreachable' };
  }

  if (purpose === 'notifier-acknowledgement') {
    // A notifier's address was typed on a public form: one client could type a dead or hostile
    // one on many notifications. A hard bounce stops further acknowledgements to it, and the
    // manager gets one count a day rather than one email per bounce (issue 13).
    if (event.eventType === 'Bounce' && event.bounce.bounceType === 'Permanent') {
      for (const address of facts.recipients) await deps.bouncedAddresses.record(address, deps.now);
    }
    const daily = dailyBounceEscalation(deps.now);
    const counted = await deps.store.countInDailyEscalation(
      {
        reference: NO_CASE_REFERENCE,
        reminderId: daily.reminderId,
        obligation: 'email-delivery',
        stage: 'delivery-failure',
        due: daily.due,
        basis: dailyBounceBasis(1, daily.day),
        recipient: deps.designatedManager,
        audience: 'manager',
        state: 'pending',
        dueAt: daily.dueAt,
        attempts: 0,
      },
      (count) => dailyBounceBasis(count, daily.day),
    );
    if (counted) return { kind: facts.kind, reference, purpose, recorded, escalation: 'counted' };
    // The day's escalation has gone already (a bounce arriving very late): escalate this one.
  }

  const what = (purpose && PURPOSE_WORDS[purpose]) ?? 'email';
  const sentOn = mail.timestamp.slice(0, 10);
  // Staff mailboxes are named so the manager can act; a notifier's address stays on the case page.
  const who =
    purpose === 'notifier-acknowledgement'
      ? ' The notifier may not know their notification arrived: their contact details are on the case page.'
      : ` Recipient: ${recipients.join(', ')}.`;
  const reminder: Reminder = {
    reference: reference ?? NO_CASE_REFERENCE,
    reminderId: `delivery-failure#${mail.messageId}`,
    obligation: 'email-delivery',
    stage: 'delivery-failure',
    due: deps.now.toISOString().slice(0, 10),
    basis: `The ${what} sent on ${sentOn}${reference ? '' : ' (covering more than one case)'} was not delivered: ${facts.reason}.${who} Reach the recipient another way and correct the address.`,
    recipient: deps.designatedManager,
    audience: 'manager',
    state: 'pending',
    dueAt: deps.now.toISOString(),
    attempts: 0,
  };
  const raised = await deps.store.escalate(reminder);
  return { kind: facts.kind, reference, purpose, recorded, escalation: raised ? 'raised' : 'already' };
}

function normaliseTag(value: string | undefined): string | undefined {
  return value ? normaliseReference(value) : undefined;
}

interface EventFacts {
  kind: DeliveryEventKind;
  event: 'email-bounced' | 'email-complaint' | 'email-rejected' | 'email-delayed';
  at: string;
  /** Unique per SES event: a redelivery has the same id, a second bounce of one email does not. */
  id: string;
  recipients: string[];
  details: Record<string, string>;
  reason: string;
}

function describe(event: SesDeliveryEvent): EventFacts {
  const messageId = event.mail.messageId;
  switch (event.eventType) {
    case 'Bounce': {
      const b = event.bounce;
      return {
        kind: 'bounce',
        event: 'email-bounced',
        at: b.timestamp,
        id: safeId(b.feedbackId ?? messageId),
        recipients: b.bouncedRecipients.map((r) => r.emailAddress),
        details: { bounceType: b.bounceType, ...(b.bounceSubType ? { bounceSubType: b.bounceSubType } : {}) },
        reason: `${b.bounceType.toLowerCase()} bounce${b.bounceSubType ? ` (${b.bounceSubType})` : ''}`,
      };
    }
    case 'Reject':
      return {
        kind: 'reject',
        event: 'email-rejected',
        at: event.mail.timestamp,
        id: safeId(messageId),
        recipients: [],
        details: event.reject.reason ? { reason: event.reject.reason } : {},
        reason: `SES refused to send it${event.reject.reason ? ` (${event.reject.reason})` : ''}`,
      };
    case 'Complaint': {
      const c = event.complaint;
      return {
        kind: 'complaint',
        event: 'email-complaint',
        at: c.timestamp,
        id: safeId(c.feedbackId ?? messageId),
        recipients: c.complainedRecipients.map((r) => r.emailAddress),
        details: c.complaintFeedbackType ? { complaintFeedbackType: c.complaintFeedbackType } : {},
        reason: 'marked as spam',
      };
    }
    case 'DeliveryDelay': {
      const d = event.deliveryDelay;
      return {
        kind: 'delay',
        event: 'email-delayed',
        at: d.timestamp,
        id: safeId(`${messageId}-${d.timestamp}`),
        recipients: d.delayedRecipients.map((r) => r.emailAddress),
        details: {
          ...(d.delayType ? { delayType: d.delayType } : {}),
          ...(d.expirationTime ? { expirationTime: d.expirationTime } : {}),
        },
        reason: 'delayed',
      };
    }
  }
}

const safeId = (value: string) => value.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 200);
