import type { Language } from './languages.js';

/**
 * Locales to hand to Intl: Chromium ships plural rules for Northern Sámi but no date,
 * number or language-name data, so `se` formats through ['se', 'fi'] (Intl picks the
 * first it supports).
 */
export function intlLocales(lng: Language): string[] {
  return lng === 'se' ? ['se', 'fi'] : [lng === 'en' ? 'en-GB' : `${lng}-FI`];
}

/**
 * One formatter per language and options, shared by every widget on the page: making an
 * Intl formatter costs far more than using one (a 10,000-row table formats each number through
 * here). Keyed by the language and the options as JSON (options are small literals; key order
 * counts, so the same literal in two places shares one formatter).
 */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

const DEFAULT_DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

/** The shared `Intl.DateTimeFormat` for a language and options. */
export function dateTimeFormat(lng: Language, options: Intl.DateTimeFormatOptions = DEFAULT_DATE_TIME): Intl.DateTimeFormat {
  const key = `${lng}\u0000${JSON.stringify(options)}`;
  let f = dateTimeFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(intlLocales(lng), options);
    dateTimeFormats.set(key, f);
  }
  return f;
}

/** The shared `Intl.NumberFormat` for a language and options. */
export function numberFormat(lng: Language, options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lng}\u0000${options ? JSON.stringify(options) : ''}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(intlLocales(lng), options);
    numberFormats.set(key, f);
  }
  return f;
}

export function formatDateTime(value: Date | string, lng: Language, options: Intl.DateTimeFormatOptions = DEFAULT_DATE_TIME): string {
  return dateTimeFormat(lng, options).format(typeof value === 'string' ? new Date(value) : value);
}

export function formatNumber(value: number, lng: Language, options?: Intl.NumberFormatOptions): string {
  return numberFormat(lng, options).format(value);
}
