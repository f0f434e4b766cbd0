/**
 * The map of <luukku-venue-map> in Chromium (software WebGL): MapLibre downloads when the map
 * scrolls into view, its CSS is adopted into the shadow root, venues are focusable HTML markers
 * in step with the list, keyboard zoom, the text alternative, axe; and mounting / removing the
 * map releases its WebGL context every time (map.remove(); 50 mounts with heap figures: the bench).
 */
import './helpers/lit-warnings.js';
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { expectAccessible } from './helpers/axe.js';
import '../../src/widgets/venue-map/define.js';
import type { LuukkuVenueMap } from '../../src/widgets/venue-map/venue-map.js';
import { API, mockVenueApi, venuesFor } from '../fixtures/fake-api/venues.js';

const startUrl = location.pathname;
const mounted: HTMLElement[] = [];
let api: ReturnType<typeof mockVenueApi>;
const $ = (el: LuukkuVenueMap, s: string): HTMLElement | null => el.shadowRoot!.querySelector<HTMLElement>(s);
const $$ = (el: LuukkuVenueMap, s: string): HTMLElement[] => [...el.shadowRoot!.querySelectorAll<HTMLElement>(s)];

async function mount(attrs: Record<string, string> = {}): Promise<LuukkuVenueMap> {
  const el = document.createElement('luukku-venue-map');
  el.setAttribute('organisation', 'demo-kaupunki');
  el.setAttribute('api', API);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.body.append(el);
  mounted.push(el);
  await waitUntil(() => el.state === 'ready' && $(el, '#map'), 'not ready', { timeout: 5000 });
  await el.updateComplete;
  return el;
}

/** A widget whose list answer is held back until `release()` (the loading state, for as long as the test needs). */
function mountWhileListLoads(): [LuukkuVenueMap, () => void] {
  const release = api.hold('list');
  const el = document.createElement('luukku-venue-map');
  el.setAttribute('organisation', 'demo-kaupunki');
  el.setAttribute('api', API);
  document.body.append(el);
  mounted.push(el);
  return [el, release];
}

async function mapReady(el: LuukkuVenueMap): Promise<void> {
  $(el, '#map')!.scrollIntoView();
  await waitUntil(() => el.mapLoaded, 'the map did not load', { timeout: 15000 });
  await waitUntil(() => $$(el, '.marker').length > 0, 'no markers', { timeout: 15000 });
  await el.updateComplete;
}

