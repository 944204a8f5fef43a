/**
 * Visits and checks in from the council's case system, without double keying: the CSV's columns,
 * how each row is read, and how a row is judged against its case. Pure: the text, the case and
 * today are passed in. What a row then does to the case is the ordinary case change
 * (case-change.ts 'record-visit' / 'record-check'), so the schedule and reminders recompute.
 *
 * Idempotency: each row has a key, a hash of what it records (not its line number), kept on the
 * event it writes; a row whose key is already on its case is "already imported", so importing the
 * same file twice changes nothing the second time.
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import * as z from 'zod/mini';
import { CHECK_OUTCOMES, type CheckOutcome } from './case-vocabulary.ts';
import { compareIsoDates, formatLongDate, type IsoDate, isIsoDate, londonDateOf } from './local-date.ts';
import { isReference } from './reference.ts';
import { CHECK_TYPES, type CheckType, VISIT_KINDS, type VisitKind } from './statutory-clock.ts';
import type { CaseEvent, StoredCase } from './stored-case.ts';

/** The columns, in the README's order. `not_seen_alone_reason` may be left out of the file. */
export const IMPORT_COLUMNS = [
  'record_type',
  'reference',
  'person_id',
  'visit_date',
  'visit_type',
  'child_seen',
  'seen_alone',
  'bedroom_seen',
  'not_seen_alone_reason',
  'check_type',
  'requested_on',
  'completed_on',
  'outcome',
] as const;
const OPTIONAL_COLUMNS = new Set<string>(['not_seen_alone_reason']);

/** A file this long is a mistake: a year's visits for a large council is a few hundred rows. */
export const MAX_IMPORT_ROWS = 1000;
/** What a dry run keeps and shows of the reason a visit was not seen alone. */
const MAX_REASON = 1000;

/** Formula injection (OWASP "CSV Injection"): such a cell would run as a formula in a spreadsheet. */
const FORMULA_START = /^[=+\-@\t\r]/;

export interface ImportedVisit {
  date: IsoDate;
  kind: VisitKind;
  childSeen: boolean | undefined;
  childSeenAlone: boolean;
  bedroomSeen: boolean | undefined;
  notSeenAloneReason: string | undefined;
}
export interface ImportedCheck {
  checkType: CheckType;
  requestedOn: IsoDate | undefined;
  completedOn: IsoDate | undefined;
  outcome: CheckOutcome | undefined;
}

/** One line of the file, read: what it records and whom, or why it cannot be read. */
export type ImportRow =
  | {
      line: number;
      ok: true;
      key: string;
      reference: string | undefined;
      personId: string | undefined;
      record: { type: 'visit'; visit: ImportedVisit } | { type: 'check'; check: ImportedCheck };
    }
  | { line: number; ok: false; reference: string | undefined; personId: string | undefined; reason: string };

export type ImportFile = { ok: true; rows: ImportRow[] } | { ok: false; error: string };

const ImportRowSchema: z.ZodMiniType<ImportRow> = z.union([
  z.object({
    line: z.number(),
    ok: z.literal(true),
    key: z.string(),
    reference: z.optional(z.string()),
    personId: z.optional(z.string()),
    record: z.union([
      z.object({
        type: z.literal('visit'),
        visit: z.object({
          date: z.string(),
          kind: z.enum(VISIT_KINDS),
          childSeen: z.optional(z.boolean()),
          childSeenAlone: z.boolean(),
          bedroomSeen: z.optional(z.boolean()),
          notSeenAloneReason: z.optional(z.string()),
        }),
      }),
      z.object({
        type: z.literal('check'),
        check: z.object({
          checkType: z.enum(CHECK_TYPES),
          requestedOn: z.optional(z.string()),
          completedOn: z.optional(z.string()),
          outcome: z.optional(z.enum(CHECK_OUTCOMES)),
        }),
      }),
    ]),
  }),
  z.object({
    line: z.number(),
    ok: z.literal(false),
    reference: z.optional(z.string()),
    personId: z.optional(z.string()),
    reason: z.string(),
  }),
]) as unknown as z.ZodMiniType<ImportRow>;

/** The rows as kept between the dry run and the confirmation (parsed again when read back). */
export const StoredImportSchema = z.object({ rows: z.array(ImportRowSchema) });

