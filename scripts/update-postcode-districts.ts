/**
 * Rewrites `shared/domain/data/postcode-districts.json`, the postcode district → council lookup:
 * `npm run postcodes:update -- --from <source> --names <council names> [--names <more>] [--note <provenance>]`.
 *
 * The council recorded is the children's services authority, the one a privately fostered child's
 * notification and transfer go to: Children Act 1989 s.66-67 place the duties on the "local
 * authority", which s.105(1) defines for England as the council of a county, a metropolitan
 * district or a London borough, or the Common Council of the City of London; in a two-tier area
 * that is the county council, never the district council. So a postcode counts for its county
 * (GSS E10) where it has one, and otherwise for its unitary, metropolitan or London borough council
 * (E06, E08, E09; a unitary council has the county's functions).
 *
 * `--from` takes either of two Open Government Licence v3.0 sources (a folder is Code-Point Open):
 * - OS Code-Point Open (https://osdatahub.os.uk/downloads/open/CodePointOpen, OS OpenData): the
 *   unzipped `codepo_gb` folder (or its `Data/CSV` folder). Headerless CSVs, one per postcode
 *   area, columns as the release's `Doc/Code-Point_Open_Column_Headers.csv`: column 8 is
 *   `Admin_county_code` (the county's GSS code in two-tier areas, empty elsewhere) and column 9
 *   `Admin_district_code`, the GSS code of the district the postcode's point lies in. It holds
 *   live postcodes only. When `Doc/metadata.txt` is there, its release number and date go into
 *   the file's `source`, and each area's row count must match it (a truncated copy is refused).
 * - The National Statistics Postcode Lookup (NSPL) or ONS Postcode Directory (ONSPD) CSV from the
 *   ONS Open Geography Portal (https://geoportal.statistics.gov.uk): a header row with `pcds`,
 *   `laua`/`LADyyCD` and `cty`/`oscty` (the county; E99999999 outside two-tier areas);
 *   terminated postcodes (`doterm` set) are left out.
 * The portal's download addresses change with each release, so the command takes them as
 * arguments (a URL or a local path) rather than guessing one.
 *
 * `--names` (repeatable; the lists are merged) takes the ONS "Local Authority Districts (<month
 * year>) Names and Codes in the United Kingdom" CSV (`LADyyCD`, `LADyyNM`; the ONSPD zip ships one
 * as "LA_UA names and codes UK as at <mm_yy>.csv"), the ONS "Counties (<month year>) Names and
 * Codes in England" CSV (`CTYyyCD`, `CTYyyNM`), or a JSON object of code → name made from either.
 * Every authority kept must be named: counties as well as districts.
 *
 * Kept: postcodes in England whose children's services authority is a county (E10) or a unitary,
 * metropolitan or London borough council (E06, E08, E09) — the codes transfer.ts accepts; each
 * postcode district with every such authority it lies in, the one with the most postcodes first,
 * so a district spanning authorities asks staff to confirm. A district council (E07) with no
 * county is refused: the county column is missing or wrong.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse';
import * as z from 'zod/mini';
import {
  type PostcodeDistrictFile,
  PostcodeDistrictFileSchema,
  postcodeDistrictOf,
} from '../shared/domain/transfer.ts';

const DEFAULT_FILE = fileURLToPath(new URL('../shared/domain/data/postcode-districts.json', import.meta.url));
/** A children's services authority in England: unitary (E06), metropolitan (E08), London borough (E09), county (E10). */
const CHILDRENS_SERVICES_AUTHORITY = /^E(0[689]|10)\d{6}$/;
const COUNTY = /^E10\d{6}$/;
const TWO_TIER_DISTRICT = /^E07\d{6}$/;
const OGL =
  'Open Government Licence v3.0 (https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/)';
const ONS_NAMES_ATTRIBUTION =
  'Council names: Source: Office for National Statistics licensed under the Open Government Licence v3.0';

