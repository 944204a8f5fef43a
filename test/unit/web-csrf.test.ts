import { describe, expect, it } from 'vitest';
import { csrfTokensMatch, newCsrfToken } from '../../shared/web/csrf.ts';

describe('CSRF tokens', () => {
  it('are 256 random bits, base64url', () => {
    const token = newCsrfToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newCsrfToken()).not.toBe(token);
  });

  it('match only the same token', () => {
    const token = newCsrfToken();
    expect(csrfTokensMatch(token, token)).toBe(true);
    expect(csrfTokensMatch(token, newCsrfToken())).toBe(false);
    expect(csrfTokensMatch(token, token.slice(0, -1))).toBe(false);
    expect(csrfTokensMatch(token, `${token}x`)).toBe(false);
  });

  it('never match when either side is missing or empty', () => {
    expect(csrfTokensMatch(undefined, undefined)).toBe(false);
    expect(csrfTokensMatch('', '')).toBe(false);
    expect(csrfTokensMatch(newCsrfToken(), undefined)).toBe(false);
    expect(csrfTokensMatch(undefined, newCsrfToken())).toBe(false);
  });
});
