/**
 * When a case's arrangement was private fostering, for the figures: the one rule behind
 * "started", "ended" and "open", so that open at the start + started − ended = open at the end
 * for every period (test/unit/figures-identity.test.ts checks it on seeded and generated cases).
 *
 * An arrangement is open on day d when it started on or before d and had not ended by d:
 * `startedOn <= d < endsOn`. It started in a period when `startedOn` falls in it, and ended in a
 * period when `endsOn` does. Whatever takes a case out of the figures (a duplicate, a "not
 * private fostering" decision, a proposal that never went ahead, a child already past the age
 * limit) takes it out of all three alike.
 */
import type { EndReason } from '../case-vocabulary.ts';
import { compareIsoDates, type IsoDate, londonDateOf } from '../local-date.ts';
import type { CaseSummary } from '../stored-case.ts';

/** Why a case is not an arrangement in the figures at all (undefined when it is one). */
export type NotCountedReason =
  /** Linked by staff as a duplicate notification of another case's arrangement: that case counts. */
  | 'duplicate'
  /** The assessment or the front door decided it was not private fostering. */
  | 'not-private-fostering'
  /** A proposal (regulation 3) whose move-in (regulation 6) has not been recorded. */
  | 'not-started'
  /** Over, or past the age limit, on or before the day it would have started. */
  | 'over-before-it-started';

export interface ArrangementSpan {
  /** The London date the council received the notification (the clock's rule). */
  receivedOn: IsoDate;
  /** Undefined when the case does not count as an arrangement (see `notCounted`). */
  startedOn: IsoDate | undefined;
  /** The first day it was no longer private fostering: the recorded end or the age limit, if sooner. */
  endsOn: IsoDate | undefined;
  /** How it ended: an end recorded by staff, or the age limit reached first (s.66). */
  endedBy: 'recorded' | 'age-limit' | undefined;
  /** The recorded reason (for an end by the age limit, only if staff recorded it). */
  endReason: EndReason | undefined;
  notCounted: NotCountedReason | undefined;
}

const min = (a: IsoDate | undefined, b: IsoDate | undefined) =>
  a === undefined ? b : b === undefined ? a : compareIsoDates(a, b) <= 0 ? a : b;

/** Decided "not private fostering" by the assessment or by the front door: the two count alike. */
export function decidedNotPrivateFostering(summary: CaseSummary | undefined): boolean {
  return (
    summary?.decision === 'not-private-fostering' || summary?.frontDoorOutcome === 'not-private-fostering'
  );
}

/**
 * The span of a case's arrangement:
 * - it starts on the notification's London date when the arrangement was running when notified
 *   (regulation 5; reg 8(6): it begins when the council becomes aware of it), or on the London
 *   date the council was told of the move-in for a proposal (regulations 3 and 6);
 * - it ends on the recorded end date, or on the 16th (18th if disabled) birthday if sooner:
 *   Children Act 1989 s.66, the child stops being privately fostered then, recorded or not.
 */
export function arrangementSpan(c: {
  receivedAt: string;
  summary?: CaseSummary | undefined;
}): ArrangementSpan {
  const s = c.summary;
  const receivedOn = londonDateOf(new Date(c.receivedAt));
  const endsOn = min(s?.endedOn, s?.ageLimitOn);
  const endedBy =
    endsOn === undefined
      ? undefined
      : s?.ageLimitOn !== undefined && endsOn === s.ageLimitOn
        ? 'age-limit'
        : 'recorded';
  const base = { receivedOn, endsOn, endedBy, endReason: s?.endReason } as const;
  const notCounted = (reason: NotCountedReason): ArrangementSpan => ({
    ...base,
    startedOn: undefined,
    notCounted: reason,
  });
  if (s?.duplicateOf !== undefined) return notCounted('duplicate');
  if (decidedNotPrivateFostering(s)) return notCounted('not-private-fostering');
  let startedOn = receivedOn;
  if (s?.arrangement === 'proposed') {
    if (s.movedInOn === undefined) return notCounted('not-started');
    // A move-in dated before the notice (should not be recorded) starts it no earlier than the notice.
    if (compareIsoDates(s.movedInOn, receivedOn) > 0) startedOn = s.movedInOn;
  }
  if (endsOn !== undefined && compareIsoDates(endsOn, startedOn) <= 0)
    return notCounted('over-before-it-started');
  return { ...base, startedOn, notCounted: undefined };
}

/** Open on day `d`: started on or before it and not ended by it. */
export function openOn(span: ArrangementSpan, d: IsoDate): boolean {
  return (
    span.startedOn !== undefined &&
    compareIsoDates(span.startedOn, d) <= 0 &&
    (span.endsOn === undefined || compareIsoDates(d, span.endsOn) < 0)
  );
}

/**
 * Still a live case on day `d` (checks and visits are owed): received by then, not a duplicate or
 * decided "not private fostering", and not ended or past the age limit. A proposal counts before
 * its move-in: the regulation 4 visit and the checks are owed for it.
 */
export function liveOn(span: ArrangementSpan, d: IsoDate): boolean {
  if (span.notCounted === 'duplicate' || span.notCounted === 'not-private-fostering') return false;
  return (
    compareIsoDates(span.receivedOn, d) <= 0 &&
    (span.endsOn === undefined || compareIsoDates(d, span.endsOn) < 0)
  );
}

/** Counted in the visit and check figures at all: a live case at some time. */
export function countsForVisits(span: ArrangementSpan): boolean {
  if (span.notCounted === 'duplicate' || span.notCounted === 'not-private-fostering') return false;
  return span.endsOn === undefined || compareIsoDates(span.receivedOn, span.endsOn) < 0;
}
