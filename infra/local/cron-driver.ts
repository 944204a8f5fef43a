/**
 * EventBridge Scheduler, locally: fires a function at the times a `cron(...)` or `rate(...)`
 * expression gives, in the schedule's time zone, passing the scheduled time as Scheduler does.
 * Its clock can be moved, so a demo or a test can sweep "as of" a future date.
 */

const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function parseField(field: string, min: number, max: number, names?: string[]): (n: number) => boolean {
  if (field === '*' || field === '?') return () => true;
  const toNumber = (token: string) => {
    const index = names?.indexOf(token.toUpperCase()) ?? -1;
    // AWS numbers days of the week 1–7 from Sunday, months 1–12.
    if (index >= 0) return names === DAY_NAMES ? index + 1 : index + 1;
    return Number(token);
  };
  const allowed = new Set<number>();
  for (const part of field.split(',')) {
    const [range = '*', stepText] = part.split('/');
    const step = stepText ? Number(stepText) : 1;
    let [from, to] = [min, max];
    if (range !== '*') {
      const [a = '', b] = range.split('-');
      from = toNumber(a);
      to = b === undefined ? (stepText ? max : from) : toNumber(b);
    }
    for (let n = from; n <= to; n += step) allowed.add(n);
  }
  return (n) => allowed.has(n);
}

export type NextFire = (after: Date) => Date;

/** Parses an EventBridge schedule expression into a "next fire time after" function. */
export function parseScheduleExpression(expression: string, timeZone: string): NextFire {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const unit = rate[2]?.startsWith('minute')
      ? 60_000
      : rate[2]?.startsWith('hour')
        ? 3_600_000
        : 86_400_000;
    const every = Number(rate[1]) * unit;
    return (after) => new Date(Math.floor(after.getTime() / every) * every + every);
  }
  const cron = /^cron\((.+)\)$/.exec(expression);
  const fields = cron?.[1]?.trim().split(/\s+/);
  if (fields?.length !== 6) throw new Error(`Unsupported schedule expression: ${expression}`);
  const [minute, hour, dom, month, dow] = fields as unknown as [string, string, string, string, string];
  const matches = {
    minute: parseField(minute, 0, 59),
    hour: parseField(hour, 0, 23),
    dom: parseField(dom, 1, 31),
    month: parseField(month, 1, 12, MONTH_NAMES),
    dow: parseField(dow, 1, 7, DAY_NAMES),
  };
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    minute: 'numeric',
    hour: 'numeric',
    day: 'numeric',
    month: 'numeric',
    weekday: 'short',
  });
  return (after) => {
    let t = Math.floor(after.getTime() / 60_000) * 60_000 + 60_000;
    // At most a year of minutes: every valid expression fires well within that.
    for (let i = 0; i < 527_040; i++, t += 60_000) {
      const p = Object.fromEntries(parts.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
      if (
        matches.minute(Number(p.minute)) &&
        matches.hour(Number(p.hour)) &&
        matches.dom(Number(p.day)) &&
        matches.month(Number(p.month)) &&
        matches.dow(DAY_NAMES.indexOf(String(p.weekday).toUpperCase().slice(0, 3)) + 1)
      ) {
        return new Date(t);
      }
    }
    throw new Error(`Schedule ${expression} never fires`);
  };
}

export interface LocalClock {
  now(): Date;
  /** Moves the clock so that it reads `to` now, and runs on from there. */
  set(to: Date): void;
}

export function createLocalClock(offsetMs = 0): LocalClock {
  let offset = offsetMs;
  return {
    now: () => new Date(Date.now() + offset),
    set: (to) => {
      offset = to.getTime() - Date.now();
    },
  };
}

/** Runs `fire(scheduledTime)` at each time the expression gives, by the local clock. */
export function startCronDriver(
  expression: string,
  timeZone: string,
  clock: LocalClock,
  fire: (scheduledTime: Date) => Promise<void>,
): { stop(): void } {
  const next = parseScheduleExpression(expression, timeZone);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const arm = () => {
    if (stopped) return;
    const at = next(clock.now());
    // Re-check at least every minute so a moved clock is noticed.
    const wait = Math.min(60_000, Math.max(0, at.getTime() - clock.now().getTime()));
    timer = setTimeout(async () => {
      if (clock.now().getTime() >= at.getTime()) {
        await fire(at).catch(() => undefined);
      }
      arm();
    }, wait);
    timer.unref();
  };
  arm();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
