import {
  type CaseChange,
  CaseChangeRefusedError,
  planCaseChange,
} from '../../../shared/domain/case-change.ts';
import type { Actor } from '../../../shared/domain/case-vocabulary.ts';
import type { CaseSnapshot } from '../../../shared/domain/stored-case.ts';
import {
  IMPORT_COLUMNS,
  IMPORTED_NOT_ALONE_REASON,
  type ImportRow,
  judgeImportRow,
  parseImportFile,
  ROW_STATUS_LABELS,
  type RowJudgement,
  StoredImportSchema,
  uploadIdOf,
} from '../../../shared/domain/visit-import.ts';
import { CaseChangedConcurrentlyError } from '../../../shared/store/case-records.ts';
import { addError, noErrors } from '../../../shared/web/form-validation.ts';
import { HttpError, redirect } from '../../../shared/web/http.ts';
import { csvUploadOf } from '../../../shared/web/multipart-body.ts';
import type { Route, RouteContext } from '../../../shared/web/web-app.ts';
import type { SignedIn } from '../auth.ts';
import type { StaffAppDependencies } from '../staff-app.ts';
import type { StaffRoutes } from '../staff-routes.ts';

/**
 * Visits and checks in from the case system's CSV export (managers only): paste the file, see a dry
 * run (each row matched, not matched, rejected with the reason, or already imported), confirm.
 * Nothing changes until the confirmation; the upload waits server-side (an item with a TTL, keyed
 * by a hash of the text) and is confirmed by its id with the session's CSRF token. Each imported
 * row is the ordinary case change (record-visit / record-check), so the schedule and reminders
 * recompute, with the row's idempotency key and `source: import` on its event.
 *
 * The file arrives as a file upload (multipart, shared/web/multipart-body.ts) or, as an
 * alternative, its text pasted into a field; either way at most 100 KB and 1,000 rows, and a file
 * refused for its size, type or contents imports nothing.
 */
export type ImportDependencies = Pick<
  StaffAppDependencies,
  | 'cases'
  | 'handoff'
  | 'now'
  | 'newId'
  | 'log'
  | 'designatedManager'
  | 'calendar'
  | 'schedulePolicy'
  | 'reminderPolicy'
>;

const UPLOAD_ID = /^[0-9a-f]{40}$/;
/** The import's file limit, with the 1,000 rows of MAX_IMPORT_ROWS: a year of visits is far less. */
export const MAX_IMPORT_BYTES = 100 * 1024;

interface JudgedRow {
  row: ImportRow;
  judgement: RowJudgement;
}

