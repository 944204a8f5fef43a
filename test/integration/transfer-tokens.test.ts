import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { TRANSFER_LINK_DAYS } from '../../shared/domain/transfer.ts';
import { caseKey, obligationKey } from '../../shared/store/keys.ts';
import { createTransferTokens, transferTokenKey } from '../../shared/store/transfer-tokens.ts';
import { tokenHash } from '../../shared/token-hash.ts';
import { useTemplateTable } from '../support/template-table.ts';

/*
 * The receiving council's acknowledgement link (issue 12) is spent in one transaction that also
 * checks its expiry: a link that expires between the read and the write is refused as expired,
 * not taken as an acknowledgement. Against DynamoDB Local.
 */

const TABLE = 'transfer-tokens-test';
const SENT = new Date('2026-11-02T09:00:00Z');
const COUNCIL = { gss: 'E06000035', name: 'Medway' };
const DAY = 86_400_000;

let db: DynamoDBDocumentClient;
useTemplateTable(TABLE, (table) => {
  db = table.db;
});

/** A case whose transfer notice was sent, with its acknowledgement obligation open. */
async function caseAwaitingAcknowledgement(reference: string) {
  await db.send(
    new PutCommand({
      TableName: TABLE,
      Item: { pk: caseKey(reference).pk, sk: 'TRANSFER', sentAt: SENT.toISOString() },
    }),
  );
  await db.send(
    new PutCommand({
      TableName: TABLE,
      Item: { ...obligationKey(reference, 'transfer-acknowledgement'), status: 'open', due: '2026-11-09' },
    }),
  );
}

const transferRecord = async (reference: string) =>
  (await db.send(new GetCommand({ TableName: TABLE, Key: { pk: caseKey(reference).pk, sk: 'TRANSFER' } })))
    .Item;

describe('transfer acknowledgement links', () => {
  it('takes a live link once, then says it was used', async () => {
    await caseAwaitingAcknowledgement('TRANSF01');
    const tokens = createTransferTokens(db, TABLE);
    const { token } = await tokens.issue('TRANSF01', COUNCIL, SENT);
    const at = new Date(SENT.getTime() + DAY);
    expect(await tokens.acknowledge(token, at)).toBe('acknowledged');
    expect((await transferRecord('TRANSF01'))?.acknowledgedAt).toBe(at.toISOString());
    expect(await tokens.acknowledge(token, new Date(at.getTime() + 60_000))).toBe('used');
  });

  it('refuses a link that expires between reading it and spending it, and records nothing', async () => {
    await caseAwaitingAcknowledgement('TRANSF02');
    const issuer = createTransferTokens(db, TABLE);
    const { token, expiresAt } = await issuer.issue('TRANSF02', COUNCIL, SENT);
    expect(Date.parse(expiresAt) - SENT.getTime()).toBe(TRANSFER_LINK_DAYS * DAY);
    // The last minute of the link's life: the read finds it live; just before the transaction the
    // expiry passes (here the stored expiry is moved, as the clock would move past it).
    const at = new Date(Date.parse(expiresAt) - 60_000);
    const expiresMeanwhile = {
      send: async (command: unknown) => {
        if (command instanceof TransactWriteCommand) {
          await db.send(
            new UpdateCommand({
              TableName: TABLE,
              Key: transferTokenKey(tokenHash(token, 'hex')),
              UpdateExpression: 'SET linkExpiresAt = :past',
              ExpressionAttributeValues: { ':past': new Date(at.getTime() - 1000).toISOString() },
            }),
          );
        }
        return db.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    expect(await createTransferTokens(expiresMeanwhile, TABLE).acknowledge(token, at)).toBe('expired');
    expect((await transferRecord('TRANSF02'))?.acknowledgedAt).toBeUndefined();
    const obligation = await db.send(
      new GetCommand({ TableName: TABLE, Key: obligationKey('TRANSF02', 'transfer-acknowledgement') }),
    );
    expect(obligation.Item?.status).toBe('open');
  });
});
