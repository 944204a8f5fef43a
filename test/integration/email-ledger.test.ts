import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../infra/local/local-stack.ts';
import {
  createEmailLedger,
  EMAIL_CLAIM_LEASE_SECONDS,
  EmailInProgressError,
  type EmailLedger,
  sendOnce,
} from '../../shared/store/email-ledger.ts';
import { emailKey } from '../../shared/store/keys.ts';

/**
 * The send-once ledger against DynamoDB Local. Its lease is what lets a message whose email went
 * out just before a write failed (the database away, the process killed) be finished later
 * rather than sent twice at once or held for ever; the reliability suite's restart and crash
 * tests wait on exactly this, so its edges are pinned here with the clock set.
 */
let stack: LocalStack;
let ledger: EmailLedger;

beforeAll(async () => {
  stack = await startLocalStack({ schedules: false, pollers: false });
  ledger = createEmailLedger(stack.db, stack.tableName);
});
afterAll(async () => {
  await stack?.stop();
});

const CLAIMED_AT = new Date('2027-03-01T10:00:00.000Z');
const secondsAfterClaim = (seconds: number) => new Date(CLAIMED_AT.getTime() + seconds * 1000);
const aReference = () => `PF-LEDGER-${randomUUID().slice(0, 8)}`;

const stored = async (reference: string, purpose: string) =>
  (await stack.db.send(new GetCommand({ TableName: stack.tableName, Key: emailKey(reference, purpose) })))
    .Item;

describe('the email ledger', () => {
  it('holds a stranded claim for the lease, then lets another run take it', async () => {
    const reference = aReference();
    expect(await ledger.claim(reference, 'alert', CLAIMED_AT)).toBe('claimed');
    // The run that claimed it sent the email and then could not record it: nothing else happens.

    expect(await ledger.claim(reference, 'alert', secondsAfterClaim(1))).toBe('in-progress');
    expect(await ledger.claim(reference, 'alert', secondsAfterClaim(EMAIL_CLAIM_LEASE_SECONDS - 1))).toBe(
      'in-progress',
    );
    expect(await ledger.claim(reference, 'alert', secondsAfterClaim(EMAIL_CLAIM_LEASE_SECONDS + 1))).toBe(
      'claimed',
    );
    expect(await stored(reference, 'alert')).toMatchObject({
      state: 'claimed',
      leaseUntil: secondsAfterClaim(2 * EMAIL_CLAIM_LEASE_SECONDS + 1).toISOString(),
    });
  });

  it('never lets a sent email be claimed again, however late', async () => {
    const reference = aReference();
    await ledger.claim(reference, 'acknowledgement', CLAIMED_AT);
    await ledger.markSent(reference, 'acknowledgement', 'ses-1', secondsAfterClaim(2));

    expect(await ledger.claim(reference, 'acknowledgement', secondsAfterClaim(3))).toBe('already-sent');
    expect(await ledger.claim(reference, 'acknowledgement', secondsAfterClaim(86_400))).toBe('already-sent');
    const item = await stored(reference, 'acknowledgement');
    expect(item).toMatchObject({
      state: 'sent',
      messageId: 'ses-1',
      sentAt: secondsAfterClaim(2).toISOString(),
    });
    expect(item).not.toHaveProperty('leaseUntil');
  });

  it('keeps each purpose apart: the alert sent does not stand for the acknowledgement', async () => {
    const reference = aReference();
    await ledger.claim(reference, 'alert', CLAIMED_AT);
    await ledger.markSent(reference, 'alert', 'ses-2', CLAIMED_AT);
    expect(await ledger.claim(reference, 'acknowledgement', CLAIMED_AT)).toBe('claimed');
  });
});

describe('sendOnce', () => {
  const counting = () => {
    const sends: number[] = [];
    return {
      sends,
      send: async () => {
        sends.push(sends.length + 1);
        return `ses-${sends.length}`;
      },
    };
  };

  it('sends, records the message id, and sends nothing the second time', async () => {
    const reference = aReference();
    const { sends, send } = counting();
    expect(await sendOnce(ledger, { reference, purpose: 'alert' }, CLAIMED_AT, send)).toBe('sent');
    expect(await sendOnce(ledger, { reference, purpose: 'alert' }, secondsAfterClaim(30), send)).toBe(
      'already-sent',
    );
    expect(sends).toEqual([1]);
    expect(await stored(reference, 'alert')).toMatchObject({ state: 'sent', messageId: 'ses-1' });
  });

  it('gives the claim back when the send fails, so the retry sends at once', async () => {
    const reference = aReference();
    const refused = Object.assign(new Error('SES refused'), { name: 'Throttling' });
    await expect(
      sendOnce(ledger, { reference, purpose: 'alert' }, CLAIMED_AT, () => Promise.reject(refused)),
    ).rejects.toBe(refused);
    expect(await stored(reference, 'alert')).toBeUndefined();

    const { sends, send } = counting();
    expect(await sendOnce(ledger, { reference, purpose: 'alert' }, secondsAfterClaim(1), send)).toBe('sent');
    expect(sends).toEqual([1]);
  });

  it('refuses, without sending, while another run holds the claim; sends once the lease is over', async () => {
    const reference = aReference();
    await ledger.claim(reference, 'alert', CLAIMED_AT);
    const { sends, send } = counting();

    await expect(
      sendOnce(ledger, { reference, purpose: 'alert' }, secondsAfterClaim(20), send),
    ).rejects.toBeInstanceOf(EmailInProgressError);
    expect(sends).toEqual([]);

    expect(
      await sendOnce(
        ledger,
        { reference, purpose: 'alert' },
        secondsAfterClaim(EMAIL_CLAIM_LEASE_SECONDS + 20),
        send,
      ),
    ).toBe('sent');
    expect(sends).toEqual([1]);
  });
});
