/**
 * The venue map's marker groups (src/widgets/venue-map/marker-groups.ts): every venue in the view
 * is in exactly one group and none outside it; venues far apart are their own markers and close
 * ones a cluster with their count, mean position and bounds; a cluster does not change while the
 * view pans (the grid is fixed to the world); above the clustering zoom every venue is its own
 * marker; the cap keeps the venues nearest the centre. No two markers closer than MARKER_PX on
 * both axes (WCAG 2.5.8): those merge into one cluster, the same while the view pans; venues at
 * one spot are a cluster at every zoom.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLUSTER_MAX_ZOOM, MARKER_PX, groupVenues, type MarkerGroup } from '../../src/widgets/venue-map/marker-groups.js';
import type { Venue } from '../../src/widgets/venue-map/model.js';

const venue = (id: string, lon: number, lat: number): Venue => ({ id, lon, lat }) as Venue;
const FINLAND = { west: 19, south: 59, east: 32, north: 71 };
const count = (gs: MarkerGroup[]): number => gs.reduce((n, g) => n + (g.kind === 'cluster' ? g.count : 1), 0);

test('every venue in the view is in one group; a lone venue outside it is not shown', () => {
  const vs = Array.from({ length: 10_000 }, (_, i) => venue(`v${i}`, 15 + ((i * 7919) % 20000) / 1000, 57 + ((i * 104729) % 16000) / 1000));
  const inside = (v: Venue) => v.lon >= 19 && v.lon <= 32 && v.lat >= 59 && v.lat <= 71;
  const whole = { west: 14, south: 56, east: 36, north: 74 };
  for (const zoom of [3, 5, 7.5, 9, 11]) {
    // A view over all the venues: every venue exactly once.
    assert.equal(count(groupVenues(vs, whole, zoom, 10_000)), vs.length, `zoom ${zoom}`);
    const gs = groupVenues(vs, FINLAND, zoom, 10_000);
    // Clusters on the edge count their whole cell, so at least the venues in view are counted.
    assert.ok(count(gs) >= vs.filter(inside).length, `zoom ${zoom}`);
    const alone = gs.flatMap((g) => (g.kind === 'venue' ? [g.venue] : []));
    assert.equal(new Set(alone).size, alone.length);
    assert.ok(alone.every(inside));
  }
});

test('venues far apart are their own markers; close ones one cluster with count, mean position and bounds', () => {
  const vs = [venue('helsinki-a', 24.94, 60.17), venue('helsinki-b', 24.95, 60.171), venue('oulu', 25.47, 65.01)];
  const gs = groupVenues(vs, FINLAND, 5, 300);
  assert.equal(gs.length, 2);
  const cluster = gs.find((g) => g.kind === 'cluster');
  assert.ok(cluster?.kind === 'cluster');
  assert.equal(cluster.count, 2);
  assert.ok(Math.abs(cluster.lon - 24.945) < 1e-9 && Math.abs(cluster.lat - 60.1705) < 1e-9);
  assert.deepEqual(cluster.bounds, [
    [24.94, 60.17],
    [24.95, 60.171],
  ]);
  assert.deepEqual(
    gs.flatMap((g) => (g.kind === 'venue' ? [g.venue.id] : [])),
    ['oulu'],
  );
  // Zoomed in past the clustering, the two are two markers.
  const near = groupVenues(vs, { west: 24.9, south: 60.1, east: 25, north: 60.2 }, CLUSTER_MAX_ZOOM + 1, 300);
  assert.deepEqual(near.map((g) => (g.kind === 'venue' ? g.venue.id : 'cluster')).sort(), ['helsinki-a', 'helsinki-b']);
});

test('panning keeps the clusters: the grid is fixed to the world at the integer zoom', () => {
  const vs = Array.from({ length: 400 }, (_, i) => venue(`v${i}`, 24 + (i % 20) * 0.05, 60 + Math.floor(i / 20) * 0.05));
  const key = (gs: MarkerGroup[]) => gs.map((g) => (g.kind === 'cluster' ? `${g.key}/${g.count}` : g.venue.id)).sort();
  const a = groupVenues(vs, { west: 23, south: 59, east: 27, north: 62 }, 7.3, 300);
  const b = groupVenues(vs, { west: 23.5, south: 59.2, east: 27.5, north: 62.2 }, 7.3, 300);
  assert.ok(a.some((g) => g.kind === 'cluster'));
  assert.deepEqual(key(a), key(b));
});

test('the cap keeps the venues nearest the centre of the view', () => {
  const vs = Array.from({ length: 50 }, (_, i) => venue(`v${i}`, 25 + i * 0.001, 60));
  const gs = groupVenues(vs, { west: 24.99, south: 59.99, east: 25.06, north: 60.01 }, 13, 10);
  assert.equal(gs.length, 10);
  // The centre is at 25.025: venues 20–29 are nearest.
  assert.deepEqual(
    gs.map((g) => (g.kind === 'venue' ? Number(g.venue.id.slice(1)) : -1)).sort((x, y) => x - y),
    [20, 21, 22, 23, 24, 25, 26, 27, 28, 29],
  );
});

test('zoomed out, the cap keeps the clusters nearest the centre too', () => {
  // One row of venues at 65° N from 20° to 32° E: the view's centre is at 25.5° E.
  const vs = Array.from({ length: 2000 }, (_, i) => venue(`v${i}`, 20 + i * 0.006, 65));
  const all = groupVenues(vs, FINLAND, 6, 10_000);
  const capped = groupVenues(vs, FINLAND, 6, 5);
  assert.ok(all.length > 5 && all.every((g) => g.kind === 'cluster'));
  assert.equal(capped.length, 5);
  const lon = (g: MarkerGroup): number => (g.kind === 'venue' ? g.venue.lon : g.lon);
  const nearest = all
    .map(lon)
    .sort((a, b) => Math.abs(a - 25.5) - Math.abs(b - 25.5))
    .slice(0, 5);
  assert.deepEqual(capped.map(lon).sort(), nearest.sort());
});

test('a cluster on the view’s edge keeps its count and place while the edge moves across its cell', () => {
  // 20 venues in a row inside one zoom-7 cell (64 px at zoom 7 ≈ 0.35° of longitude).
  const vs = Array.from({ length: 20 }, (_, i) => venue(`v${i}`, 24.01 + i * 0.01, 60.01));
  const at = (west: number) => groupVenues(vs, { west, south: 59.5, east: 27, north: 61 }, 7.2, 300);
  const first = at(23.9);
  assert.equal(first.length, 1);
  for (const west of [24.05, 24.1, 24.15]) assert.deepEqual(at(west), first, `west edge at ${west}`);
});

test('zoom 11.x still clusters (it is MapLibre’s zoom-11 level); from 12 every venue is its own', () => {
  const vs = Array.from({ length: 20 }, (_, i) => venue(`v${i}`, 24.9 + i * 0.0005, 60.17));
  const view = { west: 24.8, south: 60.1, east: 25.1, north: 60.25 };
  assert.ok(groupVenues(vs, view, 11.9, 300).some((g) => g.kind === 'cluster'));
  assert.equal(groupVenues(vs, view, 12, 300).length, 20);
});

/** A group's position on screen at the zoom (px from the world's corner), as MapLibre projects it. */
const px = (g: MarkerGroup, zoom: number): [number, number] => {
  const [lon, lat] = g.kind === 'venue' ? [g.venue.lon, g.venue.lat] : [g.lon, g.lat];
  const sin = Math.sin((lat * Math.PI) / 180);
  const scale = 512 * 2 ** zoom;
  return [((lon + 180) / 360) * scale, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale];
};
/** A zoom-7 cell's west border: 1024 cells across the world, 0.3515625° of longitude each. */
const BORDER = -180 + 583 * (360 / 1024);

