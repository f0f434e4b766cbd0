/**
 * The map of the venue map, in its own chunk with MapLibre GL (imported only when the map
 * scrolls into view). Offline by default: a Finland outline from Natural Earth (world-atlas) as
 * the only basemap layer — no tiles, glyphs or sprites. Venues are HTML buttons (focusable, with a
 * visible focus ring, names in HTML), grouped on a grid of the screen into counted clusters (and
 * markers that would overlap merged) re-computed after every move; they never go through MapLibre's worker (see `groupVenues`).
 * Roadworks and planned events are a GeoJSON source drawn by MapLibre. MapLibre's stylesheet is
 * adopted into the shadow root; its worker runs from a `blob:` URL (a host page's CSP needs
 * `worker-src blob:`).
 */
import type { GeoJSONSource, Map as MlMap, Marker, StyleSpecification } from 'maplibre-gl';
import * as maplibreModule from 'maplibre-gl';
import { FINLAND } from './finland.gen.js';
import { MAPLIBRE_CSS } from './maplibre-css.gen.js';
import { CLUSTER_MAX_ZOOM, groupVenues } from './marker-groups.js';
import type { PlannedEvent, Roadwork, Venue } from './model.js';

type MapLibre = typeof import('maplibre-gl');
type Label = (key: 'map.canvas' | 'map.cluster' | 'map.spot', options?: Record<string, unknown>) => string;

export interface MapViewOptions {
  root: ShadowRoot;
  /** A production style URL; undefined → the offline Finland outline. */
  style: string | undefined;
  label: Label;
  name: (v: Venue) => string;
  onSelect: (id: string) => void;
  /**
   * The venues shown first (the map's first camera fits them) and the selected one's id. `null`:
   * the list is still on its way (the map is made meanwhile); the first setVenues fits the camera.
   */
  venues: readonly Venue[] | null;
  selected: string;
}

export interface MapView {
  readonly map: MlMap;
  setVenues(venues: readonly Venue[], selected: string): void;
  /** The markers' names and labels and the canvas's label again from `label` and `name` (the element's language or plain-language setting changed). */
  relabel(): void;
  select(id: string): void;
  setOverlays(works: readonly Roadwork[], events: readonly PlannedEvent[], showWorks: boolean, showEvents: boolean): void;
  zoom(delta: number): void;
  fit(): void;
  destroy(): void;
}

/** maplibre-gl is a UMD bundle: a default export through a bundler's CommonJS interop, else the global it sets. */
function library(): MapLibre {
  const ns = maplibreModule as unknown as { default?: MapLibre; Map?: unknown };
  if (ns.default?.Map) return ns.default;
  if (ns.Map) return ns as unknown as MapLibre;
  return (globalThis as unknown as { maplibregl: MapLibre }).maplibregl;
}

const adopted = new WeakSet<ShadowRoot>();
function adoptCss(root: ShadowRoot): void {
  if (adopted.has(root)) return;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(MAPLIBRE_CSS);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  adopted.add(root);
}

const MAX_MARKERS = 300;

const OFFLINE_STYLE: StyleSpecification = {
  version: 8,
  sources: { finland: { type: 'geojson', data: { type: 'Feature', geometry: FINLAND, properties: {} } } },
  layers: [
    // One fill, no outline (`fill-antialias` would add a second shader program): with software
    // WebGL every program is compiled on first use, which is most of a first frame's cost.
    { id: 'land', type: 'fill', source: 'finland', paint: { 'fill-color': '#f5f2e9', 'fill-antialias': false } },
  ],
};

/** The bounds of the venues (west, south, east, north), or undefined for none. */
function boundsOf(venues: readonly Venue[]): [[number, number], [number, number]] | undefined {
  if (!venues.length) return undefined;
  let [w, s, e, n] = [180, 90, -180, -90];
  for (const v of venues) {
    w = Math.min(w, v.lon);
    e = Math.max(e, v.lon);
    s = Math.min(s, v.lat);
    n = Math.max(n, v.lat);
  }
  return [
    [w, s],
    [e, n],
  ];
}

const FIT = { padding: 40, maxZoom: 14 } as const;

const within = (v: Venue, [[w, s], [e, n]]: [[number, number], [number, number]]): boolean =>
  v.lon >= w && v.lon <= e && v.lat >= s && v.lat <= n;

