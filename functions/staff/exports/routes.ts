import {
  type CaseSystemDetails,
  CODED_RECORD_COLUMNS,
  type CodedRecord,
  codedRecordOf,
  codedRecordTable,
  PF_ASSESSMENT_FACTOR_CODES,
  PF_ASSESSMENT_FACTORS,
  type PfAssessmentFactor,
} from '../../../shared/domain/coded-record.ts';
import { complianceFigures } from '../../../shared/domain/compliance.ts';
import { inPack } from '../../../shared/domain/inspection-pack.ts';
import { compareIsoDates, formatLongDate, londonDateOf } from '../../../shared/domain/local-date.ts';
import { pf1Lines } from '../../../shared/domain/pf1-return.ts';
import { canChangeCase } from '../../../shared/domain/staff-access.ts';
import type { CaseSnapshot } from '../../../shared/domain/stored-case.ts';
import { PersonIdTakenError } from '../../../shared/store/handoff-store.ts';
import { singleLine } from '../../../shared/web/fields.ts';
import { addError, noErrors } from '../../../shared/web/form-validation.ts';
import { HttpError, redirect, type WebResponse } from '../../../shared/web/http.ts';
import type { Route, RouteContext } from '../../../shared/web/web-app.ts';
import type { SignedIn } from '../auth.ts';
import { csvResponse, toCsv } from '../compliance/csv.ts';
import type { StaffAppDependencies } from '../staff-app.ts';
import type { StaffRoutes } from '../staff-routes.ts';
import { loadVisibleCase } from '../visible-case.ts';
import { readPeriodQuery } from './period-query.ts';
import { caseRecordView } from './record-view.ts';

/**
 * Records out to the council's case system: one case as coded JSON, CSV or a printable record
 * (each download an audit event on the case), the case system's person ID and assessment factors
 * (a small form on the case), and, for managers, the bulk export for a period or changed since a
 * date, beside the annual figures in the old PF1 return's shape. What the record holds is decided
 * in shared/domain/coded-record.ts.
 */
export type ExportDependencies = Pick<
  StaffAppDependencies,
  'cases' | 'handoff' | 'config' | 'now' | 'newId' | 'log' | 'calendar' | 'schedulePolicy'
>;

const CASE_PATH = '/staff/cases/{reference}';
/** A case system's person ID: its own digits and letters, never a formula or markup. */
const PERSON_ID = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,63}$/;

export function jsonResponse(body: unknown, filename: string): WebResponse {
  return {
    status: 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
    },
    body: `${JSON.stringify(body, null, 2)}\n`,
  };
}

