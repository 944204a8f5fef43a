import { describe, expect, it } from 'vitest';
import { notifyViewDirectory } from '../../functions/notify/app.ts';
import { JOURNEY, SCREENS, screenFor } from '../../functions/notify/journey.ts';
import { errorsFor, type PageContext, type Screen, screenKeys } from '../../functions/notify/page.ts';
import { createViewRenderer } from '../../shared/web/views.ts';

const views = createViewRenderer({
  viewDirectories: [notifyViewDirectory()],
  globals: { councilName: 'Anytown Council', serviceName: 'Tell us', footerLinks: [] },
});
const ctx: PageContext = {
  now: new Date('2026-06-15T10:00:00Z'),
  today: '2026-06-15',
  councilName: 'Anytown Council',
  answers: {},
};
const HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>';

/** Inputs that break every rule a page has: too long everywhere, bad formats. */
const badInput = {
  role: 'nope',
  name: 'x'.repeat(300),
  email: 'nope',
  phone: 'nope',
  workAddress: { postcode: 'nope' },
  dateOfBirth: { day: '31', month: '2', year: '2015' },
  disabled: 'nope',
  livesAt: 'elsewhere',
  address: { postcode: 'not a postcode at all' },
  startDate: { day: '1', month: '13', year: '2026' },
  items: [{ name: 'x'.repeat(300), address: { postcode: 'x'.repeat(20) } }],
};

describe('question page templates', () => {
  for (const screen of SCREENS) {
    const { page } = screen;
    it(`${screen.id}: every error links to a field on the page, answers escaped, "Error:" in the title`, () => {
      const result = page.parse(badInput, ctx);
      const keys = screenKeys(screen, ctx);
      const errors = result.ok ? { list: [], byId: {} } : errorsFor(result.errors, keys);
      const values: Record<string, string> = {};
      for (const key of [
        'name',
        'organisation',
        'email',
        'items-0-name',
        'address-line1',
        'purpose',
        'jobTitle',
      ]) {
        values[key] = HOSTILE;
      }
      const html = views.render(screen.template, {
        page: { path: screen.path, list: page.list },
        keys,
        pageTitle: screen.title,
        csrfToken: 'token',
        form: { values, errors },
        itemCount: 1,
        cspNonce: 'n',
        ...page.viewData(ctx),
      });
      expect(html).not.toContain('<script>alert(1)');
      expect(html).not.toContain('<img src=x');
      if (errors.list.length) {
        expect(html).toMatch(/<title>Error: /);
        for (const error of errors.list) expect(html).toContain(`id="${error.href.slice(1)}"`);
      }
      expect(html).toContain('name="csrfToken" value="token"');
      expect(html).toMatch(new RegExp(`<form method="post" action="${screen.path}" novalidate>`));
    });
  }
});

/** The rendered screens of a page (one question each, journey.ts), with nothing answered. */
function blankPage(id: string): string {
  const screens = SCREENS.filter((s) => s.page.id === id);
  if (!screens.length) throw new Error(`no page ${id}`);
  return screens.map(blankScreen).join('\n');
}

function blankScreen(screen: Screen): string {
  return views.render(screen.template, {
    page: { path: screen.path, list: screen.page.list },
    keys: screenKeys(screen, ctx),
    pageTitle: screen.title,
    csrfToken: 'token',
    form: { values: {}, errors: { list: [], byId: {} } },
    itemCount: 1,
    cspNonce: 'n',
    ...screen.page.viewData(ctx),
  });
}

/** The text of the label or legend for a field id. */
const labelOf = (html: string, id: string) =>
  new RegExp(`<label[^>]*for="${id}"[^>]*>([\\s\\S]*?)</label>`).exec(html)?.[1]?.replace(/\s+/g, ' ').trim();