export function importRoutes(staff: StaffRoutes, deps: ImportDependencies): Route[] {
  /** Finds each row's case (by reference, else by the case system's person ID) and judges the row. */
  const judgeAll = async (
    rows: readonly ImportRow[],
  ): Promise<{ judged: JudgedRow[]; snapshots: Map<string, CaseSnapshot> }> => {
    const snapshots = new Map<string, CaseSnapshot>();
    const people = new Map<string, string | undefined>();
    const load = async (reference: string) => {
      if (!snapshots.has(reference)) {
        const s = await deps.cases.load(reference);
        if (s) snapshots.set(reference, s);
      }
      return snapshots.get(reference);
    };
    const judged: JudgedRow[] = [];
    for (const row of rows) {
      let found: CaseSnapshot | undefined;
      if (row.ok) {
        let reference = row.reference;
        if (!reference && row.personId) {
          if (!people.has(row.personId))
            people.set(row.personId, await deps.handoff.referenceOfPerson(row.personId));
          reference = people.get(row.personId);
        }
        found = reference ? await load(reference) : undefined;
      }
      judged.push({ row, judgement: judgeImportRow(row, found, staff.today()) });
    }
    return { judged, snapshots };
  };

  const uploadPage = (
    ctx: RouteContext,
    who: SignedIn,
    values: Record<string, string>,
    error?: string,
    field: 'csv' | 'csvFile' = 'csv',
  ) => {
    const errors = noErrors();
    if (error) addError(errors, field, error);
    return ctx.render(
      'import-upload.njk',
      staff.pageContext(who, 'handoff', {
        pageTitle: 'Import visits and checks',
        backLink: '/staff/exports',
        form: { values, errors },
        columns: IMPORT_COLUMNS,
      }),
      error ? 400 : 200,
    );
  };

  const readUpload = async (id: string) => {
    if (!UPLOAD_ID.test(id)) throw new HttpError(404, 'Page not found');
    const upload = await deps.handoff.getUpload(id, deps.now());
    if (!upload) throw new HttpError(404, 'This upload has expired: upload the file again');
    return { upload, rows: StoredImportSchema.parse(upload.body).rows };
  };

  const changeOf = (row: Extract<ImportRow, { ok: true }>): CaseChange => {
    if (row.record.type === 'visit') {
      const v = row.record.visit;
      return {
        type: 'record-visit',
        visit: {
          date: v.date,
          kind: v.kind,
          childSeenAlone: v.childSeenAlone,
          ...(v.childSeenAlone
            ? {}
            : { notSeenAloneReason: v.notSeenAloneReason ?? IMPORTED_NOT_ALONE_REASON }),
          ...(v.childSeen !== undefined
            ? { childSeen: v.childSeen }
            : v.childSeenAlone
              ? { childSeen: true }
              : {}),
          ...(v.bedroomSeen !== undefined ? { bedroomSeen: v.bedroomSeen } : {}),
          source: 'import',
          matters: [],
        },
      };
    }
    const k = row.record.check;
    return {
      type: 'record-check',
      check: {
        checkType: k.checkType,
        ...(k.requestedOn ? { requestedOn: k.requestedOn } : {}),
        ...(k.completedOn ? { completedOn: k.completedOn } : {}),
        ...(k.outcome ? { outcome: k.outcome } : {}),
      },
    };
  };

  /** One row in: the ordinary change, its event marked with the row's key; retried once on a race. */
  const importRow = async (row: Extract<ImportRow, { ok: true }>, first: CaseSnapshot, actor: Actor) => {
    let snapshot = first;
    for (let attempt = 1; ; attempt++) {
      // A concurrent confirmation may have imported it meanwhile: the key on the case says so.
      if (snapshot.events.some((e) => e.details?.importKey === row.key)) return 'already-imported';
      const plan = planCaseChange(snapshot, changeOf(row), {
        actor,
        now: deps.now(),
        designatedManager: deps.designatedManager,
        calendar: deps.calendar,
        schedulePolicy: deps.schedulePolicy,
        reminderPolicy: deps.reminderPolicy,
        newId: deps.newId,
      });
      plan.event.details = { ...plan.event.details, source: 'import', importKey: row.key, line: row.line };
      try {
        await deps.cases.apply(plan);
        return 'imported';
      } catch (error) {
        if (!(error instanceof CaseChangedConcurrentlyError) || attempt >= 3) throw error;
        const again = await deps.cases.load(snapshot.caseRecord.reference);
        if (!again) throw error;
        snapshot = again;
      }
    }
  };

  return [
    staff.guarded('GET', '/staff/imports', 'import', { managerOnly: true }, (ctx, who) =>
      uploadPage(ctx, who, { csv: '' }),
    ),
    staff.guarded(
      'POST',
      '/staff/imports',
      'import-upload',
      { managerOnly: true },
      async (ctx, who, form) => {
        if (!form) throw new HttpError(400, 'Sorry, there is a problem with the form you sent');
        // A chosen file wins over pasted text; a refused file is never replaced by the text.
        const chosen = csvUploadOf(form.body.files.get('csvFile'), MAX_IMPORT_BYTES);
        if (chosen.ok === false) {
          deps.log.warn('Import refused', { reason: 'upload', role: who.actor.role });
          return uploadPage(ctx, who, { csv: '' }, chosen.error, 'csvFile');
        }
        const pasted = form.body.get('csv') ?? '';
        const text = chosen.ok === true ? chosen.text : pasted;
        const field = chosen.ok === true ? 'csvFile' : 'csv';
        if (text.trim() === '') {
          return uploadPage(ctx, who, { csv: '' }, 'Select a CSV file, or paste its text', 'csvFile');
        }
        if (Buffer.byteLength(text) > MAX_IMPORT_BYTES) {
          return uploadPage(ctx, who, { csv: '' }, 'The file must be smaller than 100 KB', field);
        }
        const file = parseImportFile(text);
        // Pasted text is shown back only when it is small enough to correct by hand.
        const shown = { csv: field === 'csv' && text.length <= 20_000 ? text : '' };
        if (!file.ok) {
          deps.log.warn('Import refused', { reason: 'file', role: who.actor.role });
          return uploadPage(ctx, who, shown, file.error, field);
        }
        const id = uploadIdOf(text);
        await deps.handoff.putUpload(
          id,
          { uploadedBy: who.actor.email, uploadedAt: deps.now().toISOString(), body: { rows: file.rows } },
          deps.now(),
        );
        deps.log.info('Import uploaded', { rows: file.rows.length, role: who.actor.role });
        return redirect(`/staff/imports/${id}`);
      },
    ),
    staff.guarded('GET', '/staff/imports/{id}', 'import-dry-run', { managerOnly: true }, async (ctx, who) => {
      const { upload, rows } = await readUpload(ctx.params.id);
      const { judged } = await judgeAll(rows);
      const counts = Object.fromEntries(
        Object.keys(ROW_STATUS_LABELS).map((s) => [s, judged.filter((j) => j.judgement.status === s).length]),
      );
      return ctx.render(
        'import-dry-run.njk',
        staff.pageContext(who, 'handoff', {
          pageTitle: upload.result ? 'Import finished' : 'Check the import before confirming',
          backLink: '/staff/imports',
          id: ctx.params.id,
          result: upload.result,
          counts,
          canConfirm: (counts.matched ?? 0) > 0,
          rows: judged.map(({ row, judgement }) => ({
            line: row.line,
            what: row.ok
              ? row.record.type === 'visit'
                ? `Visit on ${row.record.visit.date} (${row.record.visit.kind}), seen alone: ${row.record.visit.childSeenAlone ? 'yes' : 'no'}`
                : `Check ${row.record.check.checkType}${row.record.check.completedOn ? `, completed ${row.record.check.completedOn}` : ''}`
              : '',
            reference: judgement.reference,
            status: ROW_STATUS_LABELS[judgement.status],
            colour: {
              matched: 'green',
              'not-matched': 'yellow',
              rejected: 'red',
              'already-imported': 'grey',
            }[judgement.status],
            reason: judgement.reason,
          })),
        }),
      );
    }),
    staff.guarded(
      'POST',
      '/staff/imports/{id}/confirm',
      'import-confirm',
      { managerOnly: true },
      async (ctx, who) => {
        const { rows } = await readUpload(ctx.params.id);
        // Judged again now: the cases may have changed since the dry run.
        const { judged, snapshots } = await judgeAll(rows);
        const result = { imported: 0, alreadyImported: 0, notImported: 0 };
        for (const { row, judgement } of judged) {
          if (judgement.status === 'already-imported') result.alreadyImported += 1;
          if (judgement.status !== 'matched' || !row.ok || !judgement.reference) {
            if (judgement.status !== 'already-imported') result.notImported += 1;
            continue;
          }
          const snapshot = snapshots.get(judgement.reference) as CaseSnapshot;
          try {
            const outcome = await importRow(row, snapshot, who.actor);
            if (outcome === 'imported') result.imported += 1;
            else result.alreadyImported += 1;
          } catch (error) {
            if (!(error instanceof CaseChangeRefusedError)) throw error;
            result.notImported += 1;
          }
          // The next row for the same case plans from what this one wrote.
          const after = await deps.cases.load(judgement.reference);
          if (after) snapshots.set(judgement.reference, after);
        }
        await deps.handoff.saveUploadResult(ctx.params.id, result);
        deps.log.info('Import confirmed', { ...result, role: who.actor.role });
        return redirect(`/staff/imports/${ctx.params.id}`);
      },
    ),
  ];
}
