import { LitElement, type PropertyDeclarations } from 'lit';
import { resolveApi } from './config.js';
import { Announcer } from './announcer.js';
import { LocalizeController } from './i18n/localize-controller.js';
import { hostStyles } from './tokens.js';

/**
 * The thin base of every Luukku element: `lang`, `plain-language` and `api`, the shared
 * host styles, and the controllers every widget needs (localize, announcer).
 * Subclasses name their i18n namespace through `static namespace`.
 */
export abstract class LuukkuElement extends LitElement {
  static override styles = [hostStyles];

  static override properties: PropertyDeclarations = {
    lang: { type: String, reflect: true },
    plainLanguage: { type: Boolean, reflect: true, attribute: 'plain-language' },
    api: { type: String },
  };

  /** The i18n namespace of the widget (its `src/locales/<lng>/<namespace>.json`). */
  static namespace = 'common';

  /** Language of the widget: fi, sv, se or en. Falls back to the page default, then `<html lang>`. */
  declare lang: string;
  /** Use plain-language texts (selkokieli / lättläst) where they exist. */
  declare plainLanguage: boolean | undefined;
  /** Base URL of the Luukku API (default: `<meta name="luukku:api">`, `window.LuukkuConfig.api`, or the page's origin). */
  declare api: string | undefined;

  protected readonly localize: LocalizeController;
  protected readonly announcer: Announcer;

  constructor() {
    super();
    this.localize = new LocalizeController(this, [(this.constructor as typeof LuukkuElement).namespace]);
    this.announcer = new Announcer(this);
  }

  /** The effective API base URL after the configuration cascade. */
  protected get apiBase(): string {
    return resolveApi(this.api);
  }
}
