/**
 * What every Luukku widget must do, written once (Spectrum's runPickerTests, Web Awesome's
 * runFormControlBaseTests): loading, load error and retry, configuration error, axe in each
 * state (WCAG 2.2 AA tags + target-size), `lang`, plain language, `:state()`, the `--name`
 * state fallback, `heading-level`, dark mode, forced colours and a second definition.
 * A widget's own test file calls `runWidgetSuite({...})` with its fake API.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand, emulateMedia, setViewport } from '@web/test-runner-commands';
import { defineElement } from '../../../src/core/define.js';
import { expectAccessible } from '../helpers/axe.js';
import { captureWarnings } from '../helpers/lit-warnings.js';

/** The slice of a widget the suite drives. */
export interface SuiteWidget extends HTMLElement {
  state: string;
  plainLanguage: boolean | undefined;
  updateComplete: Promise<boolean>;
}

/** The widget's fake API, as far as the suite needs it: its first request answers, hangs or fails. */
export interface SuiteApi {
  answer(mode: 'ok' | 'hang' | 'unavailable'): void;
  restore(): void;
}

export interface WidgetSuiteOptions {
  tag: string;
  ctor: CustomElementConstructor;
  /** Attributes that make the widget load (besides `api`, which the fake API fixes). */
  attributes: Record<string, string>;
  /** Leaving this attribute out is a configuration error. */
  required: string;
  api: () => SuiteApi;
  /** The heading in fi, sv and plain Finnish. */
  heading: { fi: string; sv: string };
  /** A text that changes with plain language, in the ready state: its selector and both versions. */
  plain: { selector: string; standard: string; plain: string };
  /** Sets what the page gives by property, not attribute (e.g. a staff key), before the element connects. */
  prepare?: (el: HTMLElement) => void;
  /** Clears what the widget left behind (URL state, outbox) after each test. */
  cleanUp?: () => void | Promise<void>;
  apiBase: string;
}

const $ = (el: Element, selector: string): HTMLElement | null => el.shadowRoot!.querySelector<HTMLElement>(selector);
const text = (el: Element, selector: string): string => $(el, selector)?.textContent.replace(/\s+/g, ' ').trim() ?? '';

