/**
 * <luukku-project-timeline>'s forms and staff sections (issue 11): the read-only calendar feed
 * (show, make, copy, renew, revoke, errors) and the organiser's edit forms (edit.ts: the
 * project, an application, removing a milestone; validation, 412). axe in every state; keyboard
 * focus after each step.
 */
import './helpers/lit-warnings.js';
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand, sendKeys, setViewport } from '@web/test-runner-commands';
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

/** Types into a field as a person would: focus, select what is there, type (empty `value`: clear it). */
const type = async (el: LuukkuProjectTimeline, selector: string, value: string): Promise<void> => {
  const input = $<HTMLInputElement>(el, selector);
  expect(input, selector).to.not.equal(null);
  input!.focus();
  input!.select();
  await sendKeys({ press: 'Backspace' });
  if (value) await sendKeys({ type: value });
  await el.updateComplete;
};
/** Types a day into a date's day / month / year fields (`dateFields`), in that order ('' clears a part). */
const typeDate = async (el: LuukkuProjectTimeline, id: string, day: string, month: string, year: string): Promise<void> => {
  await type(el, `${id}-day`, day);
  await type(el, `${id}-month`, month);
  await type(el, `${id}-year`, year);
};
/** Presses an edit button and waits for its form (the first press loads edit.ts). */
const openEdit = async (el: LuukkuProjectTimeline, selector: string): Promise<void> => {
  await click(el, selector);
  await waitUntil(() => $(el, '.edit'), 'no edit form');
  await settle(el);
};
const edits = () => api.calls.filter((c) => c.method === 'PATCH' || c.method === 'DELETE');
/** Opens the details of the grid's first application (Enter on its row header). */
const openFirstDetails = async (el: LuukkuProjectTimeline): Promise<void> => {
  $(el, '[data-cell="1-0"]')!.focus();
  await sendKeys({ press: 'Enter' });
  await waitUntil(() => $(el, '#details-heading'), 'no details');
  await el.updateComplete;
};
const ownApplication = {
  project: (p: import('../../src/widgets/project-timeline/model.js').Project) => ({
    ...p,
    applications: p.applications.map((a) => ({ ...a, ruleId: null, legalBasis: null })),
  }),
};

