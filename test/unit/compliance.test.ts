import { describe, expect, it } from 'vitest';
import { END_REASON_LABELS } from '../../shared/domain/case-vocabulary.ts';
import {
  type ComplianceCase,
  caseReportRows,
  complianceFigures,
  describeCount,
  figureRows,
  financialYearContaining,
  median,
} from '../../shared/domain/compliance.ts';
import { NOTIFIER_ROLE_LABELS, type NotifierRole } from '../../shared/domain/notification.ts';
import type { CaseSummary } from '../../shared/domain/stored-case.ts';
import { defaultCalendar } from '../../shared/domain/working-days.ts';

/**
 * Seven seeded cases and the figures for the financial year 1 April 2026 to 31 March 2027,
 * counted by hand. Bank holidays that matter: 4 and 25 May, 31 August, 25 and 28 December 2026;
 * 1 January, 26 March (Good Friday) and 29 March (Easter Monday) 2027.
 */
const FY: { from: string; to: string } = { from: '2026-04-01', to: '2027-03-31' };
const AFTER_THE_YEAR = '2027-06-01';

const visit = (date: string, seenAlone: boolean, kind: 'initial' | 'regulation-8' = 'regulation-8') => ({
  date,
  kind,
  seenAlone,
});
const aCase = (
  reference: string,
  received: string,
  role: NotifierRole,
  summary: Partial<CaseSummary> = {},
): ComplianceCase => ({
  reference,
  receivedAt: `${received}T10:00:00.000Z`,
  notifierRole: role,
  summary: { visits: [], checks: [], ...summary },
});

const CASES: ComplianceCase[] = [
  // A: received Tue 2 Jun 2026; initial due Thu 11 Jun, made 10 Jun (on time), seen alone.
  // Reg 8 (first year): 10 Jun → due 22 Jul, next 20 Jul (met); 20 Jul → due 31 Aug, next 10 Sep
  // (late); 10 Sep → due 22 Oct, none by 31 Mar (late). Checks due 24 Jun: 2 of 9 done, 7 overdue.
  aCase('AAAAAAAA', '2026-06-02', 'school', {
    visits: [visit('2026-06-10', true, 'initial'), visit('2026-07-20', false), visit('2026-09-10', true)],
    checks: [
      { type: 'dbs-carer', requestedOn: '2026-06-10', completedOn: '2026-06-20' },
      { type: 'police', completedOn: '2026-07-01' },
    ],
  }),
  // B: received Mon 21 Dec 2026; initial due Mon 4 Jan 2027 (25, 28 Dec, 1 Jan skipped), made
  // 6 Jan (late), not seen alone. 6 Jan → due 17 Feb, next 10 Feb (met); 10 Feb → due 24 Mar, none
  // (late). Checks due 20 Jan 2027: none done, 9 overdue. Decision 20 Jan 2027: 30 days.
  aCase('BBBBBBBB', '2026-12-21', 'health', {
    visits: [visit('2027-01-06', false, 'initial'), visit('2027-02-10', true)],
    decidedOn: '2027-01-20',
    decision: 'suitable',
  }),
  // C: received Thu 25 Mar 2027; initial due Wed 7 Apr 2027 (Good Friday and Easter Monday
  // skipped): after the year, not counted. 9 checks outstanding, none overdue yet.
  aCase('CCCCCCCC', '2027-03-25', 'parent'),
  // D: received 1 Oct 2025 (last year). Year one ends 30 Sep 2026. 1 Sep 2026 → due 13 Oct 2026,
  // next 10 Oct (met, first year); 10 Oct (year two) → due 2 Jan 2027, next 30 Dec (met, later);
  // 30 Dec → due 24 Mar 2027, but it ended on 1 Mar 2027 (moved area): not counted.
  aCase('DDDDDDDD', '2025-10-01', 'agency', {
    visits: [
      visit('2025-10-06', true, 'initial'),
      visit('2025-11-10', true),
      visit('2026-09-01', true),
      visit('2026-10-10', true),
      visit('2026-12-30', false),
    ],
    checks: [{ type: 'reference-1', completedOn: '2025-11-01' }],
    endedOn: '2027-03-01',
    endReason: 'moved-area',
    decidedOn: '2025-12-01',
    decision: 'suitable',
  }),
  // E: received Wed 15 Apr 2026, decided on 20 Apr not to be private fostering (5 days): a
  // notification and a decision, nothing else.
  aCase('EEEEEEEE', '2026-04-15', 'other-professional', {
    decidedOn: '2026-04-20',
    decision: 'not-private-fostering',
  }),
  // F: received Mon 3 Aug 2026, initial due Wed 12 Aug; ended 7 Aug (returned home) before it was due.
  aCase('FFFFFFFF', '2026-08-03', 'carer', { endedOn: '2026-08-07', endReason: 'returned-home' }),
  // G: received Wed 1 Jul 2026, initial due Fri 10 Jul, never made. Checks due 24 Jul: 9 overdue
  // (a reference completed in April 2027 is after the year).
  aCase('GGGGGGGG', '2026-07-01', 'school', { checks: [{ type: 'reference-1', completedOn: '2027-04-10' }] }),
];

