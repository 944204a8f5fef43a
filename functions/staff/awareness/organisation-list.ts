import { parse } from 'csv-parse/sync';
import type { KnownOrganisation } from '../../../shared/domain/awareness.ts';

/**
 * The council's list of its schools, GP practices and settings, uploaded as a CSV file or pasted
 * (from a spreadsheet, which pastes tab-separated). The first row names the columns: a name column is
 * required ("name", or the names Get Information about Schools and NHS exports use), a type column
 * is optional. Parsed with csv-parse (quoted fields, embedded commas and newlines).
 */

export const MAX_ORGANISATIONS = 5000;
/**
 * A Get Information about Schools export carries many columns per school: a council's few hundred
 * establishments make a file of a few hundred KB, so the list may be larger than a pasted form.
 */
export const MAX_ORGANISATION_LIST_BYTES = 2 * 1024 * 1024;
const NAME_COLUMNS = [
  'name',
  'organisation',
  'organisation name',
  'establishmentname',
  'establishment name',
  'school name',
  'practice name',
];
const TYPE_COLUMNS = ['type', 'kind', 'category', 'typeofestablishment (name)', 'organisation type'];

export type OrganisationListResult =
  | { ok: true; organisations: KnownOrganisation[] }
  | { ok: false; message: string };

export function parseOrganisationList(text: string): OrganisationListResult {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes('\t') && !firstLine.includes(',') ? '\t' : ',';
  let rows: string[][];
  try {
    rows = parse(text, {
      delimiter,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as string[][];
  } catch {
    return { ok: false, message: 'The list could not be read as CSV: check the quotes' };
  }
  const header = (rows[0] ?? []).map((h) => h.toLowerCase().trim());
  const nameAt = header.findIndex((h) => NAME_COLUMNS.includes(h));
  if (nameAt < 0)
    return { ok: false, message: 'The first row must name the columns, with one called “name”' };
  const typeAt = header.findIndex((h) => TYPE_COLUMNS.includes(h));
  const organisations: KnownOrganisation[] = [];
  const seen = new Set<string>();
  for (const row of rows.slice(1)) {
    const name = row[nameAt]?.trim().slice(0, 200);
    if (!name || seen.has(name.toLowerCase())) continue;
    seen.add(name.toLowerCase());
    const type = typeAt >= 0 ? row[typeAt]?.trim().slice(0, 100) : undefined;
    organisations.push({ name, ...(type ? { type } : {}) });
  }
  if (organisations.length === 0)
    return { ok: false, message: 'The list has no organisations under its first row' };
  if (organisations.length > MAX_ORGANISATIONS) {
    return { ok: false, message: `The list can have up to ${MAX_ORGANISATIONS} organisations` };
  }
  return { ok: true, organisations };
}