describe('optional answers are marked "(optional)"', () => {
  it('the child: name, background and school may be left blank, and say so', () => {
    expect(labelOf(blankPage('child'), 'name')).toBe('What is the child’s full name? (optional)');
    const background = blankPage('child-background');
    for (const id of ['placeOfBirth', 'religion', 'ethnicity', 'languageAndCulture', 'school']) {
      expect(labelOf(background, id), id).toMatch(/\(optional\)$/);
    }
  });

  it('the carer: name and address may be left blank, and say so; the address lines do not repeat it', () => {
    const carer = blankPage('carer');
    expect(labelOf(carer, 'name')).toBe('Full name or names (optional)');
    expect(carer).toMatch(/<legend[^>]*>\s*Address \(optional\)\s*<\/legend>/);
    expect(labelOf(carer, 'address-line1')).toBe('Address line 1');
    expect(labelOf(carer, 'address-line2')).toBe('Address line 2');
  });

  it('people in the lists: every answer may be left blank, and says so', () => {
    for (const id of ['household', 'parents', 'siblings', 'others-involved']) {
      const html = blankPage(id);
      const labels = [...html.matchAll(/<label[^>]*for="(items-0-[^"]+)"[^>]*>([\s\S]*?)<\/label>/g)].map(
        ([, field, text]) => [field, text?.replace(/\s+/g, ' ').trim()] as const,
      );
      expect(labels.length, id).toBeGreaterThan(0);
      for (const [field, text] of labels) {
        // An address's lines sit under one "Address (optional)" legend.
        if (field?.includes('-address-')) expect(text, `${id} ${field}`).not.toMatch(/\(optional\)/);
        else expect(text, `${id} ${field}`).toMatch(/\(optional\)$/);
      }
      if (id !== 'household') expect(html, id).toMatch(/<legend[^>]*>\s*Address \(optional\)\s*<\/legend>/);
    }
  });

  it('the approximate age asks for a number', () => {
    const child = blankPage('child');
    expect(labelOf(child, 'approximateAge')).toBe('Approximate age (optional)');
    expect(child).toMatch(/id="approximateAge"[^>]*inputmode="numeric"/);
  });
});

/** `id → autocomplete` for every input and textarea on the page. */
const autocompleteOf = (html: string) =>
  Object.fromEntries(
    [...html.matchAll(/<(?:input|textarea)\b[^>]*>/g)].flatMap(([tag]) => {
      const id = /\bid="([^"]+)"/.exec(tag)?.[1];
      const ac = /\bautocomplete="([^"]+)"/.exec(tag)?.[1];
      return id && ac ? [[id, ac]] : [];
    }),
  );

describe('autocomplete (WCAG 1.3.5)', () => {
  it("is on the notifier's own name, organisation, email, phone and address", () => {
    expect(autocompleteOf(blankPage('about-you'))).toEqual({
      organisation: 'organization',
      name: 'name',
      jobTitle: 'organization-title',
    });
    expect(autocompleteOf(blankPage('contact-details'))).toEqual({
      email: 'email',
      phone: 'tel',
      'workAddress-line1': 'address-line1',
      'workAddress-line2': 'address-line2',
      'workAddress-town': 'address-level2',
      'workAddress-postcode': 'postal-code',
    });
  });

  it("is on no one else's details: the browser must not fill the child's or the carer's with the notifier's", () => {
    for (const page of JOURNEY.filter((p) => !['about-you', 'contact-details'].includes(p.id))) {
      expect(autocompleteOf(blankPage(page.id)), page.id).toEqual({});
    }
  });
});

describe('date examples', () => {
  it("give a birthday a child could have: about 10 years before today's date", () => {
    // ctx.today is 15 June 2026.
    expect(blankPage('child')).toContain('For example, 27 3 2016.');
    expect(blankPage('child')).not.toContain('27 3 2026');
    expect(blankPage('arrangement')).toContain('For example, 27 3 2026.');
  });
});

describe('"Change" links on "Check your answers"', () => {
  it('name a field that is on the screen they open, so the link lands on it', () => {
    for (const page of JOURNEY) {
      for (const row of page.summary(undefined, ctx)) {
        const html = blankScreen(screenFor(page, row.field));
        expect(row.field, `${page.id}: ${row.key}`).toBeDefined();
        expect(html, `${page.id}: ${row.key}`).toContain(`id="${row.field}"`);
      }
    }
  });
});