describe('complianceFigures, financial year 2026 to 2027, counted after the year ended', () => {
  const f = complianceFigures(CASES, FY, defaultCalendar, { today: AFTER_THE_YEAR });

  it('counts notifications by source', () => {
    expect(f.cutoff).toBe('2027-03-31');
    expect(f.notifications.total).toEqual({
      count: 6,
      references: ['AAAAAAAA', 'BBBBBBBB', 'CCCCCCCC', 'EEEEEEEE', 'FFFFFFFF', 'GGGGGGGG'],
    });
    expect(f.notifications.bySource.school).toEqual({ count: 2, references: ['AAAAAAAA', 'GGGGGGGG'] });
    expect(f.notifications.bySource.health.references).toEqual(['BBBBBBBB']);
    expect(f.notifications.bySource.parent.references).toEqual(['CCCCCCCC']);
    expect(f.notifications.bySource['other-professional'].references).toEqual(['EEEEEEEE']);
    expect(f.notifications.bySource.carer.references).toEqual(['FFFFFFFF']);
    expect(f.notifications.bySource.agency.count).toBe(0);
    expect(f.notifications.bySource['religious-setting'].count).toBe(0);
  });

  it('counts arrangements started, ended by reason and open at the end', () => {
    expect(f.arrangements.started.references).toEqual([
      'AAAAAAAA',
      'BBBBBBBB',
      'CCCCCCCC',
      'FFFFFFFF',
      'GGGGGGGG',
    ]);
    expect(f.arrangements.ended).toEqual({ count: 2, references: ['DDDDDDDD', 'FFFFFFFF'] });
    expect(f.arrangements.endedByReason['moved-area'].references).toEqual(['DDDDDDDD']);
    expect(f.arrangements.endedByReason['returned-home'].references).toEqual(['FFFFFFFF']);
    expect(f.arrangements.endedByReason.prohibited.count).toBe(0);
    expect(f.arrangements.openAtPeriodEnd.references).toEqual([
      'AAAAAAAA',
      'BBBBBBBB',
      'CCCCCCCC',
      'GGGGGGGG',
    ]);
  });

  it('counts initial visits within 7 working days', () => {
    expect(f.initialVisits.met.references).toEqual(['AAAAAAAA']);
    expect(f.initialVisits.late.references).toEqual(['BBBBBBBB']);
    expect(f.initialVisits.notMade.references).toEqual(['GGGGGGGG']);
    expect(f.initialVisits.total.count).toBe(3);
    expect(f.initialVisits.percent).toBe(33.3);
  });

  it('counts regulation 8 visits on time in the first year and later years', () => {
    const first = f.regulation8Visits.firstYear;
    expect(first.met).toEqual({ count: 3, references: ['AAAAAAAA', 'BBBBBBBB', 'DDDDDDDD'] });
    // A deadline passed with no visit is missed and the next runs from it (each further 6 weeks
    // without a visit is another missed deadline). A: 31 Aug (visit 10 Sep ends the run); from 10
    // Sep: 22 Oct, 3 Dec, 14 Jan, 25 Feb. B: 24 Mar. D (last visited 10 Nov 2025): 27 Apr, 8 Jun,
    // 20 Jul, 31 Aug 2026 (visit 1 Sep). G, never visited, from its initial visit's due date
    // (10 Jul): 21 Aug, 2 Oct, 13 Nov, 25 Dec, 5 Feb, 19 Mar.
    expect(first.notMet).toEqual({
      count: 5 + 1 + 4 + 6,
      references: ['AAAAAAAA', 'BBBBBBBB', 'DDDDDDDD', 'GGGGGGGG'],
    });
    expect(first.percent).toBe(15.8);
    const later = f.regulation8Visits.laterYears;
    expect(later.met).toEqual({ count: 1, references: ['DDDDDDDD'] });
    expect(later.notMet.count).toBe(0);
    expect(later.percent).toBe(100);
  });

  it('counts children seen alone at visits in the period', () => {
    expect(f.childrenSeenAlone.met.count).toBe(5);
    expect(f.childrenSeenAlone.notMet.count).toBe(3);
    expect(f.childrenSeenAlone.percent).toBe(62.5);
  });

  it('counts checks completed, outstanding and overdue', () => {
    expect(f.checks.completed).toEqual({ count: 2, references: ['AAAAAAAA'] });
    expect(f.checks.outstanding).toEqual({
      count: 7 + 9 + 9 + 9,
      references: ['AAAAAAAA', 'BBBBBBBB', 'CCCCCCCC', 'GGGGGGGG'],
    });
    expect(f.checks.overdue).toEqual({ count: 7 + 9 + 9, references: ['AAAAAAAA', 'BBBBBBBB', 'GGGGGGGG'] });
  });

  it('gives the median days from notification to decision', () => {
    expect(f.decisions.count.references).toEqual(['BBBBBBBB', 'EEEEEEEE']);
    expect(f.decisions.medianDaysToDecision).toBe(17.5);
  });

  it('counts a DBS check left outstanding past its due date with no interim safety plan', () => {
    // Nobody recorded a delay, but at the cut-off the household DBS checks of A (due 24 Jun 2026:
    // plan due 1 Jul), B (due 20 Jan 2027: plan due 27 Jan) and G (due 24 Jul: plan due 31 Jul)
    // were outstanding with no plan. F's would have been due 2 Sep (31 Aug skipped), after it
    // ended; C's checks are not due until after the year; D's plan fell due in October 2025.
    const plans = f.interimSafetyPlans;
    expect(plans.notMade).toEqual({ count: 3, references: ['AAAAAAAA', 'BBBBBBBB', 'GGGGGGGG'] });
    expect(plans.met.count).toBe(0);
    expect(plans.percent).toBe(0);
    expect(f.requestedVisits.total.count).toBe(0);
    expect(f.requestedVisits.percent).toBeNull();
  });
});

