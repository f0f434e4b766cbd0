/**
 * The browser's locale test (test/browser/locales.test.ts) checks the namespaces it lists; it
 * cannot list a folder. This makes sure the list is every namespace there is, in every language.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';

const ROOT = join(import.meta.dirname, '../../src/locales');

it('the browser locale test lists every namespace, and every language has every namespace file', () => {
  const source = readFileSync(join(import.meta.dirname, '../browser/locales.test.ts'), 'utf8');
  const listed = [.../NAMESPACES = \[([^\]]*)\]/.exec(source)![1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]).sort();
  const files = (lng: string) =>
    readdirSync(join(ROOT, lng))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
  assert.deepEqual(listed, files('fi'));
  for (const lng of ['sv', 'se', 'en']) assert.deepEqual(files(lng), files('fi'), lng);
});
