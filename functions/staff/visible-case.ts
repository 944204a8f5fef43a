import { isReference } from '../../shared/domain/reference.ts';
import { canViewCase } from '../../shared/domain/staff-access.ts';
import type { CaseSnapshot } from '../../shared/domain/stored-case.ts';
import { HttpError, type WebResponse } from '../../shared/web/http.ts';
import type { RouteContext } from '../../shared/web/web-app.ts';
import type { SignedIn } from './auth.ts';
import type { StaffAppDependencies } from './staff-app.ts';
import type { StaffRoutes } from './staff-routes.ts';

/**
 * The case named by a path, if it exists and `who` may see it (404 if it does not exist, a
 * refusal, 403 and logged, if they may not): the one check in front of every page and download
 * of one case, so a caseworker sees only the cases allocated to them.
 */
export async function loadVisibleCase(
  deps: { cases: Pick<StaffAppDependencies['cases'], 'load'>; staff: Pick<StaffRoutes, 'refuse'> },
  ctx: RouteContext,
  who: SignedIn,
  reference: string,
  route: string,
): Promise<{ snapshot: CaseSnapshot } | { refused: WebResponse }> {
  // The path parameter is untrusted input: only a reference as issued can name a case.
  if (!isReference(reference)) throw new HttpError(404, 'Page not found');
  const snapshot = await deps.cases.load(reference);
  if (!snapshot) throw new HttpError(404, 'Page not found');
  ctx.annotate({ reference });
  if (!canViewCase(who.actor, snapshot.caseRecord)) {
    return { refused: deps.staff.refuse(ctx, who, route, reference) };
  }
  return { snapshot };
}
