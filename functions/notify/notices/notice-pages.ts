/**
 * The public notice journeys (issue 12): "Tell us about a change" and "Tell us a private fostering
 * arrangement has ended". GOV.UK question pages, check answers and a confirmation with the
 * notice's reference; no account; no JavaScript needed. The same protections as the notification
 * form: a server-side draft named by an HttpOnly cookie, the CSRF token bound to it, the
 * per-client limits of shared/domain/rate-limits.ts, and nothing personal in logs (the routes
 * annotate the notice's reference only).
 *
 * Sending stores the notice, then queues its reference; route joins it to its case or to the front
 * door's list of notices to match. If the queue cannot be reached the person is told to send
 * again (nothing is lost: the draft and the stored notice stay, and a retry queues it once).
 */
import type { NoticeKind } from '../../../shared/domain/notice.ts';
import type { RateLimitedAction } from '../../../shared/domain/rate-limits.ts';
import type { NoticeQueue } from '../../../shared/queue/notification-queue.ts';
import {
  DRAFT_TTL_SECONDS,
  type Draft,
  type DraftStore,
  isDraftId,
} from '../../../shared/store/draft-store.ts';
import type { NoticeStore } from '../../../shared/store/notice-store.ts';
import type { RateLimiter } from '../../../shared/store/rate-limits.ts';
import { serializeCookie } from '../../../shared/web/cookies.ts';
import { CSRF_FIELD, csrfTokensMatch, newCsrfToken } from '../../../shared/web/csrf.ts';
import { londonToday } from '../../../shared/web/fields.ts';
import { parseFormBody } from '../../../shared/web/form-body.ts';
import { formInput, formValues, noErrors, postedValues } from '../../../shared/web/form-validation.ts';
import { HttpError, redirect, type WebRequest } from '../../../shared/web/http.ts';
import type { Route } from '../../../shared/web/web-app.ts';
import { sessionExpired, tooManyRequests } from '../draft-session.ts';
import {
  buildNotice,
  DATE_FIELDS,
  NOTICE_JOURNEYS,
  NOTICE_STEPS,
  type NoticeStep,
  parseStep,
  STEP_TITLES,
  stepViewData,
  summaryRows,
} from './notice-questions.ts';

/** Its own cookie: a notice never disturbs a notification being written in the same browser. */
export const NOTICE_COOKIE = 'notify_notice';

export interface NoticePagesDependencies {
  drafts: DraftStore;
  rateLimits: RateLimiter;
  notices: NoticeStore;
  queue: NoticeQueue;
  now: () => Date;
  newReference: () => string;
  /** The notice is stored and its outbox entry will have it queued; log the reference only. */
  onQueueFailure?: (reference: string, error: unknown) => void;
}

