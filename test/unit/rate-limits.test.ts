import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { RateLimitVariables, rateLimitsOf } from '../../shared/config.ts';
import { DEFAULT_RATE_LIMITS, rateLimitsFor, rateLimitWindow } from '../../shared/domain/rate-limits.ts';

describe('rate limits (shared/domain/rate-limits.ts)', () => {
  it('holds a recipient to 3 emails a day and a client to a burst and an hourly number of notifications', () => {
    expect(rateLimitsFor('recipient', DEFAULT_RATE_LIMITS)).toEqual([
      { action: 'recipient', windowSeconds: 86_400, max: 3 },
    ]);
    expect(rateLimitsFor('notification', DEFAULT_RATE_LIMITS)).toEqual([
      { action: 'notification', windowSeconds: 600, max: 3 },
      { action: 'notification', windowSeconds: 3600, max: 10 },
    ]);
  });

  it('counts in fixed windows, and keeps each counter one window past its end', () => {
    const hour = { action: 'draft' as const, windowSeconds: 3600, max: 60 };
    const a = rateLimitWindow(hour, new Date('2026-06-15T09:00:00Z'));
    const b = rateLimitWindow(hour, new Date('2026-06-15T09:59:59Z'));
    const c = rateLimitWindow(hour, new Date('2026-06-15T10:00:00Z'));
    expect(a.counter).toBe(b.counter);
    expect(c.counter).not.toBe(a.counter);
    expect(a.expiresAt).toBe(Date.parse('2026-06-15T11:00:00Z') / 1000);
  });

  it('takes overrides from configuration and the defaults otherwise', () => {
    const env = z.parse(RateLimitVariables, { RATE_LIMIT_NOTIFICATIONS_PER_CLIENT_PER_HOUR: '25' });
    expect(rateLimitsOf(env)).toEqual({ ...DEFAULT_RATE_LIMITS, notificationsPerClientPerHour: 25 });
    expect(z.safeParse(RateLimitVariables, { RATE_LIMIT_DRAFTS_PER_CLIENT_PER_HOUR: '0' }).success).toBe(
      false,
    );
  });
});
