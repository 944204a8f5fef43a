import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { expect } from 'vitest';
import { lambdaContext } from '../../infra/local/http-adapter.ts';
import type { LocalOidcProvider } from '../../infra/local/oidc-provider.ts';

/**
 * A member of staff as the tests drive them: signed in through the local OIDC provider (openid-client
 * on one side, oidc-provider on the other), holding the session cookie, reading pages and posting
 * forms with the page's own CSRF token, as a browser without JavaScript would. Two ways in:
 *
 * - `staffClient`: the staff function's handler called with API Gateway v2 events, in this
 *   process (the app's clock can then be fixed by the test);
 * - `httpSession` and `signInOverHttp`: real HTTP requests to the local runtime (`startLocalStack`).
 */

/** The origin the handler-driven tests pretend the staff pages are served from. */
export const STAFF_ORIGIN = 'http://127.0.0.1:3999';
/** STAFF_BASE_URL for the handler-driven tests (the OIDC redirect URIs are made from it). */
export const STAFF_BASE = `${STAFF_ORIGIN}/staff`;

export type StaffHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** The staff function's answer, decoded: lower-case header names, the body as text. */
export interface StaffResponse {
  status: number;
  headers: Record<string, string>;
  cookies: string[];
  body: string;
}

export type FormFields = Record<string, string | string[]>;

export interface CallOptions {
  /** `name=value` pairs, as a browser sends them. */
  cookies?: string[];
  /** Sent urlencoded; a field given a list is repeated (checkboxes). */
  form?: FormFields;
  /** Sent as multipart/form-data (a file input), base64 as API Gateway passes a non-text body. */
  multipart?: FormData;
}

/** The CSRF token of the (first) form in a page. */
export const csrfOf = (html: string) => /name="csrfToken" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** The `name=value` of a Set-Cookie header. */
export const cookiePair = (setCookie: string) => setCookie.split(';')[0] as string;

const urlencode = (form: FormFields) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) params.append(k, one);
  return params.toString();
};

/**
 * A client of the staff function's handler. `handler` and `oidc` are read at each call, so the
 * client can be made at module level and its functions destructured, before `beforeAll` has
 * started the provider and built the handler.
 */
