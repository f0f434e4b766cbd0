/**
 * End to end, keyboard only: a city's event page on the real server, from the first
 * question of <luukku-permit-explorer> to the downloaded .ics calendar of deadlines, including
 * the skip-and-return path (skip a question, come back to it from the result, return).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { useDemoSite } from './demo-site.js';

const demo = useDemoSite();

const EXPLORER = 'luukku-permit-explorer';

interface Focused {
  tag: string;
  type: string;
  part: string;
  /** The class list: the shared button styles (primary, secondary) are classes, not CSS parts. */
  cls: string;
  text: string;
}

/** What the focused element inside the explorer is: its tag, type, part, classes and text. */
async function focused(page: Page): Promise<Focused> {
  return page.evaluate(`(() => {
    const el = document.querySelector('${EXPLORER}')?.shadowRoot?.activeElement;
    return { tag: el?.localName ?? '', type: el?.getAttribute('type') ?? '', part: el?.getAttribute('part') ?? '', cls: el?.getAttribute('class') ?? '', text: (el?.textContent ?? '').trim() };
  })()`);
}

/** Presses Tab until the focused element matches, as a keyboard user would. */
async function tabTo(page: Page, match: (f: Focused) => boolean, what: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (match(await focused(page))) return;
  }
  assert.fail(`Tab never reached ${what}`);
}

const step = (page: Page): string => new URL(page.url()).searchParams.get('pe.step') ?? '';

async function waitForStepChange(page: Page, from: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (step(page) === from) {
    assert.ok(Date.now() < deadline, `the explorer stayed on step ${from}`);
    await page.waitForTimeout(50);
  }
}

/** Answers for the event pack by question id; anything else is skipped. */
const answers: Record<string, { kind: 'type'; text: string } | { kind: 'date'; parts: string[] } | { kind: 'first' } | { kind: 'second' }> =
  {
    eventType: { kind: 'first' }, // public event
    // Day, month and year fields in the page's language, whatever the browser's (en-US here): 12 June 2027.
    startDate: { kind: 'date', parts: ['12', '6', '2027'] },
    venue: { kind: 'first' }, // public street or park
    attendance: { kind: 'type', text: '5000' },
    alcohol: { kind: 'first' }, // yes
    alcoholArea: { kind: 'second' }, // a fixed-term licence
    food: { kind: 'first' },
    foodSeller: { kind: 'first' }, // a registered mobile seller
    music: { kind: 'first' },
    amplifiedSound: { kind: 'first' },
    specialEffects: { kind: 'first' }, // fireworks display
    openFire: { kind: 'second' }, // no
    // laser: skipped on purpose — the result's "check these first" link brings the person back to it.
    structures: { kind: 'first' },
    trafficImpact: { kind: 'second' },
    exitsUnusual: { kind: 'second' },
    stewards: { kind: 'first' },
    drones: { kind: 'second' },
  };

