/**
 * Reading a JSON request body safely: media type first (415), then size — the declared
 * Content-Length and the bytes actually received (413) — then UTF-8 and JSON (400), then
 * text that PostgreSQL cannot store (NUL, lone surrogates: 400 naming the field), then the
 * contract's schema (400). Nothing reaches the database before all of these have passed.
 */
import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';
import type { FieldError, Validator } from './contract.js';
import type { AppEnv } from './env.js';
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

/**
 * `incoming`: the Node request behind `req` when there is one (the real server). Reading it
 * directly is several times faster than through the web ReadableStream adapter; under
 * `app.request()` there is none and the web stream is read.
 */
export async function readJsonBody(req: Request, limit: number, incoming?: IncomingMessage): Promise<unknown> {
  if (!isJsonMediaType(req.headers.get('content-type') ?? undefined)) {
    throw new ProblemError('unsupported_media_type', 'Send the body as application/json (UTF-8).');
  }
  const declared = req.headers.get('content-length');
  if (declared !== null) {
    const n = Number(declared);
    if (!Number.isFinite(n) || n < 0) throw new ProblemError('malformed_json', 'Invalid Content-Length.');
    if (n > limit) throw tooLarge(limit);
  }
  const bytes = incoming ? await readIncoming(incoming, limit) : await readLimited(req, limit);
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

function readIncoming(incoming: IncomingMessage, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const cleanup = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('aborted', onError);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        cleanup();
        // Discard the rest; the 413 response closes the connection.
        incoming.resume();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, total));
    };
    const onError = () => {
      cleanup();
      reject(new ProblemError('malformed_json', 'The body could not be read.'));
    };
    if (incoming.readableEnded) {
      resolve(new Uint8Array(0));
      return;
    }
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('aborted', onError);
  });
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

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);

const escapePointer = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Strings PostgreSQL cannot hold: a NUL character (text may not contain \u0000; jsonb refuses
 * it) or a lone surrogate (not Unicode: no UTF-8 encoding exists). One error per such string
 * or object key, with a JSON Pointer to it; at most 50.
 */
export function illFormedText(root: unknown): FieldError[] {
  const out: FieldError[] = [];
  // Iterative, so a body nested thousands deep cannot exhaust the stack.
  const stack: [unknown, string][] = [[root, '']];
  for (let item = stack.pop(); item && out.length < 50; item = stack.pop()) {
    const [value, pointer] = item;
    if (typeof value === 'string') {
      if (value.includes('\0')) out.push({ pointer: pointer || '/', code: 'nul_character', message: 'must not contain a NUL character' });
      else if (!wellFormed(value)) out.push({ pointer: pointer || '/', code: 'lone_surrogate', message: 'must be well-formed Unicode' });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${pointer}/${i}`]);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value).reverse()) {
        const at = `${pointer}/${escapePointer(k)}`;
        if (k.includes('\0') || !wellFormed(k)) {
          out.push({ pointer: at, code: 'ill_formed_key', message: 'a member name is not well-formed text' });
        }
        stack.push([v, at]);
      }
    }
  }
  return out;
}

/** Rejects text the database cannot store (400 naming each field). */
export function requireWellFormed(value: unknown, what: string): void {
  const errors = illFormedText(value);
  if (errors.length) throw new ProblemError('validation_failed', `The ${what} contains text that is not well-formed.`, errors);
}

/** The JSON body, checked for well-formed text and against `validator` (a schema of the contract). */
export async function readBody<T>(c: Context<AppEnv>, limit: number, validator: Validator<T>): Promise<T> {
  const env = c.env as AppEnv['Bindings'] | undefined; // undefined under app.request()
  const body = await readJsonBody(c.req.raw, limit, env?.incoming);
  requireWellFormed(body, 'body');
  const errors = validator(body);
  if (errors) throw new ProblemError('validation_failed', 'The body does not match the contract.', errors);
  return body as T;
}

/** Query parameters (plus `path`, the route's path parameters) against the operation's contract. */
export function readQuery<T>(c: Context<AppEnv>, validator: Validator<T>, path: Record<string, string> = {}): T {
  const query: Record<string, unknown> = { ...c.req.query(), ...path };
  requireWellFormed(query, 'query');
  const errors = validator(query);
  if (errors) throw new ProblemError('validation_failed', 'Invalid query parameters.', errors);
  return query as T;
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
