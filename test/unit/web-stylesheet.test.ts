import { describe, expect, it } from 'vitest';
import { notifyViewDirectory, SERVICE_NAME } from '../../functions/notify/app.ts';
import { serveAsset } from '../../shared/web/assets.ts';
import type { WebRequest } from '../../shared/web/http.ts';
import { createViewRenderer } from '../../shared/web/views.ts';
import { referencesInCss, referencesInHtml } from '../bench/page-weight.ts';

const get = (path: string): WebRequest => ({
  method: 'GET',
  path,
  headers: {},
  query: {},
  cookies: {},
  body: undefined,
});

/** The stylesheet as the app serves it (built from shared/web/styles by the test setup). */
const css = (serveAsset(get('/assets/council.css')).body as Buffer).toString('utf8');

/** Whether the stylesheet has `text` (a boolean, so a failure does not print 140 KB of CSS). */
const has = (text: string) => css.includes(text);

describe("the council's stylesheet", () => {
  it('uses a system font stack, not GDS Transport, and declares no font files', () => {
    expect(has('GDS Transport')).toBe(false);
    expect(has('@font-face')).toBe(false);
    expect(
      has('font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif'),
    ).toBe(true);
  });

  it('names no file at all, so no rule can send the browser for one that is not served', () => {
    // govuk-frontend's only image is the crest; its fonts are GDS Transport's.
    expect(referencesInCss(css)).toEqual([]);
    expect(has('govuk-crest')).toBe(false);
  });

  it("carries govuk-frontend's styles and the council's own rules", () => {
    expect(has('--govuk-frontend-version: "6.6.0"')).toBe(true);
    expect(has('.govuk-button{')).toBe(true);
    expect(has('.app-council-logo{')).toBe(true);
  });
});

describe('the layout', () => {
  const views = createViewRenderer({
    viewDirectories: [notifyViewDirectory()],
    globals: { councilName: 'Anytown Council', serviceName: SERVICE_NAME, footerLinks: [] },
  });
  const render = (pageTitle: string) =>
    views.render('start.njk', { pageTitle, cspNonce: 'n', councilContact: {}, csrfToken: 't' });

  it('names the service once in the title of a page named after it (the start page)', () => {
    const html = render(SERVICE_NAME);
    expect(/<title>([^<]*)<\/title>/.exec(html)?.[1]).toBe(
      'Tell us about a private fostering arrangement – Anytown Council',
    );
  });

  it("puts any other page's own name first", () => {
    expect(/<title>([^<]*)<\/title>/.exec(render('Privacy notice'))?.[1]).toBe(
      'Privacy notice – Tell us about a private fostering arrangement – Anytown Council',
    );
  });

  it('shows no GOV.UK crown or logotype and links only to what the app serves', () => {
    const html = render(SERVICE_NAME);
    expect(html).not.toMatch(/govuk-header__logotype|govuk-logo|crown|crest/i);
    expect(html).toContain('Anytown Council');
    const assets = referencesInHtml(html).map((r) => new URL(r, 'http://x').pathname);
    expect(assets.sort()).toEqual([
      '/assets/council-icon.svg',
      '/assets/council.css',
      '/assets/govuk-frontend.min.js',
    ]);
    for (const path of assets) expect(serveAsset(get(path)).status, path).toBe(200);
  });
});
