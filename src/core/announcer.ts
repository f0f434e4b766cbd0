import type { ReactiveController, ReactiveControllerHost } from 'lit';

type Politeness = 'polite' | 'assertive';

/**
 * Keeps a polite and an assertive live region at the end of the host's shadow root
 * (outside Lit's rendered content, so re-renders never recreate them). A message is
 * cleared first and set a moment later, so saying the same thing twice is heard twice.
 */
export class Announcer implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #regions = new Map<Politeness, HTMLElement>();
  readonly #timers = new Map<Politeness, ReturnType<typeof setTimeout>>();
  readonly #language: () => string;

  /** `language` gives the widget's resolved language, which the regions carry as `lang`. */
  constructor(host: ReactiveControllerHost & HTMLElement, language: () => string) {
    this.#host = host;
    this.#language = language;
    host.addController(this);
  }

  hostConnected(): void {
    const root = this.#host.shadowRoot;
    if (!root) return;
    for (const politeness of ['polite', 'assertive'] as const) {
      let region = this.#regions.get(politeness);
      if (!region) {
        region = document.createElement('div');
        region.dataset.live = politeness;
        region.setAttribute('aria-live', politeness);
        region.setAttribute('aria-atomic', 'true');
        if (politeness === 'assertive') region.setAttribute('role', 'alert');
        else region.setAttribute('role', 'status');
        // Visually hidden through CSSOM (allowed under a strict style-src CSP).
        Object.assign(region.style, {
          position: 'absolute',
          width: '1px',
          height: '1px',
          margin: '-1px',
          padding: '0',
          overflow: 'hidden',
          clipPath: 'inset(50%)',
          whiteSpace: 'nowrap',
          border: '0',
        });
        this.#regions.set(politeness, region);
      }
      if (region.parentNode !== root) root.append(region);
    }
  }

  /** The regions speak the widget's resolved language, even before their first message. */
  hostUpdated(): void {
    const lang = this.#language();
    this.#regions.forEach((region) => {
      if (region.lang !== lang) region.lang = lang;
    });
  }

  hostDisconnected(): void {
    this.#timers.forEach((t) => clearTimeout(t));
    this.#timers.clear();
  }

  /** Announce politely (status updates, counts). */
  polite(message: string): void {
    this.announce(message, 'polite');
  }

  /** Announce at once, interrupting (errors that block the user). */
  assertive(message: string): void {
    this.announce(message, 'assertive');
  }

  announce(message: string, politeness: Politeness = 'polite'): void {
    const region = this.#regions.get(politeness);
    if (!region) return;
    clearTimeout(this.#timers.get(politeness));
    region.lang = this.#language();
    region.textContent = '';
    this.#timers.set(
      politeness,
      setTimeout(() => (region.textContent = message), 120),
    );
  }
}
