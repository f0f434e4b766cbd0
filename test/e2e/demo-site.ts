/**
 * The demo site for an end-to-end suite: the real reference server (PGlite in a temporary
 * directory) and Debian's Chromium, started before the file's tests and stopped after them.
 */
import { after, before } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { startServer, type RunningServer } from '../../scripts/server-process.js';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.js';

export interface DemoSite {
  server: RunningServer;
  browser: Browser;
}

export function useDemoSite(env: Record<string, string> = {}): DemoSite {
  const demo = {} as DemoSite;
  let started: Partial<DemoSite> = {};
  before(async () => {
    demo.server = started.server = await startServer(env);
    demo.browser = started.browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  });
  after(async () => {
    await started.browser?.close();
    await started.server?.stop();
    started = {};
  });
  return demo;
}