async function open(source: string): Promise<NodeJS.ReadableStream> {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source, { signal: AbortSignal.timeout(600_000) });
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status} ${response.statusText}`);
    return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
  }
  return createReadStream(source);
}

async function isDirectory(path: string): Promise<boolean> {
  if (/^https?:\/\//.test(path)) return false;
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

/** The column holding the council's code: NSPL/ONSPD call it `laua`, some extracts `lad<yy>cd`. */
const councilColumn = (header: string[]) =>
  header.find((h) => h.toLowerCase() === 'laua' || /^lad\d{2}cd$/i.test(h) || h.toLowerCase() === 'oslaua');
/** The county's code: NSPL calls it `cty`, ONSPD `oscty`, some extracts `cty<yy>cd`. */
const countyColumn = (header: string[]) =>
  header.find((h) => h.toLowerCase() === 'cty' || /^cty\d{2}cd$/i.test(h) || h.toLowerCase() === 'oscty');

const NamesJsonSchema = z.record(z.string(), z.string());

async function readNames(source: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (/\.json$/i.test(source)) {
    const chunks: Buffer[] = [];
    for await (const chunk of await open(source)) chunks.push(Buffer.from(chunk));
    const json = z.parse(NamesJsonSchema, JSON.parse(Buffer.concat(chunks).toString('utf8')));
    for (const [code, name] of Object.entries(json)) names.set(code, name);
    return names;
  }
  for await (const row of (await open(source)).pipe(parse({ columns: true, bom: true }))) {
    const r = row as Record<string, string>;
    const code = Object.entries(r).find(([k]) => /^(lad|cty)\d{2}cd$/i.test(k))?.[1];
    const name = Object.entries(r).find(([k]) => /^(lad|cty)\d{2}nm$/i.test(k))?.[1];
    if (code && name) names.set(code, name);
  }
  return names;
}

/** A postcode and the GSS codes of the district and (in a two-tier area) county it lies in. */
interface PostcodeRow {
  postcode: string;
  district: string;
  county: string;
}

/**
 * The postcode's children's services authority: its county in a two-tier area (Children Act 1989
 * s.105(1): the "local authority" is the county council there), else its district's own council.
 */
function authorityOf(row: PostcodeRow): string {
  return COUNTY.test(row.county) ? row.county : row.district;
}

interface Read {
  rows: AsyncIterable<PostcodeRow>;
  /** Filled in once `rows` has been read to the end. */
  counted: () => number;
  source: () => string;
  licence: () => string;
}

/** Code-Point Open's `Doc/metadata.txt`: the release and each area's postcode count. */
interface CodePointMetadata {
  version: string;
  copyrightDate: string;
  counts: Map<string, number>;
}

function parseCodePointMetadata(text: string): CodePointMetadata | undefined {
  const version = /DATASET VERSION NUMBER:\s*(\S+)/.exec(text)?.[1];
  const date = /COPYRIGHT DATE:\s*(\d{4})(\d{2})(\d{2})/.exec(text);
  if (!version || !date) return undefined;
  const counts = new Map<string, number>();
  for (const m of text.matchAll(/^\s*([A-Z]{1,2})\t(\d+)\s*$/gm)) counts.set(m[1] as string, Number(m[2]));
  return { version, copyrightDate: `${date[1]}-${date[2]}-${date[3]}`, counts };
}

async function readCodePoint(folder: string): Promise<Read> {
  const csvFolder = (await isDirectory(join(folder, 'Data', 'CSV'))) ? join(folder, 'Data', 'CSV') : folder;
  const docFolder = csvFolder === folder ? join(folder, '..', '..', 'Doc') : join(folder, 'Doc');
  const metadata = parseCodePointMetadata(
    await readFile(join(docFolder, 'metadata.txt'), 'latin1').catch(() => ''),
  );
  const files = (await readdir(csvFolder)).filter((f) => /^[a-z]{1,2}\.csv$/i.test(f)).sort();
  if (files.length === 0) throw new Error(`${folder} has no Code-Point Open area CSVs (ab.csv, al.csv, …).`);
  if (metadata) {
    const areas = new Set(files.map((f) => f.replace(/\.csv$/i, '').toUpperCase()));
    const missing = [...metadata.counts.keys()].filter((a) => !areas.has(a));
    if (missing.length) throw new Error(`${folder} lacks the area files for ${missing.join(', ')}.`);
  }
  let total = 0;
  async function* rows(): AsyncIterable<PostcodeRow> {
    for (const f of files) {
      let inFile = 0;
      for await (const row of createReadStream(join(csvFolder, f)).pipe(
        parse({ relax_column_count: true }),
      )) {
        const r = row as string[];
        inFile++;
        // Postcode, Positional_quality_indicator, Eastings, Northings, Country_code,
        // NHS_regional_HA_code, NHS_HA_code, Admin_county_code, Admin_district_code, Admin_ward_code
        yield { postcode: r[0] ?? '', county: r[7] ?? '', district: r[8] ?? '' };
      }
      total += inFile;
      const area = f.replace(/\.csv$/i, '').toUpperCase();
      const expected = metadata?.counts.get(area);
      if (expected !== undefined && expected !== inFile)
        throw new Error(`${f} has ${inFile} postcodes; the release's metadata.txt says ${expected}.`);
    }
  }
  const year = metadata?.copyrightDate.slice(0, 4);
  const c = year ? ` ${year}` : '';
  return {
    rows: rows(),
    counted: () => total,
    source: () =>
      [
        `OS Code-Point Open${metadata ? `, dataset version ${metadata.version} (copyright date ${metadata.copyrightDate})` : ' (release not stated: no Doc/metadata.txt)'}`,
        'https://osdatahub.os.uk/downloads/open/CodePointOpen',
        "each postcode's children's services authority (its Admin_county_code where that is a county, E10, else its Admin_district_code), aggregated to postcode districts; England only",
      ].join('; '),
    licence: () =>
      `${OGL}, OS OpenData. Contains OS data © Crown copyright and database right${c}; Contains Royal Mail data © Royal Mail copyright and database right${c}; Contains National Statistics data © Crown copyright and database right${c}. ${ONS_NAMES_ATTRIBUTION}`,
  };
}

