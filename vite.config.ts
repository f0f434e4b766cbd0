import { defineConfig, type Plugin } from 'vite';

/**
 * Library build into dist/:
 *   dist/autoload.js                      the one-script-tag loader
 *   dist/widgets/feedback/define.js       registers <luukku-feedback> (bundler users)
 *   dist/widgets/feedback/feedback-form.js the class only, no side effects
 *   dist/widgets/permit-explorer/{define,permit-explorer}.js  the same for <luukku-permit-explorer>
 *   dist/chunks/*                         shared lit / i18next / core chunks and one chunk per locale file
 */
/** Vite keeps whitespace in ES library builds (for re-bundling); ours go straight to browsers. */
const minifyFully: Plugin = {
  name: 'luukku:minify-fully',
  enforce: 'post',
  outputOptions(options) {
    return { ...options, minify: true };
  },
};

/**
 * The minifier keeps template literals as they are, so each widget's css`…` arrived with its
 * indentation and comments. The *.styles.ts modules hold one static css`` template each (no
 * interpolation): strip comments and collapse whitespace there. Quoted strings keep their spaces.
 */
const minifyWidgetCss: Plugin = {
  name: 'luukku:minify-widget-css',
  apply: 'build',
  transform(code, id) {
    if (!/[\\/]src[\\/]widgets[\\/].+\.styles\.ts$/.test(id)) return null;
    return {
      code: code.replace(/css`([^`$]*)`/g, (_all, body: string) => {
        const min = body
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/:\s+/g, ':')
          .replace(/;}/g, '}')
          .trim();
        return `css\`${min}\``;
      }),
      map: null,
    };
  },
};

/**
 * A locale file's "$meta" (review status for translators and the locale tests) is no text any
 * browser shows: the build leaves it out of the locale chunks (the loader copes without it).
 */
const stripLocaleMeta: Plugin = {
  name: 'luukku:strip-locale-meta',
  apply: 'build',
  enforce: 'pre',
  transform(code, id) {
    if (!/[\\/]src[\\/]locales[\\/].+\.json$/.test(id)) return null;
    const strings = JSON.parse(code) as Record<string, unknown>;
    delete strings.$meta;
    return { code: JSON.stringify(strings), map: null };
  },
};

export default defineConfig({
  plugins: [stripLocaleMeta, minifyWidgetCss, minifyFully],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: true,
    // dist/.vite/manifest.json: the size budgets (scripts/bench/sizes.ts) follow its import graph.
    manifest: true,
    copyPublicDir: false,
    // Library mode: no index.html, no module-preload helper around dynamic imports
    // (the autoloader and the locale chunks stay lean); entries keep their exports.
    lib: {
      entry: {
        autoload: 'src/autoload.ts',
        'widgets/feedback/define': 'src/widgets/feedback/define.ts',
        'widgets/feedback/feedback-form': 'src/widgets/feedback/feedback-form.ts',
        'widgets/permit-explorer/define': 'src/widgets/permit-explorer/define.ts',
        'widgets/permit-explorer/permit-explorer': 'src/widgets/permit-explorer/permit-explorer.ts',
      },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rolldownOptions: {
      output: {
        chunkFileNames: (chunk) => {
          // Locale files become chunks/locales/<lng>-<namespace>-<hash>.js
          const locale = /locales[\\/](\w+)[\\/]([\w-]+)\.json$/.exec(chunk.facadeModuleId ?? '');
          return locale ? `chunks/locales/${locale[1]}-${locale[2]}-[hash].js` : 'chunks/[name]-[hash].js';
        },
        codeSplitting: {
          groups: [
            // Lit's directives stay with the widgets that use them, so a page pays only for its own.
            { name: 'lit', test: /node_modules[\\/](lit|lit-html|lit-element|@lit)[\\/](?!.*directives[\\/])/ },
            { name: 'i18next', test: /node_modules[\\/]i18next[\\/]/ },
            { name: 'core', test: /src[\\/]core[\\/]|node_modules[\\/]idb-keyval[\\/]/ },
          ],
        },
      },
    },
  },
  json: { stringify: true, namedExports: false },
});
