/**
 * The front door's work after a notification arrives: its decision within one working day, the
 * council's decisions on disqualified carers, prohibitions and requirements, and who hears about
 * it (the designated manager and every deputy). Pure: dates and the calendar are passed in.
 */

import * as z from 'zod/mini';
import { schemaOnFirstUse } from '../schema-on-first-use.ts';
import { type FrontDoorOutcome, FrontDoorOutcomeSchema } from './case-vocabulary.ts';
import { addDays, compareIsoDates, type IsoDate, IsoDateSchema, londonDateOf } from './local-date.ts';
import { frontDoorDecisionDue } from './statutory-clock.ts';
import type { WorkingDayCalendar } from './working-days.ts';

const text = (max: number) => z.string().check(z.maxLength(max));

// ---- the front door's decision ------------------------------------------------------------------

/**
 * The front door's decision on a notification. Working Together to Safeguard Children (2023):
 * within one working day of a referral the council acknowledges it, decides the next step and
 * tells the referrer the outcome. `firstDecidedOn` is what the one-working-day figure measures; a
 * later decision (after "more information needed") replaces the outcome but not that date.
 */
export const FrontDoorDecisionRecordSchema = schemaOnFirstUse(() =>
  z.object({
    decidedOn: IsoDateSchema,
    firstDecidedOn: IsoDateSchema,
    outcome: FrontDoorOutcomeSchema,
    /** Required when the outcome is "not private fostering": why not (kept on the case only). */
    reason: z.optional(text(1000)),
    notes: z.optional(text(2000)),
    recordedBy: z.string(),
    recordedAt: z.string(),
  }),
);
export type FrontDoorDecisionRecord = z.infer<typeof FrontDoorDecisionRecordSchema>;

/** What the referrer is told: the outcome in plain words, nothing about the child or the reason. */
export const FRONT_DOOR_OUTCOME_FOR_REFERRER: Record<FrontDoorOutcome, string> = {
  'private-fostering':
    'We have decided this is a private fostering arrangement. A social worker will visit to make sure the arrangement is safe.',
  'not-private-fostering': 'We have decided this is not a private fostering arrangement.',
  'more-information-needed': 'We need more information before we can decide what happens next.',
  'child-protection': 'We have passed your notification to our child protection team.',
  'early-help': 'We have passed your notification to our early help service.',
};

/**
 * The last London date on which the decision is within one working day of the notification: the
 * clock's rule (statutory-clock.ts), so the case page, the figure and the obligation agree.
 */
export function frontDoorDecisionDeadline(receivedAt: string, calendar: WorkingDayCalendar): IsoDate {
  return frontDoorDecisionDue(new Date(receivedAt), calendar).due;
}

/** Whether the front door may record a decision now: none yet, or the last one asked for more information. */
export function frontDoorDecisionOpen(
  current: Pick<FrontDoorDecisionRecord, 'outcome'> | undefined,
): boolean {
  return current === undefined || current.outcome === 'more-information-needed';
}

export interface FrontDoorFigures {
  /** Notifications received in the period (duplicates linked to another case count once). */
  received: number;
  decided: number;
  /** Decided on or before one working day after the London date received. */
  withinOneWorkingDay: number;
  /** Not decided, and one working day has passed by `today`. */
  overdue: number;
  /** withinOneWorkingDay / received as a whole percentage, or null when nothing was received. */
  percentWithinOneWorkingDay: number | null;
}

/**
 * The share of front-door decisions made within one working day (Working Together 2023) for
 * notifications received in a period, from the case summaries.
 */
export function frontDoorFigures(
  cases: readonly {
    receivedAt: string;
    summary?: { frontDoorDecidedOn?: IsoDate | undefined; duplicateOf?: string | undefined } | undefined;
  }[],
  period: { from: IsoDate; to: IsoDate },
  calendar: WorkingDayCalendar,
  today: IsoDate,
): FrontDoorFigures {
  let received = 0;
  let decided = 0;
  let withinOneWorkingDay = 0;
  let overdue = 0;
  for (const c of cases) {
    if (c.summary?.duplicateOf) continue;
    const on = londonDateOf(new Date(c.receivedAt));
    if (compareIsoDates(on, period.from) < 0 || compareIsoDates(on, period.to) > 0) continue;
    received++;
    const due = frontDoorDecisionDeadline(c.receivedAt, calendar);
    const decidedOn = c.summary?.frontDoorDecidedOn;
    if (decidedOn) {
      decided++;
      if (compareIsoDates(decidedOn, due) <= 0) withinOneWorkingDay++;
    } else if (compareIsoDates(today, due) > 0) overdue++;
  }
  return {
    received,
    decided,
    withinOneWorkingDay,
    overdue,
    percentWithinOneWorkingDay: received === 0 ? null : Math.round((100 * withinOneWorkingDay) / received),
  };
}

// ---- disqualification, prohibition and requirements ---------------------------------------------

/**
 * The council's written decisions that restrict an arrangement:
 * - consent or refusal for a disqualified carer or household member (Children Act 1989 s.68: a
 *   disqualified person may not privately foster without the council's written consent);
 * - a prohibition (s.69);
 * - requirements (Sch. 8 para 6).
 */