async function readOnsDirectory(from: string): Promise<Read> {
  let column: string | undefined;
  let county: string | undefined;
  let total = 0;
  const parser = (await open(from)).pipe(
    parse({
      bom: true,
      columns: (header: string[]) => {
        column = councilColumn(header);
        county = countyColumn(header);
        return header;
      },
    }),
  );
  async function* rows(): AsyncIterable<PostcodeRow> {
    for await (const row of parser) {
      const r = row as Record<string, string>;
      total++;
      if (!column || !county) break;
      if (r.doterm) continue; // terminated postcodes
      yield { postcode: r.pcds ?? r.pcd ?? '', district: r[column] ?? '', county: r[county] ?? '' };
    }
    if (!column)
      throw new Error(
        `${from} has no laua/LADyyCD column (for Code-Point Open, give the unzipped codepo_gb folder).`,
      );
    // Without the county, two-tier areas would name district councils, which have no children's
    // services (Children Act 1989 s.105(1): the county council is the "local authority").
    if (!county) throw new Error(`${from} has no cty/oscty/CTYyyCD column.`);
  }
  return {
    rows: rows(),
    counted: () => total,
    source: () =>
      [
        `ONS postcode directory (NSPL/ONSPD) ${from}`,
        "each live postcode's children's services authority (its county, cty, where that is a county, E10, else its local authority district, laua), aggregated to postcode districts; England only",
      ].join('; '),
    licence: () =>
      `${OGL}. Contains OS data © Crown copyright and database right; Contains Royal Mail data © Royal Mail copyright and database right; Source: Office for National Statistics licensed under the Open Government Licence v3.0`,
  };
}

/** One district per line: the file stays readable and its diffs say which districts changed. */
function serialise(out: PostcodeDistrictFile): string {
  const { districts, ...head } = out;
  const lines = Object.entries(districts).map(
    ([d, councils]) => `  ${JSON.stringify(d)}: ${JSON.stringify(councils)}`,
  );
  const headLines = Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  return `{\n${headLines.join('\n')}\n  "districts": {\n${lines.map((l) => `  ${l}`).join(',\n')}\n  }\n}\n`;
}

