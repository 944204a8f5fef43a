import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The hidden form field every POST carries. */
export const CSRF_FIELD = 'csrfToken';

/** 256 random bits, base64url: unguessable, and safe in a hidden field without encoding. */
export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Compare the posted token with the one bound to the draft, in constant time. Both are hashed
 * first so that timingSafeEqual sees equal lengths and the comparison leaks neither the content
 * nor the length of the expected token.
 */
export function csrfTokensMatch(expected: string | undefined, given: string | undefined): boolean {
  if (!expected || !given) return false;
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(given, 'utf8').digest();
  return timingSafeEqual(a, b);
}