export function staffClient(app: { handler: () => StaffHandler; oidc: () => LocalOidcProvider }) {
  async function call(
    method: string,
    pathAndQuery: string,
    options: CallOptions = {},
  ): Promise<StaffResponse> {
    const url = new URL(pathAndQuery, STAFF_ORIGIN);
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    let contentType = 'application/x-www-form-urlencoded';
    let isBase64Encoded = false;
    let body = options.form ? urlencode(options.form) : undefined;
    if (options.multipart) {
      // As a browser encodes the form, and as API Gateway passes a non-text body: base64.
      const request = new Request(`${STAFF_ORIGIN}/`, { method: 'POST', body: options.multipart });
      contentType = request.headers.get('content-type') as string;
      body = Buffer.from(await request.arrayBuffer()).toString('base64');
      isBase64Encoded = true;
    }
    const event = {
      version: '2.0',
      routeKey: 'ANY /staff/{proxy+}',
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      ...(options.cookies?.length ? { cookies: options.cookies } : {}),
      headers: {
        host: new URL(STAFF_ORIGIN).host,
        ...(body !== undefined ? { 'content-type': contentType } : {}),
      },
      ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
      requestContext: { http: { method, path: url.pathname } },
      ...(body !== undefined ? { body } : {}),
      isBase64Encoded,
    } as unknown as APIGatewayProxyEventV2;
    const out = await app.handler()(event, lambdaContext('staff', 10));
    const raw = out.isBase64Encoded
      ? Buffer.from(out.body ?? '', 'base64').toString('utf8')
      : (out.body ?? '');
    return {
      status: out.statusCode ?? 200,
      headers: Object.fromEntries(
        Object.entries(out.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
      ),
      cookies: out.cookies ?? [],
      body: raw,
    };
  }

  /** Signs in through the local OIDC provider as a browser would; returns the session cookie. */
  async function signInAs(email: string, returnTo = '/staff/cases'): Promise<string> {
    const oidc = app.oidc();
    const start = await call('GET', `/staff/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
    expect(start.status).toBe(303);
    const signInCookie = start.cookies.map(cookiePair);
    // The provider is reached over real HTTP, with its own cookie jar.
    const go = httpSession(oidc.issuer).go;
    let r = await go(start.headers.location as string);
    const interaction = new URL(r.headers.get('location') as string, oidc.issuer).href;
    r = await go(interaction);
    expect(await r.text()).toContain('Sign in (local identity provider)');
    const user = oidc.users.find((u) => u.email === email);
    r = await go(`${interaction}/login`, formPost({ email, password: user?.password ?? '' }));
    let location = new URL(r.headers.get('location') as string, oidc.issuer).href;
    for (let i = 0; i < 6 && !location.startsWith(STAFF_BASE); i++) {
      r = await go(location);
      location = new URL(r.headers.get('location') as string, oidc.issuer).href;
    }
    expect(location.startsWith(`${STAFF_BASE}/auth/callback?`)).toBe(true);
    const callback = await call('GET', location.replace(STAFF_ORIGIN, ''), { cookies: signInCookie });
    expect(callback.status).toBe(303);
    expect(callback.headers.location).toBe(returnTo);
    const session = callback.cookies.find((c) => c.startsWith('pf_staff_session='));
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/Secure/);
    expect(session).toMatch(/SameSite=Lax/);
    return cookiePair(session as string);
  }

  const sessions = new Map<string, Promise<string>>();
  /** A session for `email`, signed in once and shared by the tests that need nothing more. */
  function sessionOf(email: string): Promise<string> {
    let session = sessions.get(email);
    if (!session) {
      session = signInAs(email);
      sessions.set(email, session);
    }
    return session;
  }

  /** Opens the form at `path` as the holder of `cookie`, then posts `fields` with the form's token. */
  async function submitForm(cookie: string, path: string, fields: FormFields): Promise<StaffResponse> {
    const form = await call('GET', path, { cookies: [cookie] });
    return call('POST', path, { cookies: [cookie], form: { csrfToken: csrfOf(form.body), ...fields } });
  }

  /** `submitForm` on a case's action page, /staff/cases/{reference}/{action}. */
  const submitCaseForm = (cookie: string, reference: string, action: string, fields: FormFields) =>
    submitForm(cookie, `/staff/cases/${reference}/${action}`, fields);

  return { call, signInAs, sessionOf, submitForm, submitCaseForm };
}

// ---- over HTTP ------------------------------------------------------------------------------------

/** The request of a urlencoded form post; a field given a list is repeated (checkboxes). */
export const formPost = (form: FormFields): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: urlencode(form),
});

export interface HttpSession {
  /** fetch with this session's cookies, never following a redirect by itself; a relative URL is resolved against the base. */
  go(url: string, init?: RequestInit): Promise<Response>;
  /** Posts `form` urlencoded, as given (no token added). */
  postForm(url: string, form: FormFields): Promise<Response>;
  /** Opens the page at `path`, then posts `fields` with the page's own CSRF token. */
  post(path: string, fields: FormFields): Promise<Response>;
  /** A file chosen in the page's file input (`csvFile`): multipart, as a browser sends it. */
  upload(path: string, file: { filename: string; type: string; content: string }): Promise<Response>;
  /** The cookies held for the base's origin (to hand to a real browser). */
  jar: Map<string, string>;
}

/**
 * A browser without JavaScript, over HTTP: a cookie jar per origin (the OIDC provider is another
 * origin), redirects not followed, so each test sees every 303 and where it goes.
 */
export function httpSession(base: string): HttpSession {
  const jars = new Map<string, Map<string, string>>();
  const jarOf = (origin: string) => {
    const jar = jars.get(origin) ?? new Map<string, string>();
    jars.set(origin, jar);
    return jar;
  };
  const go = async (url: string, init: RequestInit = {}) => {
    const target = new URL(url, base);
    const jar = jarOf(target.origin);
    const res = await fetch(target, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const c of res.headers.getSetCookie()) {
      const pair = cookiePair(c);
      const i = pair.indexOf('=');
      if (pair.slice(i + 1) === '') jar.delete(pair.slice(0, i));
      else jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
    return res;
  };
  const postForm = (url: string, form: FormFields) => go(url, formPost(form));
  const post = async (path: string, fields: FormFields) => {
    const page = await (await go(path)).text();
    return postForm(path, { csrfToken: csrfOf(page), ...fields });
  };
  const upload = async (path: string, file: { filename: string; type: string; content: string }) => {
    const page = await (await go(path)).text();
    const form = new FormData();
    form.append('csrfToken', csrfOf(page));
    form.append('csvFile', new Blob([file.content], { type: file.type }), file.filename);
    form.append('csv', '');
    return go(path, { method: 'POST', body: form });
  };
  return { go, postForm, post, upload, jar: jarOf(new URL(base).origin) };
}

/**
 * Signs `email` in to the local runtime's staff pages through its OIDC provider, as a browser
 * would: /staff/cases → sign-in → the provider's login page → back to the callback → /staff/cases.
 */
export async function signInOverHttp(
  stack: { baseUrl: string; oidc?: LocalOidcProvider | undefined },
  email: string,
): Promise<HttpSession> {
  const session = httpSession(stack.baseUrl);
  const { go } = session;
  const oidc = stack.oidc;
  if (!oidc) throw new Error('The local stack has no OIDC provider');
  let res = await go(`${stack.baseUrl}/staff/cases`);
  expect(res.status).toBe(303);
  let location = new URL(res.headers.get('location') as string, stack.baseUrl).href;
  // Staff sign-in → provider → its login page.
  while (!location.includes('/interaction/')) {
    res = await go(location);
    location = new URL(res.headers.get('location') as string, location).href;
  }
  await go(location);
  res = await session.postForm(`${location}/login`, {
    email,
    password: oidc.users.find((u) => u.email === email)?.password ?? '',
  });
  // Back through the provider to the callback and on to the page first asked for.
  for (let i = 0; i < 8 && res.status === 303; i++) {
    location = new URL(res.headers.get('location') as string, location).href;
    res = await go(location);
  }
  expect(location).toBe(`${stack.baseUrl}/staff/cases`);
  expect(res.status).toBe(200);
  return session;
}