export function runWidgetSuite(o: WidgetSuiteOptions): void {
  describe(`<${o.tag}>: the shared widget suite`, () => {
    let api: SuiteApi;
    const mounted: HTMLElement[] = [];

    async function mount(extra: Record<string, string> = {}, { omit }: { omit?: string } = {}): Promise<SuiteWidget> {
      const el = document.createElement(o.tag) as SuiteWidget;
      for (const [k, v] of Object.entries({ ...o.attributes, api: o.apiBase, ...extra })) if (k !== omit) el.setAttribute(k, v);
      o.prepare?.(el);
      document.body.append(el);
      mounted.push(el);
      await waitUntil(() => $(el, '[part~="heading"]'), 'texts did not load');
      return el;
    }

    const waitFor = async (el: SuiteWidget, state: string): Promise<void> => {
      await waitUntil(() => el.state === state, `state never became ${state} (is ${el.state})`, { timeout: 5000 });
      await el.updateComplete;
    };

    beforeEach(() => {
      api = o.api();
    });
    afterEach(async () => {
      api.restore();
      mounted.splice(0).forEach((el) => el.remove());
      await o.cleanUp?.();
      await emulateMedia({ colorScheme: 'light' });
      await executeServerCommand('luukku-media', { features: [{ name: 'forced-colors', value: 'none' }] });
      document.documentElement.lang = 'fi';
    });

    it('ready: accessible, :state(ready), heading level 2 by default', async () => {
      const el = await mount();
      await waitFor(el, 'ready');
      expect(el.matches(':state(ready)')).to.equal(true);
      expect(el.matches(':state(loading)')).to.equal(false);
      expect($(el, '[part~="heading"]')!.tagName).to.equal('H2');
      expect(text(el, '[part~="heading"]')).to.equal(o.heading.fi);
      await expectAccessible(el, 'ready');
    });

    it('loading: a busy region, :state(loading), accessible', async () => {
      api.answer('hang');
      const el = await mount();
      await waitFor(el, 'loading');
      expect(el.matches(':state(loading)')).to.equal(true);
      expect($(el, '[part~="base"]')!.getAttribute('aria-busy')).to.equal('true');
      expect($(el, '[part~="status"]')).to.not.equal(null);
      await expectAccessible(el, 'loading');
    });

    it('load error: an alert said once (no live-region repeat); retry loads, then focuses the heading', async () => {
      api.answer('unavailable');
      const el = await mount();
      await waitFor(el, 'load-error');
      expect(el.matches(':state(load-error)')).to.equal(true);
      const panel = $(el, '[part~="status"]')!;
      expect(panel.getAttribute('role')).to.equal('alert');
      await new Promise((r) => setTimeout(r, 200));
      expect(el.shadowRoot!.querySelector('[aria-live="assertive"]')!.textContent).to.equal('');
      await expectAccessible(el, 'load error');

      api.answer('ok');
      $(el, '[part~="status"] button')!.click();
      await waitFor(el, 'ready');
      await waitUntil(() => el.shadowRoot!.activeElement !== null, 'focus was left on <body> after the retry');
      expect(el.shadowRoot!.activeElement!.matches('[part~="heading"], [part~="step-heading"]')).to.equal(true);
      await expectAccessible(el, 'after retry');
    });

    it('configuration error: says what is wrong, offers no retry, accessible', async () => {
      const el = await mount({}, { omit: o.required });
      await waitFor(el, 'load-error');
      expect($(el, '[part~="status"] button')).to.equal(null);
      expect(text(el, '[part~="status"]')).to.contain('ylläpitäjä');
      await expectAccessible(el, 'configuration error');
    });

    it('lang: the element speaks its own language, its live regions too', async () => {
      const el = await mount({ lang: 'sv' });
      await waitFor(el, 'ready');
      await waitUntil(() => text(el, '[part~="heading"]') === o.heading.sv, 'no Swedish heading');
      expect($(el, '[part~="base"]')!.lang).to.equal('sv');
      for (const region of el.shadowRoot!.querySelectorAll<HTMLElement>('[aria-live]')) expect(region.lang).to.equal('sv');
      await expectAccessible(el, 'sv');
    });

    it('plain language: the switch is a toggle button that selects the plain texts', async () => {
      const el = await mount();
      await waitFor(el, 'ready');
      expect(text(el, o.plain.selector)).to.contain(o.plain.standard);
      const toggle = $(el, '[part~="plain-toggle"]')!;
      expect(toggle.getAttribute('aria-pressed')).to.equal('false');
      toggle.click();
      await el.updateComplete;
      expect(toggle.getAttribute('aria-pressed')).to.equal('true');
      expect(el.hasAttribute('plain-language')).to.equal(true);
      await waitUntil(() => text(el, o.plain.selector).includes(o.plain.plain), 'no plain text');
      await expectAccessible(el, 'plain');
    });

    it('heading-level: the heading and the headings inside follow the host page outline', async () => {
      api.answer('unavailable');
      const el = await mount({ 'heading-level': '3' });
      await waitFor(el, 'load-error');
      expect($(el, '[part~="heading"]')!.tagName).to.equal('H3');
      expect($(el, '[part~="status"] h4')).to.not.equal(null);
      el.setAttribute('heading-level', '9'); // out of range: the default
      await el.updateComplete;
      expect($(el, '[part~="heading"]')!.tagName).to.equal('H2');
    });

    it('renders where only dashed custom states exist (older Chromium): :state falls back to --name', async () => {
      const proto = CustomStateSet.prototype;
      const add = proto.add; // eslint-disable-line @typescript-eslint/unbound-method
      proto.add = function (this: CustomStateSet, name: string) {
        if (!name.startsWith('--')) throw new DOMException(`'${name}' must start with '--'`, 'SyntaxError');
        return add.call(this, name);
      };
      try {
        const el = await mount();
        await waitFor(el, 'ready');
        expect(el.matches(':state(--ready)')).to.equal(true);
        expect(text(el, '[part~="heading"]')).to.equal(o.heading.fi);
      } finally {
        proto.add = add;
      }
    });

    it('dark mode: the tokens follow prefers-color-scheme unless the host sets them (axe in dark)', async () => {
      await emulateMedia({ colorScheme: 'dark' });
      const el = await mount();
      await waitFor(el, 'ready');
      expect(getComputedStyle(el).backgroundColor).to.equal('rgb(20, 24, 29)');
      await expectAccessible(el, 'dark');
      el.style.setProperty('--luukku-color-background', 'rgb(255, 255, 255)');
      expect(getComputedStyle(el).backgroundColor).to.equal('rgb(255, 255, 255)');
    });

    it('forced colours: the status icon keeps its meaning in text colour and shape', async () => {
      await executeServerCommand('luukku-media', { features: [{ name: 'forced-colors', value: 'active' }] });
      expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
      api.answer('unavailable');
      const el = await mount();
      await waitFor(el, 'load-error');
      const icon = $(el, '[part~="status"] .icon')!;
      expect(icon.textContent).to.equal('!');
      const probe = document.createElement('span');
      probe.style.color = 'CanvasText';
      document.body.append(probe);
      const canvasText = getComputedStyle(probe).color;
      probe.remove();
      expect(getComputedStyle(icon).color).to.equal(canvasText);
      expect(getComputedStyle(icon).borderTopStyle).to.equal('solid');
    });

    it('reflows at 320 CSS px (WCAG 1.4.10; also 1280 px at 400 % zoom, 640 px at 200 %): no page-wide horizontal scroll (axe)', async () => {
      const { innerWidth: width, innerHeight: height } = window;
      await setViewport({ width: 320, height: 640 });
      try {
        const el = await mount();
        await waitFor(el, 'ready');
        await new Promise((r) => requestAnimationFrame(r));
        const root = document.documentElement;
        expect(root.scrollWidth, `the page scrolls sideways at 320 px (${root.scrollWidth} px wide)`).to.be.at.most(root.clientWidth);
        expect(el.getBoundingClientRect().right).to.be.at.most(root.clientWidth + 0.5);
        await expectAccessible(el, '320 px');
      } finally {
        await setViewport({ width, height });
      }
    });

    it('a second definition of the tag warns and keeps the first', async () => {
      class Impostor extends HTMLElement {}
      const warnings = await captureWarnings(() => defineElement(o.tag, Impostor));
      expect(customElements.get(o.tag)).to.equal(o.ctor);
      expect(warnings.join()).to.contain(o.tag);
      expect(document.createElement(o.tag)).to.be.instanceOf(o.ctor);
    });
  });
}
