import { createHash, timingSafeEqual } from 'node:crypto';
import type { WebRequest } from './http.ts';

/**
 * The header CloudFront adds to every request it sends to the API (an origin custom header, issue
 * 13). Without it, a client could call the execute-api address directly, around the WAF, and send
 * its own `CloudFront-Viewer-Address` to dodge the per-client limits. CloudFront overwrites a
 * viewer's header of the same name, so only CloudFront can send the right value.
 */
export const ORIGIN_SECRET_HEADER = 'x-pf-origin-verify';

/** Whether a request came through CloudFront; `false` is answered with a 403 page (web-app.ts). */
export type OriginCheck = (req: WebRequest) => Promise<boolean>;

/**
 * Checks the header against the secret (read through `readSecret`, which caches: Powertools
 * Parameters in AWS), in constant time, and takes the header off the request either way, so no
 * page, log or error can echo it. Not used locally: nothing stands in front of the local API.
 */
export function createOriginCheck(readSecret: () => Promise<string>): OriginCheck {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return async (req) => {
    const sent = req.headers[ORIGIN_SECRET_HEADER];
    delete req.headers[ORIGIN_SECRET_HEADER];
    if (!sent) return false;
    const expected = await readSecret();
    if (!expected) return false;
    // Digests have one length, so timingSafeEqual never throws and the length is not leaked.
    return timingSafeEqual(digest(sent), digest(expected));
  };
}
