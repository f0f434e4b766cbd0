/**
 * End to end on the demo site (real server, PGlite on disk, Chromium): an organiser reserves
 * a free slot at the market square on the city's event page (a hold), a second organiser asks
 * for the same days (the queue, position 1), the city's official rejects the first hold on the
 * staff intranet, and the second organiser's "check my place" shows the promotion to a hold.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { useDemoSite } from './demo-site.js';

const demo = useDemoSite();
const MAP = 'luukku-venue-map';

async function organiser(browser: Browser, url: string, name: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale: 'fi-FI' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`${url}/tapahtuma.html?vm.venue=kauppatori`);
  await page.locator(`${MAP} #card-heading`).waitFor({ timeout: 20_000 });
  // One heading above the venue map, the widget's own, at the page's level 2 (no page heading doubling it).
  assert.deepEqual(await page.locator('#venues-heading').evaluate((s) => [...s.querySelectorAll('h1, h2, h3, h4, h5, h6')].length), 0);
  assert.equal(
    await page
      .locator(`${MAP} [part~="heading"]`)
      .first()
      .evaluate((h) => h.tagName),
    'H2',
  );
  const fill = (id: string, value: string) => page.locator(`${MAP} #${id}`).fill(value);
  // Dates are day / month / year fields (src/ui/date-fields.ts).
  const date = async (id: string, [day, month, year]: [string, string, string]) => {
    await fill(`${id}-day`, day);
    await fill(`${id}-month`, month);
    await fill(`${id}-year`, year);
  };
  await date('r-startDate', ['10', '9', '2027']);
  await date('r-endDate', ['11', '9', '2027']);
  await fill('r-name', name);
  await fill('r-organisation', 'Kaupunginosayhdistys ry');
  await fill('r-email', `${name.toLowerCase().replace(/\W+/g, '.')}@example.org`);
  await fill('r-eventName', 'Syysmarkkinat');
  await fill('r-attendance', '800');
  await page.locator(`${MAP} [part~="form"] button[type="submit"]`).press('Enter');
  await page.locator(`${MAP} [part~="outcome"]`).waitFor({ timeout: 10_000 });
  return { page, errors };
}

const outcome = (page: Page) => page.locator(`${MAP} [part~="outcome"]`).innerText();

describe('venue map on the city event page and the staff intranet', () => {
  test('a hold, a queue, the official rejects the first, the second is promoted', async () => {
    const first = await organiser(demo.browser, demo.server.url, 'Maija Meikäläinen');
    assert.match(await outcome(first.page), /Alustava varaus on tehty/);
    const second = await organiser(demo.browser, demo.server.url, 'Olli Toinen');
    assert.match(await outcome(second.page), /Olet jonossa[\s\S]*sijalla 1/);

    // The city's staff key, as the server printed and kept it on first start.
    const keys = readFileSync(join(demo.server.dataDir, 'staff-keys.txt'), 'utf8');
    const key = /demo-kaupunki[^:]*: (\S+)/.exec(keys)?.[1];
    assert.ok(key, keys);

    const staffPage = await (await demo.browser.newContext({ locale: 'fi-FI' })).newPage();
    const staffErrors: string[] = [];
    staffPage.on('pageerror', (e) => staffErrors.push(e.message));
    await staffPage.goto(`${demo.server.url}/henkilosto.html`);
    const staff = staffPage.locator(`${MAP}[staff]`);
    await staff.locator('#f-staffKey').waitFor({ timeout: 20_000 });
    await staff.locator('#f-staffKey').fill(key);
    await staff.locator('#f-staffKey').press('Enter');
    const row = staff.locator('tr', { hasText: 'Maija Meikäläinen' });
    await row.waitFor({ timeout: 10_000 });
    assert.match(await staff.locator('tr', { hasText: 'Olli Toinen' }).innerText(), /Jonossa \(1\.\)/);
    await row.locator('input[type="text"]').fill('Päällekkäinen kaupungin oma tapahtuma');
    await row.getByRole('button', { name: 'Hylkää' }).click();
    await staff.locator('tr', { hasText: 'Olli Toinen' }).filter({ hasText: 'Alustava varaus' }).waitFor({ timeout: 10_000 });
    assert.equal(await staff.locator('tr', { hasText: 'Maija Meikäläinen' }).count(), 0);

    await second.page.locator(`${MAP} [part~="outcome"] button`, { hasText: 'Tarkista jonopaikkani' }).click();
    await second.page.locator(`${MAP} [part~="outcome"]`, { hasText: 'Vuorosi tuli' }).waitFor({ timeout: 10_000 });
    assert.match(await outcome(second.page), /varattu sinulle alustavasti/);
    assert.deepEqual([...first.errors, ...second.errors, ...staffErrors], []);
  });
});
