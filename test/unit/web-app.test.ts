import { describe, expect, it } from 'vitest';
import { serveAsset } from '../../shared/web/assets.ts';
import { HttpError, type WebRequest } from '../../shared/web/http.ts';
import { createViewRenderer } from '../../shared/web/views.ts';
import { createWebApp, type SafeErrorDescription } from '../../shared/web/web-app.ts';

const views = createViewRenderer({
  viewDirectories: [],
  globals: { councilName: 'Anytown Council', serviceName: 'Test service', footerLinks: [] },
});

const get = (path: string, headers: Record<string, string> = {}, method = 'GET'): WebRequest => ({
  method,
  path,
  query: {},
  headers,
  cookies: {},
  body: undefined,
});

const logged: SafeErrorDescription[] = [];
const app = createWebApp({
  views,
  onError: (e) => logged.push(e),
  routes: [
    {
      method: 'GET',
      path: '/page',
      name: 'page',
      handle: ({ render }) => render('error.njk', { title: 'Hello', body: 'x' }),
    },
    {
      method: 'POST',
      path: '/page',
      name: 'page-post',
      handle: () => ({ status: 204, headers: {}, body: '' }),
    },
    {
      method: 'GET',
      path: '/boom',
      name: 'boom',
      handle: () => {
        throw new Error('secret internals at /var/task/app.js:12');
      },
    },
    {
      method: 'GET',
      path: '/busy',
      name: 'busy',
      handle: () => {
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      },
    },
    {
      method: 'GET',
      path: '/forbidden',
      name: 'forbidden',
      handle: () => {
        throw new HttpError(403, 'Sorry, we could not accept that form');
      },
    },
    { method: 'GET', path: '/assets/*', name: 'asset', handle: ({ req }) => serveAsset(req) },
  ],
});

function expectSecurityHeaders(headers: Record<string, string>) {
  const csp = headers['content-security-policy'] ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("form-action 'self'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['strict-transport-security']).toMatch(/max-age=\d{8}/);
  expect(headers['permissions-policy']).toContain('camera=()');
}

describe('the web kernel', () => {
  it('puts the security headers and no-store on a page, with a fresh nonce on every script', async () => {
    const res = await app(get('/page'));
    expect(res.status).toBe(200);
    expectSecurityHeaders(res.headers);
    expect(res.headers['cache-control']).toBe('no-store');
    const nonce = /'nonce-([^']+)'/.exec(res.headers['content-security-policy'] ?? '')?.[1];
    const html = String(res.body);
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const again = await app(get('/page'));
    expect(again.headers['content-security-policy']).not.toBe(res.headers['content-security-policy']);
  });

  it('uses the council header, not the GOV.UK crown, logotype or font files', async () => {
    const html = String((await app(get('/page'))).body);
    expect(html).toContain('govuk-generic-header');
    expect(html).toContain('Anytown Council');
    expect(html).not.toContain('govuk-header__logotype');
    expect(html).not.toContain('govuk-logo');
    expect(html).not.toMatch(/crown copyright/i);
    expect(html).not.toContain('favicon.ico');
    const fonts = await app(get('/assets/fonts/bold-b542beb274-v2.woff2'));
    expect(fonts.status).toBe(404);
  });

  it('answers an unknown path with a GOV.UK 404 page and the headers', async () => {
    const res = await app(get('/nowhere'));
    expect(res.status).toBe(404);
    expectSecurityHeaders(res.headers);
    expect(String(res.body)).toContain('Page not found');
    expect(String(res.body)).toContain('govuk-template');
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const res = await app(get('/page', {}, 'DELETE'));
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, POST, HEAD');
  });

  it('turns HttpErrors into their status and title', async () => {
    const res = await app(get('/forbidden'));
    expect(res.status).toBe(403);
    expect(String(res.body)).toContain('Sorry, we could not accept that form');
  });

  it('never shows an unexpected error, and logs a safe description', async () => {
    const res = await app(get('/boom'));
    expect(res.status).toBe(500);
    expectSecurityHeaders(res.headers);
    const html = String(res.body);
    expect(html).toContain('Sorry, there is a problem with the service');
    expect(html).not.toContain('secret internals');
    expect(html).not.toContain('/var/task');
    expect(logged.at(-1)).toEqual({
      errorName: 'Error',
      errorMessage: 'secret internals at /var/task/app.js:12',
    });
  });

  it('says "unavailable" (503) when AWS is throttling', async () => {
    const res = await app(get('/busy'));
    expect(res.status).toBe(503);
    expect(String(res.body)).toContain('Sorry, the service is unavailable');
  });

  it('answers HEAD like GET without a body', async () => {
    const res = await app(get('/page', {}, 'HEAD'));
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
  });

  it('serves the stylesheet and the govuk-frontend script cached for a year, compressed when asked', async () => {
    const plain = await app(get('/assets/council.css'));
    expect(plain.status).toBe(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-type']).toBe('text/css; charset=utf-8');
    expectSecurityHeaders(plain.headers);
    const gzip = await app(get('/assets/council.css', { 'accept-encoding': 'gzip, deflate' }));
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect((gzip.body as Buffer).length).toBeLessThan((plain.body as Buffer).length / 4);
    const br = await app(get('/assets/govuk-frontend.min.js', { 'accept-encoding': 'gzip, br' }));
    expect(br.headers['content-encoding']).toBe('br');
    const notModified = await app(get('/assets/council.css', { 'if-none-match': plain.headers.etag ?? '' }));
    expect(notModified.status).toBe(304);
  });

  it('serves nothing from node_modules outside the allow-list', async () => {
    for (const path of [
      '/assets/../package.json',
      '/assets/all.mjs',
      '/assets/images/govuk-crest.svg',
      '/assets/',
    ]) {
      expect((await app(get(path))).status).toBe(404);
    }
  });
});

