/**
 * Rewrites `shared/domain/data/postcode-districts.json` from the ONS postcode directory:
 * `npm run postcodes:update -- --from <NSPL or ONSPD CSV> --names <LAD names and codes CSV>`.
 *
 * Source: the National Statistics Postcode Lookup (NSPL) or ONS Postcode Directory (ONSPD) CSV
 * from the ONS Open Geography Portal (https://geoportal.statistics.gov.uk), and the matching
 * "Local Authority Districts (<month year>) Names and Codes in the United Kingdom" CSV. Both are
 * published under the Open Government Licence v3.0 ("Contains OS data © Crown copyright and
 * database right; Contains Royal Mail data © Royal Mail copyright and database right; Source:
 * Office for National Statistics licensed under the Open Government Licence v3.0"). The portal's
 * download addresses change with each release, so the command takes them as arguments (a URL or
 * a local path) rather than guessing one.
 *
 * Kept: live postcodes (no termination date) in England (GSS codes E06–E09); each postcode
 * district with every council it lies in, so a district spanning councils asks staff to confirm.
 */
import { createReadStream } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
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
const ENGLISH_COUNCIL = /^E0[6-9]\d{6}$/;

async function open(source: string): Promise<NodeJS.ReadableStream> {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source, { signal: AbortSignal.timeout(600_000) });
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status} ${response.statusText}`);
    return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream);
  }
  return createReadStream(source);
}

/** The column holding the council's code: NSPL/ONSPD call it `laua`, some extracts `lad<yy>cd`. */
const councilColumn = (header: string[]) =>
  header.find((h) => h.toLowerCase() === 'laua' || /^lad\d{2}cd$/i.test(h) || h.toLowerCase() === 'oslaua');

export async function updatePostcodeDistricts(options: {
  from: string;
  names: string;
  file: string;
  today: string;
}): Promise<string> {
  const names = new Map<string, string>();
  for await (const row of (await open(options.names)).pipe(parse({ columns: true, bom: true }))) {
    const r = row as Record<string, string>;
    const code = Object.entries(r).find(([k]) => /^lad\d{2}cd$/i.test(k))?.[1];
    const name = Object.entries(r).find(([k]) => /^lad\d{2}nm$/i.test(k))?.[1];
    if (code && name) names.set(code, name);
  }
  if (names.size === 0)
    throw new Error(`${options.names} has no LADyyCD/LADyyNM columns. ${options.file} is unchanged.`);

  const districts = new Map<string, Set<string>>();
  let column: string | undefined;
  let rows = 0;
  const parser = (await open(options.from)).pipe(
    parse({
      bom: true,
      columns: (header: string[]) => {
        column = councilColumn(header);
        return header;
      },
    }),
  );
  for await (const row of parser) {
    const r = row as Record<string, string>;
    rows++;
    if (!column) break;
    if (r.doterm) continue; // terminated postcodes
    const gss = r[column] ?? '';
    if (!ENGLISH_COUNCIL.test(gss)) continue;
    const district = postcodeDistrictOf(r.pcds ?? r.pcd ?? '');
    if (!district) continue;
    const set = districts.get(district) ?? new Set<string>();
    set.add(gss);
    districts.set(district, set);
  }
  if (!column) throw new Error(`${options.from} has no laua/LADyyCD column. ${options.file} is unchanged.`);
  if (districts.size === 0)
    throw new Error(`${options.from} had no live English postcodes. ${options.file} is unchanged.`);

  const out: PostcodeDistrictFile = {
    source: `ONS postcode directory (${options.from}) with LAD names (${options.names}); postcode districts of live English postcodes`,
    licence:
      'Open Government Licence v3.0. Contains OS data © Crown copyright and database right; Contains Royal Mail data © Royal Mail copyright and database right; Source: Office for National Statistics licensed under the Open Government Licence v3.0',
    generatedOn: options.today,
    districts: Object.fromEntries(
      [...districts.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([d, codes]) => [d, [...codes].sort().map((gss) => ({ gss, name: names.get(gss) ?? gss }))]),
    ),
  };
  z.parse(PostcodeDistrictFileSchema, out);
  const tmp = `${options.file}.tmp`;
  await writeFile(tmp, `${JSON.stringify(out, null, 1)}\n`, 'utf8');
  await rename(tmp, options.file);
  const spanning = Object.values(out.districts).filter((c) => c.length > 1).length;
  return `postcode-districts.json: ${districts.size} English postcode districts from ${rows} rows; ${spanning} span more than one council.`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      names: { type: 'string' },
      file: { type: 'string', default: DEFAULT_FILE },
    },
  });
  if (!values.from || !values.names) {
    console.error(
      'Usage: npm run postcodes:update -- --from <NSPL/ONSPD CSV url or path> --names <LAD names CSV url or path>',
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
      }),
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