describe('visits on request and interim safety plans', () => {
  const v = (date: string, kind: 'initial' | 'regulation-8' | 'requested') => ({
    date,
    kind,
    seenAlone: true,
  });
  const cases: ComplianceCase[] = [
    // H: received Mon 7 Sep 2026; initial visit 15 Sep. Requests: Thu 1 Oct (due Mon 12 Oct),
    // visited on request 9 Oct: on time. Mon 2 Nov (due Wed 11 Nov), next visit 13 Nov: late.
    // Mon 1 Mar 2027 (due Wed 10 Mar), no visit by 31 Mar: not made. Mon 29 Mar 2027 (due Wed 7
    // Apr, Good Friday and Easter Monday skipped): after the year, not counted. The carer's DBS
    // check, due Tue 29 Sep, recorded delayed: plan due Tue 6 Oct, agreed 2 Oct: on time.
    aCase('HHHHHHHH', '2026-09-07', 'school', {
      visits: [v('2026-09-15', 'initial'), v('2026-10-09', 'requested'), v('2026-11-13', 'regulation-8')],
      requests: [
        { requestedOn: '2026-10-01', requestedBy: 'child' },
        { requestedOn: '2026-11-02', requestedBy: 'parent' },
        { requestedOn: '2027-03-01', requestedBy: 'carer' },
        { requestedOn: '2027-03-29', requestedBy: 'other' },
      ],
      checks: [
        { type: 'dbs-carer', requestedOn: '2026-09-16', delayed: true },
        { type: 'dbs-household', completedOn: '2026-09-25' },
      ],
      safetyPlanAgreedOn: '2026-10-02',
    }),
    // I, J and K: received Mon 5 Oct 2026, initial visit Wed 14 Oct; DBS checks due Wed 28 Oct;
    // an interim safety plan due Wed 4 Nov (29, 30 Oct, 2, 3, 4 Nov) if one is delayed.
    // I: the household DBS check completed 20 Nov with no plan ever made: not in place.
    aCase('IIIIIIII', '2026-10-05', 'health', {
      visits: [v('2026-10-14', 'initial')],
      checks: [
        { type: 'dbs-carer', completedOn: '2026-10-20' },
        { type: 'dbs-household', completedOn: '2026-11-20' },
      ],
    }),
    // J: the household DBS check recorded delayed; the plan agreed on 10 Nov: late.
    aCase('JJJJJJJJ', '2026-10-05', 'health', {
      visits: [v('2026-10-14', 'initial')],
      checks: [
        { type: 'dbs-carer', completedOn: '2026-10-20' },
        { type: 'dbs-household', requestedOn: '2026-10-15', delayed: true },
      ],
      safetyPlanAgreedOn: '2026-11-10',
    }),
    // K: the carer's DBS check completed two days late (30 Oct), before the plan fell due: no plan
    // needed, not counted.
    aCase('KKKKKKKK', '2026-10-05', 'health', {
      visits: [v('2026-10-14', 'initial')],
      checks: [
        { type: 'dbs-carer', completedOn: '2026-10-30' },
        { type: 'dbs-household', completedOn: '2026-10-20' },
      ],
    }),
  ];
  const f = complianceFigures(cases, FY, defaultCalendar, { today: AFTER_THE_YEAR });

  it('counts each request by its due date: made on time, late, or not made', () => {
    const r = f.requestedVisits;
    expect(r.met).toEqual({ count: 1, references: ['HHHHHHHH'] });
    expect(r.late).toEqual({ count: 1, references: ['HHHHHHHH'] });
    expect(r.notMade).toEqual({ count: 1, references: ['HHHHHHHH'] });
    expect(r.total.count).toBe(3);
    expect(r.percent).toBe(33.3);
  });

  it('lets a visit on request restart the regulation 8 interval, adding none of its own', () => {
    // H: 15 Sep → due 27 Oct, next 9 Oct (met); 9 Oct → due 20 Nov, next 13 Nov (met); 13 Nov →
    // due 25 Dec, none: missed, and so are 5 Feb and 19 Mar after it. I, J and K: 14 Oct → 25 Nov,
    // 6 Jan, 17 Feb missed (31 Mar is the cut-off itself: not yet missed).
    const first = f.regulation8Visits.firstYear;
    expect(first.met).toEqual({ count: 2, references: ['HHHHHHHH'] });
    expect(first.notMet).toEqual({
      count: 3 + 3 * 3,
      references: ['HHHHHHHH', 'IIIIIIII', 'JJJJJJJJ', 'KKKKKKKK'],
    });
    // Every visit counts for the child seen alone, the one on request included: H 3, I, J, K 1 each.
    expect(f.childrenSeenAlone.met.count).toBe(6);
  });

  it('counts interim safety plans in place on time, late, and not in place', () => {
    const p = f.interimSafetyPlans;
    expect(p.met.references).toEqual(['HHHHHHHH']);
    expect(p.late.references).toEqual(['JJJJJJJJ']);
    expect(p.notMade.references).toEqual(['IIIIIIII']);
    expect(p.percent).toBe(33.3);
  });

  it('keeps interim safety plans out of the checks figures', () => {
    // H: 7 checks outstanding besides the delayed DBS check; I, J, K: 7 each (J's DBS too).
    expect(f.checks.outstanding.count).toBe(8 + 7 + 8 + 7);
  });

  it('gives each new figure a row with its definition', () => {
    const rows = figureRows(f, { source: NOTIFIER_ROLE_LABELS, endReason: END_REASON_LABELS });
    expect(rows.find((r) => r.id === 'requested-visits.met')).toMatchObject({ count: 1, percent: '33.3%' });
    expect(rows.find((r) => r.id === 'safety-plans.not-made')).toMatchObject({
      count: 1,
      references: ['IIIIIIII'],
    });
  });
});