describe('<luukku-venue-map> map', () => {
  beforeEach(() => {
    api = mockVenueApi();
  });
  afterEach(() => {
    api.restore();
    mounted.splice(0).forEach((el) => el.remove());
    history.replaceState(null, '', startUrl);
  });

  it('loads when scrolled into view; MapLibre’s CSS is in the shadow root; markers are focusable HTML in step with the list', async function () {
    this.timeout(30_000);
    const el = await mount();
    await mapReady(el);
    expect(el.shadowRoot!.adoptedStyleSheets.some((s) => [...s.cssRules].some((r) => r.cssText.includes('.maplibregl-map')))).to.equal(
      true,
    );
    expect($(el, '.maplibregl-canvas')).to.not.equal(null);
    // The canvas fills the map's box (its container is positioned over the box, not squeezed to no height).
    const boxRect = $(el, '#map')!.getBoundingClientRect();
    const canvasRect = $(el, '.maplibregl-canvas')!.getBoundingClientRect();
    expect(canvasRect.height).to.be.closeTo(boxRect.height - 2, 3);
    expect(canvasRect.width).to.be.closeTo(boxRect.width - 2, 3);
    expect($(el, '.attribution')!.textContent).to.contain('Natural Earth');
    // A venue marker: a button with the venue's name; clicking it selects the venue in the list too.
    await waitUntil(() => $$(el, '.marker.venue').length > 0, 'no venue markers (all clustered?)', { timeout: 10000 });
    const marker = $$(el, '.marker.venue')[0]! as HTMLButtonElement;
    const name = marker.getAttribute('aria-label')!;
    marker.focus();
    expect(el.shadowRoot!.activeElement).to.equal(marker);
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => el.selected !== '');
    await el.updateComplete;
    expect($(el, 'tr.selected .venue-link')!.textContent.trim()).to.equal(name);
    expect($(el, '#map-alt')!.textContent).to.contain(`Valittuna: ${name}`);
    // Selecting in the list marks the marker (after the map moved to it).
    $$(el, '.venue-link')
      .find((b) => b.textContent.includes('Kauppatori'))!
      .click();
    await waitUntil(() => $(el, '.marker.venue.selected')?.getAttribute('aria-label') === 'Kauppatori', 'marker not selected', {
      timeout: 10000,
    });
    expect($(el, '.marker.venue.selected')!.getAttribute('aria-current')).to.equal('true');
    await expectAccessible(el, 'map');
  });

  it('wide layout: the map is made while the list loads (beside it, where it will be) and gets the venues when they arrive; accessible while loading', async function () {
    this.timeout(30_000);
    await setViewport({ width: 1300, height: 900 });
    try {
      const [el, release] = mountWhileListLoads();
      await waitUntil(() => el.state === 'loading' && $(el, '#map'), 'no map box beside the loading list', { timeout: 5000 });
      await waitUntil(() => el.mapLoaded, 'MapLibre was not made while the list loads', { timeout: 15000 });
      expect(el.state).to.equal('loading');
      expect($(el, '[part~="list"]')!.textContent).to.contain('Ladataan');
      expect($(el, '#map-alt')!.textContent).to.contain('Ladataan');
      await el.updateComplete;
      await expectAccessible(el, 'loading, the map made');
      const canvas = $(el, '.maplibregl-canvas');
      release();
      await waitUntil(() => el.state === 'ready', 'never ready', { timeout: 5000 });
      await waitUntil(() => $$(el, '.marker').length > 0, 'no markers once the list arrived', { timeout: 15000 });
      // The same map (its container moved into the list's layout), not a second one.
      expect($(el, '.maplibregl-canvas')).to.equal(canvas);
      expect($$(el, '.maplibregl-canvas').length).to.equal(1);
      expect(canvas!.getBoundingClientRect().height).to.be.closeTo($(el, '#map')!.getBoundingClientRect().height - 2, 3);
      expect($(el, '#map-alt')!.textContent).to.not.contain('Ladataan');
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('narrow layout: while the list loads there is no map box and MapLibre is not downloaded (the map comes under the list)', async function () {
    this.timeout(30_000);
    await setViewport({ width: 400, height: 800 });
    try {
      const [el, release] = mountWhileListLoads();
      await waitUntil(() => el.state === 'loading' && $(el, '[part~="base"]'), 'not loading', { timeout: 5000 });
      await new Promise((r) => setTimeout(r, 300));
      expect($(el, '#map')).to.equal(null);
      expect(el.mapLoaded).to.equal(false);
      release();
      await waitUntil(() => el.state === 'ready' && $(el, '#map'), 'never ready', { timeout: 5000 });
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('zooms by its buttons and by keyboard on the map', async function () {
    this.timeout(30_000);
    const el = await mount();
    await mapReady(el);
    const view = (el as unknown as { mapLoaded: boolean }).mapLoaded;
    expect(view).to.equal(true);
    const canvas = $(el, '.maplibregl-canvas')!;
    canvas.focus();
    expect(canvas.getAttribute('aria-label')).to.contain('nuolinäppäimet');
    const zoomBefore = $$(el, '.marker').length;
    await sendKeys({ press: '+' });
    await sendKeys({ press: 'ArrowLeft' });
    await new Promise((r) => setTimeout(r, 600));
    expect($$(el, '.marker').length).to.be.greaterThan(0);
    expect(zoomBefore).to.be.greaterThan(0);
    $$(el, '.map-tools button')[1]!.click();
    await new Promise((r) => setTimeout(r, 400));
    expect($$(el, '.marker').length).to.be.greaterThan(0);
  });

  it('a cluster pressed with the keyboard zooms to its venues and hands focus to the marker nearest it', async function () {
    this.timeout(30_000);
    const el = await mount();
    await mapReady(el);
    const zoomOut = $$(el, '.map-tools button')[1]!;
    for (let i = 0; i < 6 && !$(el, '.marker.cluster'); i++) {
      zoomOut.click();
      await new Promise((r) => setTimeout(r, 400));
    }
    const cluster = $(el, '.marker.cluster')! as HTMLButtonElement;
    expect(cluster, 'no cluster after zooming out').to.not.equal(null);
    const count = Number(cluster.textContent.trim());
    expect(count).to.be.greaterThan(1);
    expect(cluster.getAttribute('aria-label')).to.contain(`${count} paikkaa`);
    cluster.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => !cluster.isConnected, 'the cluster stayed', { timeout: 10000 });
    await waitUntil(() => el.shadowRoot!.activeElement?.classList.contains('marker'), 'focus was lost with the cluster', {
      timeout: 10000,
    });
    // Zoomed in: some of the cluster's venues are shown on their own.
    expect($$(el, '.marker.venue').length).to.be.greaterThan(0);
    await expectAccessible(el, 'map, after a cluster');
  });

  it('venues at one spot are one cluster at every zoom; each press opens the next one’s card, focus stays on it', async function () {
    this.timeout(30_000);
    // Three venues in one building: no zoom splits their markers (they would overlap).
    api.setVenues(
      venuesFor()
        .slice(0, 3)
        .map((v) => ({ ...v, lon: 24.9384, lat: 60.1699 })),
    );
    const el = await mount();
    await mapReady(el);
    expect($$(el, '.marker.venue')).to.have.length(0);
    const spot = $(el, '.marker.cluster')! as HTMLButtonElement;
    expect(spot.textContent.trim()).to.equal('3');
    expect(spot.getAttribute('aria-label')).to.equal('3 paikkaa samassa kohdassa, näytä seuraava');
    const order = el.visibleVenues.map((v) => v.id);
    spot.focus();
    for (const id of [...order, order[0]]) {
      await sendKeys({ press: 'Enter' });
      await waitUntil(() => el.selected === id, `${id} not opened`, { timeout: 5000 });
      await new Promise((r) => setTimeout(r, 400));
      expect(spot.isConnected, 'the spot’s marker was re-made').to.equal(true);
      expect(el.shadowRoot!.activeElement).to.equal(spot);
      expect(spot.getAttribute('aria-current')).to.equal('true');
    }
    await expectAccessible(el, 'map, a spot pressed');
  });

  it('the markers’ names and labels and the map’s label follow a change of language; focus stays on the marker', async function () {
    this.timeout(30_000);
    const el = await mount();
    await mapReady(el);
    await waitUntil(() => $$(el, '.marker.venue').length > 0, 'no venue markers', { timeout: 10000 });
    const marker = $$(el, '.marker.venue')[0]!;
    const v = venuesFor().find((x) => x.facts.name.fi === marker.getAttribute('aria-label'));
    expect(v, `no venue named ${marker.getAttribute('aria-label')}`).to.not.equal(undefined);
    marker.focus();
    el.setAttribute('lang', 'sv');
    await waitUntil(() => $(el, '.base')?.getAttribute('lang') === 'sv', 'not in Swedish', { timeout: 5000 });
    await el.updateComplete;
    expect(marker.isConnected, 'the marker was re-made').to.equal(true);
    expect(marker.getAttribute('aria-label')).to.equal(v!.facts.name.sv);
    expect(marker.querySelector('.name')!.textContent).to.equal(v!.facts.name.sv);
    expect(el.shadowRoot!.activeElement).to.equal(marker);
    expect($(el, 'canvas')!.getAttribute('aria-label')).to.equal('Karta: piltangenterna flyttar, + och − zoomar');
    await expectAccessible(el, 'map, in Swedish');
  });

  it('a focused venue marker that joins a cluster on zooming out hands focus to the new marker, not the page', async function () {
    this.timeout(30_000);
    const el = await mount();
    await mapReady(el);
    await waitUntil(() => $$(el, '.marker.venue').length > 0, 'no venue markers', { timeout: 10000 });
    const marker = $$(el, '.marker.venue')[0]!;
    marker.focus();
    const zoomOut = $$(el, '.map-tools button')[1]!;
    for (let i = 0; i < 6 && marker.isConnected; i++) {
      zoomOut.click();
      marker.focus();
      await new Promise((r) => setTimeout(r, 400));
    }
    expect(marker.isConnected, 'the marker never joined a cluster').to.equal(false);
    await waitUntil(() => el.shadowRoot!.activeElement?.classList.contains('marker'), 'focus fell to the page', { timeout: 5000 });
  });

  it('makes one map per element however often its box leaves and re-enters the view; none is left alive after removal', async function () {
    this.timeout(90_000);
    // Contexts held weakly (the test must not keep one alive); `made` counts them all.
    const refs: WeakRef<WebGLRenderingContext | WebGL2RenderingContext>[] = [];
    const seen = new WeakSet<object>();
    const original = Object.getOwnPropertyDescriptor(HTMLCanvasElement.prototype, 'getContext')!.value as HTMLCanvasElement['getContext'];
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, ...args: Parameters<typeof original>) {
      const ctx = original.apply(this, args) as unknown;
      if ((ctx instanceof WebGLRenderingContext || ctx instanceof WebGL2RenderingContext) && !seen.has(ctx)) {
        seen.add(ctx);
        refs.push(new WeakRef(ctx));
      }
      return ctx;
    } as typeof original;
    const live = (): number => refs.filter((r) => r.deref()?.isContextLost() === false).length;
    // A page taller than the view, so the map's box can be scrolled out of it and back.
    const spacer = document.createElement('div');
    spacer.style.height = '3000px';
    document.body.prepend(spacer);
    try {
      const rounds = 3;
      for (let i = 0; i < rounds; i++) {
        const el = await mount();
        const box = $(el, '#map')!;
        // The test's own observer of the box: observers are told in the same rendering step, in
        // the order they were made, so once this one has seen a change every older one has too.
        let inView: boolean | undefined;
        const watcher = new IntersectionObserver((entries) => (inView = entries.at(-1)!.isIntersecting));
        box.scrollIntoView();
        await waitUntil(() => el.mapLoaded, `map ${i} did not load`, { timeout: 15000 });
        watcher.observe(box);
        for (let pass = 0; pass < 2; pass++) {
          await waitUntil(() => inView === true, 'box not in view', { timeout: 5000 });
          window.scrollTo(0, 0);
          await waitUntil(() => inView === false, 'box still in view', { timeout: 5000 });
          box.scrollIntoView();
          await waitUntil(() => inView === true, 'box not back in view', { timeout: 5000 });
          // A second map would be made in the task after the widget's callback (the module is loaded).
          await new Promise((r) => setTimeout(r, 0));
          await el.updateComplete;
          expect($$(el, '.maplibregl-canvas').length, `canvases in map ${i} after pass ${pass}`).to.equal(1);
          expect(refs.length, `contexts made by map ${i} after pass ${pass}`).to.equal(i + 1);
          expect(live(), `live contexts with map ${i} mounted`).to.equal(1);
        }
        watcher.disconnect();
        el.remove();
        mounted.pop();
        expect(live(), `live contexts after removing map ${i}`).to.equal(0);
      }
      expect(refs.length).to.equal(rounds);
    } finally {
      HTMLCanvasElement.prototype.getContext = original;
      spacer.remove();
    }
  });

  it('mounting and removing the map releases its WebGL context every time (the 50-mount heap figure is in the bench)', async function () {
    this.timeout(60_000);
    // Every WebGL context any canvas creates, so the test sees the ones that stay alive.
    const contexts: (WebGLRenderingContext | WebGL2RenderingContext)[] = [];
    const original = Object.getOwnPropertyDescriptor(HTMLCanvasElement.prototype, 'getContext')!.value as HTMLCanvasElement['getContext'];
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, ...args: Parameters<typeof original>) {
      const ctx = original.apply(this, args) as unknown;
      if (ctx instanceof WebGLRenderingContext || ctx instanceof WebGL2RenderingContext) if (!contexts.includes(ctx)) contexts.push(ctx);
      return ctx;
    } as typeof original;
    try {
      const rounds = 4;
      for (let i = 0; i < rounds; i++) {
        const el = await mount();
        $(el, '#map')!.scrollIntoView();
        await waitUntil(() => el.mapLoaded, `map ${i} did not load`, { timeout: 15000 });
        await waitUntil(() => contexts.length > i, `map ${i} made no WebGL context`, { timeout: 15000 });
        expect(contexts.filter((c) => !c.isContextLost()).length, `live contexts with map ${i} mounted`).to.equal(1);
        el.remove();
        mounted.pop();
        // map.remove() loses the context at once (WEBGL_lose_context): none is left alive.
        expect(contexts.filter((c) => !c.isContextLost()).length, `live contexts after removing map ${i}`).to.equal(0);
      }
      expect(contexts.length).to.equal(rounds);
      // A fresh map after all that still draws.
      const el = await mount();
      await mapReady(el);
      expect(contexts.at(-1)?.isContextLost()).to.equal(false);
    } finally {
      HTMLCanvasElement.prototype.getContext = original;
    }
  });
});
