/** The venue map's generated offline assets (Finland outline, MapLibre CSS) are current with their packages. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cssModule, finlandModule } from '../../scripts/venue-map-assets.js';

const dir = join(import.meta.dirname, '..', '..', 'src', 'widgets', 'venue-map');

describe('venue map assets', () => {
  it('finland.gen.ts and maplibre-css.gen.ts equal what scripts/venue-map-assets.ts makes now', async () => {
    assert.equal(readFileSync(join(dir, 'finland.gen.ts'), 'utf8'), await finlandModule());
    assert.equal(readFileSync(join(dir, 'maplibre-css.gen.ts'), 'utf8'), await cssModule());
  });
});
