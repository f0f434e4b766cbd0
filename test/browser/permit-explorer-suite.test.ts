import './helpers/lit-warnings.js';
import { API, mockPermitApi, problem, TODAY, unmountAll } from './helpers/permit-api.js';
import { LuukkuPermitExplorer } from '../../src/widgets/permit-explorer/permit-explorer.js';
import { runWidgetSuite } from './shared/widget-suite.js';

runWidgetSuite({
  tag: 'luukku-permit-explorer',
  ctor: LuukkuPermitExplorer,
  attributes: { organisation: 'demo-kaupunki', mode: 'events', today: TODAY },
  required: 'organisation',
  apiBase: API,
  api: () => {
    const api = mockPermitApi();
    const fresh = mockPermitApi; // the default pack handler, re-created for 'ok'
    return {
      answer: (mode) => {
        if (mode === 'ok') {
          api.restore();
          Object.assign(api, fresh());
        } else api.set('pack', () => (mode === 'hang' ? 'hang' : problem(503, 'database_unavailable')));
      },
      restore: () => api.restore(),
    };
  },
  heading: { fi: 'Mitä lupia tapahtumasi tarvitsee?', sv: 'Vilka tillstånd behöver ditt evenemang?' },
  plain: { selector: '[part~="heading"]', standard: 'Mitä lupia tapahtumasi tarvitsee?', plain: 'Mitä lupia tarvitset tapahtumaan?' },
  cleanUp: unmountAll,
});
