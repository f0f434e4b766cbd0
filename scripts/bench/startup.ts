/**
 * Main-thread time of the feedback widget's start-up in headless Chromium with 4× CPU
 * throttling, on the reference server's bench page (only the autoloader on it).
 *
 * Two figures per run, each from inserting <luukku-feedback> until its questions are on
 * screen (the form definition comes from the real server):
 * - cold: the first widget on the page — includes fetching, parsing and running the
 *   shared runtime (lit, i18next, core), the widget chunk and the locale;
 * - warm: a second widget on the same page — the code is loaded, so this is the
 *   widget's own start-up (construct, load texts from cache, fetch the form, render).
 * Main-thread time = the CDP `TaskDuration` metric over that span; long tasks come from
 * a PerformanceObserver in the page.
 */
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { chromiumPath, chromiumArgs } from '../chromium.js';

export interface StartupPhase {
  mainThreadMsMedian: number;
  mainThreadMsMax: number;
  longestTaskMs: number;
  firstQuestionVisibleMsMedian: number;
}

export interface StartupFigures {
  runs: number;
  cpuThrottling: number;
  cold: StartupPhase;
  warm: StartupPhase;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

/**
 * Runs in the page. A string, not a function: tsx's transform adds helpers (`__name`)
 * to functions, and those do not exist in the page.
 */
const inPageStartup = `(async () => {
  const longTasks = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push(e.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  const t0 = performance.now();
  const el = document.createElement('luukku-feedback');
  el.setAttribute('organisation', 'demo-pelastuslaitos');
  el.setAttribute('service', 'fire-inspection');
  document.body.append(el);
  await new Promise((resolve) => {
    const check = () => {
      if (el.shadowRoot && el.shadowRoot.querySelector('input[type="radio"]')) resolve();
      else requestAnimationFrame(check);
    };
    check();
  });
  const visibleMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 100));
  observer.disconnect();
  return { visibleMs, longTasks };
})()`;

interface Sample {
  mainThreadMs: number;
  visibleMs: number;
  longestTaskMs: number;
}

async function taskDurationMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
}

async function sample(page: Page, cdp: CDPSession): Promise<Sample> {
  const before = await taskDurationMs(cdp);
  const result = await page.evaluate<{ visibleMs: number; longTasks: number[] }>(inPageStartup);
  const after = await taskDurationMs(cdp);
  return { mainThreadMs: after - before, visibleMs: result.visibleMs, longestTaskMs: Math.max(0, ...result.longTasks) };
}

function summarise(samples: Sample[]): StartupPhase {
  return {
    mainThreadMsMedian: Number(median(samples.map((s) => s.mainThreadMs)).toFixed(1)),
    mainThreadMsMax: Number(Math.max(...samples.map((s) => s.mainThreadMs)).toFixed(1)),
    longestTaskMs: Number(Math.max(...samples.map((s) => s.longestTaskMs)).toFixed(1)),
    firstQuestionVisibleMsMedian: Number(median(samples.map((s) => s.visibleMs)).toFixed(1)),
  };
}

export async function measureStartup(baseUrl: string, runs = 9, throttle = 4): Promise<StartupFigures> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  const cold: Sample[] = [];
  const warm: Sample[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await page.goto(`${baseUrl}/bench.html`);
      await page.waitForLoadState('load');
      await cdp.send('Performance.enable');
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
      cold.push(await sample(page, cdp));
      warm.push(await sample(page, cdp));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { runs, cpuThrottling: throttle, cold: summarise(cold), warm: summarise(warm) };
}
