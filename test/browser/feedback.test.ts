import './helpers/lit-warnings.js';
import { captureWarnings } from './helpers/lit-warnings.js';
import { expect, waitUntil } from '@open-wc/testing';
import { expectAccessible } from './helpers/axe.js';
import { form, mockApi, ok, problem, receipt } from '../fixtures/fake-api/feedback.js';
import { $, $$, choose, deferred, focused, mount, submit, text, type, unmountAll, waitForState } from './helpers/feedback.js';
import {
  LuukkuFeedbackBeforeSubmitEvent,
  type LuukkuFeedbackQueuedEvent,
  type LuukkuFeedbackSubmittedEvent,
} from '../../src/widgets/feedback/events.js';

describe('<luukku-feedback>', () => {
  let api: ReturnType<typeof mockApi>;
  afterEach(async () => {
    api.restore();
    await unmountAll();
    document.documentElement.lang = 'fi';
    history.replaceState(null, '', location.pathname);
  });

  it('is accessible when ready (fi)', async () => {
    api = mockApi();
    const el = await mount();
    await waitForState(el, 'ready');
    await expectAccessible(el, 'ready fi');
  });

  describe('states (each with an axe check)', () => {
    it('loading', async () => {
      const hold = deferred<Response>();
      api = mockApi({ form: () => hold.promise });
      const el = await mount();
      expect(el.state).to.equal('loading');
      expect(el.matches(':state(loading)')).to.equal(true);
      expect(text(el, '[part~="status"]')).to.contain('Ladataan');
      await expectAccessible(el, 'loading');
      hold.resolve(problem(404, 'unknown_service'));
      await waitForState(el, 'load-error');
    });

    it('load error with a retry button that recovers', async () => {
      let fail = true;
      api = mockApi({ form: () => (fail ? problem(503, 'unknown') : ok(form)) });
      const el = await mount();
      await waitForState(el, 'load-error');
      expect(text(el, '[part~="status"]')).to.contain('Palautelomaketta ei voitu ladata');
      await expectAccessible(el, 'load-error');
      fail = false;
      $<HTMLButtonElement>(el, '[part~="status"] button')!.click();
      await waitForState(el, 'ready');
    });

    it('load error for an unknown organisation has no retry', async () => {
      api = mockApi({ form: () => problem(404, 'unknown_organisation') });
      const el = await mount();
      await waitForState(el, 'load-error');
      expect($(el, '[part~="status"] button')).to.equal(null);
      await expectAccessible(el, 'load-error config');
    });

    it('ready shows which service and event the feedback is about, and never asks for it', async () => {
      api = mockApi();
      const el = await mount();
      await waitForState(el, 'ready');
      const context = text(el, '[part~="context"]');
      expect(context).to.contain('Palotarkastus').and.contain('Esimerkkilaakson pelastuslaitos').and.contain('TAR-2026-00123');
      expect($$(el, 'fieldset[part~="question"]')).to.have.length(5);
      expect($(el, 'input[name="serviceEvent"], input[name="service"]')).to.equal(null);
      // Praise is invited as warmly as criticism.
      expect(text(el, '[part~="intro"]')).to.match(/Kiitokset/);
    });

    it('validation errors: a named summary region whose heading takes focus, links, prefixed messages next to fields', async () => {
      api = mockApi();
      const el = await mount();
      await waitForState(el, 'ready');
      $<HTMLInputElement>(el, 'input[type="checkbox"]')!.click();
      await el.updateComplete;
      type(el, '[data-field="contact.email"]', 'not-an-email');
      await submit(el);
      await waitUntil(() => $(el, '[part~="error-summary"]'));
      const links = $$(el, '[part~="error-summary"] a');
      expect(links.map((a) => a.textContent)).to.have.length(3); // overall, name, email
      const overall = $$<HTMLInputElement>(el, 'input[name="answers.overall"]');
      expect(overall[0]!.getAttribute('aria-invalid')).to.equal('true');
      const fieldset = overall[0]!.closest('fieldset')!;
      const describedBy = fieldset.getAttribute('aria-describedby')!;
      expect(el.shadowRoot!.getElementById(describedBy)!.textContent).to.contain('Valitse arvio');
      // Focus on the summary's heading (GOV.UK, HDS): the count is read once, no assertive repeat.
      const summary = $(el, '[part~="error-summary"]')!;
      expect(summary.getAttribute('role')).to.equal('region');
      expect(el.shadowRoot!.getElementById(summary.getAttribute('aria-labelledby')!)!.textContent).to.contain('3 korjattavaa kohtaa');
      expect(focused(el)?.id).to.equal('error-summary-title');
      expect(el.shadowRoot!.querySelector('[aria-live="assertive"]')!.textContent).to.equal('');
      // Each field error says it is an error, also to a screen reader.
      expect(text(el, `#${describedBy} .visually-hidden`)).to.equal('Virhe:');
      expect(api.posts()).to.have.length(0);
      await expectAccessible(el, 'validation errors');
      // Links move focus to their field.
      links[2]!.click();
      expect((focused(el) as HTMLElement).dataset.field).to.equal('contact.email');
      // Nothing typed is lost.
      expect($<HTMLInputElement>(el, '[data-field="contact.email"]')!.value).to.equal('not-an-email');
    });

    it('submitting: busy button and :state(submitting)', async () => {
      const hold = deferred<Response>();
      api = mockApi({ submit: () => hold.promise });
      const el = await mount();
      await waitForState(el, 'ready');
      choose(el, 'overall', 4);
      await submit(el);
      await waitForState(el, 'submitting');
      const button = $<HTMLButtonElement>(el, '[part~="submit"]')!;
      // Still focusable (aria-disabled, not disabled), so focus stays put; "sending" is said once.
      expect(button.disabled).to.equal(false);
      expect(button.getAttribute('aria-disabled')).to.equal('true');
      expect(button.getAttribute('aria-busy')).to.equal('true');
      await waitUntil(() => el.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent === 'Lähetetään…');
      button.click(); // a second press sends nothing
      await el.updateComplete;
      expect(api.posts()).to.have.length(1);
      expect(el.matches(':state(submitting)')).to.equal(true);
      await expectAccessible(el, 'submitting');
      hold.resolve(ok(receipt, 201));
      await waitForState(el, 'delivered');
      expect(el.matches(':state(submitting)')).to.equal(false);
    });

    it('delivered: confirmation is focused (read once, not repeated by a live region), and offers another feedback', async () => {
      api = mockApi();
      const el = await mount();
      await waitForState(el, 'ready');
      const submitted: LuukkuFeedbackSubmittedEvent[] = [];
      document.addEventListener('luukku-feedback-submitted', (e) => submitted.push(e), { once: true });
      choose(el, 'overall', 5);
      choose(el, 'treated-well', 4);
      type(el, 'textarea', 'Tarkastaja oli ystävällinen ja neuvoi hyvin.');
      $<HTMLInputElement>(el, 'input[name="segment"][value="business"]')!.click();
      await submit(el);
      await waitForState(el, 'delivered');
      expect(focused(el)?.getAttribute('part')).to.contain('confirmation');
      expect(text(el, '[part~="confirmation"]')).to.contain('Kiitos');
      await new Promise((r) => setTimeout(r, 200));
      expect(el.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent).to.not.contain('Kiitos');
      await expectAccessible(el, 'delivered');

      expect(submitted).to.have.length(1);
      expect(submitted[0]!.detail.receipt).to.deep.equal(receipt);
      expect(submitted[0]!.detail.fromOutbox).to.equal(false);
      const [post] = api.posts();
      expect(post!.url).to.equal('http://api.test/v1/feedback');
      expect(post!.headers.get('idempotency-key')).to.match(/^[0-9a-f-]{36}$/);
      expect(post!.body).to.deep.include({
        organisation: 'demo-pelastuslaitos',
        service: 'fire-inspection',
        serviceEvent: 'TAR-2026-00123',
        answers: { overall: 5, 'treated-well': 4 },
        segment: 'business',
        locale: 'fi',
        plainLanguage: false,
        freeText: 'Tarkastaja oli ystävällinen ja neuvoi hyvin.',
      });
      expect(post!.body).to.not.have.property('contact');
      expect(post!.body).to.not.have.property('website');

      $<HTMLButtonElement>(el, '[part~="confirmation"] button')!.click();
      await waitForState(el, 'ready');
      expect($<HTMLInputElement>(el, 'input[name="answers.overall"][value="5"]')!.checked).to.equal(false);
      expect(focused(el)?.getAttribute('part')).to.equal('heading');
    });

    it('offline-queued: says plainly that the answer is saved and will be sent', async () => {
      api = mockApi({ submit: () => 'network-error' });
      const el = await mount();
      await waitForState(el, 'ready');
      const queued: LuukkuFeedbackQueuedEvent[] = [];
      el.addEventListener('luukku-feedback-queued', (e) => queued.push(e));
      choose(el, 'overall', 3);
      await submit(el);
      await waitForState(el, 'queued');
      expect(text(el, '[part~="queued"]')).to.contain('tallessa tässä laitteessa').and.contain('automaattisesti');
      expect(focused(el)?.getAttribute('part')).to.contain('queued');
      expect(queued[0]!.detail.reason).to.equal('unreachable');
      await expectAccessible(el, 'queued');
    });

    it('server error: localised message, the answers stay in the form', async () => {
      api = mockApi({ submit: () => problem(403, 'origin_not_allowed') });
      const el = await mount();
      await waitForState(el, 'ready');
      choose(el, 'overall', 2);
      type(el, 'textarea', 'Odotin pitkään.');
      await submit(el);
      await waitForState(el, 'server-error');
      expect(text(el, '[part~="server-error"]')).to.contain('Tältä sivulta ei voi lähettää');
      expect(focused(el)?.getAttribute('part')).to.equal('server-error');
      expect($<HTMLTextAreaElement>(el, 'textarea')!.value).to.equal('Odotin pitkään.');
      expect($<HTMLInputElement>(el, 'input[name="answers.overall"][value="2"]')!.checked).to.equal(true);
      await expectAccessible(el, 'server-error');
    });

    it('an unknown problem code gets the general message', async () => {
      api = mockApi({ submit: () => problem(409, 'idempotency_conflict') });
      const el = await mount();
      await waitForState(el, 'ready');
      choose(el, 'overall', 2);
      await submit(el);
      await waitForState(el, 'server-error');
      expect(text(el, '[part~="server-error"]')).to.contain('Jokin meni vikaan');
    });

    it('maps problem pointers back to fields', async () => {
      api = mockApi({ submit: () => problem(400, 'validation_failed', [{ pointer: '/contact/phone', code: 'pattern' }]) });
      const el = await mount();
      await waitForState(el, 'ready');
      choose(el, 'overall', 4);
      $<HTMLInputElement>(el, 'input[type="checkbox"]')!.click();
      await el.updateComplete;
      type(el, '[data-field="contact.name"]', 'Maija');
      type(el, '[data-field="contact.phone"]', '040 123 4567');
      await submit(el);
      await waitUntil(() => $(el, '[part~="error-summary"]'));
      expect(el.state).to.equal('ready');
      expect($(el, '[data-field="contact.phone"]')!.getAttribute('aria-invalid')).to.equal('true');
      expect(focused(el)?.id).to.equal('error-summary-title');
      expect($(el, '[part~="error-summary"] a')!.getAttribute('href')).to.equal('#f-contact-phone');
      expect(api.posts()[0]!.body).to.deep.include({ contact: { name: 'Maija', phone: '040 123 4567' } });
    });
  });

  describe('locales (axe in each)', () => {
    const cases: [string, Record<string, string>, RegExp][] = [
      ['fi', { lang: 'fi' }, /Anna palautetta/],
      ['sv', { lang: 'sv' }, /Ge respons/],
      ['se', { lang: 'se' }, /Atte máhcahaga/],
      ['en', { lang: 'en' }, /Give feedback/],
      ['plain fi', { lang: 'fi', 'plain-language': '' }, /Anna palautetta/],
    ];
    for (const [name, attrs, heading] of cases) {
      it(`renders and is accessible in ${name}`, async () => {
        api = mockApi();
        const el = await mount(attrs);
        await waitForState(el, 'ready');
        expect(text(el, '[part~="heading"]')).to.match(heading);
        expect($(el, '[part~="base"]')!.getAttribute('lang')).to.equal(attrs.lang);
        await expectAccessible(el, `ready ${name}`);
        await submit(el);
        await waitUntil(() => $(el, '[part~="error-summary"]'));
        await expectAccessible(el, `errors ${name}`);
      });
    }

    it('uses fi-plain question texts in plain language and marks Finnish fallbacks in Sámi', async () => {
      api = mockApi();
      const plain = await mount({ 'plain-language': '' });
      await waitForState(plain, 'ready');
      expect(text(plain, 'legend')).to.contain('Olitko tyytyväinen palveluun?');
      expect(text(plain, '[part~="context"]')).to.contain('Paloturvallisuuden tarkastus');
      const se = await mount({ lang: 'se' });
      await waitForState(se, 'ready');
      expect(text(se, 'legend')).to.contain('Man duhtavaš');
    });
  });

  describe('language and plain language', () => {
    it('the plain-language switch changes the texts and sets the attribute', async () => {
      api = mockApi();
      const el = await mount();
      await waitForState(el, 'ready');
      const toggle = $<HTMLButtonElement>(el, '[part~="plain-toggle"]')!;
      expect(toggle.getAttribute('aria-pressed')).to.equal('false');
      const before = text(el, '[part~="intro"]');
      toggle.click();
      await el.updateComplete;
      expect(el.hasAttribute('plain-language')).to.equal(true);
      expect(toggle.getAttribute('aria-pressed')).to.equal('true');
      expect(text(el, '[part~="intro"]')).to.not.equal(before);
      expect(text(el, '[part~="intro"]')).to.contain('Kehut ovat yhtä tärkeitä');
      toggle.click();
      await el.updateComplete;
      expect(el.hasAttribute('plain-language')).to.equal(false);
      expect(text(el, '[part~="intro"]')).to.equal(before);
    });

    it('switches language when its lang attribute changes, keeping the answers', async () => {
      api = mockApi();
      const el = await mount();
      await waitForState(el, 'ready');
      choose(el, 'overall', 4);
      el.setAttribute('lang', 'sv');
      await waitUntil(() => text(el, '[part~="heading"]') === 'Ge respons');
      expect(text(el, '[part~="context"]')).to.contain('Brandsyn');
      expect($<HTMLInputElement>(el, 'input[name="answers.overall"][value="4"]')!.checked).to.equal(true);
    });

    it('follows <html lang> when it has no lang of its own', async () => {
      api = mockApi();
      const el = await mount();
      await waitForState(el, 'ready');
      document.documentElement.lang = 'en-GB';
      await waitUntil(() => text(el, '[part~="heading"]') === 'Give feedback');
      document.documentElement.lang = 'sme';
      await waitUntil(() => text(el, '[part~="heading"]') === 'Atte máhcahaga');
    });
  });

  describe('events and configuration', () => {
    it('the host page can veto with luukku-feedback-before-submit', async () => {
      api = mockApi();
      const el = await mount();
      await waitForState(el, 'ready');
      let seen: LuukkuFeedbackBeforeSubmitEvent | undefined;
      const veto = (e: LuukkuFeedbackBeforeSubmitEvent): void => {
        seen = e;
        e.preventDefault();
      };
      document.addEventListener('luukku-feedback-before-submit', veto);
      choose(el, 'overall', 4);
      await submit(el);
      document.removeEventListener('luukku-feedback-before-submit', veto);
      expect(seen).to.be.instanceOf(LuukkuFeedbackBeforeSubmitEvent);
      expect(seen!.cancelable && seen!.bubbles && seen!.composed).to.equal(true);
      expect(seen!.submission.answers).to.deep.equal({ overall: 4 });
      expect(api.posts()).to.have.length(0);
      expect(el.state).to.equal('ready');
    });

    it('takes the service event reference from ?luukku-event= when there is no attribute', async () => {
      history.replaceState(null, '', `${location.pathname}?luukku-event=QR-77`);
      api = mockApi();
      const el = await mount({}, { event: false });
      await waitForState(el, 'ready');
      expect(text(el, '[part~="context"]')).to.contain('QR-77');
      choose(el, 'overall', 5);
      await submit(el);
      await waitForState(el, 'delivered');
      expect(api.posts()[0]!.body).to.deep.include({ serviceEvent: 'QR-77' });
    });

    it('the attribute wins over ?event=', async () => {
      history.replaceState(null, '', `${location.pathname}?event=FROM-URL`);
      api = mockApi();
      const el = await mount();
      await waitForState(el, 'ready');
      expect(text(el, '[part~="context"]')).to.contain('TAR-2026-00123').and.not.contain('FROM-URL');
    });

    it('a bad ?event= in the URL is ignored with one warning, not one per render', async () => {
      history.replaceState(null, '', `${location.pathname}?event=${encodeURIComponent('<bad ref>')}`);
      api = mockApi();
      const warnings = await captureWarnings(async () => {
        const el = await mount({}, { event: false });
        await waitForState(el, 'ready');
        choose(el, 'overall', 3);
        type(el, 'textarea', 'Monta renderöintiä');
        await el.updateComplete;
        expect(text(el, '[part~="context"]')).to.not.contain('bad ref');
      });
      history.replaceState(null, '', location.pathname);
      expect(warnings.filter((w) => w.includes('service event reference'))).to.have.length(1);
    });

    it('hidden contact fields stay out of the accessibility tree (no content-visibility on the form)', async () => {
      api = mockApi();
      const el = await mount();
      await waitForState(el, 'ready');
      const fields = $(el, '#contact-fields')!;
      expect(fields.hidden).to.equal(true);
      expect(getComputedStyle(fields).display).to.equal('none');
      for (const block of $$(el, 'form > fieldset, form > .field')) expect(getComputedStyle(block).contentVisibility).to.equal('visible');
    });

    it('fills the honeypot only from code: people and assistive tech never reach it', async () => {
      api = mockApi();
      const el = await mount();
      await waitForState(el, 'ready');
      const hp = $<HTMLInputElement>(el, 'input[name="website"]')!;
      expect(hp.tabIndex).to.equal(-1);
      expect(hp.getAttribute('autocomplete')).to.equal('off');
      expect(hp.closest('[aria-hidden="true"]')).to.not.equal(null);
      expect(hp.getBoundingClientRect().right).to.be.lessThan(0);
    });

    it('announces the remaining characters only at thresholds', async () => {
      api = mockApi();
      const el = await mount();
      await waitForState(el, 'ready');
      const polite = el.shadowRoot!.querySelector('[aria-live="polite"]')!;
      type(el, 'textarea', 'a'.repeat(10));
      await new Promise((r) => setTimeout(r, 200));
      expect(polite.textContent).to.equal('');
      type(el, 'textarea', 'a'.repeat(1850));
      await waitUntil(() => polite.textContent === '150 merkkiä jäljellä');
      type(el, 'textarea', 'a'.repeat(2001));
      await waitUntil(() => polite.textContent === '1 merkki liikaa');
      expect(text(el, '.counter')).to.equal('1 merkki liikaa');
    });
  });
});
