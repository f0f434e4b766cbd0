/**
 * The start-up bench's host pages: an authority's site on its own origin (a node:http server on
 * another port than the Luukku server, as in a real embedding), serving
 *   /empty.html         the same page without any widget and without the autoloader: the base
 *   /<tag>.html         the page with the one-script-tag snippet and one widget in its HTML
 * Both carry `<meta name="bench:ready">`, which the bench's in-page probe reads to know when
 * the first thing to answer is on screen (scripts/bench/startup.ts).
 */
import { createServer, type Server } from 'node:http';
import { freePort } from '../server-process.js';

export interface BenchWidget {
  tag: string;
  attributes: Record<string, string>;
  /** Selector in the widget's shadow root that matches once the first thing to answer is on screen. */
  ready: string;
}

export interface HostPages {
  origin: string;
  url: (page: 'empty' | BenchWidget) => string;
  stop: () => Promise<void>;
}

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function page(luukku: string, widget: BenchWidget | undefined): string {
  const attributes = Object.entries(widget?.attributes ?? {})
    .map(([k, v]) => ` ${k}="${escape(v)}"`)
    .join('');
  return `<!doctype html>
<html lang="fi">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Palotarkastus – Esimerkkilaakson pelastuslaitos</title>
  <meta name="bench:ready" content="${widget ? `${widget.tag} ${escape(widget.ready)}` : ''}">
${widget ? `  <script type="module" src="${luukku}/luukku/autoload.js"></script>\n` : ''}</head>
<body>
  <main>
    <h1>Palotarkastus</h1>
    <p>Kerro, miten palotarkastus sujui.</p>
    ${widget ? `<${widget.tag} api="${luukku}/"${attributes}></${widget.tag}>` : ''}
  </main>
</body>
</html>
`;
}

/** `widgets` are the pages to serve; `luukku()` gives the Luukku server's origin at request time (it starts after the host's port is known). */
export async function startHostPages(luukku: () => string, widgets: readonly BenchWidget[]): Promise<HostPages> {
  const port = await freePort();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://host').pathname;
    const widget = widgets.find((w) => path === `/${w.tag}.html`);
    if (path === '/empty.html' || widget) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
      res.end(page(luukku(), widget));
    } else if (path === '/favicon.ico') {
      res.writeHead(204, { 'cache-control': 'max-age=86400' }).end();
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (p) => `${origin}/${p === 'empty' ? 'empty' : p.tag}.html`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
