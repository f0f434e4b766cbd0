/**
 * The project timeline's render bars (issue 11): a project with 200 applications, its first view
 * rendered warm (code and texts already loaded, as on a second visit or after navigating within
 * the page) at 4× CPU throttling (CDP Emulation.setCPUThrottlingRate), and the long tasks while
 * zooming (week ↔ month), switching to the table and back, scrolling the grid, and the table growing to
 * all 200 rows.
 *
 * The built element (dist/, served by the reference server) renders a 200-application project
 * answered inside the page from memory (the fake API's fixture), so the figure is the browser's
 * work, not the network's or the database's. Per run: mount → the first row headers are in the DOM →
 * the task after the next frame (`requestAnimationFrame` + a task, so the frame's style, layout and
 * paint are in), via `performance.now()` in the page. That wall time is the bar's figure; on a
 * shared machine it mostly measures the load, so the same mounts are also traced and the main
 * thread's CPU time from mount to that point is reported beside it (`firstViewCpuMs*`, the sum of
 * the renderer main thread's top-level tasks' thread time: script, style, layout, paint, layerize).
 *
 * The grid is windowed (only rows near the viewport are in the DOM), so the old "all 200 rows in
 * the DOM" figure exists only for builds that render every row (`--dist` of an older build); every
 * build reports the rows in the DOM once it has settled and when that was.
 *
 *   node --import tsx scripts/bench/project-timeline.ts [--runs=15] [--rate=4] [--trace-runs=5] [--dist=/path/to/dist]
 */
import { loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../chromium.js';
import { startServer } from '../server-process.js';
import { project, TOKEN } from '../../test/fixtures/fake-api/projects.js';

export interface TimelineFigures {
  applications: number;
  cpuThrottling: number;
  runs: number;
  firstViewMsMedian: number;
  firstViewMsP95: number;
  firstViewMsMax: number;
  /** Rows in the first view (a screenful and more; the rest follows in small tasks). */
  firstViewRows: number;
  /** Mount → all 200 rows in the DOM (builds that render every row; null for the windowed grid). */
  allRowsMsMedian: number | null;
  /** Rows in the DOM once nothing changed for 300 ms, and mount → the last change (median). */
  settledRows: number;
  settledMsMedian: number;
  /** Main-thread CPU (thread time) from mount to the first view, from a trace of `traceRuns` more mounts. */
  firstViewCpuMsMedian: number;
  firstViewCpuMsMin: number;
  traceRuns: number;
  interactionLongTasks: number;
  interactionLongestTaskMs: number;
  /** The longest long task after each step (the button pressed, or "scroll"); steps without one are left out. */
  interactionLongestByStep: Record<string, number>;
  /** The machine's 1-minute load average during the run (shared machine: a figure far above the core count inflates every time). */
  loadAverage: number;
}

const pct = (values: number[], p: number): number => {
  const s = [...values].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? 0) * 10) / 10;
};

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/** The renderer main thread's top-level task thread time (ms) between the user-timing marks `from` and `to`. */
function mainThreadCpu(events: TraceEvent[], from: string, to: string): number {
  const mark = events.find((e) => e.name === from);
  if (!mark) return Number.NaN;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === mark.pid);
  const end = events.find((e) => e.name === to && e.pid === mark.pid)?.ts ?? Number.POSITIVE_INFINITY;
  let cpu = 0;
  let until = 0;
  for (const e of events
    .filter((x) => x.pid === mark.pid && x.tid === main?.tid && x.ph === 'X' && x.name === 'RunTask' && x.ts >= mark.ts && x.ts < end)
    .sort((a, b) => a.ts - b.ts)) {
    if (e.ts < until) continue; // nested
    until = e.ts + (e.dur ?? 0);
    cpu += e.tdur ?? e.dur ?? 0;
  }
  return Math.round(cpu / 100) / 10;
}

