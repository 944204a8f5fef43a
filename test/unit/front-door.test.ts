import { describe, expect, it } from 'vitest';
import {
  appealByDate,
  frontDoorDecisionDeadline,
  frontDoorFigures,
  isAppealable,
  isDeputy,
  restrictionCounts,
  withDeputies,
} from '../../shared/domain/front-door.ts';
import { defaultCalendar } from '../../shared/domain/working-days.ts';

describe('the front door decision (Working Together 2023)', () => {
  it('is due one working day after the London date received', () => {
    // Friday 18 December 2026, 23:30 London: the next working day is Monday 21 December.
    expect(frontDoorDecisionDeadline('2026-12-18T23:30:00.000Z', defaultCalendar)).toBe('2026-12-21');
    // Thursday 24 December: Christmas and Boxing Day (substitute 28th) are skipped.
    expect(frontDoorDecisionDeadline('2026-12-24T10:00:00.000Z', defaultCalendar)).toBe('2026-12-29');
    // 23:30 UTC on 30 June is 1 July in London (summer time).
    expect(frontDoorDecisionDeadline('2027-06-30T23:30:00.000Z', defaultCalendar)).toBe('2027-07-02');
  });

  it('counts decisions within one working day, undecided ones past due, and each duplicate once', () => {
    const period = { from: '2026-11-01', to: '2026-11-30' };
    const cases = [
      { receivedAt: '2026-11-02T10:00:00.000Z', summary: { frontDoorDecidedOn: '2026-11-03' } },
      { receivedAt: '2026-11-02T10:00:00.000Z', summary: { frontDoorDecidedOn: '2026-11-04' } },
      { receivedAt: '2026-11-20T10:00:00.000Z' },
      { receivedAt: '2026-11-23T10:00:00.000Z' },
      {
        receivedAt: '2026-11-23T10:00:00.000Z',
        summary: { frontDoorDecidedOn: '2026-11-23', duplicateOf: 'ABCDEFGH' },
      },
      { receivedAt: '2026-12-01T10:00:00.000Z', summary: { frontDoorDecidedOn: '2026-12-01' } },
    ];
    expect(frontDoorFigures(cases, period, defaultCalendar, '2026-11-24')).toEqual({
      received: 4,
      decided: 2,
      withinOneWorkingDay: 1,
      overdue: 1,
      percentWithinOneWorkingDay: 25,
    });
    expect(frontDoorFigures([], period, defaultCalendar, '2026-11-24').percentWithinOneWorkingDay).toBeNull();
  });
});

describe('written decisions (s.68, s.69, Sch. 8)', () => {
  it('gives 14 days from the written notice to appeal, and nothing to appeal in a consent given', () => {
    expect(appealByDate('2026-12-20')).toBe('2027-01-03');
    expect(isAppealable({ kind: 'disqualification', decision: 'consent' })).toBe(false);
    expect(isAppealable({ kind: 'disqualification', decision: 'refusal' })).toBe(true);
    expect(isAppealable({ kind: 'prohibition' })).toBe(true);
    expect(isAppealable({ kind: 'requirements' })).toBe(true);
  });

  it('counts requirements, prohibitions and consents by the date of the notice', () => {
    const cases = [
      {
        reference: 'AAAAAAAA',
        summary: {
          restrictions: [
            { kind: 'requirements' as const, noticeOn: '2026-04-01' },
            { kind: 'prohibition' as const, noticeOn: '2027-04-01' },
          ],
        },
      },
      {
        reference: 'BBBBBBBB',
        summary: {
          restrictions: [
            { kind: 'disqualification' as const, noticeOn: '2026-05-01', decision: 'consent' as const },
            { kind: 'disqualification' as const, noticeOn: '2026-06-01', decision: 'refusal' as const },
          ],
        },
      },
      { reference: 'CCCCCCCC' },
    ];
    expect(restrictionCounts(cases, { from: '2026-04-01', to: '2027-03-31' })).toEqual({
      requirements: 1,
      prohibitions: 0,
      consentsGiven: 1,
      consentsRefused: 1,
      references: ['AAAAAAAA', 'BBBBBBBB'],
    });
  });
});

describe('deputies', () => {
  it('adds every deputy to what goes to the designated manager, and to nothing else', () => {
    const deputies = ['deputy1@anytown.example', 'Manager@Anytown.example'];
    expect(withDeputies(['manager@anytown.example'], 'MANAGER@anytown.example', deputies)).toEqual([
      'manager@anytown.example',
      'deputy1@anytown.example',
    ]);
    expect(withDeputies(['north@anytown.example'], 'manager@anytown.example', deputies)).toEqual([
      'north@anytown.example',
    ]);
    expect(isDeputy(' Deputy1@anytown.example ', deputies)).toBe(true);
    expect(isDeputy('caseworker1@anytown.example', deputies)).toBe(false);
  });
});