describe('error page wording and branding from the app', () => {
  const boom = {
    method: 'GET' as const,
    path: '/boom',
    name: 'boom',
    handle: () => {
      throw new Error('boom');
    },
  };

  it('is neutral by default: no promise about saved answers', async () => {
    const html = String((await app(get('/boom'))).body);
    expect(html).toContain('Try again later.');
    expect(html).not.toContain('answers');
    expect(html).toContain('<a href="/" class="govuk-link">Go to the start</a>');
  });

  it("takes the app's own wording and link, keeping the default titles", async () => {
    const staffLike = createWebApp({
      views,
      routes: [boom],
      errorPages: { 500: { body: 'Nothing you recorded was lost. Try again later.' } },
      errorPageLink: { href: '/staff', text: 'Go to your cases' },
    });
    const res = await staffLike(get('/boom'));
    const html = String(res.body);
    expect(res.status).toBe(500);
    expect(html).toContain('Sorry, there is a problem with the service');
    expect(html).toContain('Nothing you recorded was lost. Try again later.');
    expect(html).toContain('<a href="/staff" class="govuk-link">Go to your cases</a>');
    const missing = String((await staffLike(get('/nowhere'))).body);
    expect(missing).toContain('Page not found');
    expect(missing).toContain('href="/staff"');
  });

  it('shows the council logo with its name as alt text, and lets the CSP load it from its origin', async () => {
    const branded = createWebApp({
      views: createViewRenderer({
        viewDirectories: [],
        globals: {
          councilName: 'Anytown Council',
          councilLogoUrl: 'https://cdn.anytown.example/logo.svg',
          serviceName: 'Test service',
          footerLinks: [],
        },
      }),
      routes: [boom],
      imageOrigins: ['https://cdn.anytown.example'],
    });
    const res = await branded(get('/boom'));
    expect(String(res.body)).toContain(
      '<img class="app-council-logo" src="https://cdn.anytown.example/logo.svg" alt="Anytown Council">',
    );
    expect(res.headers['content-security-policy']).toContain("img-src 'self' https://cdn.anytown.example;");
    // Without a logo the header is the council's name as text, and images come from this origin only.
    const plain = await app(get('/boom'));
    expect(String(plain.body)).not.toContain('<img');
    expect(plain.headers['content-security-policy']).toContain("img-src 'self';");
  });
});
