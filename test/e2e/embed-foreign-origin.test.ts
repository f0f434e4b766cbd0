/**
 * The embed snippet on an authority's own site, as it really is: another origin than the Luukku
 * server, a strict CSP (script-src and connect-src name only the site itself and the Luukku
 * server; nothing inline, no eval), hostile global CSS, the autoloader twice, and the widgets in
 * the page's language (<html lang="sv">). The widgets are pasted as the embedding guide's snippet
 * builders give them. Both render in Swedish and do their job (the feedback is stored; the explorer
 * shows a result), with no CSP violation and no console error.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { freePort } from '../../scripts/server-process.js';
import { answerFeedbackWithKeyboard, pressFeedbackSubmit, useDemoSite } from './demo-site.js';
import { startHostSite, type HostSite } from './host-site.js';

const hostPort = await freePort();
const hostOrigin = `http://127.0.0.1:${hostPort}`;
// The host's origin goes on every demo organisation's allow-list when the server seeds.
const demo = useDemoSite({ LUUKKU_DEMO_ALLOWED_ORIGINS: hostOrigin, LUUKKU_RATE_LIMIT_PER_MINUTE: '1000' });
let host: HostSite;
/** The code the embedding guide's snippet builders give (defaults: feedback and the events explorer). */
let snippets: string[] = [];

const sv = (ns: string): Record<string, string> =>
  JSON.parse(readFileSync(new URL(`../../src/locales/sv/${ns}.json`, import.meta.url), 'utf8')) as Record<string, string>;

interface Watched {
  page: Page;
  context: BrowserContext;
  /** CSP violations seen by the page (securitypolicyviolation events, shadow roots included). */
  violations: () => Promise<string[]>;
  /** Console errors and warnings, uncaught exceptions and failed requests. */
  problems: string[];
}

