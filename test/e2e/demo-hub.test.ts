/**
 * A newcomer's first pages: the demo hub at / links every demo page, and the embedding guide's
 * snippet builders give code that works on this server and can be copied with the keyboard.
 * Both pages pass axe and cause no CSP violation (the demo server sends a CSP) or console error.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { useDemoSite } from './demo-site.js';

const demo = useDemoSite();
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Opened {
  page: Page;
  context: BrowserContext;
  problems: string[];
  violations: () => Promise<string[]>;
}

async function open(path: string, context?: BrowserContext): Promise<Opened> {
  const ctx = context ?? (await demo.browser.newContext());
  await ctx.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`), true);
  });
  const page = await ctx.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  const res = await page.goto(`${demo.server.url}${path}`);
  assert.equal(res?.status(), 200, `${path} answers 200`);
  return { page, context: ctx, problems, violations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp) };
}

/** axe with the same WCAG 2.2 AA rule set as the component tests; returns "rule: target" lines. */
async function axe(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const run = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const result = await run.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      rules: { 'target-size': { enabled: true } },
    });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  });
}

describe('the demo hub', () => {
  test('links every demo page, each of which answers, and passes axe', async () => {
    const { page, context, problems, violations } = await open('/');
    assert.equal(await page.locator('h1').textContent(), 'Luukku demo');
    const hrefs = await page.locator('main a[href^="/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    const linked = new Set(hrefs.map((h) => new URL(h, 'http://x').pathname));
    // Every page of src/demo is reachable from the hub (the bench page is a measuring harness, not a demo).
    const pages = readdirSync(new URL('../../src/demo/', import.meta.url)).filter((f) => f.endsWith('.html') && f !== 'index.html');
    for (const file of pages) assert.ok(linked.has(`/${file}`), `the hub links /${file}`);
    for (const href of hrefs) {
      const res = await fetch(`${demo.server.url}${href}`);
      assert.equal(res.status, 200, `${href} answers 200`);
    }
    assert.deepEqual(await axe(page), []);
    assert.deepEqual(await violations(), []);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('each demo page links back to the hub', async () => {
    const pages = readdirSync(new URL('../../src/demo/', import.meta.url)).filter((f) => f.endsWith('.html') && f !== 'index.html');
    for (const file of pages) {
      const html = await (await fetch(`${demo.server.url}/${file}`)).text();
      assert.match(html, /<a href="\/">/, `${file} links to /`);
    }
  });
});

describe('reflow at 320 px (WCAG 1.4.10)', () => {
  test('the hub and the embedding guide need no horizontal scrolling', async () => {
    const context = await demo.browser.newContext({ viewport: { width: 320, height: 640 } });
    for (const path of ['/', '/embed.html']) {
      const { page } = await open(path, context);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 320, `${path} is ${width} px wide`);
      await page.close();
    }
    await context.close();
  });
});

describe('the embedding guide', () => {
  test('the feedback snippet builder: options by keyboard, the code follows, copy with Enter, preview renders', async () => {
    const context = await demo.browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: demo.server.url });
    const { page, problems, violations } = await open('/embed.html', context);
    const code = page.locator('#fb-code');
    await page.waitForFunction(() => document.querySelector('#fb-code')?.textContent.includes(location.origin));

    // Keyboard only: organisation → the second one; language → Swedish; plain language on.
    await page.locator('#fb-organisation').focus();
    await page.keyboard.press('ArrowDown');
    await page.locator('#fb-lang').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.locator('#feedback-builder input[name="plain-language"]').focus();
    await page.keyboard.press('Space');
    const snippet = (await code.textContent()) ?? '';
    const origin = demo.server.url;
    assert.equal(
      snippet,
      `<script type="module" src="${origin}/luukku/autoload.js"></script>\n\n<luukku-feedback\n  api="${origin}/"\n  organisation="demo-raddningsverk"\n  service="fire-inspection"\n  lang="sv"\n  plain-language></luukku-feedback>`,
    );

    await page.locator('#feedback-builder [data-copy]').focus();
    await page.keyboard.press('Enter');
    const status = page.locator('[data-copied-for="fb-code"]');
    await page.waitForFunction(() => document.querySelector('[data-copied-for="fb-code"]')?.textContent !== '');
    assert.equal(await status.getAttribute('role'), 'status', 'announced politely');
    assert.equal(await status.textContent(), 'Copied to the clipboard.');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet);

    // The preview is the snippet's element, live on this server.
    await page.locator('#feedback-builder summary').focus();
    await page.keyboard.press('Enter');
    const heading = page.locator('#feedback-builder luukku-feedback [part~="heading"]');
    await heading.waitFor({ timeout: 20_000 });
    assert.equal(await page.locator('#feedback-builder luukku-feedback [part~="base"]').getAttribute('lang'), 'sv');
    await page.locator('#feedback-builder luukku-feedback [part~="form"]').waitFor({ timeout: 20_000 });

    assert.deepEqual(await axe(page), []);
    assert.deepEqual(await violations(), []);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('every organisation, service and mode the builders offer exists on the server', async () => {
    const { page, context } = await open('/embed.html');
    const feedbackOrgs = await page.locator('#fb-organisation option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
    assert.ok(feedbackOrgs.length >= 2);
    for (const organisation of feedbackOrgs) {
      await page.locator('#fb-organisation').selectOption(organisation);
      const services = await page.locator('#fb-service option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
      assert.ok(services.length >= 1, `${organisation} offers services`);
      for (const service of services) {
        const res = await fetch(`${demo.server.url}/v1/feedback/form?organisation=${organisation}&service=${service}`);
        assert.equal(res.status, 200, `${organisation}/${service} has a form`);
      }
    }
    const explorerOrgs = await page.locator('#pe-organisation option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
    const modes = await page.locator('#pe-mode option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value));
    for (const organisation of explorerOrgs) {
      for (const mode of modes) {
        const res = await fetch(`${demo.server.url}/v1/permits/packs/${mode}?organisation=${organisation}`);
        assert.equal(res.status, 200, `${organisation} has a ${mode} pack`);
      }
    }
    await page.locator('#pe-mode').selectOption('industrial');
    assert.match(
      (await page.locator('#pe-code').textContent()) ?? '',
      /<luukku-permit-explorer\n {2}api="[^"]+\/"\n {2}organisation="demo-kaupunki"\n {2}mode="industrial"><\/luukku-permit-explorer>$/,
    );
    await context.close();
  });
});
