/**
 * A front for the reference server in the venue map's benchmarks: `GET /v1/venues?…` answers a
 * given body (10,000 venues' summaries, which the demo database does not hold); every other
 * request is passed to the reference server as it is. One origin, so the page, its chunks and
 * the API are as they are in the demo.
 *
 * Why not Playwright's `page.route`: with a route set, every request of the page goes through the
 * driver, and the list's 3.8 MB reach the browser as one CDP message. The locale chunks and the
 * MapLibre chunk queued behind it arrived ≈ 250 ms late (Resource Timing, 2026-12-03) — a delay
 * of the harness that no user has.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../chromium.js';
import { startServer } from '../server-process.js';

export interface VenueListFront {
  url: string;
  close: () => Promise<void>;
}

export async function serveVenueList(body: string, upstream: string): Promise<VenueListFront> {
  const bytes = Buffer.from(body);
  const target = new URL(upstream);
  const server = createServer((req, res) => {
    if (req.method === 'GET' && /^\/v1\/venues\?/.test(req.url ?? '')) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length, 'cache-control': 'no-store' });
      res.end(bytes);
      return;
    }
    const forward = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on('error', () => {
      if (res.headersSent) res.destroy();
      else {
        res.writeHead(502);
        res.end();
      }
    });
    // A request the browser gives up is given up upstream too.
    res.on('close', () => forward.destroy());
    req.on('error', () => forward.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * In a page of the bench: makes `<luukku-venue-map>` for the demo city on the page's origin and
 * puts it in the body (`el`; its define module must be imported). Text, not a function: tsx's
 * helpers (__name) do not exist in the page.
 */
export const MOUNT_VENUE_MAP = `
  const el = document.createElement('luukku-venue-map');
  el.setAttribute('organisation', 'demo-kaupunki');
  el.setAttribute('api', location.origin);
  el.style.cssText = 'display:block;max-width:none';
  document.body.replaceChildren(el);`;

/**
 * In a page of the bench: `wait(ok, what)` polls `ok()` every 20 ms and throws, naming `what`, after
 * 60 s. The benches time performance marks, not the poll, so its interval does not enter a figure.
 */
export const WAIT_IN_PAGE = `
  const wait = async (ok, what) => {
    const end = performance.now() + 60000;
    while (!ok()) {
      if (performance.now() > end) throw new Error('timed out: ' + what);
      await new Promise((r) => setTimeout(r, 20));
    }
  };`;

export interface VenueBench {
  browser: Browser;
  /** A fresh 1,600 × 1,400 context (the map beside the list) on the demo's embed page. */
  open(): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * What the venue map's start-up benches share: the reference server (its environment passes
 * through: `LUUKKU_DIST_DIR=…` serves another build, for A/B runs), the list front answering `body`, and headless Chromium.
 */
export async function openVenueBench(body: string): Promise<VenueBench> {
  const server = await startServer({ LUUKKU_RATE_LIMIT_PER_MINUTE: '0' });
  // The list from a front of the reference server, not page.route (see above).
  const front = await serveVenueList(body, server.url);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  return {
    browser,
    async open() {
      const context = await browser.newContext({ viewport: { width: 1600, height: 1400 }, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(`${front.url}/embed.html`);
      return { context, page };
    },
    async close() {
      await browser.close();
      await front.close();
      await server.stop();
    },
  };
}
