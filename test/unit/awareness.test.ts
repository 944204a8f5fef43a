import { describe, expect, it } from 'vitest';
import { notificationsChart } from '../../functions/staff/awareness/chart.ts';
import { parseOrganisationList } from '../../functions/staff/awareness/organisation-list.ts';
import { awarenessCsv, slugFromName } from '../../functions/staff/awareness/routes.ts';
import {
  awarenessCount,
  awarenessFigures,
  awarenessReportLines,
  monthsOf,
  normaliseOrganisation,
} from '../../shared/domain/awareness.ts';
import { keptOpeningFacts, openingSummary } from '../../shared/domain/case-opening.ts';
import {
  AWARENESS_CAMPAIGNS,
  AWARENESS_CASES,
  AWARENESS_ORGANISATIONS,
  AWARENESS_PERIOD,
} from '../fixtures/awareness-cases.ts';
import { aNotification } from '../fixtures/notifications.ts';

/** The seeded cases (test/fixtures/awareness-cases.ts), every figure counted by hand. */
const figures = awarenessFigures(AWARENESS_CASES, AWARENESS_PERIOD, {
  campaigns: AWARENESS_CAMPAIGNS,
  organisations: AWARENESS_ORGANISATIONS,
});
const refs = (n: number[]) => n.map((i) => `AWA0000${i}`);

describe('awareness figures on hand-counted seeded cases', () => {
  it('counts notifications by month, by who notified and by campaign', () => {
    expect(figures.months).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(figures.received.references).toEqual(refs([1, 2, 3, 4, 5, 6, 7, 8]));
    expect(figures.receivedByMonth.map((m) => m.count)).toEqual([2, 2, 4]);
    const bySource = Object.fromEntries(figures.bySource.map((r) => [r.key, r.byMonth.map((m) => m.count)]));
    expect(bySource).toEqual({
      school: [2, 0, 0],
      health: [0, 1, 0],
      faith: [0, 1, 0],
      parent: [0, 0, 1],
      carer: [0, 0, 1],
      agency: [0, 0, 1],
      // "Other professional" joins "other", as the annual report groups them.
      other: [0, 0, 1],
    });
    const byCampaign = Object.fromEntries(
      figures.byCampaign.map((r) => [r.label, [r.total.count, ...r.byMonth.map((m) => m.count)]]),
    );
    expect(byCampaign).toEqual({
      'Primary schools autumn 2026': [3, 2, 0, 1],
      'Mosques and churches': [2, 0, 1, 1],
      'GP practices': [0, 0, 0, 0],
      'No campaign': [3, 0, 1, 2],
    });
  });

  it('measures time to notify: running arrangements in days, proposals against 6 weeks (regulation 3)', () => {
    const t = figures.timing;
    expect(t.running.references).toEqual(refs([1, 2, 3]));
    expect(t.runningLate.references).toEqual(refs([1, 3]));
    expect(t.runningMedianDays).toBe(9); // 0, 9 and 92 days
    expect(t.proposed.references).toEqual(refs([4, 5, 8]));
    expect(t.proposedOnTime.references).toEqual(refs([4]));
    expect(t.proposedShort.references).toEqual(refs([5, 8]));
    expect(t.proposedMedianDaysAhead).toBe(18); // 5, 18 and 47 days ahead
    expect(t.unknownStart.references).toEqual(refs([6]));
    // The duplicate (7) counts once, on the case it duplicates.
    expect([t.late.part.count, t.late.whole.count, t.late.percent]).toEqual([4, 6, 66.7]);
  });

  it('gives the share the front door confirmed, by source and by campaign', () => {
    expect([figures.confirmedOverall.part.count, figures.confirmedOverall.whole.count]).toEqual([3, 6]);
    expect(figures.confirmedOverall.percent).toBe(50);
    const bySource = Object.fromEntries(
      figures.confirmationBySource.map((r) => [
        r.key,
        [r.notifications.count, r.confirmed.count, r.notConfirmed.count, r.awaiting.count, r.share.percent],
      ]),
    );
    expect(bySource).toEqual({
      school: [2, 1, 1, 0, 50],
      health: [1, 0, 0, 1, null],
      faith: [1, 1, 0, 0, 100],
      parent: [1, 1, 0, 0, 100],
      carer: [1, 0, 1, 0, 0],
      agency: [1, 0, 1, 0, 0],
      other: [0, 0, 0, 0, null],
    });
    const byCampaign = Object.fromEntries(
      figures.confirmationByCampaign.map((r) => [
        r.key,
        [r.confirmed.count, r.share.whole.count, r.share.percent],
      ]),
    );
    expect(byCampaign).toEqual({
      'primary-autumn': [1, 3, 33.3],
      'faith-settings': [2, 2, 100],
      'gp-practices': [0, 0, null],
      none: [0, 1, 0],
    });
  });

  it('lists the organisations that notified (professionals only) and those on the list never seen', () => {
    expect(figures.organisations.map((o) => [o.name, o.count.count, o.known])).toEqual([
      ["St Mary's Primary School", 2, true],
      ['Anytown Mosque', 1, false],
      ['Anytown Youth Club', 1, false],
      ['Global Guardians', 1, false],
      ['Riverside Surgery', 1, true],
    ]);
    // Hillside notified in August and December only: not in this period.
    expect(figures.notSeen.map((o) => o.name)).toEqual(['Hillside Academy', 'Oak Tree Medical Centre']);
    expect(normaliseOrganisation('Saint Mary’s  C of E & Primary')).toBe(
      normaliseOrganisation('st marys c of e and primary'),
    );
  });

  it('finds the cases behind any number by its id, and none for an unknown id', () => {
    const id = figures.bySource.find((r) => r.key === 'school')?.byMonth[0]?.id ?? '';
    expect(awarenessCount(figures, id)?.references).toEqual(refs([1, 2]));
    expect(awarenessCount(figures, id)?.label).toBe('School, September 2026');
    expect(awarenessCount(figures, 'no-such-figure')).toBeUndefined();
  });

  it('gives the annual report its awareness lines (NMS 7)', () => {
    expect(awarenessReportLines(figures).map((l) => `${l.label}: ${l.value}`)).toEqual([
      'Campaign links: 3',
      'Notifications from a campaign link: 5',
      'Confirmed as private fostering by the front door: 3 of 6 decided (50%)',
      'Median days from an arrangement starting to notification: 9',
      'Notified late: 4 of 6 with a start date (66.7%)',
      'Organisations that notified: 5',
    ]);
  });

  it('writes every number to the CSV with its cases', () => {
    const csv = awarenessCsv(figures);
    expect(csv).toContain(
      '"By who notified","School, September 2026",2,"2026-09-01","2026-11-30","AWA00001 AWA00002"',
    );
    expect(csv).toContain('"Time to notify","Notified late",4,');
  });

  it('spans months across a year end', () => {
    expect(monthsOf({ from: '2026-11-15', to: '2027-02-01' })).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
    ]);
  });
});

