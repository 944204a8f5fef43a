import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import { HttpError, type WebRequest, type WebResponse } from './http.ts';
import { assetDirectory, stylesheetFile } from './paths.ts';

/** A simple neutral icon: GOV.UK's favicons carry the crown. */
const COUNCIL_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="4" fill="#0b0c0c"/><path d="M8 24V10l8-4 8 4v14h-5v-7h-6v7z" fill="#fff"/></svg>`;

function loadStylesheet(): Buffer {
  const file = stylesheetFile();
  if (!existsSync(file)) {
    throw new Error(
      `${file} is missing: npm start and the tests build it, a bundle carries it; or run npm run build:css`,
    );
  }
  return readFileSync(file);
}

interface AssetSource {
  contentType: string;
  load: () => Buffer;
}

/** Served under /assets/<name>. An allow-list: nothing else in node_modules is reachable. */
const SOURCES: Record<string, AssetSource> = {
  'govuk-frontend.min.js': {
    contentType: 'text/javascript; charset=utf-8',
    load: () => readFileSync(join(assetDirectory(), 'govuk-frontend.min.js')),
  },
  // govuk-frontend built with the council's font stack and no GOV.UK font or crest (see
  // shared/web/styles): one stylesheet, and nothing in it that is not served.
  'council.css': { contentType: 'text/css; charset=utf-8', load: loadStylesheet },
  'council-icon.svg': { contentType: 'image/svg+xml', load: () => Buffer.from(COUNCIL_ICON, 'utf8') },
};

interface LoadedAsset {
  contentType: string;
  raw: Buffer;
  etag: string;
  version: string;
  gzip?: Buffer;
  br?: Buffer;
}

const loaded = new Map<string, LoadedAsset>();

function load(name: string): LoadedAsset | undefined {
  const cached = loaded.get(name);
  if (cached) return cached;
  const source = Object.hasOwn(SOURCES, name) ? SOURCES[name] : undefined;
  if (!source) return undefined;
  const raw = source.load();
  const version = createHash('sha256').update(raw).digest('hex').slice(0, 12);
  const asset: LoadedAsset = { contentType: source.contentType, raw, etag: `"${version}"`, version };
  loaded.set(name, asset);
  return asset;
}

/**
 * The URL of an asset with its content hash as a query, so it can be cached for a year and a
 * new govuk-frontend is fetched at once.
 */
export function assetUrl(name: string): string {
  const asset = load(name);
  if (!asset) throw new Error(`Unknown asset ${name}`);
  return `/assets/${name}?v=${asset.version}`;
}

/**
 * Serve /assets/<name>: long-lived public caching, an ETag, and brotli or gzip when the browser
 * takes it (compressed once per process). The page-weight budget counts bytes on the wire, and
 * the CSS is 141 KB raw but 16 KB gzipped.
 */
export function serveAsset(req: WebRequest): WebResponse {
  const name = req.path.slice('/assets/'.length);
  const asset = load(name);
  if (!asset) throw new HttpError(404, 'Page not found');
  const headers: Record<string, string> = {
    'content-type': asset.contentType,
    'cache-control': 'public, max-age=31536000, immutable',
    etag: asset.etag,
    vary: 'Accept-Encoding',
  };
  if (req.headers['if-none-match'] === asset.etag) return { status: 304, headers, body: '' };

  const accepts = (req.headers['accept-encoding'] ?? '').toLowerCase();
  if (/\bbr\b/.test(accepts)) {
    asset.br ??= brotliCompressSync(asset.raw, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: 9,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: asset.raw.length,
      },
    });
    return { status: 200, headers: { ...headers, 'content-encoding': 'br' }, body: asset.br };
  }
  if (/\bgzip\b/.test(accepts)) {
    asset.gzip ??= gzipSync(asset.raw, { level: 9 });
    return { status: 200, headers: { ...headers, 'content-encoding': 'gzip' }, body: asset.gzip };
  }
  return { status: 200, headers, body: asset.raw };
}
