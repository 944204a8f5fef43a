import * as z from 'zod/mini';
import {
  type AdditionAnswers,
  isLinkToken,
  MISSING_INFORMATION_LINK_DAYS,
  MISSING_INFORMATION_PREFIX,
  type MissingItem,
} from '../../shared/domain/missing-information.ts';
import type { InformationLinkStore } from '../../shared/store/information-link-store.ts';
import { clearCookie, serializeCookie } from '../../shared/web/cookies.ts';
import { CSRF_FIELD, csrfTokensMatch, newCsrfToken } from '../../shared/web/csrf.ts';
import { address, date, londonToday, postcode, text } from '../../shared/web/fields.ts';
import { parseFormBody } from '../../shared/web/form-body.ts';
import { addError, formInput, noErrors, postedValues, validate } from '../../shared/web/form-validation.ts';
import { HttpError, redirect, type WebResponse } from '../../shared/web/http.ts';
import type { Route, RouteContext } from '../../shared/web/web-app.ts';
import type { DraftSession } from './draft-session.ts';

/*
 * The page a notifier reaches from the "please tell us a little more" email (issue 12): it asks
 * only the Schedule 1 items the case still lacks (the link says which), pre-filled with nothing,
 * since the page is public and the link could be forwarded. Answering uses the link up; an
 * expired or used link gets a page that says so. As with "save and come back later", opening
 * the link changes nothing (mail scanners open links); only pressing the button does.
 */

/** Binds the form to the browser that opened the link (double-submit CSRF, as resume links do). */
export const MISSING_INFORMATION_COOKIE = 'notify_missing';
const SENT_PATH = '/missing-information-sent';

export interface MissingInformationDependencies {
  links: InformationLinkStore;
  /** The per-client rate limit (shared/domain/rate-limits.ts). */
  session: Pick<DraftSession, 'limit'>;
  now: () => Date;
}

/**
 * The questions, with the same field rules as the form's own pages (pages/arrangement.ts,
 * pages/child.ts, pages/carer.ts, pages/parents.ts). All optional: the notifier may know some.
 */
function fieldsFor(items: readonly MissingItem[], today: string) {
  const later = `${Number(today.slice(0, 4)) + 2}${today.slice(4)}`;
  const asked = new Set(items);
  return z.object({
    ...(asked.has('start-date')
      ? {
          startDate: date({
            name: 'the date the arrangement started or will start',
            label: 'Start date',
            earliest: { iso: '1990-01-01', message: 'Start date must be after 1 January 1990' },
            latest: { iso: later, message: 'Start date must be within the next 2 years' },
            today,
          }),
        }
      : {}),
    ...(asked.has('child-date-of-birth')
      ? {
          childDateOfBirth: date({
            name: "the child's date of birth",
            label: 'Date of birth',
            past: true,
            earliest: { iso: '1990-01-01', message: 'Date of birth must be after 1 January 1990' },
            today,
          }),
        }
      : {}),
    ...(asked.has('carer-name')
      ? { carerName: text({ label: "The carer's full name or names", max: 200 }) }
      : {}),
    ...(asked.has('carer-postcode') ? { carerPostcode: postcode({ uk: true }) } : {}),
    ...(asked.has('parents')
      ? {
          parent: z.optional(
            z.object({
              name: text({ label: 'Full name', max: 200 }),
              relationship: text({ label: 'Relationship to the child', max: 200 }),
              address: address({ ukPostcode: false }),
              contact: text({ label: 'Phone number or email address', max: 200 }),
            }),
          ),
        }
      : {}),
  });
}

type Parsed = {
  startDate?: string | undefined;
  childDateOfBirth?: string | undefined;
  carerName?: string | undefined;
  carerPostcode?: string | undefined;
  parent?:
    | {
        name?: string | undefined;
        relationship?: string | undefined;
        address?: object | undefined;
        contact?: string | undefined;
      }
    | undefined;
};

