import { createHash } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DRAFT_COOKIE } from '../../functions/notify/app.ts';
import { SCREENS } from '../../functions/notify/journey.ts';
import { RESUME_COOKIE } from '../../functions/notify/save-and-return.ts';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.ts';
import { NotificationSchema } from '../../shared/domain/notification.ts';
import {
  createDraftStore,
  DRAFT_TTL_SECONDS,
  MAX_RESUME_LINKS_PER_DRAFT,
} from '../../shared/store/draft-store.ts';
import { createNotificationStore } from '../../shared/store/notification-store.ts';
import { aNotification } from '../fixtures/notifications.ts';
import { clearMailbox, waitForEmails } from '../support/mailbox.ts';
import { nextClientAddress, requestFrom } from '../support/notify-visitor.ts';

let stack: LocalStack;
const logLines: string[] = [];

beforeAll(async () => {
  // INFO, so that the response lines are written and this file can check what is in them.
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  stack = await startLocalStack({ schedules: false });
  // Everything the functions log (kept, not printed), to check no answer reaches a log line.
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    logLines.push(String(chunk));
    return true;
  });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await stack?.stop();
});

/** A browser without JavaScript: follows nothing by itself, carries its cookie by hand. */
class Visitor {
  readonly clientAddress = nextClientAddress();
  cookie: string | undefined;
  /** Set by a resume link's page, for its Continue button. */
  resumeCookie: string | undefined;

  cookieHeader(): string {
    return [
      ...(this.cookie ? [`${DRAFT_COOKIE}=${this.cookie}`] : []),
      ...(this.resumeCookie ? [`${RESUME_COOKIE}=${this.resumeCookie}`] : []),
    ].join('; ');
  }
  csrfToken = '';

