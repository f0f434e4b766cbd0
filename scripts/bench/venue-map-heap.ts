/**
 * What stays on the JS heap after mounting and removing <luukku-venue-map> (a profiling aid beside
 * the 50-mount figure of scripts/bench/venue-map.ts): heap snapshots (CDP HeapProfiler) after a
 * warm-up and after N more mounts, compared by constructor (count and self size), largest growth
 * first. `npm run --silent build && node --import tsx scripts/bench/venue-map-heap.ts [N]`
 */
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../chromium.js';
import { startServer } from '../server-process.js';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Count and self size per constructor (node name for objects, type otherwise). */
function byConstructor(s: Snapshot): Map<string, { count: number; size: number }> {
  const f = s.snapshot.meta.node_fields;
  const [type, name, size] = [f.indexOf('type'), f.indexOf('name'), f.indexOf('self_size')];
  const types = s.snapshot.meta.node_types[0];
  const out = new Map<string, { count: number; size: number }>();
  for (let i = 0; i < s.nodes.length; i += f.length) {
    const t = types[s.nodes[i + type] ?? 0] ?? '';
    const key = t === 'object' || t === 'closure' || t === 'native' ? `${t}:${s.strings[s.nodes[i + name] ?? 0] ?? ''}` : t;
    const e = out.get(key) ?? { count: 0, size: 0 };
    e.count++;
    e.size += s.nodes[i + size] ?? 0;
    out.set(key, e);
  }
  return out;
}

const n = Number(process.argv[2] ?? 10);
const server = await startServer({ LUUKKU_RATE_LIMIT_PER_MINUTE: '0' });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${server.url}/embed.html`);
  const cdp = await context.newCDPSession(page);
  const snapshot = async (): Promise<Snapshot> => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const chunks: string[] = [];
    const on = (e: { chunk: string }): void => void chunks.push(e.chunk);
    cdp.on('HeapProfiler.addHeapSnapshotChunk', on);
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    cdp.off('HeapProfiler.addHeapSnapshotChunk', on);
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    console.log(`heap used ${(usedSize / 1024 / 1024).toFixed(2)} MB`);
    return JSON.parse(chunks.join('')) as Snapshot;
  };
  const cycle = (count: number) =>
    page.evaluate<undefined>(`(async () => {
      await import('/luukku/widgets/venue-map/define.js');
      for (let i = 0; i < ${count}; i++) {
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
  await cycle(2);
  const a = byConstructor(await snapshot());
  await cycle(n);
  const b = byConstructor(await snapshot());
  await cycle(n);
  const c = byConstructor(await snapshot());
  const rows = [...c]
    .map(([k, v]) => ({
      k,
      dCount1: (b.get(k)?.count ?? 0) - (a.get(k)?.count ?? 0),
      dCount2: v.count - (b.get(k)?.count ?? 0),
      dSize1: (b.get(k)?.size ?? 0) - (a.get(k)?.size ?? 0),
      dSize2: v.size - (b.get(k)?.size ?? 0),
    }))
    .sort((x, y) => Math.abs(y.dSize1) + Math.abs(y.dSize2) - Math.abs(x.dSize1) - Math.abs(x.dSize2))
    .slice(0, 40);
  console.log(`growth per constructor: after ${n} mounts | after ${n} more (count, bytes)`);
  for (const r of rows)
    console.log(
      `${r.k.slice(0, 70).padEnd(70)} ${String(r.dCount1).padStart(7)} ${String(r.dSize1).padStart(9)} | ${String(r.dCount2).padStart(7)} ${String(r.dSize2).padStart(9)}`,
    );
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}
