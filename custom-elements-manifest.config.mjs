// custom-elements.json is generated from the elements' JSDoc (never written by hand).
// `npm ci` runs it through the `prepare` script; Storybook's API tables and the package read it.

/** A member that belongs to the public API: not private or protected, not `_name` or `#name`, not static. */
const isPublic = (member) =>
  (member.privacy ?? 'public') === 'public' &&
  !member.name.startsWith('_') &&
  !member.name.startsWith('#') &&
  // Static fields are Lit's and the base element's plumbing (styles, properties, the i18n namespace).
  !member.static;

/**
 * Only the public API reaches the manifest: Storybook's API tables and editor tooling show what a host
 * page may rely on, nothing of the implementation. Events count only when their JSDoc names them
 * (`@event`); the analyzer also guesses events from `dispatchEvent(new X(detail))`, naming them
 * after the argument.
 */
function publicApiOnly() {
  return {
    name: 'luukku-public-api-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          if (declaration.members) declaration.members = declaration.members.filter(isPublic);
          if (declaration.attributes) {
            declaration.attributes = declaration.attributes.filter((a) => !a.fieldName?.startsWith('_'));
          }
          if (declaration.events) declaration.events = declaration.events.filter((e) => e.description);
        }
      }
    },
  };
}

export default {
  globs: ['src/widgets/**/*.ts', 'src/core/base-element.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  dev: false,
  // The analyzer would otherwise rewrite package.json's "customElements" to wherever it last wrote
  // (e.g. a test's --outdir): the package's field stays as written.
  packagejson: false,
  plugins: [publicApiOnly()],
};
