import { describe, expect, it } from 'vitest';
import { clearCookie, parseCookies, serializeCookie } from '../../shared/web/cookies.ts';

describe('cookies', () => {
  it('are HttpOnly, Secure, SameSite=Lax and Path=/', () => {
    const cookie = serializeCookie('notify_draft', 'abc-_123', { maxAge: 604800 });
    expect(cookie.split('; ')).toEqual([
      'notify_draft=abc-_123',
      'Path=/',
      'HttpOnly',
      'Secure',
      'SameSite=Lax',
      'Max-Age=604800',
    ]);
  });

  it('refuse values that could break the header', () => {
    expect(() => serializeCookie('a', 'x; Domain=evil.example')).toThrow();
    expect(() => serializeCookie('a', 'x\r\nSet-Cookie: b=1')).toThrow();
    expect(() => serializeCookie('a b', 'x')).toThrow();
  });

  it('are cleared with Max-Age=0', () => {
    expect(clearCookie('notify_draft')).toContain('Max-Age=0');
  });

  it('are parsed from one header or several, first occurrence winning', () => {
    expect(parseCookies(['a=1; b=2', 'a=3', 'c="q"', 'bad', '=x'])).toEqual({ a: '1', b: '2', c: 'q' });
    expect(parseCookies(undefined)).toEqual({});
    expect(Object.getPrototypeOf(parseCookies(['__proto__=1']))).toBeNull();
  });
});
