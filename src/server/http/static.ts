/**
 * Static files: the built bundles (dist/) under /luukku/ and the demo pages (src/demo/) at /.
 * Paths are decoded once, rejected if they contain `..`, backslashes, NUL or hidden segments,
 * and the resolved file must stay inside its root (symlinks resolved too).
 *
 * Caching: content-hashed files are immutable for a year; everything else (the autoloader,
 * the unhashed define and entry modules, the demo pages) carries an ETag and Last-Modified,
 * so a browser revalidates it cheaply (304) once `maxAge` has passed.
 */
import { existsSync } from 'node:fs';
import { realpath, readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { Context } from 'hono';
import type { AppEnv } from './env.js';
import { ProblemError } from './problem.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Vite's chunk names carry an 8-character content hash (`name-AbC123xy.js`): safe to cache
 * for a year. A hash has a digit or capital letter, so plain words (`-explorer.js`) do not count.
 */
const HASHED = /[-.](?=[A-Za-z0-9_-]{0,7}[A-Z0-9_])[A-Za-z0-9_-]{8}\.(?:js|mjs|css)(?:\.map)?$/;
export const isHashedAsset = (name: string): boolean => HASHED.test(name);

export const HTML_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    // Lit and MapLibre set inline styles; widget CSS lives in shadow roots.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:",
    "connect-src 'self' https:",
    "worker-src 'self' blob:",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'SAMEORIGIN',
};

/**
 * On every answer under /luukku/: any origin may load the bundles as module scripts (no
 * credentials, so `*` is safe), and cross-origin embedding is allowed explicitly.
 */
export const BUNDLE_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'cross-origin-resource-policy': 'cross-origin',
};

export type StaticResult = { kind: 'file'; response: Response } | { kind: 'missing' } | { kind: 'bad' };

/** Maps a URL path below a mount point to a safe relative file path, or null when it is not acceptable. */
export function safeRelativePath(urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const parts = decoded.split('/').filter((p) => p !== '');
  for (const p of parts) if (p === '..' || p === '.' || p.startsWith('.')) return null;
  return parts.join('/');
}

export interface ServeOptions {
  /** Seconds an unhashed file may be used without revalidation (0 → `no-cache`). */
  maxAge: number;
  /** Extra headers on every answer (e.g. CORS for the bundles). */
  headers?: Record<string, string>;
  /** The request's If-None-Match / If-Modified-Since, for 304 answers. */
  ifNoneMatch?: string | undefined;
  ifModifiedSince?: string | undefined;
  headOnly?: boolean;
}

/** A weak validator from size and modification time: cheap, and changes whenever the file does. */
const etagOf = (size: number, mtimeMs: number): string => `W/"${size.toString(36)}-${Math.floor(mtimeMs).toString(36)}"`;

function notModified(o: ServeOptions, etag: string, mtime: Date): boolean {
  if (o.ifNoneMatch !== undefined) {
    return o.ifNoneMatch.split(',').some((t) => {
      const tag = t.trim();
      return tag === '*' || tag.replace(/^W\//, '') === etag.replace(/^W\//, '');
    });
  }
  if (o.ifModifiedSince !== undefined) {
    const since = Date.parse(o.ifModifiedSince);
    return !Number.isNaN(since) && Math.floor(mtime.getTime() / 1000) <= Math.floor(since / 1000);
  }
  return false;
}

export async function serveFile(root: string, relative: string, o: ServeOptions): Promise<StaticResult> {
  const base = resolve(root);
  const full = resolve(base, relative);
  if (full !== base && !full.startsWith(base + sep)) return { kind: 'bad' };
  let real: string;
  let realBase: string;
  try {
    [real, realBase] = await Promise.all([realpath(full), realpath(base)]);
  } catch {
    return { kind: 'missing' };
  }
  if (!real.startsWith(realBase + sep)) return { kind: 'bad' };
  const info = await stat(real).catch(() => null);
  if (!info || !info.isFile()) return { kind: 'missing' };
  const ext = extname(real).toLowerCase();
  const type = TYPES[ext] ?? 'application/octet-stream';
  const etag = etagOf(info.size, info.mtimeMs);
  const headers: Record<string, string> = {
    'content-type': type,
    'last-modified': info.mtime.toUTCString(),
    etag,
    'x-content-type-options': 'nosniff',
    'cache-control': HASHED.test(real) ? 'public, max-age=31536000, immutable' : o.maxAge > 0 ? `public, max-age=${o.maxAge}` : 'no-cache',
    ...o.headers,
  };
  if (ext === '.html') Object.assign(headers, HTML_SECURITY_HEADERS);
  if (notModified(o, etag, info.mtime)) return { kind: 'file', response: new Response(null, { status: 304, headers }) };
  headers['content-length'] = String(info.size);
  const body = o.headOnly ? null : await readFile(real);
  return { kind: 'file', response: new Response(body, { status: 200, headers }) };
}

/** Seconds the autoloader and the unhashed define/entry modules are used before revalidation. */
export const BUNDLE_MAX_AGE = 300;

async function answer(c: Context<AppEnv>, root: string, rel: string, maxAge: number, headers: Record<string, string>) {
  return serveFile(root, rel, {
    maxAge,
    headers,
    ifNoneMatch: c.req.header('if-none-match'),
    ifModifiedSince: c.req.header('if-modified-since'),
    headOnly: c.req.method === 'HEAD',
  });
}

/** GET, HEAD and OPTIONS under /luukku/: the built bundles in `distDir`, loadable from any site. */
export function bundles(distDir: string) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    if (c.req.method === 'OPTIONS') {
      return c.body(null, 204, {
        ...BUNDLE_HEADERS,
        'access-control-allow-methods': 'GET, HEAD',
        'access-control-max-age': '86400',
        allow: 'GET, HEAD, OPTIONS',
      });
    }
    const notFound = (detail?: string) => new ProblemError('not_found', detail, undefined, 404, BUNDLE_HEADERS);
    const rel = safeRelativePath(c.req.path.slice('/luukku'.length));
    if (rel === null || rel === '') throw notFound();
    const result = await answer(c, distDir, rel, BUNDLE_MAX_AGE, { ...BUNDLE_HEADERS });
    if (result.kind === 'file') return result.response;
    if (!existsSync(distDir)) throw notFound('The browser bundles are not built: run `npm run build`.');
    throw notFound();
  };
}

/** GET and HEAD of the demo pages in `demoDir` (a folder answers with its index.html). */
export function demoPages(demoDir: string) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    const path = c.req.path;
    let rel = safeRelativePath(path);
    if (rel === null) throw new ProblemError('not_found');
    if (rel === '' || path.endsWith('/')) rel = rel === '' ? 'index.html' : `${rel}/index.html`;
    const result = await answer(c, demoDir, rel, 0, {});
    if (result.kind === 'file') return result.response;
    throw new ProblemError('not_found');
  };
}
