import type { AxeResults, RunOptions } from 'axe-core';

declare global {
  interface Window {
    axe: { run(context: Element, options: RunOptions): Promise<AxeResults> };
  }
}

const options: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  rules: { 'target-size': { enabled: true } },
  resultTypes: ['violations'],
};

/** Runs axe-core on the element (shadow DOM included) and fails with a readable list. */
export async function expectAccessible(element: Element, label = ''): Promise<void> {
  const results = await window.axe.run(element, options);
  if (results.violations.length === 0) return;
  const lines = results.violations.flatMap((v) => [
    `• ${v.id} (${v.impact ?? 'n/a'}): ${v.help}`,
    ...v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`),
  ]);
  throw new Error(`Accessibility violations${label ? ` [${label}]` : ''}:\n${lines.join('\n')}`);
}
