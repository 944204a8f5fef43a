import { arrangementStageOf, childAgeLimit, childAgeOf } from '../../shared/domain/case-change.ts';
import {
  ARRANGEMENT_STAGE_LABELS,
  CHECK_OUTCOME_LABELS,
  DECISION_OUTCOME_LABELS,
  describeEvent,
  END_REASON_LABELS,
  isDbsCheck,
  SCHEDULE_3_LABELS,
  VISIT_KIND_LABELS,
  VISIT_REQUESTER_LABELS,
} from '../../shared/domain/case-vocabulary.ts';
import { compareIsoDates, formatLongDate, isIsoDate, londonDateOf } from '../../shared/domain/local-date.ts';
import { NOTIFIER_ROLE_LABELS, type Notification, type Person } from '../../shared/domain/notification.ts';
import { checkLabel, obligationLabel } from '../../shared/domain/obligation-labels.ts';
import type { Reminder } from '../../shared/domain/reminders.ts';
import {
  CHECK_TYPES,
  type CheckType,
  defaultCheckPolicy,
  type Obligation,
} from '../../shared/domain/statutory-clock.ts';
import type { CaseSnapshot, StoredCase } from '../../shared/domain/stored-case.ts';

/**
 * What the staff templates show, built from stored records: plain strings only (the templates
 * escape every one), so no HTML is ever assembled here.
 */

export const longDate = (iso: string | undefined): string =>
  iso && isIsoDate(iso) ? formatLongDate(iso) : '';
export const receivedDate = (instant: string): string => formatLongDate(londonDateOf(new Date(instant)));

const londonDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
});
export const dateTime = (instant: string): string =>
  londonDateTime.format(new Date(instant)).replace(' at ', ', ');

export { checkLabel, obligationLabel };
export const CHECK_OPTIONS = defaultCheckPolicy.map((r) => ({ value: r.type, text: r.label }));

export interface Tag {
  text: string;
  colour: string;
}

export function obligationTag(o: Obligation, today: string): Tag {
  if (o.status === 'met') return { text: 'Done', colour: 'green' };
  if (o.status === 'cancelled') return { text: 'Cancelled', colour: 'grey' };
  const c = compareIsoDates(o.due, today);
  if (c < 0) return { text: 'Overdue', colour: 'red' };
  if (c === 0) return { text: 'Due today', colour: 'orange' };
  return { text: 'To do', colour: 'blue' };
}

export function caseStatusTag(c: Pick<StoredCase, 'status' | 'nextDue'>, today: string): Tag {
  if (c.status === 'ended') return { text: 'Ended', colour: 'grey' };
  if (c.nextDue && compareIsoDates(c.nextDue, today) < 0) return { text: 'Overdue', colour: 'red' };
  return { text: 'Open', colour: 'blue' };
}

const STAGE_LABELS: Record<string, string> = {
  'due-soon': 'Due soon',
  'due-today': 'Due today',
  overdue: 'Overdue',
  escalation: 'Overdue: escalation to the designated manager',
  'delivery-failure': 'Email could not be delivered',
};

/**
 * The next reminder waiting for each obligation (and how many more follow it), so the page shows
 * what will be sent next and to whom without listing every stage of every obligation. None of
 * them has been sent: `goesOut` says when it will go, or, once its time has passed, that it is
 * waiting for the next run of the reminder sweep.
 */
export function reminderRows(reminders: readonly Reminder[], now: Date) {
  const waiting = reminders
    .filter((r) => r.state === 'pending' || r.state === 'sending')
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const byObligation = new Map<string, Reminder[]>();
  for (const r of waiting) byObligation.set(r.obligation, [...(byObligation.get(r.obligation) ?? []), r]);
  return [...byObligation.values()].map((list) => {
    const next = list[0] as Reminder;
    return {
      what: obligationLabel(next.obligation),
      stage: STAGE_LABELS[next.stage] ?? next.stage,
      goesOut:
        new Date(next.dueAt).getTime() > now.getTime()
          ? dateTime(next.dueAt)
          : `With the next reminder run (due since ${dateTime(next.dueAt)})`,
      to: next.recipient,
      more: list.length - 1,
    };
  });
}

