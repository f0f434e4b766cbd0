/**
 * The unbuilt autoloader (src/autoload.ts) starts each tag's first-view GET requests as soon as
 * the tag appears: the path with its attributes filled in, defaults for absent attributes, the
 * query sorted so the widget's API client finds the same URL (src/core/prefetch.ts). A request
 * whose attributes are missing is not made. (test/browser/autoload.test.ts covers the built file.)
 */
import { expect } from '@open-wc/testing';

const API = 'http://127.0.0.1:9/api/'; // nothing listens: the requests fail, the widgets show their load error

describe('autoloader prefetch', () => {
  it('starts the first view requests of every tag on the page, with defaults and a sorted query', async () => {
    document.body.innerHTML = `
      <div lang="sv-FI">
        <luukku-permit-explorer api="${API}" organisation="demo-kaupunki"></luukku-permit-explorer>
        <luukku-venue-map api="${API}" organisation=" demo-kaupunki "></luukku-venue-map>
        <luukku-feedback api="${API}" organisation="demo-pelastuslaitos"></luukku-feedback>
      </div>`;
    await import('../../src/autoload.js');
    const prefetched = (window as unknown as Record<symbol, Map<string, Promise<Response>>>)[Symbol.for('luukku.prefetch')];
    const urls = [...(prefetched?.keys() ?? [])];
    expect(urls).to.include.members([
      'http://127.0.0.1:9/api/v1/permits/packs/events?organisation=demo-kaupunki',
      'http://127.0.0.1:9/api/v1/permits/processing-times?mode=events&organisation=demo-kaupunki',
      'http://127.0.0.1:9/api/v1/venues?organisation=demo-kaupunki',
      'http://127.0.0.1:9/api/v1/venues/overlays?organisation=demo-kaupunki',
    ]);
    // <luukku-feedback> lacks `service`: its form request is not guessed.
    expect(urls.some((u) => u.includes('/v1/feedback/form'))).to.equal(false);
    await Promise.allSettled(prefetched ? [...prefetched.values()] : []);
  });
});
