import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nunjucks from 'nunjucks';
import { afterAll, describe, expect, it } from 'vitest';
import { notifyViewDirectory } from '../../functions/notify/app.ts';
import { SCREENS } from '../../functions/notify/journey.ts';
import { type PageContext, screenKeys } from '../../functions/notify/page.ts';
import { precompileTemplates, writePrecompiledTemplates } from '../../infra/build/templates.mjs';
import { govukFrontendDirectory, sharedViewDirectory } from '../../shared/web/paths.ts';
import { VIEW_ENVIRONMENT_OPTIONS } from '../../shared/web/view-options.mjs';
import { createViewRenderer, type ViewRenderer } from '../../shared/web/views.ts';

/*
 * A bundle renders from templates precompiled at build time (infra/build/templates.mjs); tests and
 * `npm start` render from the .njk files. The two must give the same HTML for every template the
 * folders hold (whatever has been added since this was written) and the same errors.
 */

const staffViewDirectory = join(import.meta.dirname, '../../functions/staff/views');
const out = mkdtempSync(join(tmpdir(), 'pf-precompiled-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const globals = {
  councilName: 'Anytown Council',
  serviceName: 'Tell us',
  serviceUrl: '/',
  councilContact: { phone: '0100 000 0000', phoneHref: 'tel:01000000000', outOfHoursPhone: '0100 000 0001' },
  footerLinks: [{ href: '/privacy', text: 'Privacy' }],
};

/** The renderer from the folders and the renderer from a set precompiled from the same folders. */
function pair(name: string, own: string): { source: ViewRenderer; precompiled: ViewRenderer } {
  const file = join(out, `${name}.json`);
  writePrecompiledTemplates(file, [own, sharedViewDirectory(), govukFrontendDirectory()]);
  return {
    source: createViewRenderer({ viewDirectories: [own], globals, precompiled: false }),
    precompiled: createViewRenderer({ viewDirectories: [own], globals, precompiled: file }),
  };
}

/** HTML, or the error's message: the two renderers must agree on either. */
function outcome(views: ViewRenderer, template: string, context: Record<string, unknown>): string {
  try {
    return views.render(template, context);
  } catch (error) {
    return `error: ${(error as Error).message.replace(/\(.*?\)/g, '')}`;
  }
}

const errors = {
  list: [{ text: 'Enter a name', href: '#name' }],
  byId: { name: { text: 'Enter a name' } },
};
/** A context most templates can show something of: titles, a form with an error, a summary. */
const generic = {
  pageTitle: 'A page',
  cspNonce: 'nonce',
  csrfToken: 'token',
  backLink: '/back',
  reference: 'ABCD2345',
  form: { values: { name: '<b>Ann</b>', email: 'a@example.org' }, errors },
  sections: [
    { title: 'The child', rows: [{ key: 'Name', lines: ['<i>Ann</i>'], href: '/child', label: 'name' }] },
  ],
  status: 404,
  title: 'Page not found',
  body: 'Check the address.',
  link: { href: '/', text: 'Go to the start' },
  itemCount: 2,
  days: 7,
  copyMinutes: 60,
  continuePath: '/next',
  startPath: '/start',
  gaps: ['The child’s date of birth'],
  unfinished: [{ title: 'The carer', href: '/carer?change=check' }],
};

const templatesIn = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.njk'));

describe('precompiled templates render as the .njk files do', () => {
  const notify = pair('notify', notifyViewDirectory());
  const staff = pair('staff', staffViewDirectory);

  it('every question page of the journey, blank and with errors and hostile input', () => {
    const ctx: PageContext = {
      now: new Date('2026-06-15T10:00:00Z'),
      today: '2026-06-15',
      councilName: 'Anytown Council',
      answers: {},
    };
    // Each screen of the journey (one question each, journey.ts), as the app renders it.
    for (const screen of SCREENS) {
      const { page } = screen;
      for (const form of [
        { values: {}, errors: { list: [], byId: {} } },
        { values: { name: '"><script>alert(1)</script>', 'items-0-name': 'x' }, errors },
      ]) {
        const context = {
          page: { path: screen.path, list: page.list },
          keys: screenKeys(screen, ctx),
          pageTitle: screen.title,
          csrfToken: 't',
          cspNonce: 'n',
          itemCount: 2,
          form,
        };
        const html = outcome(notify.source, screen.template, { ...context, ...page.viewData(ctx) });
        expect(html, screen.id).toMatch(/^<!DOCTYPE html>/);
        expect(
          outcome(notify.precompiled, screen.template, { ...context, ...page.viewData(ctx) }),
          screen.id,
        ).toBe(html);
      }
    }
  });

  it('every template of notify, staff and the shared layout, with the same output or the same error', () => {
    let pages = 0;
    for (const [views, dir] of [
      [notify, notifyViewDirectory()],
      [staff, staffViewDirectory],
      [notify, sharedViewDirectory()],
    ] as const) {
      for (const template of templatesIn(dir)) {
        const html = outcome(views.source, template, generic);
        if (html.startsWith('<!DOCTYPE html>')) pages++;
        expect(outcome(views.precompiled, template, generic), template).toBe(html);
      }
    }
    // Not a comparison of two identical failures: most of them render a whole page.
    expect(pages).toBeGreaterThan(20);
  });

  it('a function’s own template shadows a shared one of the same name, as with the folders', () => {
    const own = join(out, 'own-views');
    mkdirSync(own);
    writeFileSync(join(own, 'layout.njk'), 'own layout {{ pageTitle }}');
    writeFileSync(join(own, 'page.njk'), '{% include "layout.njk" %} / {% include "error.njk" %}');
    const views = pair('own', own);
    const html = outcome(views.source, 'page.njk', generic);
    // The shared error page extends "layout.njk": the function's own, as with the folders.
    expect(html).toBe('own layout A page / own layout Page not found');
    expect(outcome(views.precompiled, 'page.njk', generic)).toBe(html);
    expect(() => views.precompiled.render('no-such-template.njk', {})).toThrow(/template not found/);
  });

  it('the file is the whole set as JSON, and its index points at each template’s code', () => {
    const roots = [staffViewDirectory, sharedViewDirectory(), govukFrontendDirectory()];
    const file = join(out, 'indexed.json');
    writePrecompiledTemplates(file, roots);
    const bytes = readFileSync(file);
    const whole = JSON.parse(bytes.toString('utf8'));
    // The same templates as precompileTemplates gives (their code differs only in the compiler's
    // generated names, numbered across compilations).
    expect(Object.keys(whole.templates).sort()).toEqual(
      Object.keys(precompileTemplates(roots).templates).sort(),
    );
    const body = bytes.indexOf(0x0a) + 1;
    for (const [path, [start, end]] of Object.entries(whole.index as Record<string, [number, number]>)) {
      expect(JSON.parse(bytes.toString('utf8', body + start, body + end)), path).toBe(whole.templates[path]);
    }
    expect(Object.keys(whole.index).sort()).toEqual(Object.keys(whole.templates).sort());
  });

  it('carries each template’s code minified: a cold start parses well under what Nunjucks writes', () => {
    const { templates } = precompileTemplates([
      notifyViewDirectory(),
      sharedViewDirectory(),
      govukFrontendDirectory(),
    ]);
    const layout = templates['/1/layout.njk'] as string;
    // Nunjucks' compiler, which its type definitions leave out (infra/build/templates.mjs uses it).
    const { compiler } = nunjucks as unknown as {
      compiler: { compile(src: string, a: [], e: [], name: string, opts: object): string };
    };
    const longHand = compiler.compile(
      readFileSync(join(sharedViewDirectory(), 'layout.njk'), 'utf8'),
      [],
      [],
      '/1/layout.njk',
      { ...VIEW_ENVIRONMENT_OPTIONS },
    );
    expect(layout.length).toBeLessThan(longHand.length * 0.7);
    // Still the function body Nunjucks' loader expects: it returns the root and the blocks.
    const props = new Function(layout)() as Record<string, unknown>;
    expect(typeof props.root).toBe('function');
    expect(Object.keys(props).filter((k) => k.startsWith('b_')).length).toBeGreaterThan(0);
  });
});
