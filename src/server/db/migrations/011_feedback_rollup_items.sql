-- Insights roll-up, one row per item (issue 9 performance): replaces feedback_rollup (004), which
-- had a row per score, so a year of the national comparison regrouped ~32,000 rows on every
-- uncached request. Here a row holds the whole distribution of one item in one cell
-- (month × organisation × service × respondent × questionnaire version): "does not apply" and
-- the five score counts side by side, and item '' carries the number of answers in `answers`.
-- Same rules as before: built once per closed month (Europe/Helsinki) by feedback/insights.ts
-- (feedback_rollup_months says which months are in), the current month is always counted live,
-- and deleting rows from feedback makes it stale: DELETE FROM feedback_rollup_months to recompute.
DROP TABLE feedback_rollup;
-- The months recorded so far were rolled up into the dropped table: recompute them into this one.
DELETE FROM feedback_rollup_months;

CREATE TABLE feedback_rollup_items (
  month            date NOT NULL,
  organisation_id  text NOT NULL,
  service_id       text NOT NULL,
  service_type     text NOT NULL,
  kind             text NOT NULL,          -- 'customer' or 'staff'
  questionnaire_id text NOT NULL,
  version          integer NOT NULL,
  item             text NOT NULL,          -- '' is the row of the cell's number of answers
  answers          integer NOT NULL,       -- item '': answers in the cell; otherwise 0
  na               integer NOT NULL,       -- "does not apply"
  s1               integer NOT NULL,
  s2               integer NOT NULL,
  s3               integer NOT NULL,
  s4               integer NOT NULL,
  s5               integer NOT NULL,
  PRIMARY KEY (organisation_id, questionnaire_id, month, service_id, kind, version, item)
);
-- The national comparison: every organisation's customer answers of one questionnaire over a period.
CREATE INDEX feedback_rollup_items_national_idx ON feedback_rollup_items (questionnaire_id, kind, month);
