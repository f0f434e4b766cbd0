import type { Language } from './languages.js';

/**
 * Locales to hand to Intl: Chromium ships plural rules for Northern Sámi but no date,
 * number or language-name data, so `se` formats through ['se', 'fi'] (Intl picks the
 * first it supports).
 */
export function intlLocales(lng: Language): string[] {
  return lng === 'se' ? ['se', 'fi'] : [lng === 'en' ? 'en-GB' : `${lng}-FI`];
}

export function formatDateTime(
  value: Date | string,
  lng: Language,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' },
): string {
  return new Intl.DateTimeFormat(intlLocales(lng), options).format(typeof value === 'string' ? new Date(value) : value);
}

export function formatNumber(value: number, lng: Language, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(intlLocales(lng), options).format(value);
}
