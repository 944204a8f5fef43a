import { describe, expect, it } from 'vitest';
import { hashLinkToken } from '../../shared/domain/missing-information.ts';
import { sessionKey } from '../../shared/store/session-store.ts';
import { tokenHash } from '../../shared/token-hash.ts';

/**
 * Stored tokens are found again by their hash: these values were computed before the four copies
 * of the hashing became shared/token-hash.ts, so a change that moved them would orphan every
 * session, resume link, transfer acknowledgement and missing-information link already stored.
 */
const TOKEN = 'Xq3v9_Tk2bN8mR4sLw7yPz1cHd6fJg0aUe5iOo-YtQs';
const HEX = '00bac534f0be782ed11fd8909b88dc0f720d76403663e2dfab06a546241e6308';
const BASE64URL = 'ALrFNPC-eC7RH9iQm4jcD3INdkA2Y-LfqwalRiQeYwg';

describe('token hashes as stored', () => {
  it('are the SHA-256 of the token, in the encoding each item has always used', () => {
    expect(tokenHash(TOKEN, 'hex')).toBe(HEX);
    expect(tokenHash(TOKEN, 'base64url')).toBe(BASE64URL);
  });

  it('key sessions (base64url) and missing-information links (hex) as before', () => {
    expect(sessionKey(TOKEN)).toEqual({ pk: `SESSION#${BASE64URL}`, sk: 'SESSION' });
    expect(hashLinkToken(TOKEN)).toBe(HEX);
  });
});
