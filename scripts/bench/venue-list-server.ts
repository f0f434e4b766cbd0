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
