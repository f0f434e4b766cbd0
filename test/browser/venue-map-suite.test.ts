import './helpers/lit-warnings.js';
import '../../src/widgets/venue-map/define.js';
import { LuukkuVenueMap } from '../../src/widgets/venue-map/venue-map.js';
import { API, mockVenueApi, problem } from '../fixtures/fake-api/venues.js';
import { runWidgetSuite } from './shared/widget-suite.js';

runWidgetSuite({
  tag: 'luukku-venue-map',
  ctor: LuukkuVenueMap,
  attributes: { organisation: 'demo-kaupunki', 'no-map': '' },
  required: 'organisation',
  apiBase: API,
  api: () => {
    let api = mockVenueApi();
    return {
      answer: (mode) => {
        if (mode === 'ok') {
          api.restore();
          api = mockVenueApi();
        } else api.set('list', () => (mode === 'hang' ? 'hang' : problem(503, 'database_unavailable')));
      },
      restore: () => api.restore(),
    };
  },
  heading: { fi: 'Tapahtumapaikat ja niiden varaustilanne', sv: 'Evenemangsplatser och deras bokningsläge' },
  plain: {
    selector: '[part~="heading"]',
    standard: 'Tapahtumapaikat ja niiden varaustilanne',
    plain: 'Tapahtumapaikat ja milloin ne ovat vapaina',
  },
  cleanUp: () => history.replaceState(null, '', location.pathname),
});
