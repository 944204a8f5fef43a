import { request as httpRequest } from 'node:http';
import { DRAFT_COOKIE } from '../../functions/notify/app.ts';
import {
  CHECK_ANSWERS_PATH,
  CONFIRMATION_PATH,
  FIRST_QUESTION_PATH,
  SCREENS,
  START_PATH,
} from '../../functions/notify/journey.ts';
import type { Screen } from '../../functions/notify/page.ts';
import { apiGatewayEvent, fromApiGatewayResult, type PlainRequest } from './api-gateway-event.ts';

/**
 * A browser without JavaScript filling in the notification form: it carries its draft cookie and
 * the CSRF token by hand and follows nothing by itself. The pages come from the journey definition
 * (functions/notify/journey.ts), so a page added or moved there is followed here; only the answers
 * (the form's field names) are written out, keyed by page id.
 */

export interface PageResponse {
  status: number;
  headers: Record<string, string>;
  html: string;
  location: string | undefined;
  /** Set-Cookie values, one per cookie. */
  setCookies: string[];
  /** Time from sending the request to having the whole response, in milliseconds. */
  ms: number;
}

/** Sends one request and returns what came back: over HTTP, or straight into the handler. */
export type Transport = (
  req: PlainRequest,
) => Promise<{ status: number; headers: Record<string, string>; setCookies: string[]; body: string }>;

/**
 * A loopback address of its own for each visitor (127.0.0.2 onwards; Linux answers on all of
 * 127/8), so the form's per-client rate limits see many clients, as they would in the world,
 * not one test process.
 */