describe('<luukku-project-timeline> edit forms', () => {
  it('project: opens on the button (a lazy chunk), focus on the name; cancel sends nothing and returns focus to the button', async () => {
    const el = await mount('one');
    expect($(el, '.edit')).to.equal(null);
    await openEdit(el, '#edit-project');
    expect(active(el)?.id).to.equal('ed-title');
    expect($<HTMLInputElement>(el, '#ed-title')!.value).to.equal('Kesäkonsertti torilla');
    // The needed-by day through the shared day / month / year fields, filled with the saved day.
    expect($<HTMLInputElement>(el, '#ed-neededBy-day')!.value).to.equal('16');
    expect($<HTMLInputElement>(el, '#ed-neededBy-month')!.value).to.equal('4');
    expect($<HTMLInputElement>(el, '#ed-neededBy-year')!.value).to.equal('2026');
    expect(text($(el, '#edit-h'))).to.equal('Muokkaa hanketta');
    await expectAccessible(el, 'edit open');
    await type(el, '#ed-title', 'Ei lähetetä');
    await click(el, '#edit-cancel');
    await settle(el);
    expect($(el, '.edit')).to.equal(null);
    expect(active(el)?.id).to.equal('edit-project');
    expect(edits()).to.have.length(0);
    // Opened again: the saved name, not the cancelled text.
    await openEdit(el, '#edit-project');
    expect($<HTMLInputElement>(el, '#ed-title')!.value).to.equal('Kesäkonsertti torilla');
  });

  it('project: saves only what changed, with If-Match; the form closes and focus returns to the button', async () => {
    const el = await mount('one');
    await openEdit(el, '#edit-project');
    await type(el, '#ed-title', 'Syyskonsertti');
    await typeDate(el, '#ed-endsOn', '17', '4', '2026');
    await click(el, '.edit button[type="submit"]');
    await waitUntil(() => !$(el, '.edit'), 'not closed');
    await settle(el);
    const [patch] = edits();
    expect(patch?.path).to.equal(`/v1/projects/${TOKEN}`);
    expect(patch?.headers['if-match']).to.equal('"p7-1"');
    expect(patch?.body).to.deep.equal({ title: 'Syyskonsertti', endsOn: '2026-04-17' });
    expect(api.project.title).to.equal('Syyskonsertti');
    expect(active(el)?.id).to.equal('edit-project');
  });

  it("validation: the server's messages localised in an error summary, focus on the first bad field, the typed text kept", async () => {
    const el = await mount('one');
    await openEdit(el, '#edit-project');
    await type(el, '#ed-title', '');
    await type(el, '#ed-startsOn-day', '30');
    await type(el, '#ed-startsOn-month', '2');
    await click(el, '.edit button[type="submit"]');
    await settle(el);
    // A malformed day is found before sending: nothing is sent, focus on its day field.
    expect(edits()).to.have.length(0);
    expect(active(el)?.id).to.equal('ed-startsOn-day');
    expect(text($(el, '.error-summary'))).to.contain('Tapahtuman ensimmäinen päivä');
    await typeDate(el, '#ed-startsOn', '', '', '');
    await click(el, '.edit button[type="submit"]');
    await waitUntil(() => edits().length === 1 && text($(el, '.error-summary')).includes('Hankkeen nimi'), 'no server error');
    await settle(el);
    // The server's 400 (title: minLength) is shown in Finnish on the name field.
    expect(text($(el, '.error-summary'))).to.contain('Tämä tieto tarvitaan');
    expect(active(el)?.id).to.equal('ed-title');
    const title = $<HTMLInputElement>(el, '#ed-title')!;
    expect(title.getAttribute('aria-invalid')).to.equal('true');
    expect(title.getAttribute('aria-describedby')).to.equal('ed-title-error');
    expect($(el, '.error-summary a')?.getAttribute('href')).to.equal('#ed-title');
    expect($(el, '.edit')).to.not.equal(null);
    await expectAccessible(el, 'edit validation');
    // The end before the start: the widget's own message on the end, nothing sent.
    await type(el, '#ed-title', 'Kesäkonsertti');
    await typeDate(el, '#ed-startsOn', '10', '4', '2026');
    await typeDate(el, '#ed-endsOn', '1', '4', '2026');
    await click(el, '.edit button[type="submit"]');
    await settle(el);
    expect(edits()).to.have.length(1);
    expect(active(el)?.id).to.equal('ed-endsOn-day');
    expect(text($(el, '.error-summary'))).to.contain('Viimeisin päivä on ennen aikaisinta');
    expect($<HTMLInputElement>(el, '#ed-title')!.value).to.equal('Kesäkonsertti');
    el.setAttribute('lang', 'en');
    await waitUntil(() => text($(el, '.error-summary')).includes('Last day of the event'), 'no English', { timeout: 5000 });
    await expectAccessible(el, 'edit validation en');
  });

  it('412: someone else changed it meanwhile — the message, the fresh data under the field, the typed text kept; a second send succeeds', async () => {
    const el = await mount('one', ownApplication);
    await openFirstDetails(el);
    await openEdit(el, '#edit-a2');
    expect(text($(el, '#edit-h'))).to.equal('Muokkaa hakemuksen tietoja');
    await expectAccessible(el, 'edit application open');
    await type(el, '#ed-title', 'Pelastussuunnitelma, päivitetty');
    await type(el, '#ed-latestSubmission-day', '20');
    const gets = () => api.calls.filter((c) => c.method === 'GET' && c.path === `/v1/projects/${TOKEN}`).length;
    const before = gets();
    api.meanwhile();
    // The reload after the 412 takes a while: the message must not come before the fresh data
    // (it did, and "saved now" showed the project as it was before, for the round trip).
    const answer = window.fetch.bind(window);
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = input instanceof Request ? input.url : String(input);
      if ((init?.method ?? 'GET') === 'GET' && url.endsWith(`/v1/projects/${TOKEN}`)) await new Promise((r) => setTimeout(r, 300));
      return answer(input, init);
    };
    await click(el, '.edit button[type="submit"]');
    await waitUntil(() => $(el, '#edit-message'), 'no conflict', { interval: 10 });
    expect(gets()).to.be.greaterThan(before);
    expect(text($(el, '#ed-latestSubmission-now'))).to.contain('Nyt tallennettu: 15.3.2026');
    window.fetch = answer;
    await settle(el);
    expect(edits()[0]?.headers['if-match']).to.equal('"a2-1"');
    expect(text($(el, '#edit-message'))).to.contain('muutti hanketta sillä välin');
    expect(active(el)?.id).to.equal('edit-message');
    expect($<HTMLInputElement>(el, '#ed-title')!.value).to.equal('Pelastussuunnitelma, päivitetty');
    expect($<HTMLInputElement>(el, '#ed-latestSubmission-day')!.value).to.equal('20');
    // What is saved now (the other change: a week later) under the field the user changed.
    expect(text($(el, '#ed-latestSubmission-now'))).to.contain('Nyt tallennettu: 15.3.2026');
    expect(text($(el, '#ed-title-now'))).to.contain('Pelastussuunnitelma');
    expect($(el, '#ed-authority-now')).to.equal(null);
    await expectAccessible(el, 'edit conflict');
    await click(el, '.edit button[type="submit"]');
    await waitUntil(() => !$(el, '.edit'), 'second send failed');
    await settle(el);
    const second = edits()[1];
    expect(second?.headers['if-match']).to.equal('"a2-2"');
    expect(second?.body).to.deep.equal({ title: 'Pelastussuunnitelma, päivitetty', latestSubmission: '2026-03-20' });
    expect(api.project.applications[0]?.title).to.deep.equal({ fi: 'Pelastussuunnitelma, päivitetty' });
    expect(active(el)?.id).to.equal('edit-a2');
    expect(text($(el, '#details-heading'))).to.equal('Pelastussuunnitelma, päivitetty');
  });

  it("an application from the rule pack: only its latest submission day; the name and authority are the pack's", async () => {
    const el = await mount('one');
    await openFirstDetails(el);
    await openEdit(el, '#edit-a2');
    expect($(el, '#ed-title')).to.equal(null);
    expect($(el, '#ed-latestSubmission-day')).to.not.equal(null);
    expect(text($(el, '.edit .hint'))).to.contain('säännöistä');
    expect(active(el)?.id).to.equal('ed-latestSubmission-day');
    await click(el, '#edit-cancel');
    await settle(el);
    expect(active(el)?.id).to.equal('edit-a2');
  });

  it('milestones: removal is confirmed (focus on the question; "Do not remove" returns), If-Match; focus to the next, then the heading', async () => {
    const el = await mount('one');
    await openEdit(el, '#edit-project');
    await click(el, '#ms-remove-1');
    await settle(el);
    expect(active(el)?.id).to.equal('ms-confirm-text');
    expect(text($(el, '#ms-confirm-text'))).to.contain('Poistetaanko virstanpylväs Aloituspalaveri');
    await expectAccessible(el, 'milestone confirm');
    await click(el, '#ms-confirm-no');
    await settle(el);
    expect(active(el)?.id).to.equal('ms-remove-1');
    expect(edits()).to.have.length(0);
    $(el, '#ms-remove-1')!.focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(active(el)?.id).to.equal('ms-confirm-text');
    await click(el, '#ms-confirm-yes');
    await waitUntil(() => !$(el, '#ms-remove-1'), 'not removed');
    await settle(el);
    expect(edits()[0]).to.include({ method: 'DELETE', path: `/v1/projects/${TOKEN}/milestones/1` });
    expect(edits()[0]?.headers['if-match']).to.equal('"p7-1"');
    expect(active(el)?.id).to.equal('ms-remove-2');
    expect(text($(el, 'ul.milestones'))).to.not.contain('Aloituspalaveri');
    await click(el, '#ms-remove-2');
    await click(el, '#ms-confirm-yes');
    await waitUntil(() => !$(el, '#ms-remove-2'), 'not removed');
    await settle(el);
    expect(edits()[1]?.headers['if-match']).to.equal('"p7-2"');
    expect(active(el)?.id).to.equal('edit-ms-h');
    expect(text($(el, '.edit'))).to.contain('Hankkeessa ei ole virstanpylväitä');
    await expectAccessible(el, 'milestones removed');
  });

  it('milestone removal after someone else changed the project: the message, fresh data, the second confirm succeeds', async () => {
    // The stories' `conflict` option: someone else changes the project before the first edit is answered.
    const el = await mount('one', { conflict: true });
    await openEdit(el, '#edit-project');
    await click(el, '#ms-remove-1');
    await click(el, '#ms-confirm-yes');
    await waitUntil(() => $(el, '.ms-error'), 'no conflict');
    await settle(el);
    expect(text($(el, '.ms-error'))).to.contain('muutti hanketta sillä välin');
    // The reload shows the other change in the fields the user did not touch.
    await waitUntil(() => $<HTMLInputElement>(el, '#ed-title')?.value === 'Kesäkonsertti torilla ja puistossa', 'not reloaded');
    await click(el, '#ms-confirm-yes');
    await waitUntil(() => !$(el, '#ms-remove-1'), 'not removed');
    expect(edits()[1]?.headers['if-match']).to.equal('"p7-2"');
  });
});
