/**
 * A case's stored records as schemas: each item is parsed when read back from the table (a
 * boundary), and the types of the records are derived from them.
 */

import * as z from 'zod/mini';
import { schemaOnFirstUse } from '../schema-on-first-use.ts';
import {
  ArrangementStageSchema,
  CheckOutcomeSchema,
  DecisionOutcomeSchema,
  EndReasonSchema,
  FrontDoorOutcomeSchema,
  Schedule3MatterSchema,
  VisitRequesterSchema,
} from './case-vocabulary.ts';
import {
  type FrontDoorDecisionRecord,
  type RestrictionRecord,
  RestrictionSummarySchema,
} from './front-door.ts';
import { IsoDateSchema } from './local-date.ts';
import type { CaseAddition, InformationRequest } from './missing-information.ts';
import type { CaseNotice } from './notice.ts';
import { type Notification, NotifierRoleSchema } from './notification.ts';
import type { Reminder } from './reminders.ts';
import { CheckTypeSchema, type Obligation, VisitKindSchema } from './statutory-clock.ts';
import type { TransferRecord } from './transfer.ts';

const text = (max: number) => z.string().check(z.maxLength(max));

export const VisitRecordSchema = schemaOnFirstUse(() =>
  z.object({
    visitId: z.string(),
    date: IsoDateSchema,
    kind: VisitKindSchema,
    childSeenAlone: z.boolean(),
    notSeenAloneReason: z.optional(text(1000)),
    /** Standard Safeguarding Dataset: whether the child was seen at all. Absent on older records. */
    childSeen: z.optional(z.boolean()),
    /** Standard Safeguarding Dataset: whether the child's bedroom was seen. */
    bedroomSeen: z.optional(z.boolean()),
    /** Seeing the child alone was judged not appropriate (regulation 8(3)); the reason is required. */
    aloneNotAppropriate: z.optional(z.boolean()),
    /** Where the record came from: typed by staff (absent) or imported from the case system. */
    source: z.optional(z.enum(['staff', 'import'])),
    matters: z.array(Schedule3MatterSchema),
    notes: z.optional(text(5000)),
    recordedBy: z.string(),
    recordedAt: z.string(),
  }),
);
export type VisitRecord = z.infer<typeof VisitRecordSchema>;

export const CheckRecordSchema = schemaOnFirstUse(() =>
  z.object({
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
  }),
);
export type CheckRecord = z.infer<typeof CheckRecordSchema>;

/** A visit asked for by the child, the carer, a parent (regulation 8) or passed on by someone else. */
export const VisitRequestRecordSchema = schemaOnFirstUse(() =>
  z.object({
    requestId: z.string(),
    requestedOn: IsoDateSchema,
    requestedBy: VisitRequesterSchema,
    notes: z.optional(text(2000)),
    recordedBy: z.string(),
    recordedAt: z.string(),
  }),
);
export type VisitRequestRecord = z.infer<typeof VisitRequestRecordSchema>;

/** The interim police checks and safety plan agreed while a DBS check is delayed (one per case). */
export const SafetyPlanRecordSchema = schemaOnFirstUse(() =>
  z.object({
    agreedOn: IsoDateSchema,
    notes: text(2000),
    recordedBy: z.string(),
    recordedAt: z.string(),
  }),
);
export type SafetyPlanRecord = z.infer<typeof SafetyPlanRecordSchema>;

export const NewCarerSchema = schemaOnFirstUse(() =>
  z.object({
    name: z.optional(text(200)),
    address: z.optional(text(500)),
    phone: z.optional(text(40)),
  }),
);

export const EndRecordSchema = schemaOnFirstUse(() =>
  z.object({
    endedOn: IsoDateSchema,
    reason: EndReasonSchema,
    newCarer: z.optional(NewCarerSchema),
    notes: z.optional(text(2000)),
    recordedBy: z.string(),
    recordedAt: z.string(),
  }),
);
export type EndRecord = z.infer<typeof EndRecordSchema>;

export const DecisionRecordSchema = schemaOnFirstUse(() =>
  z.object({
    decidedOn: IsoDateSchema,
    outcome: DecisionOutcomeSchema,
    notes: z.optional(text(2000)),
    recordedBy: z.string(),
    recordedAt: z.string(),
  }),
);
export type DecisionRecord = z.infer<typeof DecisionRecordSchema>;

