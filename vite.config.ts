import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { transform as transformCss } from 'lightningcss';
import { defineConfig, parseSync, Visitor, type Plugin, type Rolldown } from 'vite';
import { FALLBACKS, LANGUAGES } from './src/core/i18n/languages.js';

/**
 * Library build into dist/:
 *   dist/autoload.js                      the one-script-tag loader (with the chunk graph baked in)
 *   dist/widgets/feedback/define.js       registers <luukku-feedback> (bundler users)
 *   dist/widgets/feedback/feedback-form.js the class only, no side effects
 *   dist/widgets/permit-explorer/{define,permit-explorer}.js  the same for <luukku-permit-explorer>
 *   dist/widgets/venue-map/{define,venue-map}.js       the same for <luukku-venue-map> (MapLibre in a lazy chunk)
 *   dist/chunks/*                         shared lit / i18next / core chunks, lazy chunks, one chunk per locale file
 */

/**
 * The widgets the autoloader knows (src/autoload.ts has the same tags): each one's define module
 * and the i18n namespaces its first view reads (common + its own; staff texts load on demand).
 */
const WIDGETS = {
  'luukku-feedback': { define: 'src/widgets/feedback/define.ts', ns: ['common', 'feedback'] },
  'luukku-permit-explorer': { define: 'src/widgets/permit-explorer/define.ts', ns: ['common', 'permit-explorer'] },
  'luukku-project-timeline': { define: 'src/widgets/project-timeline/define.ts', ns: ['common', 'project-timeline'] },
  'luukku-venue-map': { define: 'src/widgets/venue-map/define.ts', ns: ['common', 'venue-map'] },
  'luukku-chat': { define: 'src/widgets/chat/define.ts', ns: ['common', 'chat'] },
  'luukku-chat-console': { define: 'src/widgets/chat-console/define.ts', ns: ['common', 'chat-console'] },
  'luukku-feedback-insights': { define: 'src/widgets/feedback-insights/define.ts', ns: ['common', 'feedback-insights'] },
} as const;

/** Vite keeps whitespace in ES library builds (for re-bundling); ours go straight to browsers. */
const minifyFully: Plugin = {
  name: 'luukku:minify-fully',
  enforce: 'post',
  outputOptions(options) {
    return { ...options, minify: true };
  },
};

/** Escapes text for the inside of a JavaScript template literal. */
const templateEscape = (text: string): string => text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');

/**
 * The JavaScript minifier keeps template literals as they are, so every css`…` arrived with its
 * indentation and comments. This hands each static css`` template (no `${}`) in our sources to
 * lightningcss's minifier — a real CSS parser, so quoted strings, `:state()`, `:host()` and custom
 * properties come through as CSS means them (test/build/css-minify.test.ts). Measured on
 * 2026-12-01 (docs/benchmarks.md): it saves 373 B gzip on the feedback form's first view
 * against no CSS minification at all.
 */
export const minifyCssTemplates: Plugin = {
  name: 'luukku:minify-css-templates',
  apply: 'build',
  transform(code, id) {
    if (!/[\\/]src[\\/].+\.ts$/.test(id) || !code.includes('css`')) return null;
    const edits: { start: number; end: number; text: string }[] = [];
    new Visitor({
      TaggedTemplateExpression: ({ tag, quasi }) => {
        const cooked = quasi.quasis[0]?.value.cooked;
        if (tag.type !== 'Identifier' || tag.name !== 'css' || quasi.expressions.length > 0 || typeof cooked !== 'string') return;
        const { code: min, warnings } = transformCss({ filename: id, code: Buffer.from(cooked), minify: true });
        for (const w of warnings) this.warn(`${w.message} (${id}:${String(w.loc.line)})`);
        edits.push({ start: quasi.start, end: quasi.end, text: `\`${templateEscape(min.toString())}\`` });
      },
    }).visit(parseSync(id, code, { lang: 'js' }).program);
    if (!edits.length) return null;
    let out = code;
    for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    return { code: out, map: null };
  },
};

/**
 * A locale file's "$meta" (review status for translators and the locale tests) is no text any
 * browser shows: the build leaves it out of the locale chunks (the loader copes without it).
 * A plain-language variant that says exactly what the standard text says ("Selkokieli") is left
 * out too: i18next's `_plain` context falls back to the standard key, so the page shows the same.
 */
const stripLocaleMeta: Plugin = {
  name: 'luukku:strip-locale-meta',
  apply: 'build',
  enforce: 'pre',
  transform(code, id) {
    if (!/[\\/]src[\\/]locales[\\/].+\.json$/.test(id)) return null;
    const strings = JSON.parse(code) as Record<string, unknown>;
    delete strings.$meta;
    const kept = Object.entries(strings).filter(([key, text]) => {
      const standard = key.replace(/_plain(?=$|_)/, '');
      return standard === key || strings[standard] !== text;
    });
    return { code: JSON.stringify(Object.fromEntries(kept)), map: null };
  },
};

