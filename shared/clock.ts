/**
 * The time the signed-in pages read. In AWS it is the real time. The local runtime can run from a
 * simulated date (`npm start -- --as-of …`), and then the staff pages must agree with the reminder
 * sweep, which runs on that date: a case the emails call overdue is overdue on the case list too.
 * Domain rules never read this: they are given `now`.
 */
let source: () => Date = () => new Date();

/** Now, by the service's clock. */
export const serviceNow = (): Date => source();

/** For the local runtime only: run the service's clock from `clock` (e.g. a simulated date). */
export function useServiceClock(clock: () => Date): void {
  source = clock;
}
