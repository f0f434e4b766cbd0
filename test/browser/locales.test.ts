import './helpers/lit-warnings.js';
import { expect } from '@open-wc/testing';
import { LANGUAGES } from '../../src/core/i18n/languages.js';
import { importLocaleModule } from '../../src/core/i18n/locale-modules.js';

/** Every namespace in src/locales/fi (test/build/locale-files.test.ts fails when one is added and not listed here). */
export const NAMESPACES = [
  'common',
  'chat',
  'chat-console',
  'feedback',
  'feedback-insights',
  'feedback-staff',
  'permit-explorer',
  'project-timeline',
  'venue-map',
];
const PLURAL = /_(zero|one|two|few|many|other)$/;
type Strings = Record<string, unknown>;

async function load(): Promise<Record<string, Record<string, Strings>>> {
  const all: Record<string, Record<string, Strings>> = {};
  for (const lng of LANGUAGES) {
    all[lng] = {};
    for (const ns of NAMESPACES) all[lng][ns] = await importLocaleModule(lng, ns);
  }
  return all;
}

const keys = (strings: Strings): string[] => Object.keys(strings).filter((k) => k !== '$meta');
const isPlain = (key: string): boolean => /_plain(_|$)/.test(key);
/** The `_plain` twin of a key: `a` → `a_plain`, `a_one` → `a_plain_one`. */
const plainOf = (key: string): string => (PLURAL.test(key) ? key.replace(PLURAL, '_plain_$1') : `${key}_plain`);

describe('locale files', () => {
  let all: Awaited<ReturnType<typeof load>>;
  before(async () => {
    all = await load();
  });

  it('every file records its review status; Sámi says it is machine-drafted and unreviewed', () => {
    for (const lng of LANGUAGES) {
      for (const ns of NAMESPACES) {
        const meta = all[lng]![ns]!.$meta as { reviewed?: unknown; note?: string };
        expect(typeof meta.reviewed, `${lng}/${ns} $meta.reviewed`).to.equal('boolean');
      }
    }
    for (const ns of NAMESPACES) {
      const meta = all.se![ns]!.$meta as { reviewed: boolean; note: string };
      expect(meta.reviewed).to.equal(false);
      expect(meta.note).to.match(/machine-drafted/i);
    }
  });

  it('sv, se and en have every standard key that fi has', () => {
    const missing: string[] = [];
    for (const ns of NAMESPACES) {
      for (const key of keys(all.fi![ns]!).filter((k) => !isPlain(k))) {
        for (const lng of ['sv', 'se', 'en']) if (!(key in all[lng]![ns]!)) missing.push(`${lng}/${ns}: ${key}`);
      }
    }
    expect(missing, `missing keys:\n${missing.join('\n')}`).to.deep.equal([]);
  });

  it('Sámi has the "two" plural form wherever Finnish has plurals', () => {
    const missing: string[] = [];
    for (const ns of NAMESPACES) {
      for (const key of keys(all.fi![ns]!).filter((k) => k.endsWith('_one') && !isPlain(k))) {
        const two = key.replace(/_one$/, '_two');
        if (!(two in all.se![ns]!)) missing.push(`se/${ns}: ${two}`);
      }
    }
    expect(missing, missing.join('\n')).to.deep.equal([]);
  });

  it('plain Finnish is complete: every fi key has its _plain variant', () => {
    const missing: string[] = [];
    for (const ns of NAMESPACES) {
      const fi = all.fi![ns]!;
      for (const key of keys(fi).filter((k) => !isPlain(k))) if (!(plainOf(key) in fi)) missing.push(`fi/${ns}: ${plainOf(key)}`);
    }
    expect(missing, missing.join('\n')).to.deep.equal([]);
  });

  it('no locale has keys that fi does not know (typos, stale keys)', () => {
    const extra: string[] = [];
    for (const lng of ['sv', 'se', 'en']) {
      for (const ns of NAMESPACES) {
        const fi = all.fi![ns]!;
        for (const key of keys(all[lng]![ns]!)) {
          const base = key.replace(/_two$/, '_one');
          if (!(key in fi) && !(base in fi)) extra.push(`${lng}/${ns}: ${key}`);
        }
      }
    }
    expect(extra, extra.join('\n')).to.deep.equal([]);
  });

  // "Every key used in widget source exists in fi" is proved by `npm run typecheck`: each
  // widget's LocalizeController takes only the keys of its Finnish files (src/core/i18n/keys.ts),
  // runtime-built keys (`segment.${segment}`) included.
  // "Every fi key is used" is test/build/locale-unused.test.ts (venue-map so far).
});
