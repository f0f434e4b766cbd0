/** The languages every widget ships, declared once for types, runtime checks, stories and tests. */
export const LANGUAGES = ['fi', 'sv', 'se', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The language used when nothing else is known. */
export const DEFAULT_LANGUAGE: Language = 'fi';

/** Where a missing translation falls back to (Sámi readers in Finland read Finnish). */
export const FALLBACKS: Record<Language, Language[]> = {
  fi: [],
  sv: ['fi'], // Finland is bilingual: a Swede in Finland reads Finnish before English (DESIGN.md)
  se: ['fi'],
  en: ['fi'],
};

const ALIASES: Record<string, Language> = {
  fi: 'fi',
  fin: 'fi',
  sv: 'sv',
  swe: 'sv',
  se: 'se',
  sme: 'se',
  en: 'en',
  eng: 'en',
};

const warned = new Set<string>();

/**
 * Maps a BCP 47 tag to one of our languages: 'sv-FI' → sv, 'sme' → se, 'en-GB' → en.
 * Returns undefined for an empty value (so the caller moves on in the cascade) and
 * 'fi' with a one-time console warning for a language we do not ship.
 */
export function normaliseLanguage(tag: string | null | undefined): Language | undefined {
  const value = tag?.trim().toLowerCase();
  if (!value) return undefined;
  const primary = value.split(/[-_]/)[0] ?? '';
  const lang = ALIASES[primary];
  if (lang) return lang;
  if (!warned.has(value)) {
    warned.add(value);
    console.warn(`[luukku] Language "${tag}" is not available; using "${DEFAULT_LANGUAGE}". Available: ${LANGUAGES.join(', ')}.`);
  }
  return DEFAULT_LANGUAGE;
}