let clientsMade = 0;
export function nextClientAddress(): string {
  const n = ++clientsMade + 1;
  return `127.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

/** One HTTP request from a given local address (fetch cannot choose it without undici). */
export function requestFrom(
  localAddress: string,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string | Buffer },
): Promise<{ status: number; headers: Record<string, string>; setCookies: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method, headers: init.headers, localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) {
          if (v !== undefined && k !== 'set-cookie') headers[k] = Array.isArray(v) ? v.join(', ') : v;
        }
        resolve({
          status: res.statusCode ?? 0,
          headers,
          setCookies: res.headers['set-cookie'] ?? [],
          body: Buffer.concat(chunks).toString('utf8'),
        });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** Through the local HTTP gateway, as a browser would. */
export function httpTransport(baseUrl: string): Transport {
  return async (req) => {
    if (req.sourceIp) {
      return requestFrom(req.sourceIp, `${baseUrl}${req.path}`, {
        method: req.method,
        headers: {
          ...(req.cookies?.length ? { cookie: req.cookies.join('; ') } : {}),
          ...req.headers,
        },
        ...(req.body !== undefined ? { body: req.body } : {}),
      });
    }
    const res = await fetch(`${baseUrl}${req.path}`, {
      method: req.method,
      redirect: 'manual',
      headers: {
        ...(req.cookies?.length ? { cookie: req.cookies.join('; ') } : {}),
        ...req.headers,
      },
      ...(req.body !== undefined ? { body: req.body } : {}),
    });
    const headers: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      headers[k] = v;
    });
    return { status: res.status, headers, setCookies: res.headers.getSetCookie(), body: await res.text() };
  };
}

/** Straight into a handler with an API Gateway v2 event (no sockets: for thousands of cases). */
export function handlerTransport(invoke: (event: unknown) => Promise<unknown>): Transport {
  return async (req) => fromApiGatewayResult(await invoke(apiGatewayEvent(req)));
}

/** Form fields in the order given; a list of pairs allows repeated names. */
export type Fields = Record<string, string> | [string, string][];

export class Visitor {
  cookie: string | undefined;
  csrfToken = '';
  /** Every status this visitor has seen, to count 5xx under load. */
  readonly statuses: number[] = [];

  constructor(
    private readonly transport: Transport,
    /** Where this visitor's requests come from: its own address unless given one. */
    readonly clientAddress: string = nextClientAddress(),
  ) {}

  async request(
    method: string,
    path: string,
    init: { body?: string | Buffer; headers?: Record<string, string> } = {},
  ) {
    const started = performance.now();
    const res = await this.transport({
      method,
      path,
      sourceIp: this.clientAddress,
      ...(this.cookie ? { cookies: [`${DRAFT_COOKIE}=${this.cookie}`] } : {}),
      ...(init.headers ? { headers: init.headers } : {}),
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    const ms = performance.now() - started;
    for (const c of res.setCookies) {
      const m = new RegExp(`^${DRAFT_COOKIE}=([^;]*)`).exec(c);
      if (m) this.cookie = m[1];
    }
    const token = /name="csrfToken" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrfToken = token;
    this.statuses.push(res.status);
    return {
      status: res.status,
      headers: res.headers,
      html: res.body,
      location: res.headers.location,
      setCookies: res.setCookies,
      ms,
    };
  }

  get(path: string): Promise<PageResponse> {
    return this.request('GET', path);
  }

  /** A form post with this visitor's CSRF token first (unless `csrf: false`). */
  post(path: string, fields: Fields = {}, options: { csrf?: boolean } = {}): Promise<PageResponse> {
    const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
    const body = new URLSearchParams([
      ...(options.csrf === false ? [] : [['csrfToken', this.csrfToken] as [string, string]]),
      ...pairs,
    ]);
    return this.postRaw(path, body.toString());
  }

  postRaw(path: string, body: string | Buffer, contentType = 'application/x-www-form-urlencoded') {
    return this.request('POST', path, { body, headers: { 'content-type': contentType } });
  }
}

/** The shortest complete notification (issue 2's minimum), as field values by page id. */
export const MINIMAL_ANSWERS: Record<string, Record<string, string>> = {
  eligibility: {
    childAge: 'under-16',
    disabled: 'no',
    carer: 'someone-else',
    setting: 'carers-home',
    duration: '28-days-or-more',
  },
  'about-you': { role: 'school', organisation: 'Anytown Academy', name: 'Priya Teacher' },
  'contact-details': { email: 'priya.teacher@school.example', phone: '07700 900 982' },
  child: {
    name: 'Zainab Testchild',
    'dateOfBirth-day': '3',
    'dateOfBirth-month': '3',
    'dateOfBirth-year': '2014',
    disabled: 'no',
  },
  carer: {
    name: 'Carer Person',
    'address-line1': '1 High Street',
    'address-town': 'Anytown',
    'address-postcode': 'AN1 2BC',
  },
  arrangement: {
    childLivesThereNow: 'yes',
    'startDate-day': '1',
    'startDate-month': '9',
    'startDate-year': '2026',
    immediateSafetyConcern: 'no',
  },
};

/** 0 → "A", 25 → "Z", 26 → "Ab": a name part that is letters only, as the form asks. */
const lettersOf = (n: number): string => {
  let out = '';
  let rest = n;
  do {
    out += String.fromCharCode(97 + (rest % 26));
    rest = Math.floor(rest / 26);
  } while (rest > 0);
  return out.charAt(0).toUpperCase() + out.slice(1);
};

/**
 * The i-th of many different notifications: a child and carer of its own (name, date of birth,
 * address), as a council's notifications are. Every `repeatEvery`-th one is about the child of the
 * one before it, as when school, GP and carer each tell the council (a possible duplicate).
 */
export function distinctAnswers(i: number, repeatEvery = 10): Record<string, Record<string, string>> {
  const n = repeatEvery > 0 && i > 0 && i % repeatEvery === 0 ? i - 1 : i;
  return {
    ...MINIMAL_ANSWERS,
    child: {
      ...MINIMAL_ANSWERS.child,
      name: `Zainab ${lettersOf(n)}`,
      'dateOfBirth-day': String(1 + (n % 28)),
      'dateOfBirth-month': String(1 + (Math.floor(n / 28) % 12)),
    },
    carer: { ...MINIMAL_ANSWERS.carer, 'address-line1': `${1 + n} High Street` },
  };
}

export class JourneyError extends Error {
  override name = 'JourneyError';
  constructor(
    message: string,
    readonly response: PageResponse,
  ) {
    super(`${message}: ${response.status} ${errorSummaryOf(response.html)}`);
  }
}

/** The error summary's text, or the page's title: enough to see why a step failed. */
export function errorSummaryOf(html: string): string {
  const summary = /govuk-error-summary__list[\s\S]*?<\/ul>/.exec(html)?.[0];
  const text = summary ?? /<title>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? html.slice(0, 200);
  return text
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface JourneyOptions {
  /** GET each page before posting it, as a browser does (more requests, more rendering). */
  browse?: boolean;
}

/**
 * Starts a draft and answers every page of the journey that `answers` has answers for, in the
 * journey's order, up to (not including) sending from "Check your answers". Throws JourneyError
 * on any step that does not redirect.
 */
export async function fillInForm(
  v: Visitor,
  answers: Record<string, Fields> = MINIMAL_ANSWERS,
  options: JourneyOptions = {},
): Promise<void> {
  if (options.browse) await v.get(START_PATH);
  // The first question creates the draft (cookie) and carries the CSRF token.
  const first = await v.get(FIRST_QUESTION_PATH);
  if (first.status !== 200) throw new JourneyError(`GET ${FIRST_QUESTION_PATH}`, first);
  for (const screen of SCREENS) {
    const fields = answers[screen.page.id];
    if (!fields) continue;
    if (options.browse && screen.path !== FIRST_QUESTION_PATH) await v.get(screen.path);
    const res = await v.post(screen.path, fieldsFor(screen, fields));
    if (res.status !== 303) throw new JourneyError(`POST ${screen.path}`, res);
  }
  if (options.browse) {
    const check = await v.get(CHECK_ANSWERS_PATH);
    if (check.status !== 200) throw new JourneyError(`GET ${CHECK_ANSWERS_PATH}`, check);
  }
}

/**
 * The part of a page's answers one screen asks (journey.ts SCREENS): "dateOfBirth-day" belongs to
 * the screen asking dateOfBirth. A screen asking the whole page takes them all.
 */
export function fieldsFor(screen: Screen, fields: Fields): [string, string][] {
  const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
  const keys = screen.keys;
  if (!keys) return pairs;
  return pairs.filter(([name]) => keys.includes(name.split('-')[0] ?? ''));
}

/**
 * Answers one page (by id) as a browser would: each of its screens in turn, each with its own
 * fields. Returns the last response (a redirect when every screen was accepted), or the first
 * that was not a redirect.
 */
export async function postPage(
  v: Visitor,
  pageId: string,
  fields: Fields,
  options: { change?: boolean } = {},
): Promise<PageResponse> {
  let last: PageResponse | undefined;
  for (const screen of SCREENS.filter((s) => s.page.id === pageId)) {
    const pairs = fieldsFor(screen, fields);
    if (options.change && screen.keys && pairs.length === 0) continue;
    last = await v.post(
      `${screen.path}${options.change ? '?change=check' : ''}`,
      options.change ? [...pairs, ['returnTo', 'check']] : pairs,
    );
    if (last.status !== 303) return last;
  }
  if (!last) throw new Error(`no screens for page ${pageId}`);
  return last;
}

/** Sends the notification from "Check your answers" (the final submit). */
export async function sendNotification(v: Visitor): Promise<PageResponse> {
  return v.post(CHECK_ANSWERS_PATH, {});
}

export const REFERENCE_ON_PAGE = /<strong>([0-9A-HJKMNP-TV-Z]{8})<\/strong>/;

/** The reference shown on the confirmation page. */
export async function confirmationReference(v: Visitor): Promise<string> {
  const page = await v.get(CONFIRMATION_PATH);
  const reference = REFERENCE_ON_PAGE.exec(page.html)?.[1];
  if (page.status !== 200 || !reference) throw new JourneyError(`GET ${CONFIRMATION_PATH}`, page);
  return reference;
}

/** Fill in, send, and read the reference: one complete notification through the form. */
export async function notifyThroughForm(
  v: Visitor,
  answers: Record<string, Fields> = MINIMAL_ANSWERS,
  options: JourneyOptions = {},
): Promise<{ reference: string; submit: PageResponse }> {
  await fillInForm(v, answers, options);
  const submit = await sendNotification(v);
  if (submit.status !== 303 || submit.location !== CONFIRMATION_PATH) {
    throw new JourneyError(`POST ${CHECK_ANSWERS_PATH}`, submit);
  }
  return { reference: await confirmationReference(v), submit };
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` at once; resolves with every result. */
export async function runConcurrently<T>(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}
