/**
 * The answer knowledge base: full-text search with the language's own PostgreSQL text-search
 * configuration (finnish, swedish, english; simple for Sámi), every word a prefix so that
 * suggestions follow typing; a trigram fallback (pg_trgm word similarity) for typos and for
 * Finnish word forms the stemmer misses. Only published articles are found; each result says
 * whether it was reviewed. Officials save answers as drafts; another official publishes them.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/index.js';

export type KbLanguage = 'fi' | 'sv' | 'en' | 'se';
const CONFIG: Record<KbLanguage, string> = { fi: 'finnish', sv: 'swedish', en: 'english', se: 'simple' };
/** Where a language's reader is sent when nothing in their language matches. */
const FALLBACK: Record<KbLanguage, KbLanguage[]> = { fi: ['fi'], sv: ['sv'], en: ['en', 'fi'], se: ['se', 'fi'] };

export interface ArticleRow {
  id: string;
  slug: string;
  language: KbLanguage;
  plain: boolean;
  topic: string;
  title: string;
  body: string;
  source: string | null;
  status: 'draft' | 'published';
  review: 'reviewed' | 'unreviewed';
  created_by: string | null;
  reviewed_by: string | null;
  updated_at: Date | string;
}

export interface Article {
  id: string;
  slug: string;
  language: KbLanguage;
  plain: boolean;
  topic: string;
  title: string;
  body: string;
  source?: string;
  status: 'draft' | 'published';
  review: 'reviewed' | 'unreviewed';
  createdBy?: string;
  reviewedBy?: string;
  updatedAt: string;
  match?: 'fulltext' | 'fuzzy';
}

export const toArticle = (r: ArticleRow, match?: 'fulltext' | 'fuzzy'): Article => ({
  id: r.id,
  slug: r.slug,
  language: r.language,
  plain: r.plain,
  topic: r.topic,
  title: r.title,
  body: r.body,
  ...(r.source ? { source: r.source } : {}),
  status: r.status,
  review: r.review,
  ...(r.created_by ? { createdBy: r.created_by } : {}),
  ...(r.reviewed_by ? { reviewedBy: r.reviewed_by } : {}),
  updatedAt: new Date(r.updated_at).toISOString(),
  ...(match ? { match } : {}),
});

/** How many full-text matches are ranked at most. */
const CANDIDATES = 200;
const COLUMNS = 'id, slug, language, plain, topic, title, body, source, status, review, created_by, reviewed_by, updated_at';

