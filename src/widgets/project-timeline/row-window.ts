/**
 * Which rows of a long timeline grid are in the DOM (the windowed APG grid): the blocks of
 * BLOCK rows in and near the viewport, plus the block of the focused cell. Every other block is
 * an empty slot of its last measured height (or an estimate), so the page keeps its height and
 * scrollbar, and `aria-rowcount` / `aria-rowindex` give assistive technology the grid's real
 * size. Nearness comes from an IntersectionObserver on the slots with a margin of a quarter of a
 * viewport (half a viewport kept a third block in the DOM that every zoom re-styled), so scrolling
 * any ancestor (the page, a host's panel) works without scroll listeners.
 * Before the observer's first report, the first view holds the blocks from the grid's top to the
 * viewport's bottom (one measurement, {@link RowWindow.fit}). The table view lists every application.
 */
export const BLOCK = 8;
/** A row's height in CSS pixels until its block has been measured. */
const ESTIMATE = 56;
/** Grids with at most this many rows are not windowed. */
const SMALL = 4 * BLOCK;

interface GridState {
  rows: unknown;
  near: Set<number>;
  /** Whether the observer has reported on this grid yet (before that, the first `first` blocks are shown). */
  seen: boolean;
  /** Blocks shown before the observer reports: one, then as many as reach from the grid's top to the viewport's bottom ({@link RowWindow.fit}). */
  first: number;
  fitted: boolean;
  heights: number[];
}

export class RowWindow {
  /** Render every row (printing). */
  all = false;
  readonly #grids = new Map<string, GridState>();
  readonly #observed = new Set<Element>();
  #io: IntersectionObserver | undefined;

  constructor(private readonly changed: () => void) {}

  #grid(id: string, rows: unknown): GridState {
    let g = this.#grids.get(id);
    if (!g) this.#grids.set(id, (g = { rows, near: new Set(), seen: false, first: 1, fitted: false, heights: [] }));
    // Other rows (grouping, a reload): the measured heights no longer apply.
    if (g.rows !== rows) Object.assign(g, { rows, heights: [] });
    return g;
  }

  /** Whether block `b` of grid `id` (whose rows are `rows`, `count` of them) is rendered; `pin` is the focused cell's block. */
  shows(id: string, rows: unknown, count: number, b: number, pin: number): boolean {
    const g = this.#grid(id, rows);
    // A short grid (up to SMALL rows) is rendered whole: windowing it would save little.
    if (this.all || b === pin || count <= SMALL) return true;
    if (!g.seen) return b < g.first;
    return g.near.has(b);
  }

  /**
   * Right after a grid's first block is in the DOM (the same task, before the first paint): measures
   * where the grid starts and how tall that block is, and shows as many blocks as reach the bottom of
   * the viewport. The read lays out what the frame would lay out anyway; the first view then holds the
   * rows that can be seen, not a guess from the viewport's height alone (which put twice as many rows
   * in a 720 px window under the widget's heading and tools).
   */
  fit(root: ParentNode): void {
    let change = false;
    for (const [id, g] of this.#grids) {
      if (g.seen || g.fitted || this.all) continue;
      const slot = root.querySelector(`.slot[data-grid="${CSS.escape(id)}"][data-b="0"]`);
      if (!slot?.firstElementChild) continue;
      g.fitted = true;
      const box = slot.getBoundingClientRect();
      const blocks = Math.max(1, Math.ceil((innerHeight - box.top) / Math.max(1, box.height)));
      if (blocks > g.first) {
        g.first = blocks;
        change = true;
      }
    }
    // Called from the host's updated(): the next update is this measurement's side effect, in a
    // microtask (still before the first paint) rather than from inside the update that made the DOM.
    if (change) queueMicrotask(this.changed);
  }

  /** The height (px) an empty slot keeps for block `b` of `count` rows. */
  height(id: string, b: number, count: number): number {
    return this.#grids.get(id)?.heights[b] ?? count * ESTIMATE;
  }

  /** Watches the slots (`.slot[data-grid][data-b]`) under `root` that are not watched yet. */
  observe(root: ParentNode): void {
    this.#io ??= new IntersectionObserver((entries) => this.#seen(entries), { rootMargin: '25% 0px' });
    for (const slot of this.#observed) {
      if (slot.isConnected) continue;
      this.#io.unobserve(slot);
      this.#observed.delete(slot);
    }
    for (const slot of root.querySelectorAll('.slot')) {
      if (this.#observed.has(slot)) continue;
      this.#observed.add(slot);
      this.#io.observe(slot);
    }
  }

  disconnect(): void {
    this.#io?.disconnect();
    this.#io = undefined;
    this.#observed.clear();
    this.#grids.clear();
  }

  #seen(entries: IntersectionObserverEntry[]): void {
    let change = false;
    for (const e of entries) {
      const slot = e.target as HTMLElement;
      const g = this.#grids.get(slot.dataset.grid ?? '');
      if (!g || !slot.isConnected) continue;
      const b = Number(slot.dataset.b);
      if (slot.firstElementChild) g.heights[b] = e.boundingClientRect.height;
      change ||= !g.seen || g.near.has(b) !== e.isIntersecting;
      g.seen = true;
      if (e.isIntersecting) g.near.add(b);
      else g.near.delete(b);
    }
    if (change) this.changed();
  }
}
