/**
 * What the venue map's start-up costs in CPU, not wall time (a profiling aid beside the mount →
 * idle figure of scripts/bench/venue-map.ts, same page, viewport and list front): per run, the CPU
 * time every process of the bench used from the element's insertion to the map's first `idle`,
 * by Chromium process type (renderer: the page's main thread, MapLibre's worker, compositor and
 * raster threads; gpu-process: SwiftShader; utility: the network service), the reference server
 * (`node`) and this script (`self`: the list front). Medians of the runs, after one warm-up.
 *
 * CPU time is what a busy 2-core machine cannot hide: wall time can overlap work only while
 * another core is free, so `total / cores` is a floor under insertion → idle.
 *
 *   npm run --silent build && node --import tsx scripts/bench/venue-map-cpu.ts [--runs=5]
 *
 * Linux only (reads /proc; 10 ms resolution). `LUUKKU_DIST_DIR=…` measures another build.
 */
import { availableParallelism } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { venueSummary } from '../../src/widgets/venue-map/model.js';
import { manyVenues } from './venue-map.js';
import { MOUNT_VENUE_MAP, openVenueBench } from './venue-list-server.js';

const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice('--runs='.length) ?? 5);
const TICK_MS = 10;

/** CPU ticks (user + system) of this process and of every process below it, by kind. */
function cpuTicks(): Record<string, number> {
  const procs = new Map<number, { ppid: number; kind: string; ticks: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: the fields after it are split.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      const kind = /--type=([\w-]+)/.exec(cmd)?.[1] ?? stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      procs.set(Number(d), { ppid: Number(f[1]), kind, ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // Gone meanwhile.
    }
  }
  const out: Record<string, number> = {};
  for (const [pid, p] of procs) {
    let up = pid === process.pid ? -1 : p.ppid;
    for (let i = 0; i < 20 && up > 1 && up !== process.pid; i++) up = procs.get(up)?.ppid ?? 0;
    if (pid === process.pid) out.self = p.ticks;
    else if (up === process.pid) {
      out[p.kind] = (out[p.kind] ?? 0) + p.ticks;
      if (p.kind === 'renderer') for (const [name, ticks] of threadTicks(pid)) out[`  ${name}`] = (out[`  ${name}`] ?? 0) + ticks;
    }
  }
  return out;
}

/** A process's CPU ticks by thread name (digits dropped: the raster and pool workers add up). */
function threadTicks(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(name, (out.get(name) ?? 0) + Number(f[11]) + Number(f[12]));
    }
  } catch {
    // Gone meanwhile.
  }
  return out;
}

const bench = await openVenueBench(
  JSON.stringify({ organisation: 'demo-kaupunki', today: '2027-05-03', venues: manyVenues(10_000).map(venueSummary) }),
);
const rows: Record<string, number>[] = [];
try {
  for (let run = 0; run <= runs; run++) {
    const { context, page } = await bench.open();
    await page.evaluate(`import('/luukku/widgets/venue-map/define.js')`);
    const before = cpuTicks();
    const wall = await page.evaluate<number>(`(async () => {
      const t0 = performance.now();
      ${MOUNT_VENUE_MAP}
      const end = t0 + 60000;
      let scrolled = false;
      while (!performance.getEntriesByName('luukku-venue-map:idle').length) {
        if (performance.now() > end) throw new Error('timed out');
        // The list in and rendered (the texts may come after the list: its box is drawn then).
        const box = el.state === 'ready' ? el.shadowRoot.querySelector('#map') : null;
        if (!scrolled && box) {
          scrolled = true;
          box.scrollIntoView();
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      return performance.getEntriesByName('luukku-venue-map:idle')[0].startTime - t0;
    })()`);
    const after = cpuTicks();
    await context.close();
    if (run === 0) continue; // warm-up: the server's first answers, Chromium's code caches
    const row: Record<string, number> = { wall };
    for (const k of Object.keys(after)) row[k] = ((after[k] ?? 0) - (before[k] ?? 0)) * TICK_MS;
    rows.push(row);
  }
} finally {
  await bench.close();
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;
const kinds = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => k !== 'wall');
const processes = kinds.filter((k) => !k.startsWith(' '));
const m = Object.fromEntries(kinds.map((k) => [k, median(rows.map((r) => r[k] ?? 0))]));
const total = median(rows.map((r) => processes.reduce((s, k) => s + (r[k] ?? 0), 0)));
const cores = availableParallelism();
console.log(`venue map start-up, 10,000 venues, CPU time from insertion to the map's idle, median of ${rows.length} runs:`);
for (const k of processes.sort((a, b) => (m[b] ?? 0) - (m[a] ?? 0))) {
  if (!m[k]) continue;
  console.log(`  ${k.padEnd(22)} ${m[k]} ms`);
  if (k === 'renderer')
    for (const t of kinds.filter((t) => t.startsWith(' ') && (m[t] ?? 0) > 0).sort((a, b) => (m[b] ?? 0) - (m[a] ?? 0)))
      console.log(`  ${t.padEnd(22)} ${m[t]} ms`);
}
console.log(
  `  total ${total} ms of CPU on ${cores} cores (floor under insertion → idle: ${Math.round(total / cores)} ms); insertion → idle ${Math.round(median(rows.map((r) => r.wall ?? 0)))} ms`,
);
console.log(JSON.stringify({ ...m, total, cores, wall: Math.round(median(rows.map((r) => r.wall ?? 0))) }));