export async function measureProjectTimeline(runs = 15, rate = 4, traceRuns = 5, dist?: string): Promise<TimelineFigures> {
  const server = await startServer(dist ? { LUUKKU_DIST_DIR: dist } : {});
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  try {
    const page = await browser.newPage();
    const body = JSON.stringify(project('many', 200));
    await page.goto(`${server.url}/health`);
    await page.setContent('<!doctype html><html lang="fi"><body><main></main></body></html>');
    await page.addScriptTag({ type: 'module', url: `${server.url}/luukku/widgets/project-timeline/define.js` });
    await page.waitForFunction(`customElements.get('luukku-project-timeline') !== undefined`);
    // The project is answered in the page (no network, no Playwright routing round trip): the figure is the render.
    // Encoded once, as the network would deliver bytes: encoding a 160 KB string to UTF-8 on every mount was the fixture's work, not the widget's.
    await page.evaluate(`(() => {
      const bytes = new TextEncoder().encode(${JSON.stringify(body)});
      const original = window.fetch.bind(window);
      window.fetch = (input, init) => String(input).includes('/v1/projects/')
        ? Promise.resolve(new Response(bytes, { status: 200, headers: { 'content-type': 'application/json', etag: '"p7-1"' } }))
        : original(input, init);
    })()`);

    // Strings, not functions: tsx's keep-names helper (__name) does not exist in the page.
    const mountOnce = () =>
      page.evaluate<[number, number | null, number, number, number]>(`(async () => {
        performance.mark('tl-mount');
        const t0 = performance.now();
        const el = document.createElement('luukku-project-timeline');
        el.setAttribute('api', ${JSON.stringify(server.url)});
        el.setAttribute('project', ${JSON.stringify(TOKEN)});
        el.setAttribute('today', '2026-03-02');
        document.querySelector('main').append(el);
        const rows = () => (el.shadowRoot ? el.shadowRoot.querySelectorAll('[role="rowheader"]').length : 0);
        // Told when the rows are inserted (a mutation observer, in the same task), not by polling: a
        // poll ran after the frame that painted them and so counted one more frame and its work.
        await new Promise((resolve) => {
          const seen = new MutationObserver(() => {
            if (rows() > 0) { seen.disconnect(); resolve(); }
          });
          seen.observe(el.shadowRoot, { childList: true, subtree: true });
        });
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const first = performance.now() - t0;
        performance.mark('tl-first');
        const firstRows = rows();
        // Settled: the number of rows did not change for 300 ms (the windowed grid adds the rows near the viewport after the first paint).
        let all = null;
        let last = first;
        let n = firstRows;
        await new Promise((resolve) => {
          let quiet = performance.now();
          const check = () => {
            const now = performance.now();
            if (rows() !== n) { n = rows(); last = now - t0; quiet = now; }
            if (n === 200 && all === null) all = now - t0;
            if (now - quiet > 300) resolve(); else setTimeout(check, 10);
          };
          check();
        });
        return [first, all, firstRows, last, n];
      })()`);
    const unmount = () => page.evaluate(`document.querySelector('main').replaceChildren()`);

    // Warm: the code, the texts and the JIT have seen the element once.
    await mountOnce();
    await unmount();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    const times: number[] = [];
    const allRows: number[] = [];
    const settled: number[] = [];
    let firstRows = 0;
    let settledRows = 0;
    for (let i = 0; i < runs; i++) {
      const [first, all, n, last, rowsAtRest] = await mountOnce();
      times.push(first);
      if (all !== null) allRows.push(all);
      settled.push(last);
      firstRows = n;
      settledRows = rowsAtRest;
      await unmount();
    }
    // The same mounts traced: main-thread CPU from mount to the first view (less sensitive to the machine's load than wall time).
    const cpu: number[] = [];
    for (let i = 0; i < traceRuns; i++) {
      const events: TraceEvent[] = [];
      const collect = (e: { value: unknown[] }): void => void events.push(...(e.value as TraceEvent[]));
      cdp.on('Tracing.dataCollected', collect);
      const complete = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
      await cdp.send('Tracing.start', {
        categories: 'toplevel,blink.user_timing,disabled-by-default-devtools.timeline',
        transferMode: 'ReportEvents',
      });
      await mountOnce();
      await cdp.send('Tracing.end');
      await complete;
      cdp.off('Tracing.dataCollected', collect);
      const ms = mainThreadCpu(events, 'tl-mount', 'tl-first');
      if (Number.isFinite(ms) && ms > 0) cpu.push(ms);
      if (i < traceRuns - 1) await unmount();
    }
    if (traceRuns === 0) await mountOnce();

    // Interactions on the last mounted element: long tasks while zooming, switching views and scrolling.
    const longTaskEntries = await page.evaluate<[string, number][]>(`(async () => {
      const tasks = [];
      let phase = '';
      const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push([phase, e.duration])));
      observer.observe({ type: 'longtask', buffered: false });
      const root = document.querySelector('luukku-project-timeline').shadowRoot;
      const button = (label) => [...root.querySelectorAll('.toolbar button')].find((b) => b.textContent.trim() === label);
      const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      for (const label of ['Kuukaudet', 'Viikot', 'Kuukaudet', 'Viikot', 'Taulukko', 'Aikajana']) {
        phase = label;
        button(label)?.click();
        await frame();
        await frame();
      }
      const scroll = root.querySelector('.scroll');
      phase = 'scroll';
      for (let x = 0; x < 20; x++) {
        scroll.scrollLeft += 120;
        window.scrollBy(0, 80);
        await frame();
      }
      // The table again, until it lists all 200 applications (it grows in small tasks after its first rows).
      phase = 'table to 200 rows';
      window.scrollTo(0, 0);
      button('Taulukko')?.click();
      const until = performance.now() + 10000;
      while (root.querySelectorAll('tbody tr').length < 200 && performance.now() < until) await frame();
      await new Promise((r) => setTimeout(r, 200));
      observer.disconnect();
      return tasks;
    })()`);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    const longTasks = longTaskEntries.map(([, ms]) => ms);
    const longestByStep: Record<string, number> = {};
    for (const [step, ms] of longTaskEntries) longestByStep[step] = Math.max(longestByStep[step] ?? 0, Math.round(ms));
    return {
      applications: 200,
      cpuThrottling: rate,
      runs,
      firstViewMsMedian: pct(times, 0.5),
      firstViewMsP95: pct(times, 0.95),
      firstViewMsMax: pct(times, 1),
      firstViewRows: firstRows,
      allRowsMsMedian: allRows.length === runs ? pct(allRows, 0.5) : null,
      settledRows,
      settledMsMedian: pct(settled, 0.5),
      firstViewCpuMsMedian: pct(cpu, 0.5),
      firstViewCpuMsMin: cpu.length ? Math.min(...cpu) : Number.NaN,
      traceRuns,
      loadAverage: Math.round((loadavg()[0] ?? 0) * 10) / 10,
      interactionLongTasks: longTasks.length,
      interactionLongestTaskMs: Math.round(Math.max(0, ...longTasks)),
      interactionLongestByStep: longestByStep,
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}

export function describeProjectTimeline(f: TimelineFigures): string {
  const all = f.allRowsMsMedian === null ? 'windowed grid' : `all 200 rows after ${f.allRowsMsMedian} ms (median)`;
  return `project timeline, ${f.applications} applications, ${f.cpuThrottling}× CPU, warm: first view (${f.firstViewRows} rows) median ${f.firstViewMsMedian} ms, p95 ${f.firstViewMsP95} ms, max ${f.firstViewMsMax} ms (bar 100 ms, ${f.runs} runs), main-thread CPU median ${f.firstViewCpuMsMedian} ms, min ${f.firstViewCpuMsMin} ms (${f.traceRuns} traced runs); ${all}; settled with ${f.settledRows} rows in the DOM after ${f.settledMsMedian} ms; zoom/table/scroll: ${f.interactionLongTasks} long tasks, longest ${f.interactionLongestTaskMs} ms${
    Object.keys(f.interactionLongestByStep).length
      ? ` (${Object.entries(f.interactionLongestByStep)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')})`
      : ''
  } (bar: none over 50 ms); load average ${f.loadAverage}`;
}

/** scripts/bench/run.ts's hook: measures and prints the line and the JSON. */
export async function runProjectTimelineBench(runs = 15, rate = 4, traceRuns = 5, dist?: string): Promise<TimelineFigures> {
  const f = await measureProjectTimeline(runs, rate, traceRuns, dist);
  console.log(describeProjectTimeline(f));
  console.log(JSON.stringify({ projectTimeline: f }));
  return f;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 15);
  const rate = Number(process.argv.find((a) => a.startsWith('--rate='))?.slice(7) ?? 4);
  const traceRuns = Number(process.argv.find((a) => a.startsWith('--trace-runs='))?.slice(13) ?? 5);
  const dist = process.argv.find((a) => a.startsWith('--dist='))?.slice(7);
  await runProjectTimelineBench(runs, rate, traceRuns, dist);
}
