import type { RateLimiter } from '../../shared/store/rate-limits.ts';
import type { TransferTokens } from '../../shared/store/transfer-tokens.ts';
import { clearCookie, serializeCookie } from '../../shared/web/cookies.ts';
import { CSRF_FIELD, csrfTokensMatch, newCsrfToken } from '../../shared/web/csrf.ts';
import { parseFormBody } from '../../shared/web/form-body.ts';
import { HttpError, type WebRequest } from '../../shared/web/http.ts';
import type { Route } from '../../shared/web/web-app.ts';

/*
 * The receiving council's acknowledgement of a transfer notice (issue 12): the link in the notice
 * opens a page with one button; pressing it uses the single-use link and records the
 * acknowledgement on the case (shared/store/transfer-tokens.ts). A button, not a GET, because
 * mail scanners open links before people do (as save-and-return.ts explains). The pages say
 * nothing about the child: whoever holds the link learns only that it worked.
 */
export const TRANSFER_ACK_PREFIX = '/transfer-acknowledgement/';
export const TRANSFER_ACK_COOKIE = 'notify_transfer_ack';

export interface TransferAcknowledgementDependencies {
  transferTokens: TransferTokens;
  rateLimits: RateLimiter;
  now: () => Date;
}

export function transferAcknowledgementRoutes(deps: TransferAcknowledgementDependencies): Route[] {
  const tokenOf = (req: WebRequest) => req.path.slice(TRANSFER_ACK_PREFIX.length);
  // Limited like the form's link pages: guessing tokens is slow and counted per address.
  const limit = async (req: WebRequest) => {
    if (!(await deps.rateLimits.take('save-and-return', req.clientAddress ?? 'unknown', deps.now())))
      throw new HttpError(429, 'Sorry, there have been too many attempts', {
        body: 'Wait an hour, then open the link in the email again.',
      });
  };
  const title: Record<string, string> = {
    acknowledged: 'Thank you',
    used: 'This link has already been used',
    expired: 'This link has expired',
    unknown: 'This link does not work',
  };
  return [
    {
      method: 'GET',
      path: `${TRANSFER_ACK_PREFIX}*`,
      name: 'transfer-acknowledgement:get',
      async handle({ req, render }) {
        await limit(req);
        const state = await deps.transferTokens.check(tokenOf(req), deps.now());
        if (state !== 'valid') {
          return render('transfer-acknowledgement.njk', { pageTitle: title[state], state });
        }
        // No session to bind a CSRF token to: a cookie and the same value in the form (double submit).
        const csrfToken = newCsrfToken();
        return render(
          'transfer-acknowledgement.njk',
          { pageTitle: 'Acknowledge a transfer notice', state, csrfToken },
          200,
          [serializeCookie(TRANSFER_ACK_COOKIE, csrfToken)],
        );
      },
    },
    {
      method: 'POST',
      path: `${TRANSFER_ACK_PREFIX}*`,
      name: 'transfer-acknowledgement:post',
      async handle({ req, render }) {
        await limit(req);
        const form = parseFormBody(req);
        const crossSite = req.headers['sec-fetch-site'] === 'cross-site';
        if (crossSite || !csrfTokensMatch(req.cookies[TRANSFER_ACK_COOKIE], form.get(CSRF_FIELD))) {
          throw new HttpError(403, 'Sorry, we could not accept that form', {
            detail: 'transfer acknowledgement without the token from its page',
            body: 'Open the link in the email again and press the button.',
          });
        }
        const outcome = await deps.transferTokens.acknowledge(tokenOf(req), deps.now());
        if (outcome !== 'acknowledged') {
          return render('transfer-acknowledgement.njk', { pageTitle: title[outcome], state: outcome });
        }
        return render(
          'transfer-acknowledgement.njk',
          { pageTitle: 'Thank you', state: 'acknowledged' },
          200,
          [clearCookie(TRANSFER_ACK_COOKIE)],
        );
      },
    },
  ];
}
