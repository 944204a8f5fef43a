import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { END_REASON_LABELS, END_REASONS } from '../../shared/domain/case-vocabulary.ts';
import {
  type ComplianceCase,
  type ComplianceFigures,
  complianceFigures,
  figureRows,
  judgeInitialVisit,
  regulation8Deadlines,
} from '../../shared/domain/compliance.ts';
import { arrangementSpan } from '../../shared/domain/figures/arrangement-span.ts';
import { addDays, daysBetween } from '../../shared/domain/local-date.ts';
import { NOTIFIER_ROLE_LABELS } from '../../shared/domain/notification.ts';
import type { CaseSummary } from '../../shared/domain/stored-case.ts';
import { defaultCalendar } from '../../shared/domain/working-days.ts';
import { SEEDED_CASES, SEEDED_PERIOD, SEEDED_TODAY } from '../fixtures/seeded-cases.ts';

const refs = (f: { references: string[] }) => f.references;
const identity = (f: ComplianceFigures) =>
  f.arrangements.openAtPeriodStart.count + f.arrangements.started.count - f.arrangements.ended.count;

describe('started, ended and open on seeded cases of every kind (test/fixtures/seeded-cases.ts)', () => {
  const f = complianceFigures(SEEDED_CASES, SEEDED_PERIOD, defaultCalendar, { today: SEEDED_TODAY });
  const a = f.arrangements;

  it('reconciles: open at the start + started − ended = open at the end', () => {
    expect(refs(a.openAtPeriodStart)).toEqual(['AGE00001', 'AGE00002', 'RUN00002']);
    expect(identity(f)).toBe(a.openAtPeriodEnd.count);
    expect(a.openAtPeriodEnd.count).toBe(5);
  });

  it('counts arrangements that started, not notifications', () => {
    // Not: the duplicate, both "not private fostering" decisions, the proposal not yet moved in,
    // the proposal that did not go ahead, the child already 16 when notified. PROP0001 started on
    // its move-in; EVE00001 and the never-visited NOVIS001 were running when notified.
    expect(refs(a.started)).toEqual(['END00001', 'EVE00001', 'NOVIS001', 'PROP0001', 'RUN00001']);
    expect(f.notifications.total.count).toBe(11);
    expect(refs(f.notifications.duplicates)).toEqual(['DUP00001']);
  });

  it('counts ends by the recorded end or the age limit, and only of arrangements that started', () => {
    expect(refs(a.ended)).toEqual(['AGE00001', 'AGE00002', 'END00001']);
    expect(refs(a.endedByReason['reached-age'])).toEqual(['AGE00002']);
    expect(refs(a.endedByReason['moved-to-relative'])).toEqual(['END00001']);
    // The "not private fostering" case's recorded end and the proposal that did not go ahead are not ends.
    expect(refs(a.endedByReason['returned-home'])).toEqual([]);
    expect(refs(a.endedAtAgeLimitUnrecorded)).toEqual(['AGE00001']);
  });

  it('leaves children past the age limit out of open at the end, and shows the unrecorded ends', () => {
    expect(refs(a.openAtPeriodEnd)).toEqual(['EVE00001', 'NOVIS001', 'PROP0001', 'RUN00001', 'RUN00002']);
    expect(refs(a.pastAgeLimitUnrecorded)).toEqual(['AGE00001']);
  });

  it('keeps the identity for every period start and end in the year', () => {
    for (let day = 0; day < 365; day += 17) {
      const from = addDays(SEEDED_PERIOD.from, day);
      for (const to of [addDays(from, 30), addDays(from, 200), SEEDED_PERIOD.to]) {
        if (to < from) continue;
        const g = complianceFigures(SEEDED_CASES, { from, to }, defaultCalendar, { today: SEEDED_TODAY });
        expect(identity(g), `${from} to ${to}`).toBe(g.arrangements.openAtPeriodEnd.count);
      }
    }
  });
});