async function openHostPage(query = ''): Promise<Watched> {
  const context = await demo.browser.newContext({ locale: 'sv-FI' });
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener(
      'securitypolicyviolation',
      (e) => seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`),
      true,
    );
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    // Software GL (SwiftShader, headless) reports its own slow paths as warnings ("GPU stall due to ReadPixels"): the driver's, not ours.
    if (m.type() === 'warning' && /^\[\.WebGL-[0-9a-fx]+\]GL Driver Message \(OpenGL, Performance/.test(m.text())) return;
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  const response = await page.goto(`${host.origin}/${query}`);
  assert.ok(
    response?.headers()['content-security-policy']?.includes(`script-src 'self' ${demo.server.url}`),
    'the host page sends its strict CSP',
  );
  return { page, context, problems, violations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp) };
}

interface StoredFeedback {
  freeText: string | null;
  locale: string | null;
  service: string;
  answers: Record<string, number>;
}

describe('embedded on an authority site: another origin, strict CSP, hostile CSS, autoloader twice', () => {
  // In the suite, so that the demo site's own hooks (server, browser) have run first.
  before(async () => {
    // The host page is built from what a web editor copies out of the guide at /embed.html.
    const guide = await demo.browser.newPage();
    await guide.goto(`${demo.server.url}/embed.html`, { timeout: 60_000 });
    await guide.waitForFunction(() => document.querySelector('#fb-code')?.textContent.includes(location.origin), undefined, {
      timeout: 60_000,
    });
    snippets = [(await guide.locator('#fb-code').textContent()) ?? '', (await guide.locator('#pe-code').textContent()) ?? ''];
    await guide.close();
    assert.ok(snippets.every((s) => s.includes('/luukku/autoload.js')));
    host = await startHostSite(
      hostPort,
      () => demo.server.url,
      () => snippets,
    );
  });
  after(async () => {
    await host.stop();
  });

  test('the bundles are served for any origin', async () => {
    const res = await fetch(`${demo.server.url}/luukku/autoload.js`, { headers: { origin: hostOrigin } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
  });

  test('feedback renders in the page language (sv), is sent from the host origin and stored', async () => {
    const { page, context, problems, violations } = await openHostPage();
    // The guide's two snippets bring a script tag each, beside the page's own, a second copy and a cache-busted one.
    assert.equal(await page.locator(`script[src="${demo.server.url}/luukku/autoload.js"]`).count(), 4);
    assert.equal(await page.locator(`script[src="${demo.server.url}/luukku/autoload.js?v=2"]`).count(), 1);
    const heading = page.locator('luukku-feedback [part~="heading"]');
    await heading.waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal((await heading.textContent())?.trim(), sv('feedback').title);
    assert.equal(await page.locator('luukku-feedback [part~="base"]').getAttribute('lang'), 'sv');
    // The host's `button { display: none !important }` stays outside the shadow root.
    await page.locator('luukku-feedback [part~="submit"]').waitFor({ state: 'visible', timeout: 20_000 });

    const text = `E2E främmande ursprung ${Date.now()}`;
    const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url() === `${demo.server.url}/v1/feedback`);
    await answerFeedbackWithKeyboard(page, text);
    await pressFeedbackSubmit(page);
    assert.equal((await (await posted).allHeaders()).origin, hostOrigin, 'a cross-origin request from the host site');
    await page.locator('luukku-feedback [part~="confirmation"]').waitFor({ timeout: 20_000 });

    const res = await fetch(`${demo.server.url}/v1/feedback?organisation=demo-pelastuslaitos&limit=500`, {
      headers: { authorization: `Bearer ${demo.server.staffKey}` },
    });
    assert.equal(res.status, 200);
    const mine = ((await res.json()) as { items: StoredFeedback[] }).items.filter((i) => i.freeText === text);
    assert.equal(mine.length, 1, 'stored once');
    assert.equal(mine[0]!.locale, 'sv');
    assert.equal(mine[0]!.service, 'fire-inspection');
    assert.equal(mine[0]!.answers.overall, 5);

    assert.deepEqual(await violations(), [], 'no CSP violation');
    assert.deepEqual(problems, [], 'no console error, warning or failed request');
    await context.close();
  });

  test('a site whose origin is not on the allow-list gets no form: the allow-list is what admits a host', async () => {
    const otherPort = await freePort();
    const other = await startHostSite(
      otherPort,
      () => demo.server.url,
      () => snippets,
    );
    try {
      const context = await demo.browser.newContext({ locale: 'sv-FI' });
      const page = await context.newPage();
      const cors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && /CORS|Access-Control-Allow-Origin/i.test(m.text())) cors.push(m.text());
      });
      await page.goto(`${other.origin}/`);
      // The bundles still load (they are for everyone); the organisation's form does not.
      await page.locator('luukku-feedback [part~="heading"]').waitFor({ state: 'visible', timeout: 20_000 });
      await page.waitForFunction(
        () => (document.querySelector('luukku-feedback') as (HTMLElement & { state?: string }) | null)?.state === 'load-error',
        undefined,
        {
          timeout: 20_000,
        },
      );
      assert.ok(
        cors.some((m) => m.includes('/v1/feedback/form')),
        `the browser reports the refused form request (${cors.join(' | ')})`,
      );
      const preflight = await fetch(`${demo.server.url}/v1/feedback`, {
        method: 'OPTIONS',
        headers: { origin: other.origin, 'access-control-request-method': 'POST' },
      });
      assert.equal(preflight.status, 403);
      assert.equal(((await preflight.json()) as { code: string }).code, 'origin_not_allowed');
      await context.close();
    } finally {
      await other.stop();
    }
  });

  // For normal declarations the host page's rules win over :host (CSS Cascade 4, shadow context), so the widget
  // sets its text styles again on the inner [part~="base"] wrapper, which nothing outside reaches.
  test('the host page’s inherited colour, font and background do not reach the widgets', async () => {
    const { page, context } = await openHostPage();
    for (const tag of ['luukku-feedback', 'luukku-permit-explorer']) {
      const base = page.locator(`${tag} [part~="base"]`);
      await base.waitFor({ state: 'visible', timeout: 20_000 });
      const style = await base.evaluate((el) => {
        const s = getComputedStyle(el);
        const heading = el.querySelector('h2, h3');
        return {
          color: s.color,
          font: s.fontFamily,
          lineHeight: s.lineHeight,
          headingColour: heading ? getComputedStyle(heading).color : '',
        };
      });
      assert.notEqual(style.color, 'rgb(255, 0, 255)', `${tag}: text colour is the widget's own`);
      assert.notEqual(style.headingColour, 'rgb(255, 0, 255)', `${tag}: heading colour is the widget's own`);
      assert.doesNotMatch(style.font, /Comic Sans/, `${tag}: font is the widget's own`);
      assert.notEqual(style.lineHeight, '0.8', `${tag}: line height is the widget's own`);
    }
    await context.close();
  });

  test('the permit explorer renders in Swedish and evaluates a result', async () => {
    const answers = new URLSearchParams({
      'pe.step': 'summary',
      'pe.eventType': 'public-event',
      'pe.startDate': '2027-06-12',
      'pe.venue': 'public-area',
      'pe.attendance': '5000',
      'pe.alcohol': 'yes',
      'pe.food': 'yes',
      'pe.music': 'yes',
      'pe.amplifiedSound': 'yes',
      'pe.specialEffects': 'fireworks-display',
      'pe.structures': 'yes',
      'pe.stewards': 'yes',
    });
    const { page, context, problems, violations } = await openHostPage(`?${answers.toString()}`);
    const explorer = 'luukku-permit-explorer';
    const stepHeading = page.locator(`${explorer} [part~="step-heading"]`);
    await stepHeading.waitFor({ state: 'visible', timeout: 20_000 });
    const texts = sv('permit-explorer');
    assert.equal((await stepHeading.textContent())?.trim(), texts['summary.title']);
    assert.equal(await page.locator(`${explorer} [part~="base"]`).getAttribute('lang'), 'sv');

    await page.locator(`${explorer} button`, { hasText: texts['summary.showResult']! }).click();
    await page.locator(`${explorer} [part~="obligation"]`).first().waitFor({ state: 'visible', timeout: 20_000 });
    const titles = await page.locator(`${explorer} [part~="obligation-title"]`).allTextContents();
    assert.ok(titles.length >= 5, `several obligations (${titles.join(' | ')})`);
    assert.equal(new URL(page.url()).searchParams.get('pe.step'), 'result');
    // The feedback form on the same page loaded too (the second autoloader copy defined nothing twice).
    await page.locator('luukku-feedback [part~="heading"]').waitFor({ state: 'visible', timeout: 20_000 });

    assert.deepEqual(await violations(), [], 'no CSP violation');
    assert.deepEqual(problems, [], 'no console error, warning or failed request');
    await context.close();
  });

  test('a city event page on another origin (CSP with worker-src blob:): venue map and its map, timeline, chat, feedback results and the chat console in Swedish', async () => {
    const { page, context, problems, violations } = await openHostPage('evenemang');
    const csp = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
    assert.match(csp ?? '', /worker-src blob:/);
    // Venue map: the list in Swedish from the reference server, then the map once it scrolls into view.
    const map = 'luukku-venue-map';
    await page.locator(`${map} [part~="heading"]`).waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal((await page.locator(`${map} [part~="heading"]`).textContent())?.trim(), sv('venue-map').title);
    await page.locator(`${map} [part~="table"] tbody tr`).first().waitFor({ timeout: 20_000 });
    assert.ok((await page.locator(`${map} [part~="table"] tbody tr`).count()) >= 5, 'the city’s venues are listed');
    await page.locator(`${map} [part~="map"]`).scrollIntoViewIfNeeded();
    // MapLibre's canvas inside the shadow root: its worker ran from blob: under the host's CSP.
    await page.locator(`${map} [part~="map"] canvas`).waitFor({ state: 'attached', timeout: 30_000 });
    await page.waitForFunction(
      (tag) => {
        const c = document.querySelector(tag)?.shadowRoot?.querySelector<HTMLCanvasElement>('canvas');
        return !!c && c.width > 0 && c.height > 0;
      },
      map,
      { timeout: 30_000 },
    );

    // Project timeline: its create form in Swedish.
    const timeline = 'luukku-project-timeline';
    await page.locator(`${timeline} [part~="heading"]`).waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(await page.locator(`${timeline} [part~="base"]`).getAttribute('lang'), 'sv');

    // Chat: the launcher opens the lazily loaded panel; a Swedish question finds Swedish articles.
    const chat = 'luukku-chat';
    await page.locator(`${chat} [part~="launcher"]`).click();
    await page.locator(`${chat} #chat-q`).waitFor({ timeout: 20_000 });
    await page.locator(`${chat} #chat-q`).fill('offentlig tillställning');
    await page.locator(`${chat} .suggestions .article`).first().waitFor({ timeout: 15_000 });
    assert.match(await page.locator(`${chat} .suggestions`).innerText(), /tillställning/i);

    // Feedback results: the staff key typed in, the figures come from the reference server.
    const insights = 'luukku-feedback-insights';
    await page.locator(`${insights} #f-staffKey`).fill(demo.server.staffKey);
    await page.locator(`${insights} #f-staffKey`).press('Enter');
    // The key goes as Authorization: Bearer from the host's origin (staff CORS); the figures are the server's.
    const settled = await page.waitForFunction(
      (tag) => {
        const state = document.querySelector<HTMLElement & { state?: string }>(tag)?.state;
        return state && !['key', 'loading'].includes(state) ? state : undefined;
      },
      insights,
      { timeout: 20_000 },
    );
    const state = String(await settled.jsonValue());
    assert.ok(['ready', 'too-few', 'empty'].includes(state), `the results loaded (state ${state})`);
    assert.equal(await page.locator(`${insights} [part~="base"]`).getAttribute('lang'), 'sv');

    // The officials' console on the intranet's origin: the city's staff key as Authorization: Bearer
    // (staff CORS), then the queue and its event stream (stream token in the query, cross-origin).
    const consoleTag = 'luukku-chat-console';
    const cityKey = /demo-kaupunki[^:]*: (\S+)/.exec(demo.server.output())?.[1];
    assert.ok(cityKey, 'the demo-kaupunki staff key was announced');
    await page.locator(`${consoleTag} #f-key`).fill(cityKey);
    await page.locator(`${consoleTag} #f-name`).fill('Anna');
    await page.locator(`${consoleTag} #f-name`).press('Enter');
    await page.waitForFunction((tag) => document.querySelector<HTMLElement & { state?: string }>(tag)?.state === 'queue', consoleTag, {
      timeout: 20_000,
    });
    await page.locator(`${consoleTag} [part~="step-heading"]`).waitFor({ timeout: 20_000 });
    assert.equal((await page.locator(`${consoleTag} [part~="step-heading"]`).textContent())?.trim(), sv('chat-console')['queue.title']);

    assert.deepEqual(await violations(), [], 'no CSP violation');
    assert.deepEqual(problems, [], 'no console error, warning or failed request');
    await context.close();
  });
});
