/**
 * The venue map's markers as groups: which venues in a view are drawn as their own marker and
 * which as a counted cluster. Pure (no MapLibre), so it runs in Node's tests too.
 */
import type { Venue } from './model.js';

/** The last clustered zoom level: from zoom 12 (a town's scale) every venue is its own marker, but for venues at one spot (SPOT_ZOOM). */
export const CLUSTER_MAX_ZOOM = 11;
/**
 * The least side of a marker on screen (px): `.marker` has `min-width` and `min-height` 24 px,
 * centred on its point (MapLibre's anchor `center`), the size WCAG 2.5.8 asks of a target. Two
 * markers closer than this on both axes would cover each other's 24 × 24 px core: one cluster.
 */
export const MARKER_PX = 24;
/**
 * Venues closer than MARKER_PX at this zoom (≈ 14 m at 60° N: one building) are one spot: no zoom
 * a person would use splits their markers, so they are one cluster at every zoom (pressing it
 * selects its venues in turn, see map-view.ts).
 */
export const SPOT_ZOOM = 18;
/** The side of a grid cell on screen at an integer zoom (px): venues in one cell are one cluster marker. */
const CELL_PX = 64;
/** MapLibre's world is 512 px wide at zoom 0. */
const WORLD_PX = 512;
/** The side of the buckets that find close markers from zoom 12 (px): ≥ MARKER_PX, so a close one is in the 3 × 3 around. */
const BUCKET_PX = 64;

/** Web Mercator position of a longitude / latitude in [0, 1) (x east, y south), as MapLibre projects it. */
function mercator(lon: number, lat: number): [number, number] {
  const sin = Math.sin((Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180);
  return [(lon + 180) / 360, 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)];
}

/** What one marker stands for: a venue alone, or a cluster of several. */
export type MarkerGroup =
  | { kind: 'venue'; venue: Venue }
  | {
      kind: 'cluster';
      key: string;
      count: number;
      lon: number;
      lat: number;
      bounds: [[number, number], [number, number]];
      /** Its venues are at one spot (see SPOT_ZOOM): zooming in does not split it. */
      spot: boolean;
    };

/** Whether venues within these bounds are at one spot: closer than MARKER_PX at SPOT_ZOOM on both axes. */
export function atOneSpot([[w, s], [e, n]]: [[number, number], [number, number]]): boolean {
  const scale = WORLD_PX * 2 ** SPOT_ZOOM;
  const [x0, y0] = mercator(w, n);
  const [x1, y1] = mercator(e, s);
  return (x1 - x0) * scale < MARKER_PX && (y1 - y0) * scale < MARKER_PX;
}

/** A cell's venues (to zoom 11), a venue (from 12), or several of those merged. */
interface Part {
  /** The cell's key or the venue's id; a merged part's are its members'. */
  key: number | string;
  n: number;
  /** Sums of the venues' longitudes and latitudes. */
  lon: number;
  lat: number;
  w: number;
  s: number;
  e: number;
  north: number;
  /** The first venue (the only one when n is 1). */
  venue: Venue;
  /** Mean position on screen at the zoom (px from the world's top-left corner). */
  x: number;
  y: number;
  /** In a cell the view touches (to zoom 11) or in the view (from 12). */
  shown: boolean;
  /** Union-find parent: a part is a root when up is itself. */
  up: Part;
  /** A marker of this round (not merged into another before it). */
  alive: boolean;
  /** The unmerged parts a merged part is made of, in key order; undefined for an unmerged one. */
  members: Part[] | undefined;
}

const find = (p: Part): Part => {
  let r = p;
  while (r.up !== r) r = r.up;
  while (p.up !== r) [p, p.up] = [p.up, r];
  return r;
};
const byKey = (a: Part, b: Part): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const bucketKey = (bx: number, by: number): number => bx * 1e8 + by;

