import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, parseFormBody } from '../../shared/web/form-body.ts';
import { HttpError, type WebRequest } from '../../shared/web/http.ts';

const post = (body: string | Buffer, contentType = 'application/x-www-form-urlencoded'): WebRequest => ({
  method: 'POST',
  path: '/about-you',
  query: {},
  headers: contentType ? { 'content-type': contentType } : {},
  cookies: {},
  body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
});

function statusOf(fn: () => unknown): number | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof HttpError ? error.status : -1;
  }
}

describe('parseFormBody', () => {
  it('reads urlencoded fields, + as space, repeated names in order', () => {
    const form = parseFormBody(post('name=Ada+Lovelace&x=1&x=2&empty=&flag&caf%C3%A9=%E2%9C%93'));
    expect(form.get('name')).toBe('Ada Lovelace');
    expect(form.getAll('x')).toEqual(['1', '2']);
    expect(form.get('empty')).toBe('');
    expect(form.get('flag')).toBe('');
    expect(form.get('café')).toBe('✓');
    expect(form.get('missing')).toBeUndefined();
  });

  it('accepts a charset parameter of utf-8 in any case', () => {
    expect(parseFormBody(post('a=1', 'application/x-www-form-urlencoded; charset=UTF-8')).get('a')).toBe('1');
  });

  it('treats an empty body as an empty form', () => {
    expect(parseFormBody(post('')).names()).toEqual([]);
  });

  it('refuses other content types with 415', () => {
    expect(statusOf(() => parseFormBody(post('{"a":1}', 'application/json')))).toBe(415);
    expect(statusOf(() => parseFormBody(post('a=1', 'multipart/form-data; boundary=x')))).toBe(415);
    expect(statusOf(() => parseFormBody(post('a=1', '')))).toBe(415);
    expect(
      statusOf(() => parseFormBody(post('a=1', 'application/x-www-form-urlencoded; charset=latin1'))),
    ).toBe(415);
  });

  it('refuses a body over 100 KB with 413, and accepts one at the limit', () => {
    const atLimit = `a=${'x'.repeat(MAX_BODY_BYTES - 2)}`;
    expect(parseFormBody(post(atLimit)).get('a')?.length).toBe(MAX_BODY_BYTES - 2);
    expect(statusOf(() => parseFormBody(post(`${atLimit}x`)))).toBe(413);
  });

  it('refuses a declared length over the limit with 413', () => {
    const req = post('a=1');
    req.headers['content-length'] = String(MAX_BODY_BYTES + 1);
    expect(statusOf(() => parseFormBody(req))).toBe(413);
  });

  it('refuses thousands of fields with 413', () => {
    expect(statusOf(() => parseFormBody(post(Array.from({ length: 1001 }, () => 'a=1').join('&'))))).toBe(
      413,
    );
  });

  it('refuses malformed escapes and bytes that are not UTF-8 with 400', () => {
    expect(statusOf(() => parseFormBody(post('name=%E0%A4%A')))).toBe(400);
    expect(statusOf(() => parseFormBody(post('name=%ZZ')))).toBe(400);
    expect(statusOf(() => parseFormBody(post('name=%C3%28')))).toBe(400);
    expect(statusOf(() => parseFormBody(post(Buffer.from([0x61, 0x3d, 0xff, 0xfe]))))).toBe(400);
  });
});
