import './helpers/lit-warnings.js';
import { expect } from '@open-wc/testing';
import { ApiClient } from '../../src/core/api/client.js';
import { NetworkError, ProblemError } from '../../src/core/api/errors.js';
import { resolveApi, resolveLanguage, resolvePlainLanguage } from '../../src/core/config.js';
import { defineElement } from '../../src/core/define.js';
import { captureWarnings } from './helpers/lit-warnings.js';
import { form, mockApi, ok, problem } from '../fixtures/fake-api/feedback.js';

describe('config cascade', () => {
  afterEach(() => {
    delete window.LuukkuConfig;
    document.querySelectorAll('meta[name^="luukku:"]').forEach((m) => m.remove());
    document.documentElement.lang = 'fi';
  });

  it('api: attribute → window.LuukkuConfig → meta → same origin', () => {
    expect(resolveApi(undefined)).to.equal('');
    const meta = Object.assign(document.createElement('meta'), { name: 'luukku:api', content: 'https://meta.example' });
    document.head.append(meta);
    expect(resolveApi(undefined)).to.equal('https://meta.example');
    window.LuukkuConfig = { api: 'https://page.example' };
    expect(resolveApi(undefined)).to.equal('https://page.example');
    expect(resolveApi('https://attr.example')).to.equal('https://attr.example');
  });

  it('language: element lang → page default → <html lang> → fi', () => {
    const el = document.createElement('div');
    document.body.append(el);
    document.documentElement.lang = 'sv-FI';
    expect(resolveLanguage(el)).to.equal('sv');
    window.LuukkuConfig = { lang: 'en' };
    expect(resolveLanguage(el)).to.equal('en');
    el.setAttribute('lang', 'sme');
    expect(resolveLanguage(el)).to.equal('se');
    el.remove();
  });

  it('an unknown language falls back to Finnish with one warning', async () => {
    const el = document.createElement('div');
    el.lang = 'xx-unknown';
    const warnings = await captureWarnings(() => {
      expect(resolveLanguage(el)).to.equal('fi');
      expect(resolveLanguage(el)).to.equal('fi');
    });
    expect(warnings).to.have.length(1);
  });

  it('plain language: property → page default → off', () => {
    expect(resolvePlainLanguage(undefined)).to.equal(false);
    window.LuukkuConfig = { plainLanguage: true };
    expect(resolvePlainLanguage(undefined)).to.equal(true);
    expect(resolvePlainLanguage(false)).to.equal(false);
  });
});

describe('defineElement', () => {
  it('a second copy warns instead of throwing', async () => {
    class First extends HTMLElement {}
    class Second extends HTMLElement {}
    defineElement('luukku-define-test', First);
    const warnings = await captureWarnings(() => defineElement('luukku-define-test', Second));
    expect(customElements.get('luukku-define-test')).to.equal(First);
    expect(warnings.join()).to.match(/already defined/);
  });
});

describe('ApiClient', () => {
  let api: ReturnType<typeof mockApi>;
  afterEach(() => api.restore());

  it('retries a GET after a network error and a 503, then succeeds', async () => {
    let n = 0;
    api = mockApi({ form: () => (++n === 1 ? 'network-error' : n === 2 ? problem(503, 'unknown') : ok(form)) });
    const client = new ApiClient({ baseUrl: 'http://x.test/', backoffMs: 1 });
    const result = await client.getFeedbackForm({ organisation: 'o', service: 's' });
    expect(result.service.id).to.equal('fire-inspection');
    expect(api.calls).to.have.length(3);
    expect(api.calls[0]!.url).to.equal('http://x.test/v1/feedback/form?organisation=o&service=s');
  });

  it('never retries a POST without an Idempotency-Key', async () => {
    api = mockApi({ submit: () => 'network-error' });
    const client = new ApiClient({ baseUrl: 'http://x.test', backoffMs: 1 });
    const error = await client.request('/v1/anything', { method: 'POST', body: {} }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(NetworkError);
    expect(api.calls).to.have.length(1);
  });

  it('retries a POST that carries an Idempotency-Key, with the same key', async () => {
    let n = 0;
    api = mockApi({ submit: () => (++n < 3 ? 'network-error' : ok({ id: 'x', receivedAt: 'y' }, 201)) });
    const client = new ApiClient({ baseUrl: 'http://x.test', backoffMs: 1 });
    await client.request('/v1/feedback', { method: 'POST', body: {}, idempotencyKey: 'key-1234567890abcdef' });
    expect(api.calls.map((c) => c.headers.get('idempotency-key'))).to.deep.equal(Array(3).fill('key-1234567890abcdef'));
  });

  it('parses problem+json into a ProblemError and does not retry a 4xx', async () => {
    api = mockApi({ submit: () => problem(422, 'validation_failed', [{ pointer: '/answers/overall', code: 'maximum' }]) });
    const client = new ApiClient({ baseUrl: '', backoffMs: 1 });
    const error = (await client.submitFeedback({} as never, 'k-1234567890abcdef').catch((e: unknown) => e)) as ProblemError;
    expect(error).to.be.instanceOf(ProblemError);
    expect(error.code).to.equal('validation_failed');
    expect(error.status).to.equal(422);
    expect(error.errors[0]!.pointer).to.equal('/answers/overall');
    expect(error.transient).to.equal(false);
    expect(api.calls).to.have.length(1);
  });

  it('times out with NetworkError("timeout")', async () => {
    api = mockApi({ form: () => 'hang' });
    const client = new ApiClient({ baseUrl: '', timeoutMs: 50, retries: 0 });
    const error = (await client.getFeedbackForm({ organisation: 'o', service: 's' }).catch((e: unknown) => e)) as NetworkError;
    expect(error).to.be.instanceOf(NetworkError);
    expect(error.reason).to.equal('timeout');
  });
});
