/**
 * Start-up of a widget as a visitor meets it: from navigation to the first frame with the
 * widget's first question on screen, in headless Chromium at 4× CPU throttling, on an
 * authority's page on another origin than the Luukku server (scripts/bench/host-pages.ts).
 *
 * Each run measures, alternating, in this order:
 *   cold    a new browser context (empty HTTP cache): the empty page, then the widget page;
 *   repeat  a context that has visited the page once (HTTP cache warm): the empty page, then
 *           the widget page, each in a new tab of that context.
 * The empty page is the same HTML without the snippet and the widget, loaded and waited for
 * the same way: the base. Net main-thread time = widget page − empty page, median of the
 * per-run differences. Main-thread time is the renderer's CDP `TaskDuration` from navigation
 * until 100 ms after that first frame (so work the frame triggers is counted). Long tasks come
 * from a PerformanceObserver registered before the page's own scripts.
 *
 * The request chain is read from the CDP Network initiators: the HTML is depth 1, a request
 * made by a script or a module import is one deeper than the file that made it. On the repeat
 * visit the bench counts chunk requests that went to the network (hashed chunks are served
 * `immutable`, so there must be none) and reads the chunks' Cache-Control.
 */
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { chromiumPath, chromiumArgs } from '../chromium.js';
import { startServer } from '../server-process.js';
import { startHostPages, type BenchWidget } from './host-pages.js';

export type WidgetUnderTest = BenchWidget;

export const feedbackWidget: WidgetUnderTest = {
  tag: 'luukku-feedback',
  attributes: { organisation: 'demo-pelastuslaitos', service: 'fire-inspection' },
  ready: 'input[type="radio"]',
};

export const permitExplorerWidget: WidgetUnderTest = {
  tag: 'luukku-permit-explorer',
  attributes: { organisation: 'demo-kaupunki', mode: 'events' },
  ready: '[part~="step-heading"]',
};

export interface PhaseFigures {
  /** Widget page: median main-thread task time, navigation → first frame with the widget (+100 ms). */
  widgetMainThreadMsMedian: number;
  /** Empty page, the same way. */
  emptyMainThreadMsMedian: number;
  /** Median of the per-run differences widget − empty: what the widget costs the page. */
  netMainThreadMsMedian: number;
  netMainThreadMsMax: number;
  /**
   * The same difference in main-thread CPU time (CDP `ThreadTime`, under the same throttling),
   * median: unlike task time it leaves out time spent waiting for a core, so it is the steadier
   * figure when other work shares the machine.
   */
  netCpuMsMedian: number;
  /** Longest task on the widget page: median over the runs, and the longest of all. */
  longestTaskMsMedian: number;
  longestTaskMsMax: number;
  /** Navigation start → the animation frame in which the first question is in the DOM. */
  visibleMsMedian: number;
  /** The same for the empty page (its first frame after `load`). */
  emptyVisibleMsMedian: number;
  /** Requests the widget page made until then (HTML included), median. */
  requests: number;
}

export interface StartupFigures {
  runs: number;
  cpuThrottling: number;
  cold: PhaseFigures;
  repeat: PhaseFigures;
  /** Deepest request chain of the first view (HTML = 1), and that chain's URLs (path only). */
  chainDepth: number;
  chain: string[];
  /** Depth of the widget's first API request (e.g. GET /v1/feedback/form). */
  apiDepth: number;
  /** Repeat visits: chunk requests (/luukku/chunks/*) answered from the HTTP cache / from the network, summed over the runs. */
  repeatChunksFromCache: number;
  repeatChunksFromNetwork: number;
  /** Cache-Control of the hashed chunks as served (the distinct values seen). */
  chunkCacheControl: string[];
}

/** In every document before its own scripts: long tasks, and the frame the `bench:ready` target appears in. */
const probe = `(() => {
  const bench = (window.__bench = { longTasks: [], ready: undefined });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) bench.longTasks.push(e.duration); })
    .observe({ type: 'longtask', buffered: true });
  const check = (now) => {
    const spec = document.querySelector('meta[name="bench:ready"]');
    if (spec) {
      const [tag, ...selector] = spec.content.split(' ');
      const ok = tag ? document.querySelector(tag)?.shadowRoot?.querySelector(selector.join(' ')) : document.readyState === 'complete';
      if (ok) { bench.ready = now; window.__benchReady(); return; }
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})()`;

