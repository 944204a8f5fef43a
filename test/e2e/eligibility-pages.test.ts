import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyViewDirectory } from '../../functions/notify/app.ts';
import { assessEligibility, type EligibilityAnswers } from '../../functions/notify/eligibility.ts';
import { SCREENS } from '../../functions/notify/journey.ts';
import { errorsFor, type PageContext, type Screen, screenKeys } from '../../functions/notify/page.ts';
import { eligibilityPage } from '../../functions/notify/pages/eligibility.ts';
import { serveAsset } from '../../shared/web/assets.ts';
import { createViewRenderer } from '../../shared/web/views.ts';
import { axeViolations } from '../support/axe.ts';
import { launchChromium } from '../support/browser.ts';

/**
 * "Is this private fostering?" and its result in Debian's Chromium with the real stylesheet: axe
 * (every rule) finds nothing on the question page, its error state, or any of the three results.
 * The pages are rendered as the notify app renders them; the browser fetches the assets from
 * serveAsset, so no stack is needed.
 */
const ORIGIN = 'http://notify.test';
const views = createViewRenderer({
  viewDirectories: [notifyViewDirectory()],
  globals: {
    councilName: 'Anytown Council',
    serviceName: 'Tell us about a private fostering arrangement',
    serviceUrl: '/',
    footerLinks: [],
  },
});
const ctx: PageContext = {
  now: new Date('2026-06-15T10:00:00Z'),
  today: '2026-06-15',
  councilName: 'Anytown Council',
  answers: {},
};

/** The screens that ask "Is this private fostering?", one question each (journey.ts). */
const SCREENS_ASKING = SCREENS.filter((s) => s.page === eligibilityPage);

function questionPage(input: Record<string, string>, screen: Screen = SCREENS_ASKING[0] as Screen): string {
  const keys = screenKeys(screen, ctx);
  const parsed = eligibilityPage.parse(input, ctx);
  const errors = parsed.ok ? { list: [], byId: {} } : errorsFor(parsed.errors, keys);
  return views.render(screen.template, {
    page: { path: screen.path },
    keys,
    pageTitle: errors.list.length ? `Error: ${screen.title}` : screen.title,
    csrfToken: 'token',
    form: { values: input, errors },
    cspNonce: 'n',
    ...eligibilityPage.viewData(ctx),
  });
}

function resultPage(answers: EligibilityAnswers): string {
  return views.render('eligibility-result.njk', {
    pageTitle: 'Is this private fostering?',
    backLink: eligibilityPage.path,
    result: assessEligibility(answers),
    continuePath: '/about-you',
    change: false,
    cspNonce: 'n',
  });
}

let browser: Browser;
let page: Page;
let html = '';

beforeAll(async () => {
  browser = await launchChromium();
  // axe-core/playwright needs a page from a context of its own.
  page = await (await browser.newContext()).newPage();
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.startsWith('/assets/')) {
      const res = serveAsset({
        method: 'GET',
        path: url.pathname,
        query: {},
        headers: {},
        cookies: {},
        body: undefined,
      } as never);
      await route.fulfill({
        status: res.status,
        headers: res.headers as Record<string, string>,
        body: res.body as Buffer | string,
      });
      return;
    }
    await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function show(body: string): Promise<void> {
  html = body;
  await page.goto(`${ORIGIN}/is-this-private-fostering`);
}

const LIKELY: EligibilityAnswers = {
  childAge: 'under-16',
  disabled: 'no',
  carer: 'someone-else',
  setting: 'boarding-school-holidays',
  duration: '28-days-or-more',
};

describe('the eligibility pages in a browser, checked by axe', () => {
  it('the questions, with the exclusions opened', async () => {
    await show(
      views.render(eligibilityPage.template, {
        page: { path: eligibilityPage.path },
        keys: ['childAge'],
        pageTitle: eligibilityPage.title,
        csrfToken: 'token',
        form: { values: {}, errors: { list: [], byId: {} } },
        cspNonce: 'n',
        ...eligibilityPage.viewData(ctx),
      }),
    );
    // The GOV.UK stylesheet applied (axe judges contrast and target size on the styled page).
    expect(
      await page.locator('h1').evaluate((h) => h.ownerDocument.defaultView?.getComputedStyle(h).fontWeight),
    ).toBe('700');
    expect(await page.getByText('for more than 2 weeks of a school holiday').isVisible()).toBe(false);
    await page.getByText('When it is not private fostering').click();
    await expect(page.getByText('for more than 2 weeks of a school holiday').isVisible()).resolves.toBe(true);
    expect(await page.getByRole('group', { name: 'How old is the child?' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    // The other questions, one a screen, each its own heading.
    for (const screen of SCREENS_ASKING.slice(1)) {
      await show(questionPage({ ...LIKELY }, screen));
      expect(await page.getByRole('group', { name: screen.title }).count(), screen.path).toBe(1);
      expect(await page.locator('h1').count(), screen.path).toBe(1);
      expect(await axeViolations(page), screen.path).toEqual([]);
    }
  });

  it('the questions with every error', async () => {
    for (const screen of SCREENS_ASKING) {
      await show(questionPage({}, screen));
      expect(await page.title(), screen.path).toMatch(/^Error: /);
      expect(await page.locator('.govuk-error-summary__list li').count(), screen.path).toBe(1);
      expect(await axeViolations(page), screen.path).toEqual([]);
    }
    await show(questionPage({}, SCREENS_ASKING[3]));
    expect(await page.locator('.govuk-error-summary').textContent()).toContain(
      'Select where the child is living',
    );
  });

  for (const [name, answers] of [
    ['likely (boarding school holidays)', LIKELY],
    ['unlikely (a step-parent)', { ...LIKELY, carer: 'relative', setting: 'carers-home' }],
    ['unsure (boarding school holidays, under 28 days)', { ...LIKELY, duration: 'less-than-28-days' }],
  ] as const) {
    it(`the result: ${name}`, async () => {
      await show(resultPage(answers));
      expect(await axeViolations(page)).toEqual([]);
      if (name.startsWith('unsure')) {
        expect(await page.locator('main').textContent()).toContain('If you are not sure, tell us anyway.');
      }
    });
  }
});
