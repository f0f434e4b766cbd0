/**
 * The organiser's calendar feed (issue 11): the read-only address a calendar app subscribes to,
 * separate from the private project link. Shows the address with a copy button, makes it,
 * renews it (the old address stops working) or revokes it, each destructive step confirmed.
 * A controller of <luukku-project-timeline>: it keeps its own state and asks the host to render.
 */
import { css, html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { NetworkError, ProblemError } from '../../core/api/errors.js';
import type { ProjectTimelineKey } from '../../core/i18n/keys.js';
import { fieldError } from '../../ui/field-error.js';
import { heading } from '../../ui/heading.js';
import { call } from './api.js';
import type { Translate } from './kit.js';

export interface ProjectFeed {
  url: string | null;
  createdAt: string | null;
}

export interface FeedHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

export const feedStyles = css`
  .feed .feed-row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--luukku-space-2, 0.5rem);
    align-items: center;
  }
  .feed input {
    flex: 1 1 16rem;
    min-width: 0;
    font-family: var(--luukku-font-mono, ui-monospace, monospace);
  }
`;

export class ProjectFeedController implements ReactiveController {
  /** The feed as last read; undefined while not read. */
  feed: ProjectFeed | undefined;
  #key = '';
  #busy = false;
  #error: ProjectTimelineKey | undefined;
  #confirm: 'renew' | 'revoke' | undefined;
  #copied: 'ok' | 'failed' | undefined;
  #open = false;

  constructor(
    private readonly host: FeedHost,
    private readonly announce: (message: string, assertive?: boolean) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Forgets the feed of another project (or server); the address is read only when the organiser opens the section. */
  #sync(base: string, token: string | undefined): void {
    const key = token ? `${base} ${token}` : '';
    if (key === this.#key) return;
    this.#key = key;
    this.#open = false;
    this.feed = undefined;
    this.#error = undefined;
    this.#confirm = undefined;
  }

  /** Opens the section and reads the address (the element calls it after loading this module). */
  async show(base: string, token: string, t: Translate): Promise<void> {
    this.#sync(base, token);
    this.#open = true;
    if (await this.#send(base, token, 'GET', t)) await this.#focus(this.feed?.url ? '#feed-url' : '#feed-make');
  }

  async #send(base: string, token: string, method: 'GET' | 'POST' | 'DELETE', t?: Translate): Promise<boolean> {
    this.#busy = true;
    this.#error = undefined;
    this.#copied = undefined;
    this.host.requestUpdate();
    try {
      const { data } = await call<ProjectFeed>(base, `/v1/projects/${token}/feed`, { method });
      if (this.#key !== `${base} ${token}`) return false;
      if (data.url !== null && typeof data.url !== 'string') throw new Error('not a feed');
      this.feed = data;
      this.#confirm = undefined;
      if (t && method !== 'GET') this.announce(t(method === 'DELETE' ? 'feed.revoked' : 'feed.made'));
      return true;
    } catch (error) {
      const code = error instanceof ProblemError ? error.code : error instanceof NetworkError ? 'network' : 'other';
      this.#error = code === 'network' ? 'error.network' : code === 'invalid_transition' ? 'feed.cancelled' : 'feed.error';
      if (t) this.announce(t(this.#error), true);
      return false;
    } finally {
      this.#busy = false;
      this.host.requestUpdate();
    }
  }

  async #focus(selector: string): Promise<void> {
    await this.host.updateComplete;
    this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  async #copy(t: Translate): Promise<void> {
    const url = this.feed?.url;
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      this.#copied = 'ok';
    } catch {
      // No clipboard (an insecure page, a denied permission): select the address for Ctrl+C.
      this.#copied = 'failed';
      this.host.renderRoot.querySelector<HTMLInputElement>('#feed-url')?.select();
    }
    this.announce(t(this.#copied === 'ok' ? 'feed.copied' : 'feed.copyFailed'));
    this.host.requestUpdate();
  }

  render(o: { t: Translate; level: number; base: string; token: string | undefined; cancelled: boolean }): TemplateResult {
    const { t, base, token } = o;
    this.#sync(base, token);
    const feed = this.feed;
    const act = async (method: 'POST' | 'DELETE', focus: string): Promise<void> => {
      if (token && (await this.#send(base, token, method, t))) await this.#focus(focus);
    };
    const webcal = feed?.url ? feed.url.replace(/^https?:/, 'webcal:') : '';
    return html`<section class="feed" aria-labelledby="feed-h" aria-busy=${this.#busy ? 'true' : 'false'}>
      ${heading(o.level, t('feed.title'), { id: 'feed-h' })}
      <p id="feed-help" class="hint">${t('feed.help')}</p>
      ${
        this.#open
          ? nothing
          : html`<button type="button" part="button" class="secondary" id="feed-show" aria-expanded="false" ?disabled=${!token}
            @click=${() => token && void this.show(base, token, t)}>${t('feed.show')}</button>`
      }
      ${
        this.#error
          ? html`<div class="action-error" role="alert">
            ${fieldError({ id: 'err-feed', prefix: t('common:errorPrefix'), message: t(this.#error) })}
            ${
              feed === undefined
                ? html`<button type="button" part="button" class="secondary" @click=${() => token && void this.#send(base, token, 'GET', t)}>
                  ${t('common:retry')}
                </button>`
                : nothing
            }
          </div>`
          : nothing
      }
      ${
        !this.#open
          ? nothing
          : feed === undefined
            ? this.#error
              ? nothing
              : html`<p role="status">${t('feed.loading')}</p>`
            : feed.url === null
              ? html`<p>${t('feed.none')}</p>
              ${
                o.cancelled
                  ? nothing
                  : html`<button type="button" part="button" class="secondary" id="feed-make" ?disabled=${this.#busy} @click=${() => void act('POST', '#feed-url')}>
                    ${t('feed.make')}
                  </button>`
              }`
              : html`<label for="feed-url">${t('feed.address')}</label>
              <div class="feed-row">
                <input id="feed-url" type="text" readonly .value=${feed.url} aria-describedby="feed-help" />
                <button type="button" part="button" class="secondary" id="feed-copy" @click=${() => void this.#copy(t)}>${t('feed.copy')}</button>
              </div>
              <p role="status" class="hint">${this.#copied ? t(this.#copied === 'ok' ? 'feed.copied' : 'feed.copyFailed') : nothing}</p>
              <p><a part="button" class="button secondary" href=${webcal}>${t('feed.open')}</a></p>
              ${this.#confirm ? this.#confirmStep(t, act) : this.#manage(t, o.cancelled)}`
      }
    </section>`;
  }

  #manage(t: Translate, cancelled: boolean): TemplateResult {
    const open = (step: 'renew' | 'revoke') => async (): Promise<void> => {
      this.#confirm = step;
      this.host.requestUpdate();
      await this.#focus('#feed-confirm-text');
    };
    return html`<div class="feed-row">
      ${cancelled ? nothing : html`<button type="button" part="button" class="secondary" id="feed-renew" @click=${open('renew')}>${t('feed.renew')}</button>`}
      <button type="button" part="button" class="secondary danger-text" id="feed-revoke" @click=${open('revoke')}>${t('feed.revoke')}</button>
    </div>`;
  }

  #confirmStep(t: Translate, act: (method: 'POST' | 'DELETE', focus: string) => Promise<void>): TemplateResult {
    const step = this.#confirm ?? 'renew';
    const back = async (): Promise<void> => {
      this.#confirm = undefined;
      this.host.requestUpdate();
      await this.#focus(step === 'renew' ? '#feed-renew' : '#feed-revoke');
    };
    return html`<div class="box notice" role="group" aria-labelledby="feed-confirm-text">
      <p id="feed-confirm-text" tabindex="-1">${t(step === 'renew' ? 'feed.renewConfirm' : 'feed.revokeConfirm')}</p>
      <div class="feed-row">
        <button type="button" part="button" class="btn-danger" ?disabled=${this.#busy}
          @click=${() => void act(step === 'renew' ? 'POST' : 'DELETE', step === 'renew' ? '#feed-url' : '#feed-make')}>
          ${t(step === 'renew' ? 'feed.renewYes' : 'feed.revokeYes')}
        </button>
        <button type="button" part="button" class="secondary" @click=${() => void back()}>${t('feed.back')}</button>
      </div>
    </div>`;
  }
}
