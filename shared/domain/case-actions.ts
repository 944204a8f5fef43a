/**
 * What staff record about a case, and what each change does to the case's obligations and
 * reminders. Pure: the current time, ids and policies are passed in. The store writes a plan from
 * here in one transaction, so a recorded visit and the next regulation 8 visit it schedules can
 * never be half-written.
 */
import * as z from 'zod/mini';
import { formatLongDate, type IsoDate, IsoDateSchema, isIsoDate } from './local-date.ts';
import { instantAtLondonTime } from './london-clock.ts';
import { type Notification, NotifierRoleSchema } from './notification.ts';
import { remindersFor } from './reminder-plan.ts';
import { REMINDER_HOUR, type Reminder } from './reminders.ts';
import {
  CHECK_TYPES,
  type CheckType,
  CheckTypeSchema,
  computeSchedule,
  DBS_CHECK_TYPES,
  type Obligation,
  type ReminderPolicy,
  type ScheduleInput,
  type SchedulePolicy,
} from './statutory-clock.ts';
import type { WorkingDayCalendar } from './working-days.ts';

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

export const VISIT_KINDS = ['initial', 'regulation-8', 'requested'] as const;
export const VisitKindSchema = z.enum(VISIT_KINDS);
export type VisitKind = (typeof VISIT_KINDS)[number];
export const VISIT_KIND_LABELS: Record<VisitKind, string> = {
  initial: 'Initial visit (regulations 4 and 7)',
  'regulation-8': 'Regulation 8 visit',
  requested: 'Visit on request (child, carer or parent asked)',
};

/**
 * The matters a visit establishes: Schedule 3 to the 2005 Regulations (Schedule 2 for a proposed
 * arrangement asks much the same), as listed in domain.md.
 */
export const SCHEDULE_3_MATTERS = [
  ['duration', 'How long the arrangement is intended to last'],
  ['wishes-and-feelings', "The child's wishes and feelings"],
  ['development', "The child's physical, intellectual, emotional, social and behavioural development"],
  ['identity', "The child's religion, racial origin, cultural and linguistic background"],
  ['finances', 'Financial arrangements for the child'],
  ['carer-capacity', "The carer's capacity to look after the child"],
  ['accommodation', 'The accommodation'],
  ['health', "The child's health, including registration with a GP"],
  ['education', "The child's education"],
  ['standard-of-care', 'The standard of care'],
  ['household', 'The members of the household'],
  ['contact', 'Contact with parents and others'],
  ['decisions', 'How decisions about the child are taken'],
  ['advice', 'Advice given to the carer'],
] as const;
export type Schedule3Matter = (typeof SCHEDULE_3_MATTERS)[number][0];
export const Schedule3MatterSchema = z.enum(
  SCHEDULE_3_MATTERS.map(([id]) => id) as [Schedule3Matter, ...Schedule3Matter[]],
);
export const SCHEDULE_3_LABELS = Object.fromEntries(SCHEDULE_3_MATTERS) as Record<Schedule3Matter, string>;

/**
 * Who asked for a visit. Regulation 8 requires a visit whenever the child, the carer or a parent
 * reasonably asks; staff may also record a request passed on by someone else (a school, say).
 */
export const VISIT_REQUESTERS = ['child', 'carer', 'parent', 'other'] as const;
export const VisitRequesterSchema = z.enum(VISIT_REQUESTERS);
export type VisitRequester = (typeof VISIT_REQUESTERS)[number];
export const VISIT_REQUESTER_LABELS: Record<VisitRequester, string> = {
  child: 'The child',
  carer: 'The carer',
  parent: 'A parent',
  other: 'Someone else',
};

/** Whether a check may be recorded as delayed: only a delayed DBS check calls for an interim safety plan. */
export const isDbsCheck = (type: CheckType): boolean => DBS_CHECK_TYPES.includes(type);

export const CHECK_OUTCOMES = ['no-concerns', 'concerns-noted', 'could-not-complete'] as const;
export const CheckOutcomeSchema = z.enum(CHECK_OUTCOMES);
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];
export const CHECK_OUTCOME_LABELS: Record<CheckOutcome, string> = {
  'no-concerns': 'No concerns',
  'concerns-noted': 'Concerns noted',
  'could-not-complete': 'Could not be completed',
};

