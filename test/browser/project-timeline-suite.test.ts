import './helpers/lit-warnings.js';
import '../../src/widgets/project-timeline/define.js';
import { LuukkuProjectTimeline } from '../../src/widgets/project-timeline/project-timeline.js';
import { API, mockProjectApi, problem, TODAY, TOKEN } from '../fixtures/fake-api/projects.js';
import { runWidgetSuite } from './shared/widget-suite.js';

runWidgetSuite({
  tag: 'luukku-project-timeline',
  ctor: LuukkuProjectTimeline,
  attributes: { project: TOKEN, today: TODAY },
  required: 'project',
  apiBase: API,
  api: () => {
    const api = mockProjectApi('many');
    return {
      answer: (mode) => {
        if (mode === 'ok')
          api.set(
            'get',
            () => new Response(JSON.stringify(api.project), { headers: { 'content-type': 'application/json', etag: api.project.etag } }),
          );
        else api.set('get', () => (mode === 'hang' ? 'hang' : problem(503, 'database_unavailable')));
      },
      restore: () => api.restore(),
    };
  },
  heading: { fi: 'Lupahankkeen aikajana', sv: 'Tillståndsprojektets tidslinje' },
  plain: { selector: '[part~="heading"]', standard: 'Lupahankkeen aikajana', plain: 'Lupien aikataulu' },
});