describe('complianceFigures during the year', () => {
  it('counts nothing as missed before it could be', () => {
    // On 5 July 2026 G's initial visit (due 10 July) is not yet due, and A's visits are on time so far.
    const f = complianceFigures(CASES, FY, defaultCalendar, { today: '2026-07-05' });
    expect(f.cutoff).toBe('2026-07-05');
    expect(f.initialVisits.notMade.count).toBe(0);
    expect(f.initialVisits.met.references).toEqual(['AAAAAAAA']);
    // A's interval from 10 June is due 22 July: not yet judged. D, last visited 10 Nov 2025, has
    // missed 27 April and 8 June (6-week deadlines running on from the missed ones).
    expect(f.regulation8Visits.firstYear.total).toEqual({ count: 2, references: ['DDDDDDDD'] });
    expect(f.arrangements.openAtPeriodEnd.references).toEqual(['AAAAAAAA', 'DDDDDDDD', 'GGGGGGGG']);
    expect(f.checks.completed.count).toBe(2);
  });

  it('gives no percentage when there is nothing to count', () => {
    const f = complianceFigures([], FY, defaultCalendar);
    expect(f.initialVisits.percent).toBeNull();
    expect(f.decisions.medianDaysToDecision).toBeNull();
    // A row of none shows its 0 alone, not "0" beside "no cases" or "no decisions".
    const rows = figureRows(f, { source: NOTIFIER_ROLE_LABELS, endReason: END_REASON_LABELS });
    expect(rows.find((r) => r.id === 'initial-visits.met')).toMatchObject({ count: 0, percent: '' });
    expect(rows.find((r) => r.id === 'decisions')).toMatchObject({ count: 0, percent: '' });
  });

  it('refuses a period that ends before it starts', () => {
    expect(() => complianceFigures([], { from: '2027-01-01', to: '2026-01-01' }, defaultCalendar)).toThrow(
      RangeError,
    );
  });
});

