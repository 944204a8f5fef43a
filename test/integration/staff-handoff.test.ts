import { readFileSync } from 'node:fs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalOidcProvider } from '../../infra/local/oidc-provider.ts';
import { CODED_RECORD_COLUMNS } from '../../shared/domain/coded-record.ts';
import type { Notification } from '../../shared/domain/notification.ts';
import { aNotification, CHILD_NAME } from '../fixtures/notifications.ts';
import { caseItems, type StaffTestbed, seedCase, startStaffTestbed } from '../support/staff-app.ts';
import { csrfOf, type StaffHandler, type StaffResponse, staffClient } from '../support/staff-client.ts';

/**
 * Issue 14 through the real staff pages (handler, API Gateway v2 events, DynamoDB Local, sign-in
 * through the local OIDC provider), on a fixed clock: records out (per-case JSON, CSV and print,
 * each an audit event; bulk and PF1 for managers), the case system person ID, visits and checks in
 * (dry run, confirmation, idempotency, rejections, bad files), the inspection pack, and 403 for a
 * caseworker on every manager-only page.
 */
const TODAY = new Date('2026-11-24T10:00:00.000Z');
const TABLE = 'staff-handoff-test';
const MANAGER_MAILBOX = 'front-door-manager@anytown.example';
const HOSTILE = '=HYPERLINK("http://evil.example")<script>alert("x")</script>';

let oidc: LocalOidcProvider;
let db: DynamoDBDocumentClient;
let handler: StaffHandler;
let logLines: string[] = [];

const caseA = aNotification({ receivedAt: '2026-11-02T10:00:00.000Z' });
const caseB = aNotification({
  receivedAt: '2026-11-03T10:00:00.000Z',
  notifier: { role: 'health', name: 'Dr Who', jobTitle: 'GP' },
});
// A partial, hostile notification: no parents, no start date, formula and markup in the name.
const caseHostile = aNotification({
  receivedAt: '2026-11-04T10:00:00.000Z',
  child: { name: HOSTILE, disabled: 'unknown' },
  parents: [],
  arrangement: {},
});

const seed = (notification: Notification) =>
  seedCase(db, TABLE, notification, { designatedManager: MANAGER_MAILBOX });

let bed: StaffTestbed;
beforeAll(async () => {
  bed = await startStaffTestbed({
    table: TABLE,
    designatedManager: MANAGER_MAILBOX,
    now: () => new Date(TODAY),
    env: {
      // The identity provider's staff: a caseworker who has never signed in is offered too.
      STAFF_DIRECTORY: JSON.stringify([
        { email: 'caseworker3@anytown.example', name: 'Alex Newstarter', role: 'caseworker' },
        { email: 'manager@anytown.example', name: 'Dana Manager', role: 'designated-manager' },
      ]),
      DFE_LA_CODE: '999',
      ONS_GSS_CODE: 'E06000999',
    },
    seed: async (table) => {
      db = table;
      for (const n of [caseA, caseB, caseHostile]) await seed(n);
    },
    // Everything the function logs, to prove no personal data reaches the logs.
    // (vitest.config.ts quiets the logs to ERROR; this test reads INFO and WARN too.)
    captureLogs: true,
  });
  ({ oidc, handler, logLines } = bed);
});

afterAll(() => bed?.stop());

// ---- HTTP helpers ---------------------------------------------------------------------------------

const { call, sessionOf } = staffClient({ handler: () => handler, oidc: () => oidc });

const itemsOf = (reference: string) => caseItems(db, TABLE, reference);

// ---- what each test needs ------------------------------------------------------------------------

const MANAGER = 'manager@anytown.example';
const WORKER1 = 'caseworker1@anytown.example';

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

const validateRecord = ajv.compile(schema);

const exportEvents = async (reference: string) =>
  (await itemsOf(reference)).filter(
    (i) => String(i.sk).startsWith('EVENT#') && i.event === 'record-exported',
  );

const IMPORT_HEADER =
  'record_type,reference,person_id,visit_date,visit_type,child_seen,seen_alone,bedroom_seen,check_type,requested_on,completed_on,outcome';