interface Visit {
  mainThreadMs: number;
  cpuMs: number;
  longestTaskMs: number;
  visibleMs: number;
  requests: Request[];
}

interface Request {
  id: string;
  url: string;
  initiator: string | undefined;
  fromCache: boolean;
  cacheControl: string | undefined;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
const round = (x: number): number => Number(x.toFixed(1));

/** The renderer main thread's task time (wall clock, throttled) and its CPU time (what it really ran), in ms. */
async function mainThreadMs(cdp: CDPSession): Promise<{ task: number; cpu: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string): number => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return { task: metric('TaskDuration'), cpu: metric('ThreadTime') };
}

interface Initiator {
  type: string;
  url?: string;
  stack?: { callFrames: { url: string }[]; parent?: Initiator['stack'] };
}

/** The file that made a request: the parser's document, or the innermost script on the stack. */
function initiatorUrl(initiator: Initiator): string | undefined {
  if (initiator.url) return initiator.url;
  for (let stack = initiator.stack; stack; stack = stack.parent) {
    const frame = stack.callFrames.find((f) => f.url);
    if (frame) return frame.url;
  }
  return undefined;
}

/** Resolves the visit waiting for the page whose probe called `__benchReady`. */
const readyWaiters = new WeakMap<Page, () => void>();

async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext();
  await context.exposeBinding('__benchReady', ({ page }: { page: Page }) => readyWaiters.get(page)?.());
  await context.addInitScript(probe);
  return context;
}

/** One visit in a new tab of `context`; resolves when the page has been measured and closed. */
async function visit(context: BrowserContext, url: string, throttle: number): Promise<Visit> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await cdp.send('Performance.enable');
  await cdp.send('Network.enable');
  const requests = new Map<string, Request>();
  cdp.on('Network.requestWillBeSent', (e) => {
    requests.set(e.requestId, {
      id: e.requestId,
      url: e.request.url,
      initiator: initiatorUrl(e.initiator),
      fromCache: false,
      cacheControl: undefined,
    });
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    const r = requests.get(e.requestId);
    if (r) r.fromCache = true;
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = requests.get(e.requestId);
    if (!r) return;
    if (e.response.fromDiskCache || e.response.fromPrefetchCache || e.response.fromServiceWorker) r.fromCache = true;
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    r.cacheControl = headers['cache-control'];
  });
  const ready = new Promise<void>((resolve, reject) => {
    readyWaiters.set(page, resolve);
    page.on('pageerror', (error) => reject(new Error(`${url}: ${error.message}`)));
    setTimeout(() => reject(new Error(`${url}: nothing on screen after 60 s`)), 60_000).unref();
  });
  const before = await mainThreadMs(cdp);
  await page.goto(url, { waitUntil: 'commit' });
  await ready;
  await page.waitForTimeout(100);
  const after = await mainThreadMs(cdp);
  const probeResult = await page.evaluate<{ ready: number; longTasks: number[] }>('window.__bench');
  await page.close();
  return {
    mainThreadMs: after.task >= before.task ? after.task - before.task : after.task,
    cpuMs: after.cpu >= before.cpu ? after.cpu - before.cpu : after.cpu,
    longestTaskMs: Math.max(0, ...probeResult.longTasks),
    visibleMs: probeResult.ready,
    requests: [...requests.values()],
  };
}

/** Depth of every request (HTML = 1) from the initiators; the deepest chain. */
function chains(requests: Request[]): { depth: Map<string, number>; deepest: string[] } {
  const byUrl = new Map<string, Request>();
  for (const r of requests) if (!byUrl.has(r.url)) byUrl.set(r.url, r);
  const depth = new Map<string, number>();
  const depthOf = (url: string, seen = new Set<string>()): number => {
    const known = depth.get(url);
    if (known !== undefined) return known;
    const r = byUrl.get(url);
    const parent = r?.initiator;
    const d = !parent || parent === url || seen.has(url) || !byUrl.has(parent) ? 1 : 1 + depthOf(parent, seen.add(url));
    depth.set(url, d);
    return d;
  };
  let deepest: string[] = [];
  for (const url of byUrl.keys()) {
    depthOf(url);
    const chain: string[] = [];
    for (let u: string | undefined = url; u && byUrl.has(u) && !chain.includes(u); u = byUrl.get(u)?.initiator) chain.unshift(u);
    if (chain.length > deepest.length) deepest = chain;
  }
  return { depth, deepest };
}

