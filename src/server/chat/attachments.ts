/**
 * Attachments: the body is the file itself (at most ATTACHMENT_MAX_BYTES). Its type is
 * decided by its first bytes, never by the name or the Content-Type the client sent: JPEG
 * (FF D8 FF), PNG (89 50 4E 47 0D 0A 1A 0A) or PDF (%PDF-); anything else is a 415.
 * Image metadata is removed by hand-written code: JPEG APP1–APP15 segments except Adobe
 * APP14 (EXIF with GPS position, XMP, ICC … ) and comments; PNG text, EXIF and time chunks.
 * PDF: the document information dictionary (author, creator, dates…) and XMP metadata
 * streams are blanked in place (stripPdf), so the cross-reference offsets stay valid.
 */
import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';
import { deflateSync, inflateSync } from 'node:zlib';
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

/**
 * Removes a PDF's metadata without moving a byte: every object the trailers name as /Info
 * becomes an empty dictionary, every XMP metadata stream (/Type /Metadata) an empty stream,
 * each padded with spaces to its old length, so the xref offsets still hold. An /Info
 * dictionary inside a compressed object stream (PDF 1.5+; a metadata stream never is, streams
 * cannot be) is blanked in the inflated stream and deflated again; the new data is shorter
 * (spaces compress well) and is padded to the old /Length with zero bytes after the zlib end,
 * which readers ignore. When that cannot be done (another filter, an indirect /Length, data
 * that would grow) the trailer's reference to it is blanked instead, so no reader finds it.
 * Undefined when no object is found.
 */
export function stripPdf(input: Uint8Array): Buffer | undefined {
  let text = Buffer.from(input).toString('latin1');
  if (!/\bobj\b/.test(text)) return undefined;
  const info = new Set<string>();
  for (const m of text.matchAll(/\/Info\s+(\d+)\s+(\d+)\s+R\b/g)) info.add(`${m[1]} ${m[2]}`);
  const blank = (start: number, end: number, replacement: string): void => {
    const length = end - start;
    if (replacement.length > length) return;
    text = text.slice(0, start) + replacement + ' '.repeat(length - replacement.length) + text.slice(end);
  };
  const cleared = new Set<string>();
  for (const m of [...text.matchAll(/(?:^|[\r\n\s])(\d+)\s+(\d+)\s+obj\b/g)]) {
    const bodyStart = m.index + m[0].length;
    const end = text.indexOf('endobj', bodyStart);
    if (end < 0) continue;
    const body = text.slice(bodyStart, end);
    const head = body.split(/\bstream\b/)[0] ?? '';
    if (info.has(`${m[1]} ${m[2]}`)) {
      blank(bodyStart, end, '\n<<>>\n');
      cleared.add(`${m[1]} ${m[2]}`);
    } else if (/\/Type\s*\/Metadata\b/.test(head) && /\bstream\b/.test(body))
      blank(bodyStart, end, '\n<</Length 0>>\nstream\n\nendstream\n');
    else if (/\/Type\s*\/ObjStm\b/.test(head) && info.size > cleared.size) {
      const data = objectStreamData(text, bodyStart, head);
      if (!data) continue;
      const blanked = blankInObjectStream(data.inflated, data.first, info);
      if (!blanked) continue;
      const deflated = deflateSync(Buffer.from(blanked.text, 'latin1'), { level: 9 });
      if (deflated.length > data.length) continue;
      const padded = Buffer.concat([deflated, Buffer.alloc(data.length - deflated.length)]).toString('latin1');
      text = text.slice(0, data.start) + padded + text.slice(data.start + data.length);
      for (const ref of blanked.objects) cleared.add(ref);
    }
  }
  // A compressed /Info that could not be blanked: no trailer points at it any more.
  for (const m of [...text.matchAll(/\/Info\s+(\d+)\s+(\d+)\s+R\b/g)])
    if (!cleared.has(`${m[1]} ${m[2]}`)) blank(m.index, m.index + m[0].length, '');
  return Buffer.from(text, 'latin1');
}

/** The raw data of an object stream that only FlateDecode filters and has a direct /Length. */
function objectStreamData(
  text: string,
  bodyStart: number,
  head: string,
): { start: number; length: number; first: number; inflated: string } | undefined {
  const first = Number(/\/First\s+(\d+)/.exec(head)?.[1]);
  const filter = /\/Filter\s*(\[[^\]]*\]|\/\w+)/.exec(head)?.[1]?.replace(/[[\]\s]/g, '');
  const length = Number(/\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(head)?.[1]);
  if (filter !== '/FlateDecode' || !Number.isSafeInteger(length) || !Number.isSafeInteger(first)) return undefined;
  const keyword = /stream(\r\n|\n)/.exec(text.slice(bodyStart + head.length, bodyStart + head.length + 8));
  if (!keyword) return undefined;
  const start = bodyStart + head.length + keyword[0].length;
  try {
    return { start, length, first, inflated: inflateSync(Buffer.from(text.slice(start, start + length), 'latin1')).toString('latin1') };
  } catch {
    return undefined;
  }
}

/** The object stream with each of `refs` (generation 0: compressed objects have no other) turned into `<<>>` padded with spaces. */
function blankInObjectStream(inflated: string, base: number, refs: Set<string>): { text: string; objects: string[] } | undefined {
  const numbers = inflated.slice(0, base).trim().split(/\s+/).map(Number);
  const entries: { object: number; offset: number }[] = [];
  for (let i = 0; i + 1 < numbers.length; i += 2) entries.push({ object: numbers[i] ?? NaN, offset: numbers[i + 1] ?? NaN });
  let text = inflated;
  const objects: string[] = [];
  for (const [i, e] of entries.entries()) {
    if (!refs.has(`${e.object} 0`)) continue;
    const start = base + e.offset;
    const next = entries[i + 1];
    const end = next ? base + next.offset : text.length;
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < base || end > text.length || end - start < 4) continue;
    text = text.slice(0, start) + '<<>>' + ' '.repeat(end - start - 4) + text.slice(end);
    objects.push(`${e.object} 0`);
  }
  return objects.length ? { text, objects } : undefined;
}

export async function readAttachment(
  c: Context<AppEnv>,
  limit: number,
): Promise<{ mediaType: AttachmentType; name: string; bytes: Buffer }> {
  const raw = await readRaw(c, limit);
  if (!raw.length) throw new ProblemError('validation_failed', 'The attachment is empty.', [{ pointer: '/', code: 'minLength' }]);
  const mediaType = sniff(raw);
  if (!mediaType) throw new ProblemError('unsupported_attachment', 'Attach a JPEG or PNG image or a PDF document.');
  const stripped = mediaType === 'image/jpeg' ? stripJpeg(raw) : mediaType === 'image/png' ? stripPng(raw) : stripPdf(raw);
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
