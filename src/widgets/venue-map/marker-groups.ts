/**
 * The venue map's markers as groups: which venues in a view are drawn as their own marker and
 * which as a counted cluster. Pure (no MapLibre), so it runs in Node's tests too.
 */
import type { Venue } from './model.js';

/** The last clustered zoom level: from zoom 12 (a town's scale) every venue is its own marker. */
export const CLUSTER_MAX_ZOOM = 11;
/** The side of a grid cell on screen at an integer zoom (px): venues in one cell are one cluster marker. */
const CELL_PX = 64;
/** MapLibre's world is 512 px wide at zoom 0. */
const WORLD_PX = 512;

/** Web Mercator position of a longitude / latitude in [0, 1) (x east, y south), as MapLibre projects it. */
function mercator(lon: number, lat: number): [number, number] {
  const sin = Math.sin((Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180);
  return [(lon + 180) / 360, 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)];
}

/** What one marker stands for: a venue alone in its cell, or a cluster of several. */
export type MarkerGroup =
  | { kind: 'venue'; venue: Venue }
  | { kind: 'cluster'; key: string; count: number; lon: number; lat: number; bounds: [[number, number], [number, number]] };

/**
 * Groups the venues inside a view for its markers: below zoom CLUSTER_MAX_ZOOM + 1 on a grid of
 * CELL_PX cells fixed to the world at the integer zoom below (so panning does not re-shuffle
 * clusters: a cell the view touches counts all its venues), a cell with one venue is that venue
 * and a cell with more a cluster at their mean position; from there every venue is its own marker. At most `max` groups, nearest the view's
 * centre first when there are more. Pure, on the main thread: 10,000 venues take about a
 * millisecond, where MapLibre's own clustering (supercluster in its worker) first copies every
 * point to the worker and indexes twelve zoom levels — ≈ 0.4 s of the map's start-up with
 * 10,000 venues on software GL (docs/benchmarks.md).
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
  const nearest = (gs: MarkerGroup[]): MarkerGroup[] => {
    if (gs.length <= max) return gs;
    const far = new Map<MarkerGroup, number>();
    for (const g of gs) {
      const [x, y] = g.kind === 'venue' ? mercator(g.venue.lon, g.venue.lat) : mercator(g.lon, g.lat);
      far.set(g, (x - cx) ** 2 + (y - cy) ** 2);
    }
    return gs.sort((a, b) => (far.get(a) ?? 0) - (far.get(b) ?? 0)).slice(0, max);
  };
  const z = Math.floor(zoom);
  if (z > CLUSTER_MAX_ZOOM) return nearest(venues.filter(inside).map((venue) => ({ kind: 'venue', venue })));
  const cells = (WORLD_PX * 2 ** z) / CELL_PX;
  // Whole cells: every venue of a cell the view touches counts, also the ones just outside the
  // view, so a cluster on the view's edge keeps its count and place while the view pans.
  const [x0, x1, y0, y1] = [Math.floor(west * cells), Math.floor(east * cells), Math.floor(north * cells), Math.floor(south * cells)];
  const byCell = new Map<number, Venue[]>();
  for (const v of venues) {
    const [x, y] = mercator(v.lon, v.lat);
    const [kx, ky] = [Math.floor(x * cells), Math.floor(y * cells)];
    if (kx < x0 || kx > x1 || ky < y0 || ky > y1) continue;
    const key = kx * 1e7 + ky;
    const cell = byCell.get(key);
    if (cell) cell.push(v);
    else byCell.set(key, [v]);
  }
  const groups: MarkerGroup[] = [];
  for (const [key, members] of byCell) {
    if (members.length === 1) {
      const venue = members[0] as Venue;
      if (inside(venue)) groups.push({ kind: 'venue', venue });
      continue;
    }
    let [lon, lat, w, s, e, n] = [0, 0, 180, 90, -180, -90];
    for (const v of members) {
      lon += v.lon;
      lat += v.lat;
      w = Math.min(w, v.lon);
      e = Math.max(e, v.lon);
      s = Math.min(s, v.lat);
      n = Math.max(n, v.lat);
    }
    groups.push({
      kind: 'cluster',
      key: `${z}:${key}`,
      count: members.length,
      lon: lon / members.length,
      lat: lat / members.length,
      bounds: [
        [w, s],
        [e, n],
      ],
    });
  }
  return nearest(groups);
}