test('two venues either side of a cell’s border are one cluster, not two overlapping markers', () => {
  const vs = [venue('a', BORDER - 0.01, 60.5), venue('b', BORDER + 0.01, 60.51), venue('far', 27, 62)];
  const gs = groupVenues(vs, FINLAND, 7, 300);
  assert.equal(gs.length, 2);
  const cluster = gs.find((g) => g.kind === 'cluster');
  assert.ok(cluster?.kind === 'cluster');
  assert.equal(cluster.count, 2);
  assert.ok(Math.abs(cluster.lon - BORDER) < 1e-9 && Math.abs(cluster.lat - 60.505) < 1e-9);
  assert.deepEqual(cluster.bounds, [
    [BORDER - 0.01, 60.5],
    [BORDER + 0.01, 60.51],
  ]);
  assert.equal(cluster.spot, false);
  // A cluster and a venue either side: count summed, the weighted mean, the bounds' union.
  const three = groupVenues(
    [venue('c1', BORDER - 0.02, 60.5), venue('c2', BORDER - 0.01, 60.5), venue('d', BORDER + 0.01, 60.5)],
    FINLAND,
    7,
    300,
  );
  assert.equal(three.length, 1);
  const [c] = three;
  assert.ok(c?.kind === 'cluster' && c.count === 3);
  assert.ok(Math.abs(c.lon - (BORDER - 0.02 / 3)) < 1e-9);
  assert.deepEqual(c.bounds, [
    [BORDER - 0.02, 60.5],
    [BORDER + 0.01, 60.5],
  ]);
});

