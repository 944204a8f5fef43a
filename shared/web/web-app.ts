import { describeError, type SafeErrorDescription } from '../observability.ts';
import { HttpError, htmlResponse, type WebRequest, type WebResponse } from './http.ts';
import type { OriginCheck } from './origin-secret.ts';
import { matchPath, type PathParams } from './route-path.ts';
import { NO_STORE, newNonce, securityHeaders } from './security-headers.ts';
import type { ViewRenderer } from './views.ts';

export interface RouteContext<Param extends string = string> {
  req: WebRequest;
  /** The path's parameters by name (`{reference}` in the route's path), percent-decoded. */
  params: Readonly<Record<Param, string>>;
  /** Render a template to an HTML response; the layout gets the CSP nonce. */
  render(
    template: string,
    context?: Record<string, unknown>,
    status?: number,
    cookies?: string[],
  ): WebResponse;
  /** Safe facts to log with the response (for example the reference); never personal data. */
  annotate(facts: Record<string, string>): void;
}

export interface Route {
  method: 'GET' | 'POST';
  /** Exact path, a path with `{name}` segments (route-path.ts), or a prefix ending in `/*`. */
  path: string;
  /** A short name for logs ("about-you:post"): the route, never the URL with its query. */
  name: string;
  handle(ctx: RouteContext): Promise<WebResponse> | WebResponse;
}

/** A route whose handler sees its path's parameters by name, typed from the path. */
export function defineRoute<P extends string>(route: {
  method: Route['method'];
  path: P;
  name: string;
  handle(ctx: RouteContext<PathParams<P>>): Promise<WebResponse> | WebResponse;
}): Route {
  return route as Route;
}

export interface ResponseLog {
  route: string;
  method: string;
  status: number;
  facts: Record<string, string>;
}

/** Public wording of an error page: a title, a paragraph under it. */
export interface ErrorPageCopy {
  title: string;
  body: string;
}

export interface WebAppOptions {
  routes: Route[];
  views: ViewRenderer;
  /**
   * The app's own wording for error statuses, over the neutral defaults: the public form says its
   * answers are saved; the staff pages say something else.
   */
  errorPages?: Partial<Record<number, Partial<ErrorPageCopy>>>;
  /** The link at the foot of every error page. @default { href: '/', text: 'Go to the start' } */
  errorPageLink?: { href: string; text: string };
  /** Origins images may come from besides this one (a logo hosted by the council). */
  imageOrigins?: readonly string[];
  /** Called once per response with what may be logged. */
  onResponse?: (log: ResponseLog) => void;
  /** Called for unexpected errors (500, 503) with a description safe to log (describeError). */
  onError?: (error: SafeErrorDescription, route: string) => void;
  /**
   * In AWS behind CloudFront: did the request come through it (origin-secret.ts)? A request that
   * did not gets a plain 403 page and reaches no route. Absent locally.
   */
  originCheck?: OriginCheck;
}

export type { SafeErrorDescription };

/**
 * Public wording for each error status; titles come from the HttpError where it has one. Neutral:
 * an app that can say more (answers saved, who to call) passes its own through `errorPages`.
 */
const ERROR_PAGES: Record<number, ErrorPageCopy> = {
  400: {
    title: 'Sorry, there is a problem with the form you sent',
    body: 'Go back to the previous page and try again.',
  },
  403: {
    title: 'Sorry, we could not accept that form',
    body: 'This can happen if the page was open for a long time, or the form was sent from another website. Go back, reload the page and try again.',
  },
  404: {
    title: 'Page not found',
    body: 'If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address.',
  },
  405: { title: 'Sorry, that is not allowed', body: 'Go back to the previous page and try again.' },
  413: {
    title: 'The form you sent was too large',
    body: 'Shorten your answers and try again.',
  },
  415: {
    title: 'Unsupported form submission',
    body: 'Use the form on this website to send your answers.',
  },
  500: {
    title: 'Sorry, there is a problem with the service',
    body: 'Try again later.',
  },
  503: {
    title: 'Sorry, the service is unavailable',
    body: 'Try again in a few minutes.',
  },
};

