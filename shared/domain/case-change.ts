/**
 * What each staff change does to a case: its records, its obligations (recomputed with the
 * statutory clock) and its reminders. Pure: the current time, ids and policies are passed in. The
 * store writes a plan from here in one transaction, so a recorded visit and the next regulation 8
 * visit it schedules can never be half-written.
 */
import { type Actor, type ArrangementStage, isDbsCheck } from './case-vocabulary.ts';
import {
  appealByDate,
  type FrontDoorDecisionRecord,
  frontDoorDecisionOpen,
  isAppealable,
  type RestrictionRecord,
} from './front-door.ts';
import { compareIsoDates, type IsoDate, isIsoDate, londonDateOf } from './local-date.ts';
import { instantAtLondonTime } from './london-clock.ts';
import { type InformationRequest, linkExpiry, type MissingItem } from './missing-information.ts';
import type { Notification } from './notification.ts';
import { remindersFor } from './reminder-plan.ts';
import { REMINDER_HOUR, REMINDER_STAGE_RANK, type Reminder } from './reminders.ts';
import {
  type AgeLimit,
  ageLimitOf,
  CHECK_TYPES,
  computeSchedule,
  type Obligation,
  type ReminderPolicy,
  type ScheduleInput,
  type SchedulePolicy,
} from './statutory-clock.ts';
import type {
  ArrangementRecord,
  CaseSnapshot,
  CaseSummary,
  CheckRecord,
  ChildDetailsRecord,
  DecisionRecord,
  EndRecord,
  MoveInRecord,
  SafetyPlanRecord,
  StoredCase,
  VisitRecord,
  VisitRequestRecord,
} from './stored-case.ts';
import type { CouncilRef, TransferRecord } from './transfer.ts';
import type { WorkingDayCalendar } from './working-days.ts';

export type VisitInput = Omit<VisitRecord, 'visitId' | 'recordedBy' | 'recordedAt'>;
export type CheckInput = Omit<CheckRecord, 'recordedBy' | 'recordedAt'>;
export type EndInput = Omit<EndRecord, 'recordedBy' | 'recordedAt'>;
export type DecisionInput = Omit<DecisionRecord, 'recordedBy' | 'recordedAt'>;
export type VisitRequestInput = Omit<VisitRequestRecord, 'requestId' | 'recordedBy' | 'recordedAt'>;
export type SafetyPlanInput = Omit<SafetyPlanRecord, 'recordedBy' | 'recordedAt'>;
export type MoveInInput = Omit<MoveInRecord, 'recordedBy' | 'recordedAt'>;
export type ArrangementInput = Omit<ArrangementRecord, 'recordedBy' | 'recordedAt'>;
export type ChildDetailsInput = Omit<ChildDetailsRecord, 'recordedBy' | 'recordedAt'>;
export type FrontDoorDecisionInput = Pick<FrontDoorDecisionRecord, 'outcome' | 'reason' | 'notes'>;
export type RestrictionInput = Omit<
  RestrictionRecord,
  'restrictionId' | 'appealBy' | 'recordedBy' | 'recordedAt'
>;