export interface SummaryRow {
  key: string;
  lines: string[];
}
export interface Section {
  title: string;
  rows: SummaryRow[];
}

const NOT_GIVEN = 'Not given';
const yesNo = (v: string | boolean | undefined) =>
  v === true || v === 'yes'
    ? 'Yes'
    : v === false || v === 'no'
      ? 'No'
      : v === 'unknown'
        ? 'Not known'
        : NOT_GIVEN;

function addressLines(a: Notification['carer']['address']): string[] {
  if (!a) return [NOT_GIVEN];
  const lines = [a.line1, a.line2, a.town, a.postcode, a.country].filter((l): l is string => !!l);
  return lines.length ? lines : [NOT_GIVEN];
}

export function personRows(p: Person, prefix = ''): SummaryRow[] {
  const rows: SummaryRow[] = [{ key: `${prefix}Name`, lines: [p.name || NOT_GIVEN] }];
  if (p.relationship) rows.push({ key: `${prefix}Relationship`, lines: [p.relationship] });
  if (p.organisation) rows.push({ key: `${prefix}Organisation`, lines: [p.organisation] });
  if (p.approximateAge) rows.push({ key: `${prefix}Age`, lines: [p.approximateAge] });
  if (p.address) rows.push({ key: `${prefix}Address`, lines: addressLines(p.address) });
  if (p.contact) rows.push({ key: `${prefix}Contact`, lines: [p.contact] });
  if (p.careArrangements) rows.push({ key: `${prefix}Who cares for them`, lines: [p.careArrangements] });
  if (p.notes) rows.push({ key: `${prefix}Notes`, lines: [p.notes] });
  return rows;
}

function people(title: string, list: Person[] | undefined, noun: string): Section {
  if (!list || list.length === 0) return { title, rows: [{ key: title, lines: [NOT_GIVEN] }] };
  return {
    title,
    rows: list.flatMap((p, i) => personRows(p, list.length > 1 ? `${noun} ${i + 1}: ` : '')),
  };
}