/**
 * Groups the venues inside a view for its markers, in two passes.
 *
 * 1. Below zoom CLUSTER_MAX_ZOOM + 1, on a grid of CELL_PX cells fixed to the world at the
 *    integer zoom below (so panning does not re-shuffle clusters): a cell with one venue is that
 *    venue, a cell with more a cluster at their mean position. From zoom 12 each venue is its own.
 * 2. Markers that would cover each other's 24 × 24 px core — positions closer than MARKER_PX on
 *    both axes: at the zoom below 12 (two venues either side of a cell's border, two clusters'
 *    means), at SPOT_ZOOM from 12 (venues at one spot; venues a zoom further in splits stay
 *    their own, as before) — are merged into one cluster (count summed, position the weighted
 *    mean, bounds the union), again until none are that close (a merged mean can come close to a
 *    third). Deterministic: the closure of "closer than" does not depend on the order.
 *
 * Shown: the groups with a cell the view touches (it counts all its venues, so a cluster on the
 * view's edge keeps its count and place while the view pans), from zoom 12 the venues in the
 * view; a venue alone only when it is in the view. The merge also sees a ring of a cell (from 12,
 * BUCKET_PX) around, so a marker on the edge merges with its neighbour just out of view as it does
 * once panned in; only a chain of three or more overlapping markers reaching past that ring could
 * come out otherwise. At most `max` groups, nearest the view's centre first when there are more.
 * Pure, on the main thread: 10,000 venues take about a millisecond, where MapLibre's own
 * clustering (supercluster in its worker) first copies every point to the worker and indexes
 * twelve zoom levels — ≈ 0.4 s of the map's start-up with 10,000 venues on software GL
 * (docs/benchmarks.md).
 */
