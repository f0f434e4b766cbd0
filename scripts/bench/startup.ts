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
 * Main-thread time = the CDP `TaskDuration` metric over that span, minus the same
 * measurement of the harness alone (inserting a plain <div> the same way: the CDP calls,
 * the polling and the settle timer cost ~40–60 ms of task time at 4× throttling on their
 * own). Long tasks come from a PerformanceObserver in the page.
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
  /** Median task time of the harness alone, already subtracted from the figures below. */
  harnessMsMedian: number;
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
export interface WidgetUnderTest {
  tag: string;
  attributes: Record<string, string>;
  /** Selector in the shadow root that is there once the first thing to answer is on screen. */
  ready: string;
}

/** The harness alone: a plain element that is "ready" at once. */
const baselineWidget: WidgetUnderTest = { tag: 'div', attributes: {}, ready: '*' };

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

const inPageStartup = (w: WidgetUnderTest, n: number): string => `(async () => {
  const longTasks = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push(e.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  const t0 = performance.now();
  const el = document.createElement(${JSON.stringify(w.tag)});
  for (const [k, v] of Object.entries(${JSON.stringify(w.attributes)})) el.setAttribute(k, v);
  if (el.localName !== 'div') el.setAttribute('name', 'bench${n}');
  document.body.append(el);
  await new Promise((resolve) => {
    const check = () => {
      const root = el.shadowRoot ?? (el.localName === 'div' ? el : null);
      if (root && (el.localName === 'div' || root.querySelector(${JSON.stringify(w.ready)}))) resolve();
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

async function sample(page: Page, cdp: CDPSession, widget: WidgetUnderTest, n: number): Promise<Sample> {
  const before = await taskDurationMs(cdp);
  const result = await page.evaluate<{ visibleMs: number; longTasks: number[] }>(inPageStartup(widget, n));
  const after = await taskDurationMs(cdp);
  return { mainThreadMs: after - before, visibleMs: result.visibleMs, longestTaskMs: Math.max(0, ...result.longTasks) };
}

function summarise(samples: Sample[], harnessMs: number): StartupPhase {
  const net = samples.map((s) => Math.max(0, s.mainThreadMs - harnessMs));
  return {
    mainThreadMsMedian: Number(median(net).toFixed(1)),
    mainThreadMsMax: Number(Math.max(...net).toFixed(1)),
    longestTaskMs: Number(Math.max(...samples.map((s) => s.longestTaskMs)).toFixed(1)),
    firstQuestionVisibleMsMedian: Number(median(samples.map((s) => s.visibleMs)).toFixed(1)),
  };
}

export async function measureStartup(baseUrl: string, widget: WidgetUnderTest, runs = 9, throttle = 4): Promise<StartupFigures> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  const cold: Sample[] = [];
  const warm: Sample[] = [];
  const harness: Sample[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await page.goto(`${baseUrl}/bench.html`);
      await page.waitForLoadState('load');
      await cdp.send('Performance.enable');
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
      harness.push(await sample(page, cdp, baselineWidget, 0));
      cold.push(await sample(page, cdp, widget, 1));
      warm.push(await sample(page, cdp, widget, 2));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const harnessMs = median(harness.map((s) => s.mainThreadMs));
  return {
    runs,
    cpuThrottling: throttle,
    harnessMsMedian: Number(harnessMs.toFixed(1)),
    cold: summarise(cold, harnessMs),
    warm: summarise(warm, harnessMs),
  };
}
