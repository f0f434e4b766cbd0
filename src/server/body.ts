/**
 * Reading a JSON request body safely: media type first (415), then size — the declared
 * Content-Length and the bytes actually received (413) — then UTF-8 and JSON (400).
 */
import { ProblemError } from './problem.js';

const JSON_MEDIA = /^application\/(?:[a-z0-9.+-]+\+)?json$/;
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function isJsonMediaType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const [type, ...params] = contentType.split(';');
  if (!JSON_MEDIA.test((type ?? '').trim().toLowerCase())) return false;
  for (const p of params) {
    const [k, v] = p.split('=');
    if (k?.trim().toLowerCase() === 'charset' && v?.trim().replace(/"/g, '').toLowerCase() !== 'utf-8') return false;
  }
  return true;
}

function tooLarge(limit: number): ProblemError {
  return new ProblemError('payload_too_large', `The body may be at most ${limit} bytes.`, undefined, 413, {
    connection: 'close',
  });
}

export async function readJsonBody(req: Request, limit: number): Promise<unknown> {
  if (!isJsonMediaType(req.headers.get('content-type') ?? undefined)) {
    throw new ProblemError('unsupported_media_type', 'Send the body as application/json (UTF-8).');
  }
  const declared = req.headers.get('content-length');
  if (declared !== null) {
    const n = Number(declared);
    if (!Number.isFinite(n) || n < 0) throw new ProblemError('malformed_json', 'Invalid Content-Length.');
    if (n > limit) throw tooLarge(limit);
  }
  const bytes = await readLimited(req, limit);
  if (bytes.byteLength === 0) throw new ProblemError('malformed_json', 'The body is empty.');
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new ProblemError('malformed_json', 'The body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProblemError('malformed_json', 'The body is not valid JSON.');
  }
}

async function readLimited(req: Request, limit: number): Promise<Uint8Array> {
  const stream = req.body;
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => {});
        throw tooLarge(limit);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof ProblemError) throw err;
    // The client went away or sent a broken stream: a client error, never a 5xx.
    throw new ProblemError('malformed_json', 'The body could not be read.');
  }
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Stable JSON: object keys sorted, so equal bodies hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return '[' + value.map(canonicalJson).join(',') + ']';
  const obj = value as Record<string, unknown>;
  return (
    '{' +
    Object.keys(obj)
      .sort()
      .filter((k) => obj[k] !== undefined)
      .map((k) => JSON.stringify(k) + ':' + canonicalJson(obj[k]))
      .join(',') +
    '}'
  );
}
