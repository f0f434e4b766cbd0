/**
 * The venue map's figures (docs/benchmarks.md):
 *
 * - filtering 10,000 venues: the pure filter (Node) and the widget's whole update in headless
 *   Chromium (filter + sort + re-render of the table), median and p95;
 * - the map with 10,000 venues in headless Chromium (software GL, SwiftShader), medians of runs:
 *   below the fold, from scrolling it into view (the list shown) to the first `idle` with the
 *   venues' HTML markers placed and a frame drawn after them; in view at once, from the element's
 *   insertion (the list's fetch, parse and table too) and from MapLibre's map creation to that idle;
 * - mounting and removing the map 50 times: the JS heap after a forced GC (CDP) before and after,
 *   and the WebGL contexts still alive (every context the page made is counted);
 * - 100 concurrent reservation attempts on one slot, on PGlite and (when DATABASE_URL is set)
 *   PostgreSQL: holds, queued, errors, positions in arrival order, wall time.
 *
 *   node --import tsx scripts/bench/venue-map.ts [--quick] [--only=filter,map,mounts,concurrency]
 *   (npm run bench runs it too)
 */
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../chromium.js';
import { startServer } from '../server-process.js';
import { MOUNT_VENUE_MAP, openVenueBench, WAIT_IN_PAGE } from './venue-list-server.js';
import { createApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { openDb } from '../../src/server/db/index.js';
import { createLogger } from '../../src/server/logger.js';
import { filterVenues, venueSummary, EMPTY_FILTERS, type Venue, type VenueDetails } from '../../src/widgets/venue-map/model.js';
import venuesFile from '../../src/data/venues/venues.json' with { type: 'json' };

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.floor((s.length - 1) / 2)] ?? 0) * 100) / 100;
};
const p95 = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] ?? 0) * 100) / 100;
};

/** 10,000 venues spread over Finland (the demo venues' facts, varied), with all their facts. */
export function manyVenues(n: number): VenueDetails[] {
  const base = venuesFile.venues as unknown as VenueDetails[];
  return Array.from({ length: n }, (_, i) => {
    const b = base[i % base.length] as VenueDetails;
    return {
      ...b,
      organisation: 'demo-kaupunki',
      id: `${b.id}-${i}`,
      lon: 21 + ((i * 7919) % 9000) / 1000,
      lat: 60 + ((i * 104729) % 9000) / 1000,
      facts: { ...b.facts, name: { fi: `${b.facts.name.fi} ${i}` }, capacity: (i * 37) % 9000 },
      busy: i % 3 === 0 ? [{ startDate: '2027-06-10', endDate: '2027-06-12', status: 'held' as const }] : [],
    };
  });
}

export interface VenueMapFigures {
  filterNodeMsMedian: number;
  filterNodeMsP95: number;
  widgetFilterUpdateMsMedian: number;
  widgetFilterUpdateMsP95: number;
  mapToIdleMsMedian: number;
  mapToIdleMsMax: number;
  mapToIdleMsP95: number;
  /** Element inserted → the map's first `idle` (what a person waits for), median and p95. */
  mountToIdleMsMedian: number;
  mountToIdleMsP95: number;
  /** The map below the fold: scrolled into view (the list shown) → the map's first idle, median and p95. */
  scrollToIdleMsMedian: number;
  scrollToIdleMsP95: number;
  mapRuns: number;
  /** 50 mounts and removals of the map: JS heap after GC before / after, and WebGL contexts still alive. */
  mounts: { count: number; heapBeforeMb: number; heapAfterMb: number; liveContexts: number; contextsMade: number };
  concurrency: {
    database: string;
    attempts: number;
    holds: number;
    queued: number;
    errors: number;
    positionsInOrder: boolean;
    wallMs: number;
  }[];
}

function filterInNode(venues: Venue[], runs: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    filterVenues(venues, { ...EMPTY_FILTERS, minCapacity: 100 + i, facilities: ['electricity'], from: '2027-06-11', to: '2027-06-11' });
    out.push(performance.now() - t);
  }
  return out;
}

