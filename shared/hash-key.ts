import { createHash, createHmac } from 'node:crypto';
import { readSecretString } from './secret-string.ts';

/**
 * The key for the hashes that stand in for email addresses in table keys (BOUNCED#, RECIPIENT#).
 * A plain SHA-256 of an address can be reversed by hashing guessed addresses (a council's staff
 * addresses follow a pattern; a notifier's is often guessable); an HMAC with a key kept in Secrets
 * Manager cannot, without the key (issue 13).
 *
 * In AWS: the secret named by HASH_KEY_SECRET_ARN (infra/stacks/stateful-stack.ts), read through
 * Powertools Parameters (cached per container). Locally: a fixed, public value — local data is
 * not real, and a fixed key keeps `.data/` readable across restarts.
 */
export const LOCAL_HASH_KEY = 'pf-local-hash-key: not a secret, for local mode only';

export type HashKeySource = () => Promise<string>;

export function hashKeySource(secretArn: string | undefined): HashKeySource {
  return secretArn ? () => readSecretString(secretArn, 'hash key') : async () => LOCAL_HASH_KEY;
}

/** The keyed hash of an address (trimmed, lower case), hex. */
export function addressHmac(key: string, address: string): string {
  return createHmac('sha256', key).update(address.trim().toLowerCase()).digest('hex');
}

/**
 * The unkeyed hash used before issue 13: read (never written) so records made before the change
 * still count until they expire (bounced addresses after their expiry, digest days after 3 days).
 */
export function legacyAddressHash(address: string): string {
  return createHash('sha256').update(address.trim().toLowerCase()).digest('hex');
}
