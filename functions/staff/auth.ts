import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { Actor } from '../../shared/domain/case-vocabulary.ts';
import { isDeputy } from '../../shared/domain/front-door.ts';
import { staffIdentityFromClaims } from '../../shared/domain/staff-access.ts';
import type { SessionStore, StaffSession } from '../../shared/store/session-store.ts';
import { clearCookie, serializeCookie } from '../../shared/web/cookies.ts';
import { newCsrfToken } from '../../shared/web/csrf.ts';
import { redirect, type WebRequest, type WebResponse } from '../../shared/web/http.ts';
import type { StaffConfig } from './staff-config.ts';

/**
 * Sign-in with OpenID Connect (authorization code flow, PKCE S256, state and nonce), the same code
 * against Cognito in AWS and the embedded provider locally; then a server-side session.
 *
 * Cookies (all HttpOnly, Secure, SameSite=Lax, from shared/web/cookies.ts): one for the sign-in in
 * progress, one for the session. Lax, not Strict: the identity provider's redirect back to the
 * callback is a cross-site top-level GET, and the sign-in cookie must come with it. Cross-site
 * POSTs never carry them, and every form also carries a CSRF token bound to the session.
 */
export const SESSION_COOKIE = 'pf_staff_session';
export const SIGN_IN_COOKIE = 'pf_staff_sign_in';
/** How long a sign-in may take at the identity provider. */
const SIGN_IN_SECONDS = 10 * 60;
/** Activity is written back at most this often (each write costs; a minute of idle slack is fine). */
const TOUCH_AFTER_SECONDS = 60;
const SCOPE = 'openid email profile';

export interface OidcClient {
  authorizationUrl(params: { state: string; nonce: string; codeChallenge: string }): Promise<URL>;
  /** Exchanges the code on the callback URL; throws if state, nonce, PKCE or the ID token fail. */
  exchange(
    callbackUrl: URL,
    checks: { codeVerifier: string; state: string; nonce: string },
  ): Promise<{ claims: Record<string, unknown> }>;
  /** The identity provider's sign-out page: its end_session_endpoint, else the configured logout URL. */
  endSessionUrl(): Promise<URL | undefined>;
}

/**
 * openid-client over discovery, done once per container (on the first sign-in, not at cold start)
 * and retried after a failure. The client secret is read then too: from the configuration
 * locally, from Secrets Manager in AWS (`readSecret`).
 */
export function createOidcClient(
  config: StaffConfig,
  readSecret: (arn: string) => Promise<string>,
): OidcClient {
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    discovered ??= (async () => {
      const source = config.oidcClientSecret;
      const secret = 'value' in source ? source.value : await readSecret(source.secretArn);
      return client.discovery(
        new URL(config.oidcIssuer),
        config.oidcClientId,
        secret,
        client.ClientSecretBasic(secret),
        // Plain HTTP is allowed for the local provider on 127.0.0.1 only (see staff-config.ts).
        config.allowInsecureIssuer
          ? { execute: [client.allowInsecureRequests], timeout: 10 }
          : { timeout: 10 },
      );
    })().catch((error: unknown) => {
      discovered = undefined;
      throw error;
    });
    return discovered;
  };
  return {
    async authorizationUrl({ state, nonce, codeChallenge }) {
      return client.buildAuthorizationUrl(await configuration(), {
        redirect_uri: config.redirectUri,
        scope: SCOPE,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
        state,
        nonce,
      });
    },
    async exchange(callbackUrl, checks) {
      const tokens = await client.authorizationCodeGrant(await configuration(), callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      return { claims: { ...(tokens.claims() ?? {}) } };
    },
    async endSessionUrl() {
      const c = await configuration();
      if (!c.serverMetadata().end_session_endpoint) {
        if (!config.logoutUrl) return undefined;
        // Cognito's own sign-out: /logout?client_id=…&logout_uri=… (the URI registered on the client).
        const url = new URL(config.logoutUrl);
        url.searchParams.set('client_id', config.oidcClientId);
        url.searchParams.set('logout_uri', config.postLogoutRedirectUri);
        return url;
      }
      // No id_token_hint: the link sits in a page, and an ID token has no business in HTML.
      return client.buildEndSessionUrl(c, {
        client_id: config.oidcClientId,
        post_logout_redirect_uri: config.postLogoutRedirectUri,
      });
    },
  };
}

export interface AuthDependencies {
  sessions: SessionStore;
  oidc: OidcClient;
  config: StaffConfig;
  now: () => Date;
}

