import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.ts';
import { DEFAULT_RATE_LIMITS } from '../../shared/domain/rate-limits.ts';
import { createDraftStore } from '../../shared/store/draft-store.ts';
import { clearMailbox, readMailbox } from '../support/mailbox.ts';
import {
  fillInForm,
  httpTransport,
  MINIMAL_ANSWERS,
  sendNotification,
  Visitor,
} from '../support/notify-visitor.ts';

/*
 * Issue 13: one client cannot turn the public form against a stranger or the council. Every
 * request goes over HTTP through the local gateway from a chosen loopback address, against
 * DynamoDB Local and the SES emulator. The clock is fixed just after the start of an hour, so
 * every request falls in the same rate-limit windows whatever the time of the run.
 */

const STRANGER = 'stranger@victim.example';
const PHONE = '01632 960000';
let stack: LocalStack;
const logLines: string[] = [];

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  // After the shared answers' start date (1 September 2026): the child already lives there.
  vi.setSystemTime(new Date('2026-10-15T09:00:05Z'));
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  stack = await startLocalStack({ schedules: false });
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    logLines.push(String(chunk));
    return true;
  });
});
afterAll(async () => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  await stack?.stop();
});

async function notificationCount(): Promise<number> {
  const out = await stack.db.send(
    new ScanCommand({
      TableName: stack.tableName,
      FilterExpression: 'sk = :sk',
      ExpressionAttributeValues: { ':sk': 'NOTIFICATION' },
      Select: 'COUNT',
    }),
  );
  return out.Count ?? 0;
}

/** A visitor from `address` with a fresh draft, saved halfway, asking for a link sent to `to`. */
async function askForLink(address: string, to: string) {
  const v = new Visitor(httpTransport(stack.baseUrl), address);
  const first = await v.get('/is-this-private-fostering');
  if (first.status !== 200) return first;
  const saved = await v.post('/is-this-private-fostering', {
    ...MINIMAL_ANSWERS.eligibility,
    action: 'save',
  });
  if (saved.status !== 303) return saved;
  return v.post('/save-and-return', { email: to });
}

const sentTo = async (address: string) =>
  (await readMailbox(stack.mailboxUrl)).filter((e) => e.destination.to.includes(address));

