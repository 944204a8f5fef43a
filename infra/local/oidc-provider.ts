import { createHash, generateKeyPairSync, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
// @ts-expect-error oidc-provider ships no type declarations (and @types/oidc-provider is not
// installed); the little of its API used here is typed by OidcProviderLike below.
import { Provider as UntypedProvider } from 'oidc-provider';

/**
 * An embedded OpenID Connect provider for the laptop: the local stand-in for the Cognito user pool,
 * so the staff function signs people in through the same OIDC client code (openid-client,
 * authorization code flow with PKCE, client_secret_basic) locally as in AWS. Bound to 127.0.0.1
 * only; every secret (client secret, passwords, signing and cookie keys) is new on each start.
 *
 * Claims: `email`, `name`, and the user's role in both `groups` and `cognito:groups` (Cognito's
 * name), so the staff code reads one claim whichever provider signed the user in.
 */

export type LocalStaffRole = 'designated-manager' | 'caseworker';

export interface LocalOidcUser {
  email: string;
  name: string;
  role: LocalStaffRole;
  password: string;
}

export interface LocalOidcProviderOptions {
  /** 0 or absent: any free port. */
  port?: number;
  /** The staff function's callback URL(s), e.g. `http://127.0.0.1:3000/staff/auth/callback`. */
  redirectUris: string[];
  /** Where the provider may send people back after signing out; defaults to none. */
  postLogoutRedirectUris?: string[];
  /** One password for every seeded user (a demo); a fresh random one when absent. */
  password?: string;
  clientId?: string;
}

export interface LocalOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  users: LocalOidcUser[];
  stop(): Promise<void>;
}