/** Why an arrangement ended (domain.md "When it ends"). */
export const END_REASONS = [
  'returned-home',
  'moved-to-relative',
  'moved-to-another-carer',
  'moved-area',
  'reached-age',
  'became-looked-after',
  'prohibited',
] as const;
export const EndReasonSchema = z.enum(END_REASONS);
export type EndReason = (typeof END_REASONS)[number];
export const END_REASON_LABELS: Record<EndReason, string> = {
  'returned-home': 'Returned home to a parent',
  'moved-to-relative': 'Moved to live with a relative',
  'moved-to-another-carer': 'Moved to another private foster carer',
  'moved-area': 'Moved to another area',
  'reached-age': 'Turned 16 (18 if disabled)',
  'became-looked-after': 'Became looked after by a council',
  prohibited: 'The arrangement was prohibited (Children Act 1989 s.69)',
};

/**
 * The outcome of the assessment after the initial visit: team manager then designated manager
 * approve it, and the carer and parent are told in writing (domain.md "Decision").
 */
export const DECISION_OUTCOMES = [
  'suitable',
  'suitable-with-requirements',
  'prohibited',
  'not-private-fostering',
] as const;
export const DecisionOutcomeSchema = z.enum(DECISION_OUTCOMES);
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];
export const DECISION_OUTCOME_LABELS: Record<DecisionOutcome, string> = {
  suitable: 'Arrangement suitable',
  'suitable-with-requirements': 'Suitable, with requirements imposed on the carer',
  prohibited: 'Prohibited (Children Act 1989 s.69)',
  'not-private-fostering': 'Not private fostering after all',
};

export const STAFF_ROLES = ['designated-manager', 'caseworker'] as const;
export const StaffRoleSchema = z.enum(STAFF_ROLES);
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The person making a change: from the signed-in session, never from a form. */
export interface Actor {
  email: string;
  name: string;
  role: StaffRole;
}

// ---------------------------------------------------------------------------------------------
// Stored records (each parsed when read back: items read from the table are a boundary)
// ---------------------------------------------------------------------------------------------

const text = (max: number) => z.string().check(z.maxLength(max));

