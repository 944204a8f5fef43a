import { londonDateOf } from '../../shared/domain/local-date.ts';
import { isManager } from '../../shared/domain/staff-access.ts';
import { CSRF_FIELD, csrfTokensMatch } from '../../shared/web/csrf.ts';
import { formInput, postedValues } from '../../shared/web/form-validation.ts';
import { HttpError, redirect, type WebResponse } from '../../shared/web/http.ts';
import { type PostedBody, parsePostedBody } from '../../shared/web/multipart-body.ts';
import type { PathParams } from '../../shared/web/route-path.ts';
import { defineRoute, type Route, type RouteContext } from '../../shared/web/web-app.ts';
import { type AuthDependencies, currentSession, type SignedIn } from './auth.ts';
import type { StaffAppDependencies } from './staff-app.ts';

/**
 * What every staff route shares: the signed-in guard (sign-in redirect, 401, CSRF on every form,
 * manager-only pages), refusals logged without personal data, and the context every page shows.
 */

/**
 * A posted form: the raw body (with any file, for the CSV uploads), the input to validate, and the
 * values to show back on error.
 */
export interface PostedForm {
  body: PostedBody;
  input: Record<string, unknown>;
  values: Record<string, string>;
}

export interface StaffRoutes {
  auth: AuthDependencies;
  /** Today in London, by the app's clock. */
  today(): string;
  /** Values every staff page shows: who is signed in, the sign-out form's token, the navigation. */
  pageContext(
    who: SignedIn | undefined,
    current: '' | 'cases' | 'compliance' | 'awareness' | 'handoff',
    extra?: Record<string, unknown>,
  ): Record<string, unknown>;
  /** The 403 page, logged with the route, the reference and the role: nothing about the person. */
  refuse(ctx: RouteContext, who: SignedIn, route: string, reference?: string): WebResponse;
  /** A page that needs a signed-in member of staff (and, for some, the designated manager). */
  guarded<P extends string>(
    method: 'GET' | 'POST',
    path: P,
    name: string,
    options: { managerOnly?: boolean },
    handle: (
      ctx: RouteContext<PathParams<P>>,
      who: SignedIn,
      form: PostedForm | undefined,
    ) => Promise<WebResponse> | WebResponse,
  ): Route;
}

const ROLE_LABELS: Record<string, string> = {
  'designated-manager': 'designated manager',
  caseworker: 'caseworker',
};

export function createStaffRoutes(deps: StaffAppDependencies): StaffRoutes {
  const auth: AuthDependencies = {
    sessions: deps.sessions,
    oidc: deps.oidc,
    config: deps.config,
    now: deps.now,
  };

  const pageContext: StaffRoutes['pageContext'] = (who, current, extra = {}) => ({
    serviceUrl: '/staff/cases',
    user: who ? { name: who.actor.name, role: ROLE_LABELS[who.actor.role] } : undefined,
    csrfToken: who?.session.csrfToken,
    navigation: who
      ? [
          { href: '/staff/cases', text: 'Cases', active: current === 'cases' },
          ...(isManager(who.actor)
            ? [
                { href: '/staff/notices', text: 'Notices to match', active: false },
                { href: '/staff/compliance', text: 'Compliance', active: current === 'compliance' },
                { href: '/staff/awareness', text: 'Awareness', active: current === 'awareness' },
                // The hand-off to the case system: exports, the visits import, the inspection pack.
                { href: '/staff/exports', text: 'Case system and inspection', active: current === 'handoff' },
              ]
            : []),
        ]
      : [],
    ...extra,
  });

  const refuse: StaffRoutes['refuse'] = (ctx, who, route, reference) => {
    deps.log.warn('Access refused', { route, role: who.actor.role, ...(reference ? { reference } : {}) });
    ctx.annotate({ refused: 'role', ...(reference ? { reference } : {}) });
    return ctx.render('forbidden.njk', pageContext(who, ''), 403);
  };

  const guarded: StaffRoutes['guarded'] = (method, path, name, options, handle) =>
    defineRoute({
      method,
      path,
      name,
      async handle(ctx) {
        const who = await currentSession(ctx.req, auth);
        if (!who) {
          if (method === 'GET') {
            const query = new URLSearchParams(ctx.req.query).toString();
            const returnTo = `${ctx.req.path}${query ? `?${query}` : ''}`;
            return redirect(`/staff/sign-in?${new URLSearchParams({ returnTo }).toString()}`);
          }
          return ctx.render('sign-in-required.njk', pageContext(undefined, ''), 401);
        }
        let form: PostedForm | undefined;
        if (method === 'POST') {
          // Urlencoded or multipart (a file upload): the token is a field either way.
          const body = await parsePostedBody(ctx.req);
          // CSRF: the token bound to this session must come back with every form.
          if (!csrfTokensMatch(who.session.csrfToken, body.get(CSRF_FIELD))) {
            deps.log.warn('Form refused: CSRF token missing or wrong', { route: name, role: who.actor.role });
            throw new HttpError(403, 'Sorry, we could not accept that form', { detail: 'csrf' });
          }
          form = { body, input: formInput(body, [CSRF_FIELD]), values: postedValues(body) };
        }
        if (options.managerOnly && !isManager(who.actor)) return refuse(ctx, who, name);
        return handle(ctx, who, form);
      },
    });

  return { auth, today: () => londonDateOf(deps.now()), pageContext, refuse, guarded };
}