describe('the chart', () => {
  it('has a title and a text alternative giving every month, and a bar per month stacked by source', () => {
    const chart = notificationsChart(figures);
    expect(chart.title).toBe('Notifications received each month, September 2026 to November 2026');
    expect(chart.description).toContain('8 in all. September 2026: 2; October 2026: 2; November 2026: 4.');
    expect(chart.bars.map((b) => b.segments.length)).toEqual([1, 2, 4]);
    expect(chart.legend).toHaveLength(7);
  });
});

describe('the case summary at opening', () => {
  it('keeps the campaign, a professional’s organisation and the start date; never a parent’s organisation', () => {
    const school = aNotification({ campaign: 'primary-autumn' });
    school.notifier = { ...school.notifier, role: 'school', organisation: ' Hillside Academy ' };
    school.arrangement = { ...school.arrangement, startDate: '2026-09-01' };
    expect(openingSummary(school)).toEqual({
      campaign: 'primary-autumn',
      notifierOrganisation: 'Hillside Academy',
      arrangementStartsOn: '2026-09-01',
    });
    const parent = aNotification();
    parent.notifier = { ...parent.notifier, role: 'parent', organisation: 'Where I work' };
    parent.arrangement = { ...parent.arrangement, startDate: undefined };
    expect(openingSummary(parent)).toEqual({});
  });

  it('survives staff changes, which rebuild the rest of the summary', () => {
    expect(
      keptOpeningFacts({
        visits: [],
        checks: [],
        campaign: 'x',
        notifierOrganisation: 'Y',
        endedOn: '2026-01-01',
      }),
    ).toEqual({ campaign: 'x', notifierOrganisation: 'Y' });
  });
});

describe('campaign names and the organisation list', () => {
  it('makes a link name from a campaign name', () => {
    expect(slugFromName('Primary schools — autumn 2027!')).toBe('primary-schools-autumn-2027');
    expect(slugFromName('Écoles & mosquées')).toBe('ecoles-mosquees');
  });

  it('reads a CSV with quoted commas and a byte order mark, or a spreadsheet paste (tabs)', () => {
    expect(
      parseOrganisationList(
        '\uFEFFURN,EstablishmentName,TypeOfEstablishment (name)\r\n1,"Smith, Jones & Co Primary",Academy\r\n2,Hillside,School\r\n',
      ),
    ).toEqual({
      ok: true,
      organisations: [
        { name: 'Smith, Jones & Co Primary', type: 'Academy' },
        { name: 'Hillside', type: 'School' },
      ],
    });
    expect(parseOrganisationList('Name\tType\nRiverside Surgery\tGP practice\n')).toEqual({
      ok: true,
      organisations: [{ name: 'Riverside Surgery', type: 'GP practice' }],
    });
    expect(parseOrganisationList('school,town\nA,B\n')).toMatchObject({ ok: false });
    expect(parseOrganisationList('name\n"unclosed\n')).toMatchObject({ ok: false });
  });
});
