import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { describeError } from '../../shared/observability.ts';

describe('describeError', () => {
  it('gives the name and message of our own errors', () => {
    expect(describeError(new RangeError('No England and Wales bank holiday data for 2031'))).toEqual({
      errorName: 'RangeError',
      errorMessage: 'No England and Wales bank holiday data for 2031',
    });
  });

  it('leaves out messages that can quote what a person typed or was sent', () => {
    const zod = z.safeParse(z.object({ name: z.number() }), { name: 'Alex Child' });
    expect(zod.success).toBe(false);
    expect(describeError(zod.error)).toEqual({ errorName: zod.error?.name });

    let syntax: unknown;
    try {
      JSON.parse('{"email": "alex@example.com" oops');
    } catch (error) {
      syntax = error;
    }
    expect(describeError(syntax)).toEqual({ errorName: 'SyntaxError' });

    // SES names the address it refused in the message.
    const rejected = Object.assign(
      new Error('Email address is not verified. The following identities failed the check: alex@example.com'),
      { name: 'MessageRejected', $metadata: { httpStatusCode: 400 } },
    );
    expect(describeError(rejected)).toEqual({ errorName: 'MessageRejected' });
  });

  it('describes what is not an Error without looking inside it', () => {
    expect(describeError('alex@example.com')).toEqual({ errorName: 'NonError' });
    expect(describeError({ email: 'alex@example.com' })).toEqual({ errorName: 'NonError' });
  });

  it('cuts a long message short', () => {
    expect(describeError(new Error('x'.repeat(2000))).errorMessage).toHaveLength(500);
  });
});
