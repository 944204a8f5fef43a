import { GetCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { DRAFT_COOKIE } from '../../functions/notify/app.ts';
import {
  CHECK_ANSWERS_PATH,
  CONFIRMATION_PATH,
  FIRST_QUESTION_PATH,
  SCREENS,
} from '../../functions/notify/journey.ts';
import type { LocalStack } from '../../infra/local/local-stack.ts';
import { NotificationSchema } from '../../shared/domain/notification.ts';
import { draftKey } from '../../shared/store/keys.ts';
import { type FieldModel, type FormModel, plausibleValues, readForm } from '../support/form-model.ts';
import { acknowledgementReference, alertReference, MailboxWatcher } from '../support/mailbox-watch.ts';
import {
  confirmationReference,
  errorSummaryOf,
  handlerTransport,
  type Transport,
  Visitor,
} from '../support/notify-visitor.ts';
import { queueCounts, waitForQueueEmpty } from '../support/queues.ts';
import { getNotificationItem, LEAKS, report } from '../support/reliability.ts';
import { HOSTILE_CORPUS, htmlEscaped, UNESCAPED_MARKUP } from './hostile-corpus.ts';

/*
 * Every form POST of the notify journey, fuzzed with fast-check, straight into the notify
 * handler with API Gateway v2 events (no sockets: thousands of cases a minute), against
 * DynamoDB Local. Then a fixed corpus of hostile answers through a whole journey, checked in the
 * pages and, after routing, in the emails.
 */

const NOTIFY = 'functions/notify/handler.ts';
/** Generated cases in all: whole journeys, and the rest shared out over the journey's pages. */
const FUZZ_CASES = Number(process.env.RELIABILITY_FUZZ_CASES ?? 10_000);
const PARALLEL = 6;
const JOURNEY_RUNS = PARALLEL * Math.ceil(Number(process.env.RELIABILITY_FUZZ_JOURNEYS ?? 204) / PARALLEL);

// ---- Arbitraries -----------------------------------------------------------------------------------

const MARKUP = [
  '<script>alert(',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '</textarea><script>alert(2)',
];
const hostileText = fc.oneof(
  fc.constantFrom(...HOSTILE_CORPUS.filter((c) => c.value.length < 1000).map((c) => c.value)),
  fc
    .tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...MARKUP), fc.string({ maxLength: 8 }))
    .map(([a, b, c]) => `${a}${b}${c}`),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary-ascii', minLength: 150, maxLength: 2500 }),
  fc.constantFrom(
    '',
    ' ',
    '\t\r\n',
    '0',
    '-1',
    '1e309',
    'NaN',
    'null',
    '[]',
    '{}',
    'true',
    '29',
    '30',
    '31',
    '32',
  ),
  fc.constantFrom(
    '13',
    '99999',
    '0000',
    '２０１４',
    '٢٠١٤',
    'Feb',
    'Sept.',
    '2026-02-30',
    '-0',
    '0x10',
    '1.5',
  ),
  fc.integer().map(String),
);

const FIELD_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  '__proto__-polluted',
  'constructor-prototype-polluted',
  'items-0-__proto__',
  'items-99-name',
  'items-49-name',
  'items-0-0-0-0-0',
  'a-b-c-d-e-f',
  'returnTo',
  'csrfToken',
  'toString',
  'items',
  'items-0',
  'name-0',
  'x'.repeat(60),
];
const extraFieldName = fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 15 }));

const valueFor = (field: FieldModel, plausibleWeight: number) =>
  fc.oneof(
    { weight: plausibleWeight, arbitrary: fc.constantFrom(...plausibleValues(field)) },
    { weight: 2, arbitrary: hostileText },
  );

/** A page's fields, each present or not, plausible or hostile. */
const answersFor = (form: FormModel, plausibleWeight: number) =>
  fc
    .tuple(...form.fields.map((f) => fc.option(valueFor(f, plausibleWeight), { nil: undefined, freq: 5 })))
    .map((values) =>
      form.fields.flatMap((f, i): [string, string][] =>
        values[i] === undefined ? [] : [[f.name, values[i] as string]],
      ),
    );

