import {
  CHECK_OUTCOME_LABELS,
  type CheckOutcome,
  DECISION_OUTCOME_LABELS,
  type DecisionOutcome,
  END_REASON_LABELS,
  type EndReason,
  VISIT_KIND_LABELS,
} from '../../../shared/domain/case-vocabulary.ts';
import type { CodedAddress, CodedPerson, CodedRecord } from '../../../shared/domain/coded-record.ts';
import { formatLongDate } from '../../../shared/domain/local-date.ts';
import { NOTIFIER_ROLE_LABELS } from '../../../shared/domain/notification.ts';
import { checkLabel } from '../../../shared/domain/obligation-labels.ts';
import type { VisitKind } from '../../../shared/domain/statutory-clock.ts';

/**
 * The printable record: the coded record in words, for attaching to the case system (a browser's
 * "Print to PDF"). Every value comes from the coded record, so the print and the JSON agree; codes
 * are shown beside their words.
 */
const NOT_GIVEN = 'Not given';
const date = (d: string | null) => (d ? formatLongDate(d) : NOT_GIVEN);
const yesNo = (b: boolean | null) => (b === null ? 'Not recorded' : b ? 'Yes' : 'No');
const address = (a: CodedAddress | null) =>
  a ? [a.line1, a.line2, a.town, a.postcode, a.country].filter(Boolean).join(', ') || NOT_GIVEN : NOT_GIVEN;
const person = (p: CodedPerson) =>
  [p.name ?? 'Name not given', p.relationship, p.organisation, p.address ? address(p.address) : null]
    .filter(Boolean)
    .join('; ');

export interface RecordSection {
  title: string;
  rows: { key: string; value: string }[];
}

export function caseRecordView(r: CodedRecord): {
  reference: string;
  exportedAt: string;
  sections: RecordSection[];
  visits: string[][];
  checks: string[][];
} {
  const sections: RecordSection[] = [
    {
      title: 'Case',
      rows: [
        { key: 'Reference', value: r.case.reference },
        { key: 'Case system person ID', value: r.case.caseSystemPersonId ?? 'Not recorded yet' },
        {
          key: 'Council',
          value: `${r.council.name} (DfE LA code ${r.council.dfeLaCode ?? 'not configured'}, GSS code ${r.council.gssCode ?? 'not configured'})`,
        },
        { key: 'Received', value: date(r.case.receivedOn) },
        { key: 'Status', value: r.case.status === 'open' ? 'Open' : 'Ended' },
        { key: 'Not given in the notification', value: r.case.informationGaps.join('; ') || 'Nothing' },
      ],
    },
    {
      title: 'Referral',
      rows: [
        { key: 'Referral source (CIN census)', value: `${r.referral.sourceCode}: ${r.referral.sourceLabel}` },
        {
          key: 'Notifier',
          value:
            [r.referral.notifierName, r.referral.notifierJobTitle, r.referral.notifierOrganisation]
              .filter(Boolean)
              .join(', ') || NOT_GIVEN,
        },
        { key: 'Notifier role', value: NOTIFIER_ROLE_LABELS[r.referral.notifierRole] },
      ],
    },
    {
      title: 'Child',
      rows: [
        { key: 'Name', value: r.child.name ?? NOT_GIVEN },
        {
          key: 'Date of birth',
          value: r.child.dateOfBirth
            ? formatLongDate(r.child.dateOfBirth)
            : (r.child.approximateAge ?? NOT_GIVEN),
        },
        { key: 'Sex', value: r.child.sex ?? NOT_GIVEN },
        { key: 'Disabled', value: r.child.disabled ?? NOT_GIVEN },
        { key: 'Ethnicity', value: r.child.ethnicity ?? NOT_GIVEN },
        { key: 'Religion', value: r.child.religion ?? NOT_GIVEN },
        { key: 'Language and culture', value: r.child.languageAndCulture ?? NOT_GIVEN },
        { key: 'School', value: r.child.school ?? NOT_GIVEN },
      ],
    },
    {
      title: 'Carer and household',
      rows: [
        { key: 'Carer', value: r.carer.name ?? NOT_GIVEN },
        { key: 'Address', value: address(r.carer.address) },
        { key: 'Household', value: r.carer.household.map(person).join(' | ') || 'None given' },
      ],
    },
    {
      title: 'Parents, siblings and others',
      rows: [
        { key: 'Parents', value: r.parents.map(person).join(' | ') || NOT_GIVEN },
        { key: 'Brothers and sisters', value: r.siblings.map(person).join(' | ') || 'None given' },
        { key: 'Others involved', value: r.othersInvolved.map(person).join(' | ') || 'None given' },
      ],
    },
    {
      title: 'Arrangement and assessment',
      rows: [
        { key: 'Start date', value: date(r.arrangement.startDate) },
        { key: 'Intended duration', value: r.arrangement.intendedDuration ?? NOT_GIVEN },
        { key: 'Purpose', value: r.arrangement.purpose ?? NOT_GIVEN },
        {
          key: 'Assessment factors (CIN census)',
          value: r.assessment.factors.map((f) => `${f.code}: ${f.label}`).join('; ') || 'Not recorded',
        },
        {
          key: 'Decision',
          value: r.assessment.decision
            ? `${DECISION_OUTCOME_LABELS[r.assessment.decision as DecisionOutcome]} (${date(r.assessment.decidedOn)})`
            : 'Not decided',
        },
        {
          key: 'End',
          value: r.end
            ? `${date(r.end.endedOn)}: ${END_REASON_LABELS[r.end.reason as EndReason]}`
            : 'Not ended',
        },
      ],
    },
  ];
  return {
    reference: r.case.reference,
    exportedAt: r.exportedAt,
    sections,
    visits: r.visits.map((v) => [
      date(v.date),
      VISIT_KIND_LABELS[v.kind as VisitKind] ?? v.kind,
      yesNo(v.childSeen),
      yesNo(v.childSeenAlone),
      yesNo(v.bedroomSeen),
      v.source === 'import' ? 'Imported' : 'Staff',
    ]),
    checks: r.checks.map((k) => [
      checkLabel(k.type),
      date(k.requestedOn),
      k.completedOn ? formatLongDate(k.completedOn) : 'Outstanding',
      k.outcome ? CHECK_OUTCOME_LABELS[k.outcome as CheckOutcome] : '',
    ]),
  };
}
