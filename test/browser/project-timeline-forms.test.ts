/**
 * <luukku-project-timeline>'s forms and staff sections (issue 11): the read-only calendar feed
 * (show, make, copy, renew, revoke, errors). axe in every state; keyboard focus after each step.
 */
import './helpers/lit-warnings.js';
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand, setViewport } from '@web/test-runner-commands';
import '../../src/widgets/project-timeline/define.js';
import type { LuukkuProjectTimeline } from '../../src/widgets/project-timeline/project-timeline.js';
import { FEED_URL, mockFormsApi, RENEWED_URL, type FormsOptions } from '../fixtures/fake-api/project-forms.js';
import { problem, TOKEN, type ProjectScenario } from '../fixtures/fake-api/projects.js';
import { expectAccessible } from './helpers/axe.js';
import { $, active, mounted, mountTimeline, text } from './helpers/timeline.js';

let api: ReturnType<typeof mockFormsApi>;

async function mount(
  scenario: ProjectScenario,
  o: FormsOptions = {},
  attrs: Record<string, string> = { project: TOKEN },
  props: Record<string, unknown> = {},
): Promise<LuukkuProjectTimeline> {
  api = mockFormsApi(scenario, o);
  return mountTimeline(attrs, props);
}
const click = async (el: LuukkuProjectTimeline, selector: string): Promise<void> => {
  const target = $(el, selector);
  expect(target, selector).to.not.equal(null);
  target!.click();
  await el.updateComplete;
};
const settle = async (el: LuukkuProjectTimeline): Promise<void> => {
  await new Promise((r) => setTimeout(r, 0));
  await el.updateComplete;
};

afterEach(() => {
  api.restore();
  mounted.splice(0).forEach((e) => e.remove());
});

