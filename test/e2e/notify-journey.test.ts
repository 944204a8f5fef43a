import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRAFT_COOKIE } from '../../functions/notify/app.ts';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.ts';
import { measurePageWeight } from '../bench/page-weight.ts';
import { axeViolations as violationsOn } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';
import { clearMailbox, readMailbox, waitForEmails } from '../support/mailbox.ts';
import { fillInForm, httpTransport, MINIMAL_ANSWERS, Visitor } from '../support/notify-visitor.ts';

/**
 * The notification form in a real browser (Debian's Chromium, installed by .ci/run): the whole
 * journey by label text, with JavaScript on and off, axe on every page including error states,
 * and a screenshot of each page under test/e2e/screenshots/.
 */

const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const CHILD = 'Amara Browsertest';

let stack: LocalStack;
let browser: Browser;
const axeViolations: { page: string; ids: string[] }[] = [];
const pageWeights: Record<string, number> = {};

beforeAll(async () => {
  stack = await startLocalStack({ schedules: false });
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 120_000);

/** A fresh browser context; Playwright's waits fail after 5 s, well inside a test's time. */
async function newContext(options: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(5_000);
  return context;
}

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** axe with every rule (WCAG A/AA and best practice); records the page's violations. */
async function checkAccessibility(page: Page, name: string, mode: string) {
  await page.screenshot({ path: join(SCREENSHOTS, `${mode}-${name}.png`), fullPage: true });
  // axe runs as script in the page: with JavaScript off it cannot, and the same pages are
  // checked in the JavaScript-on run.
  if (mode === 'no-js') return;
  const violations = await violationsOn(page);
  const ids = violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  axeViolations.push({ page: name, ids });
  expect(ids, `axe violations on ${name}`).toEqual([]);
}

/**
 * Records every request of a page's sub-resources (stylesheet, script, icon, font, image) that the
 * app does not answer with success: the pages must ask for nothing that is not served.
 */
function recordUnserved(page: Page): string[] {
  const unserved: string[] = [];
  page.on('requestfailed', (r) => unserved.push(`${r.url()} (${r.failure()?.errorText ?? 'failed'})`));
  page.on('response', (r) => {
    if (r.request().resourceType() !== 'document' && r.status() >= 400)
      unserved.push(`${r.url()} (${r.status()})`);
  });
  return unserved;
}

const group = (page: Page, name: string) => page.getByRole('group', { name });

/** Waits for the page whose main heading is `text` (playwright-core has no `expect`). */
async function heading(page: Page, text: string) {
  await page.locator('h1', { hasText: text }).first().waitFor();
  expect((await page.locator('h1').first().textContent())?.trim()).toBe(text);
}

const isFocused = (locator: Locator) => locator.evaluate((el) => el === el.ownerDocument.activeElement);

/**
 * "Is this private fostering?", one question a screen, first with nothing chosen to see the error
 * state; ends on the result.
 */
async function answerEligibility(page: Page, a11y?: (name: string) => Promise<void>) {
  const screens: [string, string | RegExp][] = [
    ['How old is the child?', 'Under 16'],
    ['Is the child disabled?', 'No'],
    ['Who is looking after the child?', /Someone else/],
    ['Where is the child living?', 'In the carer’s own home'],
    ['How long has the child stayed, or how long will they stay?', '28 days or more'],
  ];
  for (const [i, [question, answer]] of screens.entries()) {
    await group(page, question)
      .getByLabel(answer, typeof answer === 'string' ? { exact: true } : {})
      .check();
    await a11y?.(`eligibility-${i + 1}`);
    await page.getByRole('button', { name: 'Continue' }).click();
  }
}

/** A browser whose draft already holds the minimal answers (filled in over HTTP, to save time). */
async function contextWithAnsweredDraft(javaScriptEnabled: boolean) {
  const v = new Visitor(httpTransport(stack.baseUrl));
  await fillInForm(v, MINIMAL_ANSWERS);
  const context = await newContext({ javaScriptEnabled });
  await context.addCookies([
    {
      name: DRAFT_COOKIE,
      value: v.cookie ?? '',
      domain: new URL(stack.baseUrl).hostname,
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
    },
  ]);
  return context;
}

/** The address bar's path, query and fragment. */
const where = (page: Page) => {
  const url = new URL(page.url());
  return `${url.pathname}${url.search}${url.hash}`;
};

async function completeJourney(page: Page, mode: string): Promise<string> {
  const a11y = (name: string) => checkAccessibility(page, name, mode);

  await page.goto(`${stack.baseUrl}/`);
  await heading(page, 'Tell us about a private fostering arrangement');
  // Named after the service, so the service's name is not said twice.
  expect(await page.title()).toBe('Tell us about a private fostering arrangement – Anytown Council');
  await a11y('start');
  await page.getByRole('button', { name: 'Start now' }).click();

  // Is this private fostering? — first with nothing chosen, to see the error state.
  await page.getByRole('button', { name: 'Continue' }).click();
  expect(await page.title()).toMatch(/^Error: /);
  await a11y('eligibility-errors');
  await answerEligibility(page, a11y);
  await heading(page, 'This is likely to be private fostering');
  await a11y('eligibility-result');
  await page.getByRole('button', { name: 'Continue to tell us' }).click();

  // About you
  await page.getByRole('button', { name: 'Continue' }).click();
  await a11y('about-you-errors');
  await page.getByRole('link', { name: 'Enter your full name' }).click();
  expect(await isFocused(page.getByLabel('Full name'))).toBe(true);
  await group(page, 'Who are you?').getByLabel('School or college', { exact: true }).check();
  await page.getByLabel('Organisation (optional)').fill('Anytown Academy');
  await page.getByLabel('Full name').fill('Priya Teacher');
  await page.getByLabel('Job title (optional)').fill('Designated safeguarding lead');
  await page.getByRole('button', { name: 'Continue' }).click();

  // Contact details
  await page.getByLabel('Email address').fill('not-an-email');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('link', { name: /Enter an email address in the correct format/ }).waitFor();
  await a11y('contact-details-errors');
  await page.getByLabel('Email address').fill('priya.teacher@school.example');
  await page.getByLabel('Phone number').fill('07700 900 982');
  await page.getByRole('button', { name: 'Continue' }).click();

  // The child, one question a screen
  await heading(page, 'What is the child’s full name? (optional)');
  await page.getByLabel('Full name').fill(CHILD);
  await a11y('child-name');
  await page.getByRole('button', { name: 'Continue' }).click();
  await group(page, 'What is the child’s sex? (optional)').getByLabel('Female', { exact: true }).check();
  await a11y('child-sex');
  await page.getByRole('button', { name: 'Continue' }).click();
  await heading(page, 'What is the child’s date of birth?');
  await page.getByLabel('Day').fill('31');
  await page.getByLabel('Month').fill('February');
  await page.getByLabel('Year').fill('2014');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('link', { name: 'Date of birth must be a real date' }).waitFor();
  await a11y('child-errors');
  await page.getByLabel('Day').fill('28');
  await page.getByRole('button', { name: 'Continue' }).click();

  // Background
  await page.getByLabel('Religion').fill('Christian');
  await page.getByLabel('First language and cultural background').fill('Yoruba and English');
  await a11y('child-background');
  await page.getByRole('button', { name: 'Continue' }).click();

  // Where the child lives
  await page.getByLabel('At the carer’s address').check();
  await a11y('child-address');
  await page.getByRole('button', { name: 'Continue' }).click();

  // The carer
  await page.getByLabel('Full name or names').fill('Grace Carer');
  await page.getByLabel('Relationship to the child (optional)').fill('Family friend');
  await page.getByLabel('Address line 1').fill('1 High Street');
  await page.getByLabel('Town or city').fill('Anytown');
  await page.getByLabel('Postcode').fill('an1 2bc');
  await a11y('carer');
  await page.getByRole('button', { name: 'Continue' }).click();

  // Previous addresses: skip
  await a11y('carer-previous-addresses');
  await page.getByRole('button', { name: 'Continue' }).click();

  // Household: add another without or with JavaScript — the same buttons either way.
  await page.getByLabel('Full name').fill('Sam Carer');
  await page.getByLabel('Approximate age').fill('42');
  await page.getByRole('button', { name: 'Add another person' }).click();
  await page.locator('#items-1-name').waitFor();
  await page.locator('#items-1-name').fill('Jo Carer');
  await a11y('household');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();

  // Parents
  await page.locator('#items-0-name').fill('Bola Parent');
  await page.locator('#items-0-relationship').fill('Mother');
  await page.locator('#items-0-address-country').fill('Nigeria');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();

  // Received from
  await page.getByLabel('A parent or someone with parental responsibility').check();
  await a11y('received-from');
  await page.getByRole('button', { name: 'Continue' }).click();

  // Siblings and others: skip
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await a11y('others-involved');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();

  // The arrangement, one thing a screen
  await group(page, 'Does the child already live with the carer?')
    .getByLabel('Not yet', { exact: true })
    .check();
  await a11y('arrangement');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Day').fill('1');
  await page.getByLabel('Month').fill('Sept');
  await page.getByLabel('Year').fill('2026');
  await a11y('arrangement-start-date');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('How long is the arrangement meant to last? (optional)').fill('A school year');
  await page.getByLabel('Why was the arrangement made? (optional)').fill('To attend school here');
  await a11y('arrangement-purpose');
  await page.getByRole('button', { name: 'Continue' }).click();
  await group(page, 'Are you worried about the child’s safety right now?')
    .getByLabel('Yes', { exact: true })
    .check();
  await a11y('arrangement-safety');
  await page.getByRole('button', { name: 'Continue' }).click();
  await heading(page, 'If a child is in immediate danger, call 999');
  await a11y('urgent-concern');
  await page.getByRole('button', { name: 'Continue' }).click();

  // Check your answers, change one answer, and send.
  await heading(page, 'Check your answers before sending your notification');
  await a11y('check-answers');
  await page.getByRole('link', { name: 'Change religion' }).click();
  await page.getByLabel('Religion').fill('Anglican');
  await page.getByRole('button', { name: 'Continue' }).click();
  await heading(page, 'Check your answers before sending your notification');
  expect(await page.locator('main').textContent()).toContain('Anglican');
  await page.getByRole('button', { name: 'Send notification' }).click();

  await page.locator('.govuk-panel__title', { hasText: 'Notification sent' }).waitFor();
  await a11y('confirmation');
  const reference = (await page.locator('.govuk-panel__body strong').textContent())?.trim() ?? '';
  await page.getByRole('link', { name: 'Print or save a copy of your notification' }).click();
  await a11y('copy');
  return reference;
}

// No skip when Chromium is missing: a browser test that silently passes proves nothing.
// `.ci/run` installs Debian's chromium; locally, `apt-get install -y chromium`.
describe('the notification form in a browser', () => {
  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'no-js';
    it(`is completed start to finish with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, {
      timeout: 90_000,
    }, async () => {
      await clearMailbox(stack.mailboxUrl);
      const context = await newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const cspErrors: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
      });
      const unserved = recordUnserved(page);
      try {
        const reference = await completeJourney(page, mode);
        expect(reference).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
        expect(cspErrors).toEqual([]);
        expect(unserved).toEqual([]);
        if (javaScriptEnabled) {
          expect(
            await page
              .locator('body')
              .evaluate((body) => body.classList.contains('govuk-frontend-supported')),
          ).toBe(true);
        }

        const stored = await stack.db.send(
          new GetCommand({
            TableName: stack.tableName,
            Key: { pk: `CASE#${reference}`, sk: 'NOTIFICATION' },
          }),
        );
        expect(stored.Item?.notification).toMatchObject({
          reference,
          notifier: { role: 'school', name: 'Priya Teacher', jobTitle: 'Designated safeguarding lead' },
          child: {
            name: CHILD,
            sex: 'female',
            dateOfBirth: '2014-02-28',
            religion: 'Anglican',
            livesAtCarerAddress: 'yes',
          },
          carer: {
            name: 'Grace Carer',
            address: { postcode: 'AN1 2BC' },
            household: [{ name: 'Sam Carer', approximateAge: '42' }, { name: 'Jo Carer' }],
          },
          parents: [{ name: 'Bola Parent', relationship: 'Mother', address: { country: 'Nigeria' } }],
          arrangement: {
            childLivesThereNow: 'no',
            startDate: '2026-09-01',
            intendedDuration: 'A school year',
            immediateSafetyConcern: true,
          },
        });
        expect(stored.Item?.queuedAt).toEqual(expect.any(String));

        const emails = await waitForEmails(
          stack.mailboxUrl,
          (all) => all.filter((e) => e.subject.includes(reference)).length >= 2,
        );
        for (const email of emails.filter((e) => e.subject.includes(reference))) {
          expect(`${email.body.text ?? ''}${email.body.html ?? ''}`).not.toContain(CHILD);
        }
      } finally {
        await context.close();
      }
    });
  }

  it('can be completed with the keyboard alone', async () => {
    const context = await newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${stack.baseUrl}/about-you`);
      // Skip link, then through the page to the first radio.
      await page.keyboard.press('Tab');
      expect(await isFocused(page.getByRole('link', { name: 'Skip to main content' }))).toBe(true);
      await page.keyboard.press('Enter');
      for (let i = 0; i < 20; i++) {
        await page.keyboard.press('Tab');
        if (await isFocused(page.getByLabel('School or college'))) break;
      }
      await page.keyboard.press('Space');
      expect(await page.getByLabel('School or college').isChecked()).toBe(true);
      await page.keyboard.press('Tab');
      await page.keyboard.type('Anytown Academy');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Keyboard User');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/your-contact-details(#.*)?$/);
    } finally {
      await context.close();
    }
  });

  it('presses Continue, not Remove, when Enter is pressed in an "add another" list', async () => {
    const context = await newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${stack.baseUrl}/household`);
      await page.locator('#items-0-name').fill('First');
      await page.getByRole('button', { name: 'Add another person' }).click();
      await page.locator('#items-1-name').fill('Second');
      await page.locator('#items-1-name').press('Enter');
      await page.waitForURL(/\/parents(#.*)?$/);
    } finally {
      await context.close();
    }
  });

  it('asks for nothing the app does not serve: no GOV.UK font, crest or icon, on public and staff pages', async () => {
    const paths = ['/', '/about-you', '/privacy', '/staff/signed-out'];
    const context = await newContext();
    const page = await context.newPage();
    const unserved = recordUnserved(page);
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    try {
      // The staff case list unsigned-in is the "sign in" page (401), in the staff layout.
      for (const path of [...paths, '/staff/cases']) {
        await page.goto(`${stack.baseUrl}${path}`, { waitUntil: 'networkidle' });
      }
    } finally {
      await context.close();
    }
    expect(unserved).toEqual([]);
    expect(requested.filter((p) => /font|woff|crest|crown|govuk-icon|favicon|manifest/i.test(p))).toEqual([]);

    // Also what a browser fetches only when a rule applies: every URL in the HTML and in the CSS
    // (`url(...)`), each fetched as a browser would; and each page stays light.
    for (const path of paths) {
      const weight = await measurePageWeight(stack.baseUrl, path);
      expect(weight.notServed, path).toEqual([]);
      expect(
        weight.resources.map((r) => new URL(r.url).pathname),
        path,
      ).toEqual(['/assets/council.css', '/assets/council-icon.svg', '/assets/govuk-frontend.min.js']);
      expect(weight.totalWireBytes, path).toBeLessThan(150 * 1024);
    }
  });

  it('keeps the start and check-answers pages under 150 KB on the wire, with nothing cached', async () => {
    /** Every byte a fresh browser fetches for the page: HTML, CSS, JavaScript, icon, headers. */
    const weigh = async (path: string) => {
      const context = await newContext();
      const page = await context.newPage();
      const sizes: Promise<number>[] = [];
      page.on('response', (res) =>
        sizes.push(
          res
            .request()
            .sizes()
            .then((s) => s.responseBodySize + s.responseHeadersSize),
        ),
      );
      try {
        await page.goto(`${stack.baseUrl}${path}`, { waitUntil: 'networkidle' });
        const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
        pageWeights[path] = bytes;
        return bytes;
      } finally {
        await context.close();
      }
    };
    expect(await weigh('/')).toBeLessThan(150 * 1024);
    expect(await weigh('/check-answers')).toBeLessThan(150 * 1024);
    console.info(`page weight (bytes on the wire): ${JSON.stringify(pageWeights)}`);
  });

  it('saves and comes back later through the emailed link, once, in another browser', {
    timeout: 90_000,
  }, async () => {
    const SAVER = 'save.and.return@school.example';
    const first = await newContext();
    const page = await first.newPage();
    let link = '';
    try {
      await page.goto(`${stack.baseUrl}/start`);
      await answerEligibility(page);
      await page.getByRole('button', { name: 'Continue to tell us' }).click();
      await group(page, 'Who are you?').getByLabel('School or college', { exact: true }).check();
      await page.getByLabel('Full name').fill('Priya Teacher');
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByLabel('Email address').fill('priya.teacher@school.example');
      await page.getByRole('button', { name: 'Continue' }).click();

      // The child's date of birth, not a real date: saving keeps it as typed.
      await page.getByLabel('Full name').fill(CHILD);
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.getByLabel('Day').fill('31');
      await page.getByLabel('Month').fill('February');
      await page.getByLabel('Year').fill('2014');
      await page.getByRole('button', { name: 'Save and come back later' }).click();

      await heading(page, 'Get a link to come back to your answers');
      expect(await page.getByLabel('Email address').inputValue()).toBe('priya.teacher@school.example');
      await page.getByLabel('Email address').fill('not an email');
      await page.getByRole('button', { name: 'Send the link' }).click();
      await page.getByRole('link', { name: /Enter an email address in the correct format/ }).waitFor();
      await checkAccessibility(page, 'save-and-return-errors', 'js');
      await page.getByLabel('Email address').fill(SAVER);
      await checkAccessibility(page, 'save-and-return', 'js');
      await page.getByRole('button', { name: 'Send the link' }).click();

      await heading(page, 'Your answers have been saved');
      await checkAccessibility(page, 'answers-saved', 'js');
      const emails = await waitForEmails(stack.mailboxUrl, (all) =>
        all.some((e) => e.destination.to.includes(SAVER)),
      );
      const email = emails.find((e) => e.destination.to.includes(SAVER));
      expect(email?.body.text).not.toContain(CHILD);
      link = /http:\/\/127\.0\.0\.1:\d+\/resume\/[A-Za-z0-9_-]{43}/.exec(email?.body.text ?? '')?.[0] ?? '';
      expect(link).not.toBe('');
    } finally {
      await first.close();
    }

    // Another browser, without JavaScript: the link, then Continue, and the answers are back.
    const second = await newContext({ javaScriptEnabled: false });
    const resumed = await second.newPage();
    try {
      await resumed.goto(link);
      await heading(resumed, 'Continue where you left off');
      await resumed.screenshot({ path: join(SCREENSHOTS, 'no-js-resume.png'), fullPage: true });
      await resumed.getByRole('button', { name: 'Continue' }).click();
      await resumed.waitForURL(/\/the-child\/date-of-birth$/);
      expect(await resumed.getByLabel('Day').inputValue()).toBe('31');
      await resumed.getByLabel('Day').fill('28');
      await resumed.getByRole('button', { name: 'Continue', exact: true }).click();
      await resumed.waitForURL(/\/about-the-child$/);
    } finally {
      await second.close();
    }

    // The link works once.
    const third = await newContext();
    const again = await third.newPage();
    try {
      await again.goto(link);
      await heading(again, 'This link has already been used');
      await checkAccessibility(again, 'resume-used', 'js');
      await again.getByRole('button', { name: 'Start again' }).waitFor();
    } finally {
      await third.close();
    }
    expect(
      (await readMailbox(stack.mailboxUrl)).filter((e) => e.destination.to.includes(SAVER)),
    ).toHaveLength(1);
  });

  for (const javaScriptEnabled of [true, false]) {
    const mode = javaScriptEnabled ? 'js' : 'no-js';

    it(`changes answers from "Check your answers" and comes straight back, JavaScript ${mode}`, {
      timeout: 60_000,
    }, async () => {
      const context = await contextWithAnsweredDraft(javaScriptEnabled);
      const page = await context.newPage();
      try {
        await page.goto(`${stack.baseUrl}/check-answers`);
        await heading(page, 'Check your answers before sending your notification');

        // The child's age is asked on "Is this private fostering?": the result is shown again,
        // then the answers, not every page after it.
        await page.getByRole('link', { name: 'Change how old is the child?' }).click();
        expect(where(page)).toBe('/is-this-private-fostering?change=check#childAge');
        expect(await page.locator('#childAge:target').count()).toBe(1);
        await group(page, 'How old is the child?').getByLabel('16 or 17', { exact: true }).check();
        await page.getByRole('button', { name: 'Continue' }).click();
        await heading(page, 'This is probably not private fostering');
        await checkAccessibility(page, 'eligibility-result-change', mode);
        await page.getByRole('button', { name: 'Tell us anyway' }).click();
        await heading(page, 'Check your answers before sending your notification');
        expect(where(page)).toBe('/check-answers');
        expect(await page.locator('main').textContent()).toContain('16 or 17');

        // A question page: the link lands on the field, Continue comes back.
        await page.getByRole('link', { name: 'Change date of birth' }).click();
        expect(where(page)).toBe('/the-child/date-of-birth?change=check#dateOfBirth-day');
        expect(await page.locator('#dateOfBirth-day:target').count()).toBe(1);
        await page.getByLabel('Year').fill('2013');
        await page.getByRole('button', { name: 'Continue' }).click();
        await heading(page, 'Check your answers before sending your notification');
        expect(where(page)).toBe('/check-answers');
        expect(await page.locator('main').textContent()).toContain('3 March 2013');
      } finally {
        await context.close();
      }
    });

    it(`asks a carer about convictions, disqualification and prohibition, JavaScript ${mode}`, {
      timeout: 60_000,
    }, async () => {
      const context = await contextWithAnsweredDraft(javaScriptEnabled);
      const page = await context.newPage();
      try {
        await page.goto(`${stack.baseUrl}/about-you`);
        await group(page, 'Who are you?').getByLabel('Carer', { exact: true }).check();
        await page.getByRole('button', { name: 'Continue' }).click();
        await page.goto(`${stack.baseUrl}/household`);
        await page.getByRole('button', { name: 'Continue', exact: true }).click();
        await page.waitForURL(/\/convictions$/);
        const question =
          'Have you, or has anyone who lives in your home, ever been convicted of or cautioned for an offence?';
        await heading(page, question);
        const details = page.getByLabel('Tell us about it, if you can (optional)');
        expect(await details.isVisible()).toBe(!javaScriptEnabled);
        await group(page, question).getByLabel('Yes', { exact: true }).check();
        expect(await details.isVisible()).toBe(true);
        await checkAccessibility(page, 'convictions', mode);
        await details.fill('A caution in 2015');
        await page.getByRole('button', { name: 'Continue' }).click();
        await group(
          page,
          'Have you, or has anyone who lives in your home, been disqualified from private fostering?',
        )
          .getByLabel('No', { exact: true })
          .check();
        await checkAccessibility(page, 'disqualified', mode);
        await page.getByRole('button', { name: 'Continue' }).click();
        await group(
          page,
          'Has a council ever stopped you, or anyone who lives in your home, from private fostering?',
        )
          .getByLabel('I’m not sure', { exact: true })
          .check();
        await checkAccessibility(page, 'prohibited', mode);
        await page.getByRole('button', { name: 'Continue' }).click();
        await page.waitForURL(/\/parents$/);
        await page.goto(`${stack.baseUrl}/check-answers`);
        expect(await page.locator('main').textContent()).toContain('A caution in 2015');
        await page.getByRole('link', { name: 'Change disqualified from private fostering' }).click();
        expect(where(page)).toBe('/convictions/disqualified?change=check#disqualified');
        await page.getByRole('button', { name: 'Continue' }).click();
        await heading(page, 'Check your answers before sending your notification');
      } finally {
        await context.close();
      }
    });

    it(`reveals the follow-up questions as GOV.UK Frontend does, JavaScript ${mode}`, {
      timeout: 60_000,
    }, async () => {
      const context = await newContext({ javaScriptEnabled });
      const page = await context.newPage();
      try {
        // With JavaScript, a follow-up shows once its answer is chosen; without, it always shows,
        // under its answer (govuk-frontend's own fallback).
        await page.goto(`${stack.baseUrl}/where-the-child-lives`);
        const address = page.getByRole('group', { name: 'The child’s address' });
        expect(await address.isVisible()).toBe(!javaScriptEnabled);
        await page.getByLabel('Somewhere else').check();
        expect(await address.isVisible()).toBe(true);
        if (javaScriptEnabled) {
          expect(await page.getByLabel('Somewhere else').getAttribute('aria-expanded')).toBe('true');
        }
        await checkAccessibility(page, 'child-address-revealed', mode);
        await address.getByLabel('Address line 1').fill('4 Elm Road');
        await address.getByLabel('Town or city').fill('Anytown');
        await address.getByLabel('Postcode').fill('an1 3cd');
        await page.getByRole('button', { name: 'Continue' }).click();
        await page.waitForURL(/\/the-carer$/);

        await page.goto(`${stack.baseUrl}/received-from`);
        const details = page.getByRole('group', { name: 'Their details (optional)' });
        expect(await details.isVisible()).toBe(!javaScriptEnabled);
        await page.getByLabel('Someone else').check();
        expect(await details.isVisible()).toBe(true);
        await checkAccessibility(page, 'received-from-revealed', mode);
        await details.getByLabel('Full name').fill('Dele Agent');
        await page.getByRole('button', { name: 'Continue' }).click();
        await page.waitForURL(/\/brothers-and-sisters$/);

        await page.goto(`${stack.baseUrl}/check-answers`);
        const main = (await page.locator('main').textContent()) ?? '';
        expect(main).toContain('4 Elm Road');
        expect(main).toContain('AN1 3CD');
        expect(main).toContain('Dele Agent');
      } finally {
        await context.close();
      }
    });

    it(`carries no #fragment onto later pages after Add another, Remove or the skip link; focus follows, JavaScript ${mode}`, {
      timeout: 60_000,
    }, async () => {
      const context = await newContext({ javaScriptEnabled });
      const page = await context.newPage();
      try {
        await page.goto(`${stack.baseUrl}/household`);
        await page.locator('#items-0-name').fill('Sam Carer');
        await page.getByRole('button', { name: 'Add another person' }).click();
        await page.waitForURL(/\/household#item-1$/);
        expect(await isFocused(page.locator('#item-1'))).toBe(true);
        await page.locator('#items-1-name').fill('Jo Carer');
        await page.getByRole('button', { name: 'Remove person 1' }).click();
        await page.waitForURL(/\/household\?removed=1#list-status$/);
        const status = page.getByRole('status');
        expect((await status.textContent())?.trim()).toBe('Person 1 removed.');
        expect(await isFocused(status)).toBe(true);
        expect(await page.locator('#items-0-name').inputValue()).toBe('Jo Carer');
        await checkAccessibility(page, 'household-removed', mode);
        await page.getByRole('button', { name: 'Continue', exact: true }).click();
        await page.waitForURL(/\/parents/);
        expect(where(page)).toBe('/parents');

        // The skip link puts #main-content in the address bar; Continue must not carry it on.
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
        await page.waitForURL(/#main-content$/);
        await page.getByRole('button', { name: 'Continue', exact: true }).click();
        await page.waitForURL(/\/received-from/);
        expect(where(page)).toBe('/received-from');
      } finally {
        await context.close();
      }
    });
  }

  it('passes axe on the information pages and error pages', async () => {
    const context = await newContext();
    const page = await context.newPage();
    try {
      for (const [path, name] of [
        ['/privacy', 'privacy'],
        ['/accessibility', 'accessibility'],
        ['/cookies', 'cookies'],
        ['/no-such-page', 'not-found'],
      ] as const) {
        await page.goto(`${stack.baseUrl}${path}`);
        await checkAccessibility(page, name, 'js');
      }
    } finally {
      await context.close();
    }
  });
});
