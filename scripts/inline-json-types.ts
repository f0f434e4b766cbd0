/**
 * Post-build step of `npm run build`: makes the emitted declarations in dist/types/
 * self-contained. tsc keeps `import type x from '../../locales/fi/common.json'` in a .d.ts as
 * it was, but the package ships no source JSON, and a host app would need `resolveJsonModule`
 * to read it. Each such import becomes a declared constant of the file's shape (its keys, with
 * string values), which is all `typeof x` is used for (the translation-key types).
 *
 *   node --import tsx scripts/inline-json-types.ts
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const typesDir = join(root, 'dist/types');
const srcDir = join(root, 'src');
const JSON_IMPORT = /^import type (\w+) from '(\.{1,2}\/[^']+\.json)';$/gm;

/** The type of a JSON value, as `typeof` of the imported module would see it (strings widened). */
function typeOf(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `readonly (${[...new Set(value.map(typeOf))].join(' | ') || 'never'})[]`;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${typeOf(v)};`);
  return `{ ${entries.join(' ')} }`;
}

function* declarations(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* declarations(path);
    else if (entry.name.endsWith('.d.ts')) yield path;
  }
}

let changed = 0;
for (const file of declarations(typesDir)) {
  const text = readFileSync(file, 'utf8');
  if (!JSON_IMPORT.test(text)) continue;
  JSON_IMPORT.lastIndex = 0;
  // dist/types/<x>.d.ts was emitted from src/<x>.ts: resolve the JSON against the source folder.
  const sourceDir = join(srcDir, dirname(relative(typesDir, file)));
  const out = text.replace(JSON_IMPORT, (_line, name: string, spec: string) => {
    const json = JSON.parse(readFileSync(resolve(sourceDir, spec), 'utf8')) as unknown;
    return `/** The shape of ${spec} (inlined at build: the package ships no source JSON). */\ndeclare const ${name}: ${typeOf(json)};`;
  });
  writeFileSync(file, out);
  changed++;
}
console.log(`inline-json-types: ${changed} declaration file(s) made self-contained`);
