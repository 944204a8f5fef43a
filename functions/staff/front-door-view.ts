import { FRONT_DOOR_OUTCOME_LABELS } from '../../shared/domain/case-vocabulary.ts';
import {
  CONSENT_DECISION_LABELS,
  DISQUALIFIED_PERSON_LABELS,
  frontDoorDecisionDeadline,
  RESTRICTION_KIND_LABELS,
} from '../../shared/domain/front-door.ts';
import { compareIsoDates, formatLongDate } from '../../shared/domain/local-date.ts';
import type { CaseSnapshot } from '../../shared/domain/stored-case.ts';
import type { WorkingDayCalendar } from '../../shared/domain/working-days.ts';

/**
 * The case page's front-door section: the decision (Working Together 2023), whether it was made
 * within one working day, and the council's written decisions on disqualification, prohibition
 * and requirements (s.68, s.69, Sch. 8) with the last day to appeal.
 */
export function frontDoorView(snapshot: CaseSnapshot, calendar: WorkingDayCalendar) {
  const due = frontDoorDecisionDeadline(snapshot.caseRecord.receivedAt, calendar);
  const d = snapshot.frontDoor;
  if (!d) return { due: formatLongDate(due), rows: undefined };
  const inTime = compareIsoDates(d.firstDecidedOn, due) <= 0;
  const first =
    d.firstDecidedOn !== d.decidedOn ? ` (first decided ${formatLongDate(d.firstDecidedOn)})` : '';
  return {
    due: formatLongDate(due),
    rows: [
      { key: 'Decision', lines: [FRONT_DOOR_OUTCOME_LABELS[d.outcome]] },
      { key: 'Date', lines: [`${formatLongDate(d.decidedOn)}${first}`] },
      { key: 'Within one working day', lines: [`${inTime ? 'Yes' : 'No'}: due by ${formatLongDate(due)}`] },
      ...(d.reason ? [{ key: 'Why it is not private fostering', lines: [d.reason] }] : []),
      { key: 'Notes', lines: [d.notes ?? 'None'] },
    ],
  };
}

export function restrictionRows(snapshot: CaseSnapshot) {
  return (snapshot.restrictions ?? []).map((r) => ({
    what: RESTRICTION_KIND_LABELS[r.kind],
    detail: [
      r.person ? DISQUALIFIED_PERSON_LABELS[r.person] : undefined,
      r.decision ? CONSENT_DECISION_LABELS[r.decision] : undefined,
    ]
      .filter(Boolean)
      .join(': '),
    noticeOn: formatLongDate(r.noticeOn),
    appealBy: r.appealBy ? formatLongDate(r.appealBy) : 'No appeal (consent given)',
    reasons: r.reasons,
  }));
}