describe('permit explorer on the city event page', () => {
  test('keyboard only: every question, the summary, the result and the .ics download', async () => {
    const context = await demo.browser.newContext({ locale: 'en-US', acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${demo.server.url}/tapahtuma.html`);
    await page.locator(`${EXPLORER} [part~="step-heading"]`).waitFor({ timeout: 20_000 });

    const seen: string[] = [];
    for (let i = 0; i < 60 && !['summary', 'result'].includes(step(page)); i++) {
      const before = step(page);
      const current = before || 'eventType';
      seen.push(current);
      const plan = answers[current];
      // Focus is on the question's heading: Tab into the field and answer.
      if (plan?.kind === 'date') {
        await tabTo(page, (f) => f.tag === 'input', 'the day field');
        for (const [i, part] of plan.parts.entries()) {
          if (i > 0) await page.keyboard.press('Tab');
          await page.keyboard.type(part);
        }
        await page.keyboard.press('Enter'); // submits the step
      } else if (plan?.kind === 'type') {
        await tabTo(page, (f) => f.tag === 'input', 'the answer field');
        await page.keyboard.type(plan.text);
        await page.keyboard.press('Enter'); // submits the step
      } else if (plan) {
        await tabTo(page, (f) => f.tag === 'input', 'the first option');
        if (plan.kind === 'first') await page.keyboard.press('Space');
        else await page.keyboard.press('ArrowDown'); // moves to and selects the second option
        await tabTo(page, (f) => f.tag === 'button' && /\bprimary\b/.test(f.cls), 'the Next button');
        await page.keyboard.press('Enter');
      } else {
        await tabTo(page, (f) => f.tag === 'button' && /\bsecondary\b/.test(f.cls), 'the Skip button');
        await page.keyboard.press('Enter');
      }
      await waitForStepChange(page, before);
      // The next question's heading has focus, so a screen reader reads it first.
      if (!['summary', 'result'].includes(step(page))) {
        assert.match((await focused(page)).part, /step-heading/, `focus on the heading after ${current}`);
      }
    }
    assert.equal(step(page), 'summary', `reached the summary (steps: ${seen.join(' → ')})`);
    assert.ok(seen.includes('soundUntil'), 'amplified sound outdoors asked until when');
    assert.ok(!seen.includes('laserAudience'), 'no laser: its follow-up question was not asked');

    await tabTo(page, (f) => f.tag === 'button' && /\bprimary\b/.test(f.cls), 'Show result');
    await page.keyboard.press('Enter');
    await waitForStepChange(page, 'summary');
    assert.equal(step(page), 'result');
    const obligations = page.locator(`${EXPLORER} [part~="obligation"]`);
    await obligations.first().waitFor({ timeout: 10_000 });
    const titles = await page.locator(`${EXPLORER} [part~="obligation-title"]`).allTextContents();
    assert.ok(titles.length >= 5, `several obligations (${titles.join(' | ')})`);

    // Skip and return: the skipped laser question is among "check these first"; its link opens it,
    // the answer is accepted and Next returns to the result (issue 8, dead end 1).
    assert.ok(seen.includes('laser'), 'the laser question was offered (and skipped)');
    await tabTo(page, (f) => f.tag === 'a' && /laser/i.test(f.text), 'the link to the skipped laser question');
    await page.keyboard.press('Enter');
    await waitForStepChange(page, 'result');
    assert.equal(step(page), 'laser');
    assert.match((await focused(page)).part, /step-heading/);
    await tabTo(page, (f) => f.tag === 'input', 'the first option');
    await page.keyboard.press('ArrowDown'); // No
    await tabTo(page, (f) => f.tag === 'button' && /\bprimary\b/.test(f.cls), 'the Next button');
    await page.keyboard.press('Enter');
    await waitForStepChange(page, 'laser');
    assert.equal(step(page), 'result', 'back at the result after answering');
    assert.match((await focused(page)).part, /step-heading/);
    await obligations.first().waitFor({ timeout: 10_000 });
    assert.equal(await page.locator(`${EXPLORER} .warnings a[href*="pe.step=laser"]`).count(), 0, 'the laser question is no longer open');

    // The result can be bookmarked: the same URL in a new tab shows the same list.
    const again = await context.newPage();
    await again.goto(page.url());
    await again.locator(`${EXPLORER} [part~="obligation"]`).first().waitFor({ timeout: 20_000 });
    const titlesNow = await page.locator(`${EXPLORER} [part~="obligation-title"]`).allTextContents();
    assert.deepEqual(await again.locator(`${EXPLORER} [part~="obligation-title"]`).allTextContents(), titlesNow);
    await again.close();

    const downloading = page.waitForEvent('download');
    // Past every item's links and its "done" box (issue 8 added one tab stop per item).
    await tabTo(page, (f) => f.tag === 'button' && /\.ics|calendar|kalenteri/i.test(f.text), 'the calendar download', 200);
    await page.keyboard.press('Enter');
    const download = await downloading;
    assert.match(download.suggestedFilename(), /\.ics$/);
    const path = await download.path();
    const ics = await readFile(path, 'utf8');
    assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
    assert.match(ics, /END:VCALENDAR\r\n?$/);
    const events = ics.split('BEGIN:VEVENT').length - 1;
    assert.ok(events >= 6, `the event and one entry per dated deadline (${events})`);
    assert.match(ics, /UID:event-20270612@/);
    assert.match(ics, /DTSTART;VALUE=DATE:2027\d{4}/);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
