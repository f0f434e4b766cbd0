/**
 * End to end on the demo site: the real server (PGlite in a temporary directory), the
 * built bundles behind the one-script-tag autoloader, and Debian's Chromium.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { answerFeedbackWithKeyboard as answerWithKeyboard, pressFeedbackSubmit as pressSubmit, useDemoSite } from './demo-site.js';

interface FeedbackItem {
  id: string;
  service: string;
  serviceEvent: string | null;
  answers: Record<string, number>;
  freeText: string | null;
  locale: string | null;
}

const demo = useDemoSite({ LUUKKU_RATE_LIMIT_PER_MINUTE: '1000' });

async function staffList(): Promise<FeedbackItem[]> {
  const res = await fetch(`${demo.server.url}/v1/feedback?organisation=demo-pelastuslaitos&limit=500`, {
    headers: { authorization: `Bearer ${demo.server.staffKey}` },
  });
  assert.equal(res.status, 200);
  return ((await res.json()) as { items: FeedbackItem[] }).items;
}

describe('feedback on the demo site', () => {
  test('the Finnish page submits through the real widget and the staff API reads it back', async () => {
    const page = await demo.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${demo.server.url}/pelastuslaitos.html?luukku-event=TAR-2026-00999`);
    // The form knows the service event from the QR-code link and shows it.
    await page.locator('luukku-feedback [part~="context"]').getByText('TAR-2026-00999').waitFor({ timeout: 20_000 });
    const text = `E2E kiitos tarkastajalle <b>ei html</b> ${Date.now()}`;
    await answerWithKeyboard(page, text);
    await pressSubmit(page);
    const confirmation = page.locator('luukku-feedback [part~="confirmation"]');
    await confirmation.waitFor({ timeout: 20_000 });
    // Focus moves to the confirmation so a screen reader reads it.
    const focusedPart = await page.evaluate(
      () => document.querySelector('luukku-feedback')?.shadowRoot?.activeElement?.getAttribute('part') ?? '',
    );
    assert.match(focusedPart, /confirmation/);

    const mine = (await staffList()).filter((i) => i.freeText === text);
    assert.equal(mine.length, 1);
    assert.equal(mine[0]!.service, 'fire-inspection');
    assert.equal(mine[0]!.serviceEvent, 'TAR-2026-00999');
    assert.equal(mine[0]!.answers.overall, 5);
    assert.equal(mine[0]!.locale, 'fi');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the Swedish page shows the form in Swedish', async () => {
    const page = await demo.browser.newPage();
    await page.goto(`${demo.server.url}/sv.html`);
    await page.locator('luukku-feedback [part~="heading"]').waitFor({ timeout: 20_000 });
    const heading = await page.locator('luukku-feedback [part~="heading"]').textContent();
    const fiPage = await demo.browser.newPage();
    await fiPage.goto(`${demo.server.url}/pelastuslaitos.html`);
    await fiPage.locator('luukku-feedback [part~="heading"]').waitFor({ timeout: 20_000 });
    const fiHeading = await fiPage.locator('luukku-feedback [part~="heading"]').textContent();
    assert.notEqual(heading?.trim(), fiHeading?.trim());
    assert.equal(await page.locator('luukku-feedback [part~="base"]').getAttribute('lang'), 'sv');
    await page.close();
    await fiPage.close();
  });

  test('staff self-assessment on the intranet page is stored apart and shows in the summary beside customer feedback', async () => {
    const page = await demo.browser.newPage();
    await page.goto(`${demo.server.url}/henkilosto.html?luukku-event=TAR-2026-STAFF`);
    const key = page.locator('luukku-feedback input[type="password"]');
    await key.waitFor({ timeout: 20_000 });
    await key.focus();
    await page.keyboard.type(demo.server.staffKey);
    await answerWithKeyboard(page, 'Tarkastus sujui, aikataulu piti.');
    await pressSubmit(page);
    await page.locator('luukku-feedback [part~="confirmation"]').waitFor({ timeout: 20_000 });

    const res = await fetch(`${demo.server.url}/v1/feedback/summary?organisation=demo-pelastuslaitos&service=fire-inspection`, {
      headers: { authorization: `Bearer ${demo.server.staffKey}` },
    });
    assert.equal(res.status, 200);
    const summary = (await res.json()) as { rows: { selfAssessment: { count: number }; customer: { count: number } }[] };
    const self = summary.rows.reduce((n, r) => n + r.selfAssessment.count, 0);
    assert.equal(self, 1, 'one self-assessment, counted apart from customer feedback');
    // Not among the customer feedback.
    assert.equal((await staffList()).filter((i) => i.freeText === 'Tarkastus sujui, aikataulu piti.').length, 0);
    await page.close();
  });

  test('offline: the answer waits on the device, survives a reload and is delivered exactly once', async () => {
    const context = await demo.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${demo.server.url}/pelastuslaitos.html?luukku-event=TAR-2026-OFFLINE`);
    const text = `E2E offline ${Date.now()}`;
    await answerWithKeyboard(page, text);

    // The network is gone: every API call fails as it would without a connection.
    let blocked = 0;
    await context.route('**/v1/**', (route) => {
      blocked++;
      return route.abort('internetdisconnected');
    });
    await pressSubmit(page);
    await page.locator('luukku-feedback [part~="queued"]').waitFor({ timeout: 20_000 });
    assert.ok(blocked >= 1, 'the submit reached the (blocked) network');
    assert.equal((await staffList()).filter((i) => i.freeText === text).length, 0);

    // Close the tab while still offline, then come back online and open the page again.
    await page.close();
    await context.unroute('**/v1/**');
    const posts: string[] = [];
    context.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/v1/feedback')) posts.push(r.headers()['idempotency-key'] ?? '');
    });
    const again = await context.newPage();
    await again.goto(`${demo.server.url}/pelastuslaitos.html`);
    const deadline = Date.now() + 20_000;
    while ((await staffList()).filter((i) => i.freeText === text).length === 0) {
      assert.ok(Date.now() < deadline, 'the queued answer was delivered after the reload');
      await new Promise((r) => setTimeout(r, 250));
    }
    // Give any duplicate delivery a chance to show up, then count.
    await again.reload();
    await again.locator('luukku-feedback [part~="form"]').waitFor({ timeout: 20_000 });
    await new Promise((r) => setTimeout(r, 1500));
    const stored = (await staffList()).filter((i) => i.freeText === text);
    assert.equal(stored.length, 1, 'delivered exactly once');
    assert.equal(stored[0]!.serviceEvent, 'TAR-2026-OFFLINE');
    assert.ok(posts.length >= 1 && posts.every((k) => k === posts[0]), 'every retry carried the same Idempotency-Key');
    await context.close();
  });
});
