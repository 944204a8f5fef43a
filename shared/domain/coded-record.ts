/**
 * The coded record: one case as it leaves the product for the council's case system (Liquidlogic
 * LCS, Mosaic, Eclipse) and the performance team. Pure: the case's records, the council's codes and
 * the export time are passed in. The contract is the versioned JSON Schema in
 * docs/schemas/private-fostering-record.v1.schema.json; a test validates every export against it.
 *
 * National codes, where a national code exists:
 * - Referral source: the Department for Education's Children in Need (CIN) census "referral source"
 *   codes, as carried by the Standard Safeguarding Dataset (data-to-insight/ssd-data-model,
 *   `ssd_cin_episodes.cine_referral_source`, and its Ofsted Annex A "list 3: referrals" query, which
 *   lists 1A–1D Individual, 2A Schools, 2B Education services, 3A–3F Health services, 4 Housing,
 *   5A–5D LA services, 6 Police, 7 Other legal agency, 8 Other, 9 Anonymous, 10 Unknown). The health
 *   sub-codes (3A GP, 3B health visitor, 3C school nurse, 3D other primary health services, 3E A&E,
 *   3F other health services) are as a council's SSD mapping of its contact sources uses them
 *   ("Health services - GP" → 3A, "Health visitor" → 3B, "A&E (emergency department)" → 3E,
 *   "Other primary health services" → 3D, "Other" → 3F), and the CIN census guide names them.
 * - Private fostering: the CIN census "factors identified at the end of assessment" 8B–8F
 *   (domain.md "National data codes"): 8B overseas child intending to return, 8C overseas child
 *   intending to stay, 8D UK child in an educational placement, 8E UK child in an alternative family
 *   arrangement, 8F other. Recorded by staff once the assessment ends ("where known").
 * - The council: its 3-digit DfE local authority code and its 9-character ONS GSS code
 *   (configuration, functions/staff/staff-config.ts).
 * - Visits: the Standard Safeguarding Dataset's visit fields, child seen, seen alone, bedroom seen.
 * Dates are ISO 8601 (London dates for days, UTC instants for times); the stable identifier is the
 * product's reference, beside the case system's own person ID once staff have recorded it.
 */

import { londonDateOf } from './local-date.ts';
import type { Address, Notification, NotifierRole, Person } from './notification.ts';
import type { CaseSnapshot } from './stored-case.ts';

/** The version of the record's shape: bump the major (and the schema file) on any breaking change. */
export const CODED_RECORD_VERSION = '1.0.0';
export const CODED_RECORD_SCHEMA_ID = 'private-fostering-record.v1.schema.json';

/** CIN census referral source codes (see the module comment for the source). */
export const REFERRAL_SOURCE_CODES = {
  '1A': 'Individual: family member, relative or carer',
  '1B': 'Individual: acquaintance (friend or neighbour)',
  '1C': 'Individual: self',
  '1D': 'Individual: other',
  '2A': 'Schools',
  '2B': 'Education services',
  '3A': 'Health services: GP',
  '3B': 'Health services: health visitor',
  '3C': 'Health services: school nurse',
  '3D': 'Health services: other primary health services',
  '3E': 'Health services: A&E',
  '3F': 'Health services: other',
  '4': 'Housing',
  '6': 'Police',
  '7': 'Other legal agency',
  '8': 'Other',
  '9': 'Anonymous',
  '10': 'Unknown',
} as const;
export type ReferralSourceCode = keyof typeof REFERRAL_SOURCE_CODES;

/**
 * CIN census factors identified at the end of assessment: the private fostering ones, 8B–8F.
 * Checked against the Standard Safeguarding Dataset's case-system extracts
 * (data-to-insight/ssd-data-model, item CINF002A), which map a case system's "overseas child,
 * intends to return" → 8B, "overseas child, intends to stay" → 8C, "UK child in education" → 8D,
 * "UK child, family arrangement" → 8E and "Privately fostered - Other" → 8F.
 */
export const PF_ASSESSMENT_FACTORS = {
  '8B': 'Privately fostered: overseas child who intends to return',
  '8C': 'Privately fostered: overseas child who intends to stay',
  '8D': 'Privately fostered: UK child in an educational placement',
  '8E': 'Privately fostered: UK child in an alternative family arrangement',
  '8F': 'Privately fostered: other',
} as const;
export type PfAssessmentFactor = keyof typeof PF_ASSESSMENT_FACTORS;
export const PF_ASSESSMENT_FACTOR_CODES = Object.keys(PF_ASSESSMENT_FACTORS) as PfAssessmentFactor[];

