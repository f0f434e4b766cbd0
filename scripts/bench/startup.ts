/**
 * Main-thread time of the feedback widget's start-up in headless Chromium with 4× CPU
 * throttling, on the reference server's blank bench page (autoloader already loaded).
 * Main-thread time = the CDP `TaskDuration` metric from inserting <luukku-feedback>
 * until its questions are on screen; long tasks come from a PerformanceObserver.
 */
import { chromium } from 'playwright-core';
import { chromiumPath, chromiumArgs } from '../chromium.js';

export interface StartupFigures {
  runs: number;
  cpuThrottling: number;
  mainThreadMsMedian: number;
  mainThreadMsMax: number;
  longestTaskMs: number;
  firstQuestionVisibleMsMedian: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

export async function measureStartup(baseUrl: string, runs = 9, throttle = 4): Promise<StartupFigures> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  const mainThread: number[] = [];
  const visible: number[] = [];
  let longest = 0;
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await page.goto(`${baseUrl}/bench.html`);
      await page.waitForFunction(() => (window as unknown as { luukkuAutoloadReady?: boolean }).luukkuAutoloadReady === true || document.readyState === 'complete');
      await cdp.send('Performance.enable');
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
      const taskDuration = async () => {
        const { metrics } = await cdp.send('Performance.getMetrics');
        return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
      };
      const before = await taskDuration();
      const result = await page.evaluate(async () => {
        const longTasks: number[] = [];
        const observer = new PerformanceObserver((list) => {
          for (const e of list.getEntries()) longTasks.push(e.duration);
        });
        observer.observe({ type: 'longtask', buffered: false });
        const t0 = performance.now();
        const el = document.createElement('luukku-feedback');
        el.setAttribute('organisation', 'demo-pelastuslaitos');
        el.setAttribute('service', 'fire-inspection');
        document.body.append(el);
        await new Promise<void>((resolve) => {
          const check = () => {
            if (el.shadowRoot?.querySelector('input[type="radio"]')) resolve();
            else requestAnimationFrame(check);
          };
          check();
        });
        const visibleMs = performance.now() - t0;
        await new Promise((r) => setTimeout(r, 50));
        observer.disconnect();
        return { visibleMs, longTasks };
      });
      const after = await taskDuration();
      mainThread.push(after - before);
      visible.push(result.visibleMs);
      longest = Math.max(longest, ...result.longTasks, 0);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return {
    runs,
    cpuThrottling: throttle,
    mainThreadMsMedian: Number(median(mainThread).toFixed(1)),
    mainThreadMsMax: Number(Math.max(...mainThread).toFixed(1)),
    longestTaskMs: Number(longest.toFixed(1)),
    firstQuestionVisibleMsMedian: Number(median(visible).toFixed(1)),
  };
}
