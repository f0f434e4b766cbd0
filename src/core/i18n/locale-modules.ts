/**
 * The only place that knows where locale files live. A template-literal dynamic import:
 * Vite turns it into one lazy chunk per locale + namespace (dynamic-import-vars), and in
 * @web/test-runner the browser imports the JSON as a module that the esbuild plugin
 * (`json: true`) serves as JavaScript. Both paths are covered by the tests and the build.
 */
export async function importLocaleModule(lng: string, ns: string): Promise<Record<string, unknown>> {
  const module = (await import(`../../locales/${lng}/${ns}.json`)) as { default: Record<string, unknown> };
  return module.default;
}