/** What the form's roles map to when nothing more specific is known. */
const ROLE_CODES: Record<NotifierRole, ReferralSourceCode> = {
  school: '2A',
  // Refined from the job title below; "GP or other health service" alone is 3F, not a guess of 3A.
  health: '3F',
  // No national code for faith settings, other professionals or agencies: "8 Other".
  'religious-setting': '8',
  'other-professional': '8',
  agency: '8',
  // A parent or the carer notifying: an individual who is family or the carer.
  parent: '1A',
  carer: '1A',
  other: '8',
};

/** Health sub-codes recognised in the notifier's own job title or organisation (first match wins). */
const HEALTH_WORDS: [RegExp, ReferralSourceCode][] = [
  [/\bschool nurse\b/i, '3C'],
  [/\bhealth visitor\b/i, '3B'],
  [/\b(a\s*&\s*e|emergency department|accident and emergency)\b/i, '3E'],
  [/\b(gp|general practi(ce|tioner)|doctors'? surgery)\b/i, '3A'],
];

/** The CIN census referral source for a notifier, and what it was worked out from. */
export function referralSourceOf(
  notifier: Pick<Notification['notifier'], 'role' | 'jobTitle' | 'organisation'>,
): {
  code: ReferralSourceCode;
  label: string;
  basis: 'role' | 'job-title';
} {
  if (notifier.role === 'health') {
    const words = `${notifier.jobTitle ?? ''} ${notifier.organisation ?? ''}`;
    const hit = HEALTH_WORDS.find(([re]) => re.test(words));
    if (hit) return { code: hit[1], label: REFERRAL_SOURCE_CODES[hit[1]], basis: 'job-title' };
  }
  const code = ROLE_CODES[notifier.role];
  return { code, label: REFERRAL_SOURCE_CODES[code], basis: 'role' };
}

/** The council's national identifiers (configuration). */
export interface CouncilCodes {
  name: string;
  /** DfE 3-digit local authority code, e.g. "330"; null when not configured. */
  dfeLaCode: string | null;
  /** ONS GSS code, e.g. "E08000025"; null when not configured. */
  gssCode: string | null;
}

/** What staff record about the case in the case system (functions/staff/exports). */
export interface CaseSystemDetails {
  personId: string;
  assessmentFactors: PfAssessmentFactor[];
  recordedBy: string;
  recordedAt: string;
}

export interface CodedAddress {
  line1: string | null;
  line2: string | null;
  town: string | null;
  postcode: string | null;
  country: string | null;
}
export interface CodedPerson {
  name: string | null;
  relationship: string | null;
  address: CodedAddress | null;
  organisation: string | null;
}

/** The record as exported: every field present, null where unknown (regulation 3(4): partial notices). */
export interface CodedRecord {
  schema: string;
  version: string;
  exportedAt: string;
  council: CouncilCodes;
  case: {
    reference: string;
    caseSystemPersonId: string | null;
    status: 'open' | 'ended';
    receivedAt: string;
    receivedOn: string;
    arrangementStage: 'proposed' | 'running' | null;
    urgent: boolean;
    informationGaps: string[];
  };
  referral: {
    sourceCode: ReferralSourceCode;
    sourceLabel: string;
    sourceBasis: 'role' | 'job-title';
    notifierRole: NotifierRole;
    notifierOrganisation: string | null;
    notifierJobTitle: string | null;
    notifierName: string | null;
  };
  child: {
    name: string | null;
    sex: string | null;
    dateOfBirth: string | null;
    approximateAge: string | null;
    placeOfBirth: string | null;
    disabled: 'yes' | 'no' | 'unknown' | null;
    religion: string | null;
    ethnicity: string | null;
    languageAndCulture: string | null;
    school: string | null;
    address: CodedAddress | null;
  };
  carer: {
    name: string | null;
    relationship: string | null;
    address: CodedAddress | null;
    previousAddresses: CodedAddress[];
    household: CodedPerson[];
  };
  parents: CodedPerson[];
  siblings: CodedPerson[];
  othersInvolved: CodedPerson[];
  arrangement: {
    startDate: string | null;
    intendedDuration: string | null;
    purpose: string | null;
    childLivesThereNow: 'yes' | 'no' | 'unknown' | null;
  };
  assessment: {
    factors: { code: PfAssessmentFactor; label: string }[];
    decision: string | null;
    decidedOn: string | null;
  };
  visits: {
    date: string;
    kind: string;
    childSeen: boolean | null;
    childSeenAlone: boolean;
    bedroomSeen: boolean | null;
    source: 'staff' | 'import';
  }[];
  checks: {
    type: string;
    requestedOn: string | null;
    completedOn: string | null;
    outcome: string | null;
    delayed: boolean;
  }[];
  end: { endedOn: string; reason: string } | null;
}

const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

function codedAddress(a: Address | undefined): CodedAddress | null {
  if (!a) return null;
  return {
    line1: orNull(a.line1),
    line2: orNull(a.line2),
    town: orNull(a.town),
    postcode: orNull(a.postcode),
    country: orNull(a.country),
  };
}

function codedPerson(p: Person): CodedPerson {
  return {
    name: orNull(p.name),
    relationship: orNull(p.relationship),
    address: codedAddress(p.address),
    organisation: orNull(p.organisation),
  };
}

/**
 * One case as a coded record. A case without its notification item (never expected, but the
 * store allows it) exports what the case item knows and nulls for the rest.
 */
export function codedRecordOf(
  snapshot: Pick<CaseSnapshot, 'caseRecord' | 'notification' | 'visits' | 'checks' | 'end' | 'decision'>,
  council: CouncilCodes,
  caseSystem: CaseSystemDetails | undefined,
  now: Date,
): CodedRecord {
  const c = snapshot.caseRecord;
  const n = snapshot.notification;
  const notifier = n?.notifier ?? { role: c.notifierRole };
  const source = referralSourceOf(notifier);
  const stage = c.summary?.arrangement ?? stageOf(n);
  return {
    schema: CODED_RECORD_SCHEMA_ID,
    version: CODED_RECORD_VERSION,
    exportedAt: now.toISOString(),
    council,
    case: {
      reference: c.reference,
      caseSystemPersonId: caseSystem?.personId ?? null,
      status: c.status,
      receivedAt: c.receivedAt,
      receivedOn: londonDateOf(new Date(c.receivedAt)),
      arrangementStage: stage,
      urgent: c.urgent,
      informationGaps: [...c.gaps],
    },
    referral: {
      sourceCode: source.code,
      sourceLabel: source.label,
      sourceBasis: source.basis,
      notifierRole: c.notifierRole,
      notifierOrganisation: orNull(n?.notifier.organisation),
      notifierJobTitle: orNull(n?.notifier.jobTitle),
      notifierName: orNull(n?.notifier.name),
    },
    child: {
      name: orNull(n?.child.name),
      sex: orNull(n?.child.sex),
      dateOfBirth: orNull(n?.child.dateOfBirth),
      approximateAge: orNull(n?.child.approximateAge),
      placeOfBirth: orNull(n?.child.placeOfBirth),
      disabled: orNull(n?.child.disabled),
      religion: orNull(n?.child.religion),
      ethnicity: orNull(n?.child.ethnicity),
      languageAndCulture: orNull(n?.child.languageAndCulture),
      school: orNull(n?.child.school),
      address: codedAddress(n?.child.address),
    },
    carer: {
      name: orNull(n?.carer.name),
      relationship: orNull(n?.carer.relationship),
      address: codedAddress(n?.carer.address),
      previousAddresses: (n?.carer.previousAddresses ?? []).map((a) => codedAddress(a) as CodedAddress),
      household: (n?.carer.household ?? []).map(codedPerson),
    },
    parents: (n?.parents ?? []).map(codedPerson),
    siblings: (n?.siblings ?? []).map(codedPerson),
    othersInvolved: (n?.othersInvolved ?? []).map(codedPerson),
    arrangement: {
      startDate: orNull(n?.arrangement.startDate),
      intendedDuration: orNull(n?.arrangement.intendedDuration),
      purpose: orNull(n?.arrangement.purpose),
      childLivesThereNow: orNull(n?.arrangement.childLivesThereNow),
    },
    assessment: {
      factors: (caseSystem?.assessmentFactors ?? []).map((code) => ({
        code,
        label: PF_ASSESSMENT_FACTORS[code],
      })),
      decision: snapshot.decision?.outcome ?? null,
      decidedOn: snapshot.decision?.decidedOn ?? null,
    },
    visits: [...snapshot.visits]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((v) => ({
        date: v.date,
        kind: v.kind,
        childSeen: v.childSeen ?? (v.childSeenAlone ? true : null),
        childSeenAlone: v.childSeenAlone,
        bedroomSeen: orNull(v.bedroomSeen),
        source: v.source ?? 'staff',
      })),
    checks: snapshot.checks.map((k) => ({
      type: k.checkType,
      requestedOn: orNull(k.requestedOn),
      completedOn: orNull(k.completedOn),
      outcome: orNull(k.outcome),
      delayed: k.delayed === true,
    })),
    end: snapshot.end ? { endedOn: snapshot.end.endedOn, reason: snapshot.end.reason } : null,
  };
}

function stageOf(n: Notification | undefined): 'proposed' | 'running' | null {
  const lives = n?.arrangement.childLivesThereNow;
  return lives === 'no' ? 'proposed' : lives === 'yes' ? 'running' : null;
}

/** A CSV cell's value: the CSV writer quotes it and defuses formulas. */
export type CodedCell = string | number | boolean | null;

const yesNo = (b: boolean | null) => (b === null ? null : b ? 'yes' : 'no');
const postcodeOf = (a: CodedAddress | null) => a?.postcode ?? null;

/**
 * The row-level CSV's columns, in order (the README lists them): one line per case, every value
 * from the coded record, so the CSV and the JSON cannot disagree.
 */
export const CODED_RECORD_COLUMNS: readonly [string, (r: CodedRecord) => CodedCell][] = [
  ['record_version', (r) => r.version],
  ['la_code', (r) => r.council.dfeLaCode],
  ['gss_code', (r) => r.council.gssCode],
  ['reference', (r) => r.case.reference],
  ['case_system_person_id', (r) => r.case.caseSystemPersonId],
  ['status', (r) => r.case.status],
  ['received_on', (r) => r.case.receivedOn],
  ['arrangement_stage', (r) => r.case.arrangementStage],
  ['urgent', (r) => (r.case.urgent ? 'yes' : 'no')],
  ['referral_source_code', (r) => r.referral.sourceCode],
  ['referral_source', (r) => r.referral.sourceLabel],
  ['notifier_role', (r) => r.referral.notifierRole],
  ['notifier_organisation', (r) => r.referral.notifierOrganisation],
  ['child_name', (r) => r.child.name],
  ['child_sex', (r) => r.child.sex],
  ['child_date_of_birth', (r) => r.child.dateOfBirth],
  ['child_disabled', (r) => r.child.disabled],
  ['child_ethnicity', (r) => r.child.ethnicity],
  ['carer_name', (r) => r.carer.name],
  ['carer_postcode', (r) => postcodeOf(r.carer.address)],
  ['parents_given', (r) => r.parents.length],
  ['arrangement_start_date', (r) => r.arrangement.startDate],
  ['assessment_factors', (r) => r.assessment.factors.map((f) => f.code).join(' ') || null],
  ['decision', (r) => r.assessment.decision],
  ['decided_on', (r) => r.assessment.decidedOn],
  ['visits', (r) => r.visits.length],
  ['visits_child_seen', (r) => r.visits.filter((v) => v.childSeen === true).length],
  ['visits_seen_alone', (r) => r.visits.filter((v) => v.childSeenAlone).length],
  ['visits_bedroom_seen', (r) => r.visits.filter((v) => v.bedroomSeen === true).length],
  ['last_visit', (r) => r.visits.at(-1)?.date ?? null],
  ['last_visit_seen_alone', (r) => yesNo(r.visits.at(-1)?.childSeenAlone ?? null)],
  ['checks_completed', (r) => r.checks.filter((k) => k.completedOn !== null).length],
  ['checks_outstanding', (r) => r.checks.filter((k) => k.completedOn === null).length],
  ['ended_on', (r) => r.end?.endedOn ?? null],
  ['end_reason', (r) => r.end?.reason ?? null],
  ['information_gaps', (r) => r.case.informationGaps.join('; ') || null],
];

/** The CSV's header and rows (the caller writes them with the house CSV writer). */
export function codedRecordTable(records: readonly CodedRecord[]): {
  header: string[];
  rows: CodedCell[][];
} {
  return {
    header: CODED_RECORD_COLUMNS.map(([name]) => name),
    rows: records.map((r) => CODED_RECORD_COLUMNS.map(([, get]) => get(r))),
  };
}
