import { describe, expect, it } from 'vitest';
import { obligationRuleInWords } from '../../shared/domain/obligation-labels.ts';
import { currentStagesOnly, digestByCase, digestMaySendNow } from '../../shared/domain/reminder-digest.ts';
import type { Reminder } from '../../shared/domain/reminders.ts';
import { reminderDigest } from '../../shared/mail/templates.ts';

const reminder = (over: Partial<Reminder>): Reminder => ({
  reference: 'AAAA1111',
  reminderId: 'initial-visit#due-soon',
  obligation: 'initial-visit',
  stage: 'due-soon',
  due: '2027-01-04',
  basis: 'why',
  recipient: 'cw@anytown.example',
  audience: 'case',
  state: 'pending',
  dueAt: '2027-01-01T08:00:00.000Z',
  attempts: 0,
  ...over,
});

describe('a digest keeps each duty once, at its latest stage', () => {
  it('drops the stale stages a catch-up claims together', () => {
    const entries = (['due-soon', 'overdue', 'due-today'] as const).map((stage) => ({
      reminder: reminder({ stage, reminderId: `initial-visit#${stage}` }),
    }));
    const { current, superseded } = currentStagesOnly(entries);
    expect(current.map((e) => e.reminder.stage)).toEqual(['overdue']);
    expect(superseded.map((e) => e.reminder.stage).sort()).toEqual(['due-soon', 'due-today']);
  });

  it('keeps different cases, obligations and notices of failed delivery apart', () => {
    const entries = [
      reminder({}),
      reminder({ reference: 'BBBB2222' }),
      reminder({ obligation: 'check:police', reminderId: 'check:police#due-soon' }),
      reminder({ stage: 'delivery-failure', reminderId: 'delivery-failure#a' }),
      reminder({ stage: 'delivery-failure', reminderId: 'delivery-failure#b' }),
    ].map((r) => ({ reminder: r }));
    expect(currentStagesOnly(entries).current).toHaveLength(5);
  });
});

describe('one digest a day', () => {
  const today = '2027-01-05';
  it('sends the first of the day, and a second only for something newly overdue or undelivered', () => {
    const soon = [reminder({})];
    expect(digestMaySendNow({ lastDigestOn: '2027-01-04', today, reminders: soon })).toBe(true);
    expect(digestMaySendNow({ lastDigestOn: today, today, reminders: soon })).toBe(false);
    const repeat = [reminder({ stage: 'overdue', sentCount: 1 })];
    expect(digestMaySendNow({ lastDigestOn: today, today, reminders: repeat })).toBe(false);
    const fresh = [reminder({ stage: 'escalation' })];
    expect(digestMaySendNow({ lastDigestOn: today, today, reminders: fresh })).toBe(true);
    const failure = [reminder({ stage: 'delivery-failure' })];
    expect(digestMaySendNow({ lastDigestOn: today, today, reminders: failure })).toBe(true);
  });
});

describe('the order of a digest', () => {
  it('groups by case, the case with the most overdue item first, most overdue first within it', () => {
    const groups = digestByCase(
      [
        reminder({ reference: 'AAAA1111', obligation: 'check:police', due: '2027-01-03', stage: 'overdue' }),
        reminder({ reference: 'BBBB2222', obligation: 'initial-visit', due: '2026-12-20', stage: 'overdue' }),
        reminder({ reference: 'AAAA1111', obligation: 'initial-visit', due: '2027-01-07' }),
        reminder({
          reference: 'BBBB2222',
          obligation: 'check:health',
          due: '2027-01-05',
          stage: 'due-today',
        }),
      ],
      '2027-01-05',
    );
    expect(
      groups.map((g) => [g.reference, g.items.map((i) => [i.reminder.obligation, i.daysOverdue])]),
    ).toEqual([
      [
        'BBBB2222',
        [
          ['initial-visit', 16],
          ['check:health', 0],
        ],
      ],
      [
        'AAAA1111',
        [
          ['check:police', 2],
          ['initial-visit', -2],
        ],
      ],
    ]);
  });
});

describe('what a digest says about a child', () => {
  it('gives the rule in general words, never the basis that names the birth date or a disability', () => {
    const email = reminderDigest(
      'Anytown Council',
      'cw@anytown.example',
      [
        reminder({
          obligation: 'arrangement-end',
          reminderId: 'arrangement-end#due-soon',
          due: '2026-12-20',
          basis:
            "The child's 18th birthday (born 20 December 2008): a disabled child is privately fostered until 18.",
        }),
      ],
      (ref) => `https://staff.example/cases/${ref}`,
      '2026-12-18',
    );
    expect(email.text).toContain(`Why: ${obligationRuleInWords('arrangement-end')}`);
    expect(email.text).not.toMatch(/2008|born|disabled/i);
  });
});