/** The notification as received, section by section (Schedule 1). The only place child details appear. */
export function notificationSections(n: Notification): Section[] {
  const child = n.child;
  const sections: Section[] = [
    {
      title: 'The child',
      rows: [
        { key: 'Name', lines: [child.name || NOT_GIVEN] },
        { key: 'Date of birth', lines: [longDate(child.dateOfBirth) || child.approximateAge || NOT_GIVEN] },
        { key: 'Sex', lines: [child.sex || NOT_GIVEN] },
        { key: 'Disabled', lines: [yesNo(child.disabled)] },
        { key: 'Place of birth', lines: [child.placeOfBirth || NOT_GIVEN] },
        { key: 'Religion', lines: [child.religion || NOT_GIVEN] },
        // The form's own words, so staff and notifier name each answer alike.
        { key: 'Ethnicity', lines: [child.ethnicity || NOT_GIVEN] },
        { key: 'First language and cultural background', lines: [child.languageAndCulture || NOT_GIVEN] },
        { key: 'School or college', lines: [child.school || NOT_GIVEN] },
        { key: "Lives at the carer's address", lines: [yesNo(child.livesAtCarerAddress)] },
        ...(child.address ? [{ key: 'Address', lines: addressLines(child.address) }] : []),
      ],
    },
    {
      title: 'The carer and household',
      rows: [
        { key: 'Name', lines: [n.carer.name || NOT_GIVEN] },
        { key: 'Relationship to the child', lines: [n.carer.relationship || NOT_GIVEN] },
        { key: 'Address', lines: addressLines(n.carer.address) },
        ...(n.carer.previousAddresses ?? []).map((a, i) => ({
          key: `Previous address ${i + 1}`,
          lines: addressLines(a),
        })),
        { key: 'Phone', lines: [n.carer.phone || NOT_GIVEN] },
        ...(n.carer.household ?? []).flatMap((p, i) => personRows(p, `Household member ${i + 1}: `)),
        // Asked only when the carer notifies (Schedule 1; Children Act 1989 ss.68, 69): absent
        // otherwise, so not shown as "Not given" for a school's or a GP's notification.
        ...(n.carer.convictions
          ? [
              {
                key: 'Convictions or cautions (carer or household)',
                lines: [
                  yesNo(n.carer.convictions),
                  ...(n.carer.convictionsDetails ? [n.carer.convictionsDetails] : []),
                ],
              },
            ]
          : []),
        ...(n.carer.disqualified
          ? [{ key: 'Disqualified from private fostering (s.68)', lines: [yesNo(n.carer.disqualified)] }]
          : []),
        ...(n.carer.prohibited
          ? [{ key: 'Prohibited from private fostering (s.69)', lines: [yesNo(n.carer.prohibited)] }]
          : []),
      ],
    },
    people('Parents and people with parental responsibility', n.parents, 'Parent'),
    ...(n.receivedFrom ? [{ title: 'Received from', rows: personRows(n.receivedFrom) }] : []),
    people('Brothers and sisters', n.siblings, 'Sibling'),
    people('Others involved in arranging it', n.othersInvolved, 'Person'),
    {
      title: 'The arrangement',
      rows: [
        { key: 'Child already lives with the carer', lines: [yesNo(n.arrangement.childLivesThereNow)] },
        { key: 'Start date', lines: [longDate(n.arrangement.startDate) || NOT_GIVEN] },
        { key: 'Intended duration', lines: [n.arrangement.intendedDuration || NOT_GIVEN] },
        { key: 'Purpose', lines: [n.arrangement.purpose || NOT_GIVEN] },
        { key: 'Concern for immediate safety', lines: [yesNo(n.arrangement.immediateSafetyConcern)] },
      ],
    },
    {
      title: 'Who notified',
      rows: [
        { key: 'Role', lines: [NOTIFIER_ROLE_LABELS[n.notifier.role]] },
        { key: 'Organisation', lines: [n.notifier.organisation || NOT_GIVEN] },
        { key: 'Name', lines: [n.notifier.name] },
        { key: 'Job title', lines: [n.notifier.jobTitle || NOT_GIVEN] },
        { key: 'Work address', lines: addressLines(n.notifier.workAddress) },
        { key: 'Email', lines: [n.notifier.email || NOT_GIVEN] },
        { key: 'Phone', lines: [n.notifier.phone || NOT_GIVEN] },
      ],
    },
  ];
  return sections;
}

/**
 * Where the arrangement stands in its life: proposed or running when notified (regulations 3 and
 * 5), when the council was told the child moved in (regulation 6), and the day it stops being
 * private fostering by age (s.66), saying when that assumes 16 because disability is undecided.
 */
export function lifecycleRows(snapshot: CaseSnapshot): SummaryRow[] {
  const stage = arrangementStageOf(snapshot.caseRecord, snapshot);
  const rows: SummaryRow[] = [{ key: 'Arrangement', lines: [ARRANGEMENT_STAGE_LABELS[stage]] }];
  if (stage === 'proposed') {
    const m = snapshot.moveIn;
    rows.push({
      key: 'Moved in',
      lines: m
        ? [
            `Council told on ${longDate(m.toldOn)} (regulation 6)`,
            ...(m.movedInOn ? [`Moved in on ${longDate(m.movedInOn)}`] : []),
          ]
        : ['Not yet recorded'],
    });
  }
  const limit = childAgeLimit(childAgeOf(snapshot.notification, snapshot.childDetails));
  rows.push({
    key: 'Privately fostered until',
    lines: !limit
      ? ['Not known: no date of birth recorded']
      : limit.assumed
        ? [`${longDate(limit.on)}, the 16th birthday`, 'Assumes 16 until disability is decided (s.17(11))']
        : [
            `${longDate(limit.on)}, the ${limit.age === 18 ? '18th birthday (disabled, s.17(11))' : '16th birthday'}`,
          ],
  });
  return rows;
}

