import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { TFunction, TOptions } from 'i18next';
import { resolveLanguage, resolvePlainLanguage } from '../config.js';
import { i18n } from './i18n.js';
import { DEFAULT_LANGUAGE, type Language } from './languages.js';
import { isLoaded, loadNamespaces } from './loader.js';

/** What the controller needs from its host element. */
export type LocalizeHost = ReactiveControllerHost & HTMLElement & { plainLanguage?: boolean | undefined };

/** Bumped whenever texts are added to i18next (any language, any namespace): memoised texts are then stale. */
let resourcesVersion = 0;
// The resource store emits these (the i18next instance does not pass them on).
i18n.store.on('added', () => (resourcesVersion += 1));
i18n.store.on('removed', () => (resourcesVersion += 1));

// One MutationObserver on <html lang> for every controller on the page.
const listeners = new Set<LocalizeController>();
let htmlObserver: MutationObserver | undefined;

function watchHtmlLang(controller: LocalizeController): void {
  listeners.add(controller);
  htmlObserver ??= new MutationObserver(() => listeners.forEach((c) => c.pageLanguageChanged()));
  if (listeners.size === 1) htmlObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
}

function unwatchHtmlLang(controller: LocalizeController): void {
  listeners.delete(controller);
  if (listeners.size === 0) htmlObserver?.disconnect();
}

/**
 * Resolves the language per element (its `lang`, then the page), loads the widget's
 * namespaces lazily, and re-renders the host when the language, the plain-language
 * switch or the loaded resources change. `Key` is the widget's key union (./keys.ts), so
 * a key missing from the Finnish file fails the type check. Until the first load finishes `ready` is false;
 * while a new language loads, the previous one stays on screen.
 */
export class LocalizeController<Key extends string = string> implements ReactiveController {
  /** The language currently rendered. */
  language: Language = DEFAULT_LANGUAGE;
  /** True once the first language's resources are in. */
  ready = false;
  /** Set when loading resources failed (the widget then shows its keys' fallbacks). */
  error: unknown;
  readonly #host: LocalizeHost;
  #namespaces: readonly string[] = [];
  /** The language and namespaces asked for last ("fi feedback,common"). */
  #requested: string | undefined;
  #t: TFunction | undefined;
  #pending: Promise<void> = Promise.resolve();

  constructor(host: LocalizeHost, namespaces: readonly string[]) {
    this.#host = host;
    this.use(namespaces);
    host.addController(this);
  }

  /**
   * Sets the namespaces a key is looked up in, in order (the first that has a key wins),
   * e.g. a mode's overrides before the widget's own texts. They load on the next update.
   */
  use(namespaces: readonly string[]): void {
    this.#namespaces = [...new Set([...namespaces, 'common'])];
  }

  /** Resolves when the resources of the requested language are in (tests await this). */
  get loaded(): Promise<void> {
    return this.#pending;
  }

  /** Whether plain-language variants are preferred (element, then page default). */
  get plain(): boolean {
    return resolvePlainLanguage(this.#host.plainLanguage);
  }

  hostConnected(): void {
    watchHtmlLang(this);
    this.#sync(false);
  }

  hostDisconnected(): void {
    unwatchHtmlLang(this);
  }

  hostUpdate(): void {
    this.#sync(true);
  }

  /** Called by the shared observer when <html lang> changes. */
  pageLanguageChanged(): void {
    this.#sync(false);
  }

  /**
   * Translates `key` ("ns:key" or a key of the widget's namespace). With plain language on,
   * asks for the `_plain` context: i18next tries `key_plain` and falls back to `key` in the
   * same language before it moves to a fallback language.
   */
  t(key: Key, options?: TOptions): string {
    if (!this.#t) return '';
    const plain = this.plain;
    // Keys are checked by `Key`; i18next's own key typing is not set up (no CustomTypeOptions).
    const t = this.#t as (key: string, options?: TOptions) => string;
    if (options !== undefined) return t(key, plain ? { ...options, context: 'plain' } : options);
    // A text without values is looked up once per key and plain-language setting: i18next's lookup
    // (the language chain, the plain context and its fallback) costs 10–50 µs, and a first view
    // with 200 rows asks for the same few keys hundreds of times.
    if (this.#memoVersion !== resourcesVersion) {
      this.#memo.clear();
      this.#memoVersion = resourcesVersion;
    }
    const id = plain ? `1${key}` : `0${key}`;
    let text = this.#memo.get(id);
    if (text === undefined) this.#memo.set(id, (text = t(key, plain ? { context: 'plain' } : undefined)));
    return text;
  }

  /** Texts without values by plain-language flag and key; cleared when the language, the namespaces or the loaded texts change. */
  readonly #memo = new Map<string, string>();
  #memoVersion = -1;

  #sync(inUpdate: boolean): void {
    const lng = resolveLanguage(this.#host);
    const requested = `${lng} ${this.#namespaces.join()}`;
    if (requested === this.#requested) return;
    this.#requested = requested;
    if (isLoaded(lng, this.#namespaces)) {
      this.#apply(lng);
      if (!inUpdate) this.#host.requestUpdate();
      return;
    }
    this.#pending = loadNamespaces(lng, this.#namespaces).then(
      () => {
        if (this.#requested !== requested) return;
        this.#apply(lng);
        this.#host.requestUpdate();
      },
      (error: unknown) => {
        console.error(`[luukku] Could not load the "${lng}" texts`, error);
        this.error = error;
        this.#requested = undefined; // a later update may retry
        this.#host.requestUpdate();
      },
    );
  }

  #apply(lng: Language): void {
    this.language = lng;
    this.#t = i18n.getFixedT(lng, this.#namespaces as string[]);
    this.#memo.clear();
    this.ready = true;
    this.error = undefined;
  }
}
