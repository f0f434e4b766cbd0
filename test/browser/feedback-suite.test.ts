import './helpers/lit-warnings.js';
import { API, mockApi, ok, form, problem } from '../fixtures/fake-api/feedback.js';
import { unmountAll } from './helpers/feedback.js';
import { LuukkuFeedback } from '../../src/widgets/feedback/feedback-form.js';
import { runWidgetSuite } from './shared/widget-suite.js';

runWidgetSuite({
  tag: 'luukku-feedback',
  ctor: LuukkuFeedback,
  attributes: { organisation: 'demo-pelastuslaitos', service: 'fire-inspection', 'service-event': 'TAR-2026-00123' },
  required: 'service',
  apiBase: API,
  api: () => {
    const api = mockApi();
    return {
      answer: (mode) => api.set('form', () => (mode === 'ok' ? ok(form) : mode === 'hang' ? 'hang' : problem(503, 'database_unavailable'))),
      restore: () => api.restore(),
    };
  },
  heading: { fi: 'Anna palautetta', sv: 'Ge respons' },
  plain: { selector: '[part~="intro"]', standard: 'Kiitokset ja hyvät kokemukset', plain: 'Kerro myös, jos jokin meni hyvin' },
  cleanUp: unmountAll,
});
