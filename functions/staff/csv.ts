/**
 * CSV for the annual report, made to open cleanly in a spreadsheet (RFC 4180): every field quoted,
 * quotes doubled, CRLF line ends, and a UTF-8 byte order mark so Excel reads "é" as é.
 *
 * Formula injection (OWASP "CSV Injection"): a cell starting with = + - @ (or a tab or carriage
 * return, which some spreadsheets skip before such a character) would run as a formula when opened.
 * Such cells get a leading apostrophe, which spreadsheets show as text. Numbers are written as
 * numbers, so a negative figure is never mangled.
 */
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
