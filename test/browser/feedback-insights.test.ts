import './helpers/lit-warnings.js';
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys, executeServerCommand } from '@web/test-runner-commands';
import { expectAccessible } from './helpers/axe.js';
import { API, INSIGHTS_KEY, mockInsightsApi, type InsightsScenario } from '../fixtures/fake-api/feedback.js';
import '../../src/widgets/feedback-insights/define.js';
import type { LuukkuFeedbackInsights } from '../../src/widgets/feedback-insights/feedback-insights.js';

const $ = (el: Element, s: string): HTMLElement | null => el.shadowRoot!.querySelector<HTMLElement>(s);
const $$ = (el: Element, s: string): HTMLElement[] => [...el.shadowRoot!.querySelectorAll<HTMLElement>(s)];
const text = (el: Element, s: string): string => $(el, s)?.textContent.replace(/\s+/g, ' ').trim() ?? '';

const mounted: HTMLElement[] = [];
async function mount(o: { key?: string; attrs?: Record<string, string> } = {}): Promise<LuukkuFeedbackInsights> {
  const el = document.createElement('luukku-feedback-insights');
  el.setAttribute('organisation', 'demo-pelastuslaitos');
  el.setAttribute('api', API);
  for (const [k, v] of Object.entries(o.attrs ?? {})) el.setAttribute(k, v);
  if (o.key) el.staffKey = o.key;
  document.body.append(el);
  mounted.push(el);
  await waitUntil(() => $(el, '[part~="heading"]'), 'texts did not load');
  return el;
}
const until = async (el: LuukkuFeedbackInsights, state: string): Promise<void> => {
  await waitUntil(() => el.state === state, `state ${state} (is ${el.state})`, { timeout: 4000 });
  await el.updateComplete;
};

