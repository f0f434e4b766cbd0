-- Insights roll-up kept up to date on every insert and delete (issue 9 performance).
--
-- 011's roll-up held one row per stored item and questionnaire version; every request joined it
-- with the version mapping and regrouped it (the national comparison: two sorts on text keys,
-- ~60 ms uncached on PostgreSQL), and the current month was counted by expanding the answers'
-- JSON on every request. Here:
--   - feedback_item_map: the version mapping (which stored answer key counts in which reported
--     item), written by feedback/rollup.ts from the questionnaires whenever it changes;
--   - feedback_rollup_items: one row per (organisation, questionnaire, month, service, respondent,
--     reported item), the mapping already applied, so the per-organisation view reads its rows as
--     they are; item '' carries the number of answers;
--   - feedback_rollup_national: customer score counts per (questionnaire, month, service type,
--     reported item, organisation), the national comparison's only input: one GROUP BY over it;
--   - statement-level triggers on feedback and self_assessments: an insert queues the answers'
--     ids in feedback_rollup_pending (same transaction as the answer, so nothing acknowledged is
--     ever missed; no shared row, so concurrent inserts do not wait for each other), a delete
--     subtracts them; a reader takes the queue in (feedback_rollup_merge: only the answers since
--     the last read are expanded) before it reads, so every month, the current one too, is read
--     from the roll-up.
-- feedback_rollup_months lists the months whose rows are exact: a month not in it (after this
-- migration, or after DELETE FROM feedback_rollup_months) is recomputed from the answers once, by
-- feedback_rollup_rebuild under the exclusive gate lock, on the first request or at seed.
-- Item, type and organisation keys use the "C" collation: the grouping never needs a
-- locale-aware comparison.
DROP TABLE feedback_rollup_items;
DELETE FROM feedback_rollup_months;

CREATE TABLE feedback_item_map (
  questionnaire_id text NOT NULL,
  version          integer NOT NULL,
  source           text COLLATE "C" NOT NULL,  -- the answer key stored in that version
  item             text COLLATE "C" NOT NULL,  -- the item it is reported in
  PRIMARY KEY (questionnaire_id, version, source)
);

CREATE TABLE feedback_rollup_items (
  organisation_id  text NOT NULL,
  questionnaire_id text NOT NULL,
  month            date NOT NULL,              -- first day of the Europe/Helsinki month
  service_id       text NOT NULL,
  kind             text NOT NULL,              -- 'customer' or 'staff'
  item             text COLLATE "C" NOT NULL,  -- reported item; '' is the row of the cell's number of answers
  answers          integer NOT NULL,           -- item '': answers in the cell; otherwise 0
  na               integer NOT NULL,           -- "does not apply"
  s1               integer NOT NULL,
  s2               integer NOT NULL,
  s3               integer NOT NULL,
  s4               integer NOT NULL,
  s5               integer NOT NULL,
  PRIMARY KEY (organisation_id, questionnaire_id, month, service_id, kind, item)
);

CREATE TABLE feedback_rollup_national (
  questionnaire_id text NOT NULL,
  month            date NOT NULL,
  service_type     text COLLATE "C" NOT NULL,
  item             text COLLATE "C" NOT NULL,
  organisation_id  text COLLATE "C" NOT NULL,
  s1               integer NOT NULL,
  s2               integer NOT NULL,
  s3               integer NOT NULL,
  s4               integer NOT NULL,
  s5               integer NOT NULL,
  PRIMARY KEY (questionnaire_id, month, service_type, item, organisation_id)
);

-- What the delete trigger hands over: the columns of feedback and self_assessments the roll-up reads.
CREATE TYPE feedback_rollup_delta AS (
  organisation_id  text,
  service_id       text,
  questionnaire_id text,
  version          integer,
  received_at      timestamptz,
  answers          jsonb,
  not_applicable   text[]
);