describe('rate limits on the public form (issue 13)', () => {
  it('sends a stranger at most 3 "save and come back later" emails a day, however many drafts ask', async () => {
    await clearMailbox(stack.mailboxUrl);
    const statuses: number[] = [];
    let refused: { html: string } | undefined;
    // The reproduction: one client, a fresh draft each time, 16 requests for one address.
    for (let i = 0; i < 16; i++) {
      const res = await askForLink('127.77.0.1', STRANGER);
      statuses.push(res.status);
      if (res.status === 429) refused = res;
    }
    // Another client cannot add to them either: the limit is on the address.
    statuses.push((await askForLink('127.77.0.2', STRANGER)).status);

    expect(statuses.filter((s) => s === 303)).toHaveLength(
      DEFAULT_RATE_LIMITS.saveAndReturnEmailsPerRecipientPerDay,
    );
    expect(statuses.slice(3).every((s) => s === 429)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(await sentTo(STRANGER)).toHaveLength(3);
    // A real person is told what to do: phone the council, with the number.
    expect(refused?.html).toContain('call us on the number below');
    expect(refused?.html).toContain(PHONE);
    expect(refused?.html).toContain('<title>');
  });

  it('limits one client’s "save and come back later" requests an hour, whatever the addresses', async () => {
    await clearMailbox(stack.mailboxUrl);
    const statuses: number[] = [];
    for (let i = 0; i < DEFAULT_RATE_LIMITS.saveAndReturnPerClientPerHour + 2; i++) {
      statuses.push((await askForLink('127.77.0.3', `person${i}@school.example`)).status);
    }
    const allowed = DEFAULT_RATE_LIMITS.saveAndReturnPerClientPerHour;
    expect(statuses.slice(0, allowed).every((s) => s === 303)).toBe(true);
    expect(statuses.slice(allowed)).toEqual([429, 429]);
    await new Promise((r) => setTimeout(r, 300));
    const emails = await readMailbox(stack.mailboxUrl);
    expect(emails).toHaveLength(allowed);
    expect((await askForLink('127.77.0.4', 'person0@school.example')).status).toBe(303);
  });

  it('refuses a burst of complete notifications from one client: 429, nothing stored', async () => {
    const before = await notificationCount();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const v = new Visitor(httpTransport(stack.baseUrl), '127.77.0.5');
      await fillInForm(v);
      const res = await sendNotification(v);
      statuses.push(res.status);
      if (res.status === 429) expect(res.html).toContain(PHONE);
    }
    const allowed = DEFAULT_RATE_LIMITS.notificationsPerClientPerTenMinutes;
    expect(statuses).toEqual([...Array(allowed).fill(303), ...Array(5 - allowed).fill(429)]);
    expect(await notificationCount()).toBe(before + allowed);
    // Another client is not held back by this one.
    const other = new Visitor(httpTransport(stack.baseUrl), '127.77.0.6');
    await fillInForm(other);
    expect((await sendNotification(other)).status).toBe(303);
  });

  it('does not count a send that fails its checks', async () => {
    const v = new Visitor(httpTransport(stack.baseUrl), '127.77.0.7');
    await fillInForm(v, { eligibility: MINIMAL_ANSWERS.eligibility ?? {} });
    for (let i = 0; i < 5; i++) expect((await sendNotification(v)).status).toBe(422);
    await fillInForm(v);
    expect((await sendNotification(v)).status).toBe(303);
  });

  it('limits the drafts one client starts an hour', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < DEFAULT_RATE_LIMITS.draftsPerClientPerHour + 1; i++) {
      statuses.push((await new Visitor(httpTransport(stack.baseUrl), '127.77.0.8').get('/start')).status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 303)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('logs neither the address of a refused client nor the email address', () => {
    const logs = logLines.join('');
    expect(logs).toContain('"status":429');
    for (const secret of ['127.77.0.1', '127.77.0.3', '127.77.0.5', STRANGER, 'person11@school.example']) {
      expect(logs).not.toContain(secret);
    }
  });
});

describe('answers after sending (issue 13)', () => {
  it('keeps them reachable from the sending browser for 30 minutes with a session cookie, then never', async () => {
    const v = new Visitor(httpTransport(stack.baseUrl), '127.77.1.1');
    await fillInForm(v);
    const sent = await sendNotification(v);
    expect(sent.status).toBe(303);
    const cookie = sent.setCookies.find((c) => c.startsWith('notify_draft='));
    // A session cookie: no Max-Age, no Expires, so closing the browser forgets it.
    expect(cookie).toBeDefined();
    expect(cookie).not.toMatch(/Max-Age|Expires/i);

    const confirmation = await v.get('/confirmation');
    expect(confirmation.html).toContain('Print or save a copy');
    expect(confirmation.html).toContain('30 minutes');
    expect((await v.get('/your-notification')).html).toContain('Zainab Testchild');

    vi.setSystemTime(new Date(Date.now() + 29 * 60_000));
    expect((await v.get('/your-notification')).html).toContain('Zainab Testchild');
    vi.setSystemTime(new Date(Date.now() + 2 * 60_000));
    for (const path of ['/your-notification', '/confirmation']) {
      const late = await v.get(path);
      expect(late.status).toBe(303);
      expect(late.location).toBe('/');
      expect(late.html).not.toContain('Zainab');
    }
    // The copy window is what the privacy notice promises.
    expect((await v.get('/privacy')).html).toContain(
      'you can see your answers from the browser you used for 30 minutes',
    );
  });
});

describe('a resume link’s Continue button (issue 13)', () => {
  it('refuses a post that did not come from the link’s page in this browser (403), and plants no draft', async () => {
    const drafts = createDraftStore(stack.db, stack.tableName);
    const saver = new Visitor(httpTransport(stack.baseUrl), '127.77.2.1');
    await fillInForm(saver, { eligibility: MINIMAL_ANSWERS.eligibility ?? {} });
    const link = await drafts.createResumeLink(saver.cookie ?? '', new Date());
    if (!link.ok) throw new Error(link.reason);
    const path = `/resume/${link.token}`;

    // The reproduction: a bare POST, no cookie, no token.
    const victim = new Visitor(httpTransport(stack.baseUrl), '127.77.2.2');
    const bare = await victim.post(path, {}, { csrf: false });
    expect(bare.status).toBe(403);
    expect(bare.setCookies).toEqual([]);
    // A token without the browser's cookie (another site copying the form) is refused too.
    const forged = await victim.postRaw(path, `csrfToken=${'A'.repeat(43)}`);
    expect(forged.status).toBe(403);
    expect(victim.cookie).toBeUndefined();

    // The link still works for its owner, from its page.
    const owner = new Visitor(httpTransport(stack.baseUrl), '127.77.2.3');
    const page = await owner.get(path);
    const resumeCookie = page.setCookies.find((c) => c.startsWith('notify_resume='))?.split(';')[0];
    expect(resumeCookie).toBeDefined();
    const pressed = await owner.request('POST', path, {
      body: `csrfToken=${owner.csrfToken}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: resumeCookie ?? '' },
    });
    expect(pressed.status).toBe(303);
    expect(owner.cookie).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});

describe('emails carry no free text typed by the public (issue 13)', () => {
  /** What a hostile or careless notifier types, and what must never leave in an email or a log. */
  const CHILD_NAME = 'Zainab Hostilechild';
  const hostile = {
    organisation:
      'Visit https://evil.example/phish or www.evil.example <a href="https://evil.example">here</a>',
    name: 'Mallory\r\nBcc: attacker@evil.example\r\nSubject: injected',
    carerName: 'Contact attacker@evil.example <script>alert(1)</script>',
    addressLine1: '{{ 7 * 7 }} <img src=x onerror=alert(2)> 1 Evil Road',
  };
  const NEVER = [
    'evil.example',
    'Mallory',
    'Bcc:',
    'injected',
    '<script',
    '<img',
    '<a ',
    'Evil Road',
    'Hostilechild',
    'Zainab',
    '2009',
    '7 May',
    'disab',
    'hostile.notifier',
  ];

  it('sends the alert, the acknowledgement and a saved-answers link with none of it, and logs none of it', async () => {
    await clearMailbox(stack.mailboxUrl);
    const logsBefore = logLines.length;
    const v = new Visitor(httpTransport(stack.baseUrl), '127.77.3.1');
    const answers = {
      ...MINIMAL_ANSWERS,
      eligibility: { ...MINIMAL_ANSWERS.eligibility, disabled: 'yes', childAge: '16-or-17' },
      'about-you': { role: 'school', organisation: hostile.organisation, name: hostile.name },
      'contact-details': { email: 'hostile.notifier@school.example', phone: '07700 900 982' },
      child: {
        name: CHILD_NAME,
        'dateOfBirth-day': '7',
        'dateOfBirth-month': '5',
        'dateOfBirth-year': '2009',
        disabled: 'yes',
      },
      carer: {
        name: hostile.carerName,
        'address-line1': hostile.addressLine1,
        'address-town': 'Anytown',
        'address-postcode': 'AN1 2BC',
      },
    };
    // Save and come back later, with hostile answers saved: that email too.
    await fillInForm(v, answers);
    const saved = await v.post('/save-and-return', { email: 'hostile.notifier@school.example' });
    expect(saved.status).toBe(303);
    const sent = await sendNotification(v);
    expect(sent.status).toBe(303);

    const emails = await (async () => {
      for (let i = 0; i < 100; i++) {
        const all = await readMailbox(stack.mailboxUrl);
        if (all.length >= 3) return all;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('Expected a saved-answers link, an alert and an acknowledgement');
    })();
    expect(emails.map((e) => e.subject).join(' | ')).toMatch(/Private fostering notification/);
    const alert = emails.find(
      (e) => e.subject.includes('Private fostering notification') && !e.subject.includes('received'),
    );
    expect(alert?.body.text).toContain('From: School or college');
    for (const email of emails) {
      const text = [email.subject, email.body.text ?? '', email.body.html ?? ''].join('\n');
      for (const secret of NEVER) expect(text, `${email.subject} contains ${secret}`).not.toContain(secret);
    }
    // The address and route name of the question "Is the child disabled?" say which page was
    // visited, not what was answered: everyone who notifies passes through it.
    const logs = logLines
      .slice(logsBefore)
      .join('')
      .replaceAll('/is-this-private-fostering/disabled', '/is-this-private-fostering/…')
      .replaceAll('eligibility-disabled:', 'eligibility-…:');
    expect(logs).toContain('save-and-return:post');
    for (const secret of NEVER) expect(logs, `logs contain ${secret}`).not.toContain(secret);
  });
});
