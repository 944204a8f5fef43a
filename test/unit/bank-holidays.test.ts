import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateBankHolidays } from '../../scripts/update-bank-holidays.ts';
import { mergeBankHolidayEvents } from '../../shared/domain/bank-holiday-merge.ts';
import feed from '../../shared/domain/bank-holidays.json' with { type: 'json' };
import { dayOfWeek, daysBetween } from '../../shared/domain/local-date.ts';
import { type BankHolidayEvent, BankHolidayFeedSchema } from '../../shared/domain/working-days.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const dataFile = join(repoRoot, 'shared/domain/bank-holidays.json');

// domain.md "Working days": the England and Wales table. `s` marks a substitute day.
const TABLE: Record<number, string[]> = {
  2025: ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26'],
  2026: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28s'],
  2027: ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27s', '12-28s'],
  2028: ['01-03s', '04-14', '04-17', '05-01', '05-29', '08-28', '12-25', '12-26'],
  2029: ['01-01', '03-30', '04-02', '05-07', '05-28', '08-27', '12-25', '12-26'],
  2030: ['01-01', '04-19', '04-22', '05-06', '05-27', '08-26', '12-25', '12-26'],
};
const TITLES = [
  'New Year’s Day',
  'Good Friday',
  'Easter Monday',
  'Early May bank holiday',
  'Spring bank holiday',
  'Summer bank holiday',
  'Christmas Day',
  'Boxing Day',
];

const events = BankHolidayFeedSchema.parse(feed)['england-and-wales'].events;

describe('bank-holidays.json', () => {
  it('holds exactly the domain.md table for 2025–2030', () => {
    const expected = Object.entries(TABLE).flatMap(([year, days]) =>
      days.map((d, i) => ({
        title: TITLES[i],
        date: `${year}-${d.replace('s', '')}`,
        substitute: d.endsWith('s'),
      })),
    );
    expect(
      events
        .filter((e) => e.date >= '2025')
        .map((e) => ({ title: e.title, date: e.date, substitute: e.notes === 'Substitute day' })),
    ).toEqual(expected);
  });

  it('goes back to 2018 with the one-off holidays GOV.UK published', () => {
    // GOV.UK feed history (alphagov/calendars lib/data/bank-holidays.json to 2021, the live feed
    // after): 8 England and Wales holidays a year, plus the proclaimed ones.
    const before2025 = events.filter((e) => e.date < '2025');
    expect(before2025[0]).toMatchObject({ date: '2018-01-01', title: 'New Year’s Day' });
    const perYear = (y: number) => before2025.filter((e) => e.date.startsWith(`${y}`)).length;
    expect([2018, 2019, 2020, 2021, 2022, 2023, 2024].map(perYear)).toEqual([8, 8, 8, 8, 10, 9, 8]);
    const oneOffs = before2025.filter((e) => !TITLES.includes(e.title)).map((e) => [e.date, e.title]);
    expect(oneOffs).toEqual([
      ['2020-05-08', 'Early May bank holiday (VE day)'],
      ['2022-06-03', 'Platinum Jubilee bank holiday'],
      ['2022-09-19', 'Bank Holiday for the State Funeral of Queen Elizabeth II'],
      ['2023-05-08', 'Bank holiday for the coronation of King Charles III'],
    ]);
  });

  it('is sorted, and every holiday falls on a weekday', () => {
    const dates = events.map((e) => e.date);
    expect([...dates].sort()).toEqual(dates);
    for (const e of events) expect([0, 6]).not.toContain(dayOfWeek(e.date));
  });

  it('has Good Friday on a Friday and Easter Monday three days later', () => {
    for (const year of Object.keys(TABLE)) {
      const gf = events.find((e) => e.title === 'Good Friday' && e.date.startsWith(year));
      const em = events.find((e) => e.title === 'Easter Monday' && e.date.startsWith(year));
      expect(gf && dayOfWeek(gf.date)).toBe(5);
      expect(gf && em && daysBetween(gf.date, em.date)).toBe(3);
    }
  });
});

