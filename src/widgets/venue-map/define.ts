import { defineElement } from '../../core/define.js';
import { LuukkuVenueMap } from './venue-map.js';

export { LuukkuVenueMap };
export { VENUE_MAP_STATES, type VenueMapState } from './model.js';

defineElement('luukku-venue-map', LuukkuVenueMap);