  async request(
    method: string,
    path: string,
    init: { body?: string | Buffer; headers?: Record<string, string> } = {},
  ) {
    // From this visitor's own loopback address: the form's rate limits are per client.
    const res = await requestFrom(this.clientAddress, `${stack.baseUrl}${path}`, {
      method,
      headers: { ...(this.cookieHeader() ? { cookie: this.cookieHeader() } : {}), ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    for (const c of res.setCookies) {
      const m = new RegExp(`^${DRAFT_COOKIE}=([^;]*)`).exec(c);
      if (m) this.cookie = m[1];
      const r = new RegExp(`^${RESUME_COOKIE}=([^;]*)`).exec(c);
      if (r) this.resumeCookie = r[1] || undefined;
    }
    const html = res.body;
    const token = /name="csrfToken" value="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrfToken = token;
    const headers = new Headers(res.headers);
    for (const c of res.setCookies) headers.append('set-cookie', c);
    return { status: res.status, headers, html, location: res.headers.location };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  post(path: string, fields: Record<string, string>, options: { csrf?: boolean } = {}) {
    const body = new URLSearchParams({
      ...(options.csrf === false ? {} : { csrfToken: this.csrfToken }),
      ...fields,
    });
    return this.request('POST', path, {
      body: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }
}

const CHILD = 'Zainab Testchild';
const HOSTILE = '<script>alert("x")</script>';

async function storedNotification(reference: string) {
  const out = await stack.db.send(
    new GetCommand({ TableName: stack.tableName, Key: { pk: `CASE#${reference}`, sk: 'NOTIFICATION' } }),
  );
  return out.Item;
}

async function notificationItems(reference: string) {
  const out = await stack.db.send(
    new QueryCommand({
      TableName: stack.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)',
      ExpressionAttributeValues: { ':pk': `CASE#${reference}`, ':sk': 'NOTIFICATION' },
    }),
  );
  return out.Items ?? [];
}

/** The shortest complete journey: issue 2's minimum. */
async function completeMinimalJourney(v: Visitor, overrides: { childName?: string } = {}) {
  expect((await v.get('/')).status).toBe(200);
  const start = await v.get('/start');
  expect(start.status).toBe(303);
  expect(start.location).toBe('/is-this-private-fostering');
  await v.get('/is-this-private-fostering');
  const steps: [string, Record<string, string>, string][] = [
    // One question per screen (journey.ts SCREENS).
    ['/is-this-private-fostering', { childAge: 'under-16' }, '/is-this-private-fostering/disabled'],
    ['/is-this-private-fostering/disabled', { disabled: 'no' }, '/is-this-private-fostering/carer'],
    ['/is-this-private-fostering/carer', { carer: 'someone-else' }, '/is-this-private-fostering/where'],
    ['/is-this-private-fostering/where', { setting: 'carers-home' }, '/is-this-private-fostering/how-long'],
    [
      '/is-this-private-fostering/how-long',
      { duration: '28-days-or-more' },
      '/is-this-private-fostering/result',
    ],
    [
      '/about-you',
      { role: 'school', organisation: 'Anytown Academy', name: 'Priya Teacher' },
      '/your-contact-details',
    ],
    [
      '/your-contact-details',
      { email: 'priya.teacher@school.example', phone: '07700 900 982' },
      '/the-child',
    ],
    ['/the-child', { name: overrides.childName ?? CHILD }, '/the-child/sex'],
    [
      '/the-child/date-of-birth',
      { 'dateOfBirth-day': '3', 'dateOfBirth-month': 'March', 'dateOfBirth-year': '2014' },
      '/about-the-child',
    ],
    [
      '/the-carer',
      {
        name: 'Carer Person',
        'address-line1': '1 High Street',
        'address-town': 'Anytown',
        'address-postcode': 'an12bc',
      },
      '/carer-previous-addresses',
    ],
    ['/the-arrangement', { childLivesThereNow: 'no' }, '/the-arrangement/start-date'],
    [
      '/the-arrangement/start-date',
      { 'startDate-day': '1', 'startDate-month': 'sept', 'startDate-year': '2026' },
      '/the-arrangement/purpose',
    ],
    ['/the-arrangement/safety', { immediateSafetyConcern: 'no' }, '/check-answers'],
  ];
  for (const [path, fields, next] of steps) {
    const res = await v.post(path, fields);
    expect(res.status, `${path}: ${res.html.match(/govuk-error-summary__list[\s\S]*?<\/ul>/)?.[0]}`).toBe(
      303,
    );
    expect(res.location).toBe(next);
  }
}

describe('the notification form over HTTP, against DynamoDB Local and SQS', () => {
  it('takes a notification from start to confirmation, stores it and queues it', async () => {
    await clearMailbox(stack.mailboxUrl);
    const v = new Visitor();
    await completeMinimalJourney(v);

    const check = await v.get('/check-answers');
    expect(check.status).toBe(200);
    expect(check.html).toContain(CHILD);
    expect(check.html).toContain('AN1 2BC');
    expect(check.html).toContain('3 March 2014');
    expect(check.html).toMatch(/Does the child already live with the carer\?\s*<\/dt>\s*<dd[^>]*>\s*Not yet/);
    expect(check.html).toContain('href="/the-arrangement?change=check#childLivesThereNow"');

    const sent = await v.post('/check-answers', {});
    expect(sent.status).toBe(303);
    expect(sent.location).toBe('/confirmation');
    const confirmation = await v.get('/confirmation');
    expect(confirmation.status).toBe(200);
    const reference = /<strong>([0-9A-Z]{8})<\/strong>/.exec(confirmation.html)?.[1] ?? '';
    expect(reference).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);

    const item = await storedNotification(reference);
    expect(item).toBeDefined();
    const notification = NotificationSchema.parse(item?.notification);
    expect(notification).toMatchObject({
      reference,
      notifier: {
        role: 'school',
        organisation: 'Anytown Academy',
        email: 'priya.teacher@school.example',
        phone: '07700 900982',
      },
      child: { name: CHILD, dateOfBirth: '2014-03-03', disabled: 'no' },
      carer: { address: { line1: '1 High Street', town: 'Anytown', postcode: 'AN1 2BC' } },
      arrangement: { childLivesThereNow: 'no', startDate: '2026-09-01', immediateSafetyConcern: false },
      eligibility: { outcome: 'likely' },
    });
    expect(item?.queuedAt).toEqual(expect.any(String));

    // Routed by the real route function: the designated manager's alert arrives.
    const emails = await waitForEmails(stack.mailboxUrl, (all) =>
      all.some((e) => e.subject.includes(reference)),
    );
    expect(emails.some((e) => e.subject.includes(reference))).toBe(true);
  });

  it('gives the same reference and one notification when sent twice', async () => {
    const v = new Visitor();
    await completeMinimalJourney(v);
    await v.get('/check-answers');
    const [first, second] = await Promise.all([v.post('/check-answers', {}), v.post('/check-answers', {})]);
    expect([first.status, second.status]).toEqual([303, 303]);
    const third = await v.post('/check-answers', {});
    expect(third.location).toBe('/confirmation');
    const reference = /<strong>([0-9A-Z]{8})<\/strong>/.exec((await v.get('/confirmation')).html)?.[1] ?? '';
    expect(await notificationItems(reference)).toHaveLength(1);
  });

  it("never confirms another draft's notification as this one's when references collide", async () => {
    const other = aNotification();
    await createNotificationStore(stack.db, stack.tableName).record(other);
    // A draft that was (one in a trillion) given the same reference.
    const draft = await createDraftStore(stack.db, stack.tableName).create(
      { reference: other.reference, csrfToken: 'd'.repeat(43) },
      new Date(),
    );
    const v = new Visitor();
    v.cookie = draft.id;
    v.csrfToken = draft.csrfToken;
    await v.post('/about-you', { role: 'health', name: 'Dr Collision' });
    await v.post('/your-contact-details', { email: 'dr@surgery.example' });
    await v.post('/the-child', { name: 'Collision Child' });
    const sent = await v.post('/check-answers', {});
    expect(
      sent.location,
      sent.html.match(/govuk-error-summary__list[\s\S]*?<\/ul>|<h1[^>]*>[^<]*/)?.[0],
    ).toBe('/confirmation');
    const reference = /<strong>([0-9A-Z]{8})<\/strong>/.exec((await v.get('/confirmation')).html)?.[1] ?? '';
    expect(reference).not.toBe(other.reference);
    expect((await storedNotification(reference))?.notification.notifier.name).toBe('Dr Collision');
    expect((await storedNotification(other.reference))?.notification.notifier.name).toBe('Priya Teacher');
  });

  it('shows errors with the answers kept, and "Error:" in the title', async () => {
    const v = new Visitor();
    await v.get('/about-you');
    const res = await v.post('/about-you', { organisation: 'Kept Organisation' });
    expect(res.status).toBe(422);
    expect(res.html).toContain('<title>Error: About you');
    expect(res.html).toContain('<a href="#role">Select who you are</a>');
    expect(res.html).toContain('<a href="#name">Enter your full name</a>');
    expect(res.html).toContain('value="Kept Organisation"');
  });

  it('renders hostile input escaped, and stores it as typed', async () => {
    const v = new Visitor();
    await completeMinimalJourney(v, { childName: HOSTILE });
    const check = await v.get('/check-answers');
    expect(check.html).not.toContain(HOSTILE);
    expect(check.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    const back = await v.get('/the-child');
    expect(back.html).not.toContain(HOSTILE);
    await v.post('/check-answers', {});
    const reference = /<strong>([0-9A-Z]{8})<\/strong>/.exec((await v.get('/confirmation')).html)?.[1] ?? '';
    expect((await storedNotification(reference))?.notification.child.name).toBe(HOSTILE);
  });

  it('adds and removes entries without JavaScript', async () => {
    const v = new Visitor();
    await v.get('/parents');
    let res = await v.post('/parents', { 'items-0-name': 'Parent One', action: 'add' });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/parents#item-1');
    res = await v.get('/parents');
    expect(res.html).toContain('value="Parent One"');
    expect(res.html).toContain('id="items-1-name"');
    res = await v.post('/parents', {
      'items-0-name': 'Parent One',
      'items-1-name': 'Parent Two',
      action: 'remove-0',
    });
    expect(res.status).toBe(303);
    // The page opens at a status message saying what was removed.
    expect(res.location).toBe('/parents?removed=1#list-status');
    expect((await v.get('/parents?removed=1')).html).toMatch(
      /id="list-status" role="status"[^>]*>Person 1 removed\./,
    );
    res = await v.get('/parents');
    expect(res.html).not.toContain('Parent One');
    expect(res.html).toContain('value="Parent Two"');
  });

  it('returns to check your answers after a change', async () => {
    const v = new Visitor();
    await completeMinimalJourney(v);
    const page = await v.get('/the-child?change=check');
    expect(page.html).toContain('name="returnTo" value="check"');
    expect(page.html).toContain('href="/check-answers"');
    const res = await v.post('/the-child?change=check', { name: 'Changed Name', returnTo: 'check' });
    expect(res.location).toBe('/check-answers');
    expect((await v.get('/check-answers')).html).toContain('Changed Name');
  });

  it('changing "Is this private fostering?" shows the result, then goes back to check your answers', async () => {
    const v = new Visitor();
    await completeMinimalJourney(v);
    const check = await v.get('/check-answers');
    // Each Change link lands on its field.
    expect(check.html).toContain('href="/is-this-private-fostering?change=check#childAge"');
    expect(check.html).toContain('href="/the-child?change=check#name"');
    // Each answer has its own screen: the link goes to the one that asks it.
    expect(check.html).toContain('href="/the-arrangement/start-date?change=check#startDate-day"');
    expect(check.html).toContain('href="/the-child/date-of-birth?change=check#dateOfBirth-day"');
    expect(check.html).toContain('href="/is-this-private-fostering/how-long?change=check#duration"');
    const res = await v.post('/is-this-private-fostering?change=check', {
      childAge: '16-or-17',
      returnTo: 'check',
    });
    expect(res.location).toBe('/is-this-private-fostering/result?change=check');
    const result = await v.get(res.location ?? '');
    expect(result.html).toContain('This is probably not private fostering');
    // "Tell us anyway" leads back to the answers, not through every page again.
    expect(result.html).toMatch(/href="\/check-answers"[^>]*>\s*Tell us anyway/);
    expect((await v.get('/check-answers')).html).toContain('16 or 17');
  });

  it('asks a carer, and only a carer, about convictions, disqualification and prohibition', async () => {
    const v = new Visitor();
    await completeMinimalJourney(v);
    // A teacher is never asked: the screens pass straight on, and "Check your answers" has no row.
    expect((await v.get('/convictions')).location).toBe('/parents');
    expect((await v.get('/check-answers')).html).not.toContain('Convictions or cautions');

    // The notifier is the carer: the three questions follow the household, one per screen.
    expect((await v.post('/about-you', { role: 'carer', name: 'Carer Person' })).status).toBe(303);
    const household = await v.post('/household', {});
    expect(household.location).toBe('/convictions');
    const page = await v.get('/convictions');
    expect(page.html).toContain('Saying yes does not by itself stop the arrangement');
    expect(page.html).toContain('href="/household"');
    const blank = await v.post('/convictions', {});
    expect(blank.status).toBe(422);
    let res = await v.post('/convictions', { convictions: 'yes', convictionsDetails: 'A caution in 2015' });
    expect(res.location).toBe('/convictions/disqualified');
    res = await v.post('/convictions/disqualified', { disqualified: 'no' });
    expect(res.location).toBe('/convictions/prohibited');
    expect((await v.get('/parents')).html).toContain('href="/convictions/prohibited"');
    res = await v.post('/convictions/prohibited', { prohibited: 'not-sure' });
    expect(res.location).toBe('/parents');

    const check = await v.get('/check-answers');
    expect(check.html).toContain('A caution in 2015');
    expect(check.html).toContain('href="/convictions/disqualified?change=check#disqualified"');
    // A change goes back to "Check your answers", not on through the journey.
    res = await v.post('/convictions/disqualified?change=check', { disqualified: 'yes', returnTo: 'check' });
    expect(res.location).toBe('/check-answers');

    expect((await v.post('/check-answers', {})).location).toBe('/confirmation');
    const reference = /<strong>([0-9A-Z]{8})<\/strong>/.exec((await v.get('/confirmation')).html)?.[1] ?? '';
    const stored = NotificationSchema.parse((await storedNotification(reference))?.notification);
    expect(stored.carer).toMatchObject({
      convictions: 'yes',
      convictionsDetails: 'A caution in 2015',
      disqualified: 'yes',
      prohibited: 'unknown',
    });
    // Nothing of it in the email the council is sent.
    const emails = await waitForEmails(stack.mailboxUrl, (all) =>
      all.some((e) => e.subject.includes(reference)),
    );
    for (const e of emails.filter((m) => m.subject.includes(reference)))
      expect(`${e.subject} ${e.body.text} ${e.body.html ?? ''}`).not.toMatch(
        /caution|convict|disqualif|prohibit/i,
      );
  });

  it('resumes a draft saved before the questions were split at the first one it has no answer for', async () => {
    const drafts = createDraftStore(stack.db, stack.tableName);
    const draft = await drafts.create({ reference: 'ABCDEFGH', csrfToken: 'e'.repeat(43) }, new Date());
    // The old one-page eligibility answers, from before "Where is the child living?" was asked.
    await drafts.saveAnswers(
      draft.id,
      'eligibility',
      { childAge: 'under-16', disabled: 'no', carer: 'someone-else', duration: '28-days-or-more' },
      new Date(),
    );
    await drafts.saveAnswers(draft.id, 'child', { name: 'Old Draft Child', sex: 'female' }, new Date());
    const v = new Visitor();
    v.cookie = draft.id;
    v.csrfToken = draft.csrfToken;
    // Its answers are on the new screens …
    expect((await v.get('/is-this-private-fostering/disabled')).html).toMatch(/value="no" checked/);
    expect((await v.get('/the-child')).html).toContain('value="Old Draft Child"');
    // … and "Save and come back later" offers to go back to the question not yet answered.
    const save = await v.get('/save-and-return');
    expect(save.html).toContain('href="/is-this-private-fostering/where"');
  });

  it('"Check your answers" with nothing answered offers no Send button', async () => {
    const v = new Visitor();
    const page = await v.get('/check-answers');
    expect(page.status).toBe(200);
    expect(page.html).toContain('There are no answers to check');
    expect(page.html).not.toContain('Send notification');
    expect(page.html).toContain('href="/start"');
  });

  it('"Tell us about another child" keeps the notifier\'s own details, and nothing about the child', async () => {
    const v = new Visitor();
    await completeMinimalJourney(v);
    expect((await v.post('/check-answers', {})).location).toBe('/confirmation');
    const sentDraft = v.cookie;
    expect((await v.get('/confirmation')).html).toContain('href="/start"');
    const again = await v.get('/start');
    expect(again.location).toBe('/is-this-private-fostering');
    expect(v.cookie).not.toBe(sentDraft);
    const aboutYou = await v.get('/about-you');
    expect(aboutYou.html).toContain('value="Priya Teacher"');
    expect(aboutYou.html).toContain('value="Anytown Academy"');
    expect((await v.get('/your-contact-details')).html).toContain('value="priya.teacher@school.example"');
    expect((await v.get('/the-child')).html).not.toContain(CHILD);
    expect((await v.get('/is-this-private-fostering')).html).not.toMatch(/value="under-16" checked/);
  });

  it('offers the school from "About you" when a school notifies, and keeps what the notifier chose', async () => {
    const v = new Visitor();
    await completeMinimalJourney(v);
    const background = await v.get('/about-the-child');
    expect(background.html).toMatch(/id="school" name="school" type="text" value="Anytown Academy"/);
    await v.post('/about-the-child', { school: '' });
    expect((await v.get('/about-the-child')).html).not.toContain('value="Anytown Academy"');
  });

  it('shows emergency guidance for an immediate safety concern, then carries on', async () => {
    const v = new Visitor();
    await v.get('/the-arrangement');
    await v.post('/the-arrangement', { childLivesThereNow: 'unknown' });
    await v.post('/the-arrangement/start-date', { startDateUnknown: 'yes' });
    const res = await v.post('/the-arrangement/safety', { immediateSafetyConcern: 'yes' });
    expect(res.location).toBe('/urgent-concern');
    const guidance = await v.get('/urgent-concern');
    expect(guidance.html).toContain('call 999');
    expect(guidance.html).toContain('href="/check-answers"');
  });

  it('refuses a post without the CSRF token, or with a wrong one, and stores nothing (403)', async () => {
    const v = new Visitor();
    await v.get('/about-you');
    const missing = await v.post('/about-you', { role: 'school', name: 'No Token' }, { csrf: false });
    expect(missing.status).toBe(403);
    expect(missing.html).toContain('govuk-template');
    const wrong = await v.post(
      '/about-you',
      { csrfToken: 'x'.repeat(43), role: 'school', name: 'Wrong Token' },
      { csrf: false },
    );
    expect(wrong.status).toBe(403);
    expect((await v.get('/about-you')).html).not.toContain('Wrong Token');
  });

  it('refuses a post without a draft (403)', async () => {
    const v = new Visitor();
    const res = await v.post('/about-you', { csrfToken: 'x', role: 'school', name: 'A' }, { csrf: false });
    expect(res.status).toBe(403);
    expect(res.html).toContain('start again');
  });

  it('answers bad requests with GOV.UK error pages: 413, 415, 400, 404, 405', async () => {
    const v = new Visitor();
    await v.get('/about-you');
    const big = await v.request('POST', '/about-you', {
      body: `csrfToken=${v.csrfToken}&name=${'x'.repeat(101 * 1024)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(big.status).toBe(413);
    expect(big.html).toContain('The form you sent was too large');

    const json = await v.request('POST', '/about-you', {
      body: JSON.stringify({ name: 'x' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(json.status).toBe(415);

    const malformed = await v.request('POST', '/about-you', {
      body: 'csrfToken=abc&name=%E0%A4%A',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(malformed.status).toBe(400);

    const missing = await v.get('/no-such-page');
    expect(missing.status).toBe(404);
    expect(missing.html).toContain('Page not found');

    const wrongMethod = await v.request('PUT', '/about-you', { body: '' });
    expect(wrongMethod.status).toBe(405);

    for (const res of [big, json, malformed, missing, wrongMethod]) {
      expect(res.html).toContain('govuk-template');
      expect(res.html).not.toMatch(/at .*\.ts:\d+/);
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it('puts the security headers and a Secure HttpOnly SameSite cookie on pages', async () => {
    const res = await fetch(`${stack.baseUrl}/about-you`, { redirect: 'manual' });
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-/);
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${DRAFT_COOKIE}=`)) ?? '';
    expect(cookie).toMatch(/^notify_draft=[A-Za-z0-9_-]{22};/);
    for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Lax', 'Path=/'])
      expect(cookie).toContain(attribute);
  });

  it('serves the stylesheet compressed and cached', async () => {
    const page = await (await fetch(`${stack.baseUrl}/`)).text();
    const href = /href="(\/assets\/council\.css\?v=[0-9a-f]+)"/.exec(page)?.[1] ?? '';
    const res = await fetch(`${stack.baseUrl}${href}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('cache-control')).toContain('max-age=31536000');
    expect((await res.text()).length).toBeGreaterThan(100_000);
  });

  it('never writes an answer to the logs', () => {
    const logs = logLines.join('');
    expect(logs).toContain('"route"');
    for (const secret of [
      CHILD,
      'Priya Teacher',
      'priya.teacher@school.example',
      '1 High Street',
      'Changed Name',
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});

describe('the draft store, against DynamoDB Local', () => {
  const token = 'c'.repeat(43);

  it('creates a draft with a 128-bit id, the reference fixed, and a TTL a week ahead', async () => {
    const drafts = createDraftStore(stack.db, stack.tableName);
    const now = new Date('2026-06-15T10:00:00Z');
    const draft = await drafts.create({ reference: 'ABCDEFGH', csrfToken: token }, now);
    expect(draft.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const item = await stack.db.send(
      new GetCommand({ TableName: stack.tableName, Key: { pk: `DRAFT#${draft.id}`, sk: 'DRAFT' } }),
    );
    expect(item.Item).toMatchObject({ reference: 'ABCDEFGH', csrfToken: token, answers: {} });
    expect(item.Item?.expiresAt).toBe(now.getTime() / 1000 + DRAFT_TTL_SECONDS);
  });

  it('keeps answers per page, and treats an expired draft as gone before TTL deletes it', async () => {
    const drafts = createDraftStore(stack.db, stack.tableName);
    const now = new Date('2026-06-15T10:00:00Z');
    const draft = await drafts.create({ reference: 'ABCDEFGJ', csrfToken: token }, now);
    expect(await drafts.saveAnswers(draft.id, 'about-you', { name: 'A' }, now)).toBe(true);
    expect((await drafts.get(draft.id, now))?.answers).toEqual({ 'about-you': { name: 'A' } });
    const later = new Date(now.getTime() + (DRAFT_TTL_SECONDS + 1) * 1000);
    expect(await drafts.get(draft.id, later)).toBeUndefined();
    expect(await drafts.saveAnswers(draft.id, 'about-you', { name: 'B' }, later)).toBe(false);
    expect(await drafts.saveAnswers('a'.repeat(22), 'about-you', {}, now)).toBe(false);
  });

  it('records the first submission time only', async () => {
    const drafts = createDraftStore(stack.db, stack.tableName);
    const now = new Date('2026-06-15T10:00:00Z');
    const draft = await drafts.create({ reference: 'ABCDEFGK', csrfToken: token }, now);
    await drafts.markSubmitted(draft.id, now);
    await drafts.markSubmitted(draft.id, new Date('2026-06-15T11:00:00Z'));
    expect((await drafts.get(draft.id, now))?.submittedAt).toBe(now.toISOString());
  });

  it('never looks up an id that is not a draft id', async () => {
    const drafts = createDraftStore(stack.db, stack.tableName);
    expect(await drafts.get('../../etc', new Date())).toBeUndefined();
  });
});

describe('save and come back later, against DynamoDB Local and the SES emulator', () => {
  const SAVED_CHILD = 'Kofi Savedchild';
  const SAVER_EMAIL = 'saver@school.example';
  const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('base64url');
  const linkIn = (text: string | undefined) =>
    new RegExp(`${stack.baseUrl}/resume/([A-Za-z0-9_-]{43})`).exec(text ?? '')?.[1] ?? '';

  /** Answers three pages, then presses "Save and come back later" on the child page with a bad date. */
  async function saveHalfway(v: Visitor) {
    await v.get('/is-this-private-fostering');
    await v.post('/is-this-private-fostering', { childAge: 'under-16' });
    await v.post('/is-this-private-fostering/disabled', { disabled: 'no' });
    await v.post('/is-this-private-fostering/carer', { carer: 'someone-else' });
    await v.post('/is-this-private-fostering/where', { setting: 'carers-home' });
    await v.post('/is-this-private-fostering/how-long', { duration: 'not-sure' });
    await v.post('/about-you', { role: 'school', organisation: 'Anytown Academy', name: 'Priya Teacher' });
    await v.post('/your-contact-details', { email: 'priya.teacher@school.example' });
    expect((await v.post('/the-child', { name: SAVED_CHILD })).location).toBe('/the-child/sex');
    const saved = await v.post('/the-child/date-of-birth', {
      'dateOfBirth-day': '31',
      'dateOfBirth-month': 'February',
      'dateOfBirth-year': '2014',
      action: 'save',
    });
    expect(saved.status, saved.html.match(/<h1[^>]*>[^<]*/)?.[0]).toBe(303);
    expect(saved.location).toBe('/save-and-return?from=child-date-of-birth');
  }

  async function requestLink(v: Visitor, to = SAVER_EMAIL): Promise<string> {
    const form = await v.get('/save-and-return?from=child-date-of-birth');
    expect(form.status).toBe(200);
    // Pre-filled with the address the notifier gave.
    expect(form.html).toContain('value="priya.teacher@school.example"');
    expect(form.html).toContain('href="/the-child/date-of-birth"');
    const sent = await v.post('/save-and-return', { email: to, from: 'child-date-of-birth' });
    expect(sent.status, sent.html.match(/govuk-error-summary__list[\s\S]*?<\/ul>/)?.[0]).toBe(303);
    expect(sent.location).toBe('/save-and-return/sent');
    const page = await v.get('/save-and-return/sent');
    expect(page.html).toContain('Your answers have been saved');
    const emails = await waitForEmails(stack.mailboxUrl, (all) =>
      all.some((e) => e.destination.to.includes(to) && linkIn(e.body.text) !== ''),
    );
    const email = emails.filter((e) => e.destination.to.includes(to)).at(-1);
    return linkIn(email?.body.text);
  }

  it('saves a page even with errors, emails a single-use link without answers, and brings every answer back in another browser', async () => {
    await clearMailbox(stack.mailboxUrl);
    const first = new Visitor();
    await saveHalfway(first);
    const token = await requestLink(first);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The email: the link, the council's contact details; no answer, no child, no reference.
    const [email] = (await waitForEmails(stack.mailboxUrl, (all) => all.length > 0)).filter((e) =>
      e.destination.to.includes(SAVER_EMAIL),
    );
    const text = email?.body.text ?? '';
    expect(email?.subject).toBe('Continue telling Anytown Council about a private fostering arrangement');
    expect(text).toContain('You started to tell Anytown Council about a private fostering arrangement');
    expect(text).toContain('01632 960000');
    const draftItem = await stack.db.send(
      new GetCommand({ TableName: stack.tableName, Key: { pk: `DRAFT#${first.cookie}`, sk: 'DRAFT' } }),
    );
    for (const secret of [SAVED_CHILD, 'Priya Teacher', 'Anytown Academy', draftItem.Item?.reference])
      expect(text).not.toContain(secret);

    // Only the token's hash is stored.
    const link = await stack.db.send(
      new GetCommand({ TableName: stack.tableName, Key: { pk: `RESUME#${hashOf(token)}`, sk: 'RESUME' } }),
    );
    expect(link.Item).toMatchObject({ draftId: first.cookie });
    expect(JSON.stringify(link.Item)).not.toContain(token);

    // A fresh browser: the link shows a Continue button (a mail scanner's GET uses nothing) …
    const second = new Visitor();
    const landing = await second.get(`/resume/${token}`);
    expect(landing.status).toBe(200);
    expect(landing.html).toContain('Continue where you left off');
    expect(second.cookie).toBeUndefined();
    // … and pressing it moves the answers here, to the page saved unfinished.
    const opened = await second.post(`/resume/${token}`, {});
    expect(opened.status).toBe(303);
    expect(opened.location).toBe('/the-child/date-of-birth');
    expect(second.cookie).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(second.cookie).not.toBe(first.cookie);
    const child = await second.get('/the-child');
    expect(child.html).toContain(`value="${SAVED_CHILD}"`);
    // The first browser is told where its answers went, and is offered no Send button.
    const left = await first.get('/check-answers');
    expect(left.status).toBe(200);
    expect(left.html).toContain('Your answers are not in this browser');
    expect(left.html).toContain('your answers moved to the browser or device where you opened it');
    expect(left.html).not.toContain('Send notification');
    expect((await second.get('/the-child/date-of-birth')).html).toContain('value="31"');
    expect((await second.get('/about-you')).html).toContain('value="Priya Teacher"');
    // The unfinished page is flagged on "Check your answers", and its bad date is not used.
    const check = await second.get('/check-answers');
    expect(check.html).toContain('You saved some answers that need correcting');
    expect(check.html).toContain('href="/the-child/date-of-birth?change=check"');
    // Correcting it clears the flag.
    const fixed = await second.post('/the-child/date-of-birth', {
      'dateOfBirth-day': '28',
      'dateOfBirth-month': 'February',
      'dateOfBirth-year': '2014',
    });
    expect(fixed.status).toBe(303);
    expect((await second.get('/check-answers')).html).not.toContain('need correcting');

    // The browser the answers were saved in no longer has them (the draft moved).
    expect((await first.get('/about-you')).html).not.toContain('Priya Teacher');

    // The link works once.
    const third = new Visitor();
    const again = await third.get(`/resume/${token}`);
    expect(again.status).toBe(410);
    expect(again.html).toContain('This link has already been used');
    expect(again.html).toContain('Start again');
    const againPost = await third.post(`/resume/${token}`, {}, { csrf: false });
    expect(againPost.status).toBe(410);
    expect(third.cookie).toBeUndefined();
  });

  it('uses a link once when it is opened twice at the same moment', async () => {
    const v = new Visitor();
    await saveHalfway(v);
    const drafts = createDraftStore(stack.db, stack.tableName);
    const link = await drafts.createResumeLink(v.cookie ?? '', new Date());
    if (!link.ok) throw new Error(link.reason);
    const [a, b] = await Promise.all(
      [new Visitor(), new Visitor()].map(async (w) => {
        await w.get(`/resume/${link.token}`);
        return w.post(`/resume/${link.token}`, {});
      }),
    );
    expect([a?.status, b?.status].sort()).toEqual([303, 410]);
  });

  it('refuses an expired link, an unknown one and a malformed one, offering to start again', async () => {
    const drafts = createDraftStore(stack.db, stack.tableName);
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    const draft = await drafts.create({ reference: 'ABCDEFGM', csrfToken: 'e'.repeat(43) }, eightDaysAgo);
    const link = await drafts.createResumeLink(draft.id, eightDaysAgo);
    if (!link.ok) throw new Error(link.reason);
    const v = new Visitor();
    const expired = await v.get(`/resume/${link.token}`);
    expect(expired.status).toBe(410);
    expect(expired.html).toContain('This link has expired');
    expect((await v.post(`/resume/${link.token}`, {}, { csrf: false })).status).toBe(410);
    expect(v.cookie).toBeUndefined();

    const unknown = await v.get(`/resume/${'A'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.html).toContain('This link does not work');
    expect((await v.get('/resume/not-a-token')).status).toBe(404);
    for (const res of [expired, unknown]) expect(res.html).toContain('href="/"');
  });

  it('refuses a link once the notification has been sent', async () => {
    const v = new Visitor();
    await completeMinimalJourney(v);
    const link = await createDraftStore(stack.db, stack.tableName).createResumeLink(
      v.cookie ?? '',
      new Date(),
    );
    if (!link.ok) throw new Error(link.reason);
    await v.post('/check-answers', {});
    const res = await new Visitor().get(`/resume/${link.token}`);
    expect(res.status).toBe(410);
    expect(res.html).toContain('This notification has already been sent');
  });

  it('asks for an email address in the correct format, and caps the links one draft can send', async () => {
    const v = new Visitor();
    await saveHalfway(v);
    const bad = await v.post('/save-and-return', { email: 'not-an-email' });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('<title>Error: ');
    expect(bad.html).toContain('Enter an email address in the correct format, like name@example.com');
    const empty = await v.post('/save-and-return', { email: '' });
    expect(empty.html).toContain('Enter your email address');

    const drafts = createDraftStore(stack.db, stack.tableName);
    for (let i = 0; i < MAX_RESUME_LINKS_PER_DRAFT; i++) {
      expect((await drafts.createResumeLink(v.cookie ?? '', new Date())).ok).toBe(true);
    }
    const capped = await v.post('/save-and-return', { email: SAVER_EMAIL });
    expect(capped.status).toBe(422);
    expect(capped.html).toContain('We have already sent the most links we can');
  });

  it('refuses to send a link without the CSRF token', async () => {
    const v = new Visitor();
    await saveHalfway(v);
    const res = await v.post('/save-and-return', { email: SAVER_EMAIL }, { csrf: false });
    expect(res.status).toBe(403);
  });

  it('shows a "Save and come back later" button on every question page', async () => {
    const v = new Visitor();
    for (const screen of SCREENS.filter((s) => !s.appliesTo)) {
      const res = await v.get(screen.path);
      expect(res.html, screen.path).toMatch(/<button[^>]*value="save"[^>]*>\s*Save and come back later/);
    }
  });
});

describe('the council’s contact details', () => {
  it('are on the start, urgent-concern, confirmation and error pages, with 999 where emergencies are mentioned', async () => {
    const v = new Visitor();
    const start = await v.get('/');
    expect(start.html).toContain('call 999');
    expect(start.html).toContain('href="tel:01632960000"');
    expect(start.html).toContain('href="tel:01632960999"');
    expect(start.html).toContain('childrens-services@anytown.example');

    const urgent = await v.get('/urgent-concern');
    expect(urgent.html).toContain('01632 960000');
    expect(urgent.html).toContain('01632 960999');

    const missing = await v.get('/no-such-page');
    expect(missing.html).toContain('01632 960000');

    await completeMinimalJourney(v);
    await v.post('/check-answers', {});
    const confirmation = await v.get('/confirmation');
    expect(confirmation.html).toContain('01632 960000');
    expect(confirmation.html).toContain('href="https://anytown.example/feedback/private-fostering"');
  });
});
