/**
 * Seeds the chat knowledge base for every organisation with a chat desk: the hand-written
 * articles (src/data/knowledge-base/articles.json) and one article per rule of the events
 * rule packs (the national pack layered with the organisation's own), in fi, sv and en, plus
 * plain Finnish and Northern Sámi for a few (review: unreviewed). Rules whose text names an
 * authority that no longer exists (AVI, ELY, Valvira ceased 1.1.2026) are left to the
 * hand-written articles, and so is a rule that has a hand-written article of its own (slug X
 * for rule X). An article an official has touched (created or reviewed) is kept as it is, so
 * their work survives a restart; a seeded article nobody touched follows the seed's text (a
 * fix to the seed, such as the "Määräaika: 14 undefined" of 704dad9, reaches old databases).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Queryable } from '../db/index.js';
import { loadDesks } from './desks.js';
import { deepMerge } from '../../shared/permit-engine/resolve.js';
import { KnowledgeBase } from './kb.js';

export const KB_DATA_DIR = fileURLToPath(new URL('../../data/knowledge-base/', import.meta.url));
const PACK_DIR = fileURLToPath(new URL('../../data/rule-packs/', import.meta.url));

type Texts = Record<string, string | undefined>;
interface Rule {
  id: string;
  authority?: string;
  title?: Texts;
  summary?: Texts;
  legalBasis?: { reference?: string; text?: Texts };
  deadline?: { amount: number; unit: string; basis?: string };
}
interface Pack {
  id: string;
  version: string;
  rules: Rule[];
  authorities?: { id: string; name: Texts }[];
}
export interface SeedArticle {
  slug: string;
  topic: string;
  language: 'fi' | 'sv' | 'en' | 'se';
  plain: boolean;
  title: string;
  body: string;
  source: string;
  review: 'reviewed' | 'unreviewed';
}

const OUTDATED = /aluehallintoviras|\bAVI\b|\bELY\b|Valvira|regionförvaltningsverk|\bNTM\b|\bRFV\b/;
const TOPIC_OF_AUTHORITY: Record<string, string> = {
  rescue: 'rescue',
  'municipal-food-control': 'food',
  'municipal-environment': 'environment',
};
/** Rules that also get plain-Finnish and Sámi articles (a few, as the issue asks). */
const WITH_PLAIN_AND_SAMI = new Set(['police-public-event-notice', 'rescue-plan', 'consumer-fireworks-notice', 'noise-notification']);

const LABEL = {
  fi: {
    authority: 'Viranomainen',
    deadline: 'Määräaika',
    days: 'vuorokautta ennen',
    workingDays: 'arkipäivää ennen',
    hours: 'tuntia ennen',
    rec: '(suositus)',
    pack: 'Luukun sääntöpaketti',
  },
  sv: {
    authority: 'Myndighet',
    deadline: 'Tidsfrist',
    days: 'dygn i förväg',
    workingDays: 'vardagar i förväg',
    hours: 'timmar i förväg',
    rec: '(rekommendation)',
    pack: 'Luukkus regelpaket',
  },
  en: {
    authority: 'Authority',
    deadline: 'Deadline',
    days: 'days before',
    workingDays: 'working days before',
    hours: 'hours before',
    rec: '(recommended)',
    pack: 'Luukku rule pack',
  },
  se: {
    authority: 'Eiseváldi',
    deadline: 'Áigemearri',
    days: 'beaivvi ovdal',
    workingDays: 'bargobeaivvi ovdal',
    hours: 'diimmu ovdal',
    rec: '',
    pack: 'Luukku njuolggadusbáhkka',
  },
} as const;

function readPack(id: string): Pack | undefined {
  try {
    return JSON.parse(readFileSync(`${PACK_DIR}${id}.json`, 'utf8')) as Pack;
  } catch {
    return undefined;
  }
}

/** The events rules an organisation's explorer shows: the national pack, the organisation's pack over it. */
function rulesFor(packId: string | undefined): { rules: Rule[]; authorities: Map<string, Texts>; label: string } {
  const national = readPack('fi-events');
  const own = packId && packId !== 'fi-events' ? readPack(packId) : undefined;
  const rules = new Map<string, Rule>();
  const authorities = new Map<string, Texts>();
  for (const pack of [national, own]) {
    for (const a of pack?.authorities ?? []) authorities.set(a.id, { ...authorities.get(a.id), ...a.name });
    // Layered as the explorer layers them (deep merge): a city's `deadline: { amount: 14 }` keeps the national unit.
    for (const r of pack?.rules ?? []) {
      if ((r as { disabled?: boolean }).disabled) rules.delete(r.id);
      else rules.set(r.id, deepMerge(rules.get(r.id), r) as Rule);
    }
  }
  const label = [national, own]
    .filter((p): p is Pack => p !== undefined)
    .map((p) => `${p.id} ${p.version}`)
    .join(' + ');
  return { rules: [...rules.values()], authorities, label };
}