async function inChromium(
  venues: VenueDetails[],
  mapRuns: number,
  filterRuns: number,
): Promise<{ map: number[]; mount: number[]; scroll: number[]; filter: number[] }> {
  // What GET /v1/venues answers: the summaries (the cards' details come per venue when a card opens).
  const bench = await openVenueBench(
    JSON.stringify({ organisation: 'demo-kaupunki', today: '2027-05-03', venues: venues.map(venueSummary) }),
  );
  const map: number[] = [];
  const mount: number[] = [];
  const scroll: number[] = [];
  const filter: number[] = [];
  try {
    // The map below the fold, as the issue has it ("MapLibre loads only when the map scrolls into
    // view"): the list is shown and settled, then the person scrolls to the map. From that scroll to
    // the map's first idle: MapLibre's chunk fetched and run, the map made, the venues drawn.
    for (let run = 0; run < mapRuns; run++) {
      const { context, page } = await bench.open();
      scroll.push(
        await page.evaluate<number>(`(async () => {
          await import('/luukku/widgets/venue-map/define.js');
          const spacer = document.createElement('div');
          spacer.style.height = '3000px';
          ${MOUNT_VENUE_MAP}
          document.body.prepend(spacer);
          ${WAIT_IN_PAGE}
          await wait(() => el.state === 'ready' && el.shadowRoot.querySelector('#map'), 'ready');
          await new Promise((r) => setTimeout(r, 800));
          if (performance.getEntriesByName('luukku-venue-map:create').length) throw new Error('the map was made before it came into view');
          const t = performance.now();
          el.shadowRoot.querySelector('#map').scrollIntoView();
          await wait(() => performance.getEntriesByName('luukku-venue-map:idle').length > 0, 'map idle');
          return performance.getEntriesByName('luukku-venue-map:idle')[0].startTime - t;
        })()`),
      );
      await context.close();
    }
    for (let run = 0; run < mapRuns; run++) {
      const { context, page } = await bench.open();
      // A string, not a function: tsx's helpers (__name) do not exist in the page.
      const [ms, fromMount] = await page.evaluate<[number, number]>(`(async () => {
        await import('/luukku/widgets/venue-map/define.js');
        const mounted = performance.now();
        ${MOUNT_VENUE_MAP}
        ${WAIT_IN_PAGE}
        // Ready and drawn (the texts may come after the list; the map's box is drawn with them).
        await wait(() => el.state === 'ready' && el.shadowRoot.querySelector('#map'), 'ready');
        el.shadowRoot.querySelector('#map').scrollIntoView();
        await wait(() => performance.getEntriesByName('luukku-venue-map:idle').length > 0, 'map idle');
        const a = performance.getEntriesByName('luukku-venue-map:create')[0];
        const b = performance.getEntriesByName('luukku-venue-map:idle')[0];
        return [b.startTime - a.startTime, b.startTime - mounted];
      })()`);
      map.push(ms);
      // From inserting the element (define module loaded) to the map's first idle: the venues'
      // fetch, the table, MapLibre's chunk, the map and the venues' markers.
      mount.push(fromMount);
      if (run === 0) {
        const times = await page.evaluate<number[]>(`(async () => {
          const el = document.querySelector('luukku-venue-map');
          const input = el.shadowRoot.querySelector('#f-cap');
          const out = [];
          for (let i = 0; i < ${filterRuns}; i++) {
            input.value = String(2000 + ((i * 997) % 6000));
            const t = performance.now();
            input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
            await el.updateComplete;
            out.push(performance.now() - t);
            // Outside the measured span: the map's debounced re-grouping of markers runs between keystrokes, as it would.
            await new Promise((r) => setTimeout(r, 250));
          }
          return out;
        })()`);
        filter.push(...times);
      }
      await context.close();
    }
  } finally {
    await bench.close();
  }
  return { map, mount, scroll, filter };
}

