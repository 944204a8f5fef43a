import { describe, expect, it } from 'vitest';
import {
  gapsAfter,
  hashLinkToken,
  informationRequestState,
  isLinkToken,
  linkExpiry,
  MISSING_ITEM_GAPS,
  MISSING_ITEMS,
  missingItemsOf,
} from '../../shared/domain/missing-information.ts';
import { informationGaps } from '../../shared/domain/notification.ts';
import { aNotification } from '../fixtures/notifications.ts';

describe('missing information (issue 12)', () => {
  it('asks for exactly the gaps informationGaps reports, in its words', () => {
    const empty = aNotification({
      parents: [],
      arrangement: {},
      child: { disabled: 'unknown' },
      carer: {},
    });
    const gaps = informationGaps(empty);
    expect(missingItemsOf(gaps)).toEqual([...MISSING_ITEMS]);
    expect(gaps.sort()).toEqual(Object.values(MISSING_ITEM_GAPS).sort());
    // A full notification: nothing to ask.
    expect(missingItemsOf(informationGaps(aNotification()))).toEqual([]);
  });

  it('takes answered items off the gaps and keeps the rest', () => {
    const gaps = ['Start date of the arrangement', "Parents' details", 'Something else'];
    expect(gapsAfter(gaps, { startDate: '2026-09-01' })).toEqual(["Parents' details", 'Something else']);
    expect(gapsAfter(gaps, { parents: [{ name: 'A' }], startDate: '2026-09-01' })).toEqual([
      'Something else',
    ]);
    expect(gapsAfter(gaps, { parents: [] })).toEqual(gaps);
  });

  it('expires a link 14 days after it was sent, and says so', () => {
    const sentAt = new Date('2026-11-24T10:00:00.000Z');
    const expiresAt = linkExpiry(sentAt);
    expect(expiresAt.toISOString()).toBe('2026-12-08T10:00:00.000Z');
    const request = {
      requestId: 'r',
      items: ['parents' as const],
      sentAt: sentAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
      recordedBy: 'm@x',
    };
    expect(informationRequestState(request, new Date('2026-12-08T09:59:59.000Z'))).toBe('sent');
    expect(informationRequestState(request, expiresAt)).toBe('expired');
    expect(informationRequestState({ ...request, answeredAt: '2026-12-01T00:00:00.000Z' }, expiresAt)).toBe(
      'answered',
    );
  });

  it('stores a token only as its SHA-256, and looks up only tokens as issued', () => {
    const token = 'a'.repeat(43);
    expect(hashLinkToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashLinkToken(token)).not.toContain(token);
    expect(isLinkToken(token)).toBe(true);
    for (const bad of ['', 'a'.repeat(42), `${'a'.repeat(42)}/`, `${'a'.repeat(42)}=`])
      expect(isLinkToken(bad)).toBe(false);
  });
});
