import { createHash } from 'node:crypto';

/**
 * The stored form of a high-entropy random token (a session id, a resume link, a transfer
 * acknowledgement link, a missing-information link): its SHA-256. The table then holds hashes
 * that open nothing, so a read of it (a backup, a console, an export) cannot be used as the link.
 *
 * Plain SHA-256 is right here because every token is 32 random bytes: there is nothing to guess
 * and hash, so neither a salt, a key nor a slow hash adds anything. Email addresses are different —
 * guessable, so they are hashed with the keyed HMAC in shared/hash-key.ts (issue 13).
 *
 * `encoding` is the one each kind of item has always been stored under; it must not change, or
 * the items already stored would no longer be found.
 */
export function tokenHash(token: string, encoding: 'hex' | 'base64url'): string {
  return createHash('sha256').update(token, 'utf8').digest(encoding);
}