/** Words of a query: letters and digits only (so nothing can reach tsquery syntax), at most 8. */
export function queryWords(q: string): string[] {
  const words =
    q
      .normalize('NFC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => w.length >= 2 && w.length <= 40))].slice(0, 8);
}

export class KnowledgeBase {
  constructor(private readonly db: Queryable) {}

  /** Up to `limit` published articles matching `q` in `language` (or its fallback), one per slug. */
  async search(organisation: string, q: string, language: KbLanguage, plain: boolean, limit: number): Promise<Article[]> {
    const words = queryWords(q);
    if (!words.length) return [];
    for (const lang of FALLBACK[language]) {
      const wantPlain = plain && lang === 'fi';
      for (const op of [' & ', ' | ']) {
        if (op === ' | ' && words.length === 1) continue;
        const tsq = words.map((w) => `${w}:*`).join(op);
        const rows = await this.fulltext(organisation, lang, tsq, wantPlain, limit);
        if (rows.length) return rows.map((r) => toArticle(r, 'fulltext'));
      }
      // Fuzzy: each word of 4+ letters → the closest known words of the published articles
      // (pg_trgm similarity on kb_words, a small table), which then go through the full-text search.
      const fuzzy = words.filter((w) => w.length >= 4);
      if (!fuzzy.length) continue;
      const similar = (
        await this.db.query<{ word: string }>(
          `SELECT DISTINCT ON (q) q, k.word FROM unnest($3::text[]) q
           CROSS JOIN LATERAL (SELECT word FROM kb_words WHERE organisation_id = $1 AND language = $2 AND word % q
                               ORDER BY similarity(word, q) DESC, word LIMIT 2) k`,
          [organisation, lang, fuzzy],
        )
      ).rows.map((r) => r.word);
      const known = queryWords(similar.join(' '));
      if (!known.length) continue;
      const rows = await this.fulltext(organisation, lang, known.join(' | '), wantPlain, limit);
      if (rows.length) return rows.map((r) => toArticle(r, 'fuzzy'));
    }
    return [];
  }

  /**
   * Published articles matching the tsquery `tsq` (built from queryWords only), best first, one
   * per slug. At most CANDIDATES matches are ranked, so a word that is in every article costs
   * the same as a rare one.
   */
  private async fulltext(organisation: string, lang: KbLanguage, tsq: string, plain: boolean, limit: number): Promise<ArticleRow[]> {
    return (
      await this.db.query<ArticleRow>(
        `SELECT ${COLUMNS} FROM (
           SELECT DISTINCT ON (c.slug) c.*, ts_rank(c.tsv, q) AS rank
           FROM (SELECT a.* FROM kb_articles a, to_tsquery($4::regconfig, $3) q0
                 WHERE a.organisation_id = $1 AND a.language = $2 AND a.status = 'published' AND a.tsv @@ q0
                 LIMIT ${CANDIDATES}) c, to_tsquery($4::regconfig, $3) q
           ORDER BY c.slug, (c.plain = $5) DESC, rank DESC
         ) t ORDER BY rank DESC, slug LIMIT $6`,
        [organisation, lang, tsq, CONFIG[lang], plain, limit],
      )
    ).rows;
  }

  /** Adds the words of published articles to kb_words (the fuzzy fallback's vocabulary). */
  async indexWords(organisation: string, language: KbLanguage, text: string): Promise<void> {
    const words = (
      text
        .normalize('NFC')
        .toLowerCase()
        .match(/[\p{L}\p{N}]+/gu) ?? []
    ).filter((w) => w.length >= 4 && w.length <= 40);
    if (!words.length) return;
    await this.db.query(
      `INSERT INTO kb_words (organisation_id, language, word) SELECT $1, $2, w FROM unnest($3::text[]) w ON CONFLICT DO NOTHING`,
      [organisation, language, [...new Set(words)]],
    );
  }

  async list(organisation: string, status: 'draft' | 'published', limit: number): Promise<Article[]> {
    const rows = (
      await this.db.query<ArticleRow>(
        `SELECT ${COLUMNS} FROM kb_articles WHERE organisation_id = $1 AND status = $2 ORDER BY updated_at DESC, id LIMIT $3`,
        [organisation, status, limit],
      )
    ).rows;
    return rows.map((r) => toArticle(r));
  }

  async createDraft(
    organisation: string,
    a: { language: KbLanguage; topic: string; title: string; body: string; createdBy: string; fromConversation?: string | undefined },
  ): Promise<Article> {
    const id = randomUUID();
    const row = (
      await this.db.query<ArticleRow>(
        `INSERT INTO kb_articles (id, organisation_id, slug, language, plain, topic, title, body, status, review, created_by, from_conversation)
         VALUES ($1, $2, $3, $4, false, $5, $6, $7, 'draft', 'unreviewed', $8, $9) RETURNING ${COLUMNS}`,
        [id, organisation, `answer-${id}`, a.language, a.topic, a.title, a.body, a.createdBy, a.fromConversation ?? null],
      )
    ).rows[0];
    if (!row) throw new Error('the draft was not stored');
    return toArticle(row);
  }

  /**
   * Publishes a draft as reviewed by `reviewer`. Null when there is no such draft; 'self' when
   * the reviewer wrote it (another official must review).
   */
  async publish(
    organisation: string,
    id: string,
    reviewer: string,
    edits: { title?: string | undefined; body?: string | undefined },
  ): Promise<Article | null | 'self'> {
    const current = (
      await this.db.query<{ created_by: string | null }>(
        `SELECT created_by FROM kb_articles WHERE organisation_id = $1 AND id = $2 AND status = 'draft'`,
        [organisation, id],
      )
    ).rows[0];
    if (!current) return null;
    if (current.created_by === reviewer) return 'self';
    const row = (
      await this.db.query<ArticleRow>(
        `UPDATE kb_articles SET status = 'published', review = 'reviewed', reviewed_by = $3, published_at = now(), updated_at = now(),
           title = coalesce($4, title), body = coalesce($5, body)
         WHERE organisation_id = $1 AND id = $2 AND status = 'draft' RETURNING ${COLUMNS}`,
        [organisation, id, reviewer, edits.title ?? null, edits.body ?? null],
      )
    ).rows[0];
    if (!row) return null;
    await this.indexWords(organisation, row.language, `${row.title} ${row.body}`);
    return toArticle(row);
  }
}