export function noticeRoutes(deps: NoticePagesDependencies): Route[] {
  const cookie = (id: string) => serializeCookie(NOTICE_COOKIE, id, { maxAge: DRAFT_TTL_SECONDS });

  async function limit(req: WebRequest, action: RateLimitedAction) {
    if (!(await deps.rateLimits.take(action, req.clientAddress ?? 'unknown', deps.now())))
      throw tooManyRequests();
  }
  async function current(req: WebRequest): Promise<Draft | undefined> {
    const id = req.cookies[NOTICE_COOKIE];
    return isDraftId(id) ? deps.drafts.get(id, deps.now()) : undefined;
  }
  /** The draft for a question; a new one (and its cookie) for a first visit or after sending. */
  async function forQuestion(req: WebRequest): Promise<{ draft: Draft; cookies: string[] }> {
    const draft = await current(req);
    if (draft && !draft.submittedAt) return { draft, cookies: [] };
    await limit(req, 'draft');
    const created = await deps.drafts.create(
      { reference: deps.newReference(), csrfToken: newCsrfToken() },
      deps.now(),
    );
    return { draft: created, cookies: [cookie(created.id)] };
  }
  async function forPost(req: WebRequest, csrf: string | undefined): Promise<Draft> {
    const draft = await current(req);
    if (!draft) throw sessionExpired();
    if (!csrfTokensMatch(draft.csrfToken, csrf)) {
      throw new HttpError(403, 'Sorry, we could not accept that form', { detail: 'csrf token mismatch' });
    }
    return draft;
  }

  const routes: Route[] = [];
  for (const kind of Object.keys(NOTICE_JOURNEYS) as NoticeKind[]) {
    const { base, title, sentTitle } = NOTICE_JOURNEYS[kind];
    const stepPath = (step: NoticeStep) => `${base}/${step}`;
    const checkPath = `${base}/check-answers`;
    const sentPath = `${base}/sent`;
    const stepBefore = (step: NoticeStep) => {
      const i = NOTICE_STEPS.indexOf(step);
      return i === 0 ? base : stepPath(NOTICE_STEPS[i - 1] as NoticeStep);
    };
    const view = (step: NoticeStep, draft: Draft, change: boolean) => ({
      pageTitle: STEP_TITLES[kind][step],
      journeyTitle: title,
      kind,
      step,
      action: `${stepPath(step)}${change ? '?change=check' : ''}`,
      backLink: change ? checkPath : stepBefore(step),
      csrfToken: draft.csrfToken,
      ...stepViewData(kind, step),
    });

    routes.push({
      method: 'GET',
      path: base,
      name: `notice-${kind}:start`,
      handle: ({ render }) =>
        render('notice-start.njk', { pageTitle: title, kind, startPath: stepPath('about') }),
    });

    for (const step of NOTICE_STEPS) {
      routes.push(
        {
          method: 'GET',
          path: stepPath(step),
          name: `notice-${kind}-${step}:get`,
          async handle({ req, render }) {
            const { draft, cookies } = await forQuestion(req);
            const stored = draft.answers[`notice-${kind}-${step}`];
            return render(
              'notice-question.njk',
              {
                ...view(step, draft, req.query.change === 'check'),
                form: { values: formValues(stored, DATE_FIELDS[step]), errors: noErrors() },
              },
              200,
              cookies,
            );
          },
        },
        {
          method: 'POST',
          path: stepPath(step),
          name: `notice-${kind}-${step}:post`,
          async handle({ req, render }) {
            const form = parseFormBody(req);
            const draft = await forPost(req, form.get(CSRF_FIELD));
            if (draft.submittedAt) return redirect(sentPath);
            const change = req.query.change === 'check';
            const input = formInput(form, [CSRF_FIELD]);
            const result = parseStep(kind, step, input, londonToday(deps.now()));
            if (!result.ok) {
              return render(
                'notice-question.njk',
                { ...view(step, draft, change), form: { values: postedValues(form), errors: result.errors } },
                422,
              );
            }
            if (!(await deps.drafts.saveAnswers(draft.id, `notice-${kind}-${step}`, input, deps.now())))
              throw sessionExpired();
            const i = NOTICE_STEPS.indexOf(step);
            const next =
              change || i === NOTICE_STEPS.length - 1
                ? checkPath
                : stepPath(NOTICE_STEPS[i + 1] as NoticeStep);
            return redirect(next, [cookie(draft.id)]);
          },
        },
      );
    }

    const built = (draft: Draft) =>
      buildNotice(kind, draft.answers, {
        noticeRef: draft.reference,
        receivedAt: deps.now().toISOString(),
        today: londonToday(deps.now()),
      });

    routes.push(
      {
        method: 'GET',
        path: checkPath,
        name: `notice-${kind}-check:get`,
        async handle({ req, render }) {
          const { draft, cookies } = await forQuestion(req);
          const notice = built(draft);
          if (!notice.ok) return redirect(stepPath(notice.step), cookies);
          return render(
            'notice-check.njk',
            {
              pageTitle: 'Check your answers before sending',
              kind,
              backLink: stepPath('you'),
              csrfToken: draft.csrfToken,
              action: checkPath,
              rows: summaryRows(notice.notice).map((r) => ({
                key: r.key,
                lines: r.lines,
                href: `${stepPath(r.step)}?change=check`,
                label: r.key.toLowerCase(),
              })),
            },
            200,
            cookies,
          );
        },
      },
      {
        method: 'POST',
        path: checkPath,
        name: `notice-${kind}-check:post`,
        async handle({ req, annotate }) {
          const form = parseFormBody(req);
          const draft = await forPost(req, form.get(CSRF_FIELD));
          annotate({ reference: draft.reference });
          if (draft.submittedAt) return redirect(sentPath);
          const notice = built(draft);
          if (!notice.ok) return redirect(stepPath(notice.step));
          // Counted with notifications: a notice sends email to staff like one does.
          await limit(req, 'notification');
          const { created } = await deps.notices.record(notice.notice);
          const stored = created ? undefined : await deps.notices.get(draft.reference);
          if (!stored?.queuedAt) {
            try {
              await deps.queue.send({ notice: draft.reference });
              await deps.notices.markQueued(draft.reference, deps.now());
            } catch (error) {
              // Stored is safe: its outbox entry has the sweep queue it (notice-store.ts), so the
              // teller is told it was sent; only the reference is logged.
              deps.onQueueFailure?.(draft.reference, error);
            }
          }
          await deps.drafts.markSubmitted(draft.id, deps.now());
          return redirect(sentPath, [serializeCookie(NOTICE_COOKIE, draft.id)]);
        },
      },
      {
        method: 'GET',
        path: sentPath,
        name: `notice-${kind}:sent`,
        async handle({ req, render, annotate }) {
          const draft = await current(req);
          if (!draft?.submittedAt) return redirect(base);
          annotate({ reference: draft.reference });
          return render('notice-sent.njk', { pageTitle: sentTitle, kind, reference: draft.reference });
        },
      },
    );
  }
  return routes;
}
