/**
 * Which open case a notification or a notice may be about: the same child (name and date of
 * birth) or the same carer's address (postcode and first line). Several people often notify about
 * the same child (a school, a GP, the carer); issue 12 asks the front door to see those together.
 *
 * Pure: the keys are computed here and looked up by the store (shared/store/match-index.ts). The
 * keys are salted SHA-256 digests, so the index never holds a name, a date of birth or an address
 * in a key (keys travel further than item bodies: CloudTrail, error messages, metrics).
 */
import { createHash, createHmac } from 'node:crypto';
import type { Notification } from './notification.ts';

/** The details a match is made on; any may be missing (Schedule 1 information is partial, reg 3(4)). */
export interface MatchDetails {
  childName?: string | undefined;
  dateOfBirth?: string | undefined;
  carerPostcode?: string | undefined;
  carerAddressLine1?: string | undefined;
}

export type MatchBasis = 'child' | 'carer-address';

export const MATCH_BASIS_LABELS: Record<MatchBasis, string> = {
  child: 'the same child’s name and date of birth',
  'carer-address': 'the same carer’s address',
};

/** Lower case, letters and digits only, words in order: "  O'Brien-Smith, Jo " → "obriensmith jo". */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`-]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** A postcode without spaces, upper case: "an1 2bc" → "AN12BC"; undefined unless it looks like one. */
export function normalisePostcode(postcode: string): string | undefined {
  const compact = postcode.toUpperCase().replace(/\s+/g, '');
  return /^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/.test(compact) ? compact : undefined;
}

/** The first line of an address: house number and street, common abbreviations expanded. */
export function normaliseAddressLine(line: string): string {
  return normaliseName(line)
    .replace(/\brd\b/g, 'road')
    .replace(/\bst\b/g, 'street')
    .replace(/\bave?\b/g, 'avenue')
    .replace(/\bln\b/g, 'lane')
    .replace(/\bflat (\w+)\b/g, '$1');
}

/** What a notification is matched on: the child as notified, and the carer's address. */
export function notificationMatchDetails(notification: Notification): MatchDetails {
  return {
    childName: notification.child.name,
    dateOfBirth: notification.child.dateOfBirth,
    carerPostcode: notification.carer.address?.postcode,
    carerAddressLine1: notification.carer.address?.line1,
  };
}

/** The plain match keys for some details (before hashing); exported for tests. */
export function plainMatchKeys(details: MatchDetails): { basis: MatchBasis; key: string }[] {
  const keys: { basis: MatchBasis; key: string }[] = [];
  const name = details.childName ? normaliseName(details.childName) : '';
  if (name && details.dateOfBirth) keys.push({ basis: 'child', key: `child|${name}|${details.dateOfBirth}` });
  const postcode = details.carerPostcode ? normalisePostcode(details.carerPostcode) : undefined;
  const line1 = details.carerAddressLine1 ? normaliseAddressLine(details.carerAddressLine1) : '';
  if (postcode && line1) keys.push({ basis: 'carer-address', key: `address|${postcode}|${line1}` });
  return keys;
}

/**
 * The hashed keys for some details. `salt` is per deployment (the table's name will do: a digest
 * must not be comparable across councils' tables).
 */
export function matchKeys(details: MatchDetails, salt: string): { basis: MatchBasis; hash: string }[] {
  return plainMatchKeys(details).map(({ basis, key }) => ({
    basis,
    hash: createHash('sha256').update(`pf-match-v1|${salt}|${key}`).digest('base64url').slice(0, 32),
  }));
}

/**
 * The keyed match keys (issue 13): an HMAC under the deployment's secret hash key
 * (shared/hash-key.ts), so a child's name and date of birth, or an address, cannot be found by
 * hashing guesses. Cases opened before were indexed under `matchKeys` (table-salted SHA-256), which
 * route looks up, never writes, until `npm run retire-legacy-match-keys` has re-indexed every case
 * and deleted them (infra/ops/retire-legacy-match-keys.ts).
 */
export function keyedMatchKeys(details: MatchDetails, key: string): { basis: MatchBasis; hash: string }[] {
  return plainMatchKeys(details).map(({ basis, key: plain }) => ({
    basis,
    hash: createHmac('sha256', key).update(`pf-match-v2|${plain}`).digest('base64url').slice(0, 32),
  }));
}

/** A case found by a match key. */
export interface MatchCandidate {
  reference: string;
  basis: MatchBasis;
  /** Whether that case is still open (only open cases are suggested). */
  open: boolean;
  /** The case's own duplicateOf, if it was linked to another: suggest the original instead. */
  duplicateOf?: string | undefined;
}

/**
 * The best open case among the candidates, other than `self`: a child match before an address
 * match (two children can live with one carer), then the oldest reference-wise stable choice.
 * A candidate already linked as a duplicate points to its original.
 */
export function suggestMatch(
  candidates: readonly MatchCandidate[],
  self?: string,
): { reference: string; basis: MatchBasis } | undefined {
  const rank: Record<MatchBasis, number> = { child: 0, 'carer-address': 1 };
  const usable = candidates
    .filter((c) => c.open && c.reference !== self)
    .map((c) => ({ reference: c.duplicateOf ?? c.reference, basis: c.basis }))
    .filter((c) => c.reference !== self)
    .sort((a, b) => rank[a.basis] - rank[b.basis] || a.reference.localeCompare(b.reference));
  return usable[0];
}
