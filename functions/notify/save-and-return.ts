import * as z from 'zod/mini';
import type { CouncilContact } from '../../shared/config.ts';
import type { Mailer } from '../../shared/mail/mailer.ts';
import { saveAndReturnLink } from '../../shared/mail/templates.ts';
import type { Draft, DraftStore } from '../../shared/store/draft-store.ts';
import { isResumeToken, RESUME_LINK_TTL_SECONDS } from '../../shared/store/draft-store.ts';
import { clearCookie, serializeCookie } from '../../shared/web/cookies.ts';
import { CSRF_FIELD, csrfTokensMatch, newCsrfToken } from '../../shared/web/csrf.ts';
import { email } from '../../shared/web/fields.ts';
import { parseFormBody } from '../../shared/web/form-body.ts';
import { addError, formInput, noErrors, postedValues, validate } from '../../shared/web/form-validation.ts';
import { HttpError, redirect, type WebRequest, type WebResponse } from '../../shared/web/http.ts';
import type { Route, RouteContext } from '../../shared/web/web-app.ts';
import { type DraftSession, sessionExpired } from './draft-session.ts';
import {
  CHECK_ANSWERS_PATH,
  CONFIRMATION_PATH,
  JOURNEY,
  pageApplies,
  SCREENS,
  screensOf,
  screenToFix,
} from './journey.ts';
import { answerOf, type PageContext } from './page.ts';
import { contactDetailsPage } from './pages/contact-details.ts';

/*
 * "Save and come back later" (issue 3). A question page's second submit button saves what is on
 * the page (valid or not) and comes here; this asks for an email address and sends a single-use
 * link, valid for 7 days, to /resume/<token>. Opening the link shows a Continue button; pressing
 * it uses the link and moves the draft to this browser.
 *
 * Why a button and not straight in on GET: mail systems that schools, GPs and councils use
 * (Microsoft Defender Safe Links and the like) open links in an email before the person does. A
 * link used up by a GET would be spent by the scanner, and the person would be told it had
 * already been used. A scanner does not press buttons.
 */

export const SAVE_PATH = '/save-and-return';
export const SAVED_PATH = '/save-and-return/sent';
export const RESUME_PREFIX = '/resume/';
/** Binds the Continue button's form to the browser that opened the link (see resume:get). */
export const RESUME_COOKIE = 'notify_resume';

const SaveFormSchema = z.object({ email: email({ required: 'Enter your email address' }) });

export interface SaveAndReturnDependencies {
  /** Which draft this browser has, its cookie, and the CSRF check (shared with the form's routes). */
  session: DraftSession;
  /** Resume links: created, checked and redeemed in the draft store. */
  drafts: DraftStore;
  mailer: Mailer;
  now: () => Date;
  councilName: string;
  council: CouncilContact;
  /** Where links in emails point: configuration, never the request's Host header. */
  publicBaseUrl: string;
}

/**
 * Where someone coming back should land: the first page not yet answered, or answered with input
 * that did not pass its checks (saved unfinished); "Check your answers" when every page is done.
 */
export function resumePath(draft: Draft, ctx: PageContext): string {
  for (const page of JOURNEY) {
    // A page this notifier is not asked (the carer's questions, for anyone else) is skipped.
    if (!pageApplies(page, ctx)) continue;
    const unfinished = Object.hasOwn(draft.unfinished, page.id);
    const screen = screenToFix(page, unfinished ? draft.unfinished[page.id] : ctx.answers[page.id], ctx);
    if (screen) return screen.path;
    if (unfinished) return screensOf(page, ctx)[0]?.path ?? page.path;
  }
  return CHECK_ANSWERS_PATH;
}

/** The screen a save came from, for the back link: only ever one of the journey's own paths. */
function pagePathOf(id: string | undefined): string | undefined {
  return SCREENS.find((screen) => screen.id === id)?.path;
}

