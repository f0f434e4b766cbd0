import './helpers/lit-warnings.js';
import '../../src/widgets/chat/define.js';
import { API, mockChatApi, problem } from '../fixtures/fake-api/chat.js';
import { LuukkuChat } from '../../src/widgets/chat/chat.js';
import { runWidgetSuite } from './shared/widget-suite.js';

runWidgetSuite({
  tag: 'luukku-chat',
  ctor: LuukkuChat,
  attributes: { organisation: 'demo-kaupunki', inline: '' },
  required: 'organisation',
  apiBase: API,
  api: () => {
    const api = mockChatApi();
    return {
      answer: (mode) => {
        if (mode === 'ok') api.set('desks', () => mockOk());
        else api.set('desks', () => (mode === 'hang' ? 'hang' : problem(503, 'database_unavailable')));
      },
      restore: () => api.restore(),
    };
  },
  heading: { fi: 'Neuvonta', sv: 'Rådgivning' },
  plain: { selector: '[part~="heading"]', standard: 'Neuvonta', plain: 'Kysy meiltä' },
  cleanUp: () => sessionStorage.clear(),
});

function mockOk(): Response {
  return new Response(
    JSON.stringify(
      (window as unknown as { __desks?: unknown }).__desks ?? { organisation: 'demo-kaupunki', averageMinutes: 6, topics: [] },
    ),
    {
      status: 200,
      headers: { 'content-type': 'application/json' },
    },
  );
}
