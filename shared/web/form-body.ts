import { HttpError, type WebRequest } from './http.ts';

/** Form posts are small; anything bigger is a mistake or an attack. */
export const MAX_BODY_BYTES = 100 * 1024;
/** More fields than any page has, with room for "add another" lists. */
export const MAX_FIELDS = 1000;

/** A parsed application/x-www-form-urlencoded body. Repeated names keep every value, in order. */
export class FormBody {
  readonly #values = new Map<string, string[]>();

  append(name: string, value: string): void {
    const list = this.#values.get(name);
    if (list) list.push(value);
    else this.#values.set(name, [value]);
  }

  /** The first value given for `name`. */
  get(name: string): string | undefined {
    return this.#values.get(name)?.[0];
  }

  getAll(name: string): string[] {
    return [...(this.#values.get(name) ?? [])];
  }

  names(): string[] {
    return [...this.#values.keys()];
  }
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parse a form post, strictly (after middy's http-urlencode-body-parser, but without a
 * dependency): a body over 100 KB is 413 before it is decoded, a content type other than
 * urlencoded UTF-8 is 415, and bytes that are not UTF-8 or percent-escapes that do not decode
 * are 400 — rather than URLSearchParams's silent U+FFFD, which would store corrupted answers.
 */
export function parseFormBody(req: WebRequest): FormBody {
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  const [mediaType, ...params] = contentType.split(';').map((s) => s.trim());
  if (mediaType !== 'application/x-www-form-urlencoded') {
    throw new HttpError(415, 'Unsupported form submission', { detail: 'content type not urlencoded' });
  }
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new HttpError(415, 'Unsupported form submission', { detail: 'charset not utf-8' });
  }

  const declared = Number(req.headers['content-length']);
  const bytes = req.body ?? Buffer.alloc(0);
  if (bytes.length > MAX_BODY_BYTES || (Number.isFinite(declared) && declared > MAX_BODY_BYTES)) {
    throw new HttpError(413, 'The form you sent was too large', { detail: 'body over limit' });
  }

  let text: string;
  try {
    text = fatalUtf8.decode(bytes);
  } catch {
    throw new HttpError(400, 'There was a problem with the form you sent', { detail: 'body not utf-8' });
  }

  const form = new FormBody();
  if (text === '') return form;
  const pairs = text.split('&');
  if (pairs.length > MAX_FIELDS) {
    throw new HttpError(413, 'The form you sent was too large', { detail: 'too many fields' });
  }
  for (const pair of pairs) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    try {
      form.append(decodeComponent(rawName), decodeComponent(rawValue));
    } catch {
      throw new HttpError(400, 'There was a problem with the form you sent', { detail: 'bad escape' });
    }
  }
  return form;
}

function decodeComponent(raw: string): string {
  return decodeURIComponent(raw.replace(/\+/g, ' '));
}
