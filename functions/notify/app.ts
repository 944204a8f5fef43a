import { fileURLToPath } from 'node:url';
import type { CouncilContact } from '../../shared/config.ts';
import { informationGaps } from '../../shared/domain/notification.ts';
import type { Mailer } from '../../shared/mail/mailer.ts';
import type { NotificationQueue } from '../../shared/queue/notification-queue.ts';
import type { CampaignLookup } from '../../shared/store/campaign-store.ts';
import {
  type Draft,
  type DraftStore,
  isDraftId,
  SUBMITTED_COPY_SECONDS,
} from '../../shared/store/draft-store.ts';
import type { InformationLinkStore } from '../../shared/store/information-link-store.ts';
import type { NotificationStore } from '../../shared/store/notification-store.ts';
import type { RateLimiter } from '../../shared/store/rate-limits.ts';
import type { TransferTokens } from '../../shared/store/transfer-tokens.ts';
import { serveAsset } from '../../shared/web/assets.ts';
import { CSRF_FIELD } from '../../shared/web/csrf.ts';
import { parseFormBody } from '../../shared/web/form-body.ts';
import {
  addError,
  type FormErrors,
  formInput,
  formValues,
  noErrors,
  postedValues,
} from '../../shared/web/form-validation.ts';
import { redirect, type WebRequest, type WebResponse } from '../../shared/web/http.ts';
import type { OriginCheck } from '../../shared/web/origin-secret.ts';
import { createViewRenderer } from '../../shared/web/views.ts';
import { createWebApp, type Route, type RouteContext, type WebAppOptions } from '../../shared/web/web-app.ts';
import { CAMPAIGN_ANSWER } from './build-notification.ts';
import { createDraftSession, DRAFT_COOKIE, sessionExpired } from './draft-session.ts';
import { assessEligibility } from './eligibility.ts';
import { informationRoutes, rememberCampaign, startPathFor } from './information-pages.ts';
import {
  AFTER_ELIGIBILITY_PATH,
  CHECK_ANSWERS_PATH,
  CONFIRMATION_PATH,
  changePath,
  ELIGIBILITY_RESULT_PATH,
  FIRST_QUESTION_PATH,
  isLastScreenOf,
  JOURNEY,
  LAST_QUESTION_PATH,
  NOTIFIER_PAGES,
  pageApplies,
  pathAfter,
  pathAfterAnswer,
  pathBefore,
  SCREENS,
  screenFor,
  screensOf,
  screenToFix,
  URGENT_PATH,
} from './journey.ts';
import { missingInformationRoutes } from './missing-information.ts';
import { noticeRoutes } from './notices/notice-pages.ts';
import {
  answerOf,
  applies,
  errorsFor,
  type PageContext,
  type Screen,
  type SummaryRow,
  screenKeys,
} from './page.ts';
import { eligibilityPage } from './pages/eligibility.ts';
import { SAVE_PATH, saveAndReturnRoutes } from './save-and-return.ts';
import { draftNotification, submitDraft } from './submit-notification.ts';
import { transferAcknowledgementRoutes } from './transfer-acknowledgement.ts';

/** The draft cookie's name; tests and the bench carry it by hand. */
export { DRAFT_COOKIE } from './draft-session.ts';
export const SERVICE_NAME = 'Tell us about a private fostering arrangement';
const COPY_PATH = '/your-notification';
const START_JOURNEY_PATH = '/start';