export function groupVenues(
  venues: readonly Venue[],
  view: { west: number; south: number; east: number; north: number },
  zoom: number,
  max: number,
): MarkerGroup[] {
  const inside = (v: Venue): boolean => v.lon >= view.west && v.lon <= view.east && v.lat >= view.south && v.lat <= view.north;
  const [west, north] = mercator(view.west, view.north);
  const [east, south] = mercator(view.east, view.south);
  const [cx, cy] = [(west + east) / 2, (north + south) / 2];
  const z = Math.floor(zoom);
  const grid = z <= CLUSTER_MAX_ZOOM;
  /** The world's side on screen (px) at the zoom, or from zoom 12 at SPOT_ZOOM. */
  const scale = WORLD_PX * 2 ** (grid ? zoom : SPOT_ZOOM);
  /** A bucket's side on screen at the zoom (px): a grid cell, or BUCKET_PX from zoom 12. */
  const side = grid ? CELL_PX * 2 ** (zoom - z) : BUCKET_PX;

  // Pass 1: the parts — a cell's venues, or each venue — in buckets of `side`.
  const [x0, x1, y0, y1] = [
    Math.floor((west * scale) / side),
    Math.floor((east * scale) / side),
    Math.floor((north * scale) / side),
    Math.floor((south * scale) / side),
  ];
  // Also a ring around (the cells next to the ones the view touches; from zoom 12 venues within
  // BUCKET_PX of the view), so a marker on the view's edge merges with its neighbour out of view
  // as it does when the view pans on: the same cluster either way.
  const ring = (BUCKET_PX / (WORLD_PX * 2 ** zoom)) * 360;
  const near = (v: Venue): boolean =>
    v.lon >= view.west - ring && v.lon <= view.east + ring && v.lat >= view.south - ring && v.lat <= view.north + ring;
  const buckets = new Map<number, Part[]>();
  const parts: Part[] = [];
  for (const v of venues) {
    if (!grid && !near(v)) continue;
    const [mx, my] = mercator(v.lon, v.lat);
    const [bx, by] = [Math.floor((mx * scale) / side), Math.floor((my * scale) / side)];
    if (grid && (bx < x0 - 1 || bx > x1 + 1 || by < y0 - 1 || by > y1 + 1)) continue;
    const key = bucketKey(bx, by);
    let bucket = buckets.get(key);
    if (!bucket) buckets.set(key, (bucket = []));
    const cell = grid ? bucket[0] : undefined;
    if (cell) {
      cell.n++;
      cell.lon += v.lon;
      cell.lat += v.lat;
      cell.w = Math.min(cell.w, v.lon);
      cell.e = Math.max(cell.e, v.lon);
      cell.s = Math.min(cell.s, v.lat);
      cell.north = Math.max(cell.north, v.lat);
      continue;
    }
    const p = {
      key: grid ? key : v.id,
      n: 1,
      lon: v.lon,
      lat: v.lat,
      w: v.lon,
      s: v.lat,
      e: v.lon,
      north: v.lat,
      venue: v,
      x: mx * scale,
      y: my * scale,
      shown: grid ? bx >= x0 && bx <= x1 && by >= y0 && by <= y1 : inside(v),
      alive: true,
      members: undefined,
    } as Omit<Part, 'up'> as Part;
    p.up = p;
    bucket.push(p);
    parts.push(p);
  }
  if (grid) {
    for (const p of parts) {
      if (p.n === 1) continue;
      const [mx, my] = mercator(p.lon / p.n, p.lat / p.n);
      [p.x, p.y] = [mx * scale, my * scale];
    }
  }

  // Pass 2: close markers merged, round after round, until none are closer than MARKER_PX.
  /** Merged parts by the bucket of their position (the unmerged ones are in `buckets`). */
  const merged = new Map<number, Part[]>();
  /** From the grid, a marker can be close to another's only near its cell's border. */
  const nearBorder = (p: Part): boolean => {
    const [dx, dy] = [p.x - Math.floor(p.x / side) * side, p.y - Math.floor(p.y / side) * side];
    return dx < MARKER_PX || dy < MARKER_PX || side - dx < MARKER_PX || side - dy < MARKER_PX;
  };
  // Only pairs with a part whose position is new can be close: every unmerged one first, then
  // the ones merged in the round before.
  let check = grid ? parts.filter(nearBorder) : parts;
  while (check.length) {
    const linked: Part[] = [];
    const visit = (p: Part, list: Part[] | undefined): void => {
      if (!list) return;
      for (const q of list) {
        if (!q.alive || q === p || Math.abs(p.x - q.x) >= MARKER_PX || Math.abs(p.y - q.y) >= MARKER_PX) continue;
        const rp = find(p);
        const rq = find(q);
        if (rp === rq) continue;
        rq.up = rp;
        linked.push(p, q);
      }
    };
    for (const p of check) {
      const bx = Math.floor(p.x / side);
      const by = Math.floor(p.y / side);
      for (let i = bx - 1; i <= bx + 1; i++) {
        for (let j = by - 1; j <= by + 1; j++) {
          visit(p, buckets.get(bucketKey(i, j)));
          if (merged.size) visit(p, merged.get(bucketKey(i, j)));
        }
      }
    }
    const sets = new Map<Part, Set<Part>>();
    for (const p of linked) {
      const r = find(p);
      const set = sets.get(r);
      if (set) set.add(p);
      else sets.set(r, new Set([p]));
    }
    check = [];
    for (const set of sets.values()) {
      const members = [...set].flatMap((p) => p.members ?? [p]).sort(byKey);
      const first = members[0] as Part;
      const m = { ...first, n: 0, lon: 0, lat: 0, shown: false, members } as Part;
      for (const p of members) {
        m.n += p.n;
        m.lon += p.lon;
        m.lat += p.lat;
        m.w = Math.min(m.w, p.w);
        m.e = Math.max(m.e, p.e);
        m.s = Math.min(m.s, p.s);
        m.north = Math.max(m.north, p.north);
        m.shown ||= p.shown;
      }
      const [mx, my] = mercator(m.lon / m.n, m.lat / m.n);
      [m.x, m.y] = [mx * scale, my * scale];
      m.up = m;
      for (const p of set) [p.alive, p.up] = [false, m];
      const k = bucketKey(Math.floor(m.x / side), Math.floor(m.y / side));
      const bucket = merged.get(k);
      if (bucket) bucket.push(m);
      else merged.set(k, [m]);
      check.push(m);
    }
  }

  const groups: MarkerGroup[] = [];
  const done = new Set<Part>();
  for (const p of parts) {
    if (!p.shown) continue;
    const r = find(p);
    if (done.has(r)) continue;
    done.add(r);
    if (r.n === 1) {
      if (inside(r.venue)) groups.push({ kind: 'venue', venue: r.venue });
      continue;
    }
    const keys = (r.members ?? [r]).map((m) => m.key);
    const bounds: [[number, number], [number, number]] = [
      [r.w, r.s],
      [r.e, r.north],
    ];
    groups.push({
      kind: 'cluster',
      key: grid ? `${z}:${keys.join('+')}` : `@${keys.join('+')}`,
      count: r.n,
      lon: r.lon / r.n,
      lat: r.lat / r.n,
      bounds,
      spot: !grid || atOneSpot(bounds),
    });
  }
  if (groups.length <= max) return groups;
  const far = new Map<MarkerGroup, number>();
  for (const g of groups) {
    const [x, y] = g.kind === 'venue' ? mercator(g.venue.lon, g.venue.lat) : mercator(g.lon, g.lat);
    far.set(g, (x - cx) ** 2 + (y - cy) ** 2);
  }
  return groups.sort((a, b) => (far.get(a) ?? 0) - (far.get(b) ?? 0)).slice(0, max);
}