/** Errors from AWS that mean "try again later" rather than "our code is wrong". */
const UNAVAILABLE_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalServerError',
  'TimeoutError',
]);

function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (UNAVAILABLE_ERRORS.has(error.name)) return true;
  const code = (error as { code?: unknown }).code;
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT') return true;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return typeof status === 'number' && status >= 500;
}

function matchRoute(routes: Route[], path: string): { route: Route; params: Record<string, string> }[] {
  return routes.flatMap((route) => {
    const params = matchPath(route.path, path);
    return params ? [{ route, params }] : [];
  });
}

/**
 * The web kernel: finds the route, runs it, and in ONE place turns every thrown error into a
 * GOV.UK error page with the right status (never a stack trace), and puts the security headers
 * on every response, errors and assets included.
 */
export function createWebApp(options: WebAppOptions): (req: WebRequest) => Promise<WebResponse> {
  const { routes, views } = options;
  const errorPages: Record<number, ErrorPageCopy> = { ...ERROR_PAGES };
  for (const [status, copy] of Object.entries(options.errorPages ?? {})) {
    const base = ERROR_PAGES[Number(status)] ?? ERROR_PAGES[500];
    if (copy && base) errorPages[Number(status)] = { ...base, ...copy };
  }
  const errorPageLink = options.errorPageLink ?? { href: '/', text: 'Go to the start' };

  return async (req) => {
    const nonce = newNonce();
    const facts: Record<string, string> = {};
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    let routeName = 'not-found';

    const render: RouteContext['render'] = (template, context = {}, status = 200, cookies) =>
      htmlResponse(views.render(template, { ...context, cspNonce: nonce }), status, cookies);

    const renderError = (status: number, title?: string, body?: string): WebResponse => {
      const page = errorPages[status] ?? errorPages[500];
      try {
        return render(
          'error.njk',
          { status, title: title ?? page?.title, body: body ?? page?.body, link: errorPageLink },
          status,
        );
      } catch {
        // The error page itself failed (a broken template): plain, still no details.
        return htmlResponse(
          '<!DOCTYPE html><title>Error</title><p>Sorry, there is a problem with the service.</p>',
          status,
        );
      }
    };

    let response: WebResponse;
    try {
      if (options.originCheck && !(await options.originCheck(req))) {
        routeName = 'origin-refused';
        throw new HttpError(403, 'Sorry, you cannot use this service at this address', {
          detail: 'Request did not come through CloudFront',
          body: "Use the address on the council's website.",
        });
      }
      const candidates = matchRoute(routes, req.path);
      const found = candidates.find((c) => c.route.method === method);
      if (!found) {
        if (candidates.length > 0) {
          routeName = candidates[0]?.route.name ?? 'unknown';
          const allow: string[] = [...new Set(candidates.map((c) => c.route.method))];
          if (allow.includes('GET')) allow.push('HEAD');
          throw new HttpError(405, errorPages[405]?.title ?? 'Not allowed', {
            headers: { allow: allow.join(', ') },
          });
        }
        throw new HttpError(404, errorPages[404]?.title ?? 'Page not found');
      }
      routeName = found.route.name;
      response = await found.route.handle({
        req,
        params: found.params,
        render,
        annotate: (f) => Object.assign(facts, f),
      });
    } catch (error) {
      if (error instanceof HttpError) {
        response = renderError(error.status, error.title, error.options.body);
        Object.assign(response.headers, error.options.headers ?? {});
      } else {
        const status = isUnavailable(error) ? 503 : 500;
        options.onError?.(describeError(error), routeName);
        response = renderError(status);
      }
    }

    response.headers = {
      ...response.headers,
      ...securityHeaders(nonce, { imageOrigins: options.imageOrigins ?? [] }),
      'cache-control': response.headers['cache-control'] ?? NO_STORE,
    };
    if (req.method === 'HEAD') response.body = '';
    options.onResponse?.({ route: routeName, method: req.method, status: response.status, facts });
    return response;
  };
}
