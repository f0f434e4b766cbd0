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
--   - statement-level triggers on feedback and self_assessments add every inserted answer (and
--     subtract every deleted one) in the same transaction as the answer itself, so every month,
--     the current one too, is read from the roll-up and nothing acknowledged is ever missing.
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

-- What the triggers hand over: the columns of feedback and self_assessments the roll-up reads.
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
-- Scores other than 1–5 count in no score column (the API accepts only 1–5).
CREATE FUNCTION feedback_rollup_apply(p_kind text, p_sign integer, p_rows feedback_rollup_delta[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_rows IS NULL OR cardinality(p_rows) = 0 THEN
    RETURN;
  END IF;
  WITH f AS (
    SELECT r.organisation_id, r.service_id, r.questionnaire_id, r.version, r.answers, r.not_applicable,
           date_trunc('month', r.received_at AT TIME ZONE 'Europe/Helsinki')::date AS month
      FROM unnest(p_rows) AS r
  ), x AS (
    SELECT f.organisation_id, f.questionnaire_id, f.month, f.service_id, m.item, x.score
      FROM f CROSS JOIN LATERAL (
             SELECT a.key, CASE WHEN a.value IN ('1', '2', '3', '4', '5') THEN a.value::integer ELSE -1 END
               FROM jsonb_each_text(f.answers) AS a
             UNION ALL
             SELECT na.key, 0 FROM unnest(f.not_applicable) AS na(key)
           ) AS x(source, score)
      JOIN feedback_item_map m ON m.questionnaire_id = f.questionnaire_id AND m.version = f.version AND m.source = x.source
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
    -- In key order: concurrent inserts lock shared rows in the same order (no deadlock).
    INSERT INTO feedback_rollup_items AS t (organisation_id, questionnaire_id, month, service_id, kind, item, answers, na, s1, s2, s3, s4, s5)
    SELECT organisation_id, questionnaire_id, month, service_id, p_kind, item,
           p_sign * answers, p_sign * na, p_sign * s1, p_sign * s2, p_sign * s3, p_sign * s4, p_sign * s5
      FROM g ORDER BY 1, 2, 3, 4, 6
    ON CONFLICT (organisation_id, questionnaire_id, month, service_id, kind, item) DO UPDATE
       SET answers = t.answers + EXCLUDED.answers, na = t.na + EXCLUDED.na, s1 = t.s1 + EXCLUDED.s1, s2 = t.s2 + EXCLUDED.s2,
           s3 = t.s3 + EXCLUDED.s3, s4 = t.s4 + EXCLUDED.s4, s5 = t.s5 + EXCLUDED.s5
  )
  INSERT INTO feedback_rollup_national AS t (questionnaire_id, month, service_type, item, organisation_id, s1, s2, s3, s4, s5)
  SELECT x.questionnaire_id, x.month, s.type, x.item, x.organisation_id,
         p_sign * count(*) FILTER (WHERE x.score = 1), p_sign * count(*) FILTER (WHERE x.score = 2),
         p_sign * count(*) FILTER (WHERE x.score = 3), p_sign * count(*) FILTER (WHERE x.score = 4),
         p_sign * count(*) FILTER (WHERE x.score = 5)
    FROM x JOIN services s ON s.organisation_id = x.organisation_id AND s.id = x.service_id
   WHERE p_kind = 'customer' AND x.score > 0
   GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (questionnaire_id, month, service_type, item, organisation_id) DO UPDATE
     SET s1 = t.s1 + EXCLUDED.s1, s2 = t.s2 + EXCLUDED.s2, s3 = t.s3 + EXCLUDED.s3, s4 = t.s4 + EXCLUDED.s4, s5 = t.s5 + EXCLUDED.s5;
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

-- The gate between the triggers (shared: inserts do not wait for each other) and a rebuild
-- (exclusive: it waits for transactions that already counted answers and holds back new ones
-- until it commits, so no answer is counted twice or lost). The key is fixed: 0x4c75_0009.
CREATE FUNCTION feedback_rollup_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(1282736137);
  IF TG_OP = 'INSERT' THEN
    PERFORM feedback_rollup_apply(TG_ARGV[0], 1, (SELECT array_agg(ROW(organisation_id, service_id, questionnaire_id,
      questionnaire_version, received_at, answers, not_applicable)::feedback_rollup_delta) FROM new_rows));
  ELSE
    PERFORM feedback_rollup_apply(TG_ARGV[0], -1, (SELECT array_agg(ROW(organisation_id, service_id, questionnaire_id,
      questionnaire_version, received_at, answers, not_applicable)::feedback_rollup_delta) FROM old_rows));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER feedback_rollup_insert AFTER INSERT ON feedback REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION feedback_rollup_trigger('customer');
CREATE TRIGGER feedback_rollup_delete AFTER DELETE ON feedback REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION feedback_rollup_trigger('customer');
CREATE TRIGGER self_assessments_rollup_insert AFTER INSERT ON self_assessments REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION feedback_rollup_trigger('staff');
CREATE TRIGGER self_assessments_rollup_delete AFTER DELETE ON self_assessments REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION feedback_rollup_trigger('staff');

-- Recomputes the given months (those not yet listed in feedback_rollup_months; the others are
-- exact already) from the answers, and lists them. Returns the months it recomputed.
CREATE FUNCTION feedback_rollup_rebuild(p_months date[]) RETURNS SETOF date
LANGUAGE plpgsql AS $$
DECLARE
  claimed date[];
BEGIN
  PERFORM pg_advisory_xact_lock(1282736137);
  WITH c AS (
    INSERT INTO feedback_rollup_months (month) SELECT DISTINCT date_trunc('month', m)::date FROM unnest(p_months) AS m
    ON CONFLICT DO NOTHING RETURNING month
  ) SELECT array_agg(month) INTO claimed FROM c;
  IF claimed IS NULL THEN
    RETURN;
  END IF;
  DELETE FROM feedback_rollup_items WHERE month = ANY (claimed);
  DELETE FROM feedback_rollup_national WHERE month = ANY (claimed);
  PERFORM feedback_rollup_apply('customer', 1, (
    SELECT array_agg(ROW(organisation_id, service_id, questionnaire_id, questionnaire_version, received_at, answers,
                         not_applicable)::feedback_rollup_delta)
      FROM feedback
     WHERE received_at >= (SELECT min(m) FROM unnest(claimed) AS m)::timestamp AT TIME ZONE 'Europe/Helsinki'
       AND received_at < ((SELECT max(m) FROM unnest(claimed) AS m) + interval '1 month')::timestamp AT TIME ZONE 'Europe/Helsinki'
       AND date_trunc('month', received_at AT TIME ZONE 'Europe/Helsinki')::date = ANY (claimed)));
  PERFORM feedback_rollup_apply('staff', 1, (
    SELECT array_agg(ROW(organisation_id, service_id, questionnaire_id, questionnaire_version, received_at, answers,
                         not_applicable)::feedback_rollup_delta)
      FROM self_assessments
     WHERE received_at >= (SELECT min(m) FROM unnest(claimed) AS m)::timestamp AT TIME ZONE 'Europe/Helsinki'
       AND received_at < ((SELECT max(m) FROM unnest(claimed) AS m) + interval '1 month')::timestamp AT TIME ZONE 'Europe/Helsinki'
       AND date_trunc('month', received_at AT TIME ZONE 'Europe/Helsinki')::date = ANY (claimed)));
  RETURN QUERY SELECT unnest(claimed);
END $$;