export const VisitRecordSchema = z.object({
  visitId: z.string(),
  date: IsoDateSchema,
  kind: VisitKindSchema,
  childSeenAlone: z.boolean(),
  notSeenAloneReason: z.optional(text(1000)),
  matters: z.array(Schedule3MatterSchema),
  notes: z.optional(text(5000)),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type VisitRecord = z.infer<typeof VisitRecordSchema>;

export const CheckRecordSchema = z.object({
  /** Which check (named checkType: `type` is the item's entity type in the table). */
  checkType: CheckTypeSchema,
  person: z.optional(text(200)),
  requestedOn: z.optional(IsoDateSchema),
  completedOn: z.optional(IsoDateSchema),
  outcome: z.optional(CheckOutcomeSchema),
  /**
   * Recorded by staff as delayed (DBS checks only): the case then needs interim police checks and
   * a safety plan (Croydon 2024). A DBS check merely past its due date is not marked delayed by
   * anything but a person; the case page shows it as overdue and the sweep escalates it.
   */
  delayed: z.optional(z.boolean()),
  delayReason: z.optional(text(1000)),
  notes: z.optional(text(2000)),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type CheckRecord = z.infer<typeof CheckRecordSchema>;

/** A visit asked for by the child, the carer, a parent (regulation 8) or passed on by someone else. */
export const VisitRequestRecordSchema = z.object({
  requestId: z.string(),
  requestedOn: IsoDateSchema,
  requestedBy: VisitRequesterSchema,
  notes: z.optional(text(2000)),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type VisitRequestRecord = z.infer<typeof VisitRequestRecordSchema>;

/** The interim police checks and safety plan agreed while a DBS check is delayed (one per case). */
export const SafetyPlanRecordSchema = z.object({
  agreedOn: IsoDateSchema,
  notes: text(2000),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type SafetyPlanRecord = z.infer<typeof SafetyPlanRecordSchema>;

export const NewCarerSchema = z.object({
  name: z.optional(text(200)),
  address: z.optional(text(500)),
  phone: z.optional(text(40)),
});

export const EndRecordSchema = z.object({
  endedOn: IsoDateSchema,
  reason: EndReasonSchema,
  newCarer: z.optional(NewCarerSchema),
  notes: z.optional(text(2000)),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type EndRecord = z.infer<typeof EndRecordSchema>;

export const DecisionRecordSchema = z.object({
  decidedOn: IsoDateSchema,
  outcome: DecisionOutcomeSchema,
  notes: z.optional(text(2000)),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type DecisionRecord = z.infer<typeof DecisionRecordSchema>;

/**
 * The facts the case list and the compliance figures need, kept on the case item itself (updated
 * in the same transaction as the records), so reports read one index instead of every case.
 */
export const CaseSummarySchema = z.object({
  visits: z.array(z.object({ date: IsoDateSchema, kind: VisitKindSchema, seenAlone: z.boolean() })),
  checks: z.array(
    z.object({
      type: CheckTypeSchema,
      requestedOn: z.optional(IsoDateSchema),
      completedOn: z.optional(IsoDateSchema),
      delayed: z.optional(z.boolean()),
    }),
  ),
  /** Visits asked for (regulation 8), oldest first. Absent on cases summarised before requests existed. */
  requests: z.optional(z.array(z.object({ requestedOn: IsoDateSchema, requestedBy: VisitRequesterSchema }))),
  /** When the interim safety plan for a delayed DBS check was agreed. */
  safetyPlanAgreedOn: z.optional(IsoDateSchema),
  endedOn: z.optional(IsoDateSchema),
  endReason: z.optional(EndReasonSchema),
  decidedOn: z.optional(IsoDateSchema),
  decision: z.optional(DecisionOutcomeSchema),
});
export type CaseSummary = z.infer<typeof CaseSummarySchema>;

/** The case item as stored (opened by the route function, changed by staff). */
export const StoredCaseSchema = z.object({
  reference: z.string(),
  receivedAt: z.iso.datetime(),
  status: z.enum(['open', 'ended']),
  mailbox: z.string(),
  allocatedTo: z.optional(z.string()),
  allocatedName: z.optional(z.string()),
  notifierRole: NotifierRoleSchema,
  urgent: z.boolean(),
  gaps: z.array(z.string()),
  nextDue: z.optional(IsoDateSchema),
  /** Optimistic lock: every staff change expects the version it read and adds one. */
  version: z.optional(z.number()),
  summary: z.optional(CaseSummarySchema),
});
export type StoredCase = z.infer<typeof StoredCaseSchema>;

export const CaseEventSchema = z.object({
  event: z.string(),
  by: z.string(),
  at: z.string(),
  details: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
});
export type CaseEvent = z.infer<typeof CaseEventSchema>;

/** Everything in a case's partition, read in one Query. */
export interface CaseSnapshot {
  caseRecord: StoredCase;
  notification: Notification | undefined;
  obligations: Obligation[];
  reminders: Reminder[];
  visits: VisitRecord[];
  /** Oldest first. */
  visitRequests: VisitRequestRecord[];
  checks: CheckRecord[];
  safetyPlan: SafetyPlanRecord | undefined;
  end: EndRecord | undefined;
  decision: DecisionRecord | undefined;
  /** Oldest first. */
  events: CaseEvent[];
}

// ---------------------------------------------------------------------------------------------
// Changes
// ---------------------------------------------------------------------------------------------

export type VisitInput = Omit<VisitRecord, 'visitId' | 'recordedBy' | 'recordedAt'>;
export type CheckInput = Omit<CheckRecord, 'recordedBy' | 'recordedAt'>;
export type EndInput = Omit<EndRecord, 'recordedBy' | 'recordedAt'>;
export type DecisionInput = Omit<DecisionRecord, 'recordedBy' | 'recordedAt'>;
export type VisitRequestInput = Omit<VisitRequestRecord, 'requestId' | 'recordedBy' | 'recordedAt'>;
export type SafetyPlanInput = Omit<SafetyPlanRecord, 'recordedBy' | 'recordedAt'>;

export type CaseChange =
  | { type: 'allocate'; caseworker: { email: string; name?: string | undefined } }
  | { type: 'record-visit'; visit: VisitInput }
  | { type: 'record-visit-request'; request: VisitRequestInput }
  | { type: 'record-check'; check: CheckInput }
  | { type: 'record-safety-plan'; plan: SafetyPlanInput }
  | { type: 'record-end'; end: EndInput }
  | { type: 'record-decision'; decision: DecisionInput };

export interface ChangeContext {
  actor: Actor;
  now: Date;
  /** Escalations go here (reminder-plan.ts). */
  designatedManager: string;
  calendar: WorkingDayCalendar;
  schedulePolicy: SchedulePolicy;
  reminderPolicy: ReminderPolicy;
  /** A fresh unique id (visit ids, event ids). */
  newId: () => string;
}

/** The items a change writes: the store turns it into one TransactWriteItems. */
export interface CaseChangePlan {
  reference: string;
  /** The case item's version when read (0 for a case never changed by staff). */
  expectedVersion: number;
  caseUpdate: {
    status: 'open' | 'ended';
    allocatedTo: string | undefined;
    allocatedName: string | undefined;
    nextDue: IsoDate | undefined;
    summary: CaseSummary;
    version: number;
    updatedAt: string;
  };
  obligationPuts: Obligation[];
  obligationDeletes: string[];
  reminderPuts: Reminder[];
  reminderCancels: string[];
  reminderRecipientUpdates: { reminderId: string; recipient: string }[];
  /** The visit, check, end or decision item (sort key and attributes). */
  record: { sk: string; item: Record<string, unknown> } | undefined;
  event: {
    event: string;
    by: string;
    at: string;
    id: string;
    details: Record<string, string | number | boolean>;
  };
}

/** A change that the rules refuse (not a form error: the page should have prevented it). */
export class CaseChangeRefusedError extends Error {
  override name = 'CaseChangeRefusedError';
}

/** Stage order for one obligation's reminders: a later stage already due supersedes earlier ones. */
const STAGE_ORDER: Record<string, number> = { 'due-soon': 0, 'due-today': 1, overdue: 2, escalation: 2 };

/** The records a case's obligations are computed from. */
export interface CaseFacts {
  visits: VisitRecord[];
  visitRequests: VisitRequestRecord[];
  checks: CheckRecord[];
  safetyPlan: SafetyPlanRecord | undefined;
  end: EndRecord | undefined;
}

/**
 * The schedule input for a case, from its records (and the change being made).
 *
 * No `asOf`: the stored obligations are a function of what staff recorded, never of the day the
 * last change happened to be made, so the product and the schedule command agree. A DBS check
 * that passes its due date uncompleted is therefore not treated as delayed until someone records
 * it so: until then the case page shows the check as overdue and the sweep escalates it to the
 * designated manager every week. A DBS check completed after its due date counts as delayed (the
 * records show it was).
 */
export function scheduleInputFor(
  snapshot: Pick<CaseSnapshot, 'caseRecord' | 'notification'>,
  facts: CaseFacts,
  ctx: Pick<ChangeContext, 'calendar' | 'schedulePolicy'>,
): ScheduleInput {
  const dob = snapshot.notification?.child.dateOfBirth;
  return {
    notifiedAt: new Date(snapshot.caseRecord.receivedAt),
    visits: facts.visits.map((v) => ({ date: v.date, kind: v.kind })),
    requestedVisits: facts.visitRequests.map((r) => ({ requestedOn: r.requestedOn })),
    ...(dob !== undefined && isIsoDate(dob) ? { dateOfBirth: dob } : {}),
    disabled: snapshot.notification?.child.disabled === 'yes',
    checks: facts.checks.map((c) => ({
      type: c.checkType,
      ...(c.completedOn ? { completedOn: c.completedOn } : {}),
      ...(c.delayed ? { delayed: true } : {}),
    })),
    ...(facts.safetyPlan ? { interimSafetyPlan: { agreedOn: facts.safetyPlan.agreedOn } } : {}),
    ...(facts.end ? { ended: { on: facts.end.endedOn } } : {}),
    policy: ctx.schedulePolicy,
    calendar: ctx.calendar,
  };
}

const OPEN_FIRST: Record<Obligation['status'], number> = { open: 0, cancelled: 1, met: 2 };

/**
 * One requested-visit obligation per case, as stored obligations and their reminders are keyed by
 * kind. Nothing is lost: every request still waiting came after the latest visit (an earlier
 * visit would have met it), so the next visit meets them all and the earliest due date is the one
 * to keep. With none waiting, the latest request's record is kept.
 */
export function oneRequestedVisit(obligations: readonly Obligation[]): Obligation[] {
  const requested = obligations.filter((o) => o.kind === 'requested-visit');
  if (requested.length <= 1) return [...obligations];
  const rank = (o: Obligation) => OPEN_FIRST[o.status];
  const best = Math.min(...requested.map(rank));
  const candidates = requested.filter((o) => rank(o) === best);
  const sorted = [...candidates].sort((a, b) => a.due.localeCompare(b.due));
  const keep = (best === OPEN_FIRST.met ? sorted.at(-1) : sorted[0]) as Obligation;
  const others = candidates.length - 1;
  const kept: Obligation =
    best === OPEN_FIRST.open && others > 0
      ? {
          ...keep,
          basis: `${keep.basis} ${others === 1 ? 'A later request is' : `${others} later requests are`} also waiting; the next visit meets them all.`,
        }
      : keep;
  return obligations
    .filter((o) => o.kind !== 'requested-visit' || o === keep)
    .map((o) => (o === keep ? kept : o));
}

function sameObligation(a: Obligation, b: Obligation): boolean {
  return a.due === b.due && a.status === b.status && a.basis === b.basis && a.metOn === b.metOn;
}

/**
 * Which reminders to add, cancel or re-address so the stored ones match the obligations:
 * - a reminder for the same obligation, stage and due date is kept (one already sent is not sent
 *   again); a pending 'case' reminder is re-addressed when the recipient changed (allocation);
 * - a new due date (a new regulation 8 cycle, a check re-dated after the initial visit) replaces it;
 * - stages already overtaken by a later stage that is also due are not added (nobody needs
 *   "due soon" for something already overdue);
 * - pending reminders no open obligation needs any more are cancelled (taken out of the due index).
 * Delivery-failure alerts are left alone: they are about email, not about an obligation.
 */
export function diffReminders(
  existing: readonly Reminder[],
  desired: readonly Reminder[],
  now: Date,
): Pick<CaseChangePlan, 'reminderPuts' | 'reminderCancels' | 'reminderRecipientUpdates'> {
  const byId = new Map(existing.map((r) => [r.reminderId, r]));
  const nowIso = now.toISOString();
  const latestDueStage = new Map<string, number>();
  for (const d of desired) {
    if (d.dueAt <= nowIso) {
      latestDueStage.set(
        d.obligation,
        Math.max(latestDueStage.get(d.obligation) ?? -1, STAGE_ORDER[d.stage] ?? 0),
      );
    }
  }
  const keep = new Set<string>();
  const reminderPuts: Reminder[] = [];
  const reminderRecipientUpdates: { reminderId: string; recipient: string }[] = [];
  for (const d of desired) {
    const e = byId.get(d.reminderId);
    if (e && e.due === d.due && e.state !== 'cancelled') {
      keep.add(d.reminderId);
      if (d.audience === 'case' && e.state === 'pending' && e.recipient !== d.recipient) {
        reminderRecipientUpdates.push({ reminderId: d.reminderId, recipient: d.recipient });
      }
      continue;
    }
    if ((STAGE_ORDER[d.stage] ?? 0) < (latestDueStage.get(d.obligation) ?? -1)) continue;
    keep.add(d.reminderId);
    reminderPuts.push(d);
  }
  const reminderCancels = existing
    .filter(
      (e) =>
        !keep.has(e.reminderId) &&
        e.stage !== 'delivery-failure' &&
        (e.state === 'pending' || e.state === 'sending'),
    )
    .map((e) => e.reminderId);
  return { reminderPuts, reminderCancels, reminderRecipientUpdates };
}

function summaryOf(facts: CaseFacts, decision: DecisionRecord | undefined): CaseSummary {
  const { visits, visitRequests, checks, safetyPlan, end } = facts;
  return {
    visits: [...visits]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((v) => ({ date: v.date, kind: v.kind, seenAlone: v.childSeenAlone })),
    checks: [...checks]
      .sort((a, b) => CHECK_TYPES.indexOf(a.checkType) - CHECK_TYPES.indexOf(b.checkType))
      .map((c) => ({
        type: c.checkType,
        ...(c.requestedOn ? { requestedOn: c.requestedOn } : {}),
        ...(c.completedOn ? { completedOn: c.completedOn } : {}),
        ...(c.delayed ? { delayed: true } : {}),
      })),
    ...(visitRequests.length
      ? { requests: visitRequests.map((r) => ({ requestedOn: r.requestedOn, requestedBy: r.requestedBy })) }
      : {}),
    ...(safetyPlan ? { safetyPlanAgreedOn: safetyPlan.agreedOn } : {}),
    ...(end ? { endedOn: end.endedOn, endReason: end.reason } : {}),
    ...(decision ? { decidedOn: decision.decidedOn, decision: decision.outcome } : {}),
  };
}

/**
 * Plans one staff change: applies it to the case's records, recomputes every obligation with the
 * statutory clock, works out the reminder changes (new ones go to the allocated caseworker, else
 * the front-door mailbox; escalations to the designated manager), and the immutable event.
 *
 * @throws CaseChangeRefusedError when the case's state does not allow the change (an ended case).
 */
export function planCaseChange(
  snapshot: CaseSnapshot,
  change: CaseChange,
  ctx: ChangeContext,
): CaseChangePlan {
  const { caseRecord } = snapshot;
  const reference = caseRecord.reference;
  const at = ctx.now.toISOString();
  const by = ctx.actor.email;
  const recorded = { recordedBy: by, recordedAt: at };

  if (snapshot.end && change.type !== 'record-decision') {
    throw new CaseChangeRefusedError('The arrangement has ended: the case can no longer be changed');
  }

  let visits = snapshot.visits;
  let visitRequests = snapshot.visitRequests;
  let checks = snapshot.checks;
  let safetyPlan = snapshot.safetyPlan;
  let end = snapshot.end;
  let decision = snapshot.decision;
  let allocatedTo = caseRecord.allocatedTo;
  let allocatedName = caseRecord.allocatedName;
  let record: CaseChangePlan['record'];
  let event: CaseChangePlan['event'];
  const eventId = ctx.newId();

  switch (change.type) {
    case 'allocate': {
      const email = change.caseworker.email.trim().toLowerCase();
      allocatedTo = email;
      allocatedName = change.caseworker.name;
      event = {
        event: 'case-allocated',
        by,
        at,
        id: eventId,
        details: {
          allocatedTo: email,
          ...(caseRecord.allocatedTo ? { previously: caseRecord.allocatedTo } : {}),
        },
      };
      break;
    }
    case 'record-visit': {
      const visit: VisitRecord = { ...change.visit, visitId: ctx.newId(), ...recorded };
      visits = [...visits, visit];
      record = { sk: `VISIT#${visit.date}#${visit.visitId}`, item: { type: 'visit', ...visit } };
      event = {
        event: 'visit-recorded',
        by,
        at,
        id: eventId,
        details: { date: visit.date, kind: visit.kind, childSeenAlone: visit.childSeenAlone },
      };
      break;
    }
    case 'record-visit-request': {
      const request: VisitRequestRecord = { ...change.request, requestId: ctx.newId(), ...recorded };
      visitRequests = [...visitRequests, request].sort((a, b) => a.requestedOn.localeCompare(b.requestedOn));
      record = {
        sk: `REQUEST#${request.requestedOn}#${request.requestId}`,
        item: { type: 'visit-request', ...request },
      };
      event = {
        event: 'visit-requested',
        by,
        at,
        id: eventId,
        details: { requestedOn: request.requestedOn, requestedBy: request.requestedBy },
      };
      break;
    }
    case 'record-safety-plan': {
      safetyPlan = { ...change.plan, ...recorded };
      record = { sk: 'SAFETY-PLAN', item: { type: 'safety-plan', ...safetyPlan } };
      event = {
        event: 'safety-plan-agreed',
        by,
        at,
        id: eventId,
        details: { agreedOn: safetyPlan.agreedOn },
      };
      break;
    }
    case 'record-check': {
      if (change.check.delayed && !isDbsCheck(change.check.checkType)) {
        throw new CaseChangeRefusedError('Only a DBS check can be recorded as delayed');
      }
      const check: CheckRecord = { ...change.check, ...recorded };
      checks = [...checks.filter((c) => c.checkType !== check.checkType), check];
      record = { sk: `CHECK#${check.checkType}`, item: { type: 'check', ...check } };
      event = {
        event: 'check-recorded',
        by,
        at,
        id: eventId,
        details: {
          checkType: check.checkType,
          ...(check.requestedOn ? { requestedOn: check.requestedOn } : {}),
          ...(check.completedOn ? { completedOn: check.completedOn } : {}),
          ...(check.outcome ? { outcome: check.outcome } : {}),
          ...(check.delayed ? { delayed: true } : {}),
        },
      };
      break;
    }
    case 'record-end': {
      end = { ...change.end, ...recorded };
      record = { sk: 'END', item: { type: 'end', ...end } };
      event = {
        event: 'arrangement-ended',
        by,
        at,
        id: eventId,
        details: { endedOn: end.endedOn, reason: end.reason },
      };
      break;
    }
    case 'record-decision': {
      decision = { ...change.decision, ...recorded };
      record = { sk: 'DECISION', item: { type: 'decision', ...decision } };
      event = {
        event: 'assessment-decision',
        by,
        at,
        id: eventId,
        details: { decidedOn: decision.decidedOn, outcome: decision.outcome },
      };
      break;
    }
  }

  const obligations = oneRequestedVisit(
    computeSchedule(scheduleInputFor(snapshot, { visits, visitRequests, checks, safetyPlan, end }, ctx)),
  );
  const stored = new Map(snapshot.obligations.map((o) => [o.kind, o]));
  const obligationPuts = obligations.filter((o) => {
    const before = stored.get(o.kind);
    return before === undefined || !sameObligation(before, o);
  });
  const wanted = new Set(obligations.map((o) => o.kind));
  const obligationDeletes = snapshot.obligations.filter((o) => !wanted.has(o.kind)).map((o) => o.kind);

  const desired = remindersFor(reference, obligations, {
    caseRecipient: allocatedTo ?? caseRecord.mailbox,
    designatedManager: ctx.designatedManager,
    calendar: ctx.calendar,
    reminderPolicy: ctx.reminderPolicy,
    at: (date) => instantAtLondonTime(date, REMINDER_HOUR),
  });
  const reminders = diffReminders(snapshot.reminders, desired, ctx.now);

  return {
    reference,
    expectedVersion: caseRecord.version ?? 0,
    caseUpdate: {
      status: end ? 'ended' : 'open',
      allocatedTo,
      allocatedName,
      nextDue: obligations.find((o) => o.status === 'open')?.due,
      summary: summaryOf({ visits, visitRequests, checks, safetyPlan, end }, decision),
      version: (caseRecord.version ?? 0) + 1,
      updatedAt: at,
    },
    obligationPuts,
    obligationDeletes,
    ...reminders,
    record,
    event,
  };
}

/** Items one plan writes; DynamoDB allows 100 in a transaction. */
export function planItemCount(plan: CaseChangePlan): number {
  return (
    2 + // case item and event
    (plan.record ? 1 : 0) +
    plan.obligationPuts.length +
    plan.obligationDeletes.length +
    plan.reminderPuts.length +
    plan.reminderCancels.length +
    plan.reminderRecipientUpdates.length
  );
}

/** Words for an event on the case page's history. */
export function describeEvent(e: CaseEvent): string {
  const d = e.details ?? {};
  const date = (v: unknown) => (typeof v === 'string' && isIsoDate(v) ? formatLongDate(v) : String(v ?? ''));
  switch (e.event) {
    case 'case-opened':
      return 'Case opened from the notification';
    case 'case-allocated':
      return `Allocated to ${String(d.allocatedTo)}${d.previously ? ` (previously ${String(d.previously)})` : ''}`;
    case 'visit-recorded':
      return `${VISIT_KIND_LABELS[d.kind as VisitKind] ?? 'Visit'} recorded for ${date(d.date)}; child seen alone: ${d.childSeenAlone ? 'yes' : 'no'}`;
    case 'check-recorded':
      return `Check recorded: ${String(d.checkType)}${d.completedOn ? `, completed ${date(d.completedOn)}` : d.requestedOn ? `, requested ${date(d.requestedOn)}` : ''}${d.delayed ? ', delayed' : ''}`;
    case 'visit-requested':
      return `Visit requested on ${date(d.requestedOn)} by ${(VISIT_REQUESTER_LABELS[d.requestedBy as VisitRequester] ?? String(d.requestedBy)).toLowerCase()}`;
    case 'safety-plan-agreed':
      return `Interim safety plan agreed on ${date(d.agreedOn)}`;
    case 'arrangement-ended':
      return `Arrangement ended on ${date(d.endedOn)}: ${END_REASON_LABELS[d.reason as EndReason] ?? String(d.reason)}`;
    case 'assessment-decision':
      return `Assessment decision on ${date(d.decidedOn)}: ${DECISION_OUTCOME_LABELS[d.outcome as DecisionOutcome] ?? String(d.outcome)}`;
    default:
      return e.event;
  }
}
