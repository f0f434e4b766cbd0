/**
 * The one-script-tag loader:
 *   <script type="module" src="https://…/luukku/autoload.js"></script>
 * Each widget's code is fetched only when its tag first appears in the document (at load or
 * later, e.g. inserted by a CMS or a single-page app). Elements inside other components'
 * shadow roots are not watched: import the widget's define module there instead.
 *
 * When a tag appears, three things start at once, so the first view is one round trip after
 * this file (HTML → autoload.js → everything else):
 * - the widget's whole static chunk graph (baked in at build time by vite.config.ts),
 * - its texts in the language the element will resolve to, with that language's fallbacks,
 * - the API request its first view makes, kept for the widget's API client to take
 *   (src/core/prefetch.ts describes the hand-over).
 *
 * Keep this file tiny (budget 1.6 KB gzip with seven tags): it must import nothing (an import would be one
 * more round trip before anything starts). No inline script, no eval: CSP-clean.
 * Included twice (even from two URLs), the first copy does the work and the second steps aside.
 */
/** vite.config.ts's ChunkGraph (compact: see its comment). */
interface ChunkGraph {
  files: string[];
  texts: string;
  langs: Record<string, string[]>;
  tags: Record<string, [number[], string[]]>;
}

interface Widget {
  load: () => Promise<unknown>;
  /**
   * The GET requests of its first view: a path (`{name}` is replaced by an attribute) and the
   * attributes that make its query, all required. Defaults for absent attributes in `defaults`.
   */
  get?: [path: string, ...query: string[]][];
  defaults?: Record<string, string>;
}

const widgets: Record<string, Widget> = {
  'luukku-feedback': {
    load: () => import('./widgets/feedback/define.js'),
    get: [['/v1/feedback/form', 'organisation', 'service']],
  },
  'luukku-permit-explorer': {
    load: () => import('./widgets/permit-explorer/define.js'),
    get: [
      ['/v1/permits/packs/{mode}', 'organisation'],
      ['/v1/permits/processing-times', 'organisation', 'mode'],
    ],
    defaults: { mode: 'events' },
  },
  // Its own fetch (ETag / If-Match), so no prefetch: the first view's GET is the element's.
  'luukku-project-timeline': {
    load: () => import('./widgets/project-timeline/define.js'),
  },
  'luukku-venue-map': {
    load: () => import('./widgets/venue-map/define.js'),
    get: [
      ['/v1/venues', 'organisation'],
      ['/v1/venues/overlays', 'organisation'],
    ],
  },
  // The launcher makes no request; the open chat is its own chunk, loaded on the first click.
  'luukku-chat': {
    load: () => import('./widgets/chat/define.js'),
  },
  'luukku-chat-console': {
    load: () => import('./widgets/chat-console/define.js'),
  },
  // Staff only: its requests need the staff key, so nothing is fetched before the element runs.
  'luukku-feedback-insights': { load: () => import('./widgets/feedback-insights/define.js') },
};

// vite.config.ts (luukku:autoload-chunk-graph) replaces this call with the built chunk graph.
// Unbuilt (tests, dev server) it stays a string and only the widget's own import runs.
const built = JSON.parse('"luukku:chunk-graph"') as ChunkGraph | string;
const graph = typeof built === 'object' ? built : undefined;

type Shared = Window & Record<symbol, unknown> & { LuukkuConfig?: { api?: string; lang?: string } };
const page = window as unknown as Shared;
/** Tags some copy of this loader on the page has taken on. */
const claimed = (page[Symbol.for('luukku.autoload')] ??= new Set<string>()) as Set<string>;
/** src/core/prefetch.ts: absolute URL (sorted query) → the response promise, taken once. */
const prefetched = (page[Symbol.for('luukku.prefetch')] ??= new Map<string, Promise<Response>>()) as Map<string, Promise<Response>>;

const meta = (name: string): string | undefined =>
  document.querySelector<HTMLMetaElement>(`meta[name="luukku:${name}"]`)?.content.trim() || undefined;

/** The same cascade as src/core/config.ts; a wrong guess only costs an unused download. */
function language(el: Element): string {
  const tag = el.getAttribute('lang') || page.LuukkuConfig?.lang || meta('lang') || el.closest('[lang]')?.getAttribute('lang') || '';
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return ({ fin: 'fi', swe: 'sv', sme: 'se', eng: 'en' } as Record<string, string>)[primary] ?? primary;
}

function prefetch(el: Element, widget: Widget): void {
  const attr = (name: string): string => el.getAttribute(name)?.trim() || widget.defaults?.[name] || '';
  const base = (attr('api') || page.LuukkuConfig?.api?.trim() || meta('api') || '').replace(/\/+$/, '');
  for (const [path, ...names] of widget.get ?? []) {
    const url = new URL(base + path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(attr(name))), document.baseURI);
    for (const name of names) url.searchParams.set(name, attr(name));
    url.searchParams.sort();
    if (names.some((name) => !attr(name)) || prefetched.has(url.href)) continue;
    const response = fetch(url, {
      headers: { accept: 'application/json, application/problem+json' },
      credentials: 'omit',
      signal: AbortSignal.timeout(10_000),
    });
    response.catch(() => undefined); // the widget makes its own request if this one failed
    prefetched.set(url.href, response);
  }
}

function start(tag: string, widget: Widget): void {
  const first = document.querySelector(tag);
  const entry = graph?.tags[tag];
  if (graph && entry && first) {
    // Evaluating a chunk early is harmless (only the define module has an effect) and splits the work.
    const files = entry[0].map((i) => graph.files[i] ?? '').map((f) => (f.includes('/') ? f : 'chunks/' + f));
    for (const lng of graph.langs[language(first)] ?? graph.langs.fi ?? []) {
      for (const ns of ['common', ...entry[1]]) {
        files.push(`chunks/locales/${lng}-${ns}-${graph.texts}`);
      }
    }
    for (const file of files) import(/* @vite-ignore */ new URL(`${file}.js`, import.meta.url).href).catch(() => undefined);
  }
  for (const el of document.querySelectorAll(tag)) prefetch(el, widget);
  widget.load().catch((error: unknown) => console.error(`[luukku] Could not load <${tag}>`, error));
}

const waiting = new Set(Object.keys(widgets).filter((tag) => !customElements.get(tag) && !claimed.has(tag)));
for (const tag of waiting) claimed.add(tag);

function scan(): void {
  for (const tag of waiting) {
    const widget = widgets[tag];
    if (widget && document.querySelector(tag)) {
      waiting.delete(tag);
      start(tag, widget);
    }
  }
  if (!waiting.size) observer.disconnect();
}

const observer = new MutationObserver(scan);
observer.observe(document, { childList: true, subtree: true });
scan();

export {};
