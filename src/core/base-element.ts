import { LitElement, type PropertyDeclarations, type PropertyValues } from 'lit';
import { ApiClient } from './api/client.js';
import { Announcer } from './announcer.js';
import { resolveApi } from './config.js';
import { syncCustomState } from './custom-states.js';
import { LocalizeController } from './i18n/localize-controller.js';
import { hostStyles } from './tokens.js';

/** Heading levels a widget accepts for its own heading (`heading-level`). */
export const HEADING_LEVELS = [1, 2, 3, 4, 5] as const;
export type HeadingLevel = (typeof HEADING_LEVELS)[number];

/**
 * The thin base of every Luukku element: `lang`, `plain-language`, `api` and
 * `heading-level`; the shared host styles; `ElementInternals` with one custom-state
 * sync of `state`; one API client; and the controllers every widget needs
 * (localize, announcer). Subclasses name their i18n namespace in `static namespace` and
 * their states in `static states`.
 */
export abstract class LuukkuElement extends LitElement {
  static override styles = [hostStyles];

  static override properties: PropertyDeclarations = {
    lang: { type: String, reflect: true },
    plainLanguage: { type: Boolean, reflect: true, attribute: 'plain-language' },
    api: { type: String },
    headingLevel: { type: Number, attribute: 'heading-level' },
    state: { attribute: false },
  };

  /** The i18n namespace of the widget (its `src/locales/<lng>/<namespace>.json`). */
  static namespace = 'common';
  /** Every value of `state`: the names of the element's custom CSS states. */
  static states: readonly string[] = [];

  /** Language of the widget: fi, sv, se or en. Falls back to the page default, then `<html lang>`. */
  declare lang: string;
  /** Use plain-language texts (selkokieli / lättläst) where they exist. */
  declare plainLanguage: boolean | undefined;
  /** Base URL of the Luukku API (default: `<meta name="luukku:api">`, `window.LuukkuConfig.api`, or the page's origin). */
  declare api: string | undefined;
  /** Level of the widget's own heading (1–5; default 2), so it fits the host page's outline; headings inside follow one level below. */
  declare headingLevel: number | undefined;
  /** The current state (read-only). Also exposed as `:state(<name>)`. */
  declare state: string;

  protected readonly localize: LocalizeController;
  protected readonly announcer: Announcer;
  protected readonly internals: ElementInternals;
  #client?: ApiClient;

  constructor() {
    super();
    this.localize = new LocalizeController(this, [(this.constructor as typeof LuukkuElement).namespace]);
    this.announcer = new Announcer(this, () => this.localize.language);
    this.internals = this.attachInternals();
  }

  /** The effective API base URL after the configuration cascade. */
  protected get apiBase(): string {
    return resolveApi(this.api);
  }

  /** The API client for the effective base URL (one per element, renewed when the URL changes). */
  protected get client(): ApiClient {
    const baseUrl = resolveApi(this.api).replace(/\/+$/, '');
    if (this.#client?.baseUrl !== baseUrl) this.#client = new ApiClient({ baseUrl });
    return this.#client;
  }

  /** The level of the widget's heading, and of the headings one below it (clamped to 1–6). */
  protected get level(): { heading: number; sub: number } {
    const wanted = Math.trunc(this.headingLevel ?? 2);
    const heading = (HEADING_LEVELS as readonly number[]).includes(wanted) ? wanted : 2;
    return { heading, sub: heading + 1 };
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('state')) syncCustomState(this.internals, (this.constructor as typeof LuukkuElement).states, this.state);
  }
}
