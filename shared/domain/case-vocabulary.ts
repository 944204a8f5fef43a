/**
 * The words of a case: the kinds of visit, the Schedule 3 matters, who may ask for a visit, check
 * outcomes, why an arrangement ends, the assessment decision, staff roles, and how each event
 * reads on the case page. Vocabulary and labels only: the stored records are in stored-case.ts,
 * what a change does in case-change.ts.
 */
import * as z from 'zod/mini';
import { formatLongDate, isIsoDate } from './local-date.ts';
import { checkLabel } from './obligation-labels.ts';
import { type CheckType, DBS_CHECK_TYPES, type VisitKind } from './statutory-clock.ts';
import type { CaseEvent, DisabilityDecision } from './stored-case.ts';

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
  // A proposed arrangement (regulation 3) the child never moved into: closed, but it is not an
  // arrangement that started (the annual report must not count it as one).
  'did-not-go-ahead',
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
  'did-not-go-ahead': 'The proposed arrangement did not go ahead: the child never moved in',
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

/**
 * Whether the notification was of a proposed arrangement (regulation 3: the child has not moved
 * in yet) or of one already running (regulation 5). Staff can correct what the form recorded.
 */
export const ARRANGEMENT_STAGES = ['proposed', 'running'] as const;
export const ArrangementStageSchema = z.enum(ARRANGEMENT_STAGES);
export type ArrangementStage = (typeof ARRANGEMENT_STAGES)[number];
export const ARRANGEMENT_STAGE_LABELS: Record<ArrangementStage, string> = {
  proposed: 'Proposed: the child has not moved in yet',
  running: 'Running: the child already lives with the carer',
};

/**
 * The front door's decision on a notification, within one working day of it (Working Together to
 * Safeguard Children 2023). Distinct from the assessment decision after the initial visit.
 */
export const FRONT_DOOR_OUTCOMES = [
  'private-fostering',
  'not-private-fostering',
  'more-information-needed',
  'child-protection',
  'early-help',
] as const;
export const FrontDoorOutcomeSchema = z.enum(FRONT_DOOR_OUTCOMES);
export type FrontDoorOutcome = (typeof FRONT_DOOR_OUTCOMES)[number];
export const FRONT_DOOR_OUTCOME_LABELS: Record<FrontDoorOutcome, string> = {
  'private-fostering': 'Private fostering: proceed to the initial visit',
  'not-private-fostering': 'Not private fostering',
  'more-information-needed': 'More information needed',
  'child-protection': 'Passed to child protection',
  'early-help': 'Passed to early help',
};

/** The council's judgement of disability (Children Act 1989 s.17(11)), which sets the age limit. */
export const DISABILITY_DECISION_LABELS: Record<DisabilityDecision, string> = {
  yes: 'Yes: privately fostered until 18',
  no: 'No: privately fostered until 16',
  undecided: 'Not decided yet',
};

export const STAFF_ROLES = ['designated-manager', 'caseworker'] as const;
export const StaffRoleSchema = z.enum(STAFF_ROLES);
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The person making a change: from the signed-in session, never from a form. */
export interface Actor {
  email: string;
  name: string;
  role: StaffRole;
  /** The identity provider's stable subject (sessions made before it was kept have none). */
  subject?: string;
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
      return `Check recorded: ${checkLabel(String(d.checkType))}${d.completedOn ? `, completed ${date(d.completedOn)}` : d.requestedOn ? `, requested ${date(d.requestedOn)}` : ''}${d.delayed ? ', delayed' : ''}`;
    case 'visit-requested':
      return `Visit requested on ${date(d.requestedOn)} by ${(VISIT_REQUESTER_LABELS[d.requestedBy as VisitRequester] ?? String(d.requestedBy)).toLowerCase()}`;
    case 'safety-plan-agreed':
      return `Interim safety plan agreed on ${date(d.agreedOn)}`;
    case 'arrangement-ended':
      return `Arrangement ended on ${date(d.endedOn)}: ${END_REASON_LABELS[d.reason as EndReason] ?? String(d.reason)}`;
    case 'move-in-recorded':
      return `Council told on ${date(d.toldOn)} that the child has moved in (regulation 6)${d.movedInOn ? `; moved in on ${date(d.movedInOn)}` : ''}${d.previously ? ` (corrected from ${date(d.previously)})` : ''}`;
    case 'arrangement-corrected':
      return `Arrangement corrected: ${ARRANGEMENT_STAGE_LABELS[d.stage as ArrangementStage] ?? String(d.stage)}`;
    case 'child-details-corrected':
      return `Child's details corrected: date of birth ${d.dateOfBirth ? date(d.dateOfBirth) : 'as in the notification'}; disabled (s.17(11)): ${DISABILITY_DECISION_LABELS[d.disability as DisabilityDecision] ?? String(d.disability)}`;
    case 'assessment-decision':
      return `Assessment decision on ${date(d.decidedOn)}: ${DECISION_OUTCOME_LABELS[d.outcome as DecisionOutcome] ?? String(d.outcome)}`;
    case 'front-door-decision':
      return `Front door decision: ${FRONT_DOOR_OUTCOME_LABELS[d.outcome as FrontDoorOutcome] ?? String(d.outcome)}`;
    case 'restriction-recorded':
      return `Written decision recorded (${d.kind === 'disqualification' ? `section 68 ${d.decision === 'consent' ? 'consent' : 'refusal'}` : d.kind === 'prohibition' ? 'section 69 prohibition' : 'Schedule 8 requirements'}), notice dated ${date(d.noticeOn)}`;
    case 'receiving-council-named':
      return `Receiving council named by staff: ${String(d.council)} (${String(d.gss)})`;
    case 'transfer-notice-sent':
      return `Transfer notice sent to ${String(d.council)} (${String(d.gss)})`;
    case 'transfer-acknowledged':
      return `${d.council ? String(d.council) : 'The receiving council'} acknowledged the transfer notice`;
    // What SES reported about an email on the case (functions/ses-events): the address and the
    // reason go to the designated manager's escalation; the history says only what happened.
    case 'email-bounced':
    case 'email-rejected':
      return 'An email about this case was not delivered';
    case 'email-delayed':
      return 'An email about this case was delayed';
    case 'email-complaint':
      return 'A recipient marked an email about this case as spam';
    default:
      // An event this version does not know: its name in plain words rather than a code.
      return e.event.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
  }
}
