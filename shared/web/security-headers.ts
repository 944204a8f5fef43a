import { randomBytes } from 'node:crypto';

/** A fresh nonce for each response: scripts without it do not run. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * Headers for every response. The Content-Security-Policy allows scripts only from this origin
 * and the two inline scripts govuk-frontend needs (the `js-enabled` class and `initAll`), which
 * carry the nonce: no 'unsafe-inline', so injected markup cannot run script even if escaping
 * failed somewhere. Styles, images and fonts come from this origin only.
 */
export function securityHeaders(
  nonce: string,
  options: {
    /** Origins images may also come from (the council's logo, when it is hosted elsewhere). */
    imageOrigins?: readonly string[];
  } = {},
): Record<string, string> {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    ["img-src 'self'", ...(options.imageOrigins ?? [])].join(' '),
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'permissions-policy':
      'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
}

/** Pages hold personal data: never stored by the browser or any shared cache. */
export const NO_STORE = 'no-store';