/**
 * What src/autoload.ts reads from its `JSON.parse('"luukku:chunk-graph"')` once the build has filled it in.
 * Compact on purpose (it grows with every widget and the loader's budget is 1.6 KB gzip): every
 * locale chunk is `chunks/locales/<lng>-<ns>-<LOCALE_HASH>.js` with one hash for all of them, so
 * the graph holds that hash once, and each tag lists its namespaces instead of files per language.
 */
export interface ChunkGraph {
  /** The code chunks, without ".js"; a name without "/" is in "chunks/". Referred to by index below. */
  files: string[];
  /** LOCALE_HASH: the hash part of every locale chunk's name. */
  texts: string;
  /** language → itself and its fallbacks (src/core/i18n/languages.ts), in the order they are fetched. */
  langs: Record<string, string[]>;
  /**
   * tag → [the chunks its define module imports statically (its whole first-load graph, the
   * define module itself left out: the loader imports that anyway), the namespaces of its first view
   * besides `common`, which every widget reads].
   */
  tags: Record<string, [number[], string[]]>;
}

export const CHUNK_GRAPH_PLACEHOLDER = '"luukku:chunk-graph"';

/**
 * One content hash for every locale chunk: of all src/locales/ files and this config (which
 * shapes their output). A changed text renames all locale chunks (a few KB each, fetched again
 * once) — the price of keeping the autoloader's graph small while they stay `immutable`.
 */
const LOCALE_HASH = (() => {
  const hash = createHash('sha256').update(readFileSync(new URL(import.meta.url)));
  const dir = new URL('./src/locales/', import.meta.url);
  for (const lng of readdirSync(dir).sort())
    for (const file of readdirSync(new URL(`${lng}/`, dir)).sort())
      hash.update(`${lng}/${file}\0`).update(readFileSync(new URL(`${lng}/${file}`, dir)));
  return hash.digest('base64url').slice(0, 8);
})();

/**
 * Bakes the build's chunk graph into the autoloader, so that when a tag first appears it
 * fetches the widget's whole static import graph and its texts in parallel (one round trip
 * after the autoloader) instead of discovering them one import level at a time.
 */