export function ruleArticles(packId: string | undefined): SeedArticle[] {
  const { rules, authorities, label } = rulesFor(packId);
  const out: SeedArticle[] = [];
  for (const rule of rules) {
    if (!rule.title || !rule.summary) continue;
    if (OUTDATED.test(JSON.stringify(rule))) continue;
    const variants: { key: string; language: SeedArticle['language']; plain: boolean; labels: keyof typeof LABEL }[] = [
      { key: 'fi', language: 'fi', plain: false, labels: 'fi' },
      { key: 'sv', language: 'sv', plain: false, labels: 'sv' },
      { key: 'en', language: 'en', plain: false, labels: 'en' },
    ];
    if (WITH_PLAIN_AND_SAMI.has(rule.id)) {
      variants.push(
        { key: 'fi-plain', language: 'fi', plain: true, labels: 'fi' },
        { key: 'se', language: 'se', plain: false, labels: 'se' },
      );
    }
    for (const v of variants) {
      const title = rule.title[v.key];
      const summary = rule.summary[v.key];
      if (!title || !summary) continue;
      const l = LABEL[v.labels];
      const parts = [summary];
      const basis = rule.legalBasis?.text?.[v.key];
      if (basis) parts.push(basis);
      const authority = rule.authority ? (authorities.get(rule.authority)?.[v.key] ?? authorities.get(rule.authority)?.fi) : undefined;
      if (authority) parts.push(`${l.authority}: ${authority}.`);
      if (rule.deadline) {
        const unit = (l as Record<string, string | undefined>)[rule.deadline.unit] ?? rule.deadline.unit;
        parts.push(`${l.deadline}: ${rule.deadline.amount} ${unit}${rule.deadline.basis === 'recommended' && l.rec ? ' ' + l.rec : ''}.`);
      }
      out.push({
        slug: `rule-${rule.id}`,
        topic: TOPIC_OF_AUTHORITY[rule.authority ?? ''] ?? 'events',
        language: v.language,
        plain: v.plain,
        title: title.slice(0, 200),
        body: parts.join('\n\n').slice(0, 8000),
        source: [rule.legalBasis?.reference, `${l.pack} ${label}`].filter(Boolean).join('; '),
        review: v.plain || v.language === 'se' ? 'unreviewed' : 'reviewed',
      });
    }
  }
  return out;
}

interface ArticlesFile {
  articles: { slug: string; topic: string; source: string; texts: Record<string, { title: string; body: string }> }[];
}

export function handWrittenArticles(dir = KB_DATA_DIR): SeedArticle[] {
  const file = JSON.parse(readFileSync(`${dir}articles.json`, 'utf8')) as ArticlesFile;
  const out: SeedArticle[] = [];
  for (const a of file.articles) {
    for (const [key, t] of Object.entries(a.texts)) {
      const plain = key === 'fi-plain';
      const language = (plain ? 'fi' : key) as SeedArticle['language'];
      out.push({
        slug: a.slug,
        topic: a.topic,
        language,
        plain,
        title: t.title,
        body: t.body,
        source: a.source,
        review: plain || language === 'se' ? 'unreviewed' : 'reviewed',
      });
    }
  }
  return out;
}

/** Inserts the seed articles missing for each organisation with a desk; returns how many were inserted. */
export async function seedKnowledgeBase(tx: Queryable, dir = KB_DATA_DIR): Promise<number> {
  const desks = loadDesks(dir);
  const orgs = (
    await tx.query<{ id: string; permit_packs: Record<string, string> | null }>(
      'SELECT id, permit_packs FROM organisations WHERE id = ANY($1::text[])',
      [[...desks.organisations.keys()]],
    )
  ).rows;
  let inserted = 0;
  const hand = handWrittenArticles(dir);
  for (const org of orgs) {
    // A hand-written article on the same subject (slug X for rule X) replaces the rule's own.
    const handSlugs = new Set(hand.map((a) => a.slug));
    const articles = [...hand, ...ruleArticles(org.permit_packs?.events).filter((a) => !handSlugs.has(a.slug.replace(/^rule-/, '')))];
    const cols = 10;
    const values: unknown[] = [];
    const rows: string[] = [];
    for (const a of articles) {
      const i = values.length;
      rows.push(`(${Array.from({ length: cols }, (_, k) => `$${i + k + 1}`).join(', ')}, 'published', now())`);
      values.push(randomUUID(), org.id, a.slug, a.language, a.plain, a.topic, a.title, a.body, a.source, a.review);
    }
    if (!rows.length) continue;
    const r = await tx.query(
      `INSERT INTO kb_articles (id, organisation_id, slug, language, plain, topic, title, body, source, review, status, published_at)
       VALUES ${rows.join(', ')}
       ON CONFLICT (organisation_id, slug, language, plain) DO UPDATE
         SET title = EXCLUDED.title, body = EXCLUDED.body, source = EXCLUDED.source, updated_at = now()
         WHERE kb_articles.created_by IS NULL AND kb_articles.reviewed_by IS NULL
           AND (kb_articles.title, kb_articles.body, kb_articles.source) IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.body, EXCLUDED.source)
       RETURNING id`,
      values,
    );
    inserted += r.rows.length; // new or refreshed
    if (r.rows.length) {
      const kb = new KnowledgeBase(tx);
      for (const lang of ['fi', 'sv', 'en', 'se'] as const) {
        await kb.indexWords(
          org.id,
          lang,
          articles
            .filter((a) => a.language === lang)
            .map((a) => `${a.title} ${a.body}`)
            .join(' '),
        );
      }
    }
  }
  return inserted;
}