/**
 * Staff recorded that the child has moved in to a proposed arrangement: the date the council was
 * told (regulation 6), which starts the move-in visit (regulation 7: 7 working days). One per
 * case; recording it again corrects it (each time is an event).
 */
export const MoveInRecordSchema = schemaOnFirstUse(() =>
  z.object({
    /** The London date the council was told the child moved in. */
    toldOn: IsoDateSchema,
    /** The day the child moved in, when known (it may be earlier than the day the council was told). */
    movedInOn: z.optional(IsoDateSchema),
    notes: z.optional(text(2000)),
    recordedBy: z.string(),
    recordedAt: z.string(),
  }),
);
export type MoveInRecord = z.infer<typeof MoveInRecordSchema>;

/**
 * Staff's correction of what the form recorded: a proposed arrangement (regulation 3) or one
 * already running (regulation 5). Replaces the stage set when the case opened.
 */
export const ArrangementRecordSchema = schemaOnFirstUse(() =>
  z.object({
    stage: ArrangementStageSchema,
    notes: z.optional(text(2000)),
    recordedBy: z.string(),
    recordedAt: z.string(),
  }),
);
export type ArrangementRecord = z.infer<typeof ArrangementRecordSchema>;

/** Disability under s.17(11) is the council's judgement: yes, no, or not decided yet. */
export const DISABILITY_DECISIONS = ['yes', 'no', 'undecided'] as const;
export const DisabilityDecisionSchema = z.enum(DISABILITY_DECISIONS);
export type DisabilityDecision = (typeof DISABILITY_DECISIONS)[number];

/**
 * Staff's record of the child's date of birth and disability, overriding the notification's
 * (Children Act 1989 s.66: the age limit is 16, 18 if disabled as defined in s.17(11)). One per
 * case; each correction replaces it and is an event, and the schedule is recomputed.
 */
export const ChildDetailsRecordSchema = schemaOnFirstUse(() =>
  z.object({
    /** Absent: the notification's date of birth stands. */
    dateOfBirth: z.optional(IsoDateSchema),
    disability: DisabilityDecisionSchema,
    notes: z.optional(text(2000)),
    recordedBy: z.string(),
    recordedAt: z.string(),
  }),
);
export type ChildDetailsRecord = z.infer<typeof ChildDetailsRecordSchema>;

/**
 * The facts the case list and the compliance figures need, kept on the case item itself (updated
 * in the same transaction as the records), so reports read one index instead of every case.
 */
export const CaseSummarySchema = schemaOnFirstUse(() =>
  z.object({
    visits: z.array(
      z.object({
        date: IsoDateSchema,
        kind: VisitKindSchema,
        seenAlone: z.boolean(),
        childSeen: z.optional(z.boolean()),
        aloneNotAppropriate: z.optional(z.boolean()),
      }),
    ),
    checks: z.array(
      z.object({
        type: CheckTypeSchema,
        requestedOn: z.optional(IsoDateSchema),
        completedOn: z.optional(IsoDateSchema),
        delayed: z.optional(z.boolean()),
      }),
    ),
    /** Visits asked for (regulation 8), oldest first. Absent on cases summarised before requests existed. */
    requests: z.optional(
      z.array(z.object({ requestedOn: IsoDateSchema, requestedBy: VisitRequesterSchema })),
    ),
    /** When the interim safety plan for a delayed DBS check was agreed. */
    safetyPlanAgreedOn: z.optional(IsoDateSchema),
    endedOn: z.optional(IsoDateSchema),
    endReason: z.optional(EndReasonSchema),
    decidedOn: z.optional(IsoDateSchema),
    decision: z.optional(DecisionOutcomeSchema),
    /** Proposed (regulation 3) or running (regulation 5) when notified; absent means running. */
    arrangement: z.optional(ArrangementStageSchema),
    /** London date the council was told the child moved in (regulation 6), for a proposal. */
    movedInOn: z.optional(IsoDateSchema),
    /** The date the child stops being privately fostered by age (s.66): 16th, or 18th if disabled. */
    ageLimitOn: z.optional(IsoDateSchema),
    /** The front door's decision (Working Together 2023) and the London date it was recorded. */
    frontDoorDecidedOn: z.optional(IsoDateSchema),
    frontDoorOutcome: z.optional(FrontDoorOutcomeSchema),
    /** Linked by staff as a duplicate notification of this case's arrangement: counts once. */
    duplicateOf: z.optional(z.string()),
    /** The campaign link the notification was started from (awareness work). */
    campaign: z.optional(z.string()),
    /**
     * The school, practice or setting that notified (professionals only: awareness.ts). Not personal
     * data about the child; it lets the awareness figures count who notifies without reading every
     * notification.
     */
    notifierOrganisation: z.optional(text(200)),
    /** The start date the notifier gave (Schedule 1 para 7), for the time-to-notify figures. */
    arrangementStartsOn: z.optional(IsoDateSchema),
    /** Consent decisions (s.68), prohibitions (s.69) and requirements (Sch. 8 para 6), by notice date. */
    restrictions: z.optional(z.array(RestrictionSummarySchema)),
  }),
);
export type CaseSummary = z.infer<typeof CaseSummarySchema>;

