/**
 * Where the map's time to `idle` goes (a profiling aid beside scripts/bench/venue-map.ts): one
 * map creation with 10,000 venues in headless Chromium under the CDP CPU profiler; prints the
 * widget's performance marks (relative to creation) and the main thread's top self-time
 * functions. `npm run --silent build && node --import tsx scripts/bench/venue-map-profile.ts`
 */
import { venueSummary } from '../../src/widgets/venue-map/model.js';
import { manyVenues } from './venue-map.js';
import { MOUNT_VENUE_MAP, openVenueBench } from './venue-list-server.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber?: number };
  children?: number[];
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  id?: string;
  args?: {
    name?: string;
    data?: {
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
}

/** Self time per function from the trace's sampled CPU profiles, one line per thread. */
function traceProfiles(events: TraceEvent[], names: Map<string, string>): void {
  const byThread = new Map<string, { nodes: Map<number, ProfileNode>; self: Map<number, number> }>();
  for (const e of events) {
    if (e.name !== 'ProfileChunk') continue;
    const key = `${e.pid}:${e.tid}`;
    const t = byThread.get(key) ?? { nodes: new Map<number, ProfileNode>(), self: new Map<number, number>() };
    byThread.set(key, t);
    for (const n of e.args?.data?.cpuProfile?.nodes ?? []) t.nodes.set(n.id, n);
    const deltas = e.args?.data?.timeDeltas ?? [];
    (e.args?.data?.cpuProfile?.samples ?? []).forEach((id, i) => t.self.set(id, (t.self.get(id) ?? 0) + (deltas[i] ?? 0) / 1000));
  }
  for (const [key, t] of byThread) {
    const by = new Map<string, number>();
    for (const [id, ms] of t.self) {
      const f = t.nodes.get(id)?.callFrame;
      const k = `${f?.functionName || '(anon)'}@${(f?.url ?? '').split('/').slice(-1)[0] ?? ''}:${f?.lineNumber ?? ''}`;
      by.set(k, (by.get(k) ?? 0) + ms);
    }
    const top = [...by]
      .filter(([k]) => !k.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 14);
    console.log(`${names.get(key) ?? key}: ${top.map(([k, ms]) => `${k} ${Math.round(ms)}`).join(' | ')}`);
  }
}

/** Busy time per thread (top-level tasks) and the largest kinds of work in each. */
function summariseTrace(events: TraceEvent[]): void {
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  const per = new Map<string, { busy: number; kinds: Map<string, number> }>();
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur) continue;
    const key = `${e.pid}:${e.tid}`;
    const t = per.get(key) ?? { busy: 0, kinds: new Map<string, number>() };
    per.set(key, t);
    if (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') t.busy += e.dur / 1000;
    else t.kinds.set(e.name, (t.kinds.get(e.name) ?? 0) + e.dur / 1000);
  }
  traceProfiles(events, names);
  for (const [key, t] of [...per].sort((a, b) => b[1].busy - a[1].busy).slice(0, 8)) {
    if (t.busy < 20) continue;
    const counts = ['FireAnimationFrame', 'Commit', 'HandlePostMessage'].map(
      (n) => `${n}×${events.filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === key && e.name === n).length}`,
    );
    console.log(`  ${counts.join(' ')}`);
    const top = [...t.kinds]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([n, ms]) => `${n} ${Math.round(ms)}`);
    console.log(`${(names.get(key) ?? key).padEnd(28)} busy ${Math.round(t.busy)} ms: ${top.join(', ')}`);
  }
}

const bench = await openVenueBench(
  JSON.stringify({ organisation: 'demo-kaupunki', today: '2027-05-03', venues: manyVenues(10_000).map(venueSummary) }),
);
const browser = bench.browser;
try {
  const { context, page } = await bench.open();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const tracing = process.argv.includes('--trace');
  await page.evaluate(`(async () => {
    await import('/luukku/widgets/venue-map/define.js');
    ${MOUNT_VENUE_MAP}
    while (el.state !== 'ready') await new Promise((r) => setTimeout(r, 20));
    await import('/luukku/widgets/venue-map/map-view.js').catch(() => {});
  })()`);
  if (tracing)
    await browser.startTracing(page, {
      categories: [
        'devtools.timeline',
        'v8',
        'blink.user_timing',
        'disabled-by-default-devtools.timeline',
        'disabled-by-default-v8.cpu_profiler',
      ],
    });
  else await cdp.send('Profiler.start');
  await page.evaluate(`(async () => {
    const el = document.querySelector('luukku-venue-map');
    el.shadowRoot.querySelector('#map').scrollIntoView();
    const end = performance.now() + 60000;
    while (!performance.getEntriesByName('luukku-venue-map:idle').length && performance.now() < end) await new Promise((r) => setTimeout(r, 20));
  })()`);
  if (tracing) {
    const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
    summariseTrace(trace.traceEvents);
    process.exit(0);
  }
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
    profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  };
  const marks = await page.evaluate<[string, number][]>(`(() => {
    const a = performance.getEntriesByName('luukku-venue-map:create')[0].startTime;
    return performance.getEntriesByType('mark').filter((m) => m.name.startsWith('luukku-venue-map')).map((m) => [m.name, Math.round(m.startTime - a)]);
  })()`);
  console.log(
    'canvas',
    await page.evaluate<string>(
      `(() => { const c = document.querySelector('luukku-venue-map').shadowRoot.querySelector('canvas'); return c.width + 'x' + c.height + ' dpr ' + devicePixelRatio; })()`,
    ),
  );
  for (const [n, t] of marks) console.log(`${String(t).padStart(6)} ms  ${n}`);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byName = new Map<string, number>();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const key = `${f.functionName || '(anon)'} ${f.url.split('/').slice(-1)[0] ?? ''}:${f.lineNumber}`;
    byName.set(key, (byName.get(key) ?? 0) + (self.get(n.id) ?? 0));
  }
  const total = [...byName.values()].reduce((a, b) => a + b, 0);
  console.log(`main thread samples: ${Math.round(total)} ms`);
  for (const [k, v] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${v.toFixed(1).padStart(8)} ms  ${k}`);
  await context.close();
} finally {
  await bench.close();
}
