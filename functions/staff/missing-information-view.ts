import { formatLongDate } from '../../shared/domain/local-date.ts';
import {
  INFORMATION_REQUEST_STATE_LABELS,
  informationRequestState,
  MISSING_ITEM_GAPS,
} from '../../shared/domain/missing-information.ts';
import type { CaseSnapshot } from '../../shared/domain/stored-case.ts';
import { dateTime, personRows, receivedDate } from './view-models.ts';

/**
 * The case page's view of issue 12's missing-information requests: each link sent, what it asked
 * and its state (sent, answered, expired), and what the notifier added, beside the notification
 * (which stays as received).
 */
export function informationRequestRows(snapshot: CaseSnapshot, now: Date) {
  return [...(snapshot.informationRequests ?? [])].reverse().map((r) => {
    const state = informationRequestState(r, now);
    return {
      sent: dateTime(r.sentAt),
      asked: r.items.map((i) => MISSING_ITEM_GAPS[i]).join('; '),
      state: INFORMATION_REQUEST_STATE_LABELS[state],
      colour: { sent: 'blue', answered: 'green', expired: 'grey' }[state],
      until: state === 'sent' ? receivedDate(r.expiresAt) : undefined,
      // The sweep's follow-ups (shared/domain/missing-information.ts).
      followUps: [
        ...(r.notifierRemindedAt ? [`Notifier reminded ${dateTime(r.notifierRemindedAt)}`] : []),
        ...(r.flaggedAt ? [`Flagged to the case ${dateTime(r.flaggedAt)}`] : []),
      ].join('. '),
    };
  });
}

export function additionViews(snapshot: CaseSnapshot) {
  return [...(snapshot.additions ?? [])].reverse().map((a) => {
    const x = a.answers;
    const parents = x.parents ?? [];
    return {
      received: dateTime(a.receivedAt),
      rows: [
        ...(x.startDate
          ? [{ key: 'Start date of the arrangement', lines: [formatLongDate(x.startDate)] }]
          : []),
        ...(x.childDateOfBirth
          ? [{ key: "Child's date of birth", lines: [formatLongDate(x.childDateOfBirth)] }]
          : []),
        ...(x.carerName ? [{ key: "Carer's name", lines: [x.carerName] }] : []),
        ...(x.carerPostcode ? [{ key: "Carer's postcode", lines: [x.carerPostcode] }] : []),
        ...parents.flatMap((p, i) => personRows(p, parents.length > 1 ? `Parent ${i + 1}: ` : 'Parent: ')),
      ],
    };
  });
}