function phase(widget: Visit[], empty: Visit[]): PhaseFigures {
  const net = widget.map((w, i) => w.mainThreadMs - (empty[i]?.mainThreadMs ?? 0));
  return {
    widgetMainThreadMsMedian: round(median(widget.map((v) => v.mainThreadMs))),
    emptyMainThreadMsMedian: round(median(empty.map((v) => v.mainThreadMs))),
    netMainThreadMsMedian: round(median(net)),
    netMainThreadMsMax: round(Math.max(...net)),
    netCpuMsMedian: round(median(widget.map((w, i) => w.cpuMs - (empty[i]?.cpuMs ?? 0)))),
    longestTaskMsMedian: round(median(widget.map((v) => v.longestTaskMs))),
    longestTaskMsMax: round(Math.max(...widget.map((v) => v.longestTaskMs))),
    visibleMsMedian: round(median(widget.map((v) => v.visibleMs))),
    emptyVisibleMsMedian: round(median(empty.map((v) => v.visibleMs))),
    requests: median(widget.map((v) => v.requests.length)),
  };
}

/**
 * Starts the host pages and a reference server (PGlite, the built dist/) that lets the host's
 * origin use the demo organisations, measures, and stops both. `serverEnv` goes to the server
 * (e.g. `LUUKKU_DIST_DIR` to measure another build the same way).
 */
export async function measureStartup(
  widget: WidgetUnderTest,
  runs = 9,
  throttle = 4,
  serverEnv: Record<string, string> = {},
): Promise<StartupFigures> {
  let luukku = '';
  const host = await startHostPages(() => luukku, [widget]);
  const server = await startServer({ ...serverEnv, LUUKKU_DEMO_ALLOWED_ORIGINS: host.origin }).catch(async (error: unknown) => {
    await host.stop();
    throw error;
  });
  luukku = server.url;
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  const cold = { widget: [] as Visit[], empty: [] as Visit[] };
  const repeat = { widget: [] as Visit[], empty: [] as Visit[] };
  const closeAll = async (...contexts: BrowserContext[]): Promise<void> => {
    for (const c of contexts) await c.close();
  };
  try {
    for (let i = 0; i < runs; i++) {
      for (const [page, into] of [
        ['empty', cold.empty],
        [widget, cold.widget],
      ] as const) {
        const context = await newContext(browser);
        into.push(await visit(context, host.url(page), throttle));
        // The same context once more: the repeat visit, after one visit has warmed its cache.
        const again = await visit(context, host.url(page), throttle);
        (page === 'empty' ? repeat.empty : repeat.widget).push(again);
        await closeAll(context);
      }
    }
  } finally {
    await browser.close();
    await host.stop();
    await server.stop();
  }
  const first = cold.widget.map((v) => chains(v.requests));
  const apiDepths = cold.widget.flatMap((v, i) =>
    v.requests.filter((r) => new URL(r.url).pathname.startsWith('/v1/')).map((r) => first[i]?.depth.get(r.url) ?? 0),
  );
  const deepest = first.reduce<string[]>((a, c) => (c.deepest.length > a.length ? c.deepest : a), []);
  const chunk = (r: Request): boolean => new URL(r.url).pathname.startsWith('/luukku/chunks/');
  const repeatChunks = repeat.widget.flatMap((v) => v.requests.filter(chunk));
  return {
    runs,
    cpuThrottling: throttle,
    cold: phase(cold.widget, cold.empty),
    repeat: phase(repeat.widget, repeat.empty),
    chainDepth: deepest.length,
    chain: deepest.map((u) => {
      const url = new URL(u);
      return `${url.pathname}${url.search}`;
    }),
    apiDepth: apiDepths.length ? Math.min(...apiDepths) : 0,
    repeatChunksFromCache: repeatChunks.filter((r) => r.fromCache).length,
    repeatChunksFromNetwork: repeatChunks.filter((r) => !r.fromCache).length,
    chunkCacheControl: [...new Set(cold.widget.flatMap((v) => v.requests.filter(chunk).map((r) => r.cacheControl ?? '(none)')))],
  };
}
