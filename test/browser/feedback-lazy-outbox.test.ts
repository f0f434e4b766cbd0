// This file must not import the outbox itself (nor helpers/feedback.ts, which does): it
// proves that the widget loads it only on the first failed send.
import './helpers/lit-warnings.js';
import { expect, waitUntil } from '@open-wc/testing';
import '../../src/widgets/feedback/define.js';
import { API, mockApi, ok, receipt } from '../fixtures/fake-api/feedback.js';

const loaded = (name: string): boolean => performance.getEntriesByType('resource').some((e) => e.name.includes(name));

describe('<luukku-feedback> loads the offline outbox lazily', () => {
  it('a user who never goes offline never downloads it; the first failed send loads it', async () => {
    localStorage.removeItem('luukku-outbox');
    const api = mockApi({ submit: () => ok(receipt, 201) });
    const el = document.createElement('luukku-feedback');
    el.setAttribute('organisation', 'demo-pelastuslaitos');
    el.setAttribute('service', 'fire-inspection');
    el.setAttribute('api', API);
    document.body.append(el);
    try {
      await waitUntil(() => el.state === 'ready' && el.shadowRoot?.querySelector('input[name="answers.overall"]'), 'never ready');
      const choose = (value: number): void =>
        el.shadowRoot!.querySelector<HTMLInputElement>(`input[name="answers.overall"][value="${value}"]`)!.click();
      choose(4);
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
      await waitUntil(() => el.state === 'delivered', 'never delivered');
      expect(loaded('/src/core/outbox.ts'), 'outbox loaded without a failed send').to.equal(false);
      expect(loaded('idb-keyval'), 'idb-keyval loaded without a failed send').to.equal(false);

      el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="confirmation"] button')!.click();
      await waitUntil(() => el.state === 'ready' && el.shadowRoot?.querySelector('input[name="answers.overall"]'));
      api.set('submit', () => 'network-error');
      choose(2);
      el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="submit"]')!.click();
      await waitUntil(() => el.state === 'queued', 'never queued');
      expect(loaded('/src/core/outbox.ts')).to.equal(true);
      expect(localStorage.getItem('luukku-outbox')).to.equal('1');
      const { clearOutbox } = await import('../../src/core/outbox.js');
      await clearOutbox();
      expect(localStorage.getItem('luukku-outbox')).to.equal(null);
    } finally {
      api.restore();
      el.remove();
    }
  });
});
