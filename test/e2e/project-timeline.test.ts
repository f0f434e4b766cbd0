/**
 * End to end on the demo site: the permit explorer's result on the city's event page becomes a
 * project (<luukku-project-timeline create>), the organiser marks the rescue plan submitted, an
 * official of the rescue department confirms receipt and requests information in another
 * browser context (the staff intranet), and the organiser sees both and answers.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { useDemoSite } from './demo-site.js';

const demo = useDemoSite();
const TL = 'luukku-project-timeline';
// The v2 title (the plan is also required for invitation-only "other events": 379/2011 s. 16).
const RESCUE_PLAN = 'Tilaisuuden pelastussuunnitelma';

const inDays = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

function resultUrl(base: string): string {
  const q = new URLSearchParams({
    'pe.step': 'result',
    'pe.eventType': 'public-event',
    'pe.startDate': inDays(60),
    'pe.startTime': '16:00',
    'pe.venue': 'public-area',
    'pe.attendance': '1500',
    'pe.alcohol': 'no',
    'pe.food': 'no',
    'pe.music': 'yes',
    'pe.amplifiedSound': 'no',
    'pe.structures': 'no',
    'pe.trafficImpact': 'no',
    'pe.stewards': 'no',
    'pe.lottery': 'no',
    'pe.drones': 'no',
    'pe.openFire': 'no',
    'pe.laser': 'no',
  });
  return `${base}/tapahtuma.html?${q.toString()}`;
}

async function openDetails(page: Page, title: string): Promise<void> {
  const cell = page.locator(`${TL} [role="rowheader"]`, { hasText: title }).first();
  await cell.waitFor({ timeout: 20_000 });
  await cell.focus();
  await page.keyboard.press('Enter');
  await page.locator(`${TL} #details-heading`).waitFor();
}

const details = (page: Page) => page.locator(`${TL} .details`);

describe('project timeline on the demo site', () => {
  test('explorer result → project; the official confirms receipt and requests information; the organiser sees both and answers', async () => {
    const organiser = await demo.browser.newContext();
    const official = await demo.browser.newContext();
    try {
      const page = await organiser.newPage();
      await page.goto(resultUrl(demo.server.url));
      const create = page.locator(`${TL} button`, { hasText: 'Luo hanke tästä tuloksesta' });
      await create.waitFor({ timeout: 20_000 });
      await create.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/[?&]project=/, { timeout: 20_000 });
      const token = new URL(page.url()).searchParams.get('project') ?? '';
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      assert.match(await page.locator(`${TL} #private-link`).inputValue(), new RegExp(token));

      // The organiser marks the rescue plan submitted (the first allowed state), with a reference.
      await openDetails(page, RESCUE_PLAN);
      await details(page).locator('input[id^="ref:"]').fill('oma-1');
      await details(page).getByRole('button', { name: 'Tallenna', exact: true }).click();
      await page.locator(`${TL} [role="rowheader"]`, { hasText: RESCUE_PLAN }).waitFor();
      await page.locator(`${TL} .details .state`, { hasText: 'Jätetty' }).waitFor({ timeout: 10_000 });

      // The official, in another context, with the rescue department's staff key.
      const staff = await official.newPage();
      await staff.goto(`${demo.server.url}/henkilosto.html`);
      const key = staff.locator(`${TL} #f-staffKey`);
      await key.waitFor({ timeout: 20_000 });
      await key.fill(demo.server.staffKey);
      await key.press('Enter');
      await openDetails(staff, RESCUE_PLAN);
      await details(staff).locator('input[id^="ref:"]').fill('PEL/77/2027');
      await details(staff).locator('textarea[id^="note:"]').fill('Saapunut, käsittelemme.');
      await details(staff).getByRole('button', { name: 'Tallenna', exact: true }).click();
      await staff.locator(`${TL} .details .state`, { hasText: 'Vastaanotettu' }).waitFor({ timeout: 10_000 });
      await details(staff).locator('textarea[id^="q:"]').fill('Lisää pelastustiet asemapiirrokseen.');
      const [dueYear, dueMonth, dueDay] = inDays(7).split('-') as [string, string, string];
      await details(staff).locator('input[id^="due-"][id$="-day"]').fill(dueDay);
      await details(staff).locator('input[id^="due-"][id$="-month"]').fill(dueMonth);
      await details(staff).locator('input[id^="due-"][id$="-year"]').fill(dueYear);
      await details(staff).getByRole('button', { name: 'Pyydä lisätietoja', exact: true }).click();
      await staff.locator(`${TL} .details .state`, { hasText: 'Lisätietoja pyydetty' }).waitFor({ timeout: 10_000 });

      // The organiser reloads the private link: both are there; the answer goes back to processing.
      await page.goto(page.url());
      await openDetails(page, RESCUE_PLAN);
      const text = await details(page).innerText();
      assert.match(text, /PEL\/77\/2027/);
      assert.match(text, /Lisätietoja pyydetty/);
      assert.match(text, /Lisää pelastustiet asemapiirrokseen\./);
      assert.match(text, /Saapunut, käsittelemme\./);
      await details(page).locator('.requests textarea').fill('Piirros liitteenä.');
      await details(page).getByRole('button', { name: 'Lähetä vastaus' }).click();
      await page.locator(`${TL} .details .state`, { hasText: 'Käsittelyssä' }).waitFor({ timeout: 10_000 });
      assert.match(await details(page).innerText(), /Vastattu: Piirros liitteenä\./);

      // The official sees the answer.
      await staff.reload();
      const key2 = staff.locator(`${TL} #f-staffKey`);
      await key2.waitFor({ timeout: 20_000 });
      await key2.fill(demo.server.staffKey);
      await key2.press('Enter');
      await openDetails(staff, RESCUE_PLAN);
      assert.match(await details(staff).innerText(), /Vastattu: Piirros liitteenä\./);

      // The organiser's read-only calendar feed: made from the element, a calendar without the project token.
      await page.locator(`${TL} #feed-show`).click();
      await page.locator(`${TL} #feed-make`).click();
      const feedUrl = await page.locator(`${TL} #feed-url`).inputValue({ timeout: 10_000 });
      assert.ok(!feedUrl.includes(token), feedUrl);
      const ics = await page.request.get(feedUrl);
      assert.equal(ics.status(), 200);
      const calendar = await ics.text();
      assert.match(calendar, /BEGIN:VCALENDAR/);
      assert.ok(!calendar.includes(token));
      // Renewed from the element: the old address is gone (410).
      await page.locator(`${TL} #feed-renew`).click();
      await page.locator(`${TL} .feed [role="group"] .btn-danger`).click();
      await page.waitForFunction(
        ([sel, old]) => (document.querySelector(sel)?.shadowRoot?.querySelector<HTMLInputElement>('#feed-url')?.value ?? old) !== old,
        [TL, feedUrl] as const,
      );
      assert.equal((await page.request.get(feedUrl)).status(), 410);
    } finally {
      await organiser.close();
      await official.close();
    }
  });
});
