/**
 * The demo site for an end-to-end suite: the real reference server (PGlite in a temporary
 * directory) and Debian's Chromium, started before the file's tests and stopped after them.
 */
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
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

/** Answers <luukku-feedback> with the keyboard only, as a person without a mouse would. */
export async function answerFeedbackWithKeyboard(page: Page, text: string): Promise<void> {
  const overall = page.locator('luukku-feedback input[name="answers.overall"]').first();
  await overall.waitFor({ state: 'attached', timeout: 20_000 });
  await overall.focus();
  // Arrow keys move within the radio group: 1 → 5 selects "very satisfied".
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
  await page.locator('luukku-feedback textarea[data-field="freeText"]').focus();
  await page.keyboard.type(text);
}

/** Sends <luukku-feedback> from its submit button with the keyboard. */
export async function pressFeedbackSubmit(page: Page): Promise<void> {
  await page.locator('luukku-feedback [part~="submit"]').focus();
  await page.keyboard.press('Enter');
}