export interface SignedIn {
  id: string;
  session: StaffSession;
  actor: Actor;
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
const newId = () => randomBytes(32).toString('base64url');

/**
 * Where to go after signing in: only a path of the staff pages, so the parameter can never send
 * someone to another site (an open redirect).
 */
export function safeReturnTo(value: string | undefined): string {
  if (
    !value ||
    !/^\/staff(\/[A-Za-z0-9._~\-/]*)?(\?[A-Za-z0-9._~\-=&%+]*)?$/.test(value) ||
    value.includes('//')
  ) {
    return '/staff/cases';
  }
  return value;
}

/** The signed-in session, with idle and absolute expiry enforced; undefined if not signed in. */
export async function currentSession(req: WebRequest, deps: AuthDependencies): Promise<SignedIn | undefined> {
  const id = req.cookies[SESSION_COOKIE];
  if (!id) return undefined;
  const now = seconds(deps.now());
  const session = await deps.sessions.get(id, now);
  if (session?.kind !== 'staff') return undefined;
  if (now >= session.absoluteExpiresAt || now >= session.lastSeenAt + deps.config.sessionIdleSeconds) {
    await deps.sessions.delete(id);
    return undefined;
  }
  if (now - session.lastSeenAt >= TOUCH_AFTER_SECONDS) {
    const expiresAt = Math.min(now + deps.config.sessionIdleSeconds, session.absoluteExpiresAt);
    await deps.sessions.touch(id, now, expiresAt);
    session.lastSeenAt = now;
    session.expiresAt = expiresAt;
  }
  return {
    id,
    session,
    actor: {
      email: session.email,
      name: session.name,
      role: session.role,
      ...(session.subject ? { subject: session.subject } : {}),
    },
  };
}

/** Starts a sign-in: a pending record with fresh PKCE verifier, state and nonce, then off to the provider. */
export async function beginSignIn(req: WebRequest, deps: AuthDependencies): Promise<WebResponse> {
  const id = newId();
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const now = seconds(deps.now());
  const url = await deps.oidc.authorizationUrl({
    state,
    nonce,
    codeChallenge: await client.calculatePKCECodeChallenge(codeVerifier),
  });
  await deps.sessions.put(id, {
    kind: 'sign-in',
    codeVerifier,
    state,
    nonce,
    returnTo: safeReturnTo(req.query.returnTo),
    createdAt: now,
    expiresAt: now + SIGN_IN_SECONDS,
  });
  return redirect(url.href, [serializeCookie(SIGN_IN_COOKIE, id, { maxAge: SIGN_IN_SECONDS })]);
}

export type CallbackOutcome =
  | { outcome: 'signed-in'; response: WebResponse; role: string }
  | { outcome: 'failed'; reason: string; cookies: string[] }
  | { outcome: 'no-role'; cookies: string[] };

/**
 * The provider's redirect back: checks state, nonce and PKCE (openid-client), reads the role from
 * the groups claim (`cognito:groups` in Cognito, also emitted locally), and starts a session with a
 * NEW id (never one the browser offered: no session fixation).
 */
export async function completeSignIn(req: WebRequest, deps: AuthDependencies): Promise<CallbackOutcome> {
  const clear = [clearCookie(SIGN_IN_COOKIE)];
  const pendingId = req.cookies[SIGN_IN_COOKIE];
  const now = seconds(deps.now());
  const pending = pendingId ? await deps.sessions.take(pendingId, now) : undefined;
  if (!pending) return { outcome: 'failed', reason: 'no-pending-sign-in', cookies: clear };

  const callbackUrl = new URL(deps.config.redirectUri);
  for (const [name, value] of Object.entries(req.query)) callbackUrl.searchParams.set(name, value);
  let claims: Record<string, unknown>;
  try {
    ({ claims } = await deps.oidc.exchange(callbackUrl, pending));
  } catch (error) {
    return { outcome: 'failed', reason: error instanceof Error ? error.name : 'error', cookies: clear };
  }

  const identity = staffIdentityFromClaims(claims);
  if (!identity) return { outcome: 'no-role', cookies: clear };
  const { subject, email, name } = identity;
  // A configured deputy has the designated manager's role whatever the provider's groups say, so
  // the front door's decisions never wait on one person's leave (DEPUTY_MANAGERS).
  const role = isDeputy(email, deps.config.deputyManagers ?? []) ? 'designated-manager' : identity.role;

  const id = newId();
  const absoluteExpiresAt = now + deps.config.sessionAbsoluteSeconds;
  await deps.sessions.put(id, {
    kind: 'staff',
    subject,
    email,
    name,
    role,
    csrfToken: newCsrfToken(),
    createdAt: now,
    lastSeenAt: now,
    absoluteExpiresAt,
    expiresAt: Math.min(now + deps.config.sessionIdleSeconds, absoluteExpiresAt),
  });
  await deps.sessions.rememberStaffMember({
    email,
    name,
    role,
    subject,
    lastSignedInAt: deps.now().toISOString(),
  });
  return {
    outcome: 'signed-in',
    role,
    response: redirect(pending.returnTo, [...clear, serializeCookie(SESSION_COOKIE, id)]),
  };
}

/**
 * Ends the session here. Signing out at the identity provider too is a link on the signed-out
 * page, not a redirect from this POST: the pages' Content-Security-Policy (`form-action 'self'`)
 * rightly stops a form's redirects from leaving the site.
 */
export async function signOut(signedIn: SignedIn, deps: AuthDependencies): Promise<WebResponse> {
  await deps.sessions.delete(signedIn.id);
  return redirect('/staff/signed-out', [clearCookie(SESSION_COOKIE)]);
}

/** The identity provider's sign-out page, if it has one (the local provider does; Cognito's differs). */
export async function providerSignOutUrl(deps: AuthDependencies): Promise<string | undefined> {
  try {
    return (await deps.oidc.endSessionUrl())?.href;
  } catch {
    // The provider is unreachable: the session here has ended, which is what matters.
    return undefined;
  }
}