export interface NotifyAppDependencies {
  drafts: DraftStore;
  /** Per-client and per-recipient counters (shared/domain/rate-limits.ts). */
  rateLimits: RateLimiter;
  notifications: NotificationStore;
  queue: NotificationQueue;
  now: () => Date;
  newReference: () => string;
  councilName: string;
  /** How notifiers reach the council: on the start, urgent-concern, confirmation and error pages. */
  council: CouncilContact;
  /** The header logo (an https URL or a path under /assets); the council's name as text without it. */
  logoUrl?: string;
  /** Sends "save and come back later" links. */
  mailer: Mailer;
  /** The form's public address, for links in emails. */
  publicBaseUrl: string;
  onResponse?: WebAppOptions['onResponse'];
  onError?: WebAppOptions['onError'];
  /** Behind CloudFront in AWS: refuse requests that did not come through it (origin-secret.ts). */
  originCheck?: OriginCheck;
  /** The notification is stored and the outbox will queue it; log the reference only. */
  onQueueFailure?: (reference: string, error: unknown) => void;
  /** Called once per new notification stored (not for a retry of one already stored). */
  onNotificationReceived?: (reference: string) => void;
  /** Whether a campaign link is real (information-pages.ts). */
  campaigns: CampaignLookup;
  /** The receiving council's acknowledgement of a transfer notice (issue 12), when given. */
  transferTokens?: TransferTokens;
  /** Links asking for what is missing (issue 12): their page is served when given. */
  informationLinks?: InformationLinkStore;
  /** Change and ending notices (issue 12): their pages are served when given. */
  notices?: Pick<Parameters<typeof noticeRoutes>[0], 'notices' | 'queue'>;
}

/** The notify function's own templates; in a bundle they are copied into `views/`. */
export function notifyViewDirectory(): string {
  return fileURLToPath(new URL('./views', import.meta.url));
}

/** A phone number as a `tel:` link: digits and a leading + only. */
const telHref = (number: string) => `tel:${number.replace(/[^\d+]/g, '')}`;

/** The `councilContact` view global (shared/web/views/council-contact.njk). */
export function councilContactView(council: CouncilContact) {
  return {
    ...council,
    phoneHref: telHref(council.phone),
    outOfHoursPhoneHref: telHref(council.outOfHoursPhone),
  };
}

/** The origin of a logo hosted elsewhere, which the Content-Security-Policy must allow. */
function logoOrigins(logoUrl: string | undefined): string[] {
  return logoUrl?.startsWith('https://') ? [new URL(logoUrl).origin] : [];
}

const CONTROL_FIELDS = [CSRF_FIELD, 'returnTo', 'action'];

function pick(input: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => Object.hasOwn(input, k)).map((k) => [k, input[k]]));
}

/**
 * The public notification form: a router over the journey's pages. Each route does the HTTP
 * part (draft, CSRF, redirect) and leaves the questions to the page definitions and the submit to
 * submitNotification.
 */
