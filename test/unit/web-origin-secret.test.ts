import { describe, expect, it } from 'vitest';
import { parseNotifyConfig } from '../../functions/notify/config.ts';
import type { WebRequest } from '../../shared/web/http.ts';
import { createOriginCheck, ORIGIN_SECRET_HEADER } from '../../shared/web/origin-secret.ts';
import { createViewRenderer } from '../../shared/web/views.ts';
import { createWebApp, type ResponseLog } from '../../shared/web/web-app.ts';

/*
 * Issue 13: behind CloudFront, a request that went around it (straight to the execute-api
 * address, with a forged CloudFront-Viewer-Address) is refused with a plain 403 page.
 */

const views = createViewRenderer({
  viewDirectories: [],
  globals: { councilName: 'Anytown Council', serviceName: 'Test service', footerLinks: [] },
});
const SECRET = 'k8s2J4d9Qw7Zp1Lm6Nb3Vc5Xr0Ty2Uh4Gf8Ds1Ae3Wq6Er9Ti';
const request = (headers: Record<string, string>): WebRequest => ({
  method: 'GET',
  path: '/page',
  query: {},
  headers,
  cookies: {},
  body: undefined,
});

function appWithCheck() {
  const seen: WebRequest[] = [];
  const logs: ResponseLog[] = [];
  let reads = 0;
  const app = createWebApp({
    views,
    onResponse: (log) => logs.push(log),
    originCheck: createOriginCheck(async () => {
      reads += 1;
      return SECRET;
    }),
    routes: [
      {
        method: 'GET',
        path: '/page',
        name: 'page',
        handle: ({ req }) => {
          seen.push(req);
          return { status: 200, headers: {}, body: 'the page' };
        },
      },
    ],
  });
  return { app, seen, logs, reads: () => reads };
}

describe('the origin header check', () => {
  it('lets through a request carrying the secret, and takes the header off before any route sees it', async () => {
    const { app, seen } = appWithCheck();
    const res = await app(
      request({ [ORIGIN_SECRET_HEADER]: SECRET, 'cloudfront-viewer-address': '192.0.2.1:443' }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toBe('the page');
    expect(seen[0]?.headers[ORIGIN_SECRET_HEADER]).toBeUndefined();
    expect(seen[0]?.headers['cloudfront-viewer-address']).toBe('192.0.2.1:443');
  });

  it.each([
    ['no header', {}],
    ['a wrong value', { [ORIGIN_SECRET_HEADER]: 'guess' }],
    ['the value with one character changed', { [ORIGIN_SECRET_HEADER]: `${SECRET.slice(0, -1)}X` }],
    ['an empty value', { [ORIGIN_SECRET_HEADER]: '' }],
  ])('refuses %s with a plain 403 GOV.UK page that reaches no route', async (_label, headers) => {
    const { app, seen, logs } = appWithCheck();
    const res = await app(request({ ...headers, 'cloudfront-viewer-address': '203.0.113.9:443' }));
    expect(res.status).toBe(403);
    const body = String(res.body);
    expect(body).toContain('govuk-template');
    expect(body).toContain('Sorry, you cannot use this service at this address');
    expect(body).not.toContain(SECRET);
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(seen).toEqual([]);
    expect(logs).toEqual([{ route: 'origin-refused', method: 'GET', status: 403, facts: {} }]);
  });

  it('does not read the secret for a request without the header', async () => {
    const { app, reads } = appWithCheck();
    await app(request({}));
    expect(reads()).toBe(0);
  });

  it('is not there without configuration (local mode): every request reaches its route', async () => {
    const app = createWebApp({
      views,
      routes: [
        {
          method: 'GET',
          path: '/page',
          name: 'page',
          handle: () => ({ status: 200, headers: {}, body: 'ok' }),
        },
      ],
    });
    expect((await app(request({}))).status).toBe(200);
  });
});

describe("notify's configuration", () => {
  const base = {
    TABLE_NAME: 't',
    NOTIFICATION_QUEUE_URL: 'http://127.0.0.1:1/q',
    SENDER_ADDRESS: 'noreply@testshire.example',
    COUNCIL_NAME: 'Testshire',
    COUNCIL_CONTACT_PHONE: '01632 960000',
    COUNCIL_OUT_OF_HOURS_PHONE: '01632 960001',
    PUBLIC_BASE_URL: 'https://notify.testshire.example',
  };
  it('refuses to trust the client-address header unless requests around CloudFront are refused', () => {
    expect(() => parseNotifyConfig({ ...base, CLIENT_ADDRESS_HEADER: 'cloudfront-viewer-address' })).toThrow(
      /CLIENT_ADDRESS_HEADER needs ORIGIN_SECRET_ARN/,
    );
    const arn = 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:EdgeOriginSecret-abc';
    const config = parseNotifyConfig({
      ...base,
      CLIENT_ADDRESS_HEADER: 'cloudfront-viewer-address',
      ORIGIN_SECRET_ARN: arn,
    });
    expect(config.originSecretArn).toBe(arn);
    expect(parseNotifyConfig(base).originSecretArn).toBeUndefined();
  });
});