describe('visit figures on the seeded cases', () => {
  const f = complianceFigures(SEEDED_CASES, SEEDED_PERIOD, defaultCalendar, { today: SEEDED_TODAY });
  const byRef = (r: string) => SEEDED_CASES.find((c) => c.reference === r) as ComplianceCase;

  it('never lets a visit dated before the notification meet the initial visit', () => {
    // EVE00001 arrived at 23:30 UTC on 20 July 2026: 21 July in London. The visit dated 20 July
    // is before it; the first that counts, 5 August, is after the due date (Thu 30 July).
    expect(judgeInitialVisit(byRef('EVE00001'), '2027-03-31', defaultCalendar)).toEqual({
      due: '2026-07-30',
      made: '2026-08-05',
      outcome: 'late',
    });
    expect(refs(f.initialVisits.late)).toEqual(['EVE00001']);
    expect(f.visitsBeforeNotification).toEqual({ count: 1, references: ['EVE00001'] });
  });

  it('counts a child never visited against timeliness: the initial visit and every 6 weeks since', () => {
    // NOVIS001: notified Mon 5 Oct 2026, initial visit due Wed 14 Oct, never made. At the cut-off
    // (31 Mar 2027) that is 24 weeks without a visit, and the 6-weekly deadlines from the due date
    // (25 Nov, 6 Jan, 17 Feb) are missed; 31 March is the cut-off itself, not yet missed.
    const judged = judgeInitialVisit(byRef('NOVIS001'), '2027-03-31', defaultCalendar);
    expect(judged).toEqual({
      due: '2026-10-14',
      made: undefined,
      outcome: 'not-made',
      weeksWithoutVisit: 24,
    });
    const span = arrangementSpan(byRef('NOVIS001'));
    expect(regulation8Deadlines(byRef('NOVIS001'), span, '2027-03-31', defaultCalendar)).toEqual([
      { due: '2026-11-25', arrangementYear: 1, outcome: 'missed' },
      { due: '2027-01-06', arrangementYear: 1, outcome: 'missed' },
      { due: '2027-02-17', arrangementYear: 1, outcome: 'missed' },
    ]);
    expect(refs(f.initialVisits.notMade)).toEqual(['NOVIS001']);
    expect(refs(f.neverVisited)).toEqual(['NOVIS001']);
    expect(refs(f.regulation8Visits.firstYear.notMet)).toContain('NOVIS001');
    expect(refs(f.childrenSeenAloneByChild.notVisited)).toEqual(['NOVIS001']);
  });

  it('starts no regulation 8 interval before a proposal moves in', () => {
    // PROP0002 is not moved in: its regulation 4 visit starts nothing. PROP0001 moved in on 1 July
    // 2026: its deadlines run from the 6 July visit (move-in visit due 10 July, regulation 7).
    const p2 = byRef('PROP0002');
    expect(regulation8Deadlines(p2, arrangementSpan(p2), '2027-03-31', defaultCalendar)).toEqual([]);
    const p1 = byRef('PROP0001');
    expect(regulation8Deadlines(p1, arrangementSpan(p1), '2027-03-31', defaultCalendar)[0]).toEqual({
      due: '2026-08-17',
      arrangementYear: 1,
      outcome: 'missed',
    });
  });

  it('counts seen alone per visit and per child, with "not appropriate" apart', () => {
    // RUN00002's visit of 10 April 2026 was judged not appropriate (reg 8(3)); its 20 May visit and
    // END00001's 10 July visit did not see the child alone.
    expect(f.childrenSeenAlone.notAppropriate).toEqual({ count: 1, references: ['RUN00002'] });
    expect(f.childrenSeenAlone.notMet).toEqual({ count: 2, references: ['END00001', 'RUN00002'] });
    expect(f.childrenSeenAlone.met.count).toBe(18);
    expect(f.childrenSeenAlone.percent).toBe(90);
    const byChild = f.childrenSeenAloneByChild;
    expect(refs(byChild.notSeenAlone)).toEqual(['END00001', 'RUN00002']);
    expect(refs(byChild.met)).toEqual([
      'AGE00001',
      'AGE00002',
      'EVE00001',
      'PROP0001',
      'PROP0002',
      'PROP0003',
      'RUN00001',
    ]);
    // 7 of 10: the never-visited child is in the denominator.
    expect(byChild.total.count).toBe(10);
    expect(byChild.percent).toBe(70);
  });

  it('shows a child judged "not appropriate" at every visit apart from those not seen alone', () => {
    const c: ComplianceCase = {
      reference: 'NA000001',
      receivedAt: '2026-05-05T10:00:00.000Z',
      notifierRole: 'school',
      summary: {
        visits: [
          { date: '2026-05-12', kind: 'initial', seenAlone: false, aloneNotAppropriate: true },
          { date: '2026-06-16', kind: 'regulation-8', seenAlone: false, aloneNotAppropriate: true },
        ],
        checks: [],
      },
    };
    const g = complianceFigures([c], SEEDED_PERIOD, defaultCalendar, { today: SEEDED_TODAY });
    expect(refs(g.childrenSeenAloneByChild.notAppropriate)).toEqual(['NA000001']);
    expect(g.childrenSeenAloneByChild.total.count).toBe(0);
    expect(g.childrenSeenAlone.notAppropriate.count).toBe(2);
    expect(g.childrenSeenAlone.percent).toBeNull();
  });

  it('puts every new figure on the dashboard rows', () => {
    const rows = figureRows(f, { source: NOTIFIER_ROLE_LABELS, endReason: END_REASON_LABELS });
    const row = (id: string) => rows.find((r) => r.id === id);
    expect(row('arrangements.open-at-start')).toMatchObject({ label: 'Open on 31 March 2026', count: 3 });
    expect(row('arrangements.past-age-limit-unrecorded')).toMatchObject({
      count: 1,
      references: ['AGE00001'],
    });
    expect(row('seen-alone.children.met')).toMatchObject({ count: 7, percent: '70%' });
    expect(row('seen-alone.not-appropriate')).toMatchObject({ count: 1, unit: 'visit' });
    expect(row('visits.never-visited')).toMatchObject({ count: 1, references: ['NOVIS001'] });
  });
});