/** The case item as stored (opened by the route function, changed by staff). */
export const StoredCaseSchema = schemaOnFirstUse(() =>
  z.object({
    reference: z.string(),
    receivedAt: z.iso.datetime(),
    status: z.enum(['open', 'ended']),
    mailbox: z.string(),
    allocatedTo: z.optional(z.string()),
    allocatedName: z.optional(z.string()),
    /**
     * The allocated caseworker's identity-provider subject, when known at allocation (the staff
     * directory, or their sign-in): access is then checked by subject, not address (staff-access.ts).
     */
    allocatedSubject: z.optional(z.string()),
    notifierRole: NotifierRoleSchema,
    urgent: z.boolean(),
    gaps: z.array(z.string()),
    nextDue: z.optional(IsoDateSchema),
    /** Optimistic lock: every staff change expects the version it read and adds one. */
    version: z.optional(z.number()),
    summary: z.optional(CaseSummarySchema),
    /**
     * Set when the case opened if an open case has the same child or carer's address (issue 12):
     * the front door links it (summary.duplicateOf) or keeps it separate.
     */
    possibleDuplicateOf: z.optional(z.string()),
    possibleDuplicateBasis: z.optional(z.enum(['child', 'carer-address'])),
    /** An ending told online (issue 12) that staff have yet to confirm with the record-end form. */
    proposedEndNotice: z.optional(z.string()),
    /** A notice told of a new address outside the area (its reference): a move between councils. */
    movingOutOfArea: z.optional(z.string()),
    /** The carer's postcode is outside the council's area as its routing rules describe it. */
    outOfArea: z.optional(z.boolean()),
    latestChangeNotice: z.optional(z.string()),
  }),
);
export type StoredCase = z.infer<typeof StoredCaseSchema>;

export const CaseEventSchema = schemaOnFirstUse(() =>
  z.object({
    event: z.string(),
    by: z.string(),
    at: z.string(),
    details: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))),
  }),
);
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
  /** The move-in of a proposed arrangement (regulation 6), once recorded. */
  moveIn?: MoveInRecord | undefined;
  /** Staff's correction of the arrangement's stage. */
  arrangement?: ArrangementRecord | undefined;
  /** Staff's record of the child's date of birth and disability. */
  childDetails?: ChildDetailsRecord | undefined;
  /** Oldest first. */
  events: CaseEvent[];
  /** The front door's decision (Working Together 2023); absent until recorded. */
  frontDoor?: FrontDoorDecisionRecord | undefined;
  /** Consent decisions, prohibitions and requirements, oldest notice first. */
  restrictions?: RestrictionRecord[] | undefined;
  /** Change and ending notices told online that joined the case, oldest first (issue 12). */
  notices?: CaseNotice[];
  /** A move between councils (issue 12): the receiving council, the notice and its acknowledgement. */
  transfer?: TransferRecord | undefined;
  /** Links sent to the notifier asking for missing Schedule 1 items, oldest first (issue 12). */
  informationRequests?: InformationRequest[];
  /** What the notifier added through those links, oldest first; the notification stays as received. */
  additions?: CaseAddition[];
}
