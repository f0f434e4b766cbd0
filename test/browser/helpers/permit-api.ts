import { waitUntil } from '@open-wc/testing';
import '../../../src/widgets/permit-explorer/define.js';
import type { LuukkuPermitExplorer } from '../../../src/widgets/permit-explorer/permit-explorer.js';
import type { PermitExplorerState } from '../../../src/widgets/permit-explorer/model.js';
import { API, MIXED_EVENT_ANSWERS, TODAY, mockPermitApi } from '../../fixtures/fake-api/permits.js';

export { API, TODAY, mockPermitApi, packFor, problem, timesFor } from '../../fixtures/fake-api/permits.js';

/**
 * Installs the mock API before each test of the calling describe block, and restores
 * fetch and removes the mounted explorers after each: `const mock = useMockPermitApi()`.
 */
export function useMockPermitApi(): { api: ReturnType<typeof mockPermitApi> } {
  const context = { api: undefined as unknown as ReturnType<typeof mockPermitApi> };
  beforeEach(() => {
    context.api = mockPermitApi();
  });
  afterEach(() => {
    context.api.restore();
    unmountAll();
  });
  return context;
}

const mounted: HTMLElement[] = [];
const startUrl = location.pathname;

/** Creates <luukku-permit-explorer> for demo-kaupunki's event pack (plus `extra` attributes) and waits for its texts. */
export async function mount(
  extra: Record<string, string> = {},
  { wait = 'ready' }: { wait?: PermitExplorerState | 'none' } = {},
): Promise<LuukkuPermitExplorer> {
  const el = document.createElement('luukku-permit-explorer');
  el.setAttribute('organisation', 'demo-kaupunki');
  el.setAttribute('mode', 'events');
  el.setAttribute('api', API);
  el.setAttribute('today', TODAY);
  for (const [k, v] of Object.entries(extra)) el.setAttribute(k, v);
  document.body.append(el);
  mounted.push(el);
  await waitUntil(() => el.shadowRoot?.querySelector('[part~="heading"]'), 'texts did not load');
  if (wait !== 'none') await waitForState(el, wait);
  return el;
}

/** Removes the elements and the URL state they wrote. */
export function unmountAll(): void {
  mounted.splice(0).forEach((el) => el.remove());
  history.replaceState(null, '', startUrl);
}

export async function waitForState(el: LuukkuPermitExplorer, state: PermitExplorerState): Promise<void> {
  await waitUntil(() => el.state === state, `state never became ${state} (is ${el.state})`, { timeout: 5000 });
  await el.updateComplete;
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- typed query helper, like querySelector<T>
export const $ = <T extends Element = HTMLElement>(el: LuukkuPermitExplorer, selector: string): T | null =>
  el.shadowRoot!.querySelector<T>(selector);
export const $$ = <T extends Element = HTMLElement>(el: LuukkuPermitExplorer, selector: string): T[] => [
  ...el.shadowRoot!.querySelectorAll<T>(selector),
];
export const text = (el: LuukkuPermitExplorer, selector: string): string => $(el, selector)?.textContent.replace(/\s+/g, ' ').trim() ?? '';
export const focused = (el: LuukkuPermitExplorer): Element | null => el.shadowRoot!.activeElement;

/** Answers the current question through its controls (radio/checkbox value, or typed text) and presses Next. */
export async function answer(el: LuukkuPermitExplorer, value: string | string[] | boolean | number): Promise<void> {
  const input = $<HTMLInputElement>(el, '[data-answer]')!;
  const day = $<HTMLInputElement>(el, '#answer-day');
  if (day && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    // Day / month / year fields (GOV.UK pattern): type each part.
    await typeDate(el, value);
  } else if (input.type === 'radio' || input.type === 'checkbox') {
    const values = Array.isArray(value) ? value : [typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value)];
    for (const v of values) $<HTMLInputElement>(el, `[data-answer][value="${v}"]`)!.click();
  } else {
    input.value = String(value);
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  }
  await next(el);
}

/** Fills the day, month and year fields of a date question with an ISO date (2026-06-12 → 12, 6, 2026). */
export async function typeDate(el: LuukkuPermitExplorer, iso: string): Promise<void> {
  const [y, m, d] = iso.split('-');
  for (const [part, v] of [
    ['day', String(Number(d))],
    ['month', String(Number(m))],
    ['year', y!],
  ] as const) {
    const field = $<HTMLInputElement>(el, `#answer-${part}`)!;
    field.value = v;
    field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  }
  await el.updateComplete;
}

export async function next(el: LuukkuPermitExplorer): Promise<void> {
  const before = el.step;
  $<HTMLButtonElement>(el, 'button[type="submit"]')!.click();
  await waitUntil(() => el.step !== before || $(el, '[part~="error"]'), 'Next did nothing');
  await el.updateComplete;
}

/** The URL of a state: `?pe.step=…&pe.<id>=…`. */
export function urlWith(params: Record<string, string>, name = 'pe'): string {
  const search = new URLSearchParams(Object.entries(params).map(([k, v]) => [`${name}.${k}`, v]));
  return `${startUrl}?${search.toString()}`;
}

/** The shared mixed answer set (fixtures/fake-api/permits.ts), opened on the result step. */
export const mixedAnswers = { ...MIXED_EVENT_ANSWERS, step: 'result' };