describe('the identity holds for generated case histories (fast-check)', () => {
  const day = (min: string, max: string) =>
    fc.integer({ min: 0, max: daysBetween(min, max) }).map((n) => addDays(min, n));
  const when = day('2025-01-01', '2028-06-30');
  const caseArb = fc
    .record({
      received: fc.date({
        min: new Date('2025-01-01T00:00:00Z'),
        max: new Date('2028-06-30T23:59:59Z'),
        noInvalidDate: true,
      }),
      proposed: fc.boolean(),
      movedInAfter: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
      endedOn: fc.option(when, { nil: undefined }),
      endReason: fc.constantFrom(...END_REASONS),
      ageLimitOn: fc.option(when, { nil: undefined }),
      decisionNpf: fc.boolean(),
      frontDoorNpf: fc.boolean(),
      duplicate: fc.boolean(),
      visits: fc.array(fc.record({ date: when, seenAlone: fc.boolean(), notAppropriate: fc.boolean() }), {
        maxLength: 4,
      }),
    })
    .map((r): ComplianceCase => {
      const receivedOn = r.received.toISOString().slice(0, 10);
      const summary: CaseSummary = {
        visits: r.visits.map((v) => ({
          date: v.date,
          kind: 'regulation-8',
          seenAlone: v.seenAlone,
          ...(v.notAppropriate ? { aloneNotAppropriate: true } : {}),
        })),
        checks: [],
        ...(r.proposed ? { arrangement: 'proposed' as const } : {}),
        ...(r.proposed && r.movedInAfter !== undefined
          ? { movedInOn: addDays(receivedOn, r.movedInAfter) }
          : {}),
        ...(r.endedOn !== undefined ? { endedOn: r.endedOn, endReason: r.endReason } : {}),
        ...(r.ageLimitOn !== undefined ? { ageLimitOn: r.ageLimitOn } : {}),
        ...(r.decisionNpf ? { decision: 'not-private-fostering' as const, decidedOn: receivedOn } : {}),
        ...(r.frontDoorNpf ? { frontDoorOutcome: 'not-private-fostering' as const } : {}),
        ...(r.duplicate ? { duplicateOf: 'ORIGINAL' } : {}),
      };
      return { reference: 'C', receivedAt: r.received.toISOString(), notifierRole: 'school', summary };
    });

  // For any period that has begun by "today" (a period wholly in the future has no cut-off in it).
  it('open at the start + started − ended = open at the end, for any period and cut-off', () => {
    fc.assert(
      fc.property(
        fc.array(caseArb, { maxLength: 12 }),
        day('2025-06-01', '2027-12-31'),
        fc.integer({ min: 0, max: 400 }),
        fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
        (cases, from, length, todayAfter) => {
          const today = todayAfter === undefined ? undefined : addDays(from, todayAfter);
          const cased = cases.map((c, i) => ({ ...c, reference: `C${String(i).padStart(3, '0')}` }));
          const f = complianceFigures(cased, { from, to: addDays(from, length) }, defaultCalendar, {
            ...(today !== undefined ? { today } : {}),
          });
          expect(identity(f)).toBe(f.arrangements.openAtPeriodEnd.count);
        },
      ),
      { numRuns: 150 },
    );
  });
});