describe('<luukku-feedback-insights>', () => {
  let api: ReturnType<typeof mockInsightsApi>;
  const use = (s: InsightsScenario) => (api = mockInsightsApi(s));
  afterEach(() => {
    api.restore();
    for (const el of mounted.splice(0)) el.remove();
  });

  it('loading: a busy status while the results are on their way (axe)', async () => {
    use('loading');
    const el = await mount({ key: INSIGHTS_KEY });
    await until(el, 'loading');
    expect(text(el, '[part~="status"]')).to.contain('Tuloksia ladataan');
    expect($(el, '[part="base"]')!.getAttribute('aria-busy')).to.equal('true');
    await expectAccessible(el, 'loading');
  });

  it('asks for the staff key when the page gives none, keeps it out of attributes, and sends it as Bearer (axe)', async () => {
    use('ready');
    const el = await mount();
    await until(el, 'key');
    const input = $(el, '#f-staffKey') as HTMLInputElement;
    expect(input.type).to.equal('password');
    expect(input.autocomplete).to.equal('off');
    await expectAccessible(el, 'key');
    // Empty → an error at the field.
    $(el, 'form button[type="submit"]')!.click();
    await el.updateComplete;
    expect(text(el, '.field-error, [id="f-staffKey-error"]')).to.contain('Kirjoita henkilöstöavain');
    input.focus();
    await sendKeys({ type: INSIGHTS_KEY });
    await sendKeys({ press: 'Enter' });
    await until(el, 'ready');
    expect(api.calls.every((c) => c.headers.get('authorization') === `Bearer ${INSIGHTS_KEY}`)).to.equal(true);
    expect([...el.attributes].map((a) => a.name)).not.to.include('staff-key');
    expect(el.outerHTML).not.to.contain(INSIGHTS_KEY);
  });

  it('wrong key: says so at the key field and lets the user type it again (axe)', async () => {
    use('wrong-key');
    const el = await mount({ key: 'wrong' });
    await until(el, 'wrong-key');
    expect(text(el, '#f-staffKey-error')).to.contain('Henkilöstöavain ei kelpaa');
    await waitUntil(() => el.shadowRoot!.activeElement?.id === 'f-staffKey', 'focus on the key field');
    await expectAccessible(el, 'wrong-key');
  });

  it('error: a load failure offers retry, which loads the results (axe)', async () => {
    use('load-error');
    const el = await mount({ key: INSIGHTS_KEY });
    await until(el, 'load-error');
    expect(text(el, '[part~="status"]')).to.contain('Tuloksia ei voitu ladata');
    await expectAccessible(el, 'load-error');
    api.set('ready');
    $(el, '[part~="status"] button')!.click();
    await until(el, 'ready');
  });

  it('empty: no answers for the period, the filters stay (axe)', async () => {
    use('empty');
    const el = await mount({ key: INSIGHTS_KEY });
    await until(el, 'empty');
    expect(text(el, '[part~="status"]')).to.contain('Ei vastauksia');
    expect($(el, 'select[data-filter="service"]')).not.to.equal(null);
    await expectAccessible(el, 'empty');
  });

  it('too few answers: no figures at all, the reason instead (axe)', async () => {
    use('too-few');
    const el = await mount({ key: INSIGHTS_KEY });
    await until(el, 'too-few');
    expect(text(el, '[part~="status"]')).to.contain('alle 5');
    expect($$(el, 'table')).to.have.length(0);
    await expectAccessible(el, 'too-few');
  });

  it('data: every chart is SVG with a table of the same numbers; suppressed months say "too few answers" (axe)', async () => {
    use('ready');
    const el = await mount({ key: INSIGHTS_KEY });
    await until(el, 'ready');
    const services = $$(el, '[part~="service"]');
    expect(services).to.have.length(2);
    const first = services[0]!;
    expect(first.querySelectorAll('svg[role="img"]').length).to.equal(2);
    expect(first.querySelectorAll('table').length).to.equal(2);
    // Month 3 has 4 customer answers: the table row says too few, the chart has a gap (two path segments).
    const rows = [...first.querySelectorAll('table')[0]!.querySelectorAll('tbody tr')];
    expect(rows).to.have.length(13);
    expect(rows[2]!.textContent).to.contain('liian vähän vastauksia');
    expect(first.querySelectorAll('svg path.s0').length).to.equal(2);
    // The numbers behind the chart: each marker's title matches its table cell.
    const firstMean = rows[0]!.querySelectorAll('td')[1]!.textContent.trim();
    expect(first.querySelector('svg circle.s0 title')!.textContent).to.contain(firstMean);
    // Warning of the emergency-care timeliness dip.
    expect(text(el, '[part~="warnings"] li')).to.contain('Ensihoito');
    expect(text(el, '[part~="national"] table')).to.contain('liian vähän vastauksia');
    expect($$(el, '[part~="texts"] li')).to.have.length(3);
    await expectAccessible(el, 'ready');
  });

  it('filters: keyboard-usable selects; the service filter reloads and is announced (axe)', async () => {
    use('ready');
    const el = await mount({ key: INSIGHTS_KEY });
    await until(el, 'ready');
    const before = api.calls.length;
    const select = $(el, 'select[data-filter="service"]') as HTMLSelectElement;
    select.focus();
    await sendKeys({ press: 'ArrowDown' }); // Chromium changes a closed select's value with the arrow keys
    await waitUntil(() => api.calls.length > before, 'reloaded');
    const url = new URL(api.calls.find((c, i) => i >= before && c.url.includes('/insights'))!.url);
    expect(url.searchParams.get('service')).to.equal(select.value);
    await until(el, 'ready');
    await waitUntil(() => el.shadowRoot!.textContent.includes('Tulokset päivitetty'), 'announced');
    // Respondents: staff only → one series per chart.
    const who = $(el, 'select[data-filter="respondents"]') as HTMLSelectElement;
    who.value = 'staff';
    who.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect($$(el, '[part~="service"]')[0]!.querySelectorAll('svg path.s0').length).to.be.greaterThan(0);
    expect(el.respondents).to.equal('staff');
    // Tone filter of the free texts, client-side.
    const tone = $(el, 'select[data-filter="tone"]') as HTMLSelectElement;
    tone.value = 'criticism';
    tone.dispatchEvent(new Event('change'));
    await el.updateComplete;
    expect($$(el, '[part~="texts"] li')).to.have.length(1);
    await expectAccessible(el, 'filters');
  });

  it('contact requests: mark handled removes the request and says so', async () => {
    use('ready');
    const el = await mount({ key: INSIGHTS_KEY });
    await until(el, 'ready');
    expect($$(el, '[part~="contacts"] li')).to.have.length(1);
    $(el, '[part~="contacts"] button')!.click();
    await waitUntil(() => $$(el, '[part~="contacts"] li').length === 0, 'removed');
    const post = api.calls.find((c) => c.method === 'POST')!;
    expect(new URL(post.url).pathname).to.equal('/v1/feedback/contact-requests/44444444-4444-4444-8444-444444444444/handled');
    expect(text(el, '[part~="contacts"]')).to.contain('Yksikään yhteydenottopyyntö ei odota');
  });

  it('CSV export: what is shown, suppressed as "<5", contact details only when asked for', async () => {
    use('ready');
    const el = await mount({ key: INSIGHTS_KEY });
    await until(el, 'ready');
    const csv = el.exportCsv();
    expect(csv.startsWith('\uFEFFsection;service;month;respondent;item;n;mean')).to.equal(true);
    expect(csv).to.contain(';<5');
    expect(csv).to.contain('Tarkastaja selitti kaiken selkeästi');
    expect(csv).not.to.contain('asiakas@example.invalid');
    ($(el, '[part~="export"] input[type="checkbox"]') as HTMLInputElement).click();
    await el.updateComplete;
    expect(el.exportCsv()).to.contain('asiakas@example.invalid');
  });

  it('Swedish texts, forced colours and dark mode stay accessible', async () => {
    use('ready');
    const el = await mount({ key: INSIGHTS_KEY, attrs: { lang: 'sv' } });
    await until(el, 'ready');
    expect(text(el, '[part~="heading"]')).to.equal('Resultat av responsen');
    await executeServerCommand('luukku-media', { features: [{ name: 'forced-colors', value: 'active' }] });
    await expectAccessible(el, 'forced colours');
    await executeServerCommand('luukku-media', { features: [{ name: 'prefers-color-scheme', value: 'dark' }] });
    await expectAccessible(el, 'dark');
    await executeServerCommand('luukku-media', { features: [] });
  });
});