async function upload(cookie: string, csv: string): Promise<StaffResponse> {
  const page = await call('GET', '/staff/imports', { cookies: [cookie] });
  expect(page.status).toBe(200);
  return call('POST', '/staff/imports', { cookies: [cookie], form: { csrfToken: csrfOf(page.body), csv } });
}

// ---- records out ---------------------------------------------------------------------------------

describe('hand-off to the case system', () => {
  it('downloads a case as coded JSON valid against the v1 schema, as CSV and as a printable record, each an audit event', async () => {
    const manager = await sessionOf(MANAGER);
    const page = await call('GET', `/staff/cases/${caseB.reference}`, { cookies: [manager] });
    expect(page.body).toContain(`/staff/cases/${caseB.reference}/record.json`);
    expect(page.body).toContain(`/staff/cases/${caseB.reference}/record.csv`);
    expect(page.body).toMatch(/>Print<span class="govuk-visually-hidden">/);

    const json = await call('GET', `/staff/cases/${caseB.reference}/record.json`, { cookies: [manager] });
    expect(json.status).toBe(200);
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json.headers['content-disposition']).toBe(
      `attachment; filename="private-fostering-record-${caseB.reference}.json"`,
    );
    const record = JSON.parse(json.body);
    expect(validateRecord(record), JSON.stringify(validateRecord.errors)).toBe(true);
    expect(record.council).toEqual({ name: 'Anytown Council', dfeLaCode: '999', gssCode: 'E06000999' });
    expect(record.referral).toMatchObject({ sourceCode: '3A', sourceBasis: 'job-title' });
    expect(record.exportedAt).toBe(TODAY.toISOString());

    const csv = await call('GET', `/staff/cases/${caseB.reference}/record.csv`, { cookies: [manager] });
    expect(csv.status).toBe(200);
    const [header, row] = csv.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(header).toBe(CODED_RECORD_COLUMNS.map(([c]) => `"${c}"`).join(','));
    expect(row).toContain(`"${caseB.reference}"`);

    const print = await call('GET', `/staff/cases/${caseB.reference}/record`, { cookies: [manager] });
    expect(print.status).toBe(200);
    expect(print.body).toContain(`Case ${caseB.reference}`);
    expect(print.body).toContain('3A: Health services: GP');
    expect(print.body).toContain('data-app-print hidden>Print</button>');

    const events = await exportEvents(caseB.reference);
    expect(events.map((e) => e.details.format).sort()).toEqual(['csv', 'json', 'print']);
    expect(events.every((e) => e.by === MANAGER && e.at === TODAY.toISOString())).toBe(true);
  });

  it('exports a partial, hostile notification that still validates, with formulas defused in the CSV', async () => {
    const manager = await sessionOf(MANAGER);
    const json = await call('GET', `/staff/cases/${caseHostile.reference}/record.json`, {
      cookies: [manager],
    });
    const record = JSON.parse(json.body);
    expect(validateRecord(record), JSON.stringify(validateRecord.errors)).toBe(true);
    expect(record.child.name).toBe(HOSTILE);
    expect(record.arrangement.startDate).toBeNull();
    expect(record.parents).toEqual([]);
    const csv = await call('GET', `/staff/cases/${caseHostile.reference}/record.csv`, { cookies: [manager] });
    expect(csv.body).toContain(`"'=HYPERLINK(""http://evil.example"")<script>`);
    const print = await call('GET', `/staff/cases/${caseHostile.reference}/record`, { cookies: [manager] });
    expect(print.body).not.toContain('<script>alert');
    expect(print.body).toContain('&lt;script&gt;');
  });

  it('refuses a caseworker a case that is not theirs (403), and every manager-only page (403)', async () => {
    const worker1 = await sessionOf(WORKER1);
    for (const path of [
      `/staff/cases/${caseA.reference}/record.json`,
      `/staff/cases/${caseA.reference}/record`,
      `/staff/cases/${caseA.reference}/case-system`,
      '/staff/exports',
      '/staff/exports/records.json',
      '/staff/exports/records.csv',
      '/staff/exports/pf1.csv',
      '/staff/imports',
      '/staff/inspection',
    ]) {
      expect((await call('GET', path, { cookies: [worker1] })).status, path).toBe(403);
    }
    const page = await call('GET', '/staff/cases', { cookies: [worker1] });
    const post = await call('POST', '/staff/imports', {
      cookies: [worker1],
      form: { csrfToken: csrfOf(page.body), csv: IMPORT_HEADER },
    });
    expect(post.status).toBe(403);
    expect(await exportEvents(caseA.reference)).toEqual([]);
  });

  it('records the case system person ID once per person, and exports carry it', async () => {
    const manager = await sessionOf(MANAGER);
    const form = await call('GET', `/staff/cases/${caseA.reference}/case-system`, { cookies: [manager] });
    expect(form.status).toBe(200);
    const bad = await call('POST', `/staff/cases/${caseA.reference}/case-system`, {
      cookies: [manager],
      form: { csrfToken: csrfOf(form.body), personId: '=cmd' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('There is a problem');
    const saved = await call('POST', `/staff/cases/${caseA.reference}/case-system`, {
      cookies: [manager],
      form: { csrfToken: csrfOf(form.body), personId: 'LCS-1001', factors: ['8D', 'nonsense'] },
    });
    expect(saved.status).toBe(303);
    const json = JSON.parse(
      (await call('GET', `/staff/cases/${caseA.reference}/record.json`, { cookies: [manager] })).body,
    );
    expect(json.case.caseSystemPersonId).toBe('LCS-1001');
    expect(json.assessment.factors.map((f: { code: string }) => f.code)).toEqual(['8D']);
    // The same person ID on another case is refused.
    const other = await call('GET', `/staff/cases/${caseB.reference}/case-system`, { cookies: [manager] });
    const taken = await call('POST', `/staff/cases/${caseB.reference}/case-system`, {
      cookies: [manager],
      form: { csrfToken: csrfOf(other.body), personId: 'LCS-1001' },
    });
    expect(taken.status).toBe(400);
    expect(taken.body).toContain(`already recorded on case ${caseA.reference}`);
  });

  it('exports in bulk for a period and changed since a date, every record valid, beside the PF1 figures', async () => {
    const manager = await sessionOf(MANAGER);
    const hub = await call('GET', '/staff/exports', { cookies: [manager] });
    expect(hub.status).toBe(200);
    expect(hub.body).toContain('/staff/exports/pf1.csv?');
    const all = await call('GET', '/staff/exports/records.json', { cookies: [manager] });
    expect(all.status).toBe(200);
    const body = JSON.parse(all.body);
    expect(body.selection).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(body.records.map((r: { case: { reference: string } }) => r.case.reference)).toEqual([
      caseA.reference,
      caseB.reference,
      caseHostile.reference,
    ]);
    for (const r of body.records) expect(validateRecord(r), JSON.stringify(validateRecord.errors)).toBe(true);

    const since = await call(
      'GET',
      '/staff/exports/records.csv?since-day=24&since-month=11&since-year=2026',
      { cookies: [manager] },
    );
    expect(since.status).toBe(200);
    // Only case A changed today (its person ID); downloads are not changes.
    const lines = since.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(caseA.reference);

    const pf1 = await call('GET', '/staff/exports/pf1.csv', { cookies: [manager] });
    expect(pf1.status).toBe(200);
    const pf1Lines = pf1.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(pf1Lines[0]).toBe('"Item","Count","Out of","Percentage","Period start","Period end","Counted to"');
    expect(pf1Lines[1]).toBe('"Notifications received",3,"","","2026-04-01","2027-03-31","2026-11-24"');
  });
});

// ---- visits and checks in ------------------------------------------------------------------------

describe('importing visits and checks', () => {
  const goodFile = () =>
    [
      IMPORT_HEADER,
      // By our reference: case B's initial visit, child seen alone, bedroom seen.
      `visit,${caseB.reference},,06/11/2026,initial,yes,yes,yes,,,,`,
      // By the case system's person ID (case A, recorded above): a completed police check.
      'check,,LCS-1001,,,,,,police,2026-11-06,2026-11-12,no-concerns',
      // Nobody with this person ID.
      'check,,LCS-9999,,,,,,health,2026-11-06,,',
      // A visit dated before the notification arrived.
      `visit,${caseB.reference},,2026-10-01,regulation-8,yes,no,no,,,,`,
      // Not a date.
      `visit,${caseB.reference},,yesterday,initial,yes,yes,no,,,,`,
    ].join('\r\n');

  it('shows a dry run, changes nothing until confirmed, then imports each matched row as an event; a second import changes nothing', async () => {
    const manager = await sessionOf(MANAGER);
    const before = await itemsOf(caseB.reference);
    const up = await upload(manager, goodFile());
    expect(up.status).toBe(303);
    const dryRunPath = up.headers.location as string;
    expect(dryRunPath).toMatch(/^\/staff\/imports\/[0-9a-f]{40}$/);
    const dry = await call('GET', dryRunPath, { cookies: [manager] });
    expect(dry.status).toBe(200);
    expect(dry.body).toContain('Nothing has changed yet');
    expect(dry.body).toContain('Matched: 2. Not matched: 1. Rejected: 2. Already imported: 0.');
    expect(dry.body).toContain('No case has this person ID recorded');
    expect(dry.body).toContain('when the notification was received');
    expect(dry.body).toContain('The visit date must be a real date');
    // Nothing written by the dry run.
    expect((await itemsOf(caseB.reference)).length).toBe(before.length);

    // The confirmation needs the session's CSRF token.
    const noToken = await call('POST', `${dryRunPath}/confirm`, { cookies: [manager], form: {} });
    expect(noToken.status).toBe(403);

    const confirm = await call('POST', `${dryRunPath}/confirm`, {
      cookies: [manager],
      form: { csrfToken: csrfOf(dry.body) },
    });
    expect(confirm.status).toBe(303);
    const done = await call('GET', dryRunPath, { cookies: [manager] });
    expect(done.body).toContain('Imported 2, already imported 0, not imported 3.');

    const itemsB = await itemsOf(caseB.reference);
    const visit = itemsB.find((i) => String(i.sk).startsWith('VISIT#'));
    expect(visit).toMatchObject({
      date: '2026-11-06',
      kind: 'initial',
      childSeen: true,
      childSeenAlone: true,
      bedroomSeen: true,
      source: 'import',
    });
    const visitEvent = itemsB.find((i) => i.event === 'visit-recorded');
    expect(visitEvent?.details).toMatchObject({ source: 'import', line: 2, date: '2026-11-06' });
    expect(visitEvent?.by).toBe(MANAGER);
    // The schedule recomputed: the initial visit is met, a regulation 8 visit is due 6 weeks on.
    expect(itemsB.find((i) => i.sk === 'OBLIGATION#initial-visit')).toMatchObject({
      status: 'met',
      metOn: '2026-11-06',
    });
    expect(itemsB.find((i) => i.sk === 'OBLIGATION#regulation-8-visit')).toMatchObject({
      due: '2026-12-18',
      status: 'open',
    });
    const itemsA = await itemsOf(caseA.reference);
    expect(itemsA.find((i) => i.sk === 'CHECK#police')).toMatchObject({
      completedOn: '2026-11-12',
      outcome: 'no-concerns',
    });
    expect(itemsA.find((i) => i.sk === 'OBLIGATION#check:police')).toMatchObject({ status: 'met' });

    // The case page says where the visit came from (the history).
    const casePage = await call('GET', `/staff/cases/${caseB.reference}`, { cookies: [manager] });
    expect(casePage.status).toBe(200);
    expect(casePage.body).toContain(`${MANAGER} (imported from the case system)`);

    // The same file again: every matched row is already imported; confirming changes nothing.
    const again = await upload(manager, goodFile());
    expect(again.headers.location).toBe(dryRunPath);
    const dry2 = await call('GET', dryRunPath, { cookies: [manager] });
    expect(dry2.body).toContain('Matched: 0. Not matched: 1. Rejected: 2. Already imported: 2.');
    const countB = (await itemsOf(caseB.reference)).length;
    // The same rows in another file (reordered, other line ends) are already imported too.
    const reordered = goodFile().split('\r\n');
    const other = await upload(manager, [reordered[0], reordered[2], reordered[1]].join('\n'));
    const dry3 = await call('GET', other.headers.location as string, { cookies: [manager] });
    expect(dry3.body).toContain('Matched: 0. Not matched: 0. Rejected: 0. Already imported: 2.');
    const confirm3 = await call('POST', `${other.headers.location}/confirm`, {
      cookies: [manager],
      form: { csrfToken: csrfOf(dry3.body) },
    });
    expect(confirm3.status).toBe(303);
    expect((await itemsOf(caseB.reference)).length).toBe(countB);
  });

  it('refuses bad files with a GOV.UK error and imports nothing: wrong columns, formulas, rubbish, 10 MB', async () => {
    const manager = await sessionOf(MANAGER);
    const countA = (await itemsOf(caseA.reference)).length;
    const wrong = await upload(manager, 'date,child\n2026-11-05,yes\n');
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('There is a problem');
    expect(wrong.body).toContain('href="#csv"');
    expect(wrong.body).toContain('is not one of them');
    const formula = await upload(
      manager,
      `${IMPORT_HEADER}\nvisit,${caseA.reference},,2026-11-05,initial,yes,yes,no,,,,=1+1\n`,
    );
    expect(formula.status).toBe(400);
    expect(formula.body).toContain('starts with a formula character');
    const rubbish = await upload(manager, '\u0001\u0002 not a csv "at all');
    expect(rubbish.status).toBe(400);
    const page = await call('GET', '/staff/imports', { cookies: [manager] });
    const huge = await call('POST', '/staff/imports', {
      cookies: [manager],
      form: { csrfToken: csrfOf(page.body), csv: 'x'.repeat(10 * 1024 * 1024) },
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toContain('govuk-heading-l');
    expect((await itemsOf(caseA.reference)).length).toBe(countA);
  });
  it('takes the file as an upload (multipart, its CSRF token a field): the same dry run; a bad or large file is refused', async () => {
    const manager = await sessionOf(MANAGER);
    const countA = (await itemsOf(caseA.reference)).length;
    const page = await call('GET', '/staff/imports', { cookies: [manager] });
    expect(page.body).toContain('enctype="multipart/form-data"');
    expect(page.body).toContain('type="file"');
    const withFile = (
      content: string,
      filename = 'visits.csv',
      type = 'text/csv',
      csrf = csrfOf(page.body),
    ) => {
      const form = new FormData();
      if (csrf) form.append('csrfToken', csrf);
      form.append('csvFile', new Blob([content], { type }), filename);
      form.append('csv', '');
      return form;
    };
    const good = `${IMPORT_HEADER}\r\nvisit,${caseA.reference},,2026-11-05,initial,yes,yes,no,,,,\r\n`;
    const up = await call('POST', '/staff/imports', { cookies: [manager], multipart: withFile(good) });
    expect(up.status).toBe(303);
    const dry = await call('GET', up.headers.location as string, { cookies: [manager] });
    expect(dry.body).toContain('Matched: 1.');
    // The upload's id is the hash of the text: the same file pasted gives the same dry run.
    expect((await upload(manager, good)).headers.location).toBe(up.headers.location);

    const noToken = await call('POST', '/staff/imports', {
      cookies: [manager],
      multipart: withFile(good, 'visits.csv', 'text/csv', ''),
    });
    expect(noToken.status).toBe(403);
    const refusals: [FormData, string][] = [
      [withFile(`${good}${'x'.repeat(101 * 1024)}`), 'The selected file must be smaller than 100 KB'],
      [
        withFile('PK\u0003\u0004', 'visits.xlsx', 'application/vnd.ms-excel'),
        'The selected file must be a CSV',
      ],
      [withFile('date,child\n2026-11-05,yes\n'), 'is not one of them'],
      [
        withFile(`${IMPORT_HEADER}\n${'x'.repeat(10 * 1024 * 1024)}`),
        'The selected file must be smaller than 100 KB',
      ],
    ];
    for (const [form, message] of refusals) {
      const refused = await call('POST', '/staff/imports', { cookies: [manager], multipart: form });
      expect(refused.status, message).toBe(400);
      expect(refused.body).toContain('There is a problem');
      expect(refused.body).toContain('href="#csvFile"');
      expect(refused.body).toContain(message);
    }
    const nothing = new FormData();
    nothing.append('csrfToken', csrfOf(page.body));
    nothing.append('csvFile', new Blob([], { type: 'application/octet-stream' }), '');
    nothing.append('csv', '');
    const empty = await call('POST', '/staff/imports', { cookies: [manager], multipart: nothing });
    expect(empty.status).toBe(400);
    expect(empty.body).toContain('Select a CSV file, or paste its text');
    expect((await itemsOf(caseA.reference)).length).toBe(countA);
  });
});

// ---- the visit form and the inspection pack ----------------------------------------------------

describe('the visit form and the inspection pack', () => {
  it("records child seen and bedroom seen on the staff visit form, and refuses 'seen alone' without 'seen'", async () => {
    const manager = await sessionOf(MANAGER);
    const form = await call('GET', `/staff/cases/${caseA.reference}/record-visit`, { cookies: [manager] });
    expect(form.body).toContain('Was the child seen?');
    expect(form.body).toContain('Was the child&#39;s bedroom seen?');
    const fields = {
      csrfToken: csrfOf(form.body),
      'date-day': '9',
      'date-month': '11',
      'date-year': '2026',
      kind: 'initial',
      childSeenAlone: 'yes',
    };
    const contradiction = await call('POST', `/staff/cases/${caseA.reference}/record-visit`, {
      cookies: [manager],
      form: { ...fields, childSeen: 'no' },
    });
    expect(contradiction.status).toBe(400);
    expect(contradiction.body).toContain('The child cannot be seen alone if they were not seen');
    const ok = await call('POST', `/staff/cases/${caseA.reference}/record-visit`, {
      cookies: [manager],
      form: { ...fields, childSeen: 'yes', bedroomSeen: 'no' },
    });
    expect(ok.status).toBe(303);
    const visit = (await itemsOf(caseA.reference)).find((i) => String(i.sk).startsWith('VISIT#2026-11-09'));
    expect(visit).toMatchObject({ childSeen: true, childSeenAlone: true, bedroomSeen: false });
    expect(visit?.source).toBeUndefined();
  });

  it('produces a printable inspection pack: exceptions and each child’s timeline, linking to the cases', async () => {
    const manager = await sessionOf(MANAGER);
    const pack = await call(
      'GET',
      '/staff/inspection?from-day=1&from-month=11&from-year=2026&to-day=30&to-month=11&to-year=2026',
      {
        cookies: [manager],
      },
    );
    expect(pack.status).toBe(200);
    expect(pack.body).toContain('1 November 2026 to 30 November 2026');
    expect(pack.body).toContain('The period has not ended: the pack counts up to today, 24 November 2026.');
    for (const n of [caseA, caseB, caseHostile])
      expect(pack.body).toContain(`href="/staff/cases/${n.reference}"`);
    // The hostile case left out its start date and its parents.
    expect(pack.body).toMatch(/Notification without the start date of the arrangement: 1/);
    expect(pack.body).toMatch(/Notification without the parents&#39; details: 1/);
    // The hostile case's initial visit (due 13 November) was never made.
    expect(pack.body).toMatch(/Initial visit not made \(regulations 4 and 7: within 7 working days\): 1/);
    // Case B's timeline shows the imported visit, seen alone.
    expect(pack.body).toContain(
      'Initial visit (regulations 4 and 7) recorded for 6 November 2026; child seen alone: yes (imported from the case system)',
    );
    expect(pack.body).not.toContain(CHILD_NAME);
    expect(pack.body).not.toContain('<script>alert');
    // No personal data in the logs of any of this.
    expect(logLines.join('\n')).not.toContain(CHILD_NAME);
    expect(logLines.join('\n')).not.toContain('LCS-1001');
  });
});