export function exportRoutes(staff: StaffRoutes, deps: ExportDependencies): Route[] {
  const council = () => ({ name: deps.config.councilName, ...deps.config.councilCodes });

  const loadVisible = (ctx: RouteContext, who: SignedIn, reference: string, route: string) =>
    loadVisibleCase({ cases: deps.cases, staff }, ctx, who, reference, route);

  const recordOf = async (snapshot: CaseSnapshot): Promise<CodedRecord> =>
    codedRecordOf(
      snapshot,
      council(),
      await deps.handoff.caseSystemDetails(snapshot.caseRecord.reference),
      deps.now(),
    );

  /** A record left the product: an event on the case (who, when, in what form), never its content. */
  const audit = (reference: string, who: SignedIn, format: string) =>
    deps.handoff.appendEvent(
      reference,
      { event: 'record-exported', by: who.actor.email, at: deps.now().toISOString(), details: { format } },
      deps.newId(),
    );

  const download = (format: 'json' | 'csv' | 'print') =>
    staff.guarded(
      'GET',
      `${CASE_PATH}/record${format === 'print' ? '' : `.${format}`}`,
      `record-${format}`,
      {},
      async (ctx, who) => {
        const loaded = await loadVisible(ctx, who, ctx.params.reference, `record-${format}`);
        if ('refused' in loaded) return loaded.refused;
        const record = await recordOf(loaded.snapshot);
        await audit(record.case.reference, who, format);
        deps.log.info('Record exported', { reference: record.case.reference, format, role: who.actor.role });
        const name = `private-fostering-record-${record.case.reference}`;
        if (format === 'json') return jsonResponse(record, `${name}.json`);
        if (format === 'csv') {
          const t = codedRecordTable([record]);
          return csvResponse(toCsv(t.header, t.rows), `${name}.csv`);
        }
        return ctx.render(
          'case-record.njk',
          staff.pageContext(who, 'cases', {
            pageTitle: `Record of case ${record.case.reference}`,
            backLink: `/staff/cases/${record.case.reference}`,
            record: caseRecordView(record),
          }),
        );
      },
    );

  // ---- the case system's person ID and the assessment factors --------------------------------------

  const caseSystemPage = (
    ctx: RouteContext,
    who: SignedIn,
    reference: string,
    values: { personId: string; factors: string[] },
    errors = noErrors(),
    status = 200,
  ) =>
    ctx.render(
      'case-system.njk',
      staff.pageContext(who, 'cases', {
        pageTitle: `Case system details: case ${reference}`,
        reference,
        backLink: `/staff/cases/${reference}`,
        done: status === 200 && ctx.req.query.done === '1',
        form: { values: { personId: values.personId }, errors },
        factors: PF_ASSESSMENT_FACTOR_CODES.map((code) => ({
          value: code,
          text: `${code}: ${PF_ASSESSMENT_FACTORS[code]}`,
          checked: values.factors.includes(code),
        })),
      }),
      status,
    );

  const changeable = async (ctx: RouteContext, who: SignedIn, reference: string) => {
    const loaded = await loadVisible(ctx, who, reference, 'case-system');
    if ('refused' in loaded) return loaded;
    // Whoever may record a visit on the case may record where it lives in the case system.
    if (!canChangeCase(who.actor, loaded.snapshot.caseRecord, 'record-visit'))
      return { refused: staff.refuse(ctx, who, 'case-system', reference) };
    return loaded;
  };

  const caseSystemRoutes = [
    staff.guarded('GET', `${CASE_PATH}/case-system`, 'case-system', {}, async (ctx, who) => {
      const loaded = await changeable(ctx, who, ctx.params.reference);
      if ('refused' in loaded) return loaded.refused;
      const current = await deps.handoff.caseSystemDetails(ctx.params.reference);
      return caseSystemPage(ctx, who, ctx.params.reference, {
        personId: current?.personId ?? '',
        factors: current?.assessmentFactors ?? [],
      });
    }),
    staff.guarded('POST', `${CASE_PATH}/case-system`, 'case-system-change', {}, async (ctx, who, form) => {
      if (!form) throw new HttpError(400, 'Sorry, there is a problem with the form you sent');
      const { reference } = ctx.params;
      const loaded = await changeable(ctx, who, reference);
      if ('refused' in loaded) return loaded.refused;
      const personId = singleLine(form.body.get('personId') ?? '');
      const factors = [
        ...new Set(
          form.body
            .getAll('factors')
            .filter((f): f is PfAssessmentFactor => (PF_ASSESSMENT_FACTOR_CODES as string[]).includes(f)),
        ),
      ];
      const errors = noErrors();
      if (personId === '') addError(errors, 'personId', 'Enter the person ID from the case system');
      else if (personId.length > 64) addError(errors, 'personId', 'Person ID must be 64 characters or fewer');
      else if (!PERSON_ID.test(personId))
        addError(
          errors,
          'personId',
          'Person ID must start with a letter or number, and use only letters, numbers, / _ . and -',
        );
      if (errors.list.length === 0) {
        const details: CaseSystemDetails = {
          personId,
          assessmentFactors: factors,
          recordedBy: who.actor.email,
          recordedAt: deps.now().toISOString(),
        };
        try {
          await deps.handoff.recordCaseSystemDetails(reference, details, deps.newId());
          deps.log.info('Case system details recorded', { reference, role: who.actor.role });
          return redirect(`/staff/cases/${reference}/case-system?done=1`);
        } catch (error) {
          if (!(error instanceof PersonIdTakenError)) throw error;
          addError(errors, 'personId', `That person ID is already recorded on case ${error.reference}`);
        }
      }
      return caseSystemPage(ctx, who, reference, { personId, factors }, errors, 400);
    }),
  ];

  // ---- bulk, managers only ---------------------------------------------------------------------------

  /** Cases in the selection, with their snapshots: by period, or by a change since a date. */
  const selected = async (period: { from: string; to: string }, since: string | undefined) => {
    const all = await deps.cases.list();
    const candidates = since ? all : all.filter((c) => inPack(c, period));
    const snapshots: CaseSnapshot[] = [];
    for (const c of candidates) {
      const s = await deps.cases.load(c.reference);
      if (!s) continue;
      if (since) {
        // Changed: anything recorded on the case (downloads are not changes) on or after the date.
        const changed = s.events.some(
          (e) => e.event !== 'record-exported' && compareIsoDates(londonDateOf(new Date(e.at)), since) >= 0,
        );
        if (!changed) continue;
      }
      snapshots.push(s);
    }
    return snapshots.sort((a, b) => a.caseRecord.receivedAt.localeCompare(b.caseRecord.receivedAt));
  };

  const bulk = (format: 'json' | 'csv') =>
    staff.guarded(
      'GET',
      `/staff/exports/records.${format}`,
      `export-${format}`,
      { managerOnly: true },
      async (ctx, who) => {
        const q = readPeriodQuery(ctx.req.query, staff.today(), true);
        if (q.errors.list.length) throw new HttpError(400, 'Choose the dates again on the export page');
        const snapshots = await selected(q.period, q.since);
        const records = await Promise.all(snapshots.map(recordOf));
        for (const r of records) await audit(r.case.reference, who, `bulk-${format}`);
        deps.log.info('Records exported in bulk', { format, count: records.length, role: who.actor.role });
        const name = q.since
          ? `private-fostering-records-changed-since-${q.since}`
          : `private-fostering-records-${q.period.from}-to-${q.period.to}`;
        if (format === 'json') {
          return jsonResponse(
            {
              exportedAt: deps.now().toISOString(),
              selection: q.since ? { changedSince: q.since } : { from: q.period.from, to: q.period.to },
              records,
            },
            `${name}.json`,
          );
        }
        const t = codedRecordTable(records);
        return csvResponse(toCsv(t.header, t.rows), `${name}.csv`);
      },
    );

  return [
    download('json'),
    download('csv'),
    download('print'),
    ...caseSystemRoutes,
    staff.guarded('GET', '/staff/exports', 'exports', { managerOnly: true }, async (ctx, who) => {
      const q = readPeriodQuery(ctx.req.query, staff.today(), true);
      return ctx.render(
        'exports.njk',
        staff.pageContext(who, 'handoff', {
          pageTitle: 'Export records',
          form: { values: q.values, errors: q.errors },
          period: { from: formatLongDate(q.period.from), to: formatLongDate(q.period.to) },
          since: q.since ? formatLongDate(q.since) : undefined,
          links: q.errors.list.length
            ? undefined
            : {
                json: `/staff/exports/records.json?${q.query}`,
                csv: `/staff/exports/records.csv?${q.query}`,
                pf1: `/staff/exports/pf1.csv?${q.query}`,
              },
          columns: CODED_RECORD_COLUMNS.map(([name]) => name),
        }),
      );
    }),
    bulk('json'),
    bulk('csv'),
    staff.guarded('GET', '/staff/exports/pf1.csv', 'export-pf1', { managerOnly: true }, async (ctx) => {
      const q = readPeriodQuery(ctx.req.query, staff.today());
      if (q.errors.list.length) throw new HttpError(400, 'Choose the dates again on the export page');
      const figures = complianceFigures(await deps.cases.list(), q.period, deps.calendar, {
        today: staff.today(),
        policy: deps.schedulePolicy,
      });
      return csvResponse(
        toCsv(
          ['Item', 'Count', 'Out of', 'Percentage', 'Period start', 'Period end', 'Counted to'],
          pf1Lines(figures).map((l) => [
            l.item,
            l.count,
            l.outOf,
            l.percent,
            q.period.from,
            q.period.to,
            figures.cutoff,
          ]),
        ),
        `private-fostering-pf1-${q.period.from}-to-${q.period.to}.csv`,
      );
    }),
  ];
}
