import type { Draft, DraftStore } from '../../shared/store/draft-store.ts';
import { DRAFT_TTL_SECONDS, isDraftId } from '../../shared/store/draft-store.ts';
import { serializeCookie } from '../../shared/web/cookies.ts';
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
  now: () => Date;
  newReference: () => string;
  councilName: string;
}

export interface DraftSession {
  /** The draft this browser's cookie names, if it is still kept. */
  current(req: WebRequest): Promise<Draft | undefined>;
  /** A new draft, its reference fixed now, and the cookie that names it. */
  start(): Promise<{ draft: Draft; cookies: string[] }>;
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
  /** What the pages need to parse and show the draft's answers, as of now. */
  context(draft: Draft): PageContext;
}

/** The draft is gone (kept 7 days after the last save) or this browser never had one. */
export const sessionExpired = () =>
  new HttpError(403, 'Sorry, you’ll have to start again', {
    detail: 'no draft for post',
    body: 'We keep your answers for 7 days, and this browser has no answers saved with us. Start again from the beginning.',
  });

export function createDraftSession(deps: DraftSessionDependencies): DraftSession {
  const cookie = (id: string) => serializeCookie(DRAFT_COOKIE, id, { maxAge: DRAFT_TTL_SECONDS });

  async function current(req: WebRequest): Promise<Draft | undefined> {
    const id = req.cookies[DRAFT_COOKIE];
    return isDraftId(id) ? deps.drafts.get(id, deps.now()) : undefined;
  }

  async function start(): Promise<{ draft: Draft; cookies: string[] }> {
    const draft = await deps.drafts.create(
      { reference: deps.newReference(), csrfToken: newCsrfToken() },
      deps.now(),
    );
    return { draft, cookies: [cookie(draft.id)] };
  }

  return {
    current,
    start,
    cookie,
    async forQuestion(req) {
      const draft = await current(req);
      if (draft?.submittedAt) return redirect(CONFIRMATION_PATH);
      return draft ? { draft, cookies: [] } : start();
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
      return { now, today: londonToday(now), councilName: deps.councilName, answers: draft.answers };
    },
  };
}
