import busboy from 'busboy';
import { FormBody, MAX_BODY_BYTES, MAX_FIELDS, parseFormBody } from './form-body.ts';
import { HttpError, type WebRequest } from './http.ts';

/**
 * The largest file any staff page takes (the council's list of schools and practices, an export
 * from Get Information about Schools, is the biggest). Each page sets its own, smaller limit;
 * anything over this is cut off while parsing, so a 10 MB file never sits in memory twice.
 */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** A file from a `<input type="file">`, cut off at {@link MAX_FILE_BYTES}. */
export interface UploadedFile {
  filename: string;
  mimeType: string;
  bytes: Buffer;
  /** More than {@link MAX_FILE_BYTES} was sent: `bytes` holds only the start. */
  truncated: boolean;
}

/** A posted form's fields, and the files sent with it (by field name). */
export class PostedBody extends FormBody {
  readonly files = new Map<string, UploadedFile>();
}

/**
 * Parse any form post: urlencoded (strictly, shared/web/form-body.ts) or multipart/form-data (with
 * busboy). Multipart bodies arrive whole (API Gateway and the local adapter pass them base64, which
 * toWebRequest decodes), so busboy reads a buffer, not a socket. Limits, so a hostile body costs
 * nothing: one file, at most {@link MAX_FILE_BYTES} of it kept; fields as for urlencoded posts
 * (each at most 100 KB, at most 1,000 of them). A malformed body is 400, never a half-read form.
 */
export async function parsePostedBody(req: WebRequest): Promise<PostedBody> {
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    const form = parseFormBody(req);
    const posted = new PostedBody();
    for (const name of form.names()) for (const value of form.getAll(name)) posted.append(name, value);
    return posted;
  }
  return parseMultipart(contentType, req.body ?? Buffer.alloc(0));
}

function parseMultipart(contentType: string, body: Buffer): Promise<PostedBody> {
  const bad = (detail: string) =>
    new HttpError(400, 'There was a problem with the form you sent', { detail });
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        defParamCharset: 'utf8',
        limits: {
          fields: MAX_FIELDS,
          fieldSize: MAX_BODY_BYTES,
          files: 1,
          fileSize: MAX_FILE_BYTES,
          parts: MAX_FIELDS + 1,
        },
      });
    } catch {
      reject(bad('multipart boundary missing'));
      return;
    }
    const posted = new PostedBody();
    let refused: HttpError | undefined;
    const refuse = (error: HttpError) => {
      refused ??= error;
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated)
        refuse(new HttpError(413, 'The form you sent was too large', { detail: 'field over limit' }));
      else posted.append(name, value);
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      let truncated = false;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        truncated = true;
      });
      stream.on('close', () => {
        posted.files.set(name, {
          filename: info.filename ?? '',
          mimeType: (info.mimeType ?? '').toLowerCase(),
          bytes: Buffer.concat(chunks),
          truncated,
        });
      });
    });
    const tooMany = () =>
      refuse(new HttpError(413, 'The form you sent was too large', { detail: 'too many parts' }));
    parser.on('fieldsLimit', tooMany);
    parser.on('filesLimit', tooMany);
    parser.on('partsLimit', tooMany);
    parser.on('error', () => reject(bad('multipart malformed')));
    parser.on('close', () => (refused ? reject(refused) : resolve(posted)));
    parser.end(body);
  });
}

/** Types browsers give a .csv or .txt file (Excel on Windows says vnd.ms-excel). */
const CSV_TYPES = new Set([
  'text/csv',
  'text/plain',
  'text/tab-separated-values',
  'application/csv',
  'application/vnd.ms-excel',
]);
const CSV_NAME = /\.(csv|txt|tsv)$/i;
const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

export type CsvUpload = { ok: true; text: string } | { ok: false; error: string } | { ok: 'none' };

/**
 * A chosen CSV file as text, or the GOV.UK error message (design system "File upload" wording) to
 * show beside the input. Only a .csv/.txt/.tsv file of a text type, UTF-8 (a byte-order mark is
 * dropped), with no NUL bytes (a spreadsheet saved as .xlsx is binary), of at most `maxBytes`.
 * `{ ok: 'none' }` when no file was chosen (browsers send an empty part with no file name).
 */
export function csvUploadOf(file: UploadedFile | undefined, maxBytes: number): CsvUpload {
  if (!file || (file.filename === '' && file.bytes.length === 0)) return { ok: 'none' };
  if (file.truncated || file.bytes.length > maxBytes) {
    return { ok: false, error: `The selected file must be smaller than ${formatBytes(maxBytes)}` };
  }
  if (file.bytes.length === 0) return { ok: false, error: 'The selected file is empty' };
  if (!CSV_NAME.test(file.filename) || !CSV_TYPES.has(file.mimeType)) {
    return { ok: false, error: 'The selected file must be a CSV' };
  }
  let text: string;
  try {
    text = fatalUtf8.decode(file.bytes);
  } catch {
    return { ok: false, error: 'The selected file must be a CSV saved as UTF-8' };
  }
  if (text.includes('\u0000')) return { ok: false, error: 'The selected file must be a CSV' };
  return { ok: true, text: text.replace(/^\uFEFF/, '') };
}

const formatBytes = (n: number) =>
  n >= 1024 * 1024 ? `${n / (1024 * 1024)} MB` : `${Math.round(n / 1024)} KB`;
