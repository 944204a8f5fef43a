import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { MatchBasis, MatchCandidate } from '../domain/case-matching.ts';
import { isConditionFailure } from './dynamo.ts';
import { caseKey, eventKey } from './keys.ts';

/**
 * The match index: one item per (hashed match key, case), `MATCH#<digest>` / `CASE#<reference>`,
 * written when a case opens. Looking a notification or notice up is one Query per key, all at once,
 * then one GetItem per case found, all at once, reading only its status (issue 16: they were one
 * after another, each of the whole case, and a case found by both keys was read twice). The digest
 * is computed in shared/domain/case-matching.ts; no name, date of birth or address is in a key or
 * an item here.
 */
export const matchKey = (hash: string, reference: string) => ({
  pk: `MATCH#${hash}`,
  sk: `CASE#${reference}`,
});

/**
 * Written once every case has been re-indexed under the keyed match keys and its old keys deleted
 * (infra/ops/retire-legacy-match-keys.ts): from then on nothing is looked up under the old keys.
 * Not a digest (those are 32 characters of base64url), so it cannot collide with one.
 */
export const LEGACY_KEYS_RETIRED_KEY = { pk: 'MATCH#INDEX', sk: 'LEGACY-KEYS-RETIRED' };

const MatchItemSchema = z.object({ reference: z.string(), basis: z.enum(['child', 'carer-address']) });
const CaseStateSchema = z.object({
  status: z.string(),
  summary: z.optional(z.object({ duplicateOf: z.optional(z.string()) })),
});

export interface MatchIndex {
  /** Records the case under each key (idempotent: a retry writes the same items). */
  add(reference: string, keys: readonly { basis: MatchBasis; hash: string }[]): Promise<void>;
  /** The cases recorded under any of the keys, with whether each is still open. */
  find(keys: readonly { basis: MatchBasis; hash: string }[]): Promise<MatchCandidate[]>;
  /**
   * Marks the case as a possible duplicate of another (once) with its event; false if it was
   * already marked (a retry).
   */
  flag(reference: string, of: string, basis: MatchBasis, now: Date): Promise<boolean>;
  /** How many of the case's items under the keys exist. */
  count(reference: string, keys: readonly { hash: string }[]): Promise<number>;
  /** Deletes the case's items under the keys; how many there were. */
  remove(reference: string, keys: readonly { hash: string }[]): Promise<number>;
  /** Whether the old, unkeyed match keys are retired (LEGACY_KEYS_RETIRED_KEY). */
  legacyKeysRetired(): Promise<boolean>;
  markLegacyKeysRetired(now: Date, cases: number): Promise<void>;
}

export function createMatchIndex(db: DynamoDBDocumentClient, tableName: string): MatchIndex {
  return {
    async add(reference, keys) {
      await Promise.all(
        keys.map(({ basis, hash }) =>
          db.send(
            new PutCommand({
              TableName: tableName,
              Item: { ...matchKey(hash, reference), type: 'match-key', reference, basis },
            }),
          ),
        ),
      );
    },
    async find(keys) {
      const pages = await Promise.all(
        keys.map(({ hash }) =>
          db.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: 'pk = :pk',
              ExpressionAttributeValues: { ':pk': `MATCH#${hash}` },
              // A handful of cases share a key at most; more would itself be worth a look.
              Limit: 20,
            }),
          ),
        ),
      );
      // The first basis a case was found by is kept (keys come child first), as before.
      const found = new Map<string, MatchBasis>();
      for (const page of pages)
        for (const item of page.Items ?? []) {
          const { reference, basis } = z.parse(MatchItemSchema, item);
          if (!found.has(reference)) found.set(reference, basis);
        }
      const states = await readCaseStates(db, tableName, [...found.keys()]);
      const candidates: MatchCandidate[] = [];
      for (const [reference, basis] of found) {
        const state = states.get(reference);
        if (!state) continue;
        candidates.push({
          reference,
          basis,
          open: state.status === 'open',
          duplicateOf: state.summary?.duplicateOf,
        });
      }
      return candidates;
    },
    async flag(reference, of, basis, now) {
      const at = now.toISOString();
      try {
        await db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: caseKey(reference),
                  UpdateExpression: 'SET possibleDuplicateOf = :of, possibleDuplicateBasis = :basis',
                  ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(possibleDuplicateOf)',
                  ExpressionAttributeValues: { ':of': of, ':basis': basis },
                },
              },
              {
                Put: {
                  TableName: tableName,
                  Item: {
                    ...eventKey(reference, at, 'possible-duplicate'),
                    type: 'event',
                    event: 'possible-duplicate-flagged',
                    by: 'system',
                    at,
                    details: { of, basis },
                  },
                },
              },
            ],
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },
    async count(reference, keys) {
      return howMany(reference, keys, async (Key) => {
        const out = await db.send(new GetCommand({ TableName: tableName, Key, ProjectionExpression: 'pk' }));
        return out.Item !== undefined;
      });
    },
    async remove(reference, keys) {
      return howMany(reference, keys, async (Key) => {
        const out = await db.send(new DeleteCommand({ TableName: tableName, Key, ReturnValues: 'ALL_OLD' }));
        return out.Attributes !== undefined;
      });
    },
    async legacyKeysRetired() {
      const out = await db.send(
        new GetCommand({ TableName: tableName, Key: LEGACY_KEYS_RETIRED_KEY, ProjectionExpression: 'pk' }),
      );
      return out.Item !== undefined;
    },
    async markLegacyKeysRetired(now, cases) {
      await db.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...LEGACY_KEYS_RETIRED_KEY, type: 'migration', at: now.toISOString(), cases },
        }),
      );
    },
  };
}

/** For how many of the case's items under the keys `was` answers true (all asked at once). */
async function howMany(
  reference: string,
  keys: readonly { hash: string }[],
  was: (key: ReturnType<typeof matchKey>) => Promise<boolean>,
): Promise<number> {
  const answers = await Promise.all(keys.map(({ hash }) => was(matchKey(hash, reference))));
  return answers.filter(Boolean).length;
}

/**
 * The status (and any duplicate link) of each case, read together with only those attributes.
 * GetItem, not BatchGetItem: no function is granted a batch action (infra TABLE_ACCESS, issue 13),
 * and a match finds a handful of cases at most.
 */
async function readCaseStates(
  db: DynamoDBDocumentClient,
  tableName: string,
  references: readonly string[],
): Promise<Map<string, z.infer<typeof CaseStateSchema>>> {
  const states = await Promise.all(
    references.map(async (reference) => {
      const out = await db.send(
        new GetCommand({
          TableName: tableName,
          Key: caseKey(reference),
          ProjectionExpression: '#status, #summary.#duplicateOf',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#summary': 'summary',
            '#duplicateOf': 'duplicateOf',
          },
        }),
      );
      return [reference, out.Item ? z.parse(CaseStateSchema, out.Item) : undefined] as const;
    }),
  );
  return new Map(states.filter((s): s is [string, z.infer<typeof CaseStateSchema>] => s[1] !== undefined));
}
