/**
 * Static files: the built bundles (dist/) under /luukku/ and the demo pages (src/demo/) at /.
 * Paths are decoded once, rejected if they contain `..`, backslashes, NUL or hidden segments,
 * and the resolved file must stay inside its root (symlinks resolved too).
 */
import { realpath, readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

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

export async function serveFile(root: string, relative: string, headOnly: boolean): Promise<StaticResult> {
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
  const headers: Record<string, string> = {
    'content-type': type,
    'content-length': String(info.size),
    'last-modified': info.mtime.toUTCString(),
    'x-content-type-options': 'nosniff',
    'cache-control': HASHED.test(real) ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  if (ext === '.html') Object.assign(headers, HTML_SECURITY_HEADERS);
  const body = headOnly ? null : await readFile(real);
  return { kind: 'file', response: new Response(body, { status: 200, headers }) };
}