/** Mounts and removes the map `count` times; JS heap (after a forced GC) and live WebGL contexts before and after. */
async function mountCycles(count: number): Promise<VenueMapFigures['mounts']> {
  const server = await startServer({ LUUKKU_RATE_LIMIT_PER_MINUTE: '0' });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, bypassCSP: true });
    const page = await context.newPage();
    // Every WebGL context the page makes, to count the ones still alive at the end. Weakly held:
    // the counter itself must not keep a context (and through its canvas a map) from being freed.
    await page.addInitScript(`(() => {
      const original = HTMLCanvasElement.prototype.getContext;
      const seen = new WeakSet();
      window.__gl = [];
      HTMLCanvasElement.prototype.getContext = function (...args) {
        const ctx = original.apply(this, args);
        if (ctx && /webgl/.test(String(args[0])) && !seen.has(ctx)) {
          seen.add(ctx);
          window.__gl.push({ ref: new WeakRef(ctx), map: this.classList.contains('maplibregl-canvas') });
        }
        return ctx;
      };
    })()`);
    await page.goto(`${server.url}/embed.html`);
    const cdp = await context.newCDPSession(page);
    const heap = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      return Math.round((usedSize / 1024 / 1024) * 100) / 100;
    };
    const cycle = (n: number) =>
      page.evaluate<undefined>(`(async () => {
        await import('/luukku/widgets/venue-map/define.js');
        for (let i = 0; i < ${n}; i++) {
          const el = document.createElement('luukku-venue-map');
          el.setAttribute('organisation', 'demo-kaupunki');
          el.setAttribute('api', location.origin);
          document.body.replaceChildren(el);
          const end = performance.now() + 30000;
          while (!(el.mapLoaded && el.shadowRoot.querySelector('.marker'))) {
            if (performance.now() > end) throw new Error('map ' + i + ' did not load');
            if (el.state === 'ready') el.shadowRoot.querySelector('#map')?.scrollIntoView();
            await new Promise((r) => setTimeout(r, 20));
          }
          el.remove();
        }
        document.body.replaceChildren();
      })()`);
    // Warm-up: modules, the worker pool, locale files, and V8's compiled code (heap snapshots,
    // scripts/bench/venue-map-heap.ts: ~0.8 MB of `code` is made in the first 10 mounts, ~45 kB in
    // the next 10, and no objects of the widget or MapLibre stay).
    await cycle(10);
    const madeBefore = await page.evaluate<number>(`window.__gl.filter((c) => c.map).length`);
    const heapBeforeMb = await heap();
    await cycle(count);
    const heapAfterMb = await heap();
    // Only the maps' own canvases count: other contexts (a library's feature probe, say) are not the
    // map's. Alive: not freed by the GC above and not lost (map.remove() loses its context).
    const [liveContexts, contextsMade, otherContexts] = await page.evaluate<[number, number, number]>(
      `(() => { const maps = window.__gl.filter((c) => c.map);
        const live = maps.filter((c) => { const ctx = c.ref.deref(); return ctx && !ctx.isContextLost(); });
        return [live.length, maps.length, window.__gl.length - maps.length]; })()`,
    );
    if (otherContexts) console.warn(`(${otherContexts} WebGL contexts on other canvases than the maps')`);
    await context.close();
    // Made during the measured mounts; alive: any, warm-up's included.
    return { count, heapBeforeMb, heapAfterMb, liveContexts, contextsMade: contextsMade - madeBefore };
  } finally {
    await browser.close();
    await server.stop();
  }
}

async function concurrency(kind: 'pglite' | 'postgres'): Promise<VenueMapFigures['concurrency'][number]> {
  const db = await openDb({ databaseUrl: kind === 'pglite' ? 'memory://' : process.env.DATABASE_URL, dataDir: '', pgPoolSize: 10 });
  try {
    const config = loadConfig(
      {},
      { databaseUrl: kind === 'pglite' ? 'memory://' : 'postgres://bench', logLevel: 'silent', rateLimitPerMinute: 0 },
    );
    const { app } = await createApp({
      db,
      config,
      logger: createLogger('error', () => {}),
      announce: () => {},
      venues: { now: () => new Date('2027-05-03T09:00:00Z'), cancelPage: 'http://localhost/' },
    });
    // A slot no earlier run has touched (the PostgreSQL database persists between runs).
    const day = `2029-${String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(Math.random() * 27)).padStart(2, '0')}`;
    const t = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const res = await app.request('/v1/venues/urheilukentta/reservations', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            startDate: day,
            endDate: day,
            name: `N${i}`,
            email: `n${i}@example.org`,
            eventName: 'Bench',
            attendance: 10,
          }),
        });
        return { status: res.status, body: (await res.json()) as { status?: string; position?: number } };
      }),
    );
    const wallMs = Math.round(performance.now() - t);
    const queued = answers.filter((a) => a.body.status === 'queued');
    const positions = queued.map((a) => a.body.position ?? 0).sort((a, b) => a - b);
    return {
      database: kind,
      attempts: 100,
      holds: answers.filter((a) => a.body.status === 'hold').length,
      queued: queued.length,
      errors: answers.filter((a) => a.status !== 201).length,
      positionsInOrder: positions.every((p, i) => p === i + 1),
      wallMs,
    };
  } finally {
    await db.close();
  }
}

