/**
 * Fails the test run on Lit dev-mode warnings (other than the one-time "dev mode" notice).
 * Import this module first in every test file.
 */
const seen: string[] = [];
const original = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  const text = args.map(String).join(' ');
  if (/lit\.dev\/msg\//.test(text) && !/lit\.dev\/msg\/dev-mode/.test(text)) seen.push(text);
  original(...args);
};

afterEach(() => {
  if (seen.length) {
    const messages = seen.splice(0);
    throw new Error(`Lit dev-mode warnings:\n${messages.join('\n')}`);
  }
});

/** Collects console.warn calls while `fn` runs (for tests that expect a warning). */
export async function captureWarnings(fn: () => unknown): Promise<string[]> {
  const captured: string[] = [];
  const previous = console.warn;
  console.warn = (...args: unknown[]) => {
    captured.push(args.map(String).join(' '));
  };
  try {
    await fn();
  } finally {
    console.warn = previous;
  }
  return captured;
}
