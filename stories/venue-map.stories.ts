import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../src/widgets/venue-map/define.js';
import type { LuukkuVenueMap } from '../src/widgets/venue-map/venue-map.js';
import { installVenueScenario, type VenueApiScenario } from '../test/fixtures/fake-api/venues.js';

interface Args {
  organisation: string;
  lang: string;
  plainLanguage: boolean;
  noMap: boolean;
}

/** Puts a story's filters and selected venue into the URL (the widget keeps them there). */
function setUrl(params: Record<string, string>): void {
  const search = new URLSearchParams(window.location.search);
  for (const key of [...search.keys()]) if (key.startsWith('vm.') || key === 'venue-cancel') search.delete(key);
  for (const [k, v] of Object.entries(params)) search.set(k, v);
  history.replaceState(null, '', `${window.location.pathname}?${search.toString()}`);
}

async function whenReady(canvas: HTMLElement): Promise<LuukkuVenueMap> {
  const el = canvas.querySelector('luukku-venue-map');
  if (!el) throw new Error('No <luukku-venue-map> in the story');
  for (let i = 0; i < 200 && !(el.state === 'ready' && el.shadowRoot?.querySelector('#card-heading')); i++)
    await new Promise((r) => setTimeout(r, 25));
  await el.updateComplete;
  return el;
}

/** Fills the reservation form and sends it. */
async function reserve(el: LuukkuVenueMap, name: string): Promise<void> {
  const values: Record<string, string> = {
    startDate: '2027-06-10',
    endDate: '2027-06-11',
    name,
    email: 'maija@example.org',
    eventName: 'Kesäkonsertti',
    attendance: '300',
  };
  for (const [k, v] of Object.entries(values)) {
    const input = el.shadowRoot?.querySelector<HTMLInputElement>(`#r-${k}`);
    if (!input) continue;
    input.value = v;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }
  el.shadowRoot?.querySelector<HTMLButtonElement>('[part~="form"] button[type="submit"]')?.click();
  for (let i = 0; i < 100 && !el.shadowRoot?.querySelector('[part~="outcome"]'); i++) await new Promise((r) => setTimeout(r, 25));
  // The widget finishes sending (it refreshes the calendar) before the next step of a story.
  await new Promise((r) => setTimeout(r, 400));
  await el.updateComplete;
}

const meta: Meta<Args> = {
  title: 'Widgets/Venue map',
  component: 'luukku-venue-map',
  args: { organisation: 'demo-kaupunki', lang: 'fi', plainLanguage: false, noMap: true },
  argTypes: { lang: { control: 'inline-radio', options: ['fi', 'sv', 'se', 'en'] } },
  parameters: { api: 'ready' satisfies VenueApiScenario, url: {} },
  loaders: [
    ({ parameters }) => {
      const p = parameters as { api: VenueApiScenario; url: Record<string, string> };
      installVenueScenario(p.api);
      setUrl(p.url);
      return {};
    },
  ],
  render: (args) => html`
    <luukku-venue-map
      organisation=${args.organisation}
      lang=${args.lang}
      ?plain-language=${args.plainLanguage}
      ?no-map=${args.noMap}
      api="/"
    ></luukku-venue-map>
  `,
};
export default meta;
type Story = StoryObj<Args>;

/** The venues are on their way. */
export const Loading: Story = { parameters: { api: 'loading' } };
/** The venues could not be loaded: a retry button. */
export const LoadError: Story = { parameters: { api: 'load-error' } };
/** The list only: a sortable table, filters and the overlays (no map). */
export const ListOnly: Story = {};
/** With the map (MapLibre loads when the map scrolls into view; offline Finland outline). */
export const WithMap: Story = { args: { noMap: false } };
/** Filters that no venue passes: the empty state with "Clear filters". */
export const FiltersWithNoResults: Story = { parameters: { url: { 'vm.type': 'beach', 'vm.fac': 'electricity' } } };
/** A venue card: facts, photo, terms, contact, calendar and the form. */
export const Card: Story = { parameters: { url: { 'vm.venue': 'kauppatori' } } };
/** The calendar of a month with held, booked and closed days (market square, May 2027). */
export const Calendar: Story = {
  parameters: { url: { 'vm.venue': 'kauppatori', 'vm.from': '2027-05-14', 'vm.to': '2027-05-15' } },
};
/** A preliminary reservation was sent: the hold and until when it lasts. */
export const HoldSent: Story = {
  parameters: { url: { 'vm.venue': 'kauppatori' } },
  play: async ({ canvasElement }) => reserve(await whenReady(canvasElement), 'Maija'),
};
/** The same days again: a place in the queue. */
export const Queued: Story = {
  parameters: { url: { 'vm.venue': 'kauppatori' } },
  play: async ({ canvasElement }) => {
    const el = await whenReady(canvasElement);
    await reserve(el, 'Maija');
    el.shadowRoot?.querySelectorAll<HTMLButtonElement>('[part~="outcome"] button')[1]?.click();
    await el.updateComplete;
    await reserve(el, 'Olli');
  },
};
/** The hold before lapsed: "Check my place" shows the promotion. */
export const Promoted: Story = {
  parameters: { url: { 'vm.venue': 'kauppatori' } },
  play: async ({ canvasElement }) => {
    const api = installVenueScenario('ready');
    const el = await whenReady(canvasElement);
    await reserve(el, 'Maija');
    el.shadowRoot?.querySelectorAll<HTMLButtonElement>('[part~="outcome"] button')[1]?.click();
    await el.updateComplete;
    await reserve(el, 'Olli');
    api.promoteFirst('kauppatori');
    el.shadowRoot?.querySelector<HTMLButtonElement>('[part~="outcome"] button')?.click();
  },
};
/** The send failed (network): the message, and the form as typed. */
export const SendError: Story = {
  parameters: { api: 'send-error', url: { 'vm.venue': 'kauppatori' } },
  play: async ({ canvasElement }) => reserve(await whenReady(canvasElement), 'Maija'),
};
/** Selkosuomi. */
export const PlainFinnish: Story = { args: { plainLanguage: true }, parameters: { pinLocale: true } };
/** På svenska (Exempelstad). */
export const Swedish: Story = { args: { lang: 'sv', organisation: 'demo-stad' }, parameters: { pinLocale: true } };
/** Davvisámegillii (machine-drafted, not reviewed by a native speaker). */
export const NorthernSami: Story = { args: { lang: 'se' }, parameters: { pinLocale: true } };
/** In English. */
export const English: Story = { args: { lang: 'en' }, parameters: { pinLocale: true } };
