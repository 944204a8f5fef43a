import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalRoute } from '../../infra/local/cloud-template.ts';
import { createHttpGateway, withLambdaTimeout } from '../../infra/local/http-adapter.ts';

const ROUTES: LocalRoute[] = [
  { method: 'ANY', path: '$default', routeKey: '$default', functionId: 'notify' },
];

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** The local API Gateway on a free port, with a readiness switch the test flips. */
async function gateway() {
  let ready = false;
  const invoked: string[] = [];
  const server = createHttpGateway(
    ROUTES,
    async (id, event) => {
      invoked.push(`${id} ${event.rawPath}`);
      return { statusCode: 200, headers: { 'content-type': 'text/html' }, body: '<p>the start page</p>' };
    },
    { ready: () => ready },
  );
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  close = () => new Promise((ok) => server.close(() => ok()));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { baseUrl, invoked, setReady: () => (ready = true) };
}

describe('the local HTTP gateway while `npm start` is starting', () => {
  it('answers every path with a "starting" page (503, Retry-After), never a JSON internal error', async () => {
    const { baseUrl, invoked } = await gateway();
    for (const path of ['/', '/staff', '/assets/council.css']) {
      const res = await fetch(`${baseUrl}${path}`);
      expect(res.status, path).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const html = await res.text();
      expect(html).toContain('<h1>The service is starting</h1>');
      expect(html).toContain('<html lang="en">');
      expect(html).not.toContain('Internal Server Error');
    }
    expect(invoked).toEqual([]);
  });

  it('loads nothing and allows only its own inline style', async () => {
    const { baseUrl } = await gateway();
    const res = await fetch(`${baseUrl}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const html = await res.text();
    // No stylesheet, script, image or icon to ask for: the functions that serve them are not loaded.
    expect(html).not.toMatch(/<link|<script|<img|src=|url\(/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
  });

  it('hands requests to the functions once they are ready', async () => {
    const { baseUrl, invoked, setReady } = await gateway();
    setReady();
    const res = await fetch(`${baseUrl}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('<p>the start page</p>');
    expect(invoked).toEqual(['notify /']);
  });
});

describe('withLambdaTimeout', () => {
  it('fails an invocation that outlives its time limit, as Lambda does, and passes others through', async () => {
    const never = new Promise<string>(() => undefined);
    await expect(withLambdaTimeout(never, 0.05, 'RouteFunction')).rejects.toThrow(
      'RouteFunction: Task timed out after 0.05 seconds',
    );
    await expect(withLambdaTimeout(Promise.resolve('done'), 0.05, 'RouteFunction')).resolves.toBe('done');
    await expect(withLambdaTimeout(Promise.reject(new Error('boom')), 5, 'RouteFunction')).rejects.toThrow(
      'boom',
    );
  });
});
