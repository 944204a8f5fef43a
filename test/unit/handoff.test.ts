import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../functions/staff/compliance/csv.ts';
import { parseStaffConfig } from '../../functions/staff/staff-config.ts';
import {
  CODED_RECORD_COLUMNS,
  type CodedRecord,
  codedRecordOf,
  codedRecordTable,
  referralSourceOf,
} from '../../shared/domain/coded-record.ts';
import { complianceFigures } from '../../shared/domain/compliance.ts';
import { caseExceptions, caseTimeline } from '../../shared/domain/inspection-pack.ts';
import { NOTIFIER_ROLES, type Notification } from '../../shared/domain/notification.ts';
import { pf1Lines } from '../../shared/domain/pf1-return.ts';
import type { Reminder } from '../../shared/domain/reminders.ts';
import type { CaseSnapshot } from '../../shared/domain/stored-case.ts';
import { judgeImportRow, parseImportFile, readImportDate } from '../../shared/domain/visit-import.ts';
import { defaultCalendar } from '../../shared/domain/working-days.ts';
import { nothingRecorded } from '../fixtures/case-snapshot.ts';
import { aNotification } from '../fixtures/notifications.ts';

/*
 * Issue 14: the coded record against its versioned JSON Schema (the contract), the CSV's columns
 * and formula defusing, the referral source codes, the import reader, the inspection pack's
 * timeline against a hand-written one, its exceptions, and the PF1-shaped figures.
 */

const NOW = new Date('2026-11-24T10:00:00.000Z');
const COUNCIL = { name: 'Anytown Council', dfeLaCode: '999', gssCode: 'E06000999' };
const HOSTILE = '=HYPERLINK("http://evil.example","x") <script>alert("x")</script> "quoted", \u202e\u0000';

const schema = JSON.parse(
  readFileSync(
    new URL('../../docs/schemas/private-fostering-record.v1.schema.json', import.meta.url),
    'utf8',
  ),
);
const ajv = new Ajv2020({ allErrors: true, strict: true });
// ajv-formats is CommonJS: under NodeNext its plugin is the module's default export.
const addFormatsTo = ((addFormats as unknown as { default?: unknown }).default ?? addFormats) as (
  a: Ajv2020,
) => void;
addFormatsTo(ajv);

const validate = ajv.compile(schema);

