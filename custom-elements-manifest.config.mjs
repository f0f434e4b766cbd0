// custom-elements.json is generated from the elements' JSDoc (never written by hand).
// `npm ci` runs it through the `prepare` script; Storybook's API tables read it.
export default {
  globs: ['src/widgets/**/*.ts', 'src/core/base-element.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts'],
  outdir: '.',
  litelement: true,
  dev: false,
};