export function visitRows(snapshot: CaseSnapshot) {
  return snapshot.visits.map((v) => ({
    date: longDate(v.date),
    kind: VISIT_KIND_LABELS[v.kind],
    seenAlone: v.childSeenAlone ? 'Yes' : `No: ${v.notSeenAloneReason ?? 'no reason recorded'}`,
    matters: v.matters.map((m) => SCHEDULE_3_LABELS[m]),
    notes: v.notes ?? '',
    // Standard Safeguarding Dataset fields; absent on visits recorded before they were asked.
    childSeen: v.childSeen === undefined ? 'Not recorded' : v.childSeen ? 'Yes' : 'No',
    bedroomSeen: v.bedroomSeen === undefined ? 'Not recorded' : v.bedroomSeen ? 'Yes' : 'No',
    // Where the record came from: typed here, or imported from the case system (issue 14).
    recordedBy: v.source === 'import' ? `${v.recordedBy} (imported from the case system)` : v.recordedBy,
  }));
}

/**
 * Every check the case tracks (the policy's required ones and any optional one recorded), with
 * its due date and where it stands today. Worked out when the page is read, from the stored due
 * date: nothing is written. A DBS check past its due date shows as overdue (the sweep escalates
 * it) and stays so until staff record it completed, or delayed, which starts the interim safety
 * plan (Croydon 2024).
 */
export function checkRows(snapshot: CaseSnapshot, today: string) {
  const records = new Map(snapshot.checks.map((c) => [c.checkType, c]));
  const obligations = new Map(
    snapshot.obligations
      .filter((o) => o.kind.startsWith('check:'))
      .map((o) => [o.kind.slice('check:'.length) as CheckType, o]),
  );
  const types = CHECK_TYPES.filter((t) => records.has(t) || obligations.has(t));
  return types.map((type) => {
    const c = records.get(type);
    const o = obligations.get(type);
    let status: Tag = o ? obligationTag(o, today) : { text: 'To do', colour: 'blue' };
    let hint = '';
    if (c?.completedOn) status = { text: 'Done', colour: 'green' };
    else if (c?.delayed && o?.status === 'open') {
      status = { text: 'Delayed', colour: 'red' };
      hint = c.delayReason ?? '';
    } else if (status.text === 'Overdue' && isDbsCheck(type)) {
      hint = 'If it is held up, record it as delayed: an interim safety plan is then due.';
    }
    return {
      type: checkLabel(type),
      person: c?.person ?? '',
      requested: longDate(c?.requestedOn),
      completed: longDate(c?.completedOn),
      due: longDate(o?.due),
      status,
      hint,
      outcome: c?.outcome ? CHECK_OUTCOME_LABELS[c.outcome] : '',
      notes: c?.notes ?? '',
    };
  });
}

export function visitRequestRows(snapshot: CaseSnapshot) {
  const visitDates = snapshot.visits.map((v) => v.date).sort();
  return snapshot.visitRequests.map((r) => {
    // Any visit on or after the request meets it (regulation 8), as in the statutory clock.
    const visited = visitDates.find((d) => compareIsoDates(d, r.requestedOn) >= 0);
    return {
      requestedOn: longDate(r.requestedOn),
      requestedBy: VISIT_REQUESTER_LABELS[r.requestedBy],
      visited: visited ? longDate(visited) : '',
      notes: r.notes ?? '',
      recordedBy: r.recordedBy,
    };
  });
}

export function safetyPlanView(snapshot: CaseSnapshot) {
  const p = snapshot.safetyPlan;
  if (!p) return undefined;
  return { agreedOn: longDate(p.agreedOn), notes: p.notes, recordedBy: p.recordedBy };
}

export function endView(snapshot: CaseSnapshot) {
  const e = snapshot.end;
  if (!e) return undefined;
  return {
    endedOn: longDate(e.endedOn),
    reason: END_REASON_LABELS[e.reason],
    newCarer: [e.newCarer?.name, e.newCarer?.address, e.newCarer?.phone].filter((l): l is string => !!l),
    notes: e.notes ?? '',
  };
}

export function decisionView(snapshot: CaseSnapshot) {
  const d = snapshot.decision;
  if (!d) return undefined;
  return {
    decidedOn: longDate(d.decidedOn),
    outcome: DECISION_OUTCOME_LABELS[d.outcome],
    notes: d.notes ?? '',
  };
}

export function eventRows(snapshot: CaseSnapshot) {
  return [...snapshot.events]
    .reverse()
    .map((e) => ({ at: dateTime(e.at), by: e.by, what: describeEvent(e) }));
}