describe('figure rows for the dashboard and the CSV', () => {
  const rows = figureRows(complianceFigures(CASES, FY, defaultCalendar, { today: AFTER_THE_YEAR }), {
    source: NOTIFIER_ROLE_LABELS,
    endReason: END_REASON_LABELS,
  });

  it('has a unique id, a definition and the cases behind every figure', () => {
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    for (const r of rows) expect(r.definition.length).toBeGreaterThan(10);
    expect(rows.find((r) => r.id === 'initial-visits.met')).toMatchObject({
      count: 1,
      percent: '33.3%',
      references: ['AAAAAAAA'],
    });
    expect(rows.find((r) => r.id === 'decisions')).toMatchObject({ count: 2, percent: 'median 17.5 days' });
    expect(rows.find((r) => r.id === 'arrangements.open')?.label).toBe('Open on 31 March 2027');
  });

  it('says what each figure counts: checks and visits are not cases', () => {
    const unitOf = (id: string) => rows.find((r) => r.id === id)?.unit;
    expect(unitOf('notifications')).toBe('case');
    expect(unitOf('checks.overdue')).toBe('check');
    expect(unitOf('seen-alone.met')).toBe('visit');
    expect(unitOf('requested-visits.met')).toBe('request');
    expect(unitOf('regulation-8.first-year.met')).toBe('visit interval');
    expect(describeCount({ count: 35, unit: 'check', references: ['A', 'B', 'C', 'D'] })).toBe(
      '35 checks in 4 cases',
    );
    expect(describeCount({ count: 1, unit: 'visit', references: ['A'] })).toBe('1 visit in 1 case');
    expect(describeCount({ count: 3, unit: 'case', references: ['A', 'B', 'C'] })).toBe('3 cases');
    expect(describeCount({ count: 1, unit: 'case', references: ['A'] })).toBe('1 case');
  });
});

