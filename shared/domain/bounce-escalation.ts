/*
 * Bounced acknowledgements (issue 13). An acknowledgement goes to the address a notifier typed on
 * a public form, so one client could type a dead or hostile address on many notifications. Two
 * rules keep that from being multiplied:
 *  - an address that bounced is not written to again for BOUNCED_ADDRESS_DAYS (route checks it);
 *  - the designated manager hears about bounced acknowledgements once a day, as a count, not one
 *    email per bounce. Each bounce is still recorded on its own case (the case page shows it).
 * Pure: `now` is passed in.
 */

/** How long an address that bounced an acknowledgement is not sent another one. */
export const BOUNCED_ADDRESS_DAYS = 90;

/** One escalation per day (the day the bounces arrived, UTC), so its id names the day. */
export const acknowledgementBouncesReminderId = (day: string) =>
  `delivery-failure#notifier-acknowledgements#${day}`;

export interface DailyBounceEscalation {
  /** The day the bounces arrived (UTC date). */
  day: string;
  reminderId: string;
  /** Due at the start of the next day, so the count covers the whole day. */
  due: string;
  dueAt: string;
}

/** The day's escalation that a bounced acknowledgement arriving at `now` is counted in. */
export function dailyBounceEscalation(now: Date): DailyBounceEscalation {
  const day = now.toISOString().slice(0, 10);
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return {
    day,
    reminderId: acknowledgementBouncesReminderId(day),
    due: next.toISOString().slice(0, 10),
    dueAt: next.toISOString(),
  };
}

/** What the manager is told: a count, the day, and where the details are. No address. */
export function dailyBounceBasis(count: number, day: string): string {
  const what = count === 1 ? '1 acknowledgement to a notifier' : `${count} acknowledgements to notifiers`;
  return `${what} could not be delivered on ${day}. Each is recorded on its case (email bounced), with the notifier's contact details on the case page: reach them another way if they need to know their notification arrived. The addresses will not be sent acknowledgements for ${BOUNCED_ADDRESS_DAYS} days.`;
}

/** When an address that bounced at `now` may be sent an acknowledgement again (epoch seconds). */
export const bouncedAddressExpiry = (now: Date) =>
  Math.floor(now.getTime() / 1000) + BOUNCED_ADDRESS_DAYS * 86_400;