export function saveAndReturnRoutes(deps: SaveAndReturnDependencies): Route[] {
  const tokenOf = (req: WebRequest) => req.path.slice(RESUME_PREFIX.length);

  async function unsubmittedDraft(req: WebRequest): Promise<Draft | WebResponse> {
    const draft = await deps.session.current(req);
    if (!draft) return redirect('/');
    if (draft.submittedAt) return redirect(CONFIRMATION_PATH);
    return draft;
  }

  const saveView = (draft: Draft, from: string | undefined) => ({
    pageTitle: 'Get a link to come back to your answers',
    backLink: pagePathOf(from) ?? resumePath(draft, deps.session.context(draft)),
    csrfToken: draft.csrfToken,
    from: pagePathOf(from) ? from : undefined,
    days: RESUME_LINK_TTL_SECONDS / 86_400,
  });

  /** The link could not be used: say why, and offer to start again. */
  const unavailable = (render: RouteContext['render'], reason: string) =>
    render('resume-unavailable.njk', { reason, startPath: '/' }, reason === 'unknown' ? 404 : 410);

  return [
    {
      method: 'GET',
      path: SAVE_PATH,
      name: 'save-and-return:get',
      async handle({ req, render }) {
        const draft = await unsubmittedDraft(req);
        if ('status' in draft) return draft;
        const given = answerOf(contactDetailsPage, deps.session.context(draft))?.email;
        return render('save-and-return.njk', {
          ...saveView(draft, req.query.from),
          form: { values: { email: given ?? '' }, errors: noErrors() },
        });
      },
    },
    {
      method: 'POST',
      path: SAVE_PATH,
      name: 'save-and-return:post',
      async handle({ req, render }) {
        const form = parseFormBody(req);
        const draft = await deps.session.forPost(req, form);
        if (draft.submittedAt) return redirect(CONFIRMATION_PATH);
        const from = form.get('from');
        const rerender = (errors: ReturnType<typeof noErrors>) =>
          render(
            'save-and-return.njk',
            { ...saveView(draft, from), form: { values: postedValues(form), errors } },
            422,
          );

        const parsed = validate(SaveFormSchema, formInput(form, ['csrfToken', 'from']));
        if (!parsed.ok) return rerender(parsed.errors);
        const to = parsed.value.email;
        if (!to) return rerender(noErrors());
        // Before the link is made or anything sent: this client's requests, then this address's
        // emails, whoever asks for them (a stranger's address cannot be sent a stream of emails).
        await deps.session.limit(req, 'save-and-return');
        await deps.session.limit(req, 'recipient', to);

        const link = await deps.drafts.createResumeLink(draft.id, deps.now());
        if (!link.ok) {
          if (link.reason === 'gone') throw sessionExpired();
          const errors = noErrors();
          addError(
            errors,
            'email',
            'We have already sent the most links we can for these answers. Use the link in the last email we sent you',
          );
          return rerender(errors);
        }
        await deps.mailer.send(
          saveAndReturnLink(
            {
              councilName: deps.councilName,
              link: `${deps.publicBaseUrl}${RESUME_PREFIX}${link.token}`,
              expiresAt: link.expiresAt,
              contact: deps.council,
            },
            to,
          ),
        );
        return redirect(SAVED_PATH, [deps.session.cookie(draft.id)]);
      },
    },
    {
      method: 'GET',
      path: SAVED_PATH,
      name: 'save-and-return:sent',
      async handle({ req, render }) {
        const draft = await unsubmittedDraft(req);
        if ('status' in draft) return draft;
        return render('answers-saved.njk', {
          pageTitle: 'Your answers have been saved',
          continuePath: resumePath(draft, deps.session.context(draft)),
          savePath: SAVE_PATH,
          days: RESUME_LINK_TTL_SECONDS / 86_400,
        });
      },
    },
    {
      method: 'GET',
      path: `${RESUME_PREFIX}*`,
      name: 'resume:get',
      async handle({ req, render }) {
        const token = tokenOf(req);
        const state = isResumeToken(token) ? await deps.drafts.resumeLinkState(token, deps.now()) : 'unknown';
        if (state !== 'valid') return unavailable(render, state);
        // This browser has no draft yet to bind a CSRF token to, so the page binds one to the
        // browser instead: a session cookie and the same value in the form (double submit). A
        // post from another site, or a bare post, has no such pair, so it cannot plant a draft
        // (someone else's answers) in a browser. The link's token alone is not enough: whoever
        // planted it would know it.
        const csrfToken = newCsrfToken();
        return render('resume.njk', { pageTitle: 'Continue where you left off', csrfToken }, 200, [
          serializeCookie(RESUME_COOKIE, csrfToken),
        ]);
      },
    },
    {
      method: 'POST',
      path: `${RESUME_PREFIX}*`,
      name: 'resume:post',
      async handle({ req, render }) {
        const token = tokenOf(req);
        if (!isResumeToken(token)) return unavailable(render, 'unknown');
        // A spent or expired link says so, whoever asks: it opens nothing.
        const state = await deps.drafts.resumeLinkState(token, deps.now());
        if (state !== 'valid') return unavailable(render, state);
        const form = parseFormBody(req);
        const crossSite = req.headers['sec-fetch-site'] === 'cross-site';
        if (crossSite || !csrfTokensMatch(req.cookies[RESUME_COOKIE], form.get(CSRF_FIELD))) {
          throw new HttpError(403, 'Sorry, we could not accept that form', {
            detail: 'resume post without the token from its page',
            body: 'Open the link in your email again and press Continue.',
          });
        }
        const result = await deps.drafts.redeemResumeLink(token, newCsrfToken(), deps.now());
        if (!result.ok) return unavailable(render, result.reason);
        const { draft } = result;
        return redirect(resumePath(draft, deps.session.context(draft)), [
          deps.session.cookie(draft.id),
          clearCookie(RESUME_COOKIE),
        ]);
      },
    },
  ];
}
