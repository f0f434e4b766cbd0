-- Feedback v2 (issue 9): "does not apply to me" answers, staff task feedback, contact requests
-- an official marks handled, and the indexes the insights aggregations use.

-- Question ids the respondent marked "does not apply to me" (never also in `answers`).
ALTER TABLE feedback ADD COLUMN not_applicable text[] NOT NULL DEFAULT '{}';
-- When an official marked the contact request handled (NULL: still waiting; only rows with a contact).
ALTER TABLE feedback ADD COLUMN contact_handled_at timestamptz;

ALTER TABLE self_assessments ADD COLUMN not_applicable text[] NOT NULL DEFAULT '{}';
-- Staff task feedback: {"deviation": bool, "nearMiss": bool, "observations": text}; free text masked for personal data.
ALTER TABLE self_assessments ADD COLUMN task_feedback jsonb;

-- The national comparison reads every organisation's answers of one questionnaire over a period.
CREATE INDEX feedback_questionnaire_received_idx ON feedback (questionnaire_id, received_at);
-- Contact requests still waiting, per organisation, oldest first.
CREATE INDEX feedback_contact_waiting_idx ON feedback (organisation_id, received_at)
  WHERE contact IS NOT NULL AND contact_handled_at IS NULL;

-- Monthly roll-up of closed months (Europe/Helsinki) for the insights aggregations. received_at is
-- always the server's now(), so a month that has ended never changes; its counts are computed once
-- (feedback/insights.ts, on the first request that needs them) and read from here. The current
-- month is always counted live. item '' is the number of answers; score 0 is "does not apply".
-- Deleting rows from feedback makes the roll-up stale: DELETE FROM feedback_rollup_months to recompute.
CREATE TABLE feedback_rollup (
  month            date NOT NULL,
  organisation_id  text NOT NULL,
  service_id       text NOT NULL,
  service_type     text NOT NULL,
  kind             text NOT NULL,          -- 'customer' or 'staff'
  questionnaire_id text NOT NULL,
  version          integer NOT NULL,
  item             text NOT NULL,
  score            smallint NOT NULL,
  n                integer NOT NULL,
  PRIMARY KEY (organisation_id, month, service_id, kind, questionnaire_id, version, item, score)
);
CREATE INDEX feedback_rollup_month_idx ON feedback_rollup (questionnaire_id, month);
CREATE TABLE feedback_rollup_months (
  month       date PRIMARY KEY,
  computed_at timestamptz NOT NULL DEFAULT now()
);
