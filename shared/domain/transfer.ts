/**
 * Moves between councils (issue 12). When a change or ending notice, or a staff-recorded end,
 * gives a new address outside the council, the case names the receiving council (looked up by
 * postcode district; staff can override), staff send that council's front door a transfer notice
 * with the minimum (our reference, that a privately fostered child is moving to their area, a
 * contact), and the receiving council acknowledges it through a single-use link. Without the
 * acknowledgement in TRANSFER_ACKNOWLEDGEMENT_WORKING_DAYS (statutory-clock.ts) it is escalated.
 * domain.md "When it ends": "A move to another area: the receiving council should be told."
 */

import * as z from 'zod/mini';
import type { RoutingRule } from '../config.ts';
import { schemaOnFirstUse } from '../schema-on-first-use.ts';
import { newPostcodeOf } from './notice.ts';
import { isInArea } from './routing.ts';
import type { CaseSnapshot } from './stored-case.ts';

/**
 * The ONS GSS code of a children's services authority in England: a unitary council (E06), a
 * metropolitan borough (E08), a London borough (E09) or a county council (E10), + 6 digits. The
 * receiving council is the authority that private fostering duties fall on (Children Act 1989
 * s.66-67 name the "local authority", which s.105(1) defines for England as the council of a
 * county, a metropolitan district or a London borough, or the Common Council of the City of
 * London), which in a two-tier area is the upper-tier county council, never the district council
 * (E07). So this is what the lookup names, a RECEIVING_COUNCILS entry is configured with and staff
 * name.
 */
export const GssCodeSchema = z.string().check(z.regex(/^E(0[689]|10)\d{6}$/));
/** A code as a case may hold it: E07 too, named before the lookup named counties (read, never named). */
const StoredGssCodeSchema = z.string().check(z.regex(/^E(0[6-9]|10)\d{6}$/));
/** A two-tier district council's code: it has no children's services, its county (E10) does. */
export const isDistrictCouncilGss = (gss: string) => /^E07\d{6}$/.test(gss);
const CouncilNameSchema = z.string().check(z.minLength(1), z.maxLength(200));
export const CouncilRefSchema = schemaOnFirstUse(() =>
  z.object({ gss: StoredGssCodeSchema, name: CouncilNameSchema }),
);
export type CouncilRef = z.infer<typeof CouncilRefSchema>;

/**
 * The postcode district → local authority file: each district with every council it lies in. A
 * district spanning councils has more than one, and then staff must confirm which.
 */
export const PostcodeDistrictFileSchema = schemaOnFirstUse(() =>
  z.object({
    source: z.string(),
    licence: z.string(),
    generatedOn: z.string(),
    sample: z.optional(z.boolean()),
    districts: z.record(z.string(), z.array(z.object({ gss: GssCodeSchema, name: CouncilNameSchema }))),
  }),
);
export type PostcodeDistrictFile = z.infer<typeof PostcodeDistrictFileSchema>;

/** A council another council may send to: its front door's address (configuration). */
export const ReceivingCouncilConfigSchema = schemaOnFirstUse(() =>
  z.object({
    gss: GssCodeSchema,
    name: CouncilNameSchema,
    frontDoorEmail: z.email(),
    /** Postcode districts configured as this council's (extends the shipped lookup, e.g. neighbours). */
    postcodeDistricts: z.optional(z.array(z.string().check(z.regex(/^[A-Z]{1,2}\d[A-Z\d]?$/)))),
  }),
);
export type ReceivingCouncilConfig = z.infer<typeof ReceivingCouncilConfigSchema>;

/** The outward code (district) of a UK postcode, or undefined when it is not one. */
export function postcodeDistrictOf(postcode: string | undefined): string | undefined {
  if (!postcode) return undefined;
  const compact = postcode.toUpperCase().replace(/\s+/g, '');
  const m = /^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$/.exec(compact);
  return m?.[1];
}

/** The last postcode in free text (a new carer's address typed by staff). */
export function postcodeInText(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const all = [...text.toUpperCase().matchAll(/\b([A-Z]{1,2}\d[A-Z\d]?)\s*(\d[A-Z]{2})\b/g)];
  const last = all.at(-1);
  return last ? `${last[1]} ${last[2]}` : undefined;
}

export type ReceivingCouncilLookup =
  /** One council: named, staff may still override. */
  | { found: 'one'; district: string; council: CouncilRef }
  /** The district spans councils: staff confirm which. */
  | { found: 'several'; district: string; councils: CouncilRef[] }
  /** Not in the lookup (or no postcode): staff name it. */
  | { found: 'none'; district: string | undefined };

/**
 * The council a postcode lies in, by its district: configured councils' districts first (local
 * knowledge of neighbours), then the lookup file (the shipped one is OS Code-Point Open, Open
 * Government Licence; its `source` names the release: loaded by postcode-lookup.ts, which only the
 * code that looks postcodes up imports, so no other function bundles its ~200 KB).
 */
export function receivingCouncilFor(
  postcode: string | undefined,
  configured: readonly ReceivingCouncilConfig[],
  file: PostcodeDistrictFile,
): ReceivingCouncilLookup {
  const district = postcodeDistrictOf(postcode);
  if (!district) return { found: 'none', district: undefined };
  const councils = councilsOfDistrict(district, configured, file);
  if (councils.length === 0) return { found: 'none', district };
  if (councils.length === 1) return { found: 'one', district, council: councils[0] as CouncilRef };
  return { found: 'several', district, councils };
}

