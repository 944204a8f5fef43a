/*
 * How often one client (a source address) or one recipient (an email address typed on the public
 * form) may make the form do something that costs the council or a stranger: start a draft, send
 * a "save and come back later" email, open a case (issue 13). Pure: the store counts, this decides
 * which counter, which window and how many.
 *
 * Why these defaults. Private fostering notifications are rare: a council receives tens to a few
 * hundred a year, and one school office or GP surgery sends a few a year. Many staff can share one
 * public address (a school or trust network, a council or NHS network behind NAT), so the
 * per-client limits leave room for several people in one office on one morning, and anyone over a
 * limit is told to phone the council, who can take the notification by phone. An automated
 * client is held to a handful of cases and emails an hour instead of hundreds.
 */

/** What is counted. `recipient` counts "save and come back later" emails to one address. */
export type RateLimitedAction =
  | 'draft'
  | 'save-and-return'
  | 'notification'
  | 'recipient'
  /** Posts of the "what is missing" page (issue 12): each tries a link's token. */
  | 'missing-information';

export interface RateLimit {
  action: RateLimitedAction;
  /** Fixed windows of this many seconds, aligned to the epoch (UTC). */
  windowSeconds: number;
  /** Counted events allowed in one window; the next is refused. */
  max: number;
}

export interface RateLimitSettings {
  /** Drafts one client may start an hour. A draft is also started by any visit without a cookie. */
  draftsPerClientPerHour: number;
  /** "Save and come back later" requests (each an email) one client may make an hour. */
  saveAndReturnPerClientPerHour: number;
  /** Notifications one client may send an hour. */
  notificationsPerClientPerHour: number;
  /**
   * Notifications one client may send in ten minutes. A person takes several minutes to fill in
   * the form, so a burst of complete notifications from one address is a script.
   */
  notificationsPerClientPerTenMinutes: number;
  /** "Save and come back later" emails one address may receive a day, whoever asks. */
  saveAndReturnEmailsPerRecipientPerDay: number;
}

/**
 * The defaults (the "at most 3 emails per recipient a day"; the rest per the comment at
 * the top). Each can be changed in configuration (infra/config.ts → RATE_LIMIT_* variables).
 */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  // Every visit without a cookie starts a draft (a browser refusing cookies starts one per page),
  // so this is the loosest: an office of several people, a few false starts each.
  draftsPerClientPerHour: 60,
  saveAndReturnPerClientPerHour: 10,
  notificationsPerClientPerHour: 10,
  notificationsPerClientPerTenMinutes: 3,
  saveAndReturnEmailsPerRecipientPerDay: 3,
};

const HOUR = 3600;
/** Answers to "what is missing" one client may post an hour (not configurable: links are rare). */
export const MISSING_INFORMATION_POSTS_PER_CLIENT_PER_HOUR = 10;

/** The limits an action is checked against, in the order they are counted. */
export function rateLimitsFor(action: RateLimitedAction, settings: RateLimitSettings): RateLimit[] {
  switch (action) {
    case 'draft':
      return [{ action, windowSeconds: HOUR, max: settings.draftsPerClientPerHour }];
    case 'save-and-return':
      return [{ action, windowSeconds: HOUR, max: settings.saveAndReturnPerClientPerHour }];
    case 'notification':
      return [
        { action, windowSeconds: 10 * 60, max: settings.notificationsPerClientPerTenMinutes },
        { action, windowSeconds: HOUR, max: settings.notificationsPerClientPerHour },
      ];
    case 'recipient':
      return [{ action, windowSeconds: 24 * HOUR, max: settings.saveAndReturnEmailsPerRecipientPerDay }];
    case 'missing-information':
      // A notifier answers once per link; a few tries for mistakes. Each post tries a token, so a
      // client guessing tokens (256 bits: hopeless anyway) is held to a handful an hour.
      return [{ action, windowSeconds: HOUR, max: MISSING_INFORMATION_POSTS_PER_CLIENT_PER_HOUR }];
  }
}

export interface RateLimitWindow {
  /** Names the counter: the action, the window's length and its start (epoch seconds). */
  counter: string;
  /** Epoch seconds after which the counter is no longer needed: the table's TTL attribute. */
  expiresAt: number;
}

/**
 * The fixed window `now` falls in. Fixed rather than sliding: one counter item per window, one
 * conditional update per request. A client can get up to twice a limit across a window boundary,
 * which is still a handful, not hundreds.
 */
export function rateLimitWindow(limit: RateLimit, now: Date): RateLimitWindow {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const start = nowSeconds - (nowSeconds % limit.windowSeconds);
  return {
    counter: `${limit.action}#${limit.windowSeconds}#${start}`,
    // Kept one window past its end: TTL deletion lags, and the counter is read only in its window.
    expiresAt: start + 2 * limit.windowSeconds,
  };
}
