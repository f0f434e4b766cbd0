import { waitUntil } from '@open-wc/testing';
import fiEvents from '../../../src/data/rule-packs/fi-events.json';
import fiIndustrial from '../../../src/data/rule-packs/fi-industrial.json';
import cityKaupunki from '../../../src/data/rule-packs/city-demo-kaupunki.json';
import cityStad from '../../../src/data/rule-packs/city-demo-stad.json';
import { resolvePack } from '../../../src/shared/permit-engine/resolve.js';
import type { Pack, ResolvedPack } from '../../../src/shared/permit-engine/types.js';
import type { ProcessingTimes } from '../../../src/core/api/client.js';
import '../../../src/widgets/permit-explorer/define.js';
import type { LuukkuPermitExplorer } from '../../../src/widgets/permit-explorer/permit-explorer.js';
import type { PermitExplorerState } from '../../../src/widgets/permit-explorer/model.js';

export const API = 'http://api.test';
/** Every test counts deadlines from this day. */
export const TODAY = '2026-03-02';

const packs = new Map<string, Pack>(
  [fiEvents, fiIndustrial, cityKaupunki, cityStad].map((p) => [(p as Pack).id, p as unknown as Pack]),
);
const organisations: Record<string, Record<string, string>> = {
  'demo-kaupunki': { events: 'city-demo-kaupunki', industrial: 'fi-industrial' },
  'demo-stad': { events: 'city-demo-stad', industrial: 'fi-industrial' },
};

/** The pack the server would send for an organisation and mode (resolved with the engine, without provenance). */
export function packFor(organisation: string, mode: string): ResolvedPack {
  const pack = resolvePack(packs, organisations[organisation]?.[mode] ?? `fi-${mode}`);
  delete pack.provenance;
  return pack;
}

/** Forecasts: history for the police notice and the rescue plan, the pack's typical value for the rest. */
export function timesFor(organisation: string, mode: string): ProcessingTimes {
  const pack = packFor(organisation, mode);
  const history: Record<string, [number, number, number]> = { 'police-public-event-notice': [48, 12, 20], 'rescue-plan': [31, 10, 16] };
  return {
    organisation, mode: mode as ProcessingTimes['mode'], packId: pack.id, minCases: 10,
    items: [...pack.rules, ...pack.recommendations].map((r) => {
      const h = history[r.id];
      return h
        ? { ruleId: r.id, authorityId: r.authority, cases: h[0], medianDays: h[1], p80Days: h[2], typicalDays: r.processingDays ?? null, source: 'history' as const }
        : { ruleId: r.id, authorityId: r.authority, cases: 2, medianDays: null, p80Days: null, typicalDays: r.processingDays ?? null, source: r.processingDays == null ? ('none' as const) : ('pack' as const) };
    }),
  };
}

type Handler = (url: URL) => Response | Promise<Response> | 'hang' | 'network-error';
const json = (body: unknown, status = 200, type = 'application/json'): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

/** Stubs window.fetch with the two permit endpoints. */
export function mockPermitApi(handlers: { pack?: Handler; times?: Handler } = {}) {
  const original = window.fetch.bind(window);
  const calls: string[] = [];
  const routes = {
    pack: handlers.pack ?? ((url: URL) => {
      const mode = url.pathname.split('/').pop()!;
      const organisation = url.searchParams.get('organisation')!;
      return json({ organisation: { id: organisation, name: { fi: organisation } }, mode, pack: packFor(organisation, mode) });
    }),
    times: handlers.times ?? ((url: URL) => json(timesFor(url.searchParams.get('organisation')!, url.searchParams.get('mode')!))),
  };
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    calls.push(url.pathname + url.search);
    const handler = url.pathname.startsWith('/v1/permits/packs/') ? routes.pack : routes.times;
    const result = await handler(url);
    if (result === 'network-error') throw new TypeError('Failed to fetch');
    if (result === 'hang') return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))));
    return result;
  };
  return {
    calls,
    set(route: 'pack' | 'times', handler: Handler) {
      routes[route] = handler;
    },
    restore() {
      window.fetch = original;
    },
  };
}

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

export const problem = (status: number, code: string): Response => json({ type: 'about:blank', title: code, status, code }, status, 'application/problem+json');

const mounted: HTMLElement[] = [];
const startUrl = location.pathname;

/** Creates <luukku-permit-explorer> for demo-kaupunki's event pack (plus `extra` attributes) and waits for its texts. */
export async function mount(extra: Record<string, string> = {}, { wait = 'ready' }: { wait?: PermitExplorerState | 'none' } = {}): Promise<LuukkuPermitExplorer> {
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
export const $ = <T extends Element = HTMLElement>(el: LuukkuPermitExplorer, selector: string): T | null => el.shadowRoot!.querySelector<T>(selector);
export const $$ = <T extends Element = HTMLElement>(el: LuukkuPermitExplorer, selector: string): T[] => [...el.shadowRoot!.querySelectorAll<T>(selector)];
export const text = (el: LuukkuPermitExplorer, selector: string): string => $(el, selector)?.textContent.replace(/\s+/g, ' ').trim() ?? '';
export const focused = (el: LuukkuPermitExplorer): Element | null => el.shadowRoot!.activeElement;

/** Answers the current question through its controls (radio/checkbox value, or typed text) and presses Next. */
export async function answer(el: LuukkuPermitExplorer, value: string | string[] | boolean | number): Promise<void> {
  const input = $<HTMLInputElement>(el, '[data-answer]')!;
  if (input.type === 'radio' || input.type === 'checkbox') {
    const values = Array.isArray(value) ? value : [typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value)];
    for (const v of values) $<HTMLInputElement>(el, `[data-answer][value="${v}"]`)!.click();
  } else {
    input.value = String(value);
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  }
  await next(el);
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

/** Answers giving green, amber and red items on TODAY (event on 20 March: 30-day rules are late, 14-day ones close). */
export const mixedAnswers = {
  eventType: 'public-event', startDate: '2026-03-20', startTime: '18:00', endDate: '2026-03-20', endTime: '23:00',
  venue: 'public-area', attendance: '5000', alcohol: 'yes', food: 'yes', music: 'yes', amplifiedSound: 'yes', soundUntil: '23:00',
  specialEffects: 'consumer-fireworks', openFire: 'no', laser: 'no', structures: 'yes', trafficImpact: 'no', exitsUnusual: 'no',
  stewards: 'yes', lottery: 'no', drones: 'no', marketSquare: 'no', step: 'result',
};
