import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { LocalStackOptions } from '../../infra/local/local-stack.ts';

/**
 * Putting something (a fault-injecting proxy) between the functions and the SES emulator.
 *
 * The clean way is an option of startLocalStack, called with the emulator's endpoint once it is
 * up and returning the endpoint the functions should use (`AWS_ENDPOINT_URL_SESV2`):
 *
 *   sesEndpointOverride?: (sesEndpoint: string) => string | Promise<string>;
 *
 * `mailboxUrl` keeps pointing at the emulator itself. Until the stack has that option, the local
 * runtime sets AWS_ENDPOINT_URL_SESV2 to the emulator just before it loads the functions, so a
 * value set beforehand is overwritten; `ensureSesEndpoint` then falls back to redirecting each
 * SES client's requests to the proxy (a middleware added on a client's first send). Either way
 * the faults happen on the wire, between a real SDK client and the emulator.
 */
export type StackOptionsWithSesOverride = LocalStackOptions & {
  sesEndpointOverride?: (sesEndpoint: string) => string | Promise<string>;
};

export function withSesEndpoint(options: LocalStackOptions, endpoint: string): LocalStackOptions {
  const withOverride: StackOptionsWithSesOverride = { ...options, sesEndpointOverride: () => endpoint };
  return withOverride;
}

const redirected = new WeakSet<SESv2Client>();
let installedTarget: URL | undefined;
let originalSend: SESv2Client['send'] | undefined;

/**
 * Makes sure the functions' SES calls go to `endpoint`: through the stack's option when it took
 * effect, else by redirecting every SESv2Client in this process. Returns which, and an undo.
 */
export function ensureSesEndpoint(endpoint: string): { via: 'option' | 'redirect'; undo: () => void } {
  if (process.env.AWS_ENDPOINT_URL_SESV2 === endpoint) return { via: 'option', undo: () => undefined };
  installedTarget = new URL(endpoint);
  if (!originalSend) {
    const send = SESv2Client.prototype.send;
    originalSend = send;
    SESv2Client.prototype.send = function (this: SESv2Client, ...args: Parameters<SESv2Client['send']>) {
      if (!redirected.has(this)) {
        redirected.add(this);
        this.middlewareStack.add(
          (next) => async (input) => {
            const request = input.request as { hostname?: string; port?: number; protocol?: string };
            if (installedTarget && request.hostname !== undefined) {
              request.hostname = installedTarget.hostname;
              request.port = Number(installedTarget.port);
              request.protocol = installedTarget.protocol;
            }
            return next(input);
          },
          { step: 'build', priority: 'high', name: 'testSesRedirect' },
        );
      }
      return (send as (...a: unknown[]) => ReturnType<SESv2Client['send']>).apply(this, args);
    } as SESv2Client['send'];
  }
  return {
    via: 'redirect',
    undo: () => {
      installedTarget = undefined;
    },
  };
}
