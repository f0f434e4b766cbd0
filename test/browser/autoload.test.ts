import './helpers/lit-warnings.js';
import { expect, waitUntil } from '@open-wc/testing';
import { form, mockApi, ok } from '../fixtures/fake-api/feedback.js';

/** console.warn and console.error calls while this file runs: loading twice must cause none. */
const complaints: string[] = [];
const originalWarn = console.warn.bind(console);
const originalError = console.error.bind(console);

describe('autoload', () => {
  before(() => {
    console.warn = (...args: unknown[]) => {
      const text = args.map(String).join(' ');
      if (!/lit\.dev\/msg\/dev-mode/.test(text)) complaints.push(text);
      originalWarn(...args);
    };
    console.error = (...args: unknown[]) => {
      complaints.push(args.map(String).join(' '));
      originalError(...args);
    };
  });
  after(() => {
    console.warn = originalWarn;
    console.error = originalError;
  });

  it('can be included twice, also from a second URL (another copy), before any widget is on the page', async () => {
    await import('../../src/autoload.js');
    await import('../../src/autoload.js');
    // A second copy of the loader (another URL is another module): it must step aside.
    const second = new URL('../../src/autoload.ts', import.meta.url).href;
    await import(/* @vite-ignore */ `${second}?copy=2`);
    expect(complaints).to.deep.equal([]);
  });

  it('defines <luukku-feedback> only when it first appears, and starts the form request at the same time (one request)', async () => {
    const definedAtCall: boolean[] = [];
    const api = mockApi({
      form: () => {
        definedAtCall.push(customElements.get('luukku-feedback') !== undefined);
        return ok(form);
      },
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(customElements.get('luukku-feedback')).to.equal(undefined);

    const host = document.createElement('div');
    host.innerHTML =
      '<luukku-feedback organisation="demo-pelastuslaitos" service="fire-inspection" api="http://api.test/"></luukku-feedback>';
    document.body.append(host);
    await waitUntil(() => customElements.get('luukku-feedback'), 'the element was never defined');
    const el = host.firstElementChild as HTMLElementTagNameMap['luukku-feedback'];
    await waitUntil(() => el.state === 'ready');

    const formCalls = api.calls.filter((c) => c.url.includes('/v1/feedback/form'));
    // Started by the autoloader before the code had arrived, and taken by the widget's client.
    expect(definedAtCall).to.deep.equal([false]);
    expect(formCalls).to.have.length(1);
    expect(formCalls[0]?.url).to.equal('http://api.test/v1/feedback/form?organisation=demo-pelastuslaitos&service=fire-inspection');
    expect(formCalls[0]?.headers.get('accept')).to.equal('application/json, application/problem+json');

    // Later instances load their own form: the early request is taken only once.
    const second = document.createElement('luukku-feedback');
    second.setAttribute('organisation', 'demo-pelastuslaitos');
    second.setAttribute('service', 'fire-inspection');
    second.setAttribute('api', 'http://api.test');
    host.append(second);
    await waitUntil(() => second.state === 'ready');
    expect(api.calls.filter((c) => c.url.includes('/v1/feedback/form'))).to.have.length(2);
    expect(complaints).to.deep.equal([]);
    host.remove();
    api.restore();
  });

  it('defines <luukku-permit-explorer> only when it appears, independently of the feedback form, and prefetches its pack', async () => {
    expect(customElements.get('luukku-permit-explorer')).to.equal(undefined);
    const original = window.fetch.bind(window);
    const urls: string[] = [];
    // The API never answers: this test is about loading the element, not about the explorer.
    window.fetch = (input: RequestInfo | URL) => {
      urls.push(String(input instanceof Request ? input.url : input));
      return new Promise<Response>(() => undefined);
    };
    const el = document.createElement('luukku-permit-explorer');
    el.setAttribute('organisation', 'demo-kaupunki');
    el.setAttribute('api', 'http://api.test');
    document.body.append(el);
    await new Promise((r) => setTimeout(r)); // the autoloader's MutationObserver has run
    expect(urls).to.deep.equal([
      'http://api.test/v1/permits/packs/events?organisation=demo-kaupunki',
      'http://api.test/v1/permits/processing-times?mode=events&organisation=demo-kaupunki',
    ]);
    await waitUntil(() => customElements.get('luukku-permit-explorer'), 'the element was never defined');
    await waitUntil(() => el.shadowRoot?.querySelector('[part~="base"]'), 'the element never rendered');
    // The explorer's own client took both early requests instead of sending them again.
    expect(urls).to.have.length(2);
    el.remove();
    window.fetch = original;
  });

  it("built (dist/autoload.js): fetches the widget's whole chunk graph, its texts and its form at once", async () => {
    const source = await fetch('/dist/autoload.js').then((r) => (r.ok ? r.text() : ''));
    expect(source, 'dist/autoload.js is missing: run `npm run build` first').not.to.equal('');
    expect(source, 'dist/autoload.js has no chunk graph: rebuild with `npm run build`').not.to.include('luukku:chunk-graph');
    // The test runner serves JSON as a module (web-test-runner.config.mjs, `json: true`).
    const manifestModule = '/dist/.vite/manifest.json';
    const { default: manifest } = (await import(/* @vite-ignore */ manifestModule)) as {
      default: Record<string, { file: string; imports?: string[] }>;
    };
    const closure = (key: string, into = new Set<string>()): Set<string> => {
      if (into.has(key)) return into;
      into.add(key);
      for (const dep of manifest[key]?.imports ?? []) closure(dep, into);
      return into;
    };
    const code = [...closure('src/widgets/feedback/define.ts')].map((k) => manifest[k]?.file ?? k);
    // Swedish reads Swedish, then English, then Finnish (src/core/i18n/languages.ts).
    const texts = ['sv', 'fi'].flatMap((lng) =>
      ['common', 'feedback'].map((ns) => manifest[`src/locales/${lng}/${ns}.json`]?.file ?? `${lng}/${ns}`),
    );

    // A page of its own (the built element must not meet the source one): an iframe whose fetch answers the form.
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const win = frame.contentWindow as Window & typeof globalThis;
    const doc = win.document;
    const formCalls: { url: string; at: number }[] = [];
    win.fetch = (input: RequestInfo | URL) => {
      formCalls.push({ url: String(input instanceof Request ? input.url : input), at: win.performance.now() });
      return Promise.resolve(new Response(JSON.stringify(form), { headers: { 'content-type': 'application/json' } }));
    };
    const script = doc.createElement('script');
    script.type = 'module';
    script.src = new URL('/dist/autoload.js', location.href).href;
    const loaded = new Promise((resolve, reject) => {
      script.onload = resolve;
      script.onerror = reject;
    });
    doc.head.append(script);
    await loaded;
    const el = doc.createElement('luukku-feedback');
    el.setAttribute('organisation', 'demo-pelastuslaitos');
    el.setAttribute('service', 'fire-inspection');
    el.setAttribute('lang', 'sv');
    el.setAttribute('api', 'http://api.test');
    doc.body.append(el);
    await waitUntil(() => el.shadowRoot?.querySelector('input[type="radio"]'), 'the built widget never showed its form', {
      timeout: 8_000,
    });

    const entries = win.performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const entry = (file: string): PerformanceResourceTiming | undefined =>
      entries.find((e) => new URL(e.name).pathname === `/dist/${file}`);
    const define = entry('widgets/feedback/define.js');
    expect(define, 'define.js was not fetched').not.to.equal(undefined);
    // Without the baked graph each import level is discovered only after the one above has arrived.
    for (const file of [...code, ...texts]) {
      const e = entry(file);
      expect(e, `${file} was not fetched`).not.to.equal(undefined);
      expect(e?.startTime ?? Infinity, `${file} started only after define.js had arrived`).to.be.below(define?.responseEnd ?? 0);
    }
    expect(formCalls.map((c) => c.url)).to.deep.equal([
      'http://api.test/v1/feedback/form?organisation=demo-pelastuslaitos&service=fire-inspection',
    ]);
    expect(formCalls[0]?.at ?? Infinity, 'the form request waited for the code').to.be.below(define?.responseEnd ?? 0);
    frame.remove();
  });
});