const autoloadChunkGraph: Plugin = {
  name: 'luukku:autoload-chunk-graph',
  apply: 'build',
  generateBundle(_options, bundle) {
    const chunks = Object.values(bundle).filter((o): o is Rolldown.OutputChunk => o.type === 'chunk');
    const byModule = new Map<string, Rolldown.OutputChunk>();
    for (const c of chunks) if (c.facadeModuleId) byModule.set(c.facadeModuleId.replace(/\\/g, '/'), c);
    const byFile = new Map(chunks.map((c) => [c.fileName, c]));
    const find = (src: string): Rolldown.OutputChunk | undefined => [...byModule].find(([id]) => id.endsWith(`/${src}`))?.[1];

    const files: string[] = [];
    const index = (fileName: string): number => {
      const file = fileName.replace(/\.js$/, '').replace(/^chunks\/(?=[^/]+$)/, '');
      return files.includes(file) ? files.indexOf(file) : files.push(file) - 1;
    };
    const closure = (chunk: Rolldown.OutputChunk, into = new Set<string>()): Set<string> => {
      if (into.has(chunk.fileName)) return into;
      into.add(chunk.fileName);
      for (const dep of chunk.imports) {
        const next = byFile.get(dep);
        if (next) closure(next, into);
      }
      return into;
    };

    const locales = new Set<string>(); // "fi-common"
    const suffix = `-${LOCALE_HASH}.js`;
    for (const chunk of chunks) {
      if (!chunk.fileName.startsWith('chunks/locales/')) continue;
      if (!chunk.fileName.endsWith(suffix))
        return this.error(`luukku:autoload-chunk-graph: locale chunk ${chunk.fileName} lacks the hash ${LOCALE_HASH}`);
      locales.add(chunk.fileName.slice('chunks/locales/'.length, -suffix.length));
    }
    const langs = Object.fromEntries(LANGUAGES.map((lng) => [lng, [lng, ...FALLBACKS[lng]]]));
    const tags: ChunkGraph['tags'] = {};
    for (const [tag, { define, ns }] of Object.entries(WIDGETS)) {
      const entry = find(define);
      if (!entry) return this.error(`luukku:autoload-chunk-graph: no chunk for ${define}`);
      const missing = LANGUAGES.flatMap((l) => ns.map((n) => `${l}-${n}`)).filter((name) => !locales.has(name));
      if (missing.length) return this.error(`luukku:autoload-chunk-graph: ${tag} has no locale chunk ${missing.join(', ')}`);
      tags[tag] = [[...closure(entry)].filter((f) => f !== entry.fileName).map(index), ns.filter((n) => n !== 'common')];
    }

    const autoload = chunks.find((c) => c.isEntry && c.name === 'autoload');
    if (!autoload) return this.error('luukku:autoload-chunk-graph: no autoload entry');
    // A widget the autoloader imports but WIDGETS does not list would load without its graph.
    const known = new Set(Object.values(WIDGETS).map(({ define }) => find(define)?.fileName));
    const unknown = autoload.dynamicImports.filter((f) => !known.has(f));
    if (unknown.length)
      return this.error(
        `luukku:autoload-chunk-graph: src/autoload.ts imports ${unknown.join(', ')}, which WIDGETS in vite.config.ts does not list`,
      );
    // The minifier keeps `JSON.parse('"luukku:chunk-graph"')` opaque; the whole call becomes an object literal.
    const literal = /JSON\.parse\((["'`])\\?"luukku:chunk-graph\\?"\1\)/;
    if (!literal.test(autoload.code))
      return this.error(`luukku:autoload-chunk-graph: ${CHUNK_GRAPH_PLACEHOLDER} not found in ${autoload.fileName}`);
    const graph: ChunkGraph = { files, texts: LOCALE_HASH, langs, tags };
    autoload.code = autoload.code.replace(literal, () => `(${JSON.stringify(graph)})`);
  },
};

export default defineConfig({
  plugins: [stripLocaleMeta, minifyCssTemplates, minifyFully, autoloadChunkGraph],
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
    // (the autoloader does its own preloading from the chunk graph); entries keep their exports.
    lib: {
      entry: {
        autoload: 'src/autoload.ts',
        'widgets/feedback/define': WIDGETS['luukku-feedback'].define,
        'widgets/feedback/feedback-form': 'src/widgets/feedback/feedback-form.ts',
        'widgets/permit-explorer/define': WIDGETS['luukku-permit-explorer'].define,
        'widgets/permit-explorer/permit-explorer': 'src/widgets/permit-explorer/permit-explorer.ts',
        'widgets/project-timeline/define': WIDGETS['luukku-project-timeline'].define,
        'widgets/project-timeline/project-timeline': 'src/widgets/project-timeline/project-timeline.ts',
        'widgets/venue-map/define': WIDGETS['luukku-venue-map'].define,
        'widgets/venue-map/venue-map': 'src/widgets/venue-map/venue-map.ts',
        'widgets/chat/define': WIDGETS['luukku-chat'].define,
        'widgets/chat/chat': 'src/widgets/chat/chat.ts',
        'widgets/chat-console/define': WIDGETS['luukku-chat-console'].define,
        'widgets/chat-console/chat-console': 'src/widgets/chat-console/chat-console.ts',
        'widgets/feedback-insights/define': WIDGETS['luukku-feedback-insights'].define,
        'widgets/feedback-insights/feedback-insights': 'src/widgets/feedback-insights/feedback-insights.ts',
      },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rolldownOptions: {
      output: {
        chunkFileNames: (chunk) => {
          // Locale files become chunks/locales/<lng>-<namespace>-<LOCALE_HASH>.js
          const locale = /locales[\\/](\w+)[\\/]([\w-]+)\.json$/.exec(chunk.facadeModuleId ?? '');
          return locale ? `chunks/locales/${locale[1]}-${locale[2]}-${LOCALE_HASH}.js` : 'chunks/[name]-[hash].js';
        },
        codeSplitting: {
          groups: [
            // One shared runtime chunk: Lit, i18next, the core, the shared UI pieces and the contract's values. One
            // file instead of four gzips about 1 KB smaller and is one request; every widget needs all of it.
            // Lit's directives stay with the widgets that use them, so a page pays only for its own. The outbox
            // (and idb-keyval under it) stays out: it is a dynamic import made at the first failed send, so a page
            // that never goes offline never fetches it (scripts/bench/sizes.ts --check fails if a first load
            // includes it). The staff-key field is reached only through the staff chunk, and the date fields (with
            // their parsing) form one chunk of their own for the widgets that ask for a date.
            {
              name: 'runtime',
              test: /node_modules[\\/](lit|lit-html|lit-element|@lit|i18next)[\\/](?!.*directive)|src[\\/](core|ui)[\\/](?!outbox|staff-key-field|date-fields)|src[\\/]contract[\\/]values/,
            },
            { name: 'date-fields', test: /src[\\/](ui[\\/]date-fields|shared[\\/]date-parts)\./ },
          ],
        },
      },
    },
  },
  json: { stringify: true, namedExports: false },
});
