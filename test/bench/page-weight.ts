import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

/**
 * What a page weighs as served: the HTML plus every stylesheet, script, icon, font and image it
 * references (CSS `url()`s included), each fetched the way a browser asks for it
 * (`Accept-Encoding: br, gzip`), counting the body bytes on the wire. A reference the server does
 * not serve (404) costs nothing and is listed; there should be none, since the stylesheet is built
 * without GOV.UK's fonts and crest (shared/web/styles).
 */

export interface Fetched {
  url: string;
  status: number;
  contentType: string;
  encoding: string;
  wireBytes: number;
  rawBytes: number;
}

export interface PageWeight {
  path: string;
  html: Fetched;
  resources: Fetched[];
  notServed: string[];
  totalWireBytes: number;
  totalRawBytes: number;
}

function get(url: string, cookie?: string): Promise<Fetched & { body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { headers: { 'accept-encoding': 'br, gzip', ...(cookie ? { cookie } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const wire = Buffer.concat(chunks);
          const encoding = String(res.headers['content-encoding'] ?? 'identity');
          const body =
            encoding === 'br' ? brotliDecompressSync(wire) : encoding === 'gzip' ? gunzipSync(wire) : wire;
          resolve({
            url,
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            encoding,
            wireBytes: wire.length,
            rawBytes: body.length,
            body,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Everything an HTML page references that a browser would fetch to show it. */
export function referencesInHtml(html: string): string[] {
  const refs = new Set<string>();
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = m[0];
    const rel = /\brel="([^"]*)"/i.exec(tag)?.[1] ?? '';
    const href = /\bhref="([^"]*)"/i.exec(tag)?.[1];
    if (href && /stylesheet|icon|preload|modulepreload|manifest/i.test(rel)) refs.add(href);
  }
  for (const m of html.matchAll(/<(?:script|img|source)\b[^>]*\bsrc="([^"]*)"/gi)) if (m[1]) refs.add(m[1]);
  // Inline module scripts: `import { initAll } from "/assets/govuk-frontend.min.js"`.
  for (const m of html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
    for (const i of (m[1] ?? '').matchAll(/\bimport\b[^'"]*['"]([^'"]+)['"]/g)) if (i[1]) refs.add(i[1]);
  }
  return [...refs].map((r) => r.replaceAll('&amp;', '&'));
}

export function referencesInCss(css: string): string[] {
  const refs = new Set<string>();
  for (const m of css.matchAll(/url\(\s*['"]?([^'")]+)['"]?\s*\)/g)) {
    if (m[1] && !m[1].startsWith('data:')) refs.add(m[1]);
  }
  for (const m of css.matchAll(/@import\s+['"]([^'"]+)['"]/g)) if (m[1]) refs.add(m[1]);
  return [...refs];
}

export async function measurePageWeight(baseUrl: string, path: string, cookie?: string): Promise<PageWeight> {
  const page = await get(`${baseUrl}${path}`, cookie);
  if (page.status !== 200) throw new Error(`GET ${path} answered ${page.status}`);
  const queue = referencesInHtml(page.body.toString('utf8')).map((r) => new URL(r, page.url).href);
  const seen = new Set<string>();
  const resources: Fetched[] = [];
  const notServed: string[] = [];
  while (queue.length) {
    const url = queue.shift() as string;
    if (seen.has(url)) continue;
    seen.add(url);
    const res = await get(url, cookie);
    if (res.status !== 200) {
      notServed.push(`${new URL(url).pathname} (${res.status})`);
      continue;
    }
    const { body, ...fetched } = res;
    resources.push(fetched);
    if (/css/.test(res.contentType)) {
      for (const r of referencesInCss(body.toString('utf8'))) queue.push(new URL(r, url).href);
    }
  }
  const { body: _html, ...html } = page;
  const all = [html, ...resources];
  return {
    path,
    html,
    resources,
    notServed,
    totalWireBytes: all.reduce((n, f) => n + f.wireBytes, 0),
    totalRawBytes: all.reduce((n, f) => n + f.rawBytes, 0),
  };
}
