import { DeleteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import { LEGACY_RETIREMENT_RECHECK_MS } from '../../functions/route/match-keys.ts';
import { main } from '../../infra/ops/retire-legacy-match-keys.ts';
import {
  keyedMatchKeys,
  type MatchDetails,
  matchKeys,
  notificationMatchDetails,
} from '../../shared/domain/case-matching.ts';
import type { Notification } from '../../shared/domain/notification.ts';
import { LOCAL_HASH_KEY } from '../../shared/hash-key.ts';
import { createMatchIndex, LEGACY_KEYS_RETIRED_KEY } from '../../shared/store/match-index.ts';
import { aNotification } from '../fixtures/notifications.ts';
import { localRuntime, localStackFrom } from '../support/local-runtime.ts';

/**
 * Retiring the old, unkeyed duplicate-match keys (issue 13's follow-up) on the local runtime: the
 * command re-indexes a case opened before keyed keys, deletes its old keys and marks them retired;
 * route then finds that case by its keyed keys and stops looking up old ones.
 */
const TODAY = new Date('2027-02-01T10:00:00.000Z');
const stack = localStackFrom(TODAY);
const { items, routed } = localRuntime(stack);

const index = () => createMatchIndex(stack().db, stack().tableName);
const keyedOf = (details: MatchDetails) => keyedMatchKeys(details, LOCAL_HASH_KEY);
const legacyOf = (details: MatchDetails) => matchKeys(details, stack().tableName);

/** Makes a routed case look as it did before keyed keys: indexed under the old keys only. */
async function indexedTheOldWay(notification: Notification) {
  const details = notificationMatchDetails(notification);
  expect(await index().remove(notification.reference, keyedOf(details))).toBe(2);
  await index().add(notification.reference, legacyOf(details));
}

/** The match-index items that name the case, by digest. */
async function matchHashesOf(notification: Notification) {
  const details = notificationMatchDetails(notification);
  const hashes: string[] = [];
  for (const { hash } of [...keyedOf(details), ...legacyOf(details)]) {
    const out = await stack().db.send(
      new QueryCommand({
        TableName: stack().tableName,
        KeyConditionExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: { ':pk': `MATCH#${hash}`, ':sk': `CASE#${notification.reference}` },
      }),
    );
    if ((out.Items ?? []).length > 0) hashes.push(hash);
  }
  return hashes.sort();
}

const flaggedAs = async (notification: Notification) =>
  (await items(`CASE#${notification.reference}`)).find((i) => i.sk === 'CASE')?.possibleDuplicateOf;

async function run(...args: string[]) {
  const lines: string[] = [];
  const code = await main(
    ['--table', stack().tableName, '--endpoint', stack().emulators.dynamodbEndpoint, ...args],
    (line) => lines.push(line),
    () => new Date(),
  );
  return { code, output: lines.join('\n') };
}

const childA = { name: 'Perpetua Inglethorpe', dateOfBirth: '2012-06-30', disabled: 'no' as const };
/** Another child with the same carer: a match on the address alone. */
const childC = { name: 'Clement Ashdown', dateOfBirth: '2015-01-20', disabled: 'no' as const };
const childB = { name: 'Barnaby Quelch', dateOfBirth: '2013-09-09', disabled: 'no' as const };
/** Each notification its own carer's address, so the child alone can match. */
const carerAt = (line1: string, postcode: string) => ({
  ...aNotification().carer,
  address: { line1, town: 'Anytown', postcode },
});

describe('retiring the old match keys', () => {
  const old = aNotification({ child: childA, carer: carerAt('1 Tithe Row', 'AN1 4TR') });
  const before = aNotification({ child: childC, carer: carerAt('1 Tithe Row', 'AN1 4TR') });

  it('a new table starts with the old keys retired: it has none', async () => {
    expect(await index().legacyKeysRetired()).toBe(true);
    // From here on, a deployment from before keyed keys: no marker yet.
    await stack().db.send(new DeleteCommand({ TableName: stack().tableName, Key: LEGACY_KEYS_RETIRED_KEY }));
    expect(await index().legacyKeysRetired()).toBe(false);
  });

  it('before retiring: a case indexed the old way is still found (by the address), and the dry run changes nothing', async () => {
    await routed(old);
    await indexedTheOldWay(old);
    await routed(before);
    expect(await flaggedAs(before)).toBe(old.reference);

    const dry = await run('--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.output).toContain('2 case(s)');
    expect(dry.output).toContain('dry run: 2 to index under keyed keys, 2 old-key item(s) to delete');
    expect(await matchHashesOf(old)).toEqual(
      legacyOf(notificationMatchDetails(old))
        .map((k) => k.hash)
        .sort(),
    );
    expect(await index().legacyKeysRetired()).toBe(false);
  });

  it('re-indexes every case under keyed keys, deletes the old ones, and marks them retired', async () => {
    const { code, output } = await run();
    expect(code).toBe(0);
    expect(output).toContain('2 case(s)');
    expect(output).toContain('2 indexed under keyed keys, 2 old-key item(s) deleted');
    expect(output).toContain('old keys marked retired');
    // Counts only: nothing of the child's is printed.
    expect(output).not.toMatch(/Perpetua|Inglethorpe|2012-06-30|Tithe/);

    expect(await matchHashesOf(old)).toEqual(
      keyedOf(notificationMatchDetails(old))
        .map((k) => k.hash)
        .sort(),
    );
    expect(await matchHashesOf(before)).toEqual(
      keyedOf(notificationMatchDetails(before))
        .map((k) => k.hash)
        .sort(),
    );
    const marker = await stack().db.send(
      new GetCommand({ TableName: stack().tableName, Key: LEGACY_KEYS_RETIRED_KEY }),
    );
    expect(marker.Item).toMatchObject({ cases: 2 });

    // Idempotent: a second run finds nothing old.
    expect((await run()).output).toContain('2 indexed under keyed keys, 0 old-key item(s) deleted');
  });

  it('afterwards, route finds the re-indexed case by its keyed keys and no longer looks up old ones', async () => {
    // Route notices the marker at its next check.
    vi.setSystemTime(new Date(Date.now() + LEGACY_RETIREMENT_RECHECK_MS + 60_000));

    const after = aNotification({ child: childA, carer: carerAt('3 Mill Lane', 'AN3 6ML') });
    await routed(after);
    expect(await flaggedAs(after)).toBe(old.reference);

    // A case left under old keys only (as if the command had missed it) is no longer looked up.
    const missed = aNotification({ child: childB, carer: carerAt('4 Weir Court', 'AN4 7WC') });
    await routed(missed);
    await indexedTheOldWay(missed);
    const later = aNotification({ child: childB, carer: carerAt('5 Lock Street', 'AN5 8LS') });
    await routed(later);
    expect(await flaggedAs(later)).toBeUndefined();
  });

  it('refuses to run against AWS without the hash key, and without a table', async () => {
    const lines: string[] = [];
    expect(await main(['--table', 'PrivateFostering-Table'], (l) => lines.push(l))).toBe(2);
    expect(lines.join('\n')).toContain('--hash-key-secret-arn is required against AWS');
    expect(await main(['--endpoint', stack().emulators.dynamodbEndpoint], (l) => lines.push(l))).toBe(2);
    expect(lines.join('\n')).toContain('--table is required');
  });
});