type BodyKind = 'form' | 'raw-bytes' | 'bad-percent' | 'too-large' | 'json' | 'latin1' | 'too-many-fields';
type Credential = 'ok' | 'no-token' | 'wrong-token' | 'two-tokens' | 'no-cookie' | 'forged-cookie';

interface Post {
  pairs: [string, string][];
  extra: [string, string][];
  action: string | undefined;
  change: boolean;
  duplicate: boolean;
  credential: Credential;
  body: BodyKind;
  bytes: Uint8Array;
}

const postFor = (form: FormModel): fc.Arbitrary<Post> =>
  fc.record({
    pairs: answersFor(form, 3),
    extra: fc.array(fc.tuple(extraFieldName, hostileText), { maxLength: 3 }),
    action: fc.option(
      fc.oneof(
        fc.constantFrom(
          ...form.actions,
          'continue',
          'add',
          'remove-0',
          'remove-1',
          'remove-49',
          'remove-50',
          'remove-99',
          'remove-',
        ),
        hostileText,
      ),
      { nil: undefined, freq: 3 },
    ),
    change: fc.boolean(),
    duplicate: fc.boolean(),
    credential: fc.constantFrom<Credential>(
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'no-token',
      'wrong-token',
      'two-tokens',
      'no-cookie',
      'forged-cookie',
    ),
    body: fc.constantFrom<BodyKind>(
      ...Array.from({ length: 14 }, () => 'form' as const),
      'raw-bytes',
      'bad-percent',
      'too-large',
      'json',
      'latin1',
      'too-many-fields',
    ),
    bytes: fc.uint8Array({ maxLength: 200 }),
  });

// ---- Sending and checking ---------------------------------------------------------------------------

interface Session {
  cookie: string;
  csrfToken: string;
  /** The visitor's own address: the form limits drafts and notifications per client. */
  sourceIp: string;
}

function requestFor(path: string, post: Post, session: Session) {
  const pairs: [string, string][] = [...post.pairs];
  if (post.duplicate && pairs[0]) pairs.push(pairs[0]);
  pairs.push(...post.extra);
  if (post.action !== undefined) pairs.push(['action', post.action]);
  if (post.change) pairs.push(['returnTo', 'check']);
  const token =
    post.credential === 'no-token'
      ? []
      : post.credential === 'wrong-token'
        ? [['csrfToken', `${session.csrfToken.slice(0, -2)}AA`]]
        : post.credential === 'two-tokens'
          ? [
              ['csrfToken', 'x'.repeat(43)],
              ['csrfToken', session.csrfToken],
            ]
          : [['csrfToken', session.csrfToken]];
  const form = new URLSearchParams([...(token as [string, string][]), ...pairs]).toString();
  const urlencoded = 'application/x-www-form-urlencoded';
  const bodies: Record<BodyKind, [string | Buffer, string]> = {
    form: [form, urlencoded],
    'raw-bytes': [Buffer.from(post.bytes), urlencoded],
    'bad-percent': [`${form}&name=%E0%A4%A&x=%`, urlencoded],
    'too-large': [`${form}&pad=${'x'.repeat(101 * 1024)}`, urlencoded],
    json: [JSON.stringify(Object.fromEntries(pairs)), 'application/json'],
    latin1: [form, `${urlencoded}; charset=iso-8859-1`],
    'too-many-fields': [`${form}&${Array.from({ length: 1001 }, (_, i) => `f${i}=1`).join('&')}`, urlencoded],
  };
  const [body, contentType] = bodies[post.body];
  const cookies =
    post.credential === 'no-cookie'
      ? []
      : post.credential === 'forged-cookie'
        ? [`${DRAFT_COOKIE}=${'A'.repeat(22)}`, `${DRAFT_COOKIE}=../../etc\r\nSet-Cookie: evil=1`]
        : [`${DRAFT_COOKIE}=${session.cookie}`];
  return {
    method: 'POST',
    path: post.change ? `${path}?change=check` : path,
    sourceIp: session.sourceIp,
    headers: { 'content-type': contentType },
    cookies,
    body,
  };
}

