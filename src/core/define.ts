/**
 * Registers a custom element unless the tag is already taken. An embedded widget meets
 * other copies of itself (two bundles on one host page); the second copy warns and
 * steps aside instead of throwing and breaking the page.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (existing) {
    if (existing !== ctor)
      console.warn(`[luukku] <${tag}> is already defined by another copy of Luukku on this page; keeping the first one.`);
    return;
  }
  customElements.define(tag, ctor);
}
