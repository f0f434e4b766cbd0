import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleArticles } from '../../src/server/chat/kb-seed.js';

test('knowledge-base articles from the rule packs are layered like the explorer: a city override keeps the national deadline unit', () => {
  for (const pack of ['city-demo-kaupunki', undefined]) {
    const articles = ruleArticles(pack);
    assert.ok(articles.length >= 30, `${pack}: ${articles.length} articles`);
    for (const a of articles) {
      assert.doesNotMatch(a.body, /undefined|\[object/, `${a.slug} (${a.language}) has an unfilled part`);
      if (a.language === 'fi') assert.doesNotMatch(a.source, /rule pack/, `${a.slug}: the source note is in the article's language`);
    }
  }
  const noise = ruleArticles('city-demo-kaupunki').find((a) => a.language === 'fi' && /Melu/.test(a.title));
  assert.match(noise?.body ?? '', /Määräaika: 14 vuorokautta ennen\./);
});
