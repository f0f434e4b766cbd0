import type { components } from '../../contract/schema.gen.js';
import type { Language } from './languages.js';

export type LocalisedText = components['schemas']['LocalisedText'];

/**
 * Picks the text for a language from the API's LocalisedText: plain variants (`fi-plain`,
 * `sv-plain`) when plain language is on and present; `se` and `sv` fall back to Finnish
 * (Finland is bilingual: Swedish before English never means English first); `en` falls back to
 * Finnish (always present).
 */
export function pickText(text: LocalisedText | undefined, lng: Language, plain: boolean): string {
  if (!text) return '';
  const order: (keyof LocalisedText)[] = lng === 'fi' ? ['fi'] : lng === 'se' ? ['se', 'fi'] : lng === 'sv' ? ['sv', 'fi'] : ['en', 'fi'];
  for (const key of order) {
    if (plain && (key === 'fi' || key === 'sv')) {
      const plainText = text[`${key}-plain`];
      if (plainText) return plainText;
    }
    const value = text[key];
    if (value) return value;
  }
  return text.fi;
}

/** The language a pickText result is actually in (for the `lang` attribute of that node). */
export function pickedLanguage(text: LocalisedText | undefined, lng: Language): Language {
  if (!text) return lng;
  const order: Language[] = lng === 'fi' ? ['fi'] : lng === 'se' ? ['se', 'fi'] : lng === 'sv' ? ['sv', 'fi'] : ['en', 'fi'];
  return order.find((key) => text[key]) ?? 'fi';
}
