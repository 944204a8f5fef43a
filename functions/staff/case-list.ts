import { addDays, compareIsoDates, dayOfWeek } from '../../shared/domain/local-date.ts';
import { canViewCase, isAllocatedTo, isManager } from '../../shared/domain/staff-access.ts';
import type { StoredCase } from '../../shared/domain/stored-case.ts';
import type { Route } from '../../shared/web/web-app.ts';
import type { SignedIn } from './auth.ts';
import type { StaffAppDependencies } from './staff-app.ts';
import type { StaffRoutes } from './staff-routes.ts';
import { caseStatusTag, longDate, receivedDate } from './view-models.ts';

/** The case list: every case for the manager, a caseworker's own, with filters and their counts. */

const FILTERS = [
  ['all', 'All cases', true],
  ['mine', 'Allocated to me', false],
  ['unallocated', 'Unallocated', true],
  ['due-this-week', 'Due this week', false],
  ['overdue', 'Overdue', false],
  ['ended', 'Ended', false],
] as const;

const weekEnd = (d: string) => addDays(d, (7 - dayOfWeek(d)) % 7); // the coming Sunday

function matchesFilter(c: StoredCase, filter: string, who: SignedIn, day: string): boolean {
  switch (filter) {
    case 'mine':
      return isAllocatedTo(who.actor, c);
    case 'unallocated':
      return c.status === 'open' && !c.allocatedTo;
    case 'due-this-week':
      return (
        c.status === 'open' &&
        c.nextDue !== undefined &&
        compareIsoDates(c.nextDue, day) >= 0 &&
        compareIsoDates(c.nextDue, weekEnd(day)) <= 0
      );
    case 'overdue':
      return c.status === 'open' && c.nextDue !== undefined && compareIsoDates(c.nextDue, day) < 0;
    case 'ended':
      return c.status === 'ended';
    default:
      return true;
  }
}

/** One row of a list of cases (here, and the cases behind a compliance figure). */
export function caseRow(c: StoredCase, day: string) {
  return {
    reference: c.reference,
    received: receivedDate(c.receivedAt),
    status: caseStatusTag(c, day),
    urgent: c.urgent,
    nextDue: c.status === 'open' ? longDate(c.nextDue) : '',
    allocatedTo: c.allocatedName ?? c.allocatedTo ?? '',
  };
}

export function caseListRoute(staff: StaffRoutes, deps: Pick<StaffAppDependencies, 'cases'>): Route {
  return staff.guarded('GET', '/staff/cases', 'cases', {}, async (ctx, who) => {
    const manager = isManager(who.actor);
    const filters = FILTERS.filter(([, , managerOnly]) => manager || !managerOnly);
    const requested = ctx.req.query.show;
    const filter = filters.find(([id]) => id === requested)?.[0] ?? (manager ? 'all' : 'mine');
    const day = staff.today();
    // A caseworker's list is only ever their own cases, whatever the filter.
    const visible = (await deps.cases.list()).filter((c) => canViewCase(who.actor, c));
    const rows = visible.filter((c) => matchesFilter(c, filter, who, day)).map((c) => caseRow(c, day));
    return ctx.render(
      'cases.njk',
      staff.pageContext(who, 'cases', {
        pageTitle: 'Cases',
        filters: filters.map(([id, text]) => ({
          id,
          text,
          href: `/staff/cases?show=${id}`,
          current: id === filter,
          count: visible.filter((c) => matchesFilter(c, id, who, day)).length,
        })),
        filterText: filters.find(([id]) => id === filter)?.[1],
        rows,
      }),
    );
  });
}