test('no two markers are closer than MARKER_PX on both axes; every venue is still counted once', () => {
  const vs = Array.from({ length: 10_000 }, (_, i) => venue(`v${i}`, 19 + ((i * 7919) % 13000) / 1000, 59 + ((i * 104729) % 12000) / 1000));
  for (const zoom of [4, 5.5, 7, 8.7, 10, 11.9]) {
    const gs = groupVenues(vs, FINLAND, zoom, 10_000);
    assert.equal(count(gs), vs.length, `zoom ${zoom}`);
    const at = gs.map((g) => px(g, zoom));
    for (let i = 0; i < at.length; i++) {
      for (let j = i + 1; j < at.length; j++) {
        const [a, b] = [at[i] as [number, number], at[j] as [number, number]];
        assert.ok(
          Math.abs(a[0] - b[0]) >= MARKER_PX || Math.abs(a[1] - b[1]) >= MARKER_PX,
          `zoom ${zoom}: ${JSON.stringify([gs[i], gs[j]])}`,
        );
      }
    }
  }
});

test('a merge across the view’s edge is the same cluster while the view pans', () => {
  // 'a' is in the view, 'b' just east of it in the next cell: merged already, as once panned in.
  const vs = [venue('a', BORDER - 0.004, 60.5), venue('b', BORDER + 0.004, 60.5)];
  const at = (west: number, east: number) => groupVenues(vs, { west, south: 60, east, north: 61 }, 7.4, 300);
  const first = at(24, BORDER - 0.002);
  assert.equal(first.length, 1);
  assert.ok(first[0]?.kind === 'cluster' && first[0].count === 2);
  for (const [west, east] of [
    [24.2, BORDER + 0.1],
    [24.5, 25.5],
    [BORDER + 0.002, 26],
  ] as const)
    assert.deepEqual(at(west, east), first, `view ${west}–${east}`);
});

test('venues at one spot are one cluster at every zoom, marked as a spot; venues a zoom splits are not', () => {
  const vs = [
    venue('hall-a', 24.93, 60.17),
    venue('hall-b', 24.93, 60.17),
    venue('hall-c', 24.93003, 60.17001),
    venue('pool', 24.932, 60.1705),
  ];
  const view = { west: 24.9, south: 60.15, east: 24.95, north: 60.19 };
  for (const zoom of [12, 14.5, 18, 22]) {
    const gs = groupVenues(vs, view, zoom, 300);
    const spot = gs.find((g) => g.kind === 'cluster');
    assert.ok(spot?.kind === 'cluster' && spot.spot, `zoom ${zoom}`);
    assert.equal(spot.count, 3);
    assert.deepEqual(
      gs.flatMap((g) => (g.kind === 'venue' ? [g.venue.id] : [])),
      ['pool'],
      `zoom ${zoom}`,
    );
  }
  // Zoomed out, a cluster of venues at one spot is a spot too; one of venues apart is not.
  const out = groupVenues(vs, FINLAND, 6, 300);
  assert.ok(out.length === 1 && out[0]?.kind === 'cluster' && !out[0].spot && out[0].count === 4);
  const one = groupVenues(vs.slice(0, 2), FINLAND, 6, 300);
  assert.ok(one.length === 1 && one[0]?.kind === 'cluster' && one[0].spot);
});
