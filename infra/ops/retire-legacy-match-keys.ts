import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LEGACY_RETIREMENT_RECHECK_MS } from '../../functions/route/match-keys.ts';
import { keyedMatchKeys, matchKeys, notificationMatchDetails } from '../../shared/domain/case-matching.ts';
import { type HashKeySource, hashKeySource } from '../../shared/hash-key.ts';
import { createCaseRecords } from '../../shared/store/case-records.ts';
import { createDocumentClient } from '../../shared/store/dynamo.ts';
import { createMatchIndex } from '../../shared/store/match-index.ts';
import { createNotificationStore } from '../../shared/store/notification-store.ts';
import { type Print, parsedOrUsage, parseOptions, runWhenInvoked } from './cli.ts';

/**
 * `npm run retire-legacy-match-keys`: indexes every case under the keyed match keys and deletes
 * its old ones, then marks the old keys retired so route stops looking them up.
 *
 * Why: before issue 13 the duplicate-match index was keyed by a SHA-256 of the child's name and
 * date of birth (or the carer's address) salted only with the table's name, which anyone who
 * knows the table's name can reverse by hashing guesses. Since then cases are indexed under an
 * HMAC with a secret key, but the old items stayed, and route looked each notification and notice
 * up under both (two more queries each). This removes the old items and, with the marker, the
 * lookups (functions/route/match-keys.ts).
 *
 * Keys come from each case's notification as stored, as route computed them when it opened the
 * case. Idempotent: a second run re-writes the same keyed items and finds no old ones. The marker
 * is written only when every case has been done; a failure part-way stops with the marker
 * unwritten, and route keeps looking up the old keys until a run completes. Prints counts only.
 */

export interface RetireOptions {
  db: DynamoDBDocumentClient;
  tableName: string;
  /** The deployment's hash key: the same one route uses (shared/hash-key.ts). */
  hashKey: HashKeySource;
  now: () => Date;
  /** Count what would change; change nothing. */
  dryRun?: boolean;
}

export interface RetireReport {
  dryRun: boolean;
  /** The marker was already there before this run (the run still re-checks every case). */
  alreadyRetired: boolean;
  cases: number;
  /** Cases indexed under their keyed keys (in a dry run: that would be). */
  reindexed: number;
  /** Cases with no notification stored: nothing to compute keys from, so never indexed. */
  withoutNotification: number;
  /** Old-key items deleted (in a dry run: found). */
  legacyItems: number;
}

const CASES_AT_A_TIME = 8;

export async function retireLegacyMatchKeys(options: RetireOptions): Promise<RetireReport> {
  const { db, tableName } = options;
  const dryRun = options.dryRun ?? false;
  const index = createMatchIndex(db, tableName);
  const notifications = createNotificationStore(db, tableName);
  const key = await options.hashKey();
  const cases = await createCaseRecords(db, tableName).list();
  const report: RetireReport = {
    dryRun,
    alreadyRetired: await index.legacyKeysRetired(),
    cases: cases.length,
    reindexed: 0,
    withoutNotification: 0,
    legacyItems: 0,
  };
  const retireOne = async (reference: string) => {
    const stored = await notifications.get(reference);
    if (!stored) {
      report.withoutNotification++;
      return;
    }
    const details = notificationMatchDetails(stored.notification);
    // The old keys' salt is the table's name (case-matching.ts matchKeys; route's handler).
    const legacy = matchKeys(details, tableName);
    let legacyItems: number;
    if (dryRun) {
      legacyItems = await index.count(reference, legacy);
    } else {
      // Keyed first: at no moment is the case in neither index.
      await index.add(reference, keyedMatchKeys(details, key));
      legacyItems = await index.remove(reference, legacy);
    }
    // Added after the await: `total += await x` reads the total before it, losing what other
    // cases running alongside add in the meantime.
    report.legacyItems += legacyItems;
    report.reindexed++;
  };
  // A few cases at a time: a council's few thousand in seconds, without a burst the table's
  // on-demand capacity would throttle.
  for (let i = 0; i < cases.length; i += CASES_AT_A_TIME) {
    await Promise.all(cases.slice(i, i + CASES_AT_A_TIME).map((c) => retireOne(c.reference)));
  }
  // Only when every case is done: a run that fails part-way leaves route looking up the old keys.
  if (!dryRun) await index.markLegacyKeysRetired(options.now(), report.cases);
  return report;
}

const USAGE = `Usage: npm run retire-legacy-match-keys -- --table <name> [options]

Indexes every case under the keyed duplicate-match keys, deletes its old unkeyed ones, and marks
the old keys retired so the route function stops looking them up (counts only are printed).

  --table <name>                the table, as the route function's TABLE_NAME
  --hash-key-secret-arn <arn>   the AddressHashKey secret, as the route function's HASH_KEY_SECRET_ARN
                                (required against AWS; the local stack uses its fixed local key)
  --dry-run                     count what would change; change nothing
  --endpoint <url>              the local stack's DynamoDB Local, e.g. http://127.0.0.1:8000
  --region <region>             default AWS_REGION, else eu-west-2
`;

export async function main(
  argv: string[],
  print: Print = console.log,
  now: () => Date = () => new Date(),
): Promise<number> {
  const values = parsedOrUsage(() => parse(argv), USAGE, print);
  if (!values) return 2;
  if (values.help) {
    print(USAGE);
    return 0;
  }
  const { table, endpoint } = values;
  if (!table) {
    print(`--table is required\n\n${USAGE}`);
    return 2;
  }
  const secretArn = values['hash-key-secret-arn'];
  // Against AWS, the local key would index every case under keys route never computes, and the
  // old keys would be gone: duplicates silently missed. So it is never a default there.
  if (!endpoint && !secretArn) {
    print(`--hash-key-secret-arn is required against AWS\n\n${USAGE}`);
    return 2;
  }
  process.env.AWS_REGION ??= values.region ?? 'eu-west-2';
  if (endpoint && !process.env.AWS_ACCESS_KEY_ID) {
    // The emulator accepts any credentials; the SDK needs some.
    process.env.AWS_ACCESS_KEY_ID = 'local';
    process.env.AWS_SECRET_ACCESS_KEY = 'local';
  }
  const db = createDocumentClient(endpoint);
  try {
    const report = await retireLegacyMatchKeys({
      db,
      tableName: table,
      hashKey: hashKeySource(secretArn),
      now,
      dryRun: values['dry-run'] ?? false,
    });
    print(
      [
        `${report.cases} case(s)${report.alreadyRetired ? '; old keys already marked retired' : ''}`,
        report.dryRun
          ? `  dry run: ${report.reindexed} to index under keyed keys, ${report.legacyItems} old-key item(s) to delete; nothing changed`
          : `  ${report.reindexed} indexed under keyed keys, ${report.legacyItems} old-key item(s) deleted`,
        ...(report.withoutNotification
          ? [`  ${report.withoutNotification} without a notification (never indexed)`]
          : []),
        ...(!report.dryRun
          ? [
              `  old keys marked retired: route stops looking them up within ${LEGACY_RETIREMENT_RECHECK_MS / 60_000} minutes`,
            ]
          : []),
      ].join('\n'),
    );
    return 0;
  } finally {
    db.destroy();
  }
}

function parse(argv: string[]) {
  return parseOptions(argv, {
    table: { type: 'string' },
    'hash-key-secret-arn': { type: 'string' },
    'dry-run': { type: 'boolean' },
    endpoint: { type: 'string' },
    region: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
}

runWhenInvoked(import.meta.url, (argv) => main(argv));
