import { DEFAULT_LANGUAGE, normaliseLanguage, type Language } from './i18n/languages.js';

/** Page-wide defaults a host page may set before the widgets load. */
export interface LuukkuPageConfig {
  api?: string;
  lang?: string;
  plainLanguage?: boolean;
}

declare global {
  interface Window {
    LuukkuConfig?: LuukkuPageConfig;
  }
}

function meta(name: string): string | undefined {
  return document.querySelector<HTMLMetaElement>(`meta[name="luukku:${name}"]`)?.content.trim() || undefined;
}

function page(): LuukkuPageConfig {
  return (typeof window !== 'undefined' && window.LuukkuConfig) || {};
}

/**
 * API base URL: element attribute → window.LuukkuConfig.api → <meta name="luukku:api"> → '' (same origin).
 */
export function resolveApi(attribute: string | null | undefined): string {
  return attribute?.trim() || page().api?.trim() || meta('api') || '';
}

/**
 * Language: element `lang` → window.LuukkuConfig.lang → <meta name="luukku:lang">
 * → nearest ancestor `lang` (normally <html lang>) → 'fi'.
 */
export function resolveLanguage(element: Element): Language {
  return (
    normaliseLanguage(element.getAttribute('lang')) ??
    normaliseLanguage(page().lang) ??
    normaliseLanguage(meta('lang')) ??
    normaliseLanguage(element.parentElement?.closest('[lang]')?.getAttribute('lang')) ??
    normaliseLanguage(document.documentElement.lang) ??
    DEFAULT_LANGUAGE
  );
}

/** Plain language: element property (from `plain-language`) → page default → off. */
export function resolvePlainLanguage(property: boolean | undefined): boolean {
  if (property !== undefined) return property;
  const fromMeta = meta('plain-language');
  return page().plainLanguage ?? fromMeta === 'true';
}
