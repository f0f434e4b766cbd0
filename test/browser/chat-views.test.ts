/**
 * <luukku-chat> as people with other screens see it, in the states with the most on them (the
 * topics, a conversation with long words and a link-like text, the end with the satisfaction
 * question): 320 px wide (WCAG 1.4.10 reflow), 200 % text at 640 px (1.4.4, what 200 % browser
 * zoom gives on a 1280 px screen), dark mode and forced colours, axe in each. The shared suite
 * covers dark mode and forced colours in the ready and error states only.
 */
import './helpers/lit-warnings.js';
import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia, executeServerCommand, setViewport } from '@web/test-runner-commands';
import '../../src/widgets/chat/define.js';
import type { LuukkuChat } from '../../src/widgets/chat/chat.js';
import { API, conversation, desks, mockChatApi, satisfactionForm } from '../fixtures/fake-api/chat.js';
import { expectAccessible } from './helpers/axe.js';

const ok = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
const messages = [
  {
    seq: 1,
    conversation: 'x',
    author: 'person',
    clientId: 'p1',
    text: 'Tarvitaanko ulkoilmakonserttiin ympäristönsuojelulain mukainen meluilmoitus? https://esimerkki.fi/tapahtumat/ulkoilmakonsertti-2026/ohjeet',
    sentAt: '2026-03-10T08:01:00Z',
  },
  { seq: 2, conversation: 'x', author: 'system', clientId: 's1', text: 'official-joined:Anna', sentAt: '2026-03-10T08:02:00Z' },
  {
    seq: 3,
    conversation: 'x',
    author: 'official',
    clientId: 'o1',
    text: 'Kyllä: ympäristönsuojeluviranomaiselle 30 vuorokautta ennen. Tapahtumaturvallisuussuunnitelma pelastuslaitokselle 14 vuorokautta ennen.',
    sentAt: '2026-03-10T08:03:00Z',
  },
];
const form = satisfactionForm;

type View = 'ask' | 'connected' | 'ended';

describe('<luukku-chat>: narrow screens, large text, dark mode, forced colours', () => {
  let api: ReturnType<typeof mockChatApi>;
  const mounted: HTMLElement[] = [];
  afterEach(async () => {
    mounted.splice(0).forEach((e) => e.remove());
    api.restore();
    sessionStorage.clear();
    document.documentElement.style.fontSize = '';
    await setViewport({ width: 800, height: 600 });
    await emulateMedia({ colorScheme: 'light' });
    await executeServerCommand('luukku-media', { features: [{ name: 'forced-colors', value: 'none' }] });
  });

  async function show(view: View): Promise<LuukkuChat> {
    api = mockChatApi();
    sessionStorage.setItem('luukku-chat-consent', '1');
    // Three desks: the topic list is the longest thing on the ask screen.
    const d = desks();
    const topics = [
      d.topics[0]!,
      { ...d.topics[0]!, id: 'rescue', name: { fi: 'Pelastustoimi ja paloturvallisuus' }, open: false },
      { ...d.topics[0]!, id: 'environment', name: { fi: 'Ympäristönsuojelu ja meluilmoitukset' } },
    ];
    api.set('desks', () => ok({ ...d, topics }));
    if (view !== 'ask') {
      sessionStorage.setItem('luukku-chat:demo-kaupunki', JSON.stringify({ id: conversation().id, token: 'x'.repeat(43) }));
      api.set('conversation', () => ok(conversation(view === 'connected' ? 'active' : 'closed', messages)));
    }
    const original = window.fetch.bind(window);
    window.fetch = (input, init) =>
      (input instanceof Request ? input.url : input.toString()).includes('/v1/feedback/form')
        ? Promise.resolve(ok(form))
        : original(input, init);
    const el = document.createElement('luukku-chat');
    el.setAttribute('organisation', 'demo-kaupunki');
    el.setAttribute('api', API);
    el.setAttribute('inline', '');
    document.body.append(el);
    mounted.push(el);
    if (view === 'ask') {
      await waitUntil(() => el.state === 'ready', `state is ${el.state}`, { timeout: 4000 });
      await el.updateComplete;
      el.shadowRoot!.querySelector<HTMLElement>('[part~="ask"]')!.click();
    }
    await waitUntil(() => el.state === view || (view === 'ask' && el.state === 'ask'), `state is ${el.state}`, { timeout: 4000 });
    if (view === 'ended') await waitUntil(() => el.shadowRoot!.querySelector('[part~="satisfaction"]'), 'no satisfaction question');
    await el.updateComplete;
    return el;
  }

  /** Nothing sticks out of the page or out of its own box. */
  function expectReflow(el: LuukkuChat, width: number): void {
    expect(document.documentElement.scrollWidth, 'the page scrolls sideways').to.be.at.most(width);
    expect(el.getBoundingClientRect().right).to.be.at.most(width);
    const wide = [...el.shadowRoot!.querySelectorAll<HTMLElement>('*')].filter(
      (n) => n.getBoundingClientRect().right > width + 0.5 && getComputedStyle(n).display !== 'none',
    );
    expect(
      wide.map((n) => `${n.tagName.toLowerCase()}.${n.className} ${Math.round(n.getBoundingClientRect().right)}`),
      'parts wider than the screen',
    ).to.deep.equal([]);
  }

  for (const view of ['ask', 'connected', 'ended'] as const) {
    it(`${view}: reflows at 320 px, accessible`, async () => {
      await setViewport({ width: 320, height: 640 });
      const el = await show(view);
      expectReflow(el, 320);
      await expectAccessible(el, `${view}, 320 px`);
    });

    it(`${view}: 200 % text at 640 px (200 % zoom) stays inside, accessible`, async () => {
      await setViewport({ width: 640, height: 480 });
      document.documentElement.style.fontSize = '200%';
      const el = await show(view);
      expectReflow(el, 640);
      await expectAccessible(el, `${view}, 200 %`);
    });

    it(`${view}: dark mode, accessible`, async () => {
      await emulateMedia({ colorScheme: 'dark' });
      const el = await show(view);
      expect(getComputedStyle(el).backgroundColor).to.equal('rgb(20, 24, 29)');
      await expectAccessible(el, `${view}, dark`);
    });
  }

  it('forced colours: messages and topics keep visible borders in the text colour; who wrote each is text, not colour', async () => {
    await executeServerCommand('luukku-media', { features: [{ name: 'forced-colors', value: 'active' }] });
    const el = await show('connected');
    const probe = document.createElement('span');
    probe.style.color = 'CanvasText';
    document.body.append(probe);
    const canvasText = getComputedStyle(probe).color;
    probe.remove();
    for (const m of el.shadowRoot!.querySelectorAll<HTMLElement>('.msg')) {
      const s = getComputedStyle(m);
      expect(s.borderTopStyle).to.not.equal('none');
      expect(s.borderTopColor).to.equal(canvasText);
      expect(m.querySelector('.meta')!.textContent.trim()).to.not.equal('');
    }
    await expectAccessible(el, 'connected, forced colours');
  });
});