describe('the cases CSV judges the initial visit as the dashboard does', () => {
  // H: received Mon 1 Mar 2027, initial visit due Wed 10 Mar; made 6 Apr, after the year, so at
  // the cut-off (31 March) it had not been made.
  const H = aCase('HHHHHHHH', '2027-03-01', 'school', { visits: [visit('2027-04-06', true, 'initial')] });
  const cases = [...CASES, H].map((c) => ({
    ...c,
    status: c.summary?.endedOn ? ('ended' as const) : ('open' as const),
  }));
  const rows = caseReportRows(cases, FY, defaultCalendar, { today: AFTER_THE_YEAR });
  const f = complianceFigures(cases, FY, defaultCalendar, { today: AFTER_THE_YEAR });
  const rowOf = (reference: string) => rows.find((r) => r.reference === reference);

  it('does not show an arrangement that ended before its initial visit was due as late', () => {
    expect(rowOf('FFFFFFFF')?.initialVisit).toEqual({
      due: '2026-08-12',
      made: undefined,
      outcome: 'ended-before-due',
    });
    expect(f.initialVisits.notMade.references).not.toContain('FFFFFFFF');
  });

  it('judges at the cut-off: a visit made after the period had not been made by its end', () => {
    expect(rowOf('HHHHHHHH')?.initialVisit).toEqual({
      due: '2027-03-10',
      made: undefined,
      outcome: 'not-made',
      weeksWithoutVisit: 3,
    });
    expect(f.initialVisits.notMade.references).toContain('HHHHHHHH');
  });

  it('agrees with the initial visit figures case by case', () => {
    const dueInYear = rows.filter(
      (r) => r.initialVisit && r.initialVisit.due >= FY.from && r.initialVisit.due <= FY.to,
    );
    const withOutcome = (outcome: string) =>
      dueInYear.filter((r) => r.initialVisit?.outcome === outcome).map((r) => r.reference);
    expect(withOutcome('on-time')).toEqual(f.initialVisits.met.references);
    expect(withOutcome('late')).toEqual(f.initialVisits.late.references);
    expect(withOutcome('not-made').sort()).toEqual(f.initialVisits.notMade.references);
    expect(f.initialVisits.notMade.references).toEqual(['GGGGGGGG', 'HHHHHHHH']);
    expect(rowOf('EEEEEEEE')?.initialVisit?.outcome).toBe('not-private-fostering');
  });

  it('lists the cases open at some time in the period, oldest first, with their facts', () => {
    expect(rows.map((r) => r.reference)).toEqual([
      'DDDDDDDD',
      'EEEEEEEE',
      'AAAAAAAA',
      'GGGGGGGG',
      'FFFFFFFF',
      'BBBBBBBB',
      'HHHHHHHH',
      'CCCCCCCC',
    ]);
    expect(rowOf('BBBBBBBB')).toMatchObject({
      receivedOn: '2026-12-21',
      visits: 2,
      visitsSeenAlone: 1,
      lastVisit: '2027-02-10',
      decision: 'suitable',
      daysToDecision: 30,
    });
    expect(rowOf('DDDDDDDD')).toMatchObject({ status: 'ended', endReason: 'moved-area', nextDue: undefined });
  });
});

describe('helpers', () => {
  it('finds the financial year containing a date', () => {
    expect(financialYearContaining('2026-11-22')).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(financialYearContaining('2027-03-31')).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(financialYearContaining('2027-04-01')).toEqual({ from: '2027-04-01', to: '2028-03-31' });
  });

  it('takes the median', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([30, 5])).toBe(17.5);
    expect(median([1, 100, 3])).toBe(3);
  });
});