interface InteractionDetails {
  uid: string;
  prompt: { name: string; details: Record<string, unknown> };
  params: Record<string, unknown>;
  session?: { accountId?: string };
  grantId?: string;
}
interface GrantLike {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  addResourceScope(resource: string, scope: string): void;
  save(): Promise<string>;
}
interface OidcProviderLike {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
  interactionFinished(
    req: IncomingMessage,
    res: ServerResponse,
    result: Record<string, unknown>,
    options?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  Grant: {
    new (init: { accountId: string; clientId: string }): GrantLike;
    find(id: string): Promise<GrantLike | undefined>;
  };
  on(event: string, listener: (...args: unknown[]) => void): void;
}
const Provider = UntypedProvider as new (
  issuer: string,
  configuration: Record<string, unknown>,
) => OidcProviderLike;

const HOST = '127.0.0.1';
const DOMAIN = 'anytown.example';

/** The seeded staff: a designated manager and two caseworkers (their groups are their roles). */
export const SEEDED_STAFF: readonly Omit<LocalOidcUser, 'password'>[] = [
  { email: `manager@${DOMAIN}`, name: 'Dana Manager', role: 'designated-manager' },
  { email: `caseworker1@${DOMAIN}`, name: 'Casey Worker', role: 'caseworker' },
  { email: `caseworker2@${DOMAIN}`, name: 'Robin Worker', role: 'caseworker' },
];

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** Constant-time comparison of a typed password with the expected one. */
function samePassword(expected: string, given: string): boolean {
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

function page(title: string, body: string): string {
  // Plain HTML with a little inline style: this page exists only on a developer's machine.
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – local sign-in</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#0b0c0c}
label{display:block;font-weight:700;margin-top:1rem}input{font-size:1.1rem;padding:.4rem;width:100%;box-sizing:border-box;border:2px solid #0b0c0c}
button{margin-top:1.5rem;font-size:1.1rem;padding:.5rem 1rem;background:#00703c;color:#fff;border:0;box-shadow:0 2px 0 #002d18}
.error{color:#d4351c;font-weight:700;border-left:5px solid #d4351c;padding-left:.75rem}</style></head>
<body><main>${body}</main></body></html>`;
}

function loginPage(uid: string, error?: string, email = ''): string {
  return page(
    'Sign in',
    `<h1>Sign in (local identity provider)</h1>
<p>This stands in for the council's identity provider on this computer. Use one of the staff accounts printed when the service started.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${encodeURIComponent(uid)}/login" novalidate>
<label for="email">Email address</label>
<input id="email" name="email" type="email" autocomplete="username" spellcheck="false" value="${escapeHtml(email)}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password">
<button type="submit">Sign in</button>
</form>`,
  );
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 10_000) throw new Error('Form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
    // No form-action: the login form's response redirects on to the staff pages' callback (another
    // origin), and browsers apply form-action to the redirects after a form post too.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  });
  res.end(html);
}

/**
 * Starts the local OIDC provider on 127.0.0.1 with the seeded staff. The issuer is
 * `http://127.0.0.1:<port>`: plain HTTP on loopback only, which the staff function's OIDC client
 * accepts for exactly that host and no other.
 */
export async function startLocalOidcProvider(options: LocalOidcProviderOptions): Promise<LocalOidcProvider> {
  const password = options.password ?? randomBytes(9).toString('base64url');
  const clientId = options.clientId ?? 'staff-local';
  const clientSecret = randomBytes(32).toString('base64url');
  const users: LocalOidcUser[] = SEEDED_STAFF.map((u) => ({ ...u, password }));
  const accounts = new Map(users.map((u) => [u.email, u]));

  const server: Server = createServer();
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, HOST, () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const issuer = `http://${HOST}:${port}`;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        client_name: 'Private fostering staff pages (local)',
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris ?? [],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    // The role claim rides with the `openid` scope, as Cognito puts `cognito:groups` in every ID token.
    scopes: ['openid', 'email', 'profile'],
    claims: {
      openid: ['sub', 'groups', 'cognito:groups'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    // Put the scope's claims in the ID token itself (as Cognito does), not only at userinfo.
    conformIdTokenClaims: false,
    // PKCE for every authorization request, even from this confidential client.
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: { body: string }, form: string) => {
          ctx.body = page(
            'Sign out',
            `<h1>Sign out of the local identity provider?</h1>${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>`,
          );
        },
        postLogoutSuccessSource: (ctx: { body: string }) => {
          ctx.body = page('Signed out', '<h1>You have signed out</h1>');
        },
      },
    },
    findAccount: (_ctx: unknown, sub: string) => {
      const user = users.find((u) => accountIdOf(u) === sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: user.email,
          email_verified: true,
          name: user.name,
          groups: [user.role],
          'cognito:groups': [user.role],
        }),
      };
    },
    clientBasedCORS: () => false,
    renderError: (ctx: { type: string; body: string }, out: Record<string, string>) => {
      ctx.type = 'html';
      ctx.body = page(
        'Error',
        `<h1>Sign-in error</h1>${Object.entries(out)
          .map(([k, v]) => `<p><strong>${escapeHtml(k)}</strong>: ${escapeHtml(String(v))}</p>`)
          .join('')}`,
      );
    },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Grant: 10 * 3600,
      Session: 10 * 3600,
    },
  });
  const callback = provider.callback();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', issuer);
    const match = /^\/interaction\/([A-Za-z0-9_-]+)(\/login)?$/.exec(url.pathname);
    if (!match) {
      callback(req, res);
      return;
    }
    handleInteraction(req, res, match[1] as string, match[2] === '/login').catch(() => {
      if (!res.headersSent)
        send(
          res,
          400,
          page('Error', '<h1>This sign-in has expired</h1><p>Go back to the service and sign in again.</p>'),
        );
      else res.end();
    });
  });

  async function handleInteraction(req: IncomingMessage, res: ServerResponse, uid: string, isLogin: boolean) {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('Interaction mismatch');
    if (details.prompt.name === 'login') {
      if (!isLogin || req.method !== 'POST') {
        send(res, 200, loginPage(uid));
        return;
      }
      const form = await readForm(req);
      const email = (form.get('email') ?? '').trim().toLowerCase();
      const user = accounts.get(email);
      if (!user || !samePassword(user.password, form.get('password') ?? '')) {
        send(
          res,
          401,
          loginPage(uid, 'Enter the email address and password of a seeded staff account', email),
        );
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: accountIdOf(user) } },
        {
          mergeWithLastSubmission: false,
        },
      );
      return;
    }
    if (details.prompt.name === 'consent') {
      // The staff pages are the council's own (first-party) client: consent is implied, no screen.
      const accountId = details.session?.accountId;
      if (!accountId) throw new Error('No session');
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
      if (!grant) throw new Error('Grant not found');
      const missing = details.prompt.details as {
        missingOIDCScope?: string[];
        missingOIDCClaims?: string[];
        missingResourceScopes?: Record<string, string[]>;
      };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
        grant.addResourceScope(resource, scopes.join(' '));
      }
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
      return;
    }
    throw new Error(`Unsupported prompt ${details.prompt.name}`);
  }

  return {
    issuer,
    clientId,
    clientSecret,
    users,
    async stop() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** A stable subject per seeded user (what Cognito calls the user's `sub`). */
function accountIdOf(user: Pick<LocalOidcUser, 'email'>): string {
  return createHash('sha256').update(`local:${user.email}`).digest('hex').slice(0, 32);
}

/** Lines for `npm start` to print: who can sign in, and with what. */
export function describeLocalStaff(provider: Pick<LocalOidcProvider, 'issuer' | 'users'>): string {
  const rows = provider.users.map(
    (u) => `    ${u.email.padEnd(30)} ${u.role.padEnd(20)} password ${u.password}`,
  );
  return [`  Staff sign-in (local OIDC provider at ${provider.issuer}):`, ...rows].join('\n');
}
