import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { toApiGatewayResponse, toWebRequest } from '../../shared/web/api-gateway.ts';

function event(overrides: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'ANY /{proxy+}',
    rawPath: '/about-you',
    rawQueryString: '',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Host: 'example' },
    requestContext: {
      accountId: '1',
      apiId: 'a',
      domainName: 'example',
      domainPrefix: 'example',
      http: {
        method: 'POST',
        path: '/about-you',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'test',
      },
      requestId: 'r',
      routeKey: 'ANY /{proxy+}',
      stage: '$default',
      time: '',
      timeEpoch: 0,
    },
    isBase64Encoded: false,
    ...overrides,
  };
}

describe('API Gateway v2 adapter', () => {
  it('lower-cases headers and reads cookies from the cookies array', () => {
    const req = toWebRequest(event({ cookies: ['notify_draft=abc', 'other=1'] }));
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/about-you');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.cookies).toEqual({ notify_draft: 'abc', other: '1' });
  });

  it('falls back to a Cookie header', () => {
    expect(toWebRequest(event({ headers: { cookie: 'a=1; b=2' } })).cookies).toEqual({ a: '1', b: '2' });
  });

  it('decodes base64 bodies and keeps plain ones', () => {
    const encoded = toWebRequest(
      event({ body: Buffer.from('name=%C3%A9').toString('base64'), isBase64Encoded: true }),
    );
    expect(encoded.body?.toString('utf8')).toBe('name=%C3%A9');
    expect(toWebRequest(event({ body: 'a=1' })).body?.toString('utf8')).toBe('a=1');
    expect(toWebRequest(event()).body).toBeUndefined();
  });

  it('drops a trailing slash and keeps the query', () => {
    const req = toWebRequest(event({ rawPath: '/the-child/', queryStringParameters: { change: 'check' } }));
    expect(req.path).toBe('/the-child');
    expect(req.query).toEqual({ change: 'check' });
    expect(toWebRequest(event({ rawPath: '/' })).path).toBe('/');
  });

  it('returns text as is, binary as base64, and cookies apart from headers', () => {
    expect(
      toApiGatewayResponse({ status: 303, headers: { location: '/x' }, cookies: ['a=1'], body: '' }),
    ).toEqual({
      statusCode: 303,
      headers: { location: '/x' },
      cookies: ['a=1'],
      body: '',
      isBase64Encoded: false,
    });
    const binary = toApiGatewayResponse({ status: 200, headers: {}, body: Buffer.from([1, 2, 3]) });
    expect(binary).toMatchObject({ body: 'AQID', isBase64Encoded: true });
    expect(binary).not.toHaveProperty('cookies');
  });
});

describe('the client address (issue 13: per-client rate limits)', () => {
  const event = (headers: Record<string, string>) =>
    ({
      version: '2.0',
      routeKey: 'ANY /{proxy+}',
      rawPath: '/start',
      rawQueryString: '',
      headers,
      requestContext: { http: { method: 'GET', path: '/start', sourceIp: '130.176.1.1' } },
      isBase64Encoded: false,
    }) as unknown as Parameters<typeof toWebRequest>[0];

  it("is API Gateway's source address, and a header a client sends is ignored", () => {
    expect(toWebRequest(event({ 'cloudfront-viewer-address': '203.0.113.9:5555' })).clientAddress).toBe(
      '130.176.1.1',
    );
  });

  it('behind CloudFront, is the address in its header, without the port (IPv4 and IPv6)', () => {
    const options = { clientAddressHeader: 'cloudfront-viewer-address' };
    expect(
      toWebRequest(event({ 'cloudfront-viewer-address': '203.0.113.9:5555' }), options).clientAddress,
    ).toBe('203.0.113.9');
    expect(
      toWebRequest(event({ 'cloudfront-viewer-address': '2001:db8::7:443' }), options).clientAddress,
    ).toBe('2001:db8::7');
    expect(toWebRequest(event({}), options).clientAddress).toBe('130.176.1.1');
  });
});