export type CaseChange =
  | {
      type: 'allocate';
      caseworker: { email: string; name?: string | undefined; subject?: string | undefined };
    }
  | { type: 'record-visit'; visit: VisitInput }
  | { type: 'record-visit-request'; request: VisitRequestInput }
  | { type: 'record-check'; check: CheckInput }
  | { type: 'record-safety-plan'; plan: SafetyPlanInput }
  | { type: 'record-end'; end: EndInput }
  | { type: 'record-decision'; decision: DecisionInput }
  | { type: 'record-move-in'; moveIn: MoveInInput }
  | { type: 'correct-arrangement'; arrangement: ArrangementInput }
  | { type: 'correct-child-details'; details: ChildDetailsInput }
  | { type: 'record-front-door-decision'; frontDoor: FrontDoorDecisionInput }
  | { type: 'record-restriction'; restriction: RestrictionInput }
  /** Issue 12: this case is a duplicate notification of the arrangement in case `of`. */
  | { type: 'link-duplicate'; of: string }
  /** Issue 12: the possible duplicate is a different arrangement; the flag is cleared. */
  | { type: 'keep-separate' }
  /** Issue 12: staff name (or confirm) the council the child has moved to. */
  | { type: 'name-receiving-council'; council: CouncilRef; district?: string | undefined }
  /** Issue 12: the transfer notice went to the receiving council's front door. */
  | {
      type: 'send-transfer';
      council: CouncilRef;
      source: 'lookup' | 'staff';
      district?: string | undefined;
      sentTo: string;
    }
  /** Issue 12: the receiving council acknowledged the transfer notice (its single-use link). */
  | { type: 'acknowledge-transfer' }
  /** Issue 12: a single-use link asks the notifier for these missing Schedule 1 items. */
  | { type: 'request-missing-information'; items: MissingItem[] };

/** Changes still made once the arrangement has ended: a move away is why most cases end. */
const AFTER_THE_END: readonly CaseChange['type'][] = [
  'record-decision',
  'name-receiving-council',
  'send-transfer',
  'acknowledge-transfer',
];

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
    allocatedSubject: string | undefined;
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

/** The records a case's obligations are computed from. */
export interface CaseFacts {
  visits: VisitRecord[];
  visitRequests: VisitRequestRecord[];
  checks: CheckRecord[];
  safetyPlan: SafetyPlanRecord | undefined;
  end: EndRecord | undefined;
  /** The move-in of a proposed arrangement (regulation 6). */
  moveIn?: MoveInRecord | undefined;
  /** Staff's correction of the arrangement's stage. */
  arrangement?: ArrangementRecord | undefined;
  /** Staff's record of the child's date of birth and disability. */
  childDetails?: ChildDetailsRecord | undefined;
  /** The front door's decision: its first date meets the front-door-decision obligation. */
  frontDoor?: FrontDoorDecisionRecord | undefined;
  /** A move between councils (issue 12): once sent, its acknowledgement is owed. */
  transfer?: TransferRecord | undefined;
}

/** What the schedule reads of the case item: when it was received and the stage it opened at. */
export type CaseBasics = Pick<StoredCase, 'receivedAt' | 'summary'>;

/**
 * Proposed (regulation 3: the child has not moved in yet) or running (regulation 5). Staff's
 * correction wins over the stage the case opened with; a case opened before stages were recorded
 * is running, as every notification was treated then.
 */
export function arrangementStageOf(
  caseRecord: CaseBasics,
  facts: Pick<CaseFacts, 'arrangement'>,
): ArrangementStage {
  return facts.arrangement?.stage ?? caseRecord.summary?.arrangement ?? 'running';
}

/** The child's date of birth and disability as the council holds them. */
export interface ChildAge {
  dateOfBirth: IsoDate | undefined;
  disabled: boolean;
  /** Not decided by the council (s.17(11)): the age limit assumes 16 until it is. */
  disabilityUnknown: boolean;
}

/**
 * Staff's record overrides the notification: disability under s.17(11) is the council's
 * judgement, so a notifier's "I do not know" stays undecided until staff record a decision. A
 * notifier's "yes" is taken as disabled until staff decide otherwise: it keeps the visits owed to
 * 18 rather than risk dropping them at 16.
 */
export function childAgeOf(
  notification: Notification | undefined,
  record: ChildDetailsRecord | undefined,
): ChildAge {
  const given = notification?.child.dateOfBirth;
  const dateOfBirth = record?.dateOfBirth ?? (given !== undefined && isIsoDate(given) ? given : undefined);
  const disability =
    record?.disability ??
    (notification?.child.disabled === 'yes'
      ? 'yes'
      : notification?.child.disabled === 'no'
        ? 'no'
        : 'undecided');
  return { dateOfBirth, disabled: disability === 'yes', disabilityUnknown: disability === 'undecided' };
}

