/**
 * The project timeline's render bars (issue 11): a project with 200 applications, its first view
 * rendered warm (code and texts already loaded, as on a second visit or after navigating within
 * the page) at 4× CPU throttling (CDP Emulation.setCPUThrottlingRate), and the long tasks while
 * zooming (week ↔ month), switching to the table and back, and scrolling the grid.
 *
 * The built element (dist/, served by the reference server) renders a 200-application project
 * answered inside the page from memory (the fake API's fixture), so the figure is the browser's
 * work, not the network's or the database's. Per run: mount → the frame after 200 row headers are in the DOM
 * (`requestAnimationFrame` + a task), via `performance.now()` in the page.
 *
 *   node --import tsx scripts/bench/project-timeline.ts [--runs=15] [--rate=4]
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
  /** Mount → all 200 rows in the DOM. */
  allRowsMsMedian: number;
  interactionLongTasks: number;
  interactionLongestTaskMs: number;
  /** The machine's 1-minute load average during the run (shared machine: a figure far above the core count inflates every time). */
  loadAverage: number;
}

const pct = (values: number[], p: number): number => {
  const s = [...values].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? 0) * 10) / 10;
};

export async function measureProjectTimeline(runs = 15, rate = 4): Promise<TimelineFigures> {
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  try {
    const page = await browser.newPage();
    const body = JSON.stringify(project('many', 200));
    await page.goto(`${server.url}/health`);
    await page.setContent('<!doctype html><html lang="fi"><body><main></main></body></html>');
    await page.addScriptTag({ type: 'module', url: `${server.url}/luukku/widgets/project-timeline/define.js` });
    await page.waitForFunction(`customElements.get('luukku-project-timeline') !== undefined`);
    // The project is answered in the page (no network, no Playwright routing round trip): the figure is the render.
    await page.evaluate(`(() => {
      const body = ${JSON.stringify(body)};
      const original = window.fetch.bind(window);
      window.fetch = (input, init) => String(input).includes('/v1/projects/')
        ? Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'application/json', etag: '"p7-1"' } }))
        : original(input, init);
    })()`);

    // Strings, not functions: tsx's keep-names helper (__name) does not exist in the page.
    const mountOnce = () =>
      page.evaluate<[number, number, number]>(`(async () => {
        const t0 = performance.now();
        const el = document.createElement('luukku-project-timeline');
        el.setAttribute('api', ${JSON.stringify(server.url)});
        el.setAttribute('project', ${JSON.stringify(TOKEN)});
        el.setAttribute('today', '2026-03-02');
        document.querySelector('main').append(el);
        const rows = () => (el.shadowRoot ? el.shadowRoot.querySelectorAll('[role="rowheader"]').length : 0);
        await new Promise((resolve) => {
          const check = () => (rows() > 0 ? resolve() : setTimeout(check, 0));
          check();
        });
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        const first = performance.now() - t0;
        const firstRows = rows();
        await new Promise((resolve) => {
          const check = () => (rows() === 200 ? resolve() : setTimeout(check, 0));
          check();
        });
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        return [first, performance.now() - t0, firstRows];
      })()`);
    const unmount = () => page.evaluate(`document.querySelector('main').replaceChildren()`);

    // Warm: the code, the texts and the JIT have seen the element once.
    await mountOnce();
    await unmount();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    const times: number[] = [];
    const allRows: number[] = [];
    let firstRows = 0;
    for (let i = 0; i < runs; i++) {
      const [first, all, n] = await mountOnce();
      times.push(first);
      allRows.push(all);
      firstRows = n;
      if (i < runs - 1) await unmount();
    }

    // Interactions on the last mounted element: long tasks while zooming, switching views and scrolling.
    const longTasks = await page.evaluate<number[]>(`(async () => {
      const tasks = [];
      const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push(e.duration)));
      observer.observe({ type: 'longtask', buffered: false });
      const root = document.querySelector('luukku-project-timeline').shadowRoot;
      const button = (label) => [...root.querySelectorAll('.toolbar button')].find((b) => b.textContent.trim() === label);
      const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      for (const label of ['Kuukaudet', 'Viikot', 'Kuukaudet', 'Viikot', 'Taulukko', 'Aikajana']) {
        button(label)?.click();
        await frame();
        await frame();
      }
      const scroll = root.querySelector('.scroll');
      for (let x = 0; x < 20; x++) {
        scroll.scrollLeft += 120;
        window.scrollBy(0, 80);
        await frame();
      }
      await new Promise((r) => setTimeout(r, 200));
      observer.disconnect();
      return tasks;
    })()`);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    return {
      applications: 200,
      cpuThrottling: rate,
      runs,
      firstViewMsMedian: pct(times, 0.5),
      firstViewMsP95: pct(times, 0.95),
      firstViewMsMax: pct(times, 1),
      firstViewRows: firstRows,
      allRowsMsMedian: pct(allRows, 0.5),
      loadAverage: Math.round((loadavg()[0] ?? 0) * 10) / 10,
      interactionLongTasks: longTasks.length,
      interactionLongestTaskMs: Math.round(Math.max(0, ...longTasks)),
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}

export function describeProjectTimeline(f: TimelineFigures): string {
  return `project timeline, ${f.applications} applications, ${f.cpuThrottling}× CPU, warm: first view (${f.firstViewRows} rows) median ${f.firstViewMsMedian} ms, p95 ${f.firstViewMsP95} ms, max ${f.firstViewMsMax} ms (bar 100 ms, ${f.runs} runs); all 200 rows after ${f.allRowsMsMedian} ms (median); zoom/table/scroll: ${f.interactionLongTasks} long tasks, longest ${f.interactionLongestTaskMs} ms (bar: none over 50 ms); load average ${f.loadAverage}`;
}

/** scripts/bench/run.ts's hook: measures and prints the line and the JSON. */
export async function runProjectTimelineBench(runs = 15, rate = 4): Promise<TimelineFigures> {
  const f = await measureProjectTimeline(runs, rate);
  console.log(describeProjectTimeline(f));
  console.log(JSON.stringify({ projectTimeline: f }));
  return f;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 15);
  const rate = Number(process.argv.find((a) => a.startsWith('--rate='))?.slice(7) ?? 4);
  await runProjectTimelineBench(runs, rate);
}
