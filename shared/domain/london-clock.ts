import type { IsoDate } from './local-date.ts';

// Made on first use, not at import: the first Intl.DateTimeFormat loads ICU data (issue 16).
let offsetFormatter: Intl.DateTimeFormat | undefined;

/** Minutes London is ahead of UTC at `instant` (0 in winter, 60 in British Summer Time). */
function londonOffsetMinutes(instant: Date): number {
  offsetFormatter ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    timeZoneName: 'longOffset',
  });
  const name = offsetFormatter.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

/**
 * The instant it is `hour`:00 in London on `date`. Reminders go out at a civil hour of the
 * council's day, whatever the season; clocks change at 01:00/02:00, so a daytime hour is never
 * ambiguous.
 */
export function instantAtLondonTime(date: IsoDate, hour: number): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, m - 1, d, hour);
  return new Date(asUtc - londonOffsetMinutes(new Date(asUtc)) * 60_000);
}

/**
 * The same London wall-clock time `days` calendar days after `instant`. A week on the council's
 * clock, not 7 × 24 hours: across a change to or from British Summer Time a fixed number of hours
 * would move the time of day, and a reminder repeated "a week later" would miss the morning sweep.
 */
export function sameLondonTimeDaysLater(instant: Date, days: number): Date {
  const wallClockAsUtc = instant.getTime() + londonOffsetMinutes(instant) * 60_000 + days * 86_400_000;
  return new Date(wallClockAsUtc - londonOffsetMinutes(new Date(wallClockAsUtc)) * 60_000);
}