/**
 * When the child stops being privately fostered by age (s.66: 16, 18 if disabled, 16 assumed while
 * disability is undecided), if the date of birth is known. The rule is the clock's.
 */
export function childAgeLimit(age: ChildAge): AgeLimit | undefined {
  return age.dateOfBirth === undefined
    ? undefined
    : ageLimitOf({
        dateOfBirth: age.dateOfBirth,
        disabled: age.disabled,
        disabilityUnknown: age.disabilityUnknown,
      });
}

/**
 * The instant given to the clock for a move-in the council was told of on a London date: midday,
 * so its London date is that date whatever the season (regulation 7 counts from it).
 */
const MOVE_IN_HOUR = 12;

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
  snapshot: { caseRecord: CaseBasics; notification: Notification | undefined },
  facts: CaseFacts,
  ctx: Pick<ChangeContext, 'calendar' | 'schedulePolicy'>,
): ScheduleInput {
  const age = childAgeOf(snapshot.notification, facts.childDetails);
  // Regulation 3: a proposal owes the regulation 4 visit, and no regulation 8 visit until the
  // child moves in; regulation 6/7: the move-in (the date the council was told) starts the
  // move-in visit. A move-in recorded on a case since corrected to "running" is not used.
  const proposal = arrangementStageOf(snapshot.caseRecord, facts) === 'proposed';
  return {
    notifiedAt: new Date(snapshot.caseRecord.receivedAt),
    ...(proposal ? { proposal: true } : {}),
    ...(proposal && facts.moveIn
      ? { movedInAt: instantAtLondonTime(facts.moveIn.toldOn, MOVE_IN_HOUR) }
      : {}),
    ...(age.disabilityUnknown ? { disabilityUnknown: true } : {}),
    visits: facts.visits.map((v) => ({ date: v.date, kind: v.kind })),
    requestedVisits: facts.visitRequests.map((r) => ({ requestedOn: r.requestedOn })),
    ...(age.dateOfBirth !== undefined ? { dateOfBirth: age.dateOfBirth } : {}),
    disabled: age.disabled,
    checks: facts.checks.map((c) => ({
      type: c.checkType,
      ...(c.completedOn ? { completedOn: c.completedOn } : {}),
      ...(c.delayed ? { delayed: true } : {}),
    })),
    ...(facts.safetyPlan ? { interimSafetyPlan: { agreedOn: facts.safetyPlan.agreedOn } } : {}),
    ...(facts.end ? { ended: { on: facts.end.endedOn } } : {}),
    ...(facts.frontDoor ? { frontDoorDecidedOn: facts.frontDoor.firstDecidedOn } : {}),
    ...(facts.transfer?.sentAt
      ? {
          transfer: {
            sentAt: new Date(facts.transfer.sentAt),
            ...(facts.transfer.acknowledgedAt
              ? { acknowledgedOn: londonDateOf(new Date(facts.transfer.acknowledgedAt)) }
              : {}),
          },
        }
      : {}),
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
        Math.max(latestDueStage.get(d.obligation) ?? -1, REMINDER_STAGE_RANK[d.stage]),
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
    if (REMINDER_STAGE_RANK[d.stage] < (latestDueStage.get(d.obligation) ?? -1)) continue;
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

/**
 * The case item's summary from its records. Fields other work keeps there (the front door's
 * decision, a duplicate link, the campaign) are carried over; the ones derived here are rebuilt.
 */
export function summaryOf(
  snapshot: { caseRecord: CaseBasics; notification: Notification | undefined },
  facts: CaseFacts,
  decision: DecisionRecord | undefined,
  restrictions: readonly RestrictionRecord[],
): CaseSummary {
  const { visits, visitRequests, checks, safetyPlan, end } = facts;
  const {
    arrangement: _stage,
    movedInOn: _movedIn,
    ageLimitOn: _ageLimit,
    ...kept
  } = snapshot.caseRecord.summary ?? { visits: [], checks: [] };
  const stage = arrangementStageOf(snapshot.caseRecord, facts);
  const ageLimitOn = childAgeLimit(childAgeOf(snapshot.notification, facts.childDetails))?.on;
  return {
    ...kept,
    arrangement: stage,
    ...(stage === 'proposed' && facts.moveIn ? { movedInOn: facts.moveIn.toldOn } : {}),
    ...(ageLimitOn ? { ageLimitOn } : {}),
    visits: [...visits]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((v) => ({
        date: v.date,
        kind: v.kind,
        seenAlone: v.childSeenAlone,
        // The figures count seen alone per child, and "not appropriate" (reg 8(3)) apart.
        ...(v.childSeen !== undefined ? { childSeen: v.childSeen } : {}),
        ...(v.aloneNotAppropriate ? { aloneNotAppropriate: true } : {}),
      })),
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
    ...(facts.frontDoor
      ? { frontDoorDecidedOn: facts.frontDoor.firstDecidedOn, frontDoorOutcome: facts.frontDoor.outcome }
      : {}),
    ...(restrictions.length
      ? {
          restrictions: restrictions.map((r) => ({
            kind: r.kind,
            noticeOn: r.noticeOn,
            ...(r.decision ? { decision: r.decision } : {}),
          })),
        }
      : {}),
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

  if (snapshot.end && !AFTER_THE_END.includes(change.type)) {
    throw new CaseChangeRefusedError('The arrangement has ended: the case can no longer be changed');
  }

  let visits = snapshot.visits;
  let visitRequests = snapshot.visitRequests;
  let checks = snapshot.checks;
  let safetyPlan = snapshot.safetyPlan;
  let end = snapshot.end;
  let decision = snapshot.decision;
  let moveIn = snapshot.moveIn;
  let arrangement = snapshot.arrangement;
  let childDetails = snapshot.childDetails;
  let frontDoor = snapshot.frontDoor;
  let restrictions = snapshot.restrictions ?? [];
  let transfer = snapshot.transfer;
  let duplicateOf = caseRecord.summary?.duplicateOf;
  let allocatedTo = caseRecord.allocatedTo;
  let allocatedName = caseRecord.allocatedName;
  let allocatedSubject = caseRecord.allocatedSubject;
  let record: CaseChangePlan['record'];
  let event: CaseChangePlan['event'];
  const eventId = ctx.newId();

  switch (change.type) {
    case 'allocate': {
      const email = change.caseworker.email.trim().toLowerCase();
      allocatedTo = email;
      allocatedName = change.caseworker.name;
      // Unknown for someone typed in by address: access then falls back to the address.
      allocatedSubject = change.caseworker.subject;
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
      // A proposal the child never moved into closes as "did not go ahead"; an arrangement that
      // started cannot (it would drop out of the arrangements started).
      const notStarted =
        arrangementStageOf(caseRecord, { arrangement }) === 'proposed' && moveIn === undefined;
      if (change.end.reason === 'did-not-go-ahead' && !notStarted) {
        throw new CaseChangeRefusedError(
          'Only a proposal the child has not moved into can close as not going ahead',
        );
      }
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
    case 'record-move-in': {
      // Regulation 6: the carer tells the council the child has moved in to a proposed arrangement.
      if (arrangementStageOf(caseRecord, { arrangement }) !== 'proposed') {
        throw new CaseChangeRefusedError('A move-in is recorded only for a proposed arrangement');
      }
      if (compareIsoDates(change.moveIn.toldOn, londonDateOf(new Date(caseRecord.receivedAt))) < 0) {
        throw new CaseChangeRefusedError('The council cannot be told of a move-in before the notification');
      }
      moveIn = { ...change.moveIn, ...recorded };
      record = { sk: 'MOVE-IN', item: { type: 'move-in', ...moveIn } };
      event = {
        event: 'move-in-recorded',
        by,
        at,
        id: eventId,
        details: {
          toldOn: moveIn.toldOn,
          ...(moveIn.movedInOn ? { movedInOn: moveIn.movedInOn } : {}),
          ...(snapshot.moveIn ? { previously: snapshot.moveIn.toldOn } : {}),
        },
      };
      break;
    }
    case 'correct-arrangement': {
      const before = arrangementStageOf(caseRecord, { arrangement });
      arrangement = { ...change.arrangement, ...recorded };
      record = { sk: 'ARRANGEMENT', item: { type: 'arrangement', ...arrangement } };
      event = {
        event: 'arrangement-corrected',
        by,
        at,
        id: eventId,
        details: { stage: arrangement.stage, previously: before },
      };
      break;
    }
    case 'correct-child-details': {
      childDetails = { ...change.details, ...recorded };
      record = { sk: 'CHILD-DETAILS', item: { type: 'child-details', ...childDetails } };
      event = {
        event: 'child-details-corrected',
        by,
        at,
        id: eventId,
        details: {
          ...(childDetails.dateOfBirth ? { dateOfBirth: childDetails.dateOfBirth } : {}),
          disability: childDetails.disability,
        },
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
    case 'record-front-door-decision': {
      if (!frontDoorDecisionOpen(frontDoor)) {
        throw new CaseChangeRefusedError('The front door has already decided on this notification');
      }
      if (change.frontDoor.outcome === 'not-private-fostering' && !change.frontDoor.reason) {
        throw new CaseChangeRefusedError('A decision that this is not private fostering needs its reason');
      }
      // The London date it is recorded: the one-working-day measure cannot be back-dated.
      const today = londonDateOf(ctx.now);
      frontDoor = {
        ...change.frontDoor,
        decidedOn: today,
        firstDecidedOn: frontDoor?.firstDecidedOn ?? today,
        ...recorded,
      };
      record = { sk: 'FRONT-DOOR', item: { type: 'front-door-decision', ...frontDoor } };
      event = {
        event: 'front-door-decision',
        by,
        at,
        id: eventId,
        details: { decidedOn: frontDoor.decidedOn, outcome: frontDoor.outcome },
      };
      break;
    }
    case 'record-restriction': {
      const r = change.restriction;
      const restriction: RestrictionRecord = {
        ...r,
        restrictionId: ctx.newId(),
        // Sch. 8 para 8: the appeal period runs from the written notice.
        ...(isAppealable(r) ? { appealBy: appealByDate(r.noticeOn) } : {}),
        ...recorded,
      };
      restrictions = [...restrictions, restriction].sort((a, b) => a.noticeOn.localeCompare(b.noticeOn));
      record = {
        sk: `RESTRICTION#${restriction.noticeOn}#${restriction.restrictionId}`,
        item: { type: 'restriction', ...restriction },
      };
      event = {
        event: 'restriction-recorded',
        by,
        at,
        id: eventId,
        details: {
          kind: restriction.kind,
          noticeOn: restriction.noticeOn,
          ...(restriction.decision ? { decision: restriction.decision } : {}),
        },
      };
      break;
    }
    case 'link-duplicate': {
      if (duplicateOf) throw new CaseChangeRefusedError(`Already linked to case ${duplicateOf}`);
      if (change.of === reference) throw new CaseChangeRefusedError('A case cannot duplicate itself');
      duplicateOf = change.of;
      event = { event: 'linked-as-duplicate', by, at, id: eventId, details: { of: change.of } };
      break;
    }
    case 'name-receiving-council': {
      if (transfer?.sentAt) {
        throw new CaseChangeRefusedError('The transfer notice has already been sent');
      }
      transfer = {
        receivingCouncil: change.council,
        source: 'staff',
        ...(change.district ? { district: change.district } : {}),
        ...recorded,
      };
      record = { sk: 'TRANSFER', item: { type: 'transfer', ...transfer } };
      event = {
        event: 'receiving-council-named',
        by,
        at,
        id: eventId,
        details: { gss: change.council.gss, council: change.council.name },
      };
      break;
    }
    case 'send-transfer': {
      if (transfer?.sentAt) {
        throw new CaseChangeRefusedError('The transfer notice has already been sent');
      }
      transfer = {
        receivingCouncil: change.council,
        source: change.source,
        ...(change.district ? { district: change.district } : {}),
        sentAt: at,
        sentTo: change.sentTo,
        ...recorded,
      };
      record = { sk: 'TRANSFER', item: { type: 'transfer', ...transfer } };
      event = {
        event: 'transfer-notice-sent',
        by,
        at,
        id: eventId,
        details: { gss: change.council.gss, council: change.council.name },
      };
      break;
    }
    case 'acknowledge-transfer': {
      if (!transfer?.sentAt) throw new CaseChangeRefusedError('No transfer notice has been sent');
      if (transfer.acknowledgedAt) {
        throw new CaseChangeRefusedError('The transfer has already been acknowledged');
      }
      transfer = { ...transfer, acknowledgedAt: at };
      record = { sk: 'TRANSFER', item: { type: 'transfer', ...transfer } };
      event = {
        event: 'transfer-acknowledged',
        by,
        at,
        id: eventId,
        details: { gss: transfer.receivingCouncil.gss, council: transfer.receivingCouncil.name },
      };
      break;
    }
    case 'request-missing-information': {
      if (change.items.length === 0) throw new CaseChangeRefusedError('Nothing is missing to ask for');
      const requestId = ctx.newId();
      const request: InformationRequest = {
        requestId,
        items: change.items,
        sentAt: at,
        expiresAt: linkExpiry(ctx.now).toISOString(),
        recordedBy: by,
      };
      // The link's token is made and emailed after this is written (functions/staff/case-actions.ts):
      // the case keeps the request and its state, never the token.
      record = { sk: `INFO-REQUEST#${at}#${requestId}`, item: { type: 'info-request', ...request } };
      event = {
        event: 'missing-information-requested',
        by,
        at,
        id: eventId,
        details: { requestId, items: change.items.join(','), expiresAt: request.expiresAt },
      };
      break;
    }
    case 'keep-separate': {
      event = {
        event: 'duplicate-kept-separate',
        by,
        at,
        id: eventId,
        details: caseRecord.possibleDuplicateOf ? { from: caseRecord.possibleDuplicateOf } : {},
      };
      break;
    }
  }

  const facts: CaseFacts = {
    visits,
    visitRequests,
    checks,
    safetyPlan,
    end,
    moveIn,
    arrangement,
    childDetails,
    frontDoor,
    transfer,
  };
  const obligations = mergedInto(
    duplicateOf,
    oneRequestedVisit(computeSchedule(scheduleInputFor(snapshot, facts, ctx))),
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
      allocatedSubject,
      nextDue: obligations.find((o) => o.status === 'open')?.due,
      summary: {
        ...summaryOf(snapshot, facts, decision, restrictions),
        ...(duplicateOf ? { duplicateOf } : {}),
      },
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

/**
 * A case linked as a duplicate keeps its records but owes nothing of its own: its open duties are
 * cancelled as merged into the original case, whose obligations are the ones that remain (issue
 * 12: "it then counts once in the figures and its obligations merge"). Met ones stay as history.
 */
function mergedInto(duplicateOf: string | undefined, obligations: Obligation[]): Obligation[] {
  if (!duplicateOf) return obligations;
  return obligations.map((o) =>
    o.status === 'open'
      ? { ...o, status: 'cancelled', basis: `Merged into case ${duplicateOf}: that case's duties apply.` }
      : o,
  );
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
