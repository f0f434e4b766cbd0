/**
 * End to end: feedback given through the real form on the demo site appears in the counts of
 * <luukku-feedback-insights> on the staff intranet page (real server, PGlite, built bundles,
 * Chromium). The minimum group size is lowered to 1 for this server (LUUKKU_FEEDBACK_MIN_GROUP),
 * so two answers are enough to show figures.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { answerFeedbackWithKeyboard, pressFeedbackSubmit, useDemoSite } from './demo-site.js';

const demo = useDemoSite({ LUUKKU_RATE_LIMIT_PER_MINUTE: '1000', LUUKKU_FEEDBACK_MIN_GROUP: '1' });

describe('feedback insights on the demo site', () => {
  test('answers submitted through the form appear in the insights counts of the current month', async () => {
    const page = await demo.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    for (let i = 0; i < 2; i++) {
      await page.goto(`${demo.server.url}/pelastuslaitos.html?luukku-event=TAR-2026-0090${i}`);
      await answerFeedbackWithKeyboard(page, `E2E insights ${i}`);
      await pressFeedbackSubmit(page);
      await page.locator('luukku-feedback [part~="confirmation"]').waitFor({ timeout: 20_000 });
    }
    const reference = await page.locator('luukku-feedback [part~="confirmation"] .reference').textContent();
    assert.match(reference ?? '', /[0-9A-F]{4}-[0-9A-F]{4}/);

    await page.goto(`${demo.server.url}/henkilosto.html#tulokset`);
    const insights = page.locator('luukku-feedback-insights');
    await insights.locator('#f-staffKey').fill(demo.server.staffKey);
    await insights.locator('#f-staffKey').press('Enter');
    const month = await insights.locator('select[data-filter="to"] option').first().getAttribute('value');
    await insights.locator('select[data-filter="to"]').selectOption(month ?? '');
    await insights.locator('select[data-filter="service"]').selectOption('fire-inspection');
    const section = insights.locator('[part~="service"]').first();
    await section.waitFor({ timeout: 20_000 });
    // The last row of the monthly table is the current month: 2 customer answers, mean 5.
    const last = section.locator('table').first().locator('tbody tr').last();
    await last.waitFor();
    const cells = await last.locator('td').allTextContents();
    assert.equal(cells[0]?.trim(), '2');
    assert.match(cells[1] ?? '', /^5[,.]00$/);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
