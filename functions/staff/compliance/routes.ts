import { awarenessFigures, awarenessReportLines } from '../../../shared/domain/awareness.ts';
import { END_REASON_LABELS } from '../../../shared/domain/case-vocabulary.ts';
import {
  type ComplianceFigures,
  caseReportRows,
  complianceFigures,
  describeCount,
  figureRows,
  type Period,
} from '../../../shared/domain/compliance.ts';
import { frontDoorFigures, restrictionCounts } from '../../../shared/domain/front-door.ts';
import { formatLongDate } from '../../../shared/domain/local-date.ts';
import { NOTIFIER_ROLE_LABELS } from '../../../shared/domain/notification.ts';
import type { StoredCase } from '../../../shared/domain/stored-case.ts';
import { HttpError } from '../../../shared/web/http.ts';
import type { Route } from '../../../shared/web/web-app.ts';
import { caseRow } from '../case-list.ts';
import { periodFromQuery, periodQuery } from '../period.ts';
import type { StaffAppDependencies } from '../staff-app.ts';
import type { StaffRoutes } from '../staff-routes.ts';
import { casesCsv, csvResponse, figuresCsv } from './csv.ts';

/**
 * The designated manager's compliance pages: the figures for a period (default the financial
 * year), the cases behind each figure, and both CSV downloads. Every figure and column comes from
 * shared/domain/compliance.ts; this module reads the period and presents them.
 */
export function complianceRoutes(
  staff: StaffRoutes,
  deps: Pick<StaffAppDependencies, 'cases' | 'calendar' | 'schedulePolicy' | 'campaigns'>,
): Route[] {
  const figuresFor = async (period: Period): Promise<{ figures: ComplianceFigures; cases: StoredCase[] }> => {
    const cases = await deps.cases.list();
    return {
      cases,
      figures: complianceFigures(cases, period, deps.calendar, {
        today: staff.today(),
        policy: deps.schedulePolicy,
      }),
    };
  };
  const rowsOf = (figures: ComplianceFigures) =>
    figureRows(figures, { source: NOTIFIER_ROLE_LABELS, endReason: END_REASON_LABELS });

  return [
    staff.guarded('GET', '/staff/compliance', 'compliance', { managerOnly: true }, async (ctx, who) => {
      const { period, errors, values } = periodFromQuery(ctx.req.query, staff.today());
      const { figures, cases } = await figuresFor(period);
      const query = periodQuery(period);
      // NMS 7: how the council promoted awareness (the awareness page has the detail).
      const awareness = awarenessReportLines(
        awarenessFigures(cases, period, { campaigns: await deps.campaigns.list(), organisations: [] }),
      );
      const sections: { title: string; rows: ReturnType<typeof rowsOf> }[] = [];
      for (const row of rowsOf(figures)) {
        const last = sections.at(-1);
        if (last?.title === row.section) last.rows.push(row);
        else sections.push({ title: row.section, rows: [row] });
      }
      return ctx.render(
        'compliance.njk',
        staff.pageContext(who, 'compliance', {
          pageTitle: 'Compliance',
          period: { from: formatLongDate(period.from), to: formatLongDate(period.to) },
          cutoff: formatLongDate(figures.cutoff),
          partial: figures.cutoff !== period.to,
          // The arrangements reconcile by construction (shared/domain/figures/arrangement-span.ts):
          // shown so a reader can check the sum without a calculator.
          reconciliation: {
            openAtStart: figures.arrangements.openAtPeriodStart.count,
            started: figures.arrangements.started.count,
            ended: figures.arrangements.ended.count,
            openAtEnd: figures.arrangements.openAtPeriodEnd.count,
          },
          form: { values, errors },
          sections: sections.map((s) => ({
            title: s.title,
            rows: s.rows.map((r) => ({
              ...r,
              // The link reads "35 checks in 4 cases: Overdue" to a screen reader; the page shows "35".
              countRest: describeCount(r).slice(String(r.count).length),
              href: `/staff/compliance/cases?figure=${encodeURIComponent(r.id)}&${query}`,
            })),
          })),
          awareness,
          awarenessHref: `/staff/awareness?${query}`,
          frontDoor: frontDoorFigures(cases, period, deps.calendar, staff.today()),
          restrictions: restrictionCounts(cases, period),
          figuresCsv: `/staff/compliance/figures.csv?${query}`,
          casesCsv: `/staff/compliance/cases.csv?${query}`,
        }),
      );
    }),
    staff.guarded(
      'GET',
      '/staff/compliance/cases',
      'compliance-cases',
      { managerOnly: true },
      async (ctx, who) => {
        const { period } = periodFromQuery(ctx.req.query, staff.today());
        const { figures, cases } = await figuresFor(period);
        const row = rowsOf(figures).find((r) => r.id === ctx.req.query.figure);
        if (!row) throw new HttpError(404, 'Page not found');
        const byRef = new Map(cases.map((c) => [c.reference, c]));
        const day = staff.today();
        return ctx.render(
          'compliance-cases.njk',
          staff.pageContext(who, 'compliance', {
            pageTitle: `${row.section}: ${row.label}`,
            backLink: `/staff/compliance?${periodQuery(period)}`,
            period: { from: formatLongDate(period.from), to: formatLongDate(period.to) },
            row: { ...row, countText: describeCount(row) },
            rows: row.references.flatMap((ref) => {
              const c = byRef.get(ref);
              return c ? [caseRow(c, day)] : [];
            }),
          }),
        );
      },
    ),
    staff.guarded(
      'GET',
      '/staff/compliance/figures.csv',
      'compliance-figures-csv',
      { managerOnly: true },
      async (ctx) => {
        const { period } = periodFromQuery(ctx.req.query, staff.today());
        const { figures } = await figuresFor(period);
        return csvResponse(
          figuresCsv(figures, rowsOf(figures)),
          `private-fostering-figures-${period.from}-to-${period.to}.csv`,
        );
      },
    ),
    staff.guarded(
      'GET',
      '/staff/compliance/cases.csv',
      'compliance-cases-csv',
      { managerOnly: true },
      async (ctx) => {
        const { period } = periodFromQuery(ctx.req.query, staff.today());
        const { cases } = await figuresFor(period);
        return csvResponse(
          casesCsv(caseReportRows(cases, period, deps.calendar, { today: staff.today() })),
          `private-fostering-cases-${period.from}-to-${period.to}.csv`,
        );
      },
    ),
  ];
}
