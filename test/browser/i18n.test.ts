import './helpers/lit-warnings.js';
import { expect } from '@open-wc/testing';
import { i18n } from '../../src/core/i18n/i18n.js';
import { formatDateTime, intlLocales } from '../../src/core/i18n/intl.js';
import { normaliseLanguage } from '../../src/core/i18n/languages.js';
import { isLoaded, loadNamespaces, localeMeta } from '../../src/core/i18n/loader.js';
import { pickText } from '../../src/core/i18n/localised-text.js';
import { importLocaleModule } from '../../src/core/i18n/locale-modules.js';
import { LitElement } from 'lit';
import { LocalizeController } from '../../src/core/i18n/localize-controller.js';

class MemoHost extends LitElement {
  static override properties = { plainLanguage: { type: Boolean, attribute: 'plain-language' } };
  declare plainLanguage: boolean | undefined;
  readonly localize = new LocalizeController(this, ['common']);
}
customElements.define('luukku-test-memo-host', MemoHost);

describe('i18n core', () => {
  before(() => {
    i18n.addResourceBundle('fi', 'test', {
      hello: 'Hei',
      hello_plain: 'Moi',
      onlyStandard: 'Vain tavallinen',
      items_one: '{{count}} kohde',
      items_other: '{{count}} kohdetta',
      items_plain_one: 'Yksi asia',
      items_plain_other: '{{count}} asiaa',
      standardPlural_one: '{{count}} rivi',
      standardPlural_other: '{{count}} riviä',
    });
    i18n.addResourceBundle('sv', 'test', { hello: 'Hej', onlyStandard: 'Bara standard' });
    i18n.addResourceBundle('se', 'test', {
      hello: 'Bures',
      items_one: '{{count}} áššši',
      items_two: '{{count}} ášši (guokte)',
      items_other: '{{count}} ášši (eará)',
    });
    i18n.addResourceBundle('en', 'test', { hello: 'Hello' });
  });

  it('the controller looks a text without values up once, and again after texts are added or plain language changes', async () => {
    i18n.addResourceBundle('fi', 'common', { memoProbe: 'Ensin', memoProbe_plain: 'Selkeästi' }, true, true);
    const el = new MemoHost();
    el.lang = 'fi';
    document.body.append(el);
    try {
      await el.localize.loaded;
      await el.updateComplete;
      expect(el.localize.t('memoProbe')).to.equal('Ensin');
      expect(el.localize.t('memoProbe')).to.equal('Ensin');
      i18n.addResourceBundle('fi', 'common', { memoProbe: 'Sitten' }, true, true);
      expect(el.localize.t('memoProbe')).to.equal('Sitten', 'texts added after the first lookup');
      el.plainLanguage = true;
      expect(el.localize.t('memoProbe')).to.equal('Selkeästi', 'plain language is part of the memo key');
      // With values, every call is i18next's own.
      expect(el.localize.t('memoProbe', { x: 1 })).to.equal('Selkeästi');
    } finally {
      el.remove();
    }
  });

  it('plain context picks key_plain and falls back to key in the same language', () => {
    const fi = i18n.getFixedT('fi', 'test');
    expect(fi('hello', { context: 'plain' })).to.equal('Moi');
    expect(fi('onlyStandard', { context: 'plain' })).to.equal('Vain tavallinen');
    // Swedish has no plain variant: the Swedish standard text wins over Finnish plain.
    const sv = i18n.getFixedT('sv', 'test');
    expect(sv('hello', { context: 'plain' })).to.equal('Hej');
  });

  it('plain context works with plurals and falls back to the standard plural forms', () => {
    const fi = i18n.getFixedT('fi', 'test');
    expect(fi('items', { count: 1, context: 'plain' })).to.equal('Yksi asia');
    expect(fi('items', { count: 4, context: 'plain' })).to.equal('4 asiaa');
    expect(fi('standardPlural', { count: 1, context: 'plain' })).to.equal('1 rivi');
    expect(fi('standardPlural', { count: 3, context: 'plain' })).to.equal('3 riviä');
  });

  it('Northern Sámi plurals use one / two / other from Intl.PluralRules("se")', () => {
    expect(new Intl.PluralRules('se').resolvedOptions().pluralCategories).to.include.members(['one', 'two', 'other']);
    const se = i18n.getFixedT('se', 'test');
    expect(se('items', { count: 1 })).to.equal('1 áššši');
    expect(se('items', { count: 2 })).to.equal('2 ášši (guokte)');
    expect(se('items', { count: 5 })).to.equal('5 ášši (eará)');
  });

  it('a key missing in Sámi falls back to Finnish', () => {
    expect(i18n.getFixedT('se', 'test')('onlyStandard')).to.equal('Vain tavallinen');
  });

  it('normalises language tags', () => {
    expect(normaliseLanguage('sv-FI')).to.equal('sv');
    expect(normaliseLanguage('sme')).to.equal('se');
    expect(normaliseLanguage('se-NO')).to.equal('se');
    expect(normaliseLanguage('en-GB')).to.equal('en');
    expect(normaliseLanguage('')).to.equal(undefined);
    expect(normaliseLanguage('de')).to.equal('fi');
  });

  it('Intl formatting for Sámi goes through the [se, fi] fallback list', () => {
    expect(intlLocales('se')).to.deep.equal(['se', 'fi']);
    const text = formatDateTime('2026-03-14T10:32:00Z', 'se', { dateStyle: 'short', timeZone: 'UTC' });
    expect(text).to.match(/14\.3\.2026|2026/);
  });

  it('pickText uses plain variants and the documented fallbacks', () => {
    const text = { fi: 'Palotarkastus', 'fi-plain': 'Paloturvallisuuden tarkastus', sv: 'Brandsyn', en: 'Fire inspection' };
    expect(pickText(text, 'fi', true)).to.equal('Paloturvallisuuden tarkastus');
    expect(pickText(text, 'sv', true)).to.equal('Brandsyn');
    expect(pickText(text, 'se', false)).to.equal('Palotarkastus');
    expect(pickText({ fi: 'Vain suomi' }, 'en', false)).to.equal('Vain suomi');
  });

  it('the loader loads one file per language + namespace and strips $meta', async () => {
    const raw = await importLocaleModule('se', 'feedback');
    expect(raw.$meta).to.include({ reviewed: false });
    await loadNamespaces('se', ['feedback']);
    expect(isLoaded('se', ['feedback'])).to.equal(true);
    expect(i18n.getResource('se', 'feedback', '$meta')).to.equal(undefined);
    expect(localeMeta('se', 'feedback')?.note).to.match(/machine-drafted/i);
    // Sámi falls back to Finnish, so Finnish was loaded with it.
    expect(isLoaded('fi', ['feedback'])).to.equal(true);
  });
});
