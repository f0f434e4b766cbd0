import './helpers/lit-warnings.js';
import { expect, waitUntil } from '@open-wc/testing';
import { mockApi } from './helpers/api.js';

describe('autoload', () => {
  it('defines <luukku-feedback> only when it first appears in the document', async () => {
    const api = mockApi();
    await import('../../src/autoload.js');
    await new Promise((r) => setTimeout(r, 100));
    expect(customElements.get('luukku-feedback')).to.equal(undefined);

    const host = document.createElement('div');
    host.innerHTML = '<luukku-feedback organisation="demo-pelastuslaitos" service="fire-inspection" api="http://api.test"></luukku-feedback>';
    document.body.append(host);
    await waitUntil(() => customElements.get('luukku-feedback'), 'the element was never defined');
    const el = host.firstElementChild as HTMLElementTagNameMap['luukku-feedback'];
    await waitUntil(() => el.state === 'ready');
    host.remove();
    api.restore();
  });

  it('defines <luukku-permit-explorer> only when it appears, independently of the feedback form', async () => {
    await import('../../src/autoload.js');
    expect(customElements.get('luukku-permit-explorer')).to.equal(undefined);
    const original = window.fetch.bind(window);
    // The API never answers: this test is about loading the element, not about the explorer.
    window.fetch = () => new Promise<Response>(() => undefined);
    const el = document.createElement('luukku-permit-explorer');
    el.setAttribute('organisation', 'demo-kaupunki');
    el.setAttribute('api', 'http://api.test');
    document.body.append(el);
    await waitUntil(() => customElements.get('luukku-permit-explorer'), 'the element was never defined');
    await waitUntil(() => el.shadowRoot?.querySelector('[part~="base"]'), 'the element never rendered');
    el.remove();
    window.fetch = original;
  });
});