export function createNotifyApp(deps: NotifyAppDependencies): (req: WebRequest) => Promise<WebResponse> {
  const views = createViewRenderer({
    viewDirectories: [notifyViewDirectory()],
    globals: {
      councilName: deps.councilName,
      councilContact: councilContactView(deps.council),
      councilLogoUrl: deps.logoUrl,
      serviceName: SERVICE_NAME,
      serviceUrl: '/',
      footerLinks: [
        { href: '/privacy', text: 'Privacy' },
        { href: '/accessibility', text: 'Accessibility statement' },
        { href: '/cookies', text: 'Cookies' },
      ],
    },
  });

  const session = createDraftSession(deps);

  function pageView(screen: Screen, draft: Draft, change: boolean, ctx: PageContext) {
    const { page } = screen;
    return {
      // The template posts to the screen's own address and shows only the screen's questions.
      page: { id: page.id, path: screen.path, title: page.title, list: page.list },
      keys: screenKeys(screen, ctx),
      // One question: its text is the page's heading (GOV.UK question pages).
      single: !!screen.keys,
      question: screen.title,
      pageTitle: screen.title,
      backLink: change ? CHECK_ANSWERS_PATH : pathBefore(screen, ctx),
      csrfToken: draft.csrfToken,
      returnTo: change ? 'check' : undefined,
      ...page.viewData(ctx),
    };
  }

  const listLength = (input: unknown, field: string): number => {
    const items = (input as Record<string, unknown> | undefined)?.[field];
    return Array.isArray(items) ? items.length : 0;
  };

  function questionRoutes(screen: Screen): Route[] {
    const { page } = screen;
    return [
      {
        method: 'GET',
        path: screen.path,
        name: `${screen.id}:get`,
        async handle({ req, render }) {
          const loaded = await session.forQuestion(req);
          if ('status' in loaded) return loaded;
          const { draft, cookies } = loaded;
          const ctx = session.context(draft);
          // Not asked of this notifier (a carer's question, for a teacher): on to the next one.
          if (!applies(screen, ctx)) return redirect(pathAfter(screen, ctx), cookies);
          // Input saved unfinished ("Save and come back later") is shown as it was typed; a page
          // not yet answered may start from earlier answers (the school, when a school notifies).
          const stored = Object.hasOwn(draft.unfinished, page.id)
            ? draft.unfinished[page.id]
            : (draft.answers[page.id] ?? page.prefill(ctx));
          return render(
            page.template,
            {
              ...pageView(screen, draft, req.query.change === 'check', ctx),
              form: { values: formValues(stored), errors: noErrors() },
              itemCount: page.list ? Math.max(1, listLength(stored, page.list.field)) : 0,
              // "Parent 2 removed.": the status message after a Remove (a number, or nothing).
              removed:
                page.list && /^\d{1,2}$/.test(req.query.removed ?? '')
                  ? Number(req.query.removed)
                  : undefined,
            },
            200,
            cookies,
          );
        },
      },
      {
        method: 'POST',
        path: screen.path,
        name: `${screen.id}:post`,
        async handle({ req, render }) {
          const form = parseFormBody(req);
          const draft = await session.forPost(req, form);
          if (draft.submittedAt) return redirect(CONFIRMATION_PATH);
          const ctx = session.context(draft);
          // A question this notifier is not asked keeps nothing posted to it.
          if (!applies(screen, ctx)) return redirect(pathAfter(screen, ctx), [session.cookie(draft.id)]);
          const change = form.get('returnTo') === 'check';
          const keys = screenKeys(screen, ctx);
          const posted = pick(formInput(form, CONTROL_FIELDS), keys);
          // A screen asking part of a page answers its own questions and keeps the rest of the
          // page's record as it was (a question left blank here is cleared, not kept from before).
          const before = Object.hasOwn(draft.unfinished, page.id)
            ? draft.unfinished[page.id]
            : draft.answers[page.id];
          const rest =
            screen.keys && before && typeof before === 'object'
              ? Object.fromEntries(Object.entries(before).filter(([k]) => !keys.includes(k)))
              : {};
          const input = { ...rest, ...posted };
          // The page's checks, on this screen's questions only: later screens are not yet answered.
          const problems = (checked: ReturnType<typeof page.parse>) =>
            checked.ok ? undefined : screen.keys ? errorsFor(checked.errors, keys) : checked.errors;
          const action = form.get('action') ?? 'continue';
          const here = `${screen.path}${change ? '?change=check' : ''}`;

          const rerender = (errors: FormErrors, itemCount: number) =>
            render(
              page.template,
              {
                ...pageView(screen, draft, change, ctx),
                form: { values: postedValues(form), errors },
                itemCount: Math.max(1, itemCount),
              },
              422,
            );
          const save = async (value: unknown) => {
            if (!(await deps.drafts.saveAnswers(draft.id, page.id, value, deps.now())))
              throw sessionExpired();
          };

          if (action === 'save') {
            // "Save and come back later": nothing typed is lost. Valid input is saved as the
            // page's answers; input that fails the page's checks is kept as typed beside them, for
            // the page to show again, and never reaches "Check your answers" or the notification.
            const errors = problems(page.parse(input, ctx));
            const saved =
              !errors || errors.list.length === 0
                ? await deps.drafts.saveAnswers(draft.id, page.id, input, deps.now())
                : await deps.drafts.saveUnfinished(draft.id, page.id, input, deps.now());
            if (!saved) throw sessionExpired();
            return redirect(`${SAVE_PATH}?from=${screen.id}`, [session.cookie(draft.id)]);
          }

          if (page.list) {
            // "Add another" without JavaScript: every button posts the whole page; the action says
            // which one was pressed. Answers are saved either way so nothing typed is lost.
            const field = page.list.field;
            const items = Array.isArray(input[field]) ? [...(input[field] as unknown[])] : [];
            const remove = /^remove-(\d{1,2})$/.exec(action);
            if (remove) {
              items.splice(Number(remove[1]), 1);
              await save({ ...input, [field]: items });
              const removed = `removed=${Number(remove[1]) + 1}#list-status`;
              return redirect(`${here}${change ? '&' : '?'}${removed}`, [session.cookie(draft.id)]);
            }
            if (action === 'add') {
              const checked = page.parse(input, ctx);
              if (!checked.ok) return rerender(checked.errors, items.length);
              const filled = listLength({ items: checked.value }, 'items');
              if (filled >= page.list.max || items.length >= page.list.max) {
                const errors = noErrors();
                addError(errors, field, `You can add up to ${page.list.max}`);
                return rerender(errors, items.length);
              }
              items.push({});
              await save({ ...input, [field]: items });
              return redirect(`${here}#item-${items.length - 1}`, [session.cookie(draft.id)]);
            }
          }

          const errors = problems(page.parse(input, ctx));
          if (errors && errors.list.length > 0)
            return rerender(errors, page.list ? listLength(input, page.list.field) : 0);
          await save(input);
          const after = { ...ctx, answers: { ...ctx.answers, [page.id]: input } };
          // A page's branch (the eligibility result, the urgent-concern guidance) follows its last
          // screen, or any of its screens changed from "Check your answers".
          const branch = change || isLastScreenOf(screen, after) ? page.next(input, after) : undefined;
          const next = pathAfterAnswer(screen, branch, change, after);
          return redirect(next, [session.cookie(draft.id)]);
        },
      },
    ];
  }

  /** Every answered section, for "Check your answers" and the copy to keep. */
  function summarySections(ctx: PageContext, withChangeLinks: boolean) {
    const sections: { title: string; rows: (SummaryRow & { href?: string; label?: string })[] }[] = [];
    for (const page of JOURNEY) {
      // Questions this notifier was not asked (the carer's, for anyone else) are not shown.
      if (!pageApplies(page, ctx)) continue;
      let section = sections.find((s) => s.title === page.section);
      if (!section) {
        section = { title: page.section, rows: [] };
        sections.push(section);
      }
      for (const row of page.summary(ctx.answers[page.id], ctx)) {
        section.rows.push({
          ...row,
          ...(withChangeLinks
            ? { href: changePath(screenFor(page, row.field).path, row.field), label: row.key.toLowerCase() }
            : {}),
        });
      }
    }
    return sections;
  }

  function gapsOf(draft: Draft, ctx: PageContext): string[] {
    const built = draftNotification(draft, ctx);
    return built.ok ? informationGaps(built.notification) : [];
  }

  const checkAnswersView = (draft: Draft, ctx: PageContext, errors: FormErrors) => ({
    pageTitle: 'Check your answers before sending your notification',
    backLink: LAST_QUESTION_PATH,
    csrfToken: draft.csrfToken,
    sections: summarySections(ctx, true),
    gaps: gapsOf(draft, ctx),
    // Pages saved with answers that did not pass their checks: what is shown is the last valid
    // answer (or nothing), so say so and link to each.
    unfinished: JOURNEY.filter(
      (page) => Object.hasOwn(draft.unfinished, page.id) && pageApplies(page, ctx),
    ).map((page) => ({
      title: page.title,
      href: changePath(
        (screenToFix(page, draft.unfinished[page.id], ctx) ?? screenFor(page, undefined)).path,
      ),
    })),
    form: { values: {}, errors },
  });

  async function submit({ req, render, annotate }: RouteContext): Promise<WebResponse> {
    const form = parseFormBody(req);
    const draft = await session.forPost(req, form);
    annotate({ reference: draft.reference });
    // A second click, or a retry after success: the same notification, the same confirmation.
    if (draft.submittedAt) return redirect(CONFIRMATION_PATH);
    const ctx = session.context(draft);
    // Counted only when there is a notification to send: someone correcting their answers is not
    // held back by their own mistakes. Before anything is stored or queued.
    // Built once: what decides the count is what is sent (the answers are parsed once per submit).
    const built = draftNotification(draft, ctx);
    if (built.ok) await session.limit(req, 'notification');
    const outcome = await submitDraft(draft, ctx, deps, built);
    if (!outcome.submitted) {
      const errors = noErrors();
      for (const p of outcome.problems) errors.list.push({ text: p.text, href: `${p.href}?change=check` });
      return render('check-answers.njk', checkAnswersView(draft, ctx, errors), 422);
    }
    // A new reference if this draft's collided with another's.
    annotate({ reference: outcome.reference });
    return redirect(CONFIRMATION_PATH, [session.submittedCookie(draft.id)]);
  }

  async function submittedDraft(req: WebRequest): Promise<Draft | WebResponse> {
    const draft = await session.current(req);
    // Sent more than SUBMITTED_COPY_SECONDS ago (or never): nothing to show, and the cookie goes.
    if (!draft) return redirect('/', req.cookies[DRAFT_COOKIE] ? [session.clearedCookie()] : []);
    if (!draft.submittedAt) return redirect(CHECK_ANSWERS_PATH);
    return draft;
  }

  const staticPage = (
    path: string,
    template: string,
    title: string,
    context: Record<string, unknown> = {},
  ): Route => ({
    method: 'GET',
    path,
    name: template.replace('.njk', ''),
    handle: ({ render }) => render(template, { ...context, pageTitle: title }),
  });

  const routes: Route[] = [
    {
      method: 'GET',
      path: '/',
      name: 'start',
      handle: ({ req, render }) =>
        render('start.njk', { pageTitle: SERVICE_NAME, startPath: startPathFor(req, START_JOURNEY_PATH) }),
    },
    ...informationRoutes(),
    {
      method: 'GET',
      path: START_JOURNEY_PATH,
      name: 'start-journey',
      async handle({ req }) {
        const draft = await session.current(req);
        if (draft && !draft.submittedAt) {
          await rememberCampaign(req, draft, deps);
          return redirect(FIRST_QUESTION_PATH);
        }
        const created = await session.start(req);
        await rememberCampaign(req, created.draft, deps);
        // "Tell us about another child" (after sending): the notifier's own details come along.
        const sent = draft?.answers ?? {};
        for (const page of NOTIFIER_PAGES.filter((p) => Object.hasOwn(sent, p.id))) {
          await deps.drafts.saveAnswers(created.draft.id, page.id, sent[page.id], deps.now());
        }
        return redirect(FIRST_QUESTION_PATH, created.cookies);
      },
    },
    ...SCREENS.flatMap(questionRoutes),
    {
      method: 'GET',
      path: ELIGIBILITY_RESULT_PATH,
      name: 'eligibility-result',
      async handle({ req, render }) {
        const loaded = await session.forQuestion(req);
        if ('status' in loaded) return loaded;
        const ctx = session.context(loaded.draft);
        const answers = answerOf(eligibilityPage, ctx);
        // Not every question answered: back to the first that is not.
        if (!answers) {
          const missing = screenToFix(eligibilityPage, ctx.answers[eligibilityPage.id], ctx);
          return redirect(missing?.path ?? FIRST_QUESTION_PATH, loaded.cookies);
        }
        const change = req.query.change === 'check';
        const lastQuestion = screensOf(eligibilityPage, ctx).at(-1)?.path ?? FIRST_QUESTION_PATH;
        return render(
          'eligibility-result.njk',
          {
            pageTitle: 'Is this private fostering?',
            backLink: change ? CHECK_ANSWERS_PATH : lastQuestion,
            result: assessEligibility(answers),
            continuePath: change ? CHECK_ANSWERS_PATH : AFTER_ELIGIBILITY_PATH,
            change,
          },
          200,
          loaded.cookies,
        );
      },
    },
    {
      method: 'GET',
      path: URGENT_PATH,
      name: 'urgent-concern',
      handle: ({ req, render }) =>
        render('urgent-concern.njk', {
          pageTitle: 'If a child is in immediate danger, call 999',
          backLink: req.query.change === 'check' ? changePath(LAST_QUESTION_PATH) : LAST_QUESTION_PATH,
          continuePath: CHECK_ANSWERS_PATH,
        }),
    },
    {
      method: 'GET',
      path: CHECK_ANSWERS_PATH,
      name: 'check-answers:get',
      async handle({ req, render }) {
        const loaded = await session.forQuestion(req);
        if ('status' in loaded) return loaded;
        const { draft } = loaded;
        const answered = Object.keys(draft.answers).filter((k) => k !== CAMPAIGN_ANSWER);
        if (answered.length === 0 && Object.keys(draft.unfinished).length === 0) {
          // Nothing to check, so no Send button. A browser whose cookie named a draft that is no
          // longer here (opened by a "save and come back later" link elsewhere, or deleted after
          // 7 days) has just been given a new, empty one: say where its answers went.
          const lost = isDraftId(req.cookies[DRAFT_COOKIE]) && loaded.cookies.length > 0;
          const pageTitle = lost ? 'Your answers are not in this browser' : 'There are no answers to check';
          return render(
            'no-answers.njk',
            { pageTitle, lost, startPath: START_JOURNEY_PATH },
            200,
            loaded.cookies,
          );
        }
        const ctx = session.context(loaded.draft);
        return render(
          'check-answers.njk',
          checkAnswersView(loaded.draft, ctx, noErrors()),
          200,
          loaded.cookies,
        );
      },
    },
    { method: 'POST', path: CHECK_ANSWERS_PATH, name: 'check-answers:post', handle: submit },
    {
      method: 'GET',
      path: CONFIRMATION_PATH,
      name: 'confirmation',
      async handle({ req, render, annotate }) {
        const draft = await submittedDraft(req);
        if ('status' in draft) return draft;
        annotate({ reference: draft.reference });
        const ctx = session.context(draft);
        const urgent = (ctx.answers.arrangement as Record<string, unknown> | undefined)
          ?.immediateSafetyConcern;
        return render('confirmation.njk', {
          pageTitle: 'Notification sent',
          reference: draft.reference,
          urgent: urgent === 'yes',
          copyPath: COPY_PATH,
          copyMinutes: SUBMITTED_COPY_SECONDS / 60,
          startAgainPath: START_JOURNEY_PATH,
        });
      },
    },
    {
      method: 'GET',
      path: COPY_PATH,
      name: 'copy',
      async handle({ req, render }) {
        const draft = await submittedDraft(req);
        if ('status' in draft) return draft;
        const ctx = session.context(draft);
        return render('copy.njk', {
          pageTitle: 'Your private fostering notification',
          reference: draft.reference,
          submittedAt: draft.submittedAt,
          sections: summarySections(ctx, false),
          backLink: CONFIRMATION_PATH,
          copyMinutes: SUBMITTED_COPY_SECONDS / 60,
        });
      },
    },
    ...saveAndReturnRoutes({
      session,
      drafts: deps.drafts,
      mailer: deps.mailer,
      now: deps.now,
      councilName: deps.councilName,
      council: deps.council,
      publicBaseUrl: deps.publicBaseUrl,
    }),
    ...(deps.notices ? noticeRoutes({ ...deps, ...deps.notices }) : []),
    ...(deps.transferTokens
      ? transferAcknowledgementRoutes({ ...deps, transferTokens: deps.transferTokens })
      : []),
    ...(deps.informationLinks
      ? missingInformationRoutes({ links: deps.informationLinks, session, now: deps.now })
      : []),
    staticPage('/privacy', 'privacy.njk', 'Privacy notice', { copyMinutes: SUBMITTED_COPY_SECONDS / 60 }),
    staticPage('/accessibility', 'accessibility.njk', 'Accessibility statement'),
    staticPage('/cookies', 'cookies.njk', 'Cookies', { copyMinutes: SUBMITTED_COPY_SECONDS / 60 }),
    { method: 'GET', path: '/assets/*', name: 'asset', handle: ({ req }) => serveAsset(req) },
  ];

  return createWebApp({
    routes,
    views,
    // Drafts are kept for 7 days after the last save, so a failure never loses what was typed.
    errorPages: {
      500: { body: 'Try again later. Your answers have been saved for 7 days.' },
      503: { body: 'Try again in a few minutes. Your answers have been saved for 7 days.' },
    },
    imageOrigins: logoOrigins(deps.logoUrl),
    ...(deps.onResponse ? { onResponse: deps.onResponse } : {}),
    ...(deps.onError ? { onError: deps.onError } : {}),
    ...(deps.originCheck ? { originCheck: deps.originCheck } : {}),
  });
}