export async function measureVenueMap({ quick = false, only = '' } = {}): Promise<VenueMapFigures> {
  const venues = manyVenues(10_000);
  const part = (name: string): boolean => !only || only.split(',').includes(name);
  const node = part('filter') ? filterInNode(venues, quick ? 20 : 100) : [];
  const browser =
    part('map') || part('filter')
      ? await inChromium(venues, quick ? 3 : 9, quick ? 5 : 15)
      : { map: [], mount: [], scroll: [], filter: [] };
  const mounts = part('mounts')
    ? await mountCycles(quick ? 10 : 50)
    : { count: 0, heapBeforeMb: 0, heapAfterMb: 0, liveContexts: 0, contextsMade: 0 };
  const conc = part('concurrency') ? [await concurrency('pglite')] : [];
  if (part('concurrency') && process.env.DATABASE_URL) conc.push(await concurrency('postgres'));
  return {
    filterNodeMsMedian: median(node),
    filterNodeMsP95: p95(node),
    widgetFilterUpdateMsMedian: median(browser.filter),
    widgetFilterUpdateMsP95: p95(browser.filter),
    mapToIdleMsMedian: median(browser.map),
    mapToIdleMsMax: Math.round(Math.max(...browser.map)),
    mapToIdleMsP95: p95(browser.map),
    mountToIdleMsMedian: median(browser.mount),
    mountToIdleMsP95: p95(browser.mount),
    scrollToIdleMsMedian: median(browser.scroll),
    scrollToIdleMsP95: p95(browser.scroll),
    mapRuns: browser.map.length,
    mounts,
    concurrency: conc,
  };
}

export function describeVenueMap(f: VenueMapFigures): string[] {
  return [
    `venue map, 10,000 venues: filter ${f.filterNodeMsMedian} ms median (p95 ${f.filterNodeMsP95}) in Node; widget filter + table update in Chromium ${f.widgetFilterUpdateMsMedian} ms median (p95 ${f.widgetFilterUpdateMsP95})`,
    `venue map, 10,000 venues, map below the fold: scrolled into view → map idle ${f.scrollToIdleMsMedian} ms median, p95 ${f.scrollToIdleMsP95} (MapLibre's chunk fetched and run, the map made, the venues drawn; bar ≤ 1,000 ms)`,
    `venue map, 10,000 venues, map in view at once: mount → map idle ${f.mountToIdleMsMedian} ms median, p95 ${f.mountToIdleMsP95} (MapLibre map creation → idle ${f.mapToIdleMsMedian} ms median, p95 ${f.mapToIdleMsP95}, max ${f.mapToIdleMsMax}; ${f.mapRuns} runs, headless Chromium, SwiftShader; bar ≤ 1,000 ms)`,
    `venue map, ${f.mounts.count} mounts and removals of the map: JS heap after GC ${f.mounts.heapBeforeMb} MB → ${f.mounts.heapAfterMb} MB, WebGL contexts alive at the end ${f.mounts.liveContexts} (of ${f.mounts.contextsMade} made)`,
    ...f.concurrency.map(
      (c) =>
        `venue reservations, ${c.attempts} concurrent attempts on one slot (${c.database}): ${c.holds} hold, ${c.queued} queued, ${c.errors} errors, positions 1..${c.queued} ${c.positionsInOrder ? 'in order' : 'NOT in order'}, ${c.wallMs} ms`,
    ),
  ];
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  // --only=filter,map,mounts,concurrency runs a part (for A/B runs while working on one bar).
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? '';
  const f = await measureVenueMap({ quick: process.argv.includes('--quick'), only });
  for (const line of describeVenueMap(f)) console.log(line);
  console.log(JSON.stringify(f));
}
