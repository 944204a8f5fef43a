import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';

/**
 * A small HTTP proxy that injects faults in front of an emulator (here SES), at the wire: the
 * function's SDK client sees exactly what it would see from a failing service.
 *
 * - `pass`: forward everything.
 * - `reject`: answer matching requests 503 ServiceUnavailable without forwarding (the SDK treats
 *   it as transient, retries within its attempts, then fails the call).
 * - `hold`: keep matching requests waiting, unforwarded, until `release()` or the caller goes
 *   away (a crashed process): a held request that loses its caller is never forwarded.
 */
export type FaultMode = 'pass' | 'reject' | 'hold';

export interface FaultProxyStats {
  forwarded: number;
  rejected: number;
  held: number;
  dropped: number;
}

export interface FaultProxy {
  url: string;
  stats: FaultProxyStats;
  /** Requests currently held. */
  holding(): number;
  setMode(mode: FaultMode): void;
  /** Forward every held request (still connected) and pass from now on. */
  release(): void;
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  /** Where to forward, e.g. the SES emulator's endpoint. */
  target: string;
  /** Which requests the mode applies to; others always pass. Default: SES v2 SendEmail. */
  affects?: (req: IncomingMessage) => boolean;
  mode?: FaultMode;
  /** Let this many affected requests through before the mode applies (then it applies to all). */
  passFirst?: number;
}

/** SES v2 SendEmail: `POST /v2/email/outbound-emails`. */
export const isSesSend = (req: IncomingMessage) =>
  req.method === 'POST' && (req.url ?? '').startsWith('/v2/email/outbound-emails');

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const affects = options.affects ?? isSesSend;
  let mode: FaultMode = options.mode ?? 'pass';
  let passFirst = options.passFirst ?? 0;
  const stats: FaultProxyStats = { forwarded: 0, rejected: 0, held: 0, dropped: 0 };
  const held = new Set<{ req: IncomingMessage; res: ServerResponse; body: Buffer }>();

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    if (res.destroyed || res.writableEnded || req.socket.destroyed) {
      stats.dropped++;
      return;
    }
    stats.forwarded++;
    const out = request(
      {
        hostname: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (upstream) => {
        res.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(res);
      },
    );
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.end();
    });
    out.end(body);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (!affects(req)) return forward(req, res, body);
      if (passFirst > 0) {
        passFirst--;
        return forward(req, res, body);
      }
      if (mode === 'reject') {
        stats.rejected++;
        res.writeHead(503, {
          'content-type': 'application/json',
          'x-amzn-errortype': 'ServiceUnavailable',
        });
        res.end(JSON.stringify({ message: 'Service unavailable (fault injected by the test)' }));
        return;
      }
      if (mode === 'hold') {
        stats.held++;
        const entry = { req, res, body };
        held.add(entry);
        // The caller went away (a crashed process): this request is never forwarded.
        res.on('close', () => {
          if (held.delete(entry)) stats.dropped++;
        });
        return;
      }
      forward(req, res, body);
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    holding: () => held.size,
    setMode(next) {
      mode = next;
    },
    release() {
      mode = 'pass';
      for (const entry of [...held]) {
        held.delete(entry);
        forward(entry.req, entry.res, entry.body);
      }
    },
    async close() {
      for (const entry of held) entry.res.destroy();
      held.clear();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