function expectValid(record: CodedRecord) {
  const ok = validate(JSON.parse(JSON.stringify(record)));
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

function snapshotOf(n: Notification, extra: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return {
    caseRecord: {
      reference: n.reference,
      receivedAt: n.receivedAt,
      status: 'open',
      mailbox: 'front-door@anytown.example',
      notifierRole: n.notifier.role,
      urgent: false,
      gaps: [],
      summary: { visits: [], checks: [] },
    },
    notification: n,
    obligations: [],
    reminders: [],
    ...nothingRecorded(),
    ...extra,
  };
}

const recorded = { recordedBy: 'worker@anytown.example', recordedAt: '2026-11-10T10:00:00.000Z' };

describe('the coded record and its JSON Schema (v1)', () => {
  it('validates a full record, with visits, checks, the decision, the end and the case system details', () => {
    const n = aNotification({ receivedAt: '2026-11-02T10:00:00.000Z' });
    const record = codedRecordOf(
      snapshotOf(n, {
        visits: [
          {
            visitId: 'v1',
            date: '2026-11-05',
            kind: 'initial',
            childSeenAlone: true,
            childSeen: true,
            bedroomSeen: false,
            source: 'import',
            matters: [],
            ...recorded,
          },
        ],
        checks: [
          {
            checkType: 'police',
            requestedOn: '2026-11-06',
            completedOn: '2026-11-12',
            outcome: 'no-concerns',
            ...recorded,
          },
        ],
        decision: { decidedOn: '2026-11-20', outcome: 'suitable', ...recorded },
        end: { endedOn: '2026-11-21', reason: 'returned-home', ...recorded },
      }),
      COUNCIL,
      { personId: '1234567', assessmentFactors: ['8D'], ...recorded },
      NOW,
    );
    expectValid(record);
    expect(record.council).toEqual(COUNCIL);
    expect(record.case.caseSystemPersonId).toBe('1234567');
    expect(record.referral.sourceCode).toBe('2A');
    expect(record.assessment.factors).toEqual([
      { code: '8D', label: 'Privately fostered: UK child in an educational placement' },
    ]);
    expect(record.visits).toEqual([
      {
        date: '2026-11-05',
        kind: 'initial',
        childSeen: true,
        childSeenAlone: true,
        bedroomSeen: false,
        source: 'import',
      },
    ]);
  });

  it('validates a partial notification (regulation 3(4)): nulls where nothing was given, and no codes configured', () => {
    const n: Notification = {
      reference: 'ABCDEFGH',
      receivedAt: '2026-11-02T10:00:00.000Z',
      notifier: { role: 'other', name: 'A neighbour' },
      child: { disabled: 'unknown' },
      carer: {},
      arrangement: {},
    };
    const record = codedRecordOf(
      snapshotOf(n),
      { name: 'Anytown Council', dfeLaCode: null, gssCode: null },
      undefined,
      NOW,
    );
    expectValid(record);
    expect(record.child.name).toBeNull();
    expect(record.arrangement.startDate).toBeNull();
    expect(record.case.caseSystemPersonId).toBeNull();
    // A case item without its notification still exports.
    expectValid(codedRecordOf({ ...snapshotOf(n), notification: undefined }, COUNCIL, undefined, NOW));
  });

  it('validates hostile text in every free-text field, kept as text', () => {
    const n = aNotification({
      notifier: { role: 'health', name: HOSTILE, organisation: HOSTILE, jobTitle: HOSTILE },
      child: { name: HOSTILE, sex: HOSTILE, religion: HOSTILE, disabled: 'no', address: { line1: HOSTILE } },
      carer: { name: HOSTILE, household: [{ name: HOSTILE, notes: HOSTILE }] },
      parents: [{ name: HOSTILE, address: { country: HOSTILE } }],
      siblings: [{ name: HOSTILE, careArrangements: HOSTILE }],
      othersInvolved: [{ organisation: HOSTILE }],
      arrangement: { purpose: HOSTILE, intendedDuration: HOSTILE },
    });
    const record = codedRecordOf(snapshotOf(n), COUNCIL, undefined, NOW);
    expectValid(record);
    expect(record.child.name).toBe(HOSTILE);
  });

  it('refuses what the schema forbids: a wrong code, a bad date, an extra field', () => {
    const good = JSON.parse(
      JSON.stringify(codedRecordOf(snapshotOf(aNotification()), COUNCIL, undefined, NOW)),
    );
    expect(validate({ ...good, referral: { ...good.referral, sourceCode: '2Z' } })).toBe(false);
    expect(validate({ ...good, council: { ...good.council, dfeLaCode: '12' } })).toBe(false);
    expect(validate({ ...good, case: { ...good.case, receivedOn: '2026-13-01' } })).toBe(false);
    expect(validate({ ...good, extra: true })).toBe(false);
  });
});

describe('referral source (CIN census codes)', () => {
  it('maps every notifier role, and refines health from the job title', () => {
    const codes = Object.fromEntries(NOTIFIER_ROLES.map((role) => [role, referralSourceOf({ role }).code]));
    expect(codes).toEqual({
      school: '2A',
      health: '3F',
      'religious-setting': '8',
      'other-professional': '8',
      parent: '1A',
      carer: '1A',
      agency: '8',
      other: '8',
    });
    expect(referralSourceOf({ role: 'health', jobTitle: 'GP partner' }).code).toBe('3A');
    expect(referralSourceOf({ role: 'health', organisation: 'Anytown General Practice' }).code).toBe('3A');
    expect(referralSourceOf({ role: 'health', jobTitle: 'Health visitor' }).code).toBe('3B');
    expect(referralSourceOf({ role: 'health', jobTitle: 'School nurse' }).code).toBe('3C');
    expect(referralSourceOf({ role: 'health', jobTitle: 'A&E consultant' }).code).toBe('3E');
    // A teacher who happens to mention a GP is still a school.
    expect(referralSourceOf({ role: 'school', jobTitle: 'GP liaison' }).code).toBe('2A');
  });
});

describe('the row-level CSV', () => {
  it('has the documented columns, one line per case, and defuses formulas (= + - @ tab CR)', () => {
    const n = aNotification({ child: { name: '=1+1', disabled: 'no' }, carer: { name: '+44 cmd' } });
    const record = codedRecordOf(
      snapshotOf(n),
      COUNCIL,
      { personId: '77', assessmentFactors: [], ...recorded },
      NOW,
    );
    const t = codedRecordTable([record]);
    expect(t.header).toEqual(CODED_RECORD_COLUMNS.map(([c]) => c));
    expect(t.header.slice(0, 5)).toEqual([
      'record_version',
      'la_code',
      'gss_code',
      'reference',
      'case_system_person_id',
    ]);
    const csv = toCsv(t.header, t.rows);
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"'=1+1"`);
    expect(lines[1]).toContain(`"'+44 cmd"`);
    for (const bad of ['=SUM(A1)', '+1', '-1+1', '@cmd', '\tx', '\rx'])
      expect(csvCell(bad)).toBe(`"'${bad}"`);
    expect(csvCell('a "quote"')).toBe('"a ""quote"""');
  });
});

describe('the visits-and-checks import', () => {
  const HEADER =
    'record_type,reference,person_id,visit_date,visit_type,child_seen,seen_alone,bedroom_seen,check_type,requested_on,completed_on,outcome';

  it('reads visits and checks, ISO or UK dates, and gives the same row the same key wherever it is', () => {
    const file = parseImportFile(
      `${HEADER}\nvisit,ABCDEFGH,,05/11/2026,initial,yes,yes,no,,,,\ncheck,,P-1,,,,,,police,2026-11-06,2026-11-12,no-concerns\n`,
    );
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    const [visit, check] = file.rows;
    expect(visit).toMatchObject({
      ok: true,
      line: 2,
      reference: 'ABCDEFGH',
      record: {
        type: 'visit',
        visit: {
          date: '2026-11-05',
          kind: 'initial',
          childSeen: true,
          childSeenAlone: true,
          bedroomSeen: false,
        },
      },
    });
    expect(check).toMatchObject({
      ok: true,
      personId: 'P-1',
      record: { type: 'check', check: { checkType: 'police', completedOn: '2026-11-12' } },
    });
    const again = parseImportFile(`${HEADER}\n\ncheck,,P-1,,,,,,police,2026-11-06,2026-11-12,no-concerns\n`);
    expect(again.ok && again.rows[0]?.ok && again.rows[0].key).toBe(check?.ok && check.key);
  });

  it('refuses bad files whole: wrong columns, rubbish, formulas, too many rows', () => {
    expect(parseImportFile('')).toEqual({ ok: false, error: 'The file is empty' });
    expect(parseImportFile('date,who\n1,2\n')).toMatchObject({ ok: false });
    expect(parseImportFile(`${HEADER.replace(',outcome', '')}\n`)).toEqual({
      ok: false,
      error: 'The file is missing the column "outcome"',
    });
    expect(parseImportFile('\u0000\u0001binary')).toEqual({
      ok: false,
      error: 'The file must be a CSV file',
    });
    expect(parseImportFile(`${HEADER}\n"unterminated\n`)).toMatchObject({ ok: false });
    const formula = parseImportFile(
      `${HEADER}\nvisit,ABCDEFGH,=cmd|' /C calc'!A0,2026-11-05,initial,yes,yes,no,,,,\n`,
    );
    expect(formula).toEqual({
      ok: false,
      error:
        'Row 2, column "person_id" starts with a formula character (= + - @): remove it and upload the file again',
    });
    const many = `${HEADER}\n${'visit,ABCDEFGH,,2026-11-05,initial,yes,yes,no,,,,\n'.repeat(1001)}`;
    expect(parseImportFile(many)).toMatchObject({
      ok: false,
      error: expect.stringContaining('1000 rows or fewer'),
    });
  });

  it('rejects rows with the reason: bad dates, unknown types, seen alone but not seen', () => {
    const file = parseImportFile(
      [
        HEADER,
        'visit,ABCDEFGH,,31/02/2026,initial,yes,yes,no,,,,',
        'visit,ABCDEFGH,,2026-11-05,weekly,yes,yes,no,,,,',
        'visit,ABCDEFGH,,2026-11-05,initial,no,yes,no,,,,',
        'check,ABCDEFGH,,,,,,,dbs,2026-11-06,,',
        'check,ABCDEFGH,,,,,,,police,2026-11-06,2026-11-01,',
        'meeting,ABCDEFGH,,,,,,,,,,',
        'visit,,,2026-11-05,initial,yes,yes,no,,,,',
      ].join('\n'),
    );
    expect(file.ok).toBe(true);
    if (!file.ok) return;
    expect(file.rows.map((r) => (r.ok ? 'ok' : r.reason))).toEqual([
      'The visit date must be a real date, like 2026-11-05 or 05/11/2026',
      'The visit type must be one of initial, regulation-8, requested',
      'The child cannot be seen alone but not seen',
      expect.stringContaining('The check type must be one of'),
      'The check cannot be completed before it was requested',
      'The record type must be visit or check',
      'Give the case reference or the case system person ID',
    ]);
    expect(readImportDate('2026-02-29')).toBeUndefined();
    expect(readImportDate('1/3/2026')).toBe('2026-03-01');
  });

  it('judges a read row against its case: matched, not matched, already imported, out of range', () => {
    const file = parseImportFile(`${HEADER}\nvisit,ABCDEFGH,,2026-11-05,initial,yes,yes,no,,,,\n`);
    if (!file.ok) throw new Error('file');
    const row = file.rows[0] as (typeof file.rows)[number];
    const s = snapshotOf(aNotification({ reference: 'ABCDEFGH', receivedAt: '2026-11-02T10:00:00.000Z' }));
    expect(judgeImportRow(row, s, '2026-11-24').status).toBe('matched');
    expect(judgeImportRow(row, undefined, '2026-11-24')).toMatchObject({ status: 'not-matched' });
    const key = row.ok ? row.key : '';
    expect(
      judgeImportRow(
        row,
        { ...s, events: [{ event: 'visit-recorded', by: 'm', at: 'x', details: { importKey: key } }] },
        '2026-11-24',
      ).status,
    ).toBe('already-imported');
    expect(judgeImportRow(row, s, '2026-11-04')).toMatchObject({
      status: 'rejected',
      reason: 'The date is in the future',
    });
    const early = snapshotOf(
      aNotification({ reference: 'ABCDEFGH', receivedAt: '2026-11-09T10:00:00.000Z' }),
    );
    expect(judgeImportRow(row, early, '2026-11-24')).toMatchObject({ status: 'rejected' });
  });
});

describe('the inspection pack', () => {
  const reminder = (over: Partial<Reminder>): Reminder => ({
    reference: 'ABCDEFGH',
    reminderId: 'r',
    obligation: 'initial-visit',
    stage: 'due-soon',
    due: '2026-11-11',
    basis: '',
    recipient: 'worker@anytown.example',
    audience: 'case',
    state: 'sent',
    dueAt: '2026-11-09T08:00:00.000Z',
    attempts: 1,
    ...over,
  });

  it("builds a child's timeline from the event log, as written out by hand", () => {
    const n = aNotification({ reference: 'ABCDEFGH', receivedAt: '2026-11-02T10:00:00.000Z' });
    const s = snapshotOf(n, {
      events: [
        { event: 'case-opened', by: 'route', at: '2026-11-02T10:00:05.000Z' },
        {
          event: 'case-allocated',
          by: 'm',
          at: '2026-11-03T09:00:00.000Z',
          details: { allocatedTo: 'worker@anytown.example' },
        },
        {
          event: 'visit-recorded',
          by: 'w',
          at: '2026-11-12T15:00:00.000Z',
          details: { date: '2026-11-12', kind: 'initial', childSeenAlone: false },
        },
        { event: 'record-exported', by: 'm', at: '2026-11-13T09:00:00.000Z', details: { format: 'json' } },
        {
          event: 'check-recorded',
          by: 'm',
          at: '2026-11-14T09:00:00.000Z',
          details: { checkType: 'police', completedOn: '2026-11-13', source: 'import', importKey: 'k' },
        },
        {
          event: 'arrangement-ended',
          by: 'w',
          at: '2026-12-01T09:00:00.000Z',
          details: { endedOn: '2026-11-30', reason: 'returned-home' },
        },
      ],
      reminders: [
        reminder({ reminderId: 'a', stage: 'due-soon', dueAt: '2026-11-09T08:00:00.000Z' }),
        reminder({
          reminderId: 'b',
          stage: 'escalation',
          audience: 'manager',
          dueAt: '2026-11-12T08:00:00.000Z',
        }),
        reminder({
          reminderId: 'c',
          stage: 'overdue',
          state: 'cancelled',
          dueAt: '2026-11-12T08:00:00.000Z',
        }),
      ],
    });
    const emails = [
      { purpose: 'manager-alert', sentAt: '2026-11-02T10:00:06.000Z' },
      { purpose: 'notifier-acknowledgement', sentAt: '2026-11-02T10:00:07.000Z' },
    ];
    const timeline = caseTimeline(s, emails, '2026-11-30').map((e) => `${e.on} ${e.kind}: ${e.text}`);
    expect(timeline).toEqual([
      '2026-11-02 notification: Notification received from: School or college',
      '2026-11-02 email: Designated manager alerted to the notification',
      '2026-11-02 email: Acknowledgement sent to the notifier',
      '2026-11-03 event: Allocated to worker@anytown.example',
      '2026-11-09 reminder: Reminder sent (due soon): Initial visit (due 11 November 2026)',
      '2026-11-12 escalation: Escalated to the designated manager: Initial visit (due 11 November 2026)',
      '2026-11-12 event: Initial visit (regulations 4 and 7) recorded for 12 November 2026; child seen alone: no',
      '2026-11-14 event: Check recorded: Police (PNC) check, completed 13 November 2026 (imported from the case system)',
    ]);
    // The end was recorded after the period: a later pack shows it.
    expect(caseTimeline(s, emails, '2026-12-31').at(-1)?.text).toBe(
      'Arrangement ended on 30 November 2026: Returned home to a parent',
    );
  });

  it("lists the caseload's exceptions: late initial visit, late regulation 8 visit, checks outstanding at approval, gaps, end not recorded", () => {
    const n = aNotification({ reference: 'ABCDEFGH', receivedAt: '2026-04-01T10:00:00.000Z' });
    const period = { from: '2026-04-01', to: '2027-03-31' };
    const s = snapshotOf(n, {
      caseRecord: {
        ...snapshotOf(n).caseRecord,
        gaps: ['Start date of the arrangement', "Parents' details"],
        summary: {
          visits: [
            { date: '2026-04-20', kind: 'initial', seenAlone: true },
            { date: '2026-06-15', kind: 'regulation-8', seenAlone: true },
          ],
          checks: [],
        },
      },
      visits: [
        { visitId: 'a', date: '2026-04-20', kind: 'initial', childSeenAlone: true, matters: [], ...recorded },
        {
          visitId: 'b',
          date: '2026-06-15',
          kind: 'regulation-8',
          childSeenAlone: true,
          matters: [],
          ...recorded,
        },
      ],
      obligations: [
        { kind: 'check:police', due: '2026-05-01', status: 'met', basis: '', metOn: '2026-05-20' },
        { kind: 'check:dbs-carer', due: '2026-05-01', status: 'open', basis: '' },
        { kind: 'arrangement-end', due: '2026-10-01', status: 'open', basis: '' },
      ],
      decision: { decidedOn: '2026-05-10', outcome: 'suitable', ...recorded },
    });
    const found = caseExceptions(s, period, '2026-11-24', defaultCalendar).map(
      (e) => `${e.kind}: ${e.detail}`,
    );
    expect(found).toEqual([
      // 1 April 2026 + 7 working days, skipping Good Friday (3 April) and Easter Monday (6 April).
      'initial-visit-late: Due 14 April 2026, made 20 April 2026',
      'regulation-8-visit-late: Due 1 June 2026; made 15 June 2026',
      'regulation-8-visit-late: Due 27 July 2026 after the visit on 15 June 2026; none made by 24 November 2026',
      'checks-outstanding-at-approval: Approved 10 May 2026 with outstanding: Police (PNC) check, Enhanced DBS check of the carer',
      'start-date-missing: Received 1 April 2026',
      'parents-details-missing: Received 1 April 2026',
      'end-not-recorded: Private fostering ended by age on 1 October 2026; the case is still open',
    ]);
  });
});

describe('the PF1-shaped figures', () => {
  it('arranges the compliance figures in the old return’s lines', () => {
    const cases = [
      {
        reference: 'ABCDEFGH',
        receivedAt: '2026-04-01T10:00:00.000Z',
        notifierRole: 'school' as const,
        summary: { visits: [{ date: '2026-04-08', kind: 'initial' as const, seenAlone: true }], checks: [] },
      },
    ];
    const figures = complianceFigures(cases, { from: '2026-04-01', to: '2027-03-31' }, defaultCalendar, {
      today: '2027-04-30',
    });
    const lines = Object.fromEntries(pf1Lines(figures).map((l) => [l.item, [l.count, l.outOf, l.percent]]));
    expect(lines['Notifications received']).toEqual([1, null, null]);
    expect(lines['Arrangements started']).toEqual([1, null, null]);
    expect(lines['Initial visits within 7 working days']).toEqual([1, 1, 100]);
    expect(lines['Visits at which the child was seen alone']).toEqual([1, 1, 100]);
    expect(Object.keys(lines)).toContain(
      'Arrangements open at the period end (31 March for a financial year)',
    );
  });
});

describe("the council's codes (configuration)", () => {
  const ENV = {
    TABLE_NAME: 'pf-table',
    COUNCIL_NAME: 'Anytown Council',
    SENDER_ADDRESS: 'private-fostering@anytown.example',
    DESIGNATED_MANAGER_ADDRESS: 'manager@anytown.example',
    STAFF_BASE_URL: 'https://pf.anytown.example/staff',
    OIDC_ISSUER: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_abc',
    OIDC_CLIENT_ID: 'client',
    OIDC_CLIENT_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:pf-staff-AbCdEf',
  };

  it('reads the DfE LA code and the GSS code, null when absent, and refuses malformed ones', () => {
    expect(parseStaffConfig(ENV).councilCodes).toEqual({ dfeLaCode: null, gssCode: null });
    expect(parseStaffConfig({ ...ENV, DFE_LA_CODE: '330', ONS_GSS_CODE: 'E08000025' }).councilCodes).toEqual({
      dfeLaCode: '330',
      gssCode: 'E08000025',
    });
    expect(() => parseStaffConfig({ ...ENV, DFE_LA_CODE: '33' })).toThrow(/DFE_LA_CODE/);
    expect(() => parseStaffConfig({ ...ENV, ONS_GSS_CODE: 'X123' })).toThrow(/ONS_GSS_CODE/);
  });
});