export function createMapView(container: HTMLElement, o: MapViewOptions): MapView {
  const ml = library();
  adoptCss(o.root);
  // Marks for the benchmark (scripts/bench/venue-map.ts): creation → first idle with the venues
  // drawn. The last map's only: a page that mounts maps again and again keeps three marks, not 3 × n.
  for (const m of ['create', 'style', 'idle']) performance.clearMarks(`luukku-venue-map:${m}`);
  performance.mark('luukku-venue-map:create');
  let venues: readonly Venue[] = o.venues ?? [];
  /** Whether the venues have been given (the `idle` mark means "drawn with the venues"). */
  let given = o.venues !== null;
  let selected = o.selected;
  const initial = boundsOf(venues);
  /** Whether the camera is settled: made with the venues (placed on them or, with none, left), or moved by the person. Only venues given later to a map made while the list loaded fit it, once. */
  let placed = o.venues !== null;
  // The first camera is the venues' bounds: no tiles are made for a view that is left at once.
  const map = new ml.Map({
    container,
    style: o.style ?? OFFLINE_STYLE,
    ...(initial ? { bounds: initial, fitBoundsOptions: FIT } : { center: [25.75, 62.24] as [number, number], zoom: 5 }),
    attributionControl: false,
    fadeDuration: 0,
    keyboard: true,
    locale: { 'Map.Title': o.label('map.canvas') },
  });
  let overlays: { works: readonly Roadwork[]; events: readonly PlannedEvent[]; showWorks: boolean; showEvents: boolean } = {
    works: [],
    events: [],
    showWorks: true,
    showEvents: true,
  };
  let loaded = false;
  const markers = new Map<string, Marker>();
  const byId = new Map<string, Venue>();
  for (const v of venues) byId.set(v.id, v);

  /** Roadworks (lines) and planned events (points) in one source: one set of tiles, fewer frames to idle. */
  const overlayData = () => ({
    type: 'FeatureCollection' as const,
    features: [
      ...overlays.works.map((w) => ({
        type: 'Feature' as const,
        properties: { id: w.id, kind: 'roadwork' },
        geometry: { type: 'LineString' as const, coordinates: w.coordinates },
      })),
      ...overlays.events.map((e) => ({
        type: 'Feature' as const,
        properties: { id: e.id, kind: 'event' },
        geometry: { type: 'Point' as const, coordinates: [e.lon, e.lat] },
      })),
    ],
  });

  const applyOverlays = (data = true) => {
    if (!loaded) return;
    if (data) map.getSource<GeoJSONSource>('overlays')?.setData(overlayData());
    map.setLayoutProperty('roadworks', 'visibility', overlays.showWorks ? 'visible' : 'none');
    map.setLayoutProperty('events', 'visibility', overlays.showEvents ? 'visible' : 'none');
  };

  /** Each marker button's texts (its name and aria-label) in the current language, for relabel(). */
  const texts = new WeakMap<HTMLElement, () => void>();
  const button = (cls: string, text: () => string, label: () => string, onClick: () => void): HTMLButtonElement => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = cls;
    const dot = document.createElement('span');
    dot.className = 'dot';
    dot.setAttribute('aria-hidden', 'true');
    const name = document.createElement('span');
    name.className = 'name';
    const relabel = () => {
      b.setAttribute('aria-label', label());
      name.textContent = text();
    };
    relabel();
    texts.set(b, relabel);
    b.append(dot, name);
    b.addEventListener('click', (e) => {
      e.stopPropagation();
      onClick();
    });
    return b;
  };

  /**
   * HTML markers for what is on screen now: venues and clusters (MapLibre draws no text: no glyph
   * server). `fresh`: all made anew (other venues). A focused marker that goes (a pressed cluster,
   * a venue joining a cluster on `−`) hands focus to the new marker nearest it on screen, so
   * focus does not fall to the page's start.
   */
  const drawMarkers = (fresh = false) => {
    const focused = [...markers.values()].find((m) => m.getElement() === o.root.activeElement)?.getLngLat();
    if (fresh) {
      for (const m of markers.values()) m.remove();
      markers.clear();
    }
    const seen = new Set<string>();
    const b = map.getBounds();
    const view = { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() };
    const sel = byId.get(selected);
    for (const g of groupVenues(venues, view, map.getZoom(), MAX_MARKERS)) {
      const key = g.kind === 'cluster' ? `c${g.key}:${g.count}` : `v${g.venue.id}`;
      seen.add(key);
      let m = markers.get(key);
      if (!m) {
        let el: HTMLButtonElement;
        if (g.kind === 'cluster') {
          const { bounds, spot } = g;
          // Its venues fill the view, up to where every venue is its own marker. Venues at one
          // spot (no zoom splits them): each press opens the next one's card, in the list's order.
          el = button(
            'marker cluster',
            () => String(g.count),
            () => o.label(spot ? 'map.spot' : 'map.cluster', { count: g.count }),
            () => {
              if (spot) {
                const here = venues.filter((v) => within(v, bounds));
                const next = here[(here.findIndex((v) => v.id === selected) + 1) % here.length];
                if (next) o.onSelect(next.id);
                return;
              }
              placed = true;
              map.fitBounds(bounds, { ...FIT, maxZoom: CLUSTER_MAX_ZOOM + 1 });
            },
          );
          m = new ml.Marker({ element: el }).setLngLat([g.lon, g.lat]).addTo(map);
        } else {
          const v = g.venue;
          el = button(
            'marker venue',
            () => o.name(v),
            () => o.name(v),
            () => o.onSelect(v.id),
          );
          m = new ml.Marker({ element: el }).setLngLat([v.lon, v.lat]).addTo(map);
        }
        markers.set(key, m);
      }
      // A venue's marker, or the spot's whose venues include the selected one.
      const on = g.kind === 'venue' ? g.venue.id === selected : g.spot && sel !== undefined && within(sel, g.bounds);
      if (g.kind === 'venue' || g.spot) {
        const el = m.getElement();
        el.classList.toggle('selected', on);
        if (on) el.setAttribute('aria-current', 'true');
        else el.removeAttribute('aria-current');
      }
    }
    for (const [key, m] of markers) {
      if (seen.has(key)) continue;
      m.remove();
      markers.delete(key);
    }
    if (focused && !o.root.activeElement) {
      const at = map.project(focused);
      let nearest: HTMLElement | undefined;
      let best = Infinity;
      for (const m of markers.values()) {
        const p = map.project(m.getLngLat());
        const d = (p.x - at.x) ** 2 + (p.y - at.y) ** 2;
        if (d < best) [best, nearest] = [d, m.getElement()];
      }
      nearest?.focus();
    }
  };

  const fit = () => {
    const b = boundsOf(venues);
    if (b) map.fitBounds(b, { ...FIT, duration: 0 });
  };

  // The overlays join the style as soon as it is parsed, not at `load`: the worker tiles them
  // while it tiles the basemap, instead of after it.
  map.on('style.load', () => {
    performance.mark('luukku-venue-map:style');
    loaded = true;
    map.addSource('overlays', { type: 'geojson', data: overlayData() });
    map.addLayer({
      id: 'roadworks',
      type: 'line',
      source: 'overlays',
      filter: ['==', ['get', 'kind'], 'roadwork'],
      paint: { 'line-color': '#b3261e', 'line-width': 5, 'line-dasharray': [2, 1] },
    });
    map.addLayer({
      id: 'events',
      type: 'circle',
      source: 'overlays',
      filter: ['==', ['get', 'kind'], 'event'],
      paint: { 'circle-radius': 9, 'circle-color': '#7a4bb5', 'circle-opacity': 0.55 },
    });
    applyOverlays(false);
  });
  // `idle`: everything MapLibre draws is drawn, and the markers (placed at once) were painted with it.
  map.on('idle', () => {
    if (loaded && given && !performance.getEntriesByName('luukku-venue-map:idle').length) performance.mark('luukku-venue-map:idle');
  });
  map.on('moveend', () => drawMarkers());
  drawMarkers();
  // A person who pans or zooms before the venues arrive keeps their view.
  map.on('movestart', (e: { originalEvent?: unknown }) => {
    if (e.originalEvent) placed = true;
  });

  return {
    map,
    setVenues(next, sel) {
      const first = !given;
      given = true;
      const same = next.length === venues.length && next.every((v) => byId.get(v.id) === v);
      selected = sel;
      if (!placed && next.length) {
        placed = true;
        const b = boundsOf(next);
        if (b) map.fitBounds(b, { ...FIT, duration: 0 });
      }
      if (same && !first) {
        // The same venues (a new sort order, say): nothing for the worker to re-cluster.
        drawMarkers();
        return;
      }
      venues = next;
      byId.clear();
      for (const v of next) byId.set(v.id, v);
      // A cluster of other venues may have the same cell and count: new venues, new markers.
      drawMarkers(true);
      // A frame with the new markers, then `idle`, even when nothing of MapLibre's own changed.
      map.triggerRepaint();
    },
    select(id) {
      selected = id;
      placed = true;
      const v = byId.get(id);
      if (v) map.easeTo({ center: [v.lon, v.lat], zoom: Math.max(map.getZoom(), 13), duration: 300 });
      drawMarkers();
    },
    setOverlays(works, events, showWorks, showEvents) {
      overlays = { works, events, showWorks, showEvents };
      applyOverlays();
    },
    zoom(delta) {
      placed = true;
      map.easeTo({ zoom: map.getZoom() + delta, duration: 200 });
    },
    relabel() {
      map.getCanvas().setAttribute('aria-label', o.label('map.canvas'));
      for (const m of markers.values()) texts.get(m.getElement())?.();
    },
    fit,
    destroy() {
      for (const m of markers.values()) m.remove();
      markers.clear();
      map.remove();
    },
  };
}
