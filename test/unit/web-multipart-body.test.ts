import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { toWebRequest } from '../../shared/web/api-gateway.ts';
import { HttpError, type WebRequest } from '../../shared/web/http.ts';
import {
  csvUploadOf,
  MAX_FILE_BYTES,
  parsePostedBody,
  type UploadedFile,
} from '../../shared/web/multipart-body.ts';

/** A multipart body exactly as a browser builds it (the platform's FormData and Request). */
async function multipart(
  fields: Record<string, string>,
  file?: { name: string; filename: string; type: string; content: string | Uint8Array },
): Promise<{ contentType: string; body: Buffer }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append(file.name, new Blob([file.content], { type: file.type }), file.filename);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    contentType: request.headers.get('content-type') as string,
    body: Buffer.from(await request.arrayBuffer()),
  };
}

const post = (body: Buffer, contentType: string): WebRequest => ({
  method: 'POST',
  path: '/staff/imports',
  query: {},
  headers: { 'content-type': contentType },
  cookies: {},
  body,
});

async function statusOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof HttpError ? error.status : -1;
  }
}

describe('parsePostedBody', () => {
  it('reads the fields and the file of a multipart post, byte for byte', async () => {
    const bytes = new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0xff, 0x00, 0xe2, 0x9c, 0x93]);
    const { contentType, body } = await multipart(
      { csrfToken: 'tok', csv: 'pasted,text\ncafé' },
      { name: 'csvFile', filename: 'visits.csv', type: 'text/csv', content: bytes },
    );
    const posted = await parsePostedBody(post(body, contentType));
    expect(posted.get('csrfToken')).toBe('tok');
    // Browsers send a textarea's line breaks as CRLF (HTML's form-data encoding).
    expect(posted.get('csv')).toBe('pasted,text\r\ncafé');
    const file = posted.files.get('csvFile') as UploadedFile;
    expect(file.filename).toBe('visits.csv');
    expect(file.mimeType).toBe('text/csv');
    expect([...file.bytes]).toEqual([...bytes]);
    expect(file.truncated).toBe(false);
  });

  it('survives API Gateway: a base64 body decoded by toWebRequest gives the same file', async () => {
    const { contentType, body } = await multipart(
      { csrfToken: 'tok' },
      { name: 'csvFile', filename: 'list.csv', type: 'text/csv', content: 'name\nSt Mary’s\n' },
    );
    const event = {
      version: '2.0',
      rawPath: '/staff/imports',
      headers: { 'content-type': contentType },
      requestContext: { http: { method: 'POST', path: '/staff/imports' } },
      body: body.toString('base64'),
      isBase64Encoded: true,
    } as unknown as APIGatewayProxyEventV2;
    const posted = await parsePostedBody(toWebRequest(event));
    expect(posted.get('csrfToken')).toBe('tok');
    expect(posted.files.get('csvFile')?.bytes.toString('utf8')).toBe('name\nSt Mary’s\n');
  });

  it('still reads urlencoded posts, strictly', async () => {
    const posted = await parsePostedBody(
      post(Buffer.from('csrfToken=tok&csv=a%2Cb'), 'application/x-www-form-urlencoded'),
    );
    expect(posted.get('csv')).toBe('a,b');
    expect(posted.files.size).toBe(0);
    expect(await statusOf(parsePostedBody(post(Buffer.from('{}'), 'application/json')))).toBe(415);
  });

  it('cuts a huge file off at the limit instead of keeping it', async () => {
    const { contentType, body } = await multipart(
      { csrfToken: 'tok' },
      { name: 'csvFile', filename: 'huge.csv', type: 'text/csv', content: 'x'.repeat(10 * 1024 * 1024) },
    );
    const file = (await parsePostedBody(post(body, contentType))).files.get('csvFile') as UploadedFile;
    expect(file.truncated).toBe(true);
    expect(file.bytes.length).toBe(MAX_FILE_BYTES);
  });

  it('refuses a malformed body, a second file and a missing boundary', async () => {
    expect(
      await statusOf(parsePostedBody(post(Buffer.from('rubbish'), 'multipart/form-data; boundary=x'))),
    ).toBe(400);
    expect(await statusOf(parsePostedBody(post(Buffer.from(''), 'multipart/form-data; charset=utf-8')))).toBe(
      400,
    );
    const form = new FormData();
    form.append('a', new Blob(['1'], { type: 'text/csv' }), 'a.csv');
    form.append('b', new Blob(['2'], { type: 'text/csv' }), 'b.csv');
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const body = Buffer.from(await request.arrayBuffer());
    expect(await statusOf(parsePostedBody(post(body, request.headers.get('content-type') as string)))).toBe(
      413,
    );
  });
});

describe('csvUploadOf', () => {
  const file = (over: Partial<UploadedFile>): UploadedFile => ({
    filename: 'visits.csv',
    mimeType: 'text/csv',
    bytes: Buffer.from('a,b\n1,2\n'),
    truncated: false,
    ...over,
  });

  it('gives the text of a CSV file, without a byte-order mark', () => {
    expect(csvUploadOf(file({ bytes: Buffer.from('\uFEFFa,b\n') }), 1024)).toEqual({
      ok: true,
      text: 'a,b\n',
    });
    expect(csvUploadOf(file({ mimeType: 'application/vnd.ms-excel' }), 1024).ok).toBe(true);
  });

  it('says no file when none was chosen', () => {
    expect(csvUploadOf(undefined, 1024)).toEqual({ ok: 'none' });
    expect(
      csvUploadOf(file({ filename: '', bytes: Buffer.alloc(0), mimeType: 'application/octet-stream' }), 1024),
    ).toEqual({
      ok: 'none',
    });
  });

  it('refuses files too large, empty, not CSV, binary or not UTF-8, in GOV.UK words', () => {
    expect(csvUploadOf(file({ bytes: Buffer.alloc(2048, 0x61) }), 1024)).toEqual({
      ok: false,
      error: 'The selected file must be smaller than 1 KB',
    });
    expect(csvUploadOf(file({ truncated: true }), 100 * 1024)).toEqual({
      ok: false,
      error: 'The selected file must be smaller than 100 KB',
    });
    expect(csvUploadOf(file({ bytes: Buffer.alloc(0) }), 1024)).toEqual({
      ok: false,
      error: 'The selected file is empty',
    });
    expect(csvUploadOf(file({ filename: 'visits.xlsx' }), 1024).ok).toBe(false);
    expect(csvUploadOf(file({ mimeType: 'application/pdf' }), 1024).ok).toBe(false);
    expect(csvUploadOf(file({ bytes: Buffer.from([0x61, 0x00, 0x62]) }), 1024).ok).toBe(false);
    expect(csvUploadOf(file({ bytes: Buffer.from([0x61, 0xff, 0x62]) }), 1024)).toEqual({
      ok: false,
      error: 'The selected file must be a CSV saved as UTF-8',
    });
  });
});
