/**
 * An authority's own web site for the embedding test: another origin than the Luukku server
 * (a node:http server on its own port), a strict Content-Security-Policy, hostile global CSS,
 * the autoloader included twice and every widget in the page's language.
 */
import { createServer, type Server } from 'node:http';

/**
 * What the host's policy allows: itself and the Luukku server, nothing inline, no eval.
 * `map`: what the embedding guide says a page with the venue map adds (docs/embedding.md):
 * MapLibre's worker from a `blob:` URL, and the venues' photos from the Luukku server.
 */
export function hostCsp(luukku: string, { map = false } = {}): string {
  return [
    "default-src 'none'",
    `script-src 'self' ${luukku}`,
    `connect-src 'self' ${luukku}`,
    ...(map ? ['worker-src blob:'] : []),
    // Lit adopts constructable stylesheets (adoptedStyleSheets), which CSP does not govern:
    // the widgets need nothing in style-src, so the host names only its own stylesheets.
    "style-src 'self'",
    map ? `img-src 'self' ${luukku}` : "img-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Global rules of the kind real sites ship: resets, display:none on buttons, !important colours, huge fonts. */
export const HOSTILE_CSS = `
* { all: unset; }
*, *::before, *::after { box-sizing: content-box !important; }
html { font-size: 40px !important; }
body { display: block; font: 900 1.5rem/0.8 "Comic Sans MS", cursive !important; color: #ff00ff !important; background: #00ff00 !important; }
button, input, textarea, select, label, fieldset, legend { display: none !important; }
h1, h2, h3, h4, p, li, a, span, div, section, form { color: #ff00ff !important; font-size: 64px !important; text-transform: uppercase !important; }
section, div, form { display: inline !important; padding: 5em !important; border: 9px dashed red !important; }
*:focus { outline: none !important; }
:host, :host(*), ::slotted(*) { display: none !important; color: #ff00ff !important; }
[part], [part~="heading"], [part~="submit"] { display: none !important; }
*::before { content: "HOST " !important; }
[hidden] { display: block !important; }
`;

export interface HostSite {
  origin: string;
  stop: () => Promise<void>;
}

/**
 * Serves the host page at `/` (and `/?…`), a city's event page with the newer widgets at
 * `/evenemang` (venue map, project timeline, chat, and the feedback results as on an intranet), its stylesheet at `/site.css`; `luukku()` gives the
 * Luukku server's origin at request time (it starts after the host's port is known).
 * `snippets` are pasted into the page as a web editor would paste them (each brings its own
 * script tag); without them the page has its own hand-written elements.
 */
export async function startHostSite(port: number, luukku: () => string, snippets: () => readonly string[] = () => []): Promise<HostSite> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://host').pathname;
    const base = luukku();
    const pasted = snippets();
    if (path === '/') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': hostCsp(base),
        'cache-control': 'no-store',
      });
      res.end(`<!doctype html>
<html lang="sv">
<head>
  <meta charset="utf-8">
  <title>Räddningsverket i Exempeldalen</title>
  <link rel="stylesheet" href="/site.css">
  <script type="module" src="${base}/luukku/autoload.js"></script>
</head>
<body>
  <h1>Brandsyn</h1>
  <p>Berätta hur brandsynen gick.</p>
  ${
    pasted.length
      ? pasted.join('\n  <h2>Ordna ett evenemang</h2>\n  ')
      : `<luukku-feedback api="${base}/" organisation="demo-pelastuslaitos" service="fire-inspection"></luukku-feedback>
  <h2>Ordna ett evenemang</h2>
  <luukku-permit-explorer api="${base}/" organisation="demo-kaupunki" mode="events"></luukku-permit-explorer>`
  }
  <!-- A second copy of the snippet, as a CMS block or a template often adds: the same tag, and one with a
       cache-busting query (a second module instance of the autoloader). -->
  <script type="module" src="${base}/luukku/autoload.js"></script>
  <script type="module" src="${base}/luukku/autoload.js?v=2"></script>
</body>
</html>
`);
    } else if (path === '/evenemang') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': hostCsp(base, { map: true }),
        'cache-control': 'no-store',
      });
      res.end(`<!doctype html>
<html lang="sv">
<head>
  <meta charset="utf-8">
  <title>Evenemang i Exempelstad</title>
  <link rel="stylesheet" href="/site.css">
  <script type="module" src="${base}/luukku/autoload.js"></script>
</head>
<body>
  <h1>Ordna ett evenemang</h1>
  <luukku-venue-map api="${base}/" organisation="demo-kaupunki" heading-level="2"></luukku-venue-map>
  <luukku-project-timeline api="${base}/" organisation="demo-kaupunki" create heading-level="2"></luukku-project-timeline>
  <luukku-chat api="${base}/" organisation="demo-kaupunki" topic="events"></luukku-chat>
  <h2>Intranät</h2>
  <luukku-feedback-insights api="${base}/" organisation="demo-pelastuslaitos" heading-level="3"></luukku-feedback-insights>
  <luukku-chat-console api="${base}/" organisation="demo-kaupunki" heading-level="3"></luukku-chat-console>
</body>
</html>
`);
    } else if (path === '/site.css') {
      res.writeHead(200, { 'content-type': 'text/css; charset=utf-8' });
      res.end(HOSTILE_CSS);
    } else if (path === '/favicon.ico') {
      res.writeHead(204).end();
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
