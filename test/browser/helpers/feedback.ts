import { waitUntil } from '@open-wc/testing';
import '../../../src/widgets/feedback/define.js';
import type { LuukkuFeedback } from '../../../src/widgets/feedback/feedback-form.js';
import type { FeedbackState } from '../../../src/widgets/feedback/feedback-form.js';
import { clearOutbox } from '../../../src/core/outbox.js';
import { API } from '../../fixtures/fake-api/feedback.js';

const mounted: HTMLElement[] = [];

/** Creates <luukku-feedback> with the usual attributes plus `extra`, and waits for its texts. */
export async function mount(extra: Record<string, string> = {}, { event = true } = {}): Promise<LuukkuFeedback> {
  const el = document.createElement('luukku-feedback');
  el.setAttribute('organisation', 'demo-pelastuslaitos');
  el.setAttribute('service', 'fire-inspection');
  if (event) el.setAttribute('service-event', 'TAR-2026-00123');
  el.setAttribute('api', API);
  for (const [k, v] of Object.entries(extra)) el.setAttribute(k, v);
  document.body.append(el);
  mounted.push(el);
  await waitUntil(() => el.shadowRoot?.querySelector('[part~="heading"]'), 'texts did not load');
  return el;
}

export async function unmountAll(): Promise<void> {
  mounted.splice(0).forEach((el) => el.remove());
  await clearOutbox();
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- typed query helper, like querySelector<T>
export const $ = <T extends Element = HTMLElement>(el: LuukkuFeedback, selector: string): T | null =>
  el.shadowRoot!.querySelector<T>(selector);

export const $$ = <T extends Element = HTMLElement>(el: LuukkuFeedback, selector: string): T[] => [
  ...el.shadowRoot!.querySelectorAll<T>(selector),
];

export async function waitForState(el: LuukkuFeedback, state: FeedbackState): Promise<void> {
  await waitUntil(() => el.state === state, `state never became ${state} (is ${el.state})`, { timeout: 5000 });
  await el.updateComplete;
}

/** Chooses a score on a scale question. */
export function choose(el: LuukkuFeedback, question: string, value: number): void {
  $<HTMLInputElement>(el, `input[name="answers.${question}"][value="${value}"]`)!.click();
}

export function type(el: LuukkuFeedback, selector: string, text: string): void {
  const input = $<HTMLInputElement | HTMLTextAreaElement>(el, selector)!;
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
}

export async function submit(el: LuukkuFeedback): Promise<void> {
  $<HTMLButtonElement>(el, '[part~="submit"]')!.click();
  await el.updateComplete;
}

export const text = (el: LuukkuFeedback, selector: string): string => $(el, selector)?.textContent.replace(/\s+/g, ' ').trim() ?? '';

/** The element focused inside the widget's shadow root. */
export const focused = (el: LuukkuFeedback): Element | null => el.shadowRoot!.activeElement;

/** A promise with its resolve function, for holding a fetch open. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
