/**
 * The one-script-tag loader:
 *   <script type="module" src="https://…/luukku/autoload.js"></script>
 * Each widget's code is fetched only when its tag first appears in the document (at load or
 * later, e.g. inserted by a CMS or a single-page app). Elements inside other components'
 * shadow roots are not watched: import the widget's define module there instead.
 * Keep this file tiny (budget 1.5 KB gzip): it must import nothing.
 */
const widgets: Record<string, () => Promise<unknown>> = {
  'luukku-feedback': () => import('./widgets/feedback/define.js'),
  'luukku-permit-explorer': () => import('./widgets/permit-explorer/define.js'),
};

const waiting = new Set(Object.keys(widgets).filter((tag) => !customElements.get(tag)));

function scan(): void {
  for (const tag of waiting) {
    const load = widgets[tag];
    if (load && document.querySelector(tag)) {
      waiting.delete(tag);
      load().catch((error: unknown) => console.error(`[luukku] Could not load <${tag}>`, error));
    }
  }
  if (!waiting.size) observer.disconnect();
}

const observer = new MutationObserver(scan);
observer.observe(document, { childList: true, subtree: true });
scan();

export {};
