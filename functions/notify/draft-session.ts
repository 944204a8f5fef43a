import type { RateLimitedAction } from '../../shared/domain/rate-limits.ts';
import type { Draft, DraftStore } from '../../shared/store/draft-store.ts';
import { DRAFT_TTL_SECONDS, isDraftId } from '../../shared/store/draft-store.ts';
import type { RateLimiter } from '../../shared/store/rate-limits.ts';
import { clearCookie, serializeCookie } from '../../shared/web/cookies.ts';
import { CSRF_FIELD, csrfTokensMatch, newCsrfToken } from '../../shared/web/csrf.ts';
import { londonToday } from '../../shared/web/fields.ts';
import type { FormBody } from '../../shared/web/form-body.ts';
import { HttpError, redirect, type WebRequest, type WebResponse } from '../../shared/web/http.ts';
import { CONFIRMATION_PATH } from './journey.ts';
import type { PageContext } from './page.ts';

/*
 * A browser's draft: which one its cookie names, starting one, and the CSRF check on every post.
 * The form's routes (app.ts) and "save and come back later" (save-and-return.ts) both use it, so
 * neither hands the other its internals.
 */

export const DRAFT_COOKIE = 'notify_draft';

export interface DraftSessionDependencies {
  drafts: DraftStore;
  /** Counts drafts started per client (shared/domain/rate-limits.ts). */
  rateLimits: RateLimiter;
  now: () => Date;
  newReference: () => string;
  councilName: string;
}

export interface DraftSession {
  /** The draft this browser's cookie names, if it is still kept. */
  current(req: WebRequest): Promise<Draft | undefined>;
  /**
   * A new draft, its reference fixed now, and the cookie that names it. Refused with 429 when
   * this client has started too many drafts this hour.
   */
  start(req: WebRequest): Promise<{ draft: Draft; cookies: string[] }>;
  /** Throws the 429 page when this request's client or `subject` is over the action's limit. */
  limit(req: WebRequest, action: RateLimitedAction, subject?: string): Promise<void>;
  /**
   * The draft for showing a question. A browser without one (first visit, cookie expired) gets
   * a new one here: the form needs its CSRF token. After submission, questions lead to the
   * confirmation, so the back button cannot re-open a sent notification.
   */
  forQuestion(req: WebRequest): Promise<{ draft: Draft; cookies: string[] } | WebResponse>;
  /** The draft for a post: it must exist and the CSRF token must match the one bound to it. */
  forPost(req: WebRequest, form: FormBody): Promise<Draft>;
  /** The cookie naming the draft, renewed on each save so it lives as long as the draft. */
  cookie(draftId: string): string;
  /**
   * The cookie once the notification is sent: a session cookie, gone when the browser closes,
   * for the copy window only (the draft itself is deleted after SUBMITTED_COPY_SECONDS).
   */
  submittedCookie(draftId: string): string;
  /** Removes the cookie (its draft is gone). */
  clearedCookie(): string;
  /** What the pages need to parse and show the draft's answers, as of now. */
  context(draft: Draft): PageContext;
}

/** The draft is gone (kept 7 days after the last save) or this browser never had one. */
export const sessionExpired = () =>
  new HttpError(403, 'Sorry, you’ll have to start again', {
    detail: 'no draft for post',
    body: 'We keep your answers for 7 days, and this browser has no answers saved with us. Start again from the beginning.',
  });

/**
 * Over a rate limit: a person is told what to do (the error page adds the council's phone
 * numbers); nothing has been stored or sent. Nothing about the client or the address is logged.
 */
export const tooManyRequests = () =>
  new HttpError(429, 'Sorry, we cannot accept this from you online at the moment', {
    detail: 'rate limit',
    body: 'We have had a lot of requests from your network or for this email address, so we have paused this for a while. Your notification is still needed: call us on the number below and we will take it over the phone. Or try again in an hour.',
    headers: { 'retry-after': '3600' },
  });

export function createDraftSession(deps: DraftSessionDependencies): DraftSession {
  const cookie = (id: string) => serializeCookie(DRAFT_COOKIE, id, { maxAge: DRAFT_TTL_SECONDS });

  async function current(req: WebRequest): Promise<Draft | undefined> {
    const id = req.cookies[DRAFT_COOKIE];
    return isDraftId(id) ? deps.drafts.get(id, deps.now()) : undefined;
  }

  async function limit(req: WebRequest, action: RateLimitedAction, subject?: string): Promise<void> {
    // A request without an address (never from API Gateway) shares one counter with all the others.
    const who = subject ?? req.clientAddress ?? 'unknown';
    if (!(await deps.rateLimits.take(action, who, deps.now()))) throw tooManyRequests();
  }

  async function start(req: WebRequest): Promise<{ draft: Draft; cookies: string[] }> {
    await limit(req, 'draft');
    const draft = await deps.drafts.create(
      { reference: deps.newReference(), csrfToken: newCsrfToken() },
      deps.now(),
    );
    return { draft, cookies: [cookie(draft.id)] };
  }

  return {
    current,
    start,
    limit,
    cookie,
    submittedCookie: (id) => serializeCookie(DRAFT_COOKIE, id),
    clearedCookie: () => clearCookie(DRAFT_COOKIE),
    async forQuestion(req) {
      const draft = await current(req);
      if (draft?.submittedAt) return redirect(CONFIRMATION_PATH);
      return draft ? { draft, cookies: [] } : start(req);
    },
    async forPost(req, form) {
      const draft = await current(req);
      if (!draft) throw sessionExpired();
      if (!csrfTokensMatch(draft.csrfToken, form.get(CSRF_FIELD))) {
        throw new HttpError(403, 'Sorry, we could not accept that form', { detail: 'csrf token mismatch' });
      }
      return draft;
    },
    context(draft) {
      const now = deps.now();
      let today: string | undefined;
      return {
        now,
        // Worked out when a page asks (a date question, check your answers), not for every page:
        // the first London date in a process loads ICU's time-zone data (about 10 ms), and the
        // first question of a cold start asks for none (issue 16).
        get today() {
          today ??= londonToday(now);
          return today;
        },
        councilName: deps.councilName,
        answers: draft.answers,
      };
    },
  };
}
