import { describe, expect, it } from 'vitest';
import {
  keyedMatchKeys,
  matchKeys,
  normaliseAddressLine,
  normaliseName,
  plainMatchKeys,
  suggestMatch,
} from '../../shared/domain/case-matching.ts';

describe('case matching (issue 12)', () => {
  it('normalises names and first address lines the way people type them', () => {
    expect(normaliseName("  O'Brien-Smith,  Zoë ")).toBe('obriensmith zoe');
    expect(normaliseAddressLine('Flat 2, 17 Larkspur Rd')).toBe(normaliseAddressLine('2 17 larkspur road'));
  });

  it('keys a child by name and date of birth, and an address by postcode and first line', () => {
    expect(
      plainMatchKeys({
        childName: 'Ada Lovelace',
        dateOfBirth: '2013-12-10',
        carerPostcode: 'an1 2bc',
        carerAddressLine1: '1 High St',
      }),
    ).toEqual([
      { basis: 'child', key: 'child|ada lovelace|2013-12-10' },
      { basis: 'carer-address', key: 'address|AN12BC|1 high street' },
    ]);
    // A name without a date of birth, or a postcode without a street, is too weak to match on.
    expect(plainMatchKeys({ childName: 'Ada Lovelace', carerPostcode: 'AN1 2BC' })).toEqual([]);
  });

  it('hashes the keys with the deployment salt: no personal data, and not comparable across councils', () => {
    const details = { childName: 'Ada Lovelace', dateOfBirth: '2013-12-10' };
    const [a] = matchKeys(details, 'table-a');
    const [b] = matchKeys(details, 'table-b');
    expect(a?.hash).not.toBe(b?.hash);
    expect(JSON.stringify(a)).not.toMatch(/ada|lovelace|2013/i);
    expect(matchKeys({ ...details, childName: ' ADA  lovelace ' }, 'table-a')[0]?.hash).toBe(a?.hash);
  });

  it('keys new cases with an HMAC under the secret key (issue 13): a guess hashed without the key matches nothing', () => {
    const details = {
      childName: 'Ada Lovelace',
      dateOfBirth: '2013-12-10',
      carerPostcode: 'AN1 2BC',
      carerAddressLine1: '1 High St',
    };
    const keyed = keyedMatchKeys(details, 'secret-key-1');
    expect(keyed.map((k) => k.basis)).toEqual(['child', 'carer-address']);
    expect(keyed[0]?.hash).toHaveLength(32);
    expect(JSON.stringify(keyed)).not.toMatch(/ada|lovelace|2013|AN1|high/i);
    // Not the old salted hash (with any guessable salt), and not the same under another key.
    const hashes = keyed.map((k) => k.hash);
    for (const salt of ['', 'secret-key-1', 'PrivateFostering-Table']) {
      for (const old of matchKeys(details, salt)) expect(hashes).not.toContain(old.hash);
    }
    expect(keyedMatchKeys(details, 'secret-key-2')[0]?.hash).not.toBe(keyed[0]?.hash);
    // Normalised as before: the same child typed differently has the same key.
    expect(keyedMatchKeys({ ...details, childName: ' ADA  lovelace ' }, 'secret-key-1')[0]?.hash).toBe(
      keyed[0]?.hash,
    );
  });

  it('suggests an open case other than itself, the same child before the same address, and the original of a linked duplicate', () => {
    expect(
      suggestMatch(
        [
          { reference: 'BBBBBBBB', basis: 'carer-address', open: true },
          { reference: 'CCCCCCCC', basis: 'child', open: false },
          { reference: 'DDDDDDDD', basis: 'child', open: true, duplicateOf: 'AAAAAAAA' },
          { reference: 'SELFSELF', basis: 'child', open: true },
        ],
        'SELFSELF',
      ),
    ).toEqual({ reference: 'AAAAAAAA', basis: 'child' });
    expect(suggestMatch([{ reference: 'SELFSELF', basis: 'child', open: true }], 'SELFSELF')).toBeUndefined();
  });
});