const statuses = new Map<number, number>();
let posts = 0;

/** What must hold for any response to any post: no 5xx, safe redirects and headers, escaped pages. */
function checkResponse(res: {
  status: number;
  headers: Record<string, string>;
  setCookies: string[];
  body: string;
}) {
  posts++;
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  expect(res.status, errorSummaryOf(res.body)).toBeLessThan(500);
  for (const [name, value] of Object.entries(res.headers)) expect(`${name}: ${value}`).not.toMatch(/[\r\n]/);
  for (const cookie of res.setCookies)
    expect(cookie).toMatch(new RegExp(`^${DRAFT_COOKIE}=[A-Za-z0-9_-]{22};`));
  if (res.status === 303) {
    // A path on this site: never another origin (`//evil`), never a header break.
    expect(res.headers.location).toMatch(/^\/(?![/\\])[^\r\n]*$/);
  } else {
    expect(res.body).toContain('govuk-template');
    expect(res.body).not.toMatch(UNESCAPED_MARKUP);
    expect(res.body).not.toMatch(LEAKS);
  }
  // Crafted field names must never reach Object.prototype.
  expect(Object.keys(Object.prototype)).toEqual([]);
}

// ---- The tests ----------------------------------------------------------------------------------------

describe('hostile input', () => {
  let stack: LocalStack;
  let transport: Transport;
  let forms: FormModel[];
  let fuzzCases = 0;
  let storedByFuzz: string[] = [];
  const started = performance.now();

  beforeAll(async () => {
    const { startLocalStack } = await import('../../infra/local/local-stack.ts');
    // Thousands of rejected posts: the functions' logs would drown the report.
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    stack = await startLocalStack({ schedules: false, pollers: false });
    transport = handlerTransport((event) => stack.invoke(NOTIFY, event));
    const v = new Visitor(transport);
    forms = [];
    // As a carer, so the screens shown only to carers are read too (journey.ts `appliesTo`).
    await v.get('/about-you');
    await v.post('/about-you', { role: 'carer', name: 'Fuzz Carer' });
    for (const screen of SCREENS) {
      const res = await v.get(screen.path);
      forms.push(readForm(res.html, screen.path, screen.id));
    }
  });
  afterAll(async () => {
    report('hostile-input', {
      fuzzCases,
      posts,
      statuses: Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])),
      storedByFuzz: storedByFuzz.length,
      seconds: ((performance.now() - started) / 1000).toFixed(1),
    });
    await stack?.stop();
  });

  it("every page's POST, generated posts: never 5xx, safe redirects, escaped pages", {
    timeout: 400_000,
  }, async () => {
    expect(forms.length).toBe(SCREENS.length);
    for (const form of forms) expect(form.fields.length, form.path).toBeGreaterThan(0);
    const runsPerPage = Math.ceil(Math.max(0, FUZZ_CASES - JOURNEY_RUNS) / forms.length);
    // Pages in parallel (each its own draft), posts within a page one after another.
    const queue = [...forms];
    const worker = async () => {
      for (let form = queue.shift(); form; form = queue.shift()) {
        const v = new Visitor(transport);
        await v.get(form.path);
        const session = { cookie: v.cookie ?? '', csrfToken: v.csrfToken, sourceIp: v.clientAddress };
        const path = form.path;
        await fc.assert(
          fc.asyncProperty(postFor(form), async (post) => {
            fuzzCases++;
            checkResponse(await transport(requestFor(path, post, session)));
          }),
          { numRuns: runsPerPage },
        );
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
  });

  it(`${JOURNEY_RUNS} generated journeys: sent or refused, never 5xx, and all that is stored passes NotificationSchema`, {
    timeout: 400_000,
  }, async () => {
    const journey = fc.record({
      answers: fc.tuple(...forms.map((f) => answersFor(f, 10))),
      extra: fc.array(fc.tuple(extraFieldName, hostileText), { maxLength: 2 }),
    });
    const stored: string[] = [];
    let refused = 0;
    const property = fc.asyncProperty(journey, async ({ answers, extra }) => {
      fuzzCases++;
      const v = new Visitor(transport);
      await v.get(FIRST_QUESTION_PATH);
      for (const [i, form] of forms.entries()) {
        checkResponse(
          await transport(requestFor(form.path, { ...basePost, pairs: answers[i] ?? [] }, session(v))),
        );
      }
      const sent = await transport(requestFor(CHECK_ANSWERS_PATH, { ...basePost, pairs: extra }, session(v)));
      checkResponse(sent);
      expect([303, 422]).toContain(sent.status);
      if (sent.status === 422) {
        refused++;
        return;
      }
      expect(sent.headers.location).toBe(CONFIRMATION_PATH);
      const draft = (
        await stack.db.send(new GetCommand({ TableName: stack.tableName, Key: draftKey(v.cookie ?? '') }))
      ).Item;
      const item = await getNotificationItem(stack.db, stack.tableName, String(draft?.reference));
      const parsed = z.safeParse(NotificationSchema, item?.notification);
      expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))).toBe(
        true,
      );
      stored.push(String(draft?.reference));
    });
    const perWorker = JOURNEY_RUNS / PARALLEL;
    await Promise.all(Array.from({ length: PARALLEL }, () => fc.assert(property, { numRuns: perWorker })));
    storedByFuzz = stored;
    report('hostile-input journeys', { journeys: perWorker * PARALLEL, stored: stored.length, refused });
    // Plausible answers are likely enough that many journeys get through to the store.
    expect(stored.length).toBeGreaterThan(perWorker);
  });

  it('renders a corpus of hostile answers escaped in every page, and flattened in the emails', {
    timeout: 180_000,
  }, async () => {
    const sent: { id: string; value: string; reference: string }[] = [];
    let sizeRefusals = 0;
    for (const { id, value } of HOSTILE_CORPUS) {
      const v = new Visitor(transport);
      await v.get(FIRST_QUESTION_PATH);
      const seen: string[] = [];
      for (const form of forms) {
        // The hostile value in every free-text field; plausible values elsewhere.
        const fields = new Map<string, string>();
        for (const f of form.fields) {
          const free =
            (f.kind === 'text' || f.kind === 'textarea') &&
            !/(day|month|year|postcode|approximateAge)$/.test(f.name);
          fields.set(f.name, free ? value : (plausibleValues(f)[0] ?? ''));
        }
        let res = await v.post(form.path, [...fields]);
        seen.push(res.html);
        for (let attempt = 0; (res.status === 422 || res.status === 413) && attempt < 3; attempt++) {
          if (res.status === 413) {
            // Too large with the value in every field (the 100 KB limit): keep it in one field only.
            sizeRefusals++;
            const free = form.fields.filter((f) => fields.get(f.name) === value);
            for (const f of free.slice(1)) fields.set(f.name, plausibleValues(f)[0] ?? '');
          } else {
            // Fields the page refuses this value for get a plausible one, so the journey goes on.
            const refused = [...res.html.matchAll(/<a href="#([^"]+)"/g)].map((m) => m[1] as string);
            for (const f of form.fields.filter((x) =>
              refused.some((r) => x.name === r || x.name.startsWith(`${r}-`)),
            )) {
              fields.set(f.name, plausibleValues(f)[0] ?? '');
            }
          }
          res = await v.post(form.path, [...fields]);
          seen.push(res.html);
        }
        expect(res.status, `${id} ${form.path}: ${errorSummaryOf(res.html)}`).toBe(303);
      }
      const check = await v.get(CHECK_ANSWERS_PATH);
      seen.push(check.html);
      const submit = await v.post(CHECK_ANSWERS_PATH, {});
      expect(submit.status, `${id}: ${errorSummaryOf(submit.html)}`).toBe(303);
      const reference = await confirmationReference(v);
      // The notifier's copy, linked from the confirmation page.
      const confirmation = await v.get(CONFIRMATION_PATH);
      const copyPath = /<a class="govuk-link" href="([^"]+)">Print or save a copy/.exec(
        confirmation.html,
      )?.[1];
      expect(copyPath, 'a link to the copy').toBeDefined();
      const copy = await v.get(copyPath ?? '/');
      expect(copy.status).toBe(200);
      seen.push(confirmation.html, copy.html);
      for (const html of seen) {
        expect(html, id).not.toMatch(UNESCAPED_MARKUP);
        expect(html, id).not.toContain('89991'); // {{ 9999 * 9 }} evaluated
        expect(html, id).not.toContain('looploop'); // {% for %} evaluated
        if (/[<>"]/.test(value)) expect(html, id).not.toContain(value);
      }
      // Shown back as typed, escaped (where the fields took it whole).
      const shown = htmlEscaped(value.normalize('NFC').trim());
      const controls = [...value].some((c) => (c.codePointAt(0) ?? 0) < 0x20);
      if (value.length <= 200 && !controls) expect(check.html, id).toContain(shown);
      sent.push({ id, value, reference });
    }

    // Routing: every notification stored by the fuzzing and the corpus, through route and SES.
    stack.startPollers();
    const watcher = new MailboxWatcher(stack.mailboxUrl, 100);
    const all = [...storedByFuzz, ...sent.map((s) => s.reference)];
    const emails = await watcher.waitFor(
      (e) => {
        const alerts = new Set(e.map(alertReference));
        const acks = new Set(e.map(acknowledgementReference));
        return all.every((r) => alerts.has(r)) && sent.every((s) => acks.has(s.reference));
      },
      150_000,
      'an alert for every stored hostile notification',
    );
    await waitForQueueEmpty(stack.sqs, stack.notificationQueue.url, 60_000);
    const dlq = await queueCounts(stack.sqs, stack.deadLetterQueue.url);
    expect(emails.length).toBeGreaterThanOrEqual(all.length + sent.length);
    for (const email of emails) {
      expect(email.subject).not.toMatch(/[\r\n]/);
      // One recipient, or the designated manager with the deputies (cdk.json): the council's own
      // addresses, never one more typed into the form.
      const [first, ...others] = email.destination.to;
      expect(first).toBeDefined();
      for (const other of others) expect(other).toMatch(/@anytown\.example$/);
      expect(email.destination.cc ?? []).toEqual([]);
      expect(email.destination.bcc ?? []).toEqual([]);
      expect(email.destination.to[0]).not.toContain('evil.example');
      expect(email.body.html).toBeUndefined();
      expect(email.body.text ?? '').not.toMatch(/^(Bcc|Cc|Subject|Content-Type|Set-Cookie):/im);
    }
    for (const { id, value, reference } of sent) {
      const mine = emails.filter(
        (e) => alertReference(e) === reference || acknowledgementReference(e) === reference,
      );
      expect(mine.length, id).toBe(2);
      for (const email of mine) {
        // Free text (the organisation) reaches an email flattened to one line: never a line break
        // of the notifier's, so never a line that looks like a header.
        if (/[\r\n]/.test(value)) expect(`${email.subject}\n${email.body.text}`, id).not.toContain(value);
        expect(email.body.text ?? '', id).not.toContain('attacker@evil.example\n');
      }
    }
    report('hostile-input corpus', {
      payloads: HOSTILE_CORPUS.length,
      refusedAsTooLarge: sizeRefusals,
      routedHostileNotifications: all.length,
      emailsChecked: emails.length,
      dlq: dlq.visible + dlq.inFlight,
    });
    expect(dlq).toEqual({ visible: 0, inFlight: 0 });
  });
});

const basePost: Post = {
  pairs: [],
  extra: [],
  action: undefined,
  change: false,
  duplicate: false,
  credential: 'ok',
  body: 'form',
  bytes: new Uint8Array(),
};
const session = (v: Visitor): Session => ({
  cookie: v.cookie ?? '',
  csrfToken: v.csrfToken,
  sourceIp: v.clientAddress,
});