/** Every council a postcode district lies in: configured councils' first, else the lookup file's. */
export function councilsOfDistrict(
  district: string,
  configured: readonly ReceivingCouncilConfig[],
  file: PostcodeDistrictFile,
): CouncilRef[] {
  const fromConfig = configured
    .filter((c) => c.postcodeDistricts?.includes(district))
    .map((c) => ({ gss: c.gss, name: c.name }));
  return fromConfig.length ? fromConfig : (file.districts[district] ?? []);
}

/** The transfer as the case holds it (`CASE#<ref>` / `TRANSFER`). */
export const TransferRecordSchema = schemaOnFirstUse(() =>
  z.object({
    receivingCouncil: CouncilRefSchema,
    /** From the postcode lookup, or named by staff (an override, or a district spanning councils). */
    source: z.enum(['lookup', 'staff']),
    /** The postcode district the lookup used (no full postcode: the address stays in its notice). */
    district: z.optional(z.string()),
    sentAt: z.optional(z.string()),
    sentTo: z.optional(z.email()),
    /** The acknowledgement token's expiry (the token itself is stored hashed elsewhere). */
    linkExpiresAt: z.optional(z.string()),
    acknowledgedAt: z.optional(z.string()),
    recordedBy: z.string(),
    recordedAt: z.string(),
  }),
);
export type TransferRecord = z.infer<typeof TransferRecordSchema>;

/** How long the acknowledgement link works: long enough to be escalated and answered late. */
export const TRANSFER_LINK_DAYS = 28;

/** The front-door address for a receiving council, if configured. */
export function frontDoorOf(gss: string, configured: readonly ReceivingCouncilConfig[]): string | undefined {
  return configured.find((c) => c.gss === gss)?.frontDoorEmail;
}

/**
 * A council a split postcode district lies in, offered to staff to choose from, with its front
 * door's address when it is a configured receiving council (a transfer notice can then be sent).
 */
export type CandidateCouncil = CouncilRef & { frontDoorEmail?: string };

/** The candidates as offered: in the lookup's order (most of the district's postcodes first). */
export function candidateCouncils(
  councils: readonly CouncilRef[],
  configured: readonly ReceivingCouncilConfig[],
): CandidateCouncil[] {
  return councils.map((c) => {
    const frontDoorEmail = frontDoorOf(c.gss, configured);
    return { gss: c.gss, name: c.name, ...(frontDoorEmail ? { frontDoorEmail } : {}) };
  });
}

/** What the case knows of a move between councils, for its page and its actions. */
export interface MoveBetweenCouncils {
  /** The postcode district the new address is in (never the full address). */
  district: string | undefined;
  /** The council named: by staff (wins), or the lookup's only match. */
  council: CouncilRef | undefined;
  /**
   * The lookup found several councils for the district and staff have not said which: the
   * candidates, the council holding most of the district's postcodes first.
   */
  needsConfirmation: CandidateCouncil[] | undefined;
  /** Where the transfer notice goes; undefined when the council has no configured front door. */
  frontDoorEmail: string | undefined;
  transfer: TransferRecord | undefined;
}

/**
 * A move between councils, if the case has one: a notice told of a new address outside the area
 * (the case's `movingOutOfArea`), or the recorded end gives a new carer's address outside it, or
 * staff named a receiving council. Undefined when the child has not moved out of the area.
 */
export async function moveOf(
  snapshot: Pick<CaseSnapshot, 'caseRecord' | 'notices' | 'end' | 'transfer'>,
  configured: readonly ReceivingCouncilConfig[],
  rules: readonly RoutingRule[],
  /** The postcode district file, asked for only when a postcode must be looked up (postcode-lookup.ts). */
  districts: () => Promise<PostcodeDistrictFile>,
): Promise<MoveBetweenCouncils | undefined> {
  const told = snapshot.caseRecord.movingOutOfArea;
  const notice = told ? snapshot.notices?.find((n) => n.notice.noticeRef === told) : undefined;
  const fromNotice = notice ? newPostcodeOf(notice.notice) : undefined;
  const fromEnd = postcodeInText(snapshot.end?.newCarer?.address);
  const postcode = fromNotice ?? (fromEnd && !isInArea(fromEnd, rules) ? fromEnd : undefined);
  const transfer = snapshot.transfer;
  if (!postcode && !transfer) return undefined;
  // A recorded transfer names its council; only an unnamed one needs the lookup (and its file).
  const lookup: ReceivingCouncilLookup =
    postcode && !transfer
      ? receivingCouncilFor(postcode, configured, await districts())
      : { found: 'none', district: postcodeDistrictOf(postcode) };
  const council = transfer?.receivingCouncil ?? (lookup.found === 'one' ? lookup.council : undefined);
  return {
    district: transfer?.district ?? lookup.district,
    council,
    needsConfirmation:
      !transfer && lookup.found === 'several' ? candidateCouncils(lookup.councils, configured) : undefined,
    frontDoorEmail: council ? frontDoorOf(council.gss, configured) : undefined,
    transfer,
  };
}
