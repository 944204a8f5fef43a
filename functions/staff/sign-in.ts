import { redirect } from '../../shared/web/http.ts';
import type { Route } from '../../shared/web/web-app.ts';
import { beginSignIn, completeSignIn, providerSignOutUrl, signOut } from './auth.ts';
import type { StaffAppDependencies } from './staff-app.ts';
import type { StaffRoutes } from './staff-routes.ts';

/** Signing in through the council's OpenID Connect provider, and out again (auth.ts does the work). */
export function signInRoutes(staff: StaffRoutes, deps: Pick<StaffAppDependencies, 'log'>): Route[] {
  const { auth, pageContext } = staff;
  return [
    { method: 'GET', path: '/staff', name: 'home', handle: () => redirect('/staff/cases') },
    { method: 'GET', path: '/staff/sign-in', name: 'sign-in', handle: (ctx) => beginSignIn(ctx.req, auth) },
    {
      method: 'GET',
      path: '/staff/auth/callback',
      name: 'sign-in-callback',
      async handle(ctx) {
        const result = await completeSignIn(ctx.req, auth);
        if (result.outcome === 'signed-in') {
          deps.log.info('Signed in', { role: result.role });
          return result.response;
        }
        if (result.outcome === 'no-role') {
          deps.log.warn('Sign-in refused: no staff group', { route: 'sign-in-callback' });
          return ctx.render('no-access.njk', pageContext(undefined, ''), 403, result.cookies);
        }
        deps.log.warn('Sign-in failed', { route: 'sign-in-callback', reason: result.reason });
        return ctx.render('sign-in-failed.njk', pageContext(undefined, ''), 401, result.cookies);
      },
    },
    {
      method: 'GET',
      path: '/staff/signed-out',
      name: 'signed-out',
      handle: async (ctx) =>
        ctx.render(
          'signed-out.njk',
          pageContext(undefined, '', { providerSignOut: await providerSignOutUrl(auth) }),
        ),
    },
    staff.guarded('POST', '/staff/sign-out', 'sign-out', {}, (_ctx, who) => signOut(who, auth)),
  ];
}
