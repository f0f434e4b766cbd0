import i18next, { type i18n as I18n } from 'i18next';
import { FALLBACKS, LANGUAGES, type Language } from './languages.js';

/**
 * The one i18next instance every Luukku widget on the page shares. Widgets never call
 * changeLanguage: each element asks for a fixed `t` in its own language, so two widgets
 * in two languages can sit side by side on one page.
 */
export const i18n: I18n = i18next.createInstance();

void i18n.init({
  resources: {},
  lng: 'fi',
  supportedLngs: [...LANGUAGES],
  fallbackLng: { ...FALLBACKS, default: ['fi'] },
  // Flat keys ("errors.required") keep the JSON files easy to diff and scan.
  keySeparator: false,
  nsSeparator: ':',
  contextSeparator: '_',
  pluralSeparator: '_',
  interpolation: { escapeValue: false }, // Lit escapes every text binding.
  initAsync: false,
});

/** The languages whose resources a lookup in `lng` may read, in order. */
export function lookupChain(lng: Language): Language[] {
  return [lng, ...FALLBACKS[lng]];
}
