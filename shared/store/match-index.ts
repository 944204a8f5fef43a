import {
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
 * written when a case opens. Looking a notification or notice up is one Query per key (at most
 * two) and one GetItem per case found. The digest is computed in shared/domain/case-matching.ts;
 * no name, date of birth or address is in a key or an item here.
 */
export const matchKey = (hash: string, reference: string) => ({
  pk: `MATCH#${hash}`,
  sk: `CASE#${reference}`,
});

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
}

export function createMatchIndex(db: DynamoDBDocumentClient, tableName: string): MatchIndex {
  return {
    async add(reference, keys) {
      for (const { basis, hash } of keys) {
        await db.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...matchKey(hash, reference), type: 'match-key', reference, basis },
          }),
        );
      }
    },
    async find(keys) {
      const found: { reference: string; basis: MatchBasis }[] = [];
      for (const { hash } of keys) {
        const out = await db.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': `MATCH#${hash}` },
            // A handful of cases share a key at most; more would itself be worth a look.
            Limit: 20,
          }),
        );
        for (const item of out.Items ?? []) found.push(z.parse(MatchItemSchema, item));
      }
      const candidates: MatchCandidate[] = [];
      for (const f of found) {
        const out = await db.send(new GetCommand({ TableName: tableName, Key: caseKey(f.reference) }));
        if (!out.Item) continue;
        const state = z.parse(CaseStateSchema, out.Item);
        candidates.push({
          reference: f.reference,
          basis: f.basis,
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
  };
}
