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
      const rows = await this.searchIn(organisation, lang, words, plain && lang === 'fi', limit);
      if (rows.length) return rows.map(({ match, ...r }) => toArticle(r, match));
    }
    return [];
  }

  /**
   * One language's search in one statement (one round trip): every word a prefix, all words
   * (AND); when nothing matches, any word (OR); when still nothing, the fuzzy fallback — each
   * word of 4+ letters → its closest known words (pg_trgm similarity on kb_words, a small
   * table), which then go through the full-text search. A later step runs only when the
   * earlier ones found nothing (one-time filters on NOT EXISTS). At most CANDIDATES matches
   * per step are ranked, so a word that is in every article costs the same as a rare one; one
   * article per slug, the plain-Finnish variant first when asked. The tsqueries are built
   * from queryWords and from kb_words, letters and digits only, so nothing reaches tsquery syntax.
   * The typed words' tsqueries are constants, so the planner estimates from the statistics
   * (a frequent prefix: scan until 200 rows; a rare word or a miss: the GIN index, kept without
   * a pending list by migration 010).
   */
  private async searchIn(
    organisation: string,
    lang: KbLanguage,
    words: string[],
    plain: boolean,
    limit: number,
  ): Promise<(ArticleRow & { match: 'fulltext' | 'fuzzy' })[]> {
    const all = words.map((w) => `${w}:*`).join(' & ');
    const any = words.length > 1 ? words.map((w) => `${w}:*`).join(' | ') : null;
    const fuzzy = words.filter((w) => w.length >= 4);
    const scope = `a.organisation_id = $1 AND a.language = $2 AND a.status = 'published'`;
    return (
      await this.db.query<ArticleRow & { match: 'fulltext' | 'fuzzy' }>(
        `WITH hits_a AS (SELECT a.*, ts_rank(a.tsv, to_tsquery($3::regconfig, $4)) AS rank, 'fulltext' AS match FROM kb_articles a
                    WHERE ${scope} AND a.tsv @@ to_tsquery($3::regconfig, $4) LIMIT ${CANDIDATES}),
         hits_o AS (SELECT a.*, ts_rank(a.tsv, to_tsquery($3::regconfig, $5)) AS rank, 'fulltext' AS match FROM kb_articles a
                    WHERE NOT EXISTS (SELECT 1 FROM hits_a) AND $5::text IS NOT NULL AND ${scope}
                      AND a.tsv @@ to_tsquery($3::regconfig, $5) LIMIT ${CANDIDATES}),
         near AS (SELECT DISTINCT k.word FROM unnest($6::text[]) w
                  CROSS JOIN LATERAL (SELECT word FROM kb_words
                                      WHERE organisation_id = $1 AND language = $2 AND word % w
                                      ORDER BY similarity(word, w) DESC, word LIMIT 2) k
                  WHERE NOT EXISTS (SELECT 1 FROM hits_a) AND NOT EXISTS (SELECT 1 FROM hits_o)),
         qf AS MATERIALIZED (SELECT to_tsquery($3::regconfig, string_agg(word, ' | ' ORDER BY word)) AS q FROM near),
         hits_f AS (SELECT a.*, ts_rank(a.tsv, (SELECT q FROM qf)) AS rank, 'fuzzy' AS match FROM kb_articles a
                    WHERE (SELECT q FROM qf) IS NOT NULL AND ${scope} AND a.tsv @@ (SELECT q FROM qf) LIMIT ${CANDIDATES}),
         hits AS (SELECT * FROM hits_a UNION ALL SELECT * FROM hits_o UNION ALL SELECT * FROM hits_f)
         SELECT ${COLUMNS}, match FROM (
           SELECT DISTINCT ON (slug) * FROM hits ORDER BY slug, (plain = $7) DESC, rank DESC
         ) t ORDER BY rank DESC, slug LIMIT $8`,
        [organisation, lang, CONFIG[lang], all, any, fuzzy, plain, limit],
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
