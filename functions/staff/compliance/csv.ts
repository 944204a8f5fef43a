/**
 * CSV for the annual report, made to open cleanly in a spreadsheet (RFC 4180): every field quoted,
 * quotes doubled, CRLF line ends, and a UTF-8 byte order mark so Excel reads "é" as é.
 *
 * Formula injection (OWASP "CSV Injection"): a cell starting with = + - @ (or a tab or carriage
 * return, which some spreadsheets skip before such a character) would run as a formula when opened.
 * Such cells get a leading apostrophe, which spreadsheets show as text. Numbers are written as
 * numbers, so a negative figure is never mangled.
 */
import { DECISION_OUTCOME_LABELS, END_REASON_LABELS } from '../../../shared/domain/case-vocabulary.ts';
import type {
  CaseReportRow,
  ComplianceFigures,
  FigureRow,
  InitialVisitOutcome,
} from '../../../shared/domain/compliance.ts';
import { NOTIFIER_ROLE_LABELS } from '../../../shared/domain/notification.ts';
import type { WebResponse } from '../../../shared/web/http.ts';

export type CsvCell = string | number | boolean | undefined | null;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === undefined || value === null) return '""';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '""';
  let text = typeof value === 'boolean' ? (value ? 'yes' : 'no') : value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A CSV download (the browser saves it under `filename`). */
export function csvResponse(body: string, filename: string): WebResponse {
  return {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
    },
    body,
  };
}

/** The figures CSV: one line per figure of the dashboard, with its definition and its cases. */
export function figuresCsv(figures: ComplianceFigures, rows: readonly FigureRow[]): string {
  const { period } = figures;
  return toCsv(
    [
      'Section',
      'Figure',
      'Count',
      'Percentage or median',
      'Period start',
      'Period end',
      'Counted to',
      'Definition',
      'Cases',
    ],
    rows.map((r) => [
      r.section,
      r.label,
      r.count,
      r.percent,
      period.from,
      period.to,
      figures.cutoff,
      r.definition,
      r.references.join(' '),
    ]),
  );
}

/** How the cases CSV words each initial visit outcome (the outcome itself is decided in compliance.ts). */
const INITIAL_VISIT_TEXT: Record<InitialVisitOutcome, string> = {
  'on-time': 'yes',
  late: 'no',
  'not-made': 'no (not made)',
  'not-yet-due': 'not yet due',
  'ended-before-due': 'not due (ended before)',
  'not-private-fostering': 'not counted (not private fostering)',
  duplicate: 'not counted (duplicate of another case)',
  'not-owed': 'not owed (past the age limit or over when notified)',
};

/** Why a case is not an arrangement in the figures (arrangement-span.ts decides). */
const NOT_COUNTED_TEXT: Record<string, string> = {
  duplicate: 'Duplicate of another case',
  'not-private-fostering': 'Decided not private fostering',
  'not-started': 'Proposal: the child has not moved in',
  'over-before-it-started': 'Over, or past the age limit, when notified',
};

/** The cases CSV: one line per case, every value from shared/domain's caseReportRows. */
export function casesCsv(rows: readonly CaseReportRow[]): string {
  return toCsv(
    [
      'Reference',
      'Received',
      'Source',
      'Status',
      'Allocated to',
      'Initial visit due',
      'Initial visit made',
      'Initial visit within 7 working days',
      'Visits',
      'Visits with the child seen alone',
      'Last visit',
      'Next due',
      'Checks completed',
      'Ended on',
      'End reason',
      'Decision',
      'Decided on',
      'Days from notification to decision',
      'Proposed or running when notified',
      'Moved in',
      'Arrangement started',
      'Not counted as an arrangement',
      'Duplicate of',
      'Age limit (16th, or 18th if disabled, birthday)',
      'Weeks without a visit since the initial visit was due',
      'Visits where seeing the child alone was not appropriate',
      'Visits dated before the notification (not counted)',
    ],
    rows.map((r) => [
      r.reference,
      r.receivedOn,
      NOTIFIER_ROLE_LABELS[r.notifierRole],
      r.status,
      r.allocatedTo,
      r.initialVisit?.due,
      r.initialVisit?.made,
      r.initialVisit ? INITIAL_VISIT_TEXT[r.initialVisit.outcome] : undefined,
      r.visits,
      r.visitsSeenAlone,
      r.lastVisit,
      r.nextDue,
      r.checksCompleted,
      r.endedOn,
      r.endReason ? END_REASON_LABELS[r.endReason] : undefined,
      r.decision ? DECISION_OUTCOME_LABELS[r.decision] : undefined,
      r.decidedOn,
      r.daysToDecision,
      r.arrangement,
      r.movedInOn,
      r.startedOn,
      r.notCounted ? NOT_COUNTED_TEXT[r.notCounted] : undefined,
      r.duplicateOf,
      r.ageLimitOn,
      r.initialVisit?.weeksWithoutVisit,
      r.visitsAloneNotAppropriate,
      r.visitsBeforeNotification,
    ]),
  );
}
