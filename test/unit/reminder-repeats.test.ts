import { describe, expect, it } from 'vitest';
import { sameLondonTimeDaysLater } from '../../shared/domain/london-clock.ts';
import { outboxNextStep } from '../../shared/domain/reminders.ts';
import { nextOverdueRepeat } from '../../shared/domain/statutory-clock.ts';

describe('overdue reminders repeat a week after they were sent', () => {
  it('at the same London time seven days on', () => {
    expect(nextOverdueRepeat(new Date('2027-02-22T08:05:00Z')).toISOString()).toBe(
      '2027-03-01T08:05:00.000Z',
    );
  });

  it('keeps the London time of day across the change to British Summer Time', () => {
    // Sent 08:05 GMT on Monday 22 March 2027; clocks go forward on Sunday 28 March.
    expect(nextOverdueRepeat(new Date('2027-03-22T08:05:00Z')).toISOString()).toBe(
      '2027-03-29T07:05:00.000Z',
    );
    // And back: 08:05 BST on Monday 25 October 2027 is 08:05 GMT a week later.
    expect(sameLondonTimeDaysLater(new Date('2027-10-25T07:05:00Z'), 7).toISOString()).toBe(
      '2027-11-01T08:05:00.000Z',
    );
  });

  it('is never sooner than the same wall-clock time a week after sending, however late the catch-up', () => {
    const dueLongAgo = new Date('2027-01-05T08:00:00Z');
    const caughtUp = new Date('2027-02-22T08:05:00Z');
    const next = nextOverdueRepeat(caughtUp);
    expect(next.getTime()).toBeGreaterThan(caughtUp.getTime());
    expect(next.getTime() - caughtUp.getTime()).toBe(7 * 86_400_000);
    expect(next.getTime()).toBeGreaterThan(dueLongAgo.getTime() + 7 * 86_400_000);
  });
});

describe('the outbox', () => {
  it('re-queues a notification three times, then escalates it', () => {
    expect([0, 1, 2, 3, 4].map(outboxNextStep)).toEqual([
      'requeue',
      'requeue',
      'requeue',
      'escalate',
      'escalate',
    ]);
  });
});
