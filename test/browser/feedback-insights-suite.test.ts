import './helpers/lit-warnings.js';
import '../../src/widgets/feedback-insights/define.js';
import { LuukkuFeedbackInsights } from '../../src/widgets/feedback-insights/feedback-insights.js';
import { API, INSIGHTS_KEY, mockInsightsApi } from '../fixtures/fake-api/feedback.js';
import { runWidgetSuite } from './shared/widget-suite.js';

runWidgetSuite({
  tag: 'luukku-feedback-insights',
  ctor: LuukkuFeedbackInsights,
  attributes: { organisation: 'demo-pelastuslaitos' },
  required: 'organisation',
  apiBase: API,
  // The intranet page supplies the staff key (a property, never an attribute).
  prepare: (el) => ((el as HTMLElement & { staffKey?: string }).staffKey = INSIGHTS_KEY),
  api: () => {
    const api = mockInsightsApi('ready');
    return {
      answer: (mode) => api.set(mode === 'ok' ? 'ready' : mode === 'hang' ? 'loading' : 'load-error'),
      restore: () => api.restore(),
    };
  },
  heading: { fi: 'Palautteen tulokset', sv: 'Resultat av responsen' },
  plain: {
    selector: '.intro',
    standard: 'Asiakaspalaute ja henkilöstön itsearviot palveluittain',
    plain: 'Tässä näet asiakkaiden palautteen',
  },
});