export async function updatePostcodeDistricts(options: {
  from: string;
  /** One names list, or several (districts and counties) merged. */
  names: string | readonly string[];
  file: string;
  today: string;
  /** Where this copy of the source came from, when not the publisher's own download. */
  note?: string;
}): Promise<string> {
  const nameSources = typeof options.names === 'string' ? [options.names] : [...options.names];
  const names = new Map<string, string>();
  for (const source of nameSources) {
    const read = await readNames(source);
    if (read.size === 0)
      throw new Error(
        `${source} has no LADyyCD/LADyyNM or CTYyyCD/CTYyyNM columns. ${options.file} is unchanged.`,
      );
    for (const [code, name] of read) names.set(code, name);
  }

  /** district → council → postcodes in it. */
  const districts = new Map<string, Map<string, number>>();
  let read: Read;
  try {
    read = (await isDirectory(options.from))
      ? await readCodePoint(options.from)
      : await readOnsDirectory(options.from);
    for await (const row of read.rows) {
      const gss = authorityOf(row);
      if (TWO_TIER_DISTRICT.test(gss))
        throw new Error(`${row.postcode} is in district ${gss} but has no county (E10) code.`);
      if (!CHILDRENS_SERVICES_AUTHORITY.test(gss)) continue;
      const district = postcodeDistrictOf(row.postcode);
      if (!district) continue;
      const councils = districts.get(district) ?? new Map<string, number>();
      councils.set(gss, (councils.get(gss) ?? 0) + 1);
      districts.set(district, councils);
    }
  } catch (error) {
    throw new Error(
      `${error instanceof Error ? error.message : String(error)} ${options.file} is unchanged.`,
    );
  }
  if (districts.size === 0)
    throw new Error(`${options.from} had no live English postcodes. ${options.file} is unchanged.`);
  const unnamed = new Set([...districts.values()].flatMap((c) => [...c.keys()]).filter((g) => !names.has(g)));
  if (unnamed.size)
    throw new Error(
      `${nameSources.join(' + ')} has no name for ${[...unnamed].sort().join(', ')}. ${options.file} is unchanged.`,
    );

  const out: PostcodeDistrictFile = {
    source: [
      read.source(),
      `council names: ${nameSources.map((n) => (/^https?:\/\//.test(n) ? n : basename(n))).join(', ')}`,
      ...(options.note ? [options.note] : []),
    ].join('; '),
    licence: read.licence(),
    generatedOn: options.today,
    districts: Object.fromEntries(
      [...districts.entries()]
        .sort(([a], [b]) => compareDistricts(a, b))
        .map(([d, councils]) => [
          d,
          [...councils.entries()]
            .sort(([ga, na], [gb, nb]) => nb - na || ga.localeCompare(gb))
            .map(([gss]) => ({ gss, name: names.get(gss) as string })),
        ]),
    ),
  };
  z.parse(PostcodeDistrictFileSchema, out);
  const tmp = `${options.file}.tmp`;
  await writeFile(tmp, serialise(out), 'utf8');
  await rename(tmp, options.file);
  const spanning = Object.values(out.districts).filter((c) => c.length > 1).length;
  return `postcode-districts.json: ${districts.size} English postcode districts from ${read.counted()} rows; ${spanning} span more than one children's services authority.`;
}

/** Area letters, then the district number as a number (B2 before B10), then any letter (SW1A). */
function compareDistricts(a: string, b: string): number {
  const pa = /^([A-Z]+)(\d+)([A-Z]?)$/.exec(a);
  const pb = /^([A-Z]+)(\d+)([A-Z]?)$/.exec(b);
  if (!pa || !pb) return a.localeCompare(b);
  return (
    (pa[1] as string).localeCompare(pb[1] as string) ||
    Number(pa[2]) - Number(pb[2]) ||
    (pa[3] as string).localeCompare(pb[3] as string)
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      names: { type: 'string', multiple: true },
      note: { type: 'string' },
      file: { type: 'string', default: DEFAULT_FILE },
    },
  });
  if (!values.from || !values.names?.length) {
    console.error(
      'Usage: npm run postcodes:update -- --from <Code-Point Open codepo_gb folder | NSPL/ONSPD CSV url or path> --names <LAD names CSV or code→name JSON> --names <county names CSV or JSON> [--note <where this copy came from>]',
    );
    process.exitCode = 2;
    return;
  }
  try {
    console.log(
      await updatePostcodeDistricts({
        from: values.from,
        names: values.names,
        file: values.file,
        today: new Date().toISOString().slice(0, 10),
        ...(values.note ? { note: values.note } : {}),
      }),
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
