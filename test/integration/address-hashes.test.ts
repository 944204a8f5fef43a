import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { addressHmac, LOCAL_HASH_KEY } from '../../shared/hash-key.ts';
import { createBouncedAddresses } from '../../shared/store/bounced-addresses.ts';
import { createDigestLedger } from '../../shared/store/digest-ledger.ts';
import { useTemplateTable } from '../support/template-table.ts';

/*
 * Issue 13: the hashes standing in for addresses in table keys (BOUNCED#, RECIPIENT#) are keyed
 * (HMAC), so hashing guessed addresses finds nothing; records made with the old unkeyed hash are
 * still honoured until they expire. Against DynamoDB Local.
 */

const TABLE = 'address-hashes-test';
const ADDRESS = 'Guessable.Name@School.example';
const KEY = 'test-key-0123456789abcdefghijklmnopqrstuvwxyz';
const sha256 = (s: string) => createHash('sha256').update(s.trim().toLowerCase()).digest('hex');
const NOW = new Date('2026-11-26T10:00:00Z');

let db: DynamoDBDocumentClient;
useTemplateTable(TABLE, (table) => {
  db = table.db;
});

const keysWith = async (prefix: string) =>
  ((await db.send(new ScanCommand({ TableName: TABLE }))).Items ?? [])
    .map((i) => String(i.pk))
    .filter((pk) => pk.startsWith(prefix));

describe('keyed address hashes', () => {
  it('records a bounced address under its HMAC: the plain SHA-256 of a guess finds nothing', async () => {
    const bounced = createBouncedAddresses(db, TABLE, async () => KEY);
    await bounced.record(ADDRESS, NOW);
    expect(await keysWith('BOUNCED#')).toEqual([`BOUNCED#${addressHmac(KEY, ADDRESS)}`]);
    expect(await keysWith(`BOUNCED#${sha256(ADDRESS)}`)).toEqual([]);
    expect(JSON.stringify(await keysWith(''))).not.toMatch(/guessable|school/i);
    expect(await bounced.isBounced(' guessable.name@school.example ', NOW)).toBe(true);
    // Another key (another council, or local mode) does not recognise it.
    expect(await createBouncedAddresses(db, TABLE, async () => LOCAL_HASH_KEY).isBounced(ADDRESS, NOW)).toBe(
      false,
    );
  });

  it('still honours a bounce recorded with the old unkeyed hash, until it expires', async () => {
    const old = 'old.bounce@example.org';
    await db.send(
      new PutCommand({
        TableName: TABLE,
        Item: {
          pk: `BOUNCED#${sha256(old)}`,
          sk: 'BOUNCED',
          type: 'bounced-address',
          expiresAt: NOW.getTime() / 1000 + 60,
        },
      }),
    );
    const bounced = createBouncedAddresses(db, TABLE, async () => KEY);
    expect(await bounced.isBounced(old, NOW)).toBe(true);
    expect(await bounced.isBounced(old, new Date(NOW.getTime() + 61_000))).toBe(false);
  });

  it('keeps the digest day under the HMAC, and reads a day recorded with the old hash', async () => {
    const ledger = createDigestLedger(db, TABLE, async () => KEY);
    await ledger.recordDigest('caseworker@council.example', '2026-11-26', NOW);
    expect(await keysWith('RECIPIENT#')).toEqual([
      `RECIPIENT#${addressHmac(KEY, 'caseworker@council.example')}`,
    ]);
    expect(await ledger.lastDigestOn('Caseworker@Council.example')).toBe('2026-11-26');
    await db.send(
      new PutCommand({
        TableName: TABLE,
        Item: {
          pk: `RECIPIENT#${sha256('earlier@council.example')}`,
          sk: 'DIGEST',
          lastDigestOn: '2026-11-25',
        },
      }),
    );
    expect(await ledger.lastDigestOn('earlier@council.example')).toBe('2026-11-25');
  });
});
