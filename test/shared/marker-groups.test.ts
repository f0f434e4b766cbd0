/**
 * The venue map's marker groups (src/widgets/venue-map/marker-groups.ts): every venue in the view
 * is in exactly one group and none outside it; venues far apart are their own markers and close
 * ones a cluster with their count, mean position and bounds; a cluster does not change while the
 * view pans (the grid is fixed to the world); above the clustering zoom every venue is its own
 * marker; the cap keeps the venues nearest the centre.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLUSTER_MAX_ZOOM, groupVenues, type MarkerGroup } from '../../src/widgets/venue-map/marker-groups.js';
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
