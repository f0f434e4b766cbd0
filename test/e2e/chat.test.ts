/**
 * The chat advisor end to end on the demo site: a person on the city's event page and an
 * official on the staff intranet, in two browser contexts, converse keyboard only; the
 * official saves the answer, a second official reviews and publishes it, and the next person
 * typing a similar question gets it as a suggestion. The person downloads the transcript by
 * keyboard too.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { useDemoSite } from './demo-site.js';

// A Tuesday 10:00 in Helsinki: the desks are open whatever the time of the test run.
const demo = useDemoSite({ LUUKKU_CHAT_CLOCK: '2026-03-10T08:00:00Z', LUUKKU_RATE_LIMIT_PER_MINUTE: '1000' });

const cityKey = (): string => {
  const m = /demo-kaupunki[^:]*: (\S+)/.exec(demo.server.output());
  assert.ok(m?.[1], 'the demo-kaupunki staff key was announced');
  return m[1];
};

// The intranet page holds five staff widgets: Tab may pass through all of them and wrap around.
async function tabTo(page: Page, selector: string, max = 300): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (
      await page.evaluate((s) => {
        let a: Element | null = document.activeElement;
        while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
        return a?.matches(s) ?? false;
      }, selector)
    )
      return;
  }
  throw new Error(`keyboard focus never reached ${selector}`);
}

async function signIn(browser: Browser, name: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${demo.server.url}/henkilosto.html#chat-console-heading`);
  const console = page.locator('luukku-chat-console');
  await console.locator('#f-key').waitFor({ timeout: 20_000 });
  await tabTo(page, '#f-key');
  await page.keyboard.type(cityKey());
  await page.keyboard.press('Tab');
  await page.keyboard.type(name);
  await page.keyboard.press('Enter');
  await console.locator('h4[part~="step-heading"]').waitFor({ timeout: 20_000 });
  await page.waitForFunction(() => document.querySelector('luukku-chat-console')?.shadowRoot?.querySelector('#f-key') === null);
  return page;
}

describe('chat on the demo site', () => {
  test('a person and an official converse keyboard only; a saved answer is reviewed, then suggested', async () => {
    const official = await signIn(demo.browser, 'Virkailija Anna');

    const person = await (await demo.browser.newContext()).newPage();
    const errors: string[] = [];
    person.on('pageerror', (e) => errors.push(e.message));
    await person.goto(`${demo.server.url}/tapahtuma.html`);
    const chat = person.locator('luukku-chat');
    await chat.locator('[part~="launcher"]').waitFor({ timeout: 20_000 });
    await tabTo(person, '[part~="launcher"]');
    await person.keyboard.press('Enter');
    await chat.locator('#chat-q').waitFor({ timeout: 20_000 });
    await tabTo(person, '#chat-q');
    await person.keyboard.type('mielenosoitus');
    await chat.locator('.suggestions .article').first().waitFor({ timeout: 10_000 });
    assert.match((await chat.locator('.suggestions').innerText()).toLowerCase(), /24 tuntia/);

    // Ask an official: consent first, then the topic and the queue.
    await tabTo(person, '[part~="ask"]');
    await person.keyboard.press('Enter');
    await chat.locator('[part~="consent"]').waitFor();
    await tabTo(person, '[part~="consent"] button');
    await person.keyboard.press('Enter');
    await chat.locator('[part~="start"]').waitFor({ timeout: 10_000 });
    await tabTo(person, '[part~="start"]');
    await person.keyboard.press('Enter');
    await chat.locator('[part~="queue"]').waitFor({ timeout: 10_000 });
    await tabTo(person, '#chat-text');
    await person.keyboard.type('Saako puistoon pystyttää saunateltan?');
    await person.keyboard.press('Enter');

    // The official claims it, answers and saves the answer.
    const console = official.locator('luukku-chat-console');
    await console.locator('[part~="claim"]').first().waitFor({ timeout: 15_000 });
    await tabTo(official, '[part~="claim"]');
    await official.keyboard.press('Enter');
    await console.locator('[part~="log"]').getByText('saunateltan').waitFor({ timeout: 10_000 });
    // Claiming read the question: the person's message goes from "delivered" to "read".
    await chat
      .locator('[part~="message"]')
      .filter({ hasText: 'saunateltan' })
      .getByText('Luettu', { exact: true })
      .waitFor({ timeout: 10_000 });
    await tabTo(official, '#f-answer');
    await official.keyboard.type('Saunateltta puistossa tarvitsee alueluvan kaupungilta ja paloturvallisuusselvityksen.');
    await tabTo(official, '[part~="send"]');
    await official.keyboard.press('Enter');
    await chat.locator('[part~="log"]').getByText('alueluvan kaupungilta').waitFor({ timeout: 10_000 });
    // The person sees who answers.
    await chat.locator('[part~="step-heading"]').getByText('Virkailija Anna').waitFor({ timeout: 10_000 });
    await tabTo(official, '[part~="save-answer"]');
    await official.keyboard.press('Enter');
    await console.locator('[part~="notice"]').waitFor({ timeout: 10_000 });

    // The person ends the conversation: transcript links and the satisfaction question.
    await tabTo(person, '[part~="end"]');
    await person.keyboard.press('Enter');
    await chat.locator('[part~="transcript"]').first().waitFor({ timeout: 10_000 });
    await tabTo(person, '[part~="transcript"]');
    const [download] = await Promise.all([person.waitForEvent('download'), person.keyboard.press('Enter')]);
    const transcript = await readFile(await download.path(), 'utf8');
    assert.match(transcript, /saunateltan/);
    assert.match(transcript, /alueluvan kaupungilta/);

    // The satisfaction question, keyboard only: it lands in the same comparable feedback data as <luukku-feedback>.
    await chat.locator('[part~="satisfaction"]').first().waitFor({ timeout: 10_000 });
    await tabTo(person, '[part~="satisfaction"] input[type="radio"]');
    for (let i = 0; i < 3; i++) await person.keyboard.press('ArrowRight');
    await tabTo(person, '[part~="rate"]');
    await person.keyboard.press('Enter');
    await chat.locator('[part~="thanks"]').waitFor({ timeout: 10_000 });
    const stored = await fetch(`${demo.server.url}/v1/feedback?organisation=demo-kaupunki&limit=50`, {
      headers: { authorization: `Bearer ${cityKey()}` },
    });
    assert.equal(stored.status, 200);
    const rated = ((await stored.json()) as { items: { service: string; answers: Record<string, number> }[] }).items.filter(
      (i) => i.service === 'customer-service',
    );
    assert.ok(
      rated.some((i) => i.answers.overall === 4),
      `the rating is stored as customer-service feedback (${JSON.stringify(rated)})`,
    );

    // Another official reviews and publishes the saved answer.
    const reviewer = await signIn(demo.browser, 'Virkailija Eero');
    const reviewConsole = reviewer.locator('luukku-chat-console');
    await reviewConsole.locator('[part~="publish"]').first().waitFor({ timeout: 10_000 });
    await tabTo(reviewer, '[part~="publish"]');
    await reviewer.keyboard.press('Enter');
    await reviewConsole.locator('[part~="notice"]').getByText('Julkaistu').waitFor({ timeout: 10_000 });

    // The next person gets it as a suggestion.
    const next = await (await demo.browser.newContext()).newPage();
    await next.goto(`${demo.server.url}/tapahtuma.html`);
    const chat2 = next.locator('luukku-chat');
    await chat2.locator('[part~="launcher"]').waitFor({ timeout: 20_000 });
    await tabTo(next, '[part~="launcher"]');
    await next.keyboard.press('Enter');
    await chat2.locator('#chat-q').waitFor();
    await tabTo(next, '#chat-q');
    await next.keyboard.type('saunateltta');
    await chat2.locator('.suggestions').getByText('alueluvan kaupungilta').waitFor({ timeout: 10_000 });
    // …marked as reviewed by an official.
    const saved = chat2.locator('.suggestions .article', { hasText: 'alueluvan kaupungilta' }).first();
    assert.match(await saved.locator('.badge').innerText(), /tarkistama/);
    assert.deepEqual(errors, []);
  });
});
