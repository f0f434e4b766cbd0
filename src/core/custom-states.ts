/**
 * Mirrors one current state into `ElementInternals.states`, so host pages can style
 * `luukku-x:state(loading)`. Chromium before 125 only accepted dashed names
 * (`:--loading`) and threw on others; there the names are added with `--`, and a browser
 * without custom states is left alone. Never throws: no element fails to render.
 */
export function syncCustomState(internals: ElementInternals, all: readonly string[], current: string): void {
  const states = (internals as Partial<ElementInternals>).states;
  if (!states) return;
  const attempt = (change: () => unknown): boolean => {
    try {
      change();
      return true;
    } catch {
      return false;
    }
  };
  for (const name of all) {
    if (name === current) continue;
    attempt(() => states.delete(name));
    attempt(() => states.delete(`--${name}`));
  }
  if (!attempt(() => states.add(current))) attempt(() => states.add(`--${current}`));
}
