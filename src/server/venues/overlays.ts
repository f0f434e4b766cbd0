/**
 * Overlays of the venue map: roadworks and street closures in the shape of Digitraffic's
 * traffic messages (GeoJSON, situationType "road work") and other planned public events. The
 * demo reads fictional data from src/data/venues/; an organisation gets what lies within
 * OVERLAY_RADIUS_M of any of its venues.
 */
import { readFileSync } from 'node:fs';
import type { components } from '../../contract/schema.gen.js';

type Schemas = components['schemas'];
type Position = [number, number];
type Feature = Record<string, unknown> & { geometry: { type: string; coordinates: unknown } };

export const OVERLAY_RADIUS_M = 3000;
export const OVERLAY_SOURCE =
  'Demo data, fictional. Roadworks in the shape of Digitraffic traffic messages (Fintraffic, CC BY 4.0); planned events from the city’s event calendar.';

/** Great-circle distance in metres (haversine). */
export function distanceM(a: Position, b: Position): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function positions(coordinates: unknown): Position[] {
  if (!Array.isArray(coordinates)) return [];
  if (typeof coordinates[0] === 'number') return [coordinates as Position];
  return coordinates.flatMap((c) => positions(c));
}

export class Overlays {
  readonly #roadworks: Feature[];
  readonly #events: Schemas['VenuePlannedEvent'][];

  constructor(dir: string) {
    this.#roadworks = (JSON.parse(readFileSync(dir + 'roadworks.json', 'utf8')) as { features: Feature[] }).features;
    this.#events = (JSON.parse(readFileSync(dir + 'events.json', 'utf8')) as { events: Schemas['VenuePlannedEvent'][] }).events;
  }

  near(organisation: string, venues: Position[]): Schemas['VenueOverlays'] {
    const close = (p: Position[]): boolean => p.some((a) => venues.some((v) => distanceM(a, v) <= OVERLAY_RADIUS_M));
    return {
      organisation,
      roadworks: { type: 'FeatureCollection', features: this.#roadworks.filter((f) => close(positions(f.geometry.coordinates))) },
      events: this.#events.filter((e) => close([[e.lon, e.lat]])),
      source: OVERLAY_SOURCE,
    };
  }
}