export const RESTRICTION_KINDS = ['disqualification', 'prohibition', 'requirements'] as const;
export const RestrictionKindSchema = z.enum(RESTRICTION_KINDS);
export type RestrictionKind = (typeof RESTRICTION_KINDS)[number];
export const RESTRICTION_KIND_LABELS: Record<RestrictionKind, string> = {
  disqualification: 'Disqualified person: consent decision (section 68)',
  prohibition: 'Prohibition (section 69)',
  requirements: 'Requirements (Schedule 8, paragraph 6)',
};

export const CONSENT_DECISIONS = ['consent', 'refusal'] as const;
export const ConsentDecisionSchema = z.enum(CONSENT_DECISIONS);
export type ConsentDecision = (typeof CONSENT_DECISIONS)[number];
export const CONSENT_DECISION_LABELS: Record<ConsentDecision, string> = {
  consent: 'Written consent given',
  refusal: 'Consent refused',
};

export const DISQUALIFIED_PEOPLE = ['carer', 'household-member'] as const;
export const DisqualifiedPersonSchema = z.enum(DISQUALIFIED_PEOPLE);
export const DISQUALIFIED_PERSON_LABELS: Record<(typeof DISQUALIFIED_PEOPLE)[number], string> = {
  carer: 'The carer',
  'household-member': 'Someone in the household',
};

/**
 * Children Act 1989 Sch. 8 para 8(2): an appeal against a requirement, a prohibition or a refusal
 * of consent must be made within 14 days of the date of the written notice.
 */
export const APPEAL_PERIOD_DAYS = 14;

export const RestrictionRecordSchema = schemaOnFirstUse(() =>
  z.object({
    restrictionId: z.string(),
    kind: RestrictionKindSchema,
    /** The date of the written notice (for a consent decision, the date of the decision letter). */
    noticeOn: IsoDateSchema,
    /** Disqualification only. */
    decision: z.optional(ConsentDecisionSchema),
    person: z.optional(DisqualifiedPersonSchema),
    reasons: text(2000),
    /** The last day an appeal may be made; absent for a consent given (nothing to appeal). */
    appealBy: z.optional(IsoDateSchema),
    recordedBy: z.string(),
    recordedAt: z.string(),
  }),
);
export type RestrictionRecord = z.infer<typeof RestrictionRecordSchema>;

/** The last date an appeal may be made against a notice dated `noticeOn` (Sch. 8 para 8). */
export function appealByDate(noticeOn: IsoDate): IsoDate {
  return addDays(noticeOn, APPEAL_PERIOD_DAYS);
}

/** Whether a decision can be appealed: every prohibition and requirement, and a refusal of consent. */
export function isAppealable(r: Pick<RestrictionRecord, 'kind' | 'decision'>): boolean {
  return r.kind !== 'disqualification' || r.decision === 'refusal';
}

/** What the case summary keeps of each restriction, for the figures. */
export const RestrictionSummarySchema = schemaOnFirstUse(() =>
  z.object({
    kind: RestrictionKindSchema,
    noticeOn: IsoDateSchema,
    decision: z.optional(ConsentDecisionSchema),
  }),
);
export type RestrictionSummary = z.infer<typeof RestrictionSummarySchema>;

export interface RestrictionCounts {
  requirements: number;
  prohibitions: number;
  consentsGiven: number;
  consentsRefused: number;
  /** References of the cases behind the counts. */
  references: string[];
}

/**
 * The annual report's requirements, prohibitions and consents (National Minimum Standard 7):
 * written notices dated in the period, counted from the case summaries.
 */
export function restrictionCounts(
  cases: readonly {
    reference: string;
    summary?: { restrictions?: readonly RestrictionSummary[] | undefined } | undefined;
  }[],
  period: { from: IsoDate; to: IsoDate },
): RestrictionCounts {
  const counts: RestrictionCounts = {
    requirements: 0,
    prohibitions: 0,
    consentsGiven: 0,
    consentsRefused: 0,
    references: [],
  };
  for (const c of cases) {
    let counted = false;
    for (const r of c.summary?.restrictions ?? []) {
      if (compareIsoDates(r.noticeOn, period.from) < 0 || compareIsoDates(r.noticeOn, period.to) > 0)
        continue;
      counted = true;
      if (r.kind === 'requirements') counts.requirements++;
      else if (r.kind === 'prohibition') counts.prohibitions++;
      else if (r.decision === 'consent') counts.consentsGiven++;
      else counts.consentsRefused++;
    }
    if (counted) counts.references.push(c.reference);
  }
  return counts;
}

// ---- deputies -------------------------------------------------------------------------------------

/**
 * Who receives what is addressed to the designated manager (alerts, escalations): the manager and
 * every configured deputy, so nothing waits on one person's leave. Addresses compared without
 * case; the first spelling is kept. Anything addressed to someone else goes to them alone.
 */
export function withDeputies(
  recipients: readonly string[],
  designatedManager: string,
  deputies: readonly string[],
): string[] {
  const manager = designatedManager.toLowerCase();
  const addressed = recipients.some((r) => r.toLowerCase() === manager);
  const all = addressed ? [...recipients, ...deputies] : [...recipients];
  const seen = new Set<string>();
  return all.filter((a) => {
    const k = a.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Whether a signed-in address is a configured deputy designated manager. */
export function isDeputy(email: string, deputies: readonly string[]): boolean {
  const e = email.trim().toLowerCase();
  return deputies.some((d) => d.toLowerCase() === e);
}