describe('<luukku-project-timeline> calendar feed', () => {
  it('closed: nothing is read until the organiser asks; then the address, focused, read-only, not the private link', async () => {
    const el = await mount('one');
    expect(api.calls.some((c) => c.path.endsWith('/feed'))).to.equal(false);
    expect($(el, '#feed-show')?.getAttribute('aria-expanded')).to.equal('false');
    await expectAccessible(el, 'feed closed');
    await click(el, '#feed-show');
    await waitUntil(() => $(el, '#feed-url'), 'no address');
    await settle(el);
    const input = $<HTMLInputElement>(el, '#feed-url')!;
    expect(input.value).to.equal(FEED_URL);
    expect(input.readOnly).to.equal(true);
    expect(input.value).to.not.contain(TOKEN);
    expect(active(el)).to.equal(input);
    expect($(el, '.feed a.button')?.getAttribute('href')).to.equal(FEED_URL.replace('http:', 'webcal:'));
    expect(text($(el, 'label[for="feed-url"]'))).to.contain('vain luku');
    await expectAccessible(el, 'feed address');
  });

  it('loading, then none made yet: "Make a subscription address" makes one', async () => {
    const hanging = await mount('one', { feed: null });
    api.setFeed((method) => (method === 'GET' ? 'hang' : undefined));
    await click(hanging, '#feed-show');
    // The feed section is a lazy chunk (feed.ts): it is fetched on this first press, then the address is read.
    await waitUntil(() => text($(hanging, '.feed [role="status"]')).includes('Haetaan'), 'no loading status');
    expect($(hanging, '.feed')?.getAttribute('aria-busy')).to.equal('true');
    await expectAccessible(hanging, 'feed loading');
    api.restore();
    mounted.splice(0).forEach((e) => e.remove());
    const el2 = await mount('one', { feed: null });
    await click(el2, '#feed-show');
    await waitUntil(() => $(el2, '#feed-make'), 'no make button');
    expect(text($(el2, '.feed'))).to.contain('ei ole vielä tehty');
    await expectAccessible(el2, 'feed none');
    await click(el2, '#feed-make');
    await waitUntil(() => $(el2, '#feed-url'), 'not made');
    await settle(el2);
    expect(api.calls.filter((c) => c.path.endsWith('/feed')).map((c) => c.method)).to.deep.equal(['GET', 'POST']);
    expect(active(el2)?.id).to.equal('feed-url');
  });

  it('copy: to the clipboard, said in a status; without a clipboard the address is selected and the keys are named', async () => {
    const el = await mount('one');
    await click(el, '#feed-show');
    await waitUntil(() => $(el, '#feed-copy'));
    const written: string[] = [];
    const clipboard = Object.getOwnPropertyDescriptor(Navigator.prototype, 'clipboard');
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: (s: string) => (written.push(s), Promise.resolve()) },
    });
    try {
      await click(el, '#feed-copy');
      await settle(el);
      expect(written).to.deep.equal([FEED_URL]);
      expect(text($(el, '.feed p[role="status"]'))).to.contain('kopioitu');
      await expectAccessible(el, 'copied');
      Object.defineProperty(navigator, 'clipboard', {
        configurable: true,
        value: { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) },
      });
      await click(el, '#feed-copy');
      await settle(el);
      expect(text($(el, '.feed p[role="status"]'))).to.contain('Ctrl+C');
      const input = $<HTMLInputElement>(el, '#feed-url')!;
      expect([input.selectionStart, input.selectionEnd]).to.deep.equal([0, FEED_URL.length]);
      await expectAccessible(el, 'copy failed');
    } finally {
      delete (navigator as { clipboard?: unknown }).clipboard;
      if (clipboard) Object.defineProperty(Navigator.prototype, 'clipboard', clipboard);
    }
  });

  it('renew: confirmed first (focus on the question; Cancel returns focus), then a new address', async () => {
    const el = await mount('one');
    await click(el, '#feed-show');
    await waitUntil(() => $(el, '#feed-renew'));
    await click(el, '#feed-renew');
    await settle(el);
    expect(active(el)?.id).to.equal('feed-confirm-text');
    expect(text($(el, '#feed-confirm-text'))).to.contain('lakkaa toimimasta');
    await expectAccessible(el, 'renew confirm');
    await click(el, '.feed [role="group"] button.secondary');
    await settle(el);
    expect(active(el)?.id).to.equal('feed-renew');
    expect(api.calls.filter((c) => c.method === 'POST')).to.have.length(0);
    await click(el, '#feed-renew');
    await click(el, '.feed [role="group"] .btn-danger');
    await waitUntil(() => $<HTMLInputElement>(el, '#feed-url')?.value === RENEWED_URL, 'not renewed');
    await settle(el);
    expect(active(el)?.id).to.equal('feed-url');
    await expectAccessible(el, 'renewed');
  });

  it('revoke: confirmed, then none (focus on "Make"); a cancelled project offers no new address', async () => {
    const el = await mount('one');
    await click(el, '#feed-show');
    await waitUntil(() => $(el, '#feed-revoke'));
    await click(el, '#feed-revoke');
    expect(text($(el, '#feed-confirm-text'))).to.contain('Poistetaanko');
    await click(el, '.feed [role="group"] .btn-danger');
    await waitUntil(() => $(el, '#feed-make'), 'not revoked');
    await settle(el);
    expect(api.calls.some((c) => c.method === 'DELETE')).to.equal(true);
    expect(active(el)?.id).to.equal('feed-make');
    await expectAccessible(el, 'revoked');

    const cancelled = await mount('cancelled', { feed: null });
    cancelled.shadowRoot!.querySelectorAll<HTMLElement>('#feed-show')[0]!.click();
    await waitUntil(() => text(cancelled.shadowRoot!.querySelector('.feed')).includes('ei ole vielä tehty'));
    expect(cancelled.shadowRoot!.querySelector('#feed-make')).to.equal(null);
    await expectAccessible(cancelled, 'cancelled, no feed');
  });

  it('errors: the server fails → a localised alert with retry; offline → the network message; in Swedish and English too', async () => {
    const el = await mount('one', { feedFails: 503 });
    await click(el, '#feed-show');
    await waitUntil(() => $(el, '.feed [role="alert"]'), 'no alert');
    expect(text($(el, '.feed [role="alert"]'))).to.contain('Tilausosoitetta ei saatu käsiteltyä');
    await expectAccessible(el, 'feed error');
    api.setFeed(() => problem(410, 'feed_revoked'));
    el.setAttribute('lang', 'sv');
    await waitUntil(() => text($(el, '.feed')).includes('Kalenderprenumeration'), 'no Swedish', { timeout: 5000 });
    el.setAttribute('lang', 'en');
    await waitUntil(() => text($(el, '.feed')).includes('Calendar subscription'), 'no English', { timeout: 5000 });
    await expectAccessible(el, 'feed error en');
    api.setFeed(() => undefined);
    const online = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')!;
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false });
    try {
      await click(el, '.feed [role="alert"] button');
      await settle(el);
      expect(text($(el, '.feed [role="alert"]'))).to.match(/connection|yhteys|network/i);
    } finally {
      delete (navigator as { onLine?: unknown }).onLine;
      Object.defineProperty(Navigator.prototype, 'onLine', online);
    }
  });

  it('320 px: the address and its buttons fit; forced colours keep the system colours on the buttons', async () => {
    await setViewport({ width: 320, height: 800 });
    try {
      const el = await mount('one');
      await click(el, '#feed-show');
      await waitUntil(() => $(el, '#feed-url'));
      const feed = $(el, '.feed')!;
      expect(feed.scrollWidth).to.be.at.most(feed.clientWidth + 1);
      await expectAccessible(el, 'feed 320');
      await executeServerCommand('luukku-media', { features: [{ name: 'forced-colors', value: 'active' }] });
      await el.updateComplete;
      for (const b of [$(el, '#feed-copy')!, $(el, '#feed-renew')!]) expect(getComputedStyle(b).forcedColorAdjust).to.not.equal('none');
      await expectAccessible(el, 'feed forced colours');
    } finally {
      await executeServerCommand('luukku-media', { features: [{ name: 'forced-colors', value: 'none' }] });
      await setViewport({ width: 1024, height: 768 });
    }
  });
});