-- Adds (sign 1) or subtracts (sign -1) answers of one respondent kind in both roll-up tables.
-- p_source is a query of the columns of feedback_rollup_delta, in that order; it may read $3
-- (p_rows), $4 (p_ids) and $5 (p_months). Scores other than 1–5 count in no score column (the API
-- accepts only 1–5). The national rows are summed from the grouped items, not from the answers again.
CREATE FUNCTION feedback_rollup_apply(p_kind text, p_sign integer, p_source text, p_rows feedback_rollup_delta[] DEFAULT NULL,
                                      p_ids uuid[] DEFAULT NULL, p_months date[] DEFAULT NULL) RETURNS void
-- A rebuild groups a year of expanded answers (~270,000 rows): in memory, not in sorted runs on disk.
LANGUAGE plpgsql SET work_mem = '64MB' AS $$
BEGIN
  EXECUTE format($sql$
  WITH f AS (
    SELECT r.organisation_id, r.service_id, r.questionnaire_id, r.version, r.answers, r.not_applicable,
           date_trunc('month', r.received_at AT TIME ZONE 'Europe/Helsinki')::date AS month
      FROM (%s) AS r (organisation_id, service_id, questionnaire_id, version, received_at, answers, not_applicable)
  ), e AS MATERIALIZED (
    -- Each answer expanded once (not planned as a loop over the mapping's entries).
    SELECT f.organisation_id, f.questionnaire_id, f.version, f.month, f.service_id, x.source, x.score
      FROM f CROSS JOIN LATERAL (
             SELECT a.key, CASE WHEN a.value IN ('1', '2', '3', '4', '5') THEN a.value::integer ELSE -1 END
               FROM jsonb_each_text(f.answers) AS a
             UNION ALL
             SELECT na.key, 0 FROM unnest(f.not_applicable) AS na(key)
           ) AS x(source, score)
  ), x AS (
    SELECT e.organisation_id, e.questionnaire_id, e.month, e.service_id, m.item, e.score
      FROM e JOIN feedback_item_map m ON m.questionnaire_id = e.questionnaire_id AND m.version = e.version AND m.source = e.source
  ), g AS (
    SELECT organisation_id, questionnaire_id, month, service_id, ''::text AS item, count(*)::int AS answers,
           0 AS na, 0 AS s1, 0 AS s2, 0 AS s3, 0 AS s4, 0 AS s5
      FROM f GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT organisation_id, questionnaire_id, month, service_id, item, 0,
           count(*) FILTER (WHERE score = 0)::int, count(*) FILTER (WHERE score = 1)::int, count(*) FILTER (WHERE score = 2)::int,
           count(*) FILTER (WHERE score = 3)::int, count(*) FILTER (WHERE score = 4)::int, count(*) FILTER (WHERE score = 5)::int
      FROM x GROUP BY 1, 2, 3, 4, 5
  ), items AS (
    -- In key order: concurrent writers lock shared rows in the same order (no deadlock).
    INSERT INTO feedback_rollup_items AS t (organisation_id, questionnaire_id, month, service_id, kind, item, answers, na, s1, s2, s3, s4, s5)
    SELECT organisation_id, questionnaire_id, month, service_id, $1, item,
           $2 * answers, $2 * na, $2 * s1, $2 * s2, $2 * s3, $2 * s4, $2 * s5
      FROM g ORDER BY 1, 2, 3, 4, 6
    ON CONFLICT (organisation_id, questionnaire_id, month, service_id, kind, item) DO UPDATE
       SET answers = t.answers + EXCLUDED.answers, na = t.na + EXCLUDED.na, s1 = t.s1 + EXCLUDED.s1, s2 = t.s2 + EXCLUDED.s2,
           s3 = t.s3 + EXCLUDED.s3, s4 = t.s4 + EXCLUDED.s4, s5 = t.s5 + EXCLUDED.s5
  )
  INSERT INTO feedback_rollup_national AS t (questionnaire_id, month, service_type, item, organisation_id, s1, s2, s3, s4, s5)
  SELECT g.questionnaire_id, g.month, s.type, g.item, g.organisation_id,
         $2 * sum(g.s1)::int, $2 * sum(g.s2)::int, $2 * sum(g.s3)::int, $2 * sum(g.s4)::int, $2 * sum(g.s5)::int
    FROM g JOIN services s ON s.organisation_id = g.organisation_id AND s.id = g.service_id
   WHERE $1 = 'customer' AND g.item <> '' AND g.s1 + g.s2 + g.s3 + g.s4 + g.s5 > 0
   GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (questionnaire_id, month, service_type, item, organisation_id) DO UPDATE
     SET s1 = t.s1 + EXCLUDED.s1, s2 = t.s2 + EXCLUDED.s2, s3 = t.s3 + EXCLUDED.s3, s4 = t.s4 + EXCLUDED.s4, s5 = t.s5 + EXCLUDED.s5
  $sql$, p_source) USING p_kind, p_sign, p_rows, p_ids, p_months;
  IF p_sign < 0 THEN
    -- Rows that count nothing any more go (a group with no answers is not a group of zero answers).
    DELETE FROM feedback_rollup_items t
     USING (SELECT DISTINCT organisation_id, questionnaire_id, date_trunc('month', received_at AT TIME ZONE 'Europe/Helsinki')::date AS month
              FROM unnest(p_rows)) AS d
     WHERE t.organisation_id = d.organisation_id AND t.questionnaire_id = d.questionnaire_id AND t.month = d.month
       AND t.answers = 0 AND t.na = 0 AND t.s1 = 0 AND t.s2 = 0 AND t.s3 = 0 AND t.s4 = 0 AND t.s5 = 0;
    DELETE FROM feedback_rollup_national t
     USING (SELECT DISTINCT questionnaire_id, date_trunc('month', received_at AT TIME ZONE 'Europe/Helsinki')::date AS month
              FROM unnest(p_rows)) AS d
     WHERE t.questionnaire_id = d.questionnaire_id AND t.month = d.month
       AND t.s1 = 0 AND t.s2 = 0 AND t.s3 = 0 AND t.s4 = 0 AND t.s5 = 0;
  END IF;
END $$;

-- The source query of feedback_rollup_apply over table `tbl` (feedback or self_assessments) and a `condition` on it (alias f).
CREATE FUNCTION feedback_rollup_source(tbl text, condition text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT format('SELECT f.organisation_id, f.service_id, f.questionnaire_id, f.questionnaire_version, f.received_at, f.answers,'
                ' f.not_applicable FROM %I AS f WHERE %s', tbl, condition)
$$;

-- Answers inserted since the roll-up last took them in (one narrow row per answer, written by
-- the insert trigger in the answer's own transaction; nothing is expanded on the insert path and
-- concurrent inserts share no row). Readers take them in first (feedback_rollup_merge).
CREATE TABLE feedback_rollup_pending (
  kind  text NOT NULL,  -- 'customer' (feedback) or 'staff' (self_assessments)
  id    uuid NOT NULL,
  month date NOT NULL,
  PRIMARY KEY (kind, id)
);

-- The queue is also the gate: a merge or a delete (ROW EXCLUSIVE on it: they do not wait for each
-- other) against a rebuild or a new mapping (EXCLUSIVE: it waits for them, and for inserts still
-- open, and holds them back until it commits), so no answer is counted twice or lost.
CREATE FUNCTION feedback_rollup_rows_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  gone uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO feedback_rollup_pending (kind, id, month)
    SELECT TG_ARGV[0], id, date_trunc('month', received_at AT TIME ZONE 'Europe/Helsinki')::date FROM new_rows;
    RETURN NULL;
  END IF;
  -- A deleted answer still queued was never counted: it only leaves the queue.
  WITH p AS (
    DELETE FROM feedback_rollup_pending WHERE kind = TG_ARGV[0] AND id IN (SELECT id FROM old_rows) RETURNING id
  ) SELECT array_agg(id) INTO gone FROM p;
  PERFORM feedback_rollup_apply(TG_ARGV[0], -1, 'SELECT * FROM unnest($3)', (
    SELECT array_agg(ROW(organisation_id, service_id, questionnaire_id, questionnaire_version, received_at, answers,
                         not_applicable)::feedback_rollup_delta)
      FROM old_rows WHERE gone IS NULL OR id <> ALL (gone)));
  RETURN NULL;
END $$;

CREATE TRIGGER feedback_rollup_insert AFTER INSERT ON feedback REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION feedback_rollup_rows_trigger('customer');
CREATE TRIGGER feedback_rollup_delete AFTER DELETE ON feedback REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION feedback_rollup_rows_trigger('customer');
CREATE TRIGGER self_assessments_rollup_insert AFTER INSERT ON self_assessments REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION feedback_rollup_rows_trigger('staff');
CREATE TRIGGER self_assessments_rollup_delete AFTER DELETE ON self_assessments REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION feedback_rollup_rows_trigger('staff');

-- Takes the queued answers into the roll-up (each by exactly one caller: the DELETE claims
-- them). Returns how many it took.
CREATE FUNCTION feedback_rollup_merge() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  customers uuid[];
  staff uuid[];
BEGIN
  WITH p AS (DELETE FROM feedback_rollup_pending RETURNING kind, id)
  SELECT array_agg(id) FILTER (WHERE kind = 'customer'), array_agg(id) FILTER (WHERE kind = 'staff') INTO customers, staff FROM p;
  IF customers IS NOT NULL THEN
    PERFORM feedback_rollup_apply('customer', 1, feedback_rollup_source('feedback', 'f.id IN (SELECT unnest($4))'), NULL, customers);
  END IF;
  IF staff IS NOT NULL THEN
    PERFORM feedback_rollup_apply('staff', 1, feedback_rollup_source('self_assessments', 'f.id IN (SELECT unnest($4))'), NULL, staff);
  END IF;
  RETURN coalesce(cardinality(customers), 0) + coalesce(cardinality(staff), 0);
END $$;

-- What a reader calls first: takes the pending answers in and returns those of `p_months` that
-- are not exact yet (the caller rebuilds them).
CREATE FUNCTION feedback_rollup_prepare(p_months date[]) RETURNS SETOF date
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM feedback_rollup_merge();
  RETURN QUERY SELECT m FROM unnest(p_months) AS m WHERE NOT EXISTS (SELECT 1 FROM feedback_rollup_months r WHERE r.month = m);
END $$;

-- Recomputes the given months (those not yet listed in feedback_rollup_months; the others are
-- exact already) from the answers, and lists them. Returns the months it recomputed.
CREATE FUNCTION feedback_rollup_rebuild(p_months date[]) RETURNS SETOF date
LANGUAGE plpgsql AS $$
DECLARE
  claimed date[];
  months  text := $c$date_trunc('month', f.received_at AT TIME ZONE 'Europe/Helsinki')::date = ANY ($5)
    AND f.received_at >= (SELECT min(m) FROM unnest($5) AS m)::timestamp AT TIME ZONE 'Europe/Helsinki'
    AND f.received_at < ((SELECT max(m) FROM unnest($5) AS m) + interval '1 month')::timestamp AT TIME ZONE 'Europe/Helsinki'$c$;
BEGIN
  LOCK TABLE feedback_rollup_pending IN EXCLUSIVE MODE;
  WITH c AS (
    INSERT INTO feedback_rollup_months (month) SELECT DISTINCT date_trunc('month', m)::date FROM unnest(p_months) AS m
    ON CONFLICT DO NOTHING RETURNING month
  ) SELECT array_agg(month) INTO claimed FROM c;
  IF claimed IS NULL THEN
    RETURN;
  END IF;
  DELETE FROM feedback_rollup_items WHERE month = ANY (claimed);
  DELETE FROM feedback_rollup_national WHERE month = ANY (claimed);
  DELETE FROM feedback_rollup_pending WHERE month = ANY (claimed);
  PERFORM feedback_rollup_apply('customer', 1, feedback_rollup_source('feedback', months), NULL, NULL, claimed);
  PERFORM feedback_rollup_apply('staff', 1, feedback_rollup_source('self_assessments', months), NULL, NULL, claimed);
  RETURN QUERY SELECT unnest(claimed);
END $$;