function toAnswers(v: Parsed): AdditionAnswers {
  const parent = v.parent && Object.values(v.parent).some((x) => x !== undefined) ? v.parent : undefined;
  return {
    ...(v.startDate ? { startDate: v.startDate } : {}),
    ...(v.childDateOfBirth ? { childDateOfBirth: v.childDateOfBirth } : {}),
    ...(v.carerName ? { carerName: v.carerName } : {}),
    ...(v.carerPostcode ? { carerPostcode: v.carerPostcode } : {}),
    ...(parent ? { parents: [JSON.parse(JSON.stringify(parent))] } : {}),
  };
}

/** The first field on the page, for the "answer at least one" error's link. */
const FIRST_FIELD: Record<MissingItem, string> = {
  'start-date': 'startDate-day',
  'child-date-of-birth': 'childDateOfBirth-day',
  'carer-name': 'carerName',
  'carer-postcode': 'carerPostcode',
  parents: 'parent-name',
};

export function missingInformationRoutes(deps: MissingInformationDependencies): Route[] {
  const unavailable = (render: RouteContext['render'], reason: string): WebResponse =>
    render(
      'missing-information-unavailable.njk',
      { reason, days: MISSING_INFORMATION_LINK_DAYS },
      reason === 'unknown' ? 404 : 410,
    );

  const page = (
    render: RouteContext['render'],
    items: readonly MissingItem[],
    csrfToken: string,
    form: { values: Record<string, string>; errors: ReturnType<typeof noErrors> },
    status = 200,
    cookies?: string[],
  ) =>
    render(
      'missing-information.njk',
      {
        pageTitle: 'Tell us what was missing',
        asked: Object.fromEntries(items.map((i) => [i, true])),
        csrfToken,
        form,
      },
      status,
      cookies,
    );

  return [
    {
      method: 'GET',
      path: SENT_PATH,
      name: 'missing-information:sent',
      handle: ({ render }) => render('missing-information-sent.njk', { pageTitle: 'Thank you' }),
    },
    {
      method: 'GET',
      path: `${MISSING_INFORMATION_PREFIX}{token}`,
      name: 'missing-information:get',
      async handle({ params, render }) {
        const token = params.token ?? '';
        const found = isLinkToken(token)
          ? await deps.links.find(token, deps.now())
          : { state: 'unknown' as const };
        if (found.state !== 'valid') return unavailable(render, found.state);
        const csrfToken = newCsrfToken();
        return page(render, found.link.items, csrfToken, { values: {}, errors: noErrors() }, 200, [
          serializeCookie(MISSING_INFORMATION_COOKIE, csrfToken),
        ]);
      },
    },
    {
      method: 'POST',
      path: `${MISSING_INFORMATION_PREFIX}{token}`,
      name: 'missing-information:post',
      async handle({ req, params, render }) {
        // Before the token is looked up: each post is a guess at one.
        await deps.session.limit(req, 'missing-information');
        const token = params.token ?? '';
        if (!isLinkToken(token)) return unavailable(render, 'unknown');
        const found = await deps.links.find(token, deps.now());
        if (found.state !== 'valid') return unavailable(render, found.state);
        const form = parseFormBody(req);
        const cookieToken = req.cookies[MISSING_INFORMATION_COOKIE];
        if (
          req.headers['sec-fetch-site'] === 'cross-site' ||
          !csrfTokensMatch(cookieToken, form.get(CSRF_FIELD))
        ) {
          throw new HttpError(403, 'Sorry, we could not accept that form', {
            detail: 'missing-information post without the token from its page',
            body: 'Open the link in your email again and answer the questions.',
          });
        }
        const items = found.link.items;
        const parsed = validate(fieldsFor(items, londonToday(deps.now())), formInput(form, [CSRF_FIELD]));
        const values = postedValues(form);
        if (!parsed.ok)
          return page(render, items, cookieToken as string, { values, errors: parsed.errors }, 400);
        const answers = toAnswers(parsed.value as Parsed);
        if (Object.keys(answers).length === 0) {
          const errors = noErrors();
          addError(errors, FIRST_FIELD[items[0] as MissingItem], 'Answer at least one question');
          return page(render, items, cookieToken as string, { values, errors }, 400);
        }
        const result = await deps.links.answer(token, answers, deps.now());
        if (!result.ok) return unavailable(render, result.reason);
        return redirect(SENT_PATH, [clearCookie(MISSING_INFORMATION_COOKIE)]);
      },
    },
  ];
}
