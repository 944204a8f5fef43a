import { cutoffOf } from '../../../shared/domain/compliance.ts';
import {
  type CaseException,
  caseExceptions,
  caseTimeline,
  EXCEPTION_LABELS,
  inPack,
} from '../../../shared/domain/inspection-pack.ts';
import { formatLongDate, londonDateOf } from '../../../shared/domain/local-date.ts';
import { NOTIFIER_ROLE_LABELS } from '../../../shared/domain/notification.ts';
import type { Route } from '../../../shared/web/web-app.ts';
import { readPeriodQuery } from '../exports/period-query.ts';
import type { StaffAppDependencies } from '../staff-app.ts';
import type { StaffRoutes } from '../staff-routes.ts';

/**
 * The inspection pack for a period (managers only): the caseload's exceptions, then each child's
 * timeline from the event log, as one printable page, every item linking to its case. The rules
 * are in shared/domain/inspection-pack.ts.
 */
export function inspectionRoutes(
  staff: StaffRoutes,
  deps: Pick<StaffAppDependencies, 'cases' | 'handoff' | 'calendar' | 'log'>,
): Route[] {
  return [
    staff.guarded('GET', '/staff/inspection', 'inspection-pack', { managerOnly: true }, async (ctx, who) => {
      const q = readPeriodQuery(ctx.req.query, staff.today());
      const cutoff = cutoffOf(q.period, staff.today());
      const base = {
        pageTitle: 'Inspection pack',
        backLink: '/staff/exports',
        form: { values: q.values, errors: q.errors },
        period: { from: formatLongDate(q.period.from), to: formatLongDate(q.period.to) },
        cutoff: cutoff !== q.period.to ? formatLongDate(cutoff) : undefined,
      };
      if (q.errors.list.length)
        return ctx.render('inspection-pack.njk', staff.pageContext(who, 'handoff', base));
      const cases = (await deps.cases.list())
        .filter((c) => inPack(c, q.period))
        .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
      const exceptions: CaseException[] = [];
      const children = [];
      for (const c of cases) {
        const snapshot = await deps.cases.load(c.reference);
        if (!snapshot) continue;
        exceptions.push(...caseExceptions(snapshot, q.period, cutoff, deps.calendar));
        const emails = await deps.handoff.sentEmails(c.reference);
        children.push({
          reference: c.reference,
          href: `/staff/cases/${c.reference}`,
          received: formatLongDate(londonDateOf(new Date(c.receivedAt))),
          source: NOTIFIER_ROLE_LABELS[c.notifierRole],
          status: c.status === 'open' ? 'Open' : 'Ended',
          timeline: caseTimeline(snapshot, emails, cutoff).map((e) => ({
            on: formatLongDate(e.on),
            kind: e.kind,
            text: e.text,
          })),
        });
      }
      deps.log.info('Inspection pack produced', { cases: children.length, role: who.actor.role });
      return ctx.render(
        'inspection-pack.njk',
        staff.pageContext(who, 'handoff', {
          ...base,
          exceptions: Object.entries(EXCEPTION_LABELS).map(([kind, label]) => ({
            label,
            items: exceptions
              .filter((e) => e.kind === kind)
              .map((e) => ({
                reference: e.reference,
                href: `/staff/cases/${e.reference}`,
                detail: e.detail,
              })),
          })),
          children,
        }),
      );
    }),
  ];
}