const ev = (date: string, title: string, notes = ''): BankHolidayEvent => ({
  title,
  date,
  notes,
  bunting: true,
});

describe('mergeBankHolidayEvents', () => {
  it('lets the feed win for the years it covers and keeps the rest', () => {
    const existing = [
      ev('2025-01-01', 'New Year’s Day'),
      ev('2026-01-01', 'New Year’s Day'),
      ev('2026-05-04', 'Early May bank holiday'),
      ev('2029-01-01', 'New Year’s Day'),
      ev('2030-01-01', 'New Year’s Day'),
    ];
    const fetched = [
      ev('2026-01-01', 'New Year’s Day'),
      ev('2026-05-08', 'Early May bank holiday (a one-off move)'),
      ev('2026-06-01', 'A one-off holiday'),
      ev('2027-01-01', 'New Year’s Day'),
    ];
    const merged = mergeBankHolidayEvents(existing, fetched);
    expect(merged.feed['england-and-wales'].events.map((e) => e.date)).toEqual([
      '2025-01-01',
      '2026-01-01',
      '2026-05-08',
      '2026-06-01',
      '2027-01-01',
      '2029-01-01',
      '2030-01-01',
    ]);
    expect(merged.fetchedYears).toEqual([2026, 2027]);
    expect(merged.keptYears).toEqual([2025, 2029, 2030]);
    expect(merged.added).toBe(3);
    expect(merged.removed).toBe(1);
  });
});

describe('updateBankHolidays', () => {
  let server: Server;
  let base: string;
  let dir: string;
  const govUk = {
    'england-and-wales': {
      division: 'england-and-wales',
      events: [ev('2027-01-01', 'New Year’s Day'), ev('2027-12-27', 'Christmas Day', 'Substitute day')],
    },
    scotland: { division: 'scotland', events: [ev('2026-06-15', 'Special holiday')] },
    'northern-ireland': { division: 'northern-ireland', events: [] },
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bank-holidays-'));
    server = createServer((req, res) => {
      if (req.url === '/bank-holidays.json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(govUk));
      } else if (req.url === '/wrong-shape.json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"hello":"world"}');
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('merges the feed into the file and summarises in one line', async () => {
    const file = join(dir, 'merge.json');
    await copyFile(dataFile, file);
    const summary = await updateBankHolidays({ from: `${base}/bank-holidays.json`, file });
    expect(summary).not.toContain('\n');
    expect(summary).toContain('from GOV.UK: 2027');
    expect(summary).toContain('kept from the file: 2018–2026, 2028–2030');
    const written = BankHolidayFeedSchema.parse(JSON.parse(await readFile(file, 'utf8')));
    const dates = written['england-and-wales'].events.map((e) => e.date);
    expect(dates.filter((d) => d.startsWith('2027'))).toEqual(['2027-01-01', '2027-12-27']);
    expect(dates.filter((d) => d.startsWith('2026'))).toHaveLength(8);
    expect(dates).not.toContain('2026-06-15'); // Scotland's holiday stays out
    expect([...dates].sort()).toEqual(dates);
  });

  it('leaves the file alone and explains when the feed is unreachable or malformed', async () => {
    const file = join(dir, 'unchanged.json');
    await copyFile(dataFile, file);
    const before = await readFile(file, 'utf8');
    await expect(updateBankHolidays({ from: `${base}/missing.json`, file })).rejects.toThrow(
      /Could not fetch.*404/,
    );
    await expect(updateBankHolidays({ from: `${base}/wrong-shape.json`, file })).rejects.toThrow(
      /did not return the expected bank holidays feed/,
    );
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('exits 1 with a clear one-line error when the network fails', async () => {
    const file = join(dir, 'offline.json');
    await copyFile(dataFile, file);
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        'npx',
        [
          'tsx',
          'scripts/update-bank-holidays.ts',
          '--from',
          'http://127.0.0.1:1/bank-holidays.json',
          '--file',
          file,
        ],
        { cwd: repoRoot },
        (error, _stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /holidays:update failed: Could not fetch http:\/\/127\.0\.0\.1:1\/bank-holidays\.json/,
    );
  });
});
