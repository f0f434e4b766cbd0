/**
 * Where the venue map's start-up goes at 10,000 venues (a profiling aid beside the mount → idle
 * figure of scripts/bench/venue-map.ts, same page, viewport and `/v1/venues` from the list front): per run the
 * list's response (Resource Timing), the widget's `ready`, the MapLibre chunk's request and
 * arrival, the map's creation and first `idle` (performance marks), all from the element's
 * insertion; then, in the same page, the list fetched again by hand: until the headers, and
 * `response.json()` (reading and parsing the body) on its own. Medians of the runs.
 *
 *   npm run --silent build && node --import tsx scripts/bench/venue-map-startup.ts [--runs=5] [--full] [--cpu=FILE]
 *
 * The list is answered as the server answers it (summaries; `venueSummary`), by a front of the
 * reference server (venue-list-server.ts). `--full` is for
 * comparison only: every venue with all the card's facts, as the list was until 2026-12-03.
 */
import { writeFileSync } from 'node:fs';
import { MOUNT_VENUE_MAP, openVenueBench } from './venue-list-server.js';
import { venueSummary } from '../../src/widgets/venue-map/model.js';
import { manyVenues } from './venue-map.js';

const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice('--runs='.length) ?? 5);
const full = process.argv.includes('--full');
/** --cpu=FILE: the last run's main-thread CPU profile (CDP Profiler, 100 µs sampling), for DevTools. */
const cpu = process.argv.find((a) => a.startsWith('--cpu='))?.slice('--cpu='.length);
const venues = full ? manyVenues(10_000) : manyVenues(10_000).map(venueSummary);
const body = JSON.stringify({ organisation: 'demo-kaupunki', today: '2027-05-03', venues });

type Phases = Record<string, number>;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;

const bench = await openVenueBench(body);
const all: Phases[] = [];
try {
  for (let run = 0; run < runs; run++) {
    const { context, page } = await bench.open();
    const cdp = cpu && run === runs - 1 ? await context.newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    // A string, not a function: tsx's helpers (__name) do not exist in the page.
    const phases = await page.evaluate<Phases>(`(async () => {
      await import('/luukku/widgets/venue-map/define.js');
      const t0 = performance.now();
      ${MOUNT_VENUE_MAP}
      const end = t0 + 60000;
      let ready = 0;
      while (!performance.getEntriesByName('luukku-venue-map:idle').length) {
        if (performance.now() > end) throw new Error('timed out');
        if (!ready && el.state === 'ready' && el.shadowRoot.querySelector('#map')) {
          ready = performance.now() - t0;
          el.shadowRoot.querySelector('#map').scrollIntoView();
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      const at = (name) => performance.getEntriesByName(name)[0].startTime - t0;
      const res = (re) => performance.getEntriesByType('resource').find((r) => r.startTime >= t0 && re.test(r.name));
      const list = res(/\\/v1\\/venues\\?/);
      const chunk = res(/map-view/);
      const a = performance.now();
      const again = await fetch('/v1/venues?organisation=demo-kaupunki');
      const b = performance.now();
      await again.json();
      const c = performance.now();
      return {
        listRequested: list.startTime - t0,
        listResponseEnd: list.responseEnd - t0,
        listMb: list.transferSize / 1e6,
        ready,
        chunkRequested: chunk.startTime - t0,
        chunkArrived: chunk.responseEnd - t0,
        create: at('luukku-venue-map:create'),
        idle: at('luukku-venue-map:idle'),
        refetchHeaders: b - a,
        refetchJson: c - b,
      };
    })()`);
    all.push(phases);
    if (cdp && cpu) writeFileSync(cpu, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    await context.close();
  }
} finally {
  await bench.close();
}
const m = Object.fromEntries(Object.keys(all[0] ?? {}).map((k) => [k, Math.round(median(all.map((p) => p[k] ?? 0)) * 10) / 10]));
const ms = (k: string) => `${m[k]} ms`;
console.log(
  `venue map start-up, 10,000 venues${full ? ' (--full: the old list with every card fact; for comparison)' : ''}, median of ${all.length} runs, from insertion:`,
);
console.log(`  list ${m.listMb} MB: requested ${ms('listRequested')}, response end ${ms('listResponseEnd')}`);
console.log(`  ready (parsed, sorted, table rendered) ${ms('ready')}`);
console.log(`  MapLibre chunk requested ${ms('chunkRequested')}, arrived ${ms('chunkArrived')}; map created ${ms('create')}`);
console.log(`  map idle ${ms('idle')} (creation → idle ${Math.round(((m.idle ?? 0) - (m.create ?? 0)) * 10) / 10} ms)`);
console.log(`  the list again by hand: headers after ${ms('refetchHeaders')}, response.json() ${ms('refetchJson')}`);
console.log(JSON.stringify(all.map((p) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Math.round(v)])))));