/** A date as case systems export them: ISO (2026-11-05) or UK (05/11/2026, 5/11/2026). */
export function readImportDate(raw: string): IsoDate | undefined {
  const t = raw.trim();
  if (isIsoDate(t)) return t;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (!m) return undefined;
  const iso = `${m[3]}-${(m[2] as string).padStart(2, '0')}-${(m[1] as string).padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : undefined;
}

function readYesNo(raw: string): boolean | undefined | 'bad' {
  const t = raw.trim().toLowerCase();
  if (t === '') return undefined;
  if (['yes', 'y', 'true', '1'].includes(t)) return true;
  if (['no', 'n', 'false', '0'].includes(t)) return false;
  return 'bad';
}

const slug = (raw: string) =>
  raw
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');

/** Reads the uploaded text. File-level problems refuse the whole file; row problems reject the row. */
export function parseImportFile(text: string): ImportFile {
  if (text.trim() === '') return { ok: false, error: 'The file is empty' };
  if (text.includes('\u0000')) return { ok: false, error: 'The file must be a CSV file' };
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
      trim: false,
      max_record_size: 10_000,
    });
  } catch {
    return { ok: false, error: 'The file must be a CSV file: every line needs the same number of columns' };
  }
  const [header, ...data] = records;
  if (!header) return { ok: false, error: 'The file is empty' };
  const names = header.map((h) => h.trim().toLowerCase());
  const unknown = names.filter((n) => !(IMPORT_COLUMNS as readonly string[]).includes(n));
  if (unknown.length > 0) {
    return {
      ok: false,
      error: `The first line must name the columns listed on this page; "${unknown[0]?.slice(0, 40)}" is not one of them`,
    };
  }
  const missing = IMPORT_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.has(c) && !names.includes(c));
  if (missing.length > 0) return { ok: false, error: `The file is missing the column "${missing[0]}"` };
  if (new Set(names).size !== names.length) return { ok: false, error: 'The file names a column twice' };
  if (data.length === 0) return { ok: false, error: 'The file has no rows under its column names' };
  if (data.length > MAX_IMPORT_ROWS) {
    return {
      ok: false,
      error: `The file must have ${MAX_IMPORT_ROWS} rows or fewer; split it into smaller files`,
    };
  }
  for (const [i, row] of data.entries()) {
    const col = row.findIndex((cell) => FORMULA_START.test(cell) || FORMULA_START.test(cell.trimStart()));
    if (col !== -1) {
      return {
        ok: false,
        error: `Row ${i + 2}, column "${names[col]}" starts with a formula character (= + - @): remove it and upload the file again`,
      };
    }
  }
  return {
    ok: true,
    rows: data.map((row, i) => {
      const cell = (name: string) => {
        const at = names.indexOf(name);
        return at === -1 ? '' : (row[at] ?? '').trim();
      };
      return readRow(cell, i + 2);
    }),
  };
}

function readRow(cell: (name: string) => string, line: number): ImportRow {
  const reference = cell('reference').toUpperCase() || undefined;
  const personId = cell('person_id') || undefined;
  const reject = (reason: string): ImportRow => ({ line, ok: false, reference, personId, reason });
  if (!reference && !personId) return reject('Give the case reference or the case system person ID');
  if (reference && !isReference(reference))
    return reject('The case reference is not one of ours (8 letters and numbers)');
  if (personId && personId.length > 64) return reject('The person ID must be 64 characters or fewer');
  const type = slug(cell('record_type'));
  const base = { line, ok: true as const, reference, personId };

  if (type === 'visit') {
    const date = readImportDate(cell('visit_date'));
    if (!date) return reject('The visit date must be a real date, like 2026-11-05 or 05/11/2026');
    const kind = slug(cell('visit_type'));
    if (!(VISIT_KINDS as readonly string[]).includes(kind)) {
      return reject(`The visit type must be one of ${VISIT_KINDS.join(', ')}`);
    }
    const childSeen = readYesNo(cell('child_seen'));
    const alone = readYesNo(cell('seen_alone'));
    const bedroom = readYesNo(cell('bedroom_seen'));
    if (childSeen === 'bad' || bedroom === 'bad' || alone === 'bad') {
      return reject('Child seen, seen alone and bedroom seen must be yes or no');
    }
    if (alone === undefined) return reject('Say whether the child was seen alone (yes or no)');
    // Regulation 8(2)(b): seeing the child alone means the child was seen.
    if (alone && childSeen === false) return reject('The child cannot be seen alone but not seen');
    const reason = cell('not_seen_alone_reason').slice(0, MAX_REASON) || undefined;
    const visit: ImportedVisit = {
      date,
      kind: kind as VisitKind,
      childSeen,
      childSeenAlone: alone,
      bedroomSeen: bedroom,
      notSeenAloneReason: alone ? undefined : reason,
    };
    return {
      ...base,
      key: rowKey({ t: 'visit', reference, personId, ...visit }),
      record: { type: 'visit', visit },
    };
  }

  if (type === 'check') {
    const checkType = slug(cell('check_type'));
    if (!(CHECK_TYPES as readonly string[]).includes(checkType)) {
      return reject(`The check type must be one of ${CHECK_TYPES.join(', ')}`);
    }
    const rawRequested = cell('requested_on');
    const rawCompleted = cell('completed_on');
    const requestedOn = rawRequested ? readImportDate(rawRequested) : undefined;
    const completedOn = rawCompleted ? readImportDate(rawCompleted) : undefined;
    if ((rawRequested && !requestedOn) || (rawCompleted && !completedOn)) {
      return reject('Requested and completed dates must be real dates, like 2026-11-05 or 05/11/2026');
    }
    if (!requestedOn && !completedOn) return reject('Give the date the check was requested or completed');
    if (requestedOn && completedOn && compareIsoDates(completedOn, requestedOn) < 0) {
      return reject('The check cannot be completed before it was requested');
    }
    const rawOutcome = slug(cell('outcome'));
    if (rawOutcome && !(CHECK_OUTCOMES as readonly string[]).includes(rawOutcome)) {
      return reject(`The outcome must be one of ${CHECK_OUTCOMES.join(', ')}`);
    }
    if (rawOutcome && !completedOn) return reject('An outcome needs the date the check was completed');
    const check: ImportedCheck = {
      checkType: checkType as CheckType,
      requestedOn,
      completedOn,
      outcome: (rawOutcome || undefined) as CheckOutcome | undefined,
    };
    return {
      ...base,
      key: rowKey({ t: 'check', reference, personId, ...check }),
      record: { type: 'check', check },
    };
  }
  return reject('The record type must be visit or check');
}

/** A row's idempotency key: what it records, whoever uploads it, whichever line it is on. */
function rowKey(fields: Record<string, unknown>): string {
  const canonical = JSON.stringify(
    Object.keys(fields)
      .sort()
      .map((k) => [k, fields[k] ?? null]),
  );
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

/** The upload's id: a hash of its text, so the same file uploaded again is the same upload. */
export function uploadIdOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 40);
}

export type RowStatus = 'matched' | 'not-matched' | 'rejected' | 'already-imported';

export const ROW_STATUS_LABELS: Record<RowStatus, string> = {
  matched: 'Matched',
  'not-matched': 'Not matched',
  rejected: 'Rejected',
  'already-imported': 'Already imported',
};

/** What the dry run (and the confirmation, again) says of a row once its case is looked up. */
export interface RowJudgement {
  status: RowStatus;
  reference: string | undefined;
  reason: string | undefined;
}

/**
 * Judges a read row against its case (undefined: no case matched). A visit or check dated before
 * the notification arrived, or after today, is rejected as the staff forms reject it; an ended case
 * takes no more records (case-change.ts refuses them).
 */
export function judgeImportRow(
  row: ImportRow,
  found: { caseRecord: StoredCase; events: readonly CaseEvent[] } | undefined,
  today: IsoDate,
): RowJudgement {
  if (!row.ok) return { status: 'rejected', reference: row.reference, reason: row.reason };
  if (!found) {
    return {
      status: 'not-matched',
      reference: row.reference,
      reason: row.reference ? 'No case has this reference' : 'No case has this person ID recorded',
    };
  }
  const reference = found.caseRecord.reference;
  if (found.events.some((e) => e.details?.importKey === row.key)) {
    return { status: 'already-imported', reference, reason: undefined };
  }
  if (found.caseRecord.status === 'ended') {
    return {
      status: 'rejected',
      reference,
      reason: 'The arrangement has ended: the case takes no more records',
    };
  }
  const receivedOn = londonDateOf(new Date(found.caseRecord.receivedAt));
  const dates =
    row.record.type === 'visit'
      ? [row.record.visit.date]
      : [row.record.check.requestedOn, row.record.check.completedOn].filter((d): d is string => !!d);
  for (const d of dates) {
    if (compareIsoDates(d, today) > 0)
      return { status: 'rejected', reference, reason: 'The date is in the future' };
    if (compareIsoDates(d, receivedOn) < 0) {
      return {
        status: 'rejected',
        reference,
        reason: `The date is before ${formatLongDate(receivedOn)}, when the notification was received`,
      };
    }
  }
  return { status: 'matched', reference, reason: undefined };
}

/** Said in place of a reason the case system's export did not give (the staff form asks for one). */
export const IMPORTED_NOT_ALONE_REASON = 'Recorded in the case system (the import gave no reason)';
