/**
 * Every key of a widget's locale file is used by the widget's code: a stale key (a message the
 * code no longer shows) fails here, so translators are not asked to keep it up in five variants.
 * Missing keys are the other half: `npm run typecheck` fails on a key the Finnish file lacks
 * (src/core/i18n/keys.ts), and test/browser/locales.test.ts on a language that lacks one.
 *
 * A key counts as used when it appears as a string literal in the widget's source, or when a
 * template literal builds it (`type.${t}`) and the part filled in appears as a literal in the
 * widget's source or the API contract (the venue types, rent units…).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';

const SRC = join(import.meta.dirname, '../../src');
/** Namespace → the widget folders that use it. */
const CHECKED: Record<string, string[]> = {
  'venue-map': ['widgets/venue-map'],
};
const CONTRACT = ['contract/values.ts', 'contract/schema.gen.ts'];

const SUFFIX = /(_plain)?(_(zero|one|two|few|many|other))?$/;
const sources = (dirs: string[]): string =>
  dirs
    .flatMap((d) =>
      readdirSync(join(SRC, d))
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.gen.ts'))
        .map((f) => readFileSync(join(SRC, d, f), 'utf8')),
    )
    .join('\n');
const literals = (text: string): Set<string> => new Set([...text.matchAll(/['"`]([\w.:-]+)['"`]/g)].map((m) => m[1]!));

for (const [ns, dirs] of Object.entries(CHECKED)) {
  it(`every key of ${ns} is used by its widget`, () => {
    const fi = JSON.parse(readFileSync(join(SRC, 'locales/fi', `${ns}.json`), 'utf8')) as Record<string, unknown>;
    const keys = [
      ...new Set(
        Object.keys(fi)
          .filter((k) => k !== '$meta')
          .map((k) => k.replace(SUFFIX, '')),
      ),
    ];
    const code = sources(dirs);
    const used = literals(code);
    const values = new Set([...used, ...literals(CONTRACT.map((f) => readFileSync(join(SRC, f), 'utf8')).join('\n'))]);
    const built = [...code.matchAll(/`([\w.-]*\.)\$\{[^}`]*\}([\w.-]*)`/g)].map((m) => [m[1]!, m[2]!] as const);
    const unused = keys.filter(
      (k) =>
        !used.has(k) &&
        !built.some(([pre, post]) => k.startsWith(pre) && k.endsWith(post) && values.has(k.slice(pre.length, k.length - post.length))),
    );
    assert.deepEqual(unused, [], `unused keys in ${ns}:\n${unused.join('\n')}`);
  });
}
