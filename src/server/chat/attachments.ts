/**
 * Attachments: the body is the file itself (at most ATTACHMENT_MAX_BYTES). Its type is
 * decided by its first bytes, never by the name or the Content-Type the client sent: JPEG
 * (FF D8 FF), PNG (89 50 4E 47 0D 0A 1A 0A) or PDF (%PDF-); anything else is a 415.
 * Image metadata is removed by hand-written code: JPEG APP1–APP15 segments except Adobe
 * APP14 (EXIF with GPS position, XMP, ICC … ) and comments; PNG text, EXIF and time chunks.
 * PDF metadata is kept (stripping it needs a PDF parser; documented in docs/chat.md).
 */
import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';
import type { AppEnv } from '../http/env.js';
import { ProblemError } from '../http/problem.js';

export const ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024;
export type AttachmentType = 'image/jpeg' | 'image/png' | 'application/pdf';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function sniff(bytes: Uint8Array): AttachmentType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && Buffer.from(bytes.subarray(0, 8)).equals(PNG_SIGNATURE)) return 'image/png';
  if (bytes.length >= 5 && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-') return 'application/pdf';
  return undefined;
}

/** A JPEG without APPn (n ≥ 1, except Adobe APP14) and COM segments; undefined when it is not a well-formed JPEG. */
export function stripJpeg(input: Uint8Array): Buffer | undefined {
  const b = Buffer.from(input);
  const out: Buffer[] = [b.subarray(0, 2)];
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1] ?? 0;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    // Markers without a length: RSTn, TEM.
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      out.push(b.subarray(i, i + 2));
      i += 2;
      continue;
    }
    if (marker === 0xd9) {
      out.push(b.subarray(i, i + 2));
      return Buffer.concat(out);
    }
    const length = b.readUInt16BE(i + 2);
    if (length < 2 || i + 2 + length > b.length) return undefined;
    const segment = b.subarray(i, i + 2 + length);
    if (marker === 0xda) {
      // Start of scan: the entropy-coded data and everything after it go through as they are.
      out.push(b.subarray(i));
      return Buffer.concat(out);
    }
    const drop = (marker >= 0xe1 && marker <= 0xef && marker !== 0xee) || marker === 0xfe;
    if (!drop) out.push(segment);
    i += 2 + length;
  }
  return undefined;
}

const PNG_DROP = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

/** A PNG without text, EXIF and time chunks; undefined when it is not a well-formed PNG. */
export function stripPng(input: Uint8Array): Buffer | undefined {
  const b = Buffer.from(input);
  const out: Buffer[] = [b.subarray(0, 8)];
  let i = 8;
  while (i + 12 <= b.length) {
    const length = b.readUInt32BE(i);
    const type = b.subarray(i + 4, i + 8).toString('latin1');
    const end = i + 12 + length;
    if (end > b.length) return undefined;
    if (!PNG_DROP.has(type)) out.push(b.subarray(i, end));
    i = end;
    if (type === 'IEND') return Buffer.concat(out);
  }
  return undefined;
}

async function readRaw(c: Context<AppEnv>, limit: number): Promise<Buffer> {
  const declared = Number(c.req.header('content-length') ?? NaN);
  const tooLarge = () =>
    new ProblemError('payload_too_large', `An attachment may be at most ${limit} bytes.`, undefined, 413, { connection: 'close' });
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const chunks: Buffer[] = [];
  let total = 0;
  if (incoming && !incoming.readableEnded) {
    for await (const chunk of incoming as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limit) throw tooLarge();
      chunks.push(chunk);
    }
  } else if (c.req.raw.body) {
    const reader = c.req.raw.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(Buffer.from(value));
    }
  }
  return Buffer.concat(chunks, total);
}

export async function readAttachment(
  c: Context<AppEnv>,
  limit: number,
): Promise<{ mediaType: AttachmentType; name: string; bytes: Buffer }> {
  const raw = await readRaw(c, limit);
  if (!raw.length) throw new ProblemError('validation_failed', 'The attachment is empty.', [{ pointer: '/', code: 'minLength' }]);
  const mediaType = sniff(raw);
  if (!mediaType) throw new ProblemError('unsupported_attachment', 'Attach a JPEG or PNG image or a PDF document.');
  const stripped = mediaType === 'image/jpeg' ? stripJpeg(raw) : mediaType === 'image/png' ? stripPng(raw) : raw;
  if (!stripped) throw new ProblemError('unsupported_attachment', 'The file is damaged (its structure could not be read).');
  const ext = mediaType === 'image/jpeg' ? '.jpg' : mediaType === 'image/png' ? '.png' : '.pdf';
  const given = (c.req.query('name') ?? '')
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._-]/gu, '')
    .trim()
    .slice(0, 80);
  const base = given.replace(/\.[^.]*$/, '') || 'attachment';
  return { mediaType, name: base + ext, bytes: stripped };
}
