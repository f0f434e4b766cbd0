/** Mounting and querying <luukku-project-timeline> in the browser tests (each file installs its own fake API first). */
import { waitUntil } from '@open-wc/testing';
import '../../../src/widgets/project-timeline/define.js';
import type { LuukkuProjectTimeline } from '../../../src/widgets/project-timeline/project-timeline.js';
import { API, TODAY, TOKEN } from '../../fixtures/fake-api/projects.js';

/** Every element mounted by {@link mountTimeline}; the test files' afterEach removes them. */
export const mounted: HTMLElement[] = [];

/** A timeline on the fake API at API, today fixed, shown once its texts and data have loaded. */
export async function mountTimeline(
  attrs: Record<string, string> = { project: TOKEN },
  props: Record<string, unknown> = {},
): Promise<LuukkuProjectTimeline> {
  const el = document.createElement('luukku-project-timeline');
  el.setAttribute('api', API);
  el.setAttribute('today', TODAY);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  Object.assign(el, props);
  document.body.append(el);
  mounted.push(el);
  await waitUntil(() => el.shadowRoot?.querySelector('[part~="heading"]'), 'texts did not load');
  await waitUntil(() => el.state === 'ready' || el.state === 'empty', `never ready (is ${el.state})`, { timeout: 5000 });
  // A project's tools below the grid are rendered after the first paint.
  if (el.state === 'ready' && el.view !== 'official')
    await waitUntil(() => el.shadowRoot?.querySelector('section.tools'), 'no tools below the grid');
  await el.updateComplete;
  return el;
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- typed query helper, like querySelector<T>
export const $ = <T extends Element = HTMLElement>(el: LuukkuProjectTimeline, s: string): T | null => el.shadowRoot!.querySelector<T>(s);
export const text = (el: Element | null): string => el?.textContent.replace(/\s+/g, ' ').trim() ?? '';
export const active = (el: LuukkuProjectTimeline): HTMLElement | null => el.shadowRoot!.activeElement as HTMLElement | null;
